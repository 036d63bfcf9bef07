/**
 * `netreach diff` output: text (sections with counts, connection lines in the `connections` txt
 * notation), JSON (the shape documented on DiffJson) and Markdown (a summary table, then the sections:
 * for a pull-request comment or $GITHUB_STEP_SUMMARY). SARIF is the `check` writer fed the new findings.
 */
import type { ConnJSON } from '../engine/conn-set.js';
import { diffEndpointName, type ConnectionChange, type DiffEndpoint } from '../diff/connections.js';
import type { DiffResult, LocatedFinding } from '../diff/diff.js';
import { escapeMarkdown } from './markdown.js';
import { sarifUri } from './sarif.js';
import { oneLine } from './text.js';

export const DIFF_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** The sections, in output order; each connection change lands in exactly one. */
export interface DiffSections {
  exposure: ConnectionChange[];
  added: ConnectionChange[];
  removed: ConnectionChange[];
  changed: ConnectionChange[];
}

export function sections(diff: DiffResult): DiffSections {
  const rest = diff.connections.filter((c) => !c.exposure);
  return {
    exposure: diff.connections.filter((c) => c.exposure),
    added: rest.filter((c) => c.change === 'added'),
    removed: rest.filter((c) => c.change === 'removed'),
    changed: rest.filter((c) => c.change === 'changed'),
  };
}

/** True when the diff found nothing at all. */
export function isEmptyDiff(diff: DiffResult): boolean {
  return diff.connections.length === 0 && diff.newFindings.length === 0 && diff.fixedFindings.length === 0;
}

/**
 * `src => dst : conn` as `connections` prints it; a changed connection adds what BASE allowed and the
 * ports opened and closed: `… : TCP 8080,9090 (was TCP 8080; opened TCP 9090)`.
 */
export function connectionLine(c: ConnectionChange): string {
  const ends = `${diffEndpointName(c.src)} => ${diffEndpointName(c.dst)}`;
  if (c.change === 'added') return `${ends} : ${c.head.toString()}`;
  if (c.change === 'removed') return `${ends} : ${c.base.toString()}`;
  const notes = [`was ${c.base.toString()}`];
  if (!c.opened.isEmpty()) notes.push(`opened ${c.opened.toString()}`);
  if (!c.closed.isEmpty()) notes.push(`closed ${c.closed.toString()}`);
  return `${ends} : ${c.head.toString()} (${notes.join('; ')})`;
}

/** Lines naming what became reachable from the internet, before the exposure connections. */
function reachabilityLines(diff: DiffResult): string[] {
  return [
    ...diff.newlyInternetReachable.namespaces.map((n) => `namespace ${n} is newly reachable from the internet`),
    ...diff.newlyInternetReachable.workloads.map((w) => `workload ${w} is newly reachable from the internet`),
  ];
}

