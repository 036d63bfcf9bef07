/**
 * Suppressions: the `netreach.io/ignore` annotation on a Kubernetes object and netreach.yaml `suppress:`
 * entries. A suppressed finding is kept (JSON and SARIF show it, SARIF §3.35 `suppression`) but never
 * counts for the exit code and is not printed in text, GitHub or Markdown output.
 *
 * Annotation syntax (on the object the finding is about, e.g. the Deployment, Service or NetworkPolicy):
 *
 *   netreach.io/ignore: "netpol/internet-exposed, service/*: public storefront, reviewed 2024-05"
 *
 * rule ids or whole groups (`group/*`) separated by commas, then optionally `:` and the reason. The reason
 * may also be given in `netreach.io/ignore-reason`. Rule ids never contain `:`, so the first colon ends
 * the list.
 */
import path from 'node:path';
import ignore from 'ignore';
import { ConfigError, locate, type ConfigProblem } from '../config/error.js';
import type { NetreachConfig, SuppressEntry } from '../config/schema.js';
import type { Finding, Suppression } from '../core/finding.js';
import { maybeRefOf, type SourceRef } from '../core/source.js';
import type { LoadedObject } from '../loader/types.js';
import type { Model } from '../model/types.js';
import { globToRegExp } from '../core/glob.js';

export const IGNORE_ANNOTATION = 'netreach.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'netreach.io/ignore-reason';

export interface IgnoreAnnotation {
  /** Rule ids and `group/*` patterns, as written. */
  rules: string[];
  reason?: string;
}

/** `"a/b, c/*: why"` → rules [a/b, c/*], reason "why". Empty entries are dropped. */
export function parseIgnoreAnnotation(value: string): IgnoreAnnotation {
  const colon = value.indexOf(':');
  const list = colon < 0 ? value : value.slice(0, colon);
  const reason = colon < 0 ? '' : value.slice(colon + 1).trim();
  const rules = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { rules, ...(reason !== '' ? { reason } : {}) };
}

/** `netpol/internet-exposed` matches itself; `netpol/*` every rule of the group. */
export function rulePatternMatches(pattern: string, ruleId: string): boolean {
  if (pattern.endsWith('/*')) return ruleId.startsWith(pattern.slice(0, -1));
  return pattern === ruleId;
}

/** A pattern names something that exists: a known rule id, or `group/*` of a group that has rules. */
export function isKnownRulePattern(pattern: string, ruleIds: readonly string[]): boolean {
  return ruleIds.some((id) => rulePatternMatches(pattern, id));
}

/** One annotation on one object, ready to match. */
interface ObjectDirective {
  patterns: string[];
  reason?: string;
  at?: SourceRef;
  objectId: string;
}

/**
 * The ids a finding may name an object by. Findings about Kubernetes objects use "namespace/Kind/name"
 * (namespaced; no namespace = default, as kubectl applies it) or "Kind/name" (cluster-scoped); the scope
 * is not known here, so both are registered — they cannot collide, one has three parts, the other two.
 */
function candidateIds(obj: LoadedObject): string[] {
  const { kind } = obj;
  const { name, namespace } = obj.manifest.metadata;
  return [`${namespace ?? 'default'}/${kind}/${name}`, `${kind}/${name}`];
}

function annotationDirectives(model: Model): Map<string, ObjectDirective[]> {
  const byId = new Map<string, ObjectDirective[]>();
  for (const obj of model.objects ?? []) {
    const annotations = obj.manifest.metadata?.annotations;
    const value = annotations?.[IGNORE_ANNOTATION];
    if (typeof value !== 'string') continue;
    const parsed = parseIgnoreAnnotation(value);
    const separate = annotations?.[IGNORE_REASON_ANNOTATION];
    const reason = parsed.reason ?? (typeof separate === 'string' && separate.trim() !== '' ? separate.trim() : undefined);
    const at = maybeRefOf(obj.manifest, 'metadata', 'annotations', IGNORE_ANNOTATION);
    for (const id of candidateIds(obj)) {
      const directive: ObjectDirective = { patterns: parsed.rules, objectId: id, ...(reason ? { reason } : {}), ...(at ? { at } : {}) };
      byId.set(id, [...(byId.get(id) ?? []), directive]);
    }
  }
  return byId;
}

/** A problem with an annotation: reported as a warning notification, never fatal. */
export interface SuppressionProblem {
  message: string;
  at?: SourceRef;
}

/**
 * Annotations naming no known rule: a typo would otherwise silently suppress nothing. Not a finding (that
 * would need a rule of its own, and suppressing it would be circular): the CLI prints them as warnings and
 * SARIF carries them as tool notifications.
 */
