import type { SourceRef } from './source.js';

export type Level = 'error' | 'warning' | 'note';
export type LevelSetting = Level | 'off';

/** Severity order, highest first-class: used for --fail-on and for sorting SARIF caps. */
export const LEVEL_RANK: Record<Level, number> = { error: 3, warning: 2, note: 1 };

export function atOrAbove(level: Level, threshold: Level | 'none'): boolean {
  return threshold !== 'none' && LEVEL_RANK[level] >= LEVEL_RANK[threshold];
}

/** A location that takes part in a finding without being its primary location. */
export interface RelatedLocation {
  at: SourceRef;
  /** What this place is, e.g. "Service shop/api" or "policy rule spec.ingress[0]". */
  message: string;
}

/** One step of a reachability path (SARIF codeFlow). */
export interface FlowStep {
  at: SourceRef;
  message: string;
}

export interface Finding {
  ruleId: string;
  messageId: string;
  data: Readonly<Record<string, string>>;
  /** Fully rendered, single line; its first sentence stands alone ("Service shop/api: …."). */
  message: string;
  level: Level;
  at: SourceRef;
  related: readonly RelatedLocation[];
  /** Reachability path, when the finding is about one. */
  flow?: readonly FlowStep[];
  /** Object identity: "shop/Service/api" (namespace/kind/name; cluster-scoped: "Kind/name"). */
  object: string;
  /** apiVersion-qualified identity for SARIF logicalLocations: "v1/Service/shop/api". */
  objectFqn: string;
  /** hash(ruleId, object, path, key): survives moved lines, used for --baseline. */
  fingerprint: string;
  /** The rule's `key` (several findings on one field): part of the fingerprint, kept to recompute it. */
  key?: string;
  /** Remediation from the rule's meta; travels with every finding (kube-linter style). */
  remediation?: string;
  /** Set when an annotation or netreach.yaml `suppress:` entry silences it: kept for JSON and SARIF, never counted. */
  suppressed?: Suppression;
  /** Set by `check --baseline`: "unchanged" findings were in the baseline and are not reported again. */
  baselineState?: BaselineState;
}

/** Why a finding is silenced (SARIF §3.35 `suppression`). */
export interface Suppression {
  /** inSource: the `netreach.io/ignore` annotation on the object; external: netreach.yaml `suppress:`. */
  kind: 'inSource' | 'external';
  /** The reason written next to it, when there is one (SARIF `justification`). */
  reason?: string;
  /** The annotation value or the `suppress:` entry that matched. */
  at?: SourceRef;
}

/** SARIF §3.27.24 values netreach produces (absent results are not reported: see src/baseline/). */
export type BaselineState = 'new' | 'unchanged';

/** Counts for the exit code and appears in text output: neither suppressed nor already in the baseline. */
export function isReported(f: Finding): boolean {
  return f.suppressed === undefined && f.baselineState !== 'unchanged';
}
