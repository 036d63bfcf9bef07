import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
spec:
  gatewayClassName: istio
  listeners:
    - name: http
      port: 80
      protocol: HTTP
`;

new RuleTester().run('gateway/class-not-found', rule, {
  valid: [
    { name: 'class in the input', files: { 'gw.yaml': fixture('valid/classes.yaml') } },
    { name: 'no GatewayClass in the input: classes live with the controller', files: { 'gw.yaml': gateway } },
  ],
  invalid: [
    {
      name: 'renamed class',
      files: { 'gw.yaml': fixture('invalid/renamed-class.yaml') },
      errors: [
        {
          messageId: 'classNotFound',
          data: { gateway: 'infra/shared', class: 'aws-vpc-lattice', classes: 'amazon-vpc-lattice, envoy' },
          path: 'spec.gatewayClassName',
          object: 'infra/Gateway/shared',
          line: 22,
          column: 21,
          endLine: 22,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'class declared in another file',
      files: { 'class.yaml': fixture('valid/classes.yaml'), 'gw.yaml': gateway },
      errors: [{ messageId: 'classNotFound', data: { class: 'istio', classes: 'amazon-vpc-lattice' }, file: 'gw.yaml', line: 7, column: 21, endLine: 7, endColumn: 26 }],
    },
  ],
});
