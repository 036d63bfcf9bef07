import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fx = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('input/duplicate-key', rule, {
  valid: [
    { name: 'a key next to a merge key overrides it', files: { 'web.yaml': fx('valid/merge-keys.yaml') } },
    { name: 'the same key in different mappings and documents', files: { 'api.yaml': fx('valid/same-key-in-two-mappings.yaml') } },
  ],
  invalid: [
    {
      name: 'two ports in one Service port',
      files: { 'svc.yaml': fx('invalid/duplicate-port.yaml') },
      errors: [
        {
          messageId: 'duplicateKey',
          data: { subject: 'Document 1 of svc.yaml' },
          line: 11,
          column: 7,
          endLine: 11,
          endColumn: 11,
          path: '',
          object: 'svc.yaml#0',
        },
      ],
    },
    {
      name: 'a label twice, in two mappings of one document',
      files: { 'web.yaml': fx('invalid/duplicate-labels.yaml') },
      errors: [
        { messageId: 'duplicateKey', data: { subject: 'Document 1 of web.yaml' }, line: 9, column: 5, endLine: 9, endColumn: 8 },
        { messageId: 'duplicateKey', line: 18, column: 9, endLine: 18, endColumn: 12 },
      ],
    },
  ],
});
