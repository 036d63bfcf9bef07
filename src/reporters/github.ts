/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the PR diff
 * (shared/data/SARIF.md §6). GitHub shows only the first 10 errors and 10 warnings of a step, so
 * the most severe come first.
 */
import { LEVEL_RANK, type Finding, type Level } from '../core/finding.js';
import { compareFindings, reportedFindings } from './text.js';
import type { ReportInput } from './types.js';

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** Escaping of a command's message (as @actions/core does it). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a command property value: also `:` and `,`, which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubCommand(f: Finding, file: string | undefined): string {
  const r = f.at.region;
  const props: [string, string | number][] = [];
  if (file !== undefined) {
    props.push(['file', file], ['line', r.startLine], ['endLine', r.endLine], ['col', r.startColumn], ['endColumn', r.endColumn]);
  }
  props.push(['title', f.ruleId]);
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${COMMAND[f.level]} ${list}::${escapeData(f.message)}`;
}

/**
 * One command per reported finding (suppressed and baseline ones are left out), most severe first, then by position. Findings outside the repository
 * (stdin) are annotated without a file, since GitHub could not place them anyway.
 */
export function toGithub(input: ReportInput): string {
  const ordered = reportedFindings(input.findings).sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || compareFindings(a, b));
  return ordered
    .map((f) => {
      const file = input.uriFor(f.at.file) === undefined ? undefined : input.displayPath(f.at.file);
      return `${githubCommand(f, file)}\n`;
    })
    .join('');
}
