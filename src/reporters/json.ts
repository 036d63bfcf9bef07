/**
 * Machine-readable findings for tooling and tests: every field of a finding, positions spelled out,
 * paths as the user sees them. Pretty, key order fixed, findings in report order.
 */
import type { BaselineState, Finding, Level } from '../core/finding.js';
import { compareStrings, formatPath, type SourceRef } from '../core/source.js';
import { countByLevel, reportedFindings, sortFindings, type LevelCounts } from './text.js';
import type { ReportInput } from './types.js';

export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `spec.ingress[0].from`: the field inside the document. */
  path: string;
}

export interface JsonFinding {
  ruleId: string;
  level: Level;
  message: string;
  messageId: string;
  data: Record<string, string>;
  location: JsonLocation;
  object: string;
  fingerprint: string;
  related: { message: string; location: JsonLocation }[];
  flow?: { message: string; location: JsonLocation }[];
  /** Present on suppressed findings, which do not count (summary.suppressed). */
  suppressed?: { kind: 'inSource' | 'external'; reason?: string; location?: JsonLocation };
  /** With --baseline: always "new" here (unchanged findings are left out of JSON). */
  baselineState?: BaselineState;
}

export interface JsonReport {
  version: string;
  /** Reported and suppressed findings; with --baseline, not those already in the baseline. */
  findings: JsonFinding[];
  /** Levels count reported findings only; suppressed ones are counted apart; `unchanged` only with --baseline. */
  summary: LevelCounts & { suppressed: number; unchanged?: number };
}

function location(ref: SourceRef, input: ReportInput): JsonLocation {
  const r = ref.region;
  return {
    file: input.displayPath(ref.file),
    line: r.startLine,
    column: r.startColumn,
    endLine: r.endLine,
    endColumn: r.endColumn,
    path: formatPath(ref.path),
  };
}

/** Keys sorted, so the output does not depend on the order a rule filled `data` in. */
function sortedData(data: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(data).sort(compareStrings)) out[key] = data[key]!;
  return out;
}

function jsonFinding(f: Finding, input: ReportInput): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    level: f.level,
    message: f.message,
    messageId: f.messageId,
    data: sortedData(f.data),
    location: location(f.at, input),
    object: f.object,
    fingerprint: f.fingerprint,
    related: f.related.map((r) => ({ message: r.message, location: location(r.at, input) })),
  };
  if (f.flow !== undefined) out.flow = f.flow.map((s) => ({ message: s.message, location: location(s.at, input) }));
  if (f.suppressed !== undefined) {
    const { kind, reason, at } = f.suppressed;
    out.suppressed = { kind, ...(reason !== undefined ? { reason } : {}), ...(at !== undefined ? { location: location(at, input) } : {}) };
  }
  if (f.baselineState !== undefined) out.baselineState = f.baselineState;
  return out;
}

export function buildJsonReport(input: ReportInput): JsonReport {
  const listed = input.findings.filter((f) => f.baselineState !== 'unchanged');
  const unchanged = input.findings.length - listed.length;
  return {
    version: input.toolVersion,
    findings: sortFindings(listed).map((f) => jsonFinding(f, input)),
    summary: {
      ...countByLevel(reportedFindings(input.findings)),
      suppressed: listed.filter((f) => f.suppressed !== undefined).length,
      ...(input.baselineApplied === true || unchanged > 0 ? { unchanged } : {}),
    },
  };
}

export function toJson(input: ReportInput): string {
  return `${JSON.stringify(buildJsonReport(input), null, 2)}\n`;
}
