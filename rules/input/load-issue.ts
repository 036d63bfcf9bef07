/**
 * What the `input/…` rules share: each reports the LoadIssues of one code, on the issue's own
 * location, about the object it is in (or its document, or its file).
 */
import type { LoadIssue } from '../../src/loader/types.js';

/** Whom an issue is about: the object the loader names, else its document or its file. */
export type IssueScope = 'document' | 'file';

/** "Service shop/api", "Namespace web", else "Document 2 of k8s/app.yaml" or "File k8s/app.yaml". */
function subjectOf(issue: LoadIssue, scope: IssueScope): string {
  const parts = issue.object?.split('/');
  if (parts?.length === 3) return `${parts[1]} ${parts[0]}/${parts[2]}`;
  if (parts?.length === 2) return `${parts[0]} ${parts[1]}`;
  return scope === 'file' ? `File ${issue.at.file}` : `Document ${issue.at.doc + 1} of ${issue.at.file}`;
}

/**
 * Everything of a report but the messageId; the input rules' messages are `{{subject}}: {{detail}}.`
 * The object id of an issue outside any identified object is its document (`file#doc`) or its file,
 * which keeps fingerprints distinct per document. The detail is the loader's message without the
 * subject it may start with and without a final period.
 */
export function issueReport(issue: LoadIssue, scope: IssueScope) {
  const subject = subjectOf(issue, scope);
  const id = issue.object ?? (scope === 'file' ? issue.at.file : `${issue.at.file}#${issue.at.doc}`);
  const message = issue.message.startsWith(`${subject}: `) ? issue.message.slice(subject.length + 2) : issue.message;
  return {
    at: issue.at,
    object: { id, fqn: id, name: subject },
    data: { subject, detail: message.replace(/[.\s]+$/, '') },
  };
}
