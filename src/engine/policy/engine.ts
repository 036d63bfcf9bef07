/**
 * The NetworkPolicy engine: what one pod class may send to another, or to and from an address range.
 * A connection is allowed when the source's egress allows it (or no policy isolates the source for
 * egress) AND the destination's ingress allows it (or nothing isolates it for ingress); policies are
 * additive (the union of their rules). hostNetwork pods are outside enforcement. PRODUCT.md §3.
 */
import { InternalError } from '../../core/source.js';
import type { Model, NetworkPolicyNode } from '../../model/types.js';
import { ConnSet } from '../conn-set.js';
import { IpSet } from '../ip.js';
import { buildClasses, type IngressControllerIdentity, type PodClass } from './classes.js';
import { Bitset } from './bitset.js';
import { classMasks, compilePolicy, ruleConn, type CompiledPolicy, type CompiledRule, type Direction } from './compile.js';
import { SelectorIndex } from './selector-index.js';

/** A rule that allowed (part of) a connection, with what it allowed. */
export interface Contribution {
  rule: CompiledRule;
  conn: ConnSet;
}

/** One direction of a verdict: isolated or not, what is allowed, and which rules allowed it. */
export interface DirectionVerdict {
  direction: Direction;
  /** The policies that isolate the subject in this direction (none: everything is allowed). */
  isolatedBy: readonly CompiledPolicy[];
  allowed: ConnSet;
  contributions: readonly Contribution[];
}

export interface EngineOptions {
  ingressController: IngressControllerIdentity;
  /**
   * hostNetwork pods are outside NetworkPolicy enforcement (PRODUCT.md §3; OpenShift/OVN, Calico and
   * Cilium docs: "a network policy does not apply to the host network namespace") — 'unenforced', the
   * default. 'enforced' treats them like other pods, as np-guard's netpol-analyzer does.
   */
  hostNetwork?: 'unenforced' | 'enforced';
  /** Extra label keys that must stay distinguishable (invariant selectors from the config). */
  extraSelectorKeys?: Iterable<string>;
}

export class PolicyEngine {
  readonly classes: readonly PodClass[];
  readonly policies: readonly CompiledPolicy[];
  readonly index: SelectorIndex;
  /** The ingress controller's pseudo-pod class. */
  readonly ingressController: PodClass;
  readonly #ingressPolicies: CompiledPolicy[][];
  readonly #egressPolicies: CompiledPolicy[][];
  readonly #classOfWorkload = new Map<string, PodClass>();
  readonly #hostNetworkEnforced: boolean;
  /** Classes no policy isolates for egress. */
  readonly #notEgressIsolated: Bitset;
  /** Each egress rule's destinations with the classes it speaks for (the isolated pods of its policy). */
  readonly #egressRules: { pods: Bitset; senders: Bitset }[] = [];

