/** Plain tables for terminal text and for markdown, from rows of cells (the first row is the header). */
import { escapeMarkdown } from './markdown.js';

/** Columns padded to their widest cell, two spaces apart; `right` columns (numbers) aligned right. */
export function textTable(rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set()): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  const pad = (cell: string, i: number) => {
    const gap = ' '.repeat(widths[i]! - [...cell].length);
    return right.has(i) ? gap + cell : cell + gap;
  };
  return rows.map((r) => r.map(pad).join('  ').trimEnd()).join('\n') + '\n';
}

/** A GitHub-flavoured markdown table; `right` columns aligned right. */
export function markdownTable(rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set()): string {
  const line = (r: readonly string[]) => `| ${r.map(escapeMarkdown).join(' | ')} |`;
  const rule = `| ${rows[0]!.map((_, i) => (right.has(i) ? '---:' : '---')).join(' | ')} |`;
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n') + '\n';
}
