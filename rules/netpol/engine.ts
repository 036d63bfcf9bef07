/**
 * What the `netpol/…` rules share: the one Reachability of a run (src/engine/shared.ts builds it once
 * per model and configuration, so every netpol rule, the invariants and `connections` use the same
 * engine), each NetworkPolicy's compiled form, and how messages name policies, rules, peers and
 * workloads and where findings point.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import { formatPath, maybeRefOf, refOf, type SourceRef } from '../../src/core/source.js';
import { joinAnd, listNames } from '../../src/core/text.js';
import { DEFAULT_INGRESS_CONTROLLER_NAMESPACE, type NetreachConfig } from '../../src/config/schema.js';
import type { ConnSet } from '../../src/engine/conn-set.js';
import type { Reachability } from '../../src/engine/reachability.js';
import { reachabilityFor } from '../../src/engine/shared.js';
import type { PodClass } from '../../src/engine/policy/classes.js';
import type { CompiledPolicy, CompiledRule, Direction } from '../../src/engine/policy/compile.js';
import type { PolicyEngine } from '../../src/engine/policy/engine.js';
import type * as M from '../../src/loader/schemas/index.js';
import type { DeepReadonly } from '../../src/lint/options.js';
import { displayName, formatSelector, qualifiedName, type Labels } from '../../src/model/index.js';
import type { Model, NetworkPolicyNode, Workload } from '../../src/model/types.js';

// Message list wording lives in src/core (the model uses it too); the rules import it from here as before.
export { joinAnd, listNames };

/** The part of a rule context the engine is built from. */
export interface EngineInput {
  readonly model: Model;
  readonly config: DeepReadonly<NetreachConfig>;
}

/** The run's Reachability (built on first use, shared by every rule of the run). */
export function reachOf(ctx: EngineInput): Reachability {
  return reachabilityFor(ctx.model, ctx.config);
}

/** `networkPolicy.hostNetwork` (PRODUCT.md §3): hostNetwork pods are outside enforcement unless 'enforced'. */
export function hostNetworkMode(config: DeepReadonly<NetreachConfig>): 'unenforced' | 'enforced' {
  return config.networkPolicy?.hostNetwork ?? 'unenforced';
}

/** Whether NetworkPolicy applies to the pods of a class (no for hostNetwork pods in unenforced mode, and the ingress controller). */
export function enforcedOn(c: PodClass, config: DeepReadonly<NetreachConfig>): boolean {
  return !c.ingressController && (!c.hostNetwork || hostNetworkMode(config) === 'enforced');
}

/**
 * Whether the ingress controller stands for a real pod: only when netreach.yaml names it. The default
 * stand-in (no labels, in a namespace of its own) must not make a selector look like it selects something.
 */
export function controllerConfigured(config: DeepReadonly<NetreachConfig>): boolean {
  return config.ingressController.namespace !== DEFAULT_INGRESS_CONTROLLER_NAMESPACE;
}

/** The compiled form of a policy of the model. */
export function compiledOf(engine: PolicyEngine, np: NetworkPolicyNode): CompiledPolicy {
  return engine.compiledOf(np);
}

/** The rules of a policy in one direction (none when policyTypes leaves the direction out). */
export function rulesOf(p: CompiledPolicy, direction: Direction): readonly CompiledRule[] {
  return direction === 'ingress' ? p.ingress : p.egress;
}

/** "web/allow-frontend". */
export function policyName(np: NetworkPolicyNode): string {
  return qualifiedName(np);
}

export { policyList } from '../../src/engine/policy/names.js';

/** The field path of an object the loader made: `spec.ingress[0].from[1]`. */
export function pathOf(obj: object): string {
  return formatPath(refOf(obj).path);
}

/** "spec.ingress[0]". */
export function ruleName(rule: CompiledRule): string {
  return pathOf(rule.source);
}

