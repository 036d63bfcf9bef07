import { defineRule } from '../../../src/lint/define-rule.js';
import { issueReport } from '../load-issue.js';

export default defineRule({
  id: 'input/invalid-field',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report fields of the wrong type or with values the API server rejects', recommended: true },
    messages: { invalidField: '{{subject}}: {{detail}}.' },
    remediation:
      'Give the field the type and format the Kubernetes API expects (the message says which), or remove it. `kubectl apply --dry-run=server` reports the same errors against a live cluster.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    LoadIssue(issue) {
      if (issue.code === 'INVALID_FIELD') ctx.report({ messageId: 'invalidField', ...issueReport(issue, 'document') });
    },
  }),
});
