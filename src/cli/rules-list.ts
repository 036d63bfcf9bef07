/** `netreach rules`: the catalog of registered rules as text, JSON or Markdown. */
import { allRules } from '../../rules/index.js';
import { descriptorOf } from '../lint/descriptor.js';
import type { ReportFormat } from '../reporters/index.js';

export function renderRules(format: ReportFormat): string {
  const rules = allRules.map(descriptorOf);
  if (format === 'json') {
    const out = rules.map((r) => ({ id: r.id, level: r.defaultLevel, description: r.description, remediation: r.remediation, helpUri: r.helpUri }));
    return `${JSON.stringify({ rules: out }, null, 2)}\n`;
  }
  if (format === 'markdown') {
    const rows = rules.map((r) => `| \`${r.id}\` | ${r.defaultLevel} | ${r.description.replace(/\|/g, '\\|')} |`);
    return ['| rule | level | description |', '| --- | --- | --- |', ...rows, ''].join('\n');
  }
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  return rules.map((r) => `${r.id.padEnd(idWidth)}  ${r.defaultLevel.padEnd(7)}  ${r.description}`).join('\n') + '\n';
}