export function annotationProblems(model: Model, ruleIds: readonly string[]): SuppressionProblem[] {
  const problems: SuppressionProblem[] = [];
  const seen = new Set<string>();
  for (const obj of model.objects ?? []) {
    const value = obj.manifest.metadata?.annotations?.[IGNORE_ANNOTATION];
    if (value === undefined) continue;
    const at = maybeRefOf(obj.manifest, 'metadata', 'annotations', IGNORE_ANNOTATION);
    const where = `${obj.kind} ${obj.manifest.metadata.namespace ? `${obj.manifest.metadata.namespace}/` : ''}${obj.manifest.metadata.name}`;
    const add = (message: string) => {
      const key = `${at?.file}:${at?.region.startLine}:${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      problems.push({ message, ...(at ? { at } : {}) });
    };
    if (typeof value !== 'string') {
      add(`${where}: annotation ${IGNORE_ANNOTATION} must be a string of rule ids; it is ignored`);
      continue;
    }
    const { rules } = parseIgnoreAnnotation(value);
    if (rules.length === 0) add(`${where}: annotation ${IGNORE_ANNOTATION} names no rule; it suppresses nothing`);
    for (const pattern of rules) {
      if (!isKnownRulePattern(pattern, ruleIds)) {
        add(`${where}: annotation ${IGNORE_ANNOTATION} names unknown rule ${JSON.stringify(pattern)} (netreach rules lists them); it suppresses nothing`);
      }
    }
  }
  return problems;
}

/**
 * Infrastructure object ids embed the template's path (`Subnet/cfn:infra/vpc.yaml#PrivateSubnet01`); a
 * `suppress:` entry may leave it out (`Subnet/PrivateSubnet01`), which also keeps it valid when files move.
 */
function objectIdForms(objectId: string): string[] {
  const short = objectId.replace(/cfn:[^#]*#/g, '').replace(/(eksctl:[^@#/]+)@[^#]*#\d+/g, '$1');
  return short === objectId ? [objectId] : [objectId, short];
}

/**
 * `file` relative to the directory of the config file. Both are named relative to the working directory
 * (or absolute outside it), so they are resolved against it first; when neither climbs out of it with
 * `..`, the result does not depend on which directory that is.
 */
export function relativeToConfig(configFile: string | undefined, file: string, cwd: string): string | undefined {
  const root = cwd.split(path.sep).join('/');
  const dir = path.posix.dirname(path.posix.resolve(root, configFile ?? 'netreach.yaml'));
  const rel = path.posix.relative(dir, path.posix.resolve(root, file));
  return rel === '' || rel === '..' || rel.startsWith('../') || path.posix.isAbsolute(rel) ? undefined : rel;
}

interface ConfigDirective {
  entry: SuppressEntry;
  object?: RegExp;
  file?: ReturnType<typeof ignore>;
  at?: SourceRef;
}

function configDirectives(config: NetreachConfig): ConfigDirective[] {
  return (config.suppress ?? []).map((entry, index) => {
    const at = locate(config.source, ['suppress', index, 'rule']);
    return {
      entry,
      ...(entry.object !== undefined ? { object: globToRegExp(entry.object) } : {}),
      ...(entry.file !== undefined ? { file: ignore().add(entry.file) } : {}),
      ...(at ? { at } : {}),
    };
  });
}

/** netreach.yaml `suppress:` rule ids must exist, like those under `rules:` (exit 2, located). */
export function checkSuppressConfig(config: NetreachConfig, ruleIds: readonly string[]): void {
  const problems: ConfigProblem[] = [];
  (config.suppress ?? []).forEach((entry, i) => {
    if (!isKnownRulePattern(entry.rule, ruleIds)) {
      problems.push({ message: `unknown rule ${JSON.stringify(entry.rule)} in suppress[${i}] (netreach rules lists them)`, at: locate(config.source, ['suppress', i, 'rule']) });
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
}

function matchesConfig(d: ConfigDirective, f: Finding, configFile: string | undefined, cwd: string): boolean {
  if (!rulePatternMatches(d.entry.rule, f.ruleId)) return false;
  if (d.object && !objectIdForms(f.object).some((id) => d.object!.test(id))) return false;
  if (d.file) {
    const rel = relativeToConfig(configFile, f.at.file, cwd);
    if (rel === undefined || !d.file.ignores(rel)) return false;
  }
  return true;
}

/**
 * Marks the findings an annotation (inSource) or a `suppress:` entry (external) silences. An annotation
 * wins over a config entry: it sits on the object itself. Findings are returned in the same order.
 */
export function applySuppressions(findings: readonly Finding[], model: Model, config: NetreachConfig, cwd: string = process.cwd()): Finding[] {
  const annotations = annotationDirectives(model);
  const entries = configDirectives(config);
  if (annotations.size === 0 && entries.length === 0) return [...findings];
  return findings.map((f) => {
    const suppression = byAnnotation(annotations.get(f.object), f) ?? byConfig(entries, f, config.file, cwd);
    return suppression === undefined ? f : { ...f, suppressed: suppression };
  });
}

function byAnnotation(directives: readonly ObjectDirective[] | undefined, f: Finding): Suppression | undefined {
  const d = directives?.find((x) => x.patterns.some((p) => rulePatternMatches(p, f.ruleId)));
  if (d === undefined) return undefined;
  return { kind: 'inSource', ...(d.reason !== undefined ? { reason: d.reason } : {}), ...(d.at ? { at: d.at } : {}) };
}

function byConfig(entries: readonly ConfigDirective[], f: Finding, configFile: string | undefined, cwd: string): Suppression | undefined {
  const d = entries.find((x) => matchesConfig(x, f, configFile, cwd));
  if (d === undefined) return undefined;
  return { kind: 'external', reason: d.entry.reason, ...(d.at ? { at: d.at } : {}) };
}
