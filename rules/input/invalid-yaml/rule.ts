import { defineRule } from '../../../src/lint/define-rule.js';
import { issueReport } from '../load-issue.js';

export default defineRule({
  id: 'input/invalid-yaml',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report files that are not valid YAML or JSON', recommended: true },
    messages: { invalidYaml: '{{subject}}: {{detail}}.' },
    remediation:
      'Fix the syntax at the reported position: indentation (spaces, never tabs), a missing `:` or closing quote or bracket. `yamllint` or an editor with the YAML language server shows the same error as you type.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    LoadIssue(issue) {
      if (issue.code === 'YAML_SYNTAX') ctx.report({ messageId: 'invalidYaml', ...issueReport(issue, 'document') });
    },
  }),
});
