import { defineRule } from '../../../src/lint/define-rule.js';
import { issueReport } from '../load-issue.js';

export default defineRule({
  id: 'input/duplicate-key',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report mappings that contain the same key twice', recommended: true },
    messages: { duplicateKey: '{{subject}}: {{detail}}.' },
    remediation:
      'Keep one of the two keys. Tools disagree on which one wins (kubectl keeps the last, others the first or reject the file), so merge what both meant into a single key.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    LoadIssue(issue) {
      if (issue.code === 'DUPLICATE_KEY') ctx.report({ messageId: 'duplicateKey', ...issueReport(issue, 'document') });
    },
  }),
});
