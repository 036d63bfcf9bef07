/**
 * Runs rules over a model: configure (options fail here, before anything runs) → visit → render →
 * de-duplicate → suppressions (marked, not removed) → post-filters → sort. The result is deterministic.
 */
import { createHash } from 'node:crypto';
import { applySuppressions, checkSuppressConfig } from '../baseline/suppressions.js';
import { ConfigError } from '../config/error.js';
import type { NetreachConfig } from '../config/schema.js';
import type { Finding } from '../core/finding.js';
import { compareRefs, compareStrings, formatPath, InternalError } from '../core/source.js';
import type { ElementType, Model } from '../model/types.js';
import type { AnyRule, ReportDescriptor, RuleContext, Visitors, Messages } from './define-rule.js';
import { firstSentence, normalizeData, renderMessage } from './message.js';
import type { DeepReadonly } from './options.js';
import { configureRules, type ConfiguredRule } from './settings.js';

/**
 * The order visitors run in, fixed so runs are reproducible. `satisfies` plus the check below keep it
 * in step with ModelElements.
 */
export const VISIT_ORDER = [
  'LoadIssue',
  'Namespace',
  'Workload',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'Ingress',
  'IngressClass',
  'GatewayClass',
  'Gateway',
  'Route',
  'ReferenceGrant',
  'NetworkPolicy',
  'HorizontalPodAutoscaler',
  'ConfigMap',
  'Node',
] as const satisfies readonly ElementType[];
// A compile error here means an element type was added to ModelElements but not to VISIT_ORDER.
const everyTypeVisited: Exclude<ElementType, (typeof VISIT_ORDER)[number]> extends never ? true : never = true;
void everyTypeVisited;

/** Runs after de-duplication, before sorting: suppressions, baselines. */
export type FindingFilter = (findings: readonly Finding[], model: Model) => readonly Finding[];

export interface RunOptions {
  filters?: readonly FindingFilter[];
  /** The directory SourceRef file names are relative to (netreach.yaml `suppress[].file`); default process.cwd(). */
  cwd?: string;
}

export function runRules(
  model: Model,
  rules: readonly AnyRule[],
  config: NetreachConfig,
  options: RunOptions = {},
): Finding[] {
  const configured = configureRules(rules, config);
  checkSuppressConfig(config, rules.map((r) => r.id));
  const findings: Finding[] = [];
  const instances = configured.map((c) => ({ id: c.rule.id, visitors: instantiate(c, model, config, findings) }));

  for (const { id, visitors } of instances) guarded(id, 'Model', () => visitors.Model?.(model));
  for (const type of VISIT_ORDER) {
    const elements = model.elements(type);
    for (const { id, visitors } of instances) {
      const visit = visitors[type] as ((el: unknown) => void) | undefined;
      if (!visit) continue;
      for (const el of elements) guarded(id, describeElement(type, el), () => visit(el));
    }
  }

  let out: readonly Finding[] = applySuppressions(dedupe(findings), model, config, options.cwd);
  for (const filter of options.filters ?? []) out = filter(out, model);
  return [...out].sort(compareFindings);
}

function instantiate(c: ConfiguredRule, model: Model, config: NetreachConfig, sink: Finding[]): Visitors {
  const { rule, level } = c;
  const ctx: RuleContext<Messages> = {
    id: rule.id,
    level,
    model,
    config: config as DeepReadonly<NetreachConfig>,
    report: (d) => sink.push(toFinding(rule, level, d)),
  };
  return guarded(rule.id, 'create', () => rule.create(ctx, c.options));
}

function toFinding(rule: AnyRule, level: Finding['level'], d: ReportDescriptor<Messages>): Finding {
  const messages: Messages = rule.meta.messages;
  const template = Object.hasOwn(messages, d.messageId) ? messages[d.messageId] : undefined;
  if (template === undefined) throw new InternalError(`rule ${rule.id} reported unknown messageId ${JSON.stringify(d.messageId)}`);
  const data = normalizeData(d.data);
  const { text, missing } = renderMessage(template, data);
  if (missing.length > 0) {
    throw new InternalError(`rule ${rule.id}: message ${d.messageId} has no data for {{${missing.join('}}, {{')}}}`);
  }
  if (!firstSentence(text).includes(d.object.name)) {
    throw new InternalError(`rule ${rule.id}: the first sentence of ${JSON.stringify(text)} does not name ${d.object.name}`);
  }
  return {
    ruleId: rule.id,
    messageId: d.messageId,
    data,
    message: text,
    level,
    at: d.at,
    related: d.related ?? [],
    ...(d.flow ? { flow: d.flow } : {}),
    object: d.object.id,
    objectFqn: d.object.fqn,
    fingerprint: fingerprintOf(rule.id, d.object.id, d.at.path, d.key),
    ...(d.key !== undefined ? { key: d.key } : {}),
    remediation: rule.meta.remediation,
  };
}

/** Short, line-free: a finding keeps its fingerprint when lines move around it. */
export function fingerprintOf(ruleId: string, objectId: string, path: readonly (string | number)[], key?: string): string {
  const identity = `${ruleId}|${objectId}|${formatPath(path)}${key === undefined ? '' : `|${key}`}`;
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

/** A rule that throws is a bug: rethrown as InternalError naming the rule and the element. */
function guarded<T>(ruleId: string, where: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    // Options a rule can only check itself (when created) are still configuration errors (exit 2, located).
    if (err instanceof InternalError || err instanceof ConfigError) throw err;
    throw new InternalError(`rule ${ruleId} failed in ${where}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function describeElement(type: ElementType, el: unknown): string {
  const id = (el as { id?: unknown }).id;
  return typeof id === 'string' ? `${type} ${id}` : type;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.ruleId, f.messageId, f.message, f.object, f.at, f.related, f.flow ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** (file, line, column, ruleId, message), locale-free; the rest only breaks ties. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareRefs(a.at, b.at) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message) ||
    compareStrings(a.object, b.object) ||
    compareStrings(formatPath(a.at.path), formatPath(b.at.path))
  );
}
