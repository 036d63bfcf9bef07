import { defineRule } from '../../../src/lint/define-rule.js';
import { issueReport } from '../load-issue.js';

export default defineRule({
  id: 'input/unreadable-file',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report input files that cannot be read as UTF-8 text', recommended: true },
    messages: { unreadableFile: '{{subject}}: {{detail}}.' },
    remediation:
      'Check the permissions of the file and that it is UTF-8 text (convert with `iconv -f <encoding> -t UTF-8`); remove binary files from the inputs or exclude them in `netreach.yaml`.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    LoadIssue(issue) {
      if (issue.code === 'UNREADABLE') ctx.report({ messageId: 'unreadableFile', ...issueReport(issue, 'file') });
    },
  }),
});