function findingLine(f: LocatedFinding): string {
  const { startLine, startColumn } = f.finding.at.region;
  return `${f.displayPath}:${startLine}:${startColumn}: ${f.finding.level}: ${oneLine(f.finding.message)} [${f.finding.ruleId}]`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 new exposures, 0 connections added, …" (stderr summary and the text heading). */
export function diffSummaryLine(diff: DiffResult): string {
  const s = sections(diff);
  return [
    `${s.exposure.length} new exposure${s.exposure.length === 1 ? '' : 's'}`,
    `${plural(s.added.length, 'connection')} added`,
    `${s.removed.length} removed`,
    `${s.changed.length} changed`,
    `${plural(diff.newFindings.length, 'new finding')}`,
    `${diff.fixedFindings.length} fixed`,
  ].join(', ');
}

export function diffToText(diff: DiffResult): string {
  const s = sections(diff);
  const out = [`netreach diff ${diff.base} → ${diff.head}: ${diffSummaryLine(diff)}`];
  const section = (title: string, count: number, lines: string[]) => {
    out.push('', `${title} (${count})`, ...lines.map((l) => `  ${l}`));
  };
  section('New exposure', s.exposure.length, [...reachabilityLines(diff), ...s.exposure.map(connectionLine)]);
  section('Connections added', s.added.length, s.added.map(connectionLine));
  section('Connections removed', s.removed.length, s.removed.map(connectionLine));
  section('Connections changed', s.changed.length, s.changed.map(connectionLine));
  section('New findings', diff.newFindings.length, diff.newFindings.map(findingLine));
  section('Fixed findings', diff.fixedFindings.length, diff.fixedFindings.map(findingLine));
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// JSON

/** An endpoint: a workload, one contiguous address range ("lo-hi"), the ingress controller, or a load balancer. */
export type DiffEndpointJson =
  | { type: 'workload'; namespace: string; name: string; kind: string }
  | { type: 'external'; range: string; internet: boolean }
  | { type: 'ingress-controller' }
  | { type: 'load-balancer'; kind: string; name: string };

export interface ConnectionChangeJson {
  change: 'added' | 'removed' | 'changed';
  src: DiffEndpointJson;
  dst: DiffEndpointJson;
  /** What BASE and HEAD allow, and the difference both ways ({"all": false} = nothing). */
  base: ConnJSON;
  head: ConnJSON;
  opened: ConnJSON;
  closed: ConnJSON;
}

export interface DiffFindingJson {
  ruleId: string;
  level: string;
  message: string;
  /** From the working directory; uri: from the repository root when inside it. */
  file: string;
  uri?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  object: string;
  fingerprint: string;
}

/**
 * The JSON document of `netreach diff --format json` (version 1). Each connection change is in exactly
 * one of newExposure.connections, connectionsAdded, connectionsRemoved and connectionsChanged.
 */
export interface DiffJson {
  version: 1;
  base: string;
  head: string;
  summary: { newExposure: number; connectionsAdded: number; connectionsRemoved: number; connectionsChanged: number; newFindings: number; fixedFindings: number };
  newExposure: { namespaces: string[]; workloads: string[]; connections: ConnectionChangeJson[] };
  connectionsAdded: ConnectionChangeJson[];
  connectionsRemoved: ConnectionChangeJson[];
  connectionsChanged: ConnectionChangeJson[];
  newFindings: DiffFindingJson[];
  fixedFindings: DiffFindingJson[];
}

function endpointJson(e: DiffEndpoint, internet: boolean): DiffEndpointJson {
  switch (e.type) {
    case 'workload':
      return { type: 'workload', namespace: e.namespace, name: e.name, kind: e.kind };
    case 'external':
      return { type: 'external', range: e.range.toRanges().join(','), internet };
    case 'ingress-controller':
      return { type: 'ingress-controller' };
    case 'load-balancer':
      return { type: 'load-balancer', kind: e.kind, name: e.name };
  }
}

function changeJson(c: ConnectionChange): ConnectionChangeJson {
  return {
    change: c.change,
    src: endpointJson(c.src, c.internet),
    dst: endpointJson(c.dst, c.internet),
    base: c.base.toJSON(),
    head: c.head.toJSON(),
    opened: c.opened.toJSON(),
    closed: c.closed.toJSON(),
  };
}

function findingJson(f: LocatedFinding): DiffFindingJson {
  const r = f.finding.at.region;
  return {
    ruleId: f.finding.ruleId,
    level: f.finding.level,
    message: f.finding.message,
    file: f.displayPath,
    ...(f.uri !== undefined ? { uri: f.uri } : {}),
    line: r.startLine,
    column: r.startColumn,
    endLine: r.endLine,
    endColumn: r.endColumn,
    object: f.finding.object,
    fingerprint: f.finding.fingerprint,
  };
}

export function buildDiffJson(diff: DiffResult): DiffJson {
  const s = sections(diff);
  return {
    version: 1,
    base: diff.base,
    head: diff.head,
    summary: {
      newExposure: s.exposure.length,
      connectionsAdded: s.added.length,
      connectionsRemoved: s.removed.length,
      connectionsChanged: s.changed.length,
      newFindings: diff.newFindings.length,
      fixedFindings: diff.fixedFindings.length,
    },
    newExposure: { ...diff.newlyInternetReachable, connections: s.exposure.map(changeJson) },
    connectionsAdded: s.added.map(changeJson),
    connectionsRemoved: s.removed.map(changeJson),
    connectionsChanged: s.changed.map(changeJson),
    newFindings: diff.newFindings.map(findingJson),
    fixedFindings: diff.fixedFindings.map(findingJson),
  };
}

export function diffToJson(diff: DiffResult): string {
  return `${JSON.stringify(buildDiffJson(diff), null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Markdown

function findingItem(f: LocatedFinding): string {
  const { startLine, startColumn } = f.finding.at.region;
  const label = escapeMarkdown(`${f.displayPath}:${startLine}:${startColumn}`);
  const where = f.uri === undefined ? label : `[${label}](${sarifUri(f.uri)}#L${startLine})`;
  return `- ${where} **${f.finding.level}** ${escapeMarkdown(f.finding.message)} (\`${f.finding.ruleId}\`)`;
}

/** Connection lines in a fenced block: the notation stays copyable and needs no escaping. */
function codeBlock(lines: string[]): string[] {
  return lines.length === 0 ? [] : ['```text', ...lines, '```'];
}

export function diffToMarkdown(diff: DiffResult): string {
  const s = sections(diff);
  const exposed = s.exposure.length > 0;
  const out = [
    `### netreach diff ${escapeMarkdown(diff.base)} → ${escapeMarkdown(diff.head)}`,
    '',
    '| Change | Count |',
    '| --- | ---: |',
    `| ${exposed ? '**New exposure**' : 'New exposure'} | ${s.exposure.length} |`,
    `| Connections added | ${s.added.length} |`,
    `| Connections removed | ${s.removed.length} |`,
    `| Connections changed | ${s.changed.length} |`,
    `| New findings | ${diff.newFindings.length} |`,
    `| Fixed findings | ${diff.fixedFindings.length} |`,
  ];
  if (isEmptyDiff(diff)) return `${[...out, '', 'No change in connections or findings.'].join('\n')}\n`;
  const section = (title: string, count: number, body: string[]) => {
    if (count === 0) return;
    out.push('', `#### ${title} (${count})`, '', ...body);
  };
  section('New exposure', s.exposure.length, [...reachabilityLines(diff).map((l) => `- ${escapeMarkdown(l)}`), ...(reachabilityLines(diff).length > 0 ? [''] : []), ...codeBlock(s.exposure.map(connectionLine))]);
  section('Connections added', s.added.length, codeBlock(s.added.map(connectionLine)));
  section('Connections removed', s.removed.length, codeBlock(s.removed.map(connectionLine)));
  section('Connections changed', s.changed.length, codeBlock(s.changed.map(connectionLine)));
  section('New findings', diff.newFindings.length, diff.newFindings.map(findingItem));
  section('Fixed findings', diff.fixedFindings.length, diff.fixedFindings.map(findingItem));
  return `${out.join('\n')}\n`;
}

export function renderDiff(format: Exclude<DiffFormat, 'sarif'>, diff: DiffResult): string {
  switch (format) {
    case 'text':
      return diffToText(diff);
    case 'json':
      return diffToJson(diff);
    case 'markdown':
      return diffToMarkdown(diff);
  }
}
