import { defineRule } from '../../../src/lint/define-rule.js';
import { issueReport } from '../load-issue.js';

export default defineRule({
  id: 'input/not-an-object',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report documents whose root is not a mapping', recommended: true },
    messages: { notAnObject: '{{subject}}: {{detail}}.' },
    remediation:
      'Make the document a mapping with `apiVersion`, `kind` and `metadata`, or remove it. A stray `---` or a list at the top level is the usual cause; wrap several objects in `kind: List` with `items:`.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    LoadIssue(issue) {
      if (issue.code === 'NOT_AN_OBJECT') ctx.report({ messageId: 'notAnObject', ...issueReport(issue, 'document') });
    },
  }),
});
