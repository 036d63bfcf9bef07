/**
 * Markdown for pull-request comments and `$GITHUB_STEP_SUMMARY`: a count table by rule and level,
 * then the findings grouped by file, each linked to its line.
 */
import { LEVEL_RANK, type Finding, type Level } from '../core/finding.js';
import { compareStrings } from '../core/source.js';
import { sarifUri } from './sarif.js';
import { oneLine, reportedFindings, sortFindings, summaryLine } from './text.js';
import type { ReportInput } from './types.js';

/** Backslash-escape what Markdown would interpret (any ASCII punctuation may be escaped in CommonMark). */
export function escapeMarkdown(s: string): string {
  return oneLine(s).replace(/[\\`*_[\]<>|~&#!]/g, (c) => `\\${c}`);
}

/** A table cell: one line, and `|` escaped even inside code spans (GFM splits cells first). */
function cell(s: string): string {
  return oneLine(s).replace(/\|/g, '\\|');
}

function summaryTable(findings: readonly Finding[]): string[] {
  const counts = new Map<string, { ruleId: string; level: Level; count: number }>();
  for (const f of findings) {
    const key = `${f.level}\u0000${f.ruleId}`;
    const row = counts.get(key) ?? { ruleId: f.ruleId, level: f.level, count: 0 };
    row.count++;
    counts.set(key, row);
  }
  const rows = [...counts.values()].sort(
    (a, b) => compareStrings(a.ruleId, b.ruleId) || LEVEL_RANK[b.level] - LEVEL_RANK[a.level],
  );
  return [
    '| Rule | Level | Count |',
    '| --- | --- | ---: |',
    ...rows.map((r) => `| ${cell(`\`${r.ruleId}\``)} | ${r.level} | ${r.count} |`),
  ];
}

function findingItem(f: Finding, input: ReportInput): string {
  const { startLine, startColumn } = f.at.region;
  const label = escapeMarkdown(`${input.displayPath(f.at.file)}:${startLine}:${startColumn}`);
  const repoPath = input.uriFor(f.at.file);
  const target = repoPath === undefined ? undefined : `${input.linkBase ?? ''}${sarifUri(repoPath)}`;
  const where = target === undefined ? label : `[${label}](${target}#L${startLine})`;
  return `- ${where} **${f.level}** ${escapeMarkdown(f.message)} (\`${f.ruleId}\`)`;
}

/**
 * Where Markdown links point in GitHub Actions: the file at the commit under test
 * (GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA/, the default environment variables of every job).
 */
export function githubLinkBase(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = env;
  return server && repo && sha ? `${server}/${repo}/blob/${sha}/` : undefined;
}

/** Suppressed and baseline findings only show in the heading's counts. */
export function toMarkdown(input: ReportInput): string {
  const findings = sortFindings(reportedFindings(input.findings));
  const lines = [`### netreach: ${summaryLine(input.findings)}`, ''];
  if (findings.length === 0) return `${[...lines, 'No findings.'].join('\n')}\n`;

  lines.push(...summaryTable(findings));
  // Group by the path the reader sees; sortFindings already ordered them within a file.
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const path = input.displayPath(f.at.file);
    byFile.set(path, [...(byFile.get(path) ?? []), f]);
  }
  for (const path of [...byFile.keys()].sort(compareStrings)) {
    lines.push('', `#### ${escapeMarkdown(path)}`, '');
    for (const f of byFile.get(path)!) lines.push(findingItem(f, input));
  }
  return `${lines.join('\n')}\n`;
}
