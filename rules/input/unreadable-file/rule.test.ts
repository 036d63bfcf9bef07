import { fixtureBytes, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

// Bytes, not text: the RuleTester writes them to disk and loads them as the CLI reads files.
const fx = (name: string) => fixtureBytes(import.meta.dirname, name);

new RuleTester().run('input/unreadable-file', rule, {
  valid: [
    { name: 'UTF-8 with a byte-order mark, accents and an emoji', files: { 'menu.yaml': fx('valid/utf8-with-bom.yaml') } },
    { name: 'text given in memory', files: { 'menu.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: café\n' } },
  ],
  invalid: [
    {
      name: 'a file saved as Latin-1',
      files: { 'menu.yaml': fx('invalid/latin1.yaml') },
      errors: [
        {
          messageId: 'unreadableFile',
          data: { subject: 'File menu.yaml', detail: 'not valid UTF-8 text (first invalid byte at line 7, column 12)' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          path: '',
          object: 'menu.yaml',
        },
      ],
    },
    {
      name: 'one unreadable file among good ones',
      files: { 'a.yaml': fx('valid/utf8-with-bom.yaml'), 'b.yaml': fx('invalid/latin1.yaml') },
      errors: [{ messageId: 'unreadableFile', data: { subject: 'File b.yaml' }, line: 1, column: 1, endLine: 1, endColumn: 2, file: 'b.yaml' }],
    },
  ],
});
