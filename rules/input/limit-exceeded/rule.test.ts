import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fx = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('input/limit-exceeded', rule, {
  valid: [{ name: 'anchors and aliases within the limits', files: { 'web.yaml': fx('valid/few-aliases.yaml') } }],
  invalid: [
    {
      name: 'an alias bomb',
      files: { 'cm.yaml': fx('invalid/alias-bomb.yaml') },
      errors: [
        {
          messageId: 'limitExceeded',
          data: { subject: 'Document 1 of cm.yaml', detail: 'more than 1000 alias dereferences in one document' },
          line: 8,
          column: 18,
          endLine: 8,
          endColumn: 20,
          path: '',
          object: 'cm.yaml#0',
        },
      ],
    },
    {
      name: 'nesting deeper than 128 levels',
      files: { 'deep.yaml': fx('invalid/deep-nesting.yaml') },
      errors: [{ messageId: 'limitExceeded', data: { detail: 'nesting deeper than 128 levels' }, line: 1, column: 129, endLine: 1, endColumn: 130 }],
    },
  ],
});