  constructor(model: Model, options: EngineOptions) {
    const { keys, portNames } = selectorVocabulary(model.networkPolicies);
    for (const k of options.extraSelectorKeys ?? []) keys.add(k);
    this.#hostNetworkEnforced = options.hostNetwork === 'enforced';
    this.classes = buildClasses(model.workloads, model.namespaces, keys, portNames, options.ingressController);
    this.ingressController = this.classes[this.classes.length - 1]!;
    for (const c of this.classes) for (const w of c.workloads) this.#classOfWorkload.set(w.id, c);
    this.index = new SelectorIndex(this.classes);
    const masks = classMasks(this.classes, this.classes.length, this.#hostNetworkEnforced);
    this.policies = model.networkPolicies.map((np) => compilePolicy(np, this.index, masks));
    this.#ingressPolicies = this.classes.map(() => []);
    this.#egressPolicies = this.classes.map(() => []);
    for (const p of this.policies) {
      for (const c of p.selects) {
        if (p.isolatesIngress) this.#ingressPolicies[c]!.push(p);
        if (p.isolatesEgress) this.#egressPolicies[c]!.push(p);
      }
      if (p.selectsIngressController && p.isolatesEgress) this.#egressPolicies[this.ingressController.index]!.push(p);
    }
    const egressIsolated = this.classes.filter((c) => this.isolating(c, 'egress').length > 0);
    this.#notEgressIsolated = Bitset.of(this.classes.length, egressIsolated.map((c) => c.index)).not();
    const isolatedMask = this.#notEgressIsolated.not();
    for (const p of this.policies) for (const r of p.egress) this.#egressRules.push({ pods: r.pods, senders: p.selects.and(isolatedMask) });
  }

  /** The compiled form of a policy of the model. */
  compiledOf(node: NetworkPolicyNode): CompiledPolicy {
    this.#compiled ??= new Map(this.policies.map((p) => [p.node, p]));
    const found = this.#compiled.get(node);
    if (!found) throw new InternalError(`no compiled policy for ${node.id}`);
    return found;
  }

  #compiled: Map<NetworkPolicyNode, CompiledPolicy> | undefined;

  classOf(workloadId: string): PodClass | undefined {
    return this.#classOfWorkload.get(workloadId);
  }

  /**
   * Policies isolating the class in `direction`: none for unenforced hostNetwork pods; for the ingress
   * controller, the egress policies of its namespace that select it (it is never a destination).
   */
  isolating(c: PodClass, direction: Direction): readonly CompiledPolicy[] {
    if (c.hostNetwork && !this.#hostNetworkEnforced) return [];
    if (c.ingressController && direction === 'ingress') return [];
    return (direction === 'ingress' ? this.#ingressPolicies : this.#egressPolicies)[c.index]!;
  }

  /** Whether NetworkPolicy applies to the pods of a class: not to hostNetwork pods unless configured 'enforced'. */
  enforces(c: PodClass): boolean {
    return !c.hostNetwork || this.#hostNetworkEnforced;
  }

  /** What `dst` admits from pod class `src` (ingress side only). */
  ingress(dst: PodClass, src: PodClass): DirectionVerdict {
    return this.#verdict('ingress', dst, (r) => r.pods.has(src.index), () => dst);
  }

  /** What `src` may send to pod class `dst` (egress side only; named ports resolve on `dst`). */
  egress(src: PodClass, dst: PodClass): DirectionVerdict {
    return this.#verdict('egress', src, (r) => r.pods.has(dst.index), () => dst);
  }

  /** What `dst` admits from every address of `range` (an atom: each rule's ipBlock holds all of it or none). */
  ingressFromAddresses(dst: PodClass, range: IpSet): DirectionVerdict {
    return this.#verdict('ingress', dst, (r) => range.isSubsetOf(r.ips), () => dst);
  }

  /** What `src` may send to every address of `range` (named ports resolve to nothing on an address). */
  egressToAddresses(src: PodClass, range: IpSet): DirectionVerdict {
    return this.#verdict('egress', src, (r) => range.isSubsetOf(r.ips), () => undefined);
  }

  /** Both sides: egress at `src` ∩ ingress at `dst` (no explanation kept: the hot path of the listing). */
  connection(src: PodClass, dst: PodClass): ConnSet {
    const out = this.#allowed('egress', src, dst, (r) => r.pods.has(dst.index));
    return out.isEmpty() ? out : out.intersect(this.#allowed('ingress', dst, dst, (r) => r.pods.has(src.index)));
  }

  #allowed(direction: Direction, subject: PodClass, target: PodClass | undefined, admits: (r: CompiledRule) => boolean): ConnSet {
    const isolatedBy = this.isolating(subject, direction);
    if (isolatedBy.length === 0) return ConnSet.all();
    let allowed = ConnSet.none();
    for (const p of isolatedBy)
      for (const rule of direction === 'ingress' ? p.ingress : p.egress) if (admits(rule)) allowed = allowed.union(ruleConn(rule, target));
    return allowed;
  }

  /**
   * The pod classes that can possibly send to `dst`: those its ingress rules admit (all when it is not
   * isolated), and among them those whose egress lets something reach `dst`. A superset of the real
   * senders, cheap to compute, so listing connections costs the rules and the output, not C².
   */
  candidateSources(dst: PodClass): Bitset {
    const size = this.classes.length;
    const ingressIsolation = this.isolating(dst, 'ingress');
    const out = this.#egressReach(dst);
    if (ingressIsolation.length === 0) return out;
    const bySenders = Bitset.empty(size);
    for (const p of ingressIsolation) for (const r of p.ingress) bySenders.orInPlace(r.pods);
    return out.andInPlace(bySenders);
  }

  /** Classes whose egress may reach `dst`: the not egress-isolated ones, and those an egress rule naming `dst` selects. */
  #egressReach(dst: PodClass): Bitset {
    const reach = this.#notEgressIsolated.copy();
    for (const { pods, senders } of this.#egressRules) if (pods.has(dst.index)) reach.orInPlace(senders);
    return reach;
  }

  #verdict(direction: Direction, subject: PodClass, admits: (r: CompiledRule) => boolean, dst: () => PodClass | undefined): DirectionVerdict {
    const isolatedBy = this.isolating(subject, direction);
    if (isolatedBy.length === 0) return { direction, isolatedBy, allowed: ConnSet.all(), contributions: [] };
    const contributions: Contribution[] = [];
    let allowed = ConnSet.none();
    const target = dst();
    for (const p of isolatedBy)
      for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
        if (!admits(rule)) continue;
        const conn = ruleConn(rule, target);
        if (conn.isEmpty()) continue;
        contributions.push({ rule, conn });
        allowed = allowed.union(conn);
      }
    return { direction, isolatedBy, allowed, contributions };
  }

  /** Every ipBlock of the policies' rules in one direction: the boundaries that cut the address space into atoms. */
  addressBlocks(direction: Direction): IpSet[] {
    return this.policies
      .flatMap((p) => (direction === 'ingress' ? p.ingress : p.egress))
      .flatMap((r) => r.peers.map((peer) => peer.ips).filter((ips) => !ips.isEmpty()));
  }

  /** The classes of pods in the input (without the ingress controller). */
  podClasses(): readonly PodClass[] {
    return this.classes.slice(0, -1);
  }
}

/** Label keys any policy selector reads, and port names any policy names: what classes must keep apart. */
function selectorVocabulary(policies: readonly NetworkPolicyNode[]): { keys: Set<string>; portNames: Set<string> } {
  const keys = new Set<string>();
  const portNames = new Set<string>();
  const addSelector = (s: { matchLabels?: Record<string, string> | undefined; matchExpressions?: { key: string }[] | undefined } | undefined) => {
    for (const k of Object.keys(s?.matchLabels ?? {})) keys.add(k);
    for (const e of s?.matchExpressions ?? []) keys.add(e.key);
  };
  for (const np of policies) {
    const spec = np.manifest.spec;
    addSelector(spec.podSelector);
    const rules = [...(spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })), ...(spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }))];
    for (const rule of rules) {
      for (const peer of rule.peers ?? []) addSelector(peer.podSelector);
      for (const port of rule.ports ?? []) if (typeof port.port === 'string') portNames.add(port.port);
    }
  }
  return { keys, portNames };
}