/** "NetworkPolicy web/allow-frontend spec.ingress[0]". */
export function qualifiedRuleName(rule: CompiledRule): string {
  return `NetworkPolicy ${policyName(rule.policy)} ${ruleName(rule)}`;
}

/**
 * Where a rule is: its `from`/`to` key, else its `ports` key, else the rule itself (`- {}` is one line).
 * A block mapping in a sequence has no key of its own and its range runs over several lines.
 */
export function ruleAt(rule: CompiledRule): SourceRef {
  const source = rule.source as Record<string, unknown>;
  const peers = rule.direction === 'ingress' ? 'from' : 'to';
  if (source[peers] !== undefined) return refOf(rule.source, peers);
  if (source.ports !== undefined) return refOf(rule.source, 'ports');
  return refOf(rule.source);
}

/** A policy's `metadata.name`, as a related location. */
export function policyRelated(p: CompiledPolicy | NetworkPolicyNode, message?: string): RelatedLocation {
  const np = 'node' in p ? p.node : p;
  return { at: refOf(np.manifest, 'metadata', 'name'), message: message ?? `NetworkPolicy ${policyName(np)}` };
}

/** A rule's location, as a related location. */
export function ruleRelated(rule: CompiledRule, message?: string): RelatedLocation {
  return { at: ruleAt(rule), message: message ?? qualifiedRuleName(rule) };
}

/** A workload's `metadata.name`, or nothing for one that is not in the input (the implicit CoreDNS). */
export function workloadRelated(w: Workload, message?: string): RelatedLocation[] {
  const at = w.object ? maybeRefOf(w.object.manifest, 'metadata', 'name') : undefined;
  return at ? [{ at, message: message ?? displayName(w) }] : [];
}

/** "Deployment web/frontend". */
export function workloadName(w: Workload): string {
  return displayName(w);
}

/** The workloads of some classes, in id order. */
export function workloadsOf(classes: Iterable<PodClass>): Workload[] {
  return [...classes].flatMap((c) => c.workloads).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The workloads of some classes as "a, b and c" / "a, b, c and 4 more", naming only the first `max`
 * by id: picks them in one pass instead of sorting and formatting every workload (a Service may have
 * thousands of clients).
 */
export function joinWorkloads(classes: Iterable<PodClass>, max = 3): string {
  const first: Workload[] = [];
  let total = 0;
  for (const c of classes)
    for (const w of c.workloads) {
      total++;
      if (first.length === max && w.id >= first[max - 1]!.id) continue;
      first.push(w);
      first.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      if (first.length > max) first.pop();
    }
  const names = first.map(workloadName);
  return total > max ? `${names.join(', ')} and ${total - max} more` : joinAnd(names, max);
}

/** `app=web,tier in (a,b)`, `{}` for the empty selector. */
export function selectorText(selector: M.LabelSelector | undefined): string {
  return formatSelector(selector ?? {});
}

/** A selector that selects everything: no matchLabels pairs and no matchExpressions. */
export function isEmptySelector(selector: M.LabelSelector | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/** "namespace ingress-nginx, labels app.kubernetes.io/name=ingress-nginx", or the stand-in. */
export function controllerText(config: DeepReadonly<NetreachConfig>): string {
  if (!controllerConfigured(config)) return 'the default stand-in, a pod without labels in a namespace of its own; set ingressController in netreach.yaml to name the real one';
  const labels: Labels = config.ingressController.labels;
  const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  return `namespace ${config.ingressController.namespace}, labels ${text === '' ? '{}' : text}`;
}

/** "TCP 8080", "TCP 80,443, UDP 53", "every TCP port", "every port and protocol". */
export function connText(conn: ConnSet): string {
  if (conn.isAll()) return 'every port and protocol';
  return conn
    .protocols()
    .map((p) => (conn.ports(p).isAll() ? `every ${p} port` : `${p} ${conn.ports(p).toString()}`))
    .join(', ');
}
