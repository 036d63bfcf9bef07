import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fx = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('input/invalid-field', rule, {
  valid: [
    { name: 'a Service the API server accepts', files: { 'svc.yaml': fx('valid/service.yaml') } },
    { name: 'a NetworkPolicy with an ipBlock and a port range', files: { 'np.yaml': fx('valid/network-policy.yaml') } },
  ],
  invalid: [
    {
      name: 'a targetPort that is neither a number nor a port name',
      files: { 'svc.yaml': fx('invalid/bad-target-port.yaml') },
      errors: [
        {
          messageId: 'invalidField',
          data: {
            subject: 'Service shop/api',
            detail: 'spec.ports[0].targetPort: "http_port" is not a port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and "-", with a letter)',
          },
          line: 11,
          column: 19,
          endLine: 11,
          endColumn: 28,
          path: 'spec.ports[0].targetPort',
          object: 'shop/Service/api',
        },
      ],
    },
    {
      name: 'a label value with a space and a label key starting with a dash',
      files: { 'ns.yaml': fx('invalid/bad-labels.yaml') },
      errors: [
        { messageId: 'invalidField', data: { subject: 'Namespace shop' }, line: 6, column: 11, endLine: 6, endColumn: 19, path: 'metadata.labels.team', object: 'Namespace/shop' },
        { messageId: 'invalidField', line: 7, column: 5, endLine: 7, endColumn: 11, path: 'metadata.labels["-owner"]' },
      ],
    },
  ],
});
