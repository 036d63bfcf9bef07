import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fx = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('input/invalid-yaml', rule, {
  valid: [
    { name: 'a well-formed Service', files: { 'svc.yaml': fx('valid/service.yaml') } },
    { name: 'a JSON manifest', files: { 'svc.json': fx('valid/json-manifest.yaml') } },
  ],
  invalid: [
    {
      name: 'an unclosed flow mapping',
      files: { 'svc.yaml': fx('invalid/unclosed-flow-mapping.yaml') },
      errors: [
        {
          messageId: 'invalidYaml',
          data: {
            subject: 'Document 1 of svc.yaml',
            detail: 'YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }',
          },
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 4,
          path: '',
          object: 'svc.yaml#0',
        },
      ],
    },
    {
      name: 'a tab used for indentation',
      files: { 'svc.yaml': fx('invalid/tab-indentation.yaml') },
      errors: [{ messageId: 'invalidYaml', data: { detail: 'YAML syntax error: Tabs are not allowed as indentation' }, line: 4, column: 1, endLine: 4, endColumn: 2 }],
    },
    {
      name: 'the broken document of several, named by its number',
      files: { 'all.yaml': fx('invalid/broken-second-document.yaml') },
      errors: [{ messageId: 'invalidYaml', data: { subject: 'Document 2 of all.yaml' }, line: 10, column: 1, endLine: 10, endColumn: 2, object: 'all.yaml#1' }],
    },
    {
      name: 'an alias without its anchor, in the second of two files',
      files: { 'a.yaml': fx('valid/service.yaml'), 'b.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: *meta\n' },
      errors: [
        {
          messageId: 'invalidYaml',
          data: { subject: 'Document 1 of b.yaml', detail: 'alias *meta has no anchor &meta before it' },
          line: 3,
          column: 11,
          endLine: 3,
          endColumn: 16,
          file: 'b.yaml',
        },
      ],
    },
  ],
});
