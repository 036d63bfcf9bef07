/**
 * Compiler-style text: `path:line:col: level: message [rule-id]`, one finding per line, so VS Code
 * problem matchers and CI log readers parse it (shared/data/SARIF.md §5.1). No colour: the CLI may
 * decorate, this stays a pure function.
 *
 * Also home of the small helpers every reporter shares (ordering, counting, single-line folding).
 */
import { isReported, type Finding } from '../core/finding.js';
import { compareRefs, compareStrings } from '../core/source.js';
import type { ReportInput } from './types.js';

/** Report order: file, position, rule, then message — independent of the order findings arrive in. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareRefs(a.at, b.at) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export interface LevelCounts {
  error: number;
  warning: number;
  note: number;
}

export function countByLevel(findings: readonly Finding[]): LevelCounts {
  const counts: LevelCounts = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.level]++;
  return counts;
}

/** Line breaks (and other vertical whitespace) folded to single spaces: one finding stays one line. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n\u2028\u2029\v\f]+\s*/g, ' ').trim();
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The findings text, GitHub and Markdown output list: not suppressed, not already in the baseline. */
export function reportedFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter(isReported);
}

/**
 * "3 errors, 1 warning, 0 notes" (the CLI prints it on stderr), counting reported findings only; then
 * ", 2 suppressed" and ", 5 unchanged since the baseline" when there are such findings.
 */
export function summaryLine(findings: readonly Finding[]): string {
  const c = countByLevel(reportedFindings(findings));
  let line = `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.note, 'note')}`;
  const suppressed = findings.filter((f) => f.suppressed !== undefined && f.baselineState !== 'unchanged').length;
  const unchanged = findings.filter((f) => f.baselineState === 'unchanged').length;
  if (suppressed > 0) line += `, ${suppressed} suppressed`;
  if (unchanged > 0) line += `, ${unchanged} unchanged since the baseline`;
  return line;
}

export function textLine(f: Finding, displayPath: string): string {
  const { startLine, startColumn } = f.at.region;
  return `${oneLine(displayPath)}:${startLine}:${startColumn}: ${f.level}: ${oneLine(f.message)} [${f.ruleId}]`;
}

/** One line per reported finding, each ending in "\n"; empty string when there is nothing to report. */
export function toText(input: ReportInput): string {
  return sortFindings(reportedFindings(input.findings))
    .map((f) => `${textLine(f, input.displayPath(f.at.file))}\n`)
    .join('');
}
