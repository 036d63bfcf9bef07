/**
 * Compiler-style text: `path:line:col: level: message [rule-id]`, one finding per line, so VS Code
 * problem matchers and CI log readers parse it (shared/data/SARIF.md §5.1). No colour: the CLI may
 * decorate, this stays a pure function.
 *
 * Also home of the small helpers every reporter shares (ordering, counting, single-line folding).
 */
import type { Finding } from '../core/finding.js';
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

/** "3 errors, 1 warning, 0 notes" (the CLI prints it on stderr). */
export function summaryLine(findings: readonly Finding[]): string {
  const c = countByLevel(findings);
  return `${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.note, 'note')}`;
}

export function textLine(f: Finding, displayPath: string): string {
  const { startLine, startColumn } = f.at.region;
  return `${oneLine(displayPath)}:${startLine}:${startColumn}: ${f.level}: ${oneLine(f.message)} [${f.ruleId}]`;
}

/** One line per finding, each ending in "\n"; empty string when there is nothing to report. */
export function toText(input: ReportInput): string {
  return sortFindings(input.findings)
    .map((f) => `${textLine(f, input.displayPath(f.at.file))}\n`)
    .join('');
}
