import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fx = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('input/not-an-object', rule, {
  valid: [
    { name: 'objects wrapped in kind: List', files: { 'list.yaml': fx('valid/list-kind.yaml') } },
    { name: 'empty documents and comments', files: { 'ns.yaml': fx('valid/empty-documents.yaml') } },
  ],
  invalid: [
    {
      name: 'a list at the top level',
      files: { 'svc.yaml': fx('invalid/top-level-list.yaml') },
      errors: [
        {
          messageId: 'notAnObject',
          data: { subject: 'Document 1 of svc.yaml', detail: 'expected a Kubernetes object (a mapping), got a sequence' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 17,
          path: '',
          object: 'svc.yaml#0',
        },
      ],
    },
    {
      name: 'text pasted after an object',
      files: { 'ns.yaml': fx('invalid/scalar-document.yaml') },
      errors: [{ messageId: 'notAnObject', data: { subject: 'Document 2 of ns.yaml' }, line: 6, column: 1, endLine: 6, endColumn: 36, object: 'ns.yaml#1' }],
    },
    {
      name: 'a List item that is not a mapping',
      files: { 'list.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - 42\n' },
      errors: [
        {
          messageId: 'notAnObject',
          data: { detail: 'List items[0]: expected a Kubernetes object (a mapping), got the number 42' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 7,
          path: 'items[0]',
        },
      ],
    },
  ],
});
