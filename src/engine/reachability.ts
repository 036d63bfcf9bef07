/**
 * Reachability over the whole model: workload ↔ workload, workload ↔ address ranges outside the
 * cluster, and the ingress path (Ingress / Gateway routes → Service → targetPort → backend pods),
 * each as the connections the NetworkPolicies allow (PRODUCT.md §2 `connections`).
 */
import { compareStrings } from '../core/source.js';
import type * as M from '../loader/schemas/index.js';
import { ingressBackends, isAssumedWorkload, podContainers, podPorts, protocolOf, referencePermitted, serviceBackendRefs, SERVING_CONTAINERS } from '../model/index.js';
import type { Model, ServiceNode, Workload } from '../model/types.js';
import { ConnSet } from './conn-set.js';
import { IpSet } from './ip.js';
import { ipAtoms } from './atoms.js';
import { PortSet } from './ports.js';
import type { PodClass } from './policy/classes.js';
import { ruleConn, type CompiledRule, type Direction } from './policy/compile.js';
import { PolicyEngine, type EngineOptions } from './policy/engine.js';

export type Endpoint =
  | { type: 'workload'; workload: Workload }
  /** Addresses outside the cluster: the atoms (cut at every ipBlock boundary) with the same connections. */
  | { type: 'external'; atoms: readonly IpSet[] }
  | { type: 'ingress-controller' }
  /** An AWS load balancer in front of pods (listed by `connections --focus` on an address range). */
  | { type: 'load-balancer'; kind: string; name: string };

export interface Connection {
  src: Endpoint;
  dst: Endpoint;
  allowed: ConnSet;
}

export interface ReachabilityOptions extends EngineOptions {
  /** Include IPv6 address ranges (default: only when the input uses IPv6 somewhere). */
  ipv6?: boolean;
}

export class Reachability {
  readonly engine: PolicyEngine;
  /**
   * The address space outside the cluster cut at every ipBlock boundary of one direction's rules
   * (IPv4, and IPv6 when in play): sources for ingress, destinations for egress.
   */
  readonly atoms: { readonly ingress: readonly IpSet[]; readonly egress: readonly IpSet[] };

  constructor(
    readonly model: Model,
    options: ReachabilityOptions,
  ) {
    this.engine = new PolicyEngine(model, options);
    const ingress = this.engine.addressBlocks('ingress');
    const egress = this.engine.addressBlocks('egress');
    const ipv6 = options.ipv6 ?? usesIpv6(model, [...ingress, ...egress]);
    const space = ipv6 ? IpSet.all() : IpSet.allV4();
    const cut = (blocks: IpSet[]) => ipAtoms([...blocks, IpSet.allV4(), ...(ipv6 ? [IpSet.allV6()] : [])]).filter((a) => a.isSubsetOf(space));
    this.atoms = { ingress: cut(ingress), egress: cut(egress) };
  }

  /**
   * Every allowed connection between the input's workloads and the outside, sorted by source then
   * destination; `focus` keeps those touching a workload it accepts. Workloads netreach only assumes
   * (CoreDNS) are left out: the listing is about what the input declares.
   */
  connections(focus?: (w: Workload) => boolean): Connection[] {
    const listed = (w: Workload) => !isAssumedWorkload(w) && (!focus || focus(w));
    return this.#connections(focus, listed);
  }

  #connections(focus: ((w: Workload) => boolean) | undefined, listed: (w: Workload) => boolean): Connection[] {
    const out: Connection[] = [];
    const classes = this.engine.podClasses();
    const touches = (c: PodClass) => !focus || c.workloads.some(focus);
    for (const dst of classes)
      for (const si of this.engine.candidateSources(dst)) {
        const src = this.engine.classes[si]!;
        if (src.ingressController || (!touches(src) && !touches(dst))) continue;
        const allowed = this.engine.connection(src, dst);
        if (allowed.isEmpty()) continue;
        for (const a of src.workloads)
          for (const b of dst.workloads) {
            if (a === b || isAssumedWorkload(a) || isAssumedWorkload(b) || (focus && !focus(a) && !focus(b))) continue;
            out.push({ src: { type: 'workload', workload: a }, dst: { type: 'workload', workload: b }, allowed });
          }
      }
    for (const c of classes) {
      if (!touches(c)) continue;
      for (const { atoms, allowed } of this.addressConnections(c, 'ingress')) {
        const src: Endpoint = { type: 'external', atoms };
        for (const w of c.workloads) if (listed(w)) out.push({ src, dst: { type: 'workload', workload: w }, allowed });
      }
      for (const { atoms, allowed } of this.addressConnections(c, 'egress')) {
        const dst: Endpoint = { type: 'external', atoms };
        for (const w of c.workloads) if (listed(w)) out.push({ src: { type: 'workload', workload: w }, dst, allowed });
      }
    }
    for (const [w, allowed] of this.ingressControllerReach()) {
      if (!listed(w)) continue;
      out.push({ src: { type: 'ingress-controller' }, dst: { type: 'workload', workload: w }, allowed });
    }
    return sortConnections(out);
  }

  /**
   * What a pod class exchanges with the addresses outside the cluster, in one direction: the atoms
   * grouped by equal connections, atoms allowing nothing left out. Same answer as asking the engine
   * atom by atom (ingressFromAddresses / egressToAddresses), but it only visits the atoms each rule's
   * ipBlock covers, so the cost follows the rules, not atoms × classes.
   */
  addressConnections(c: PodClass, direction: Direction): { atoms: IpSet[]; allowed: ConnSet }[] {
    const atoms = this.atoms[direction];
    const isolatedBy = this.engine.isolating(c, direction);
    if (isolatedBy.length === 0) return atoms.length === 0 ? [] : [{ atoms: [...atoms], allowed: ConnSet.all() }];
    const byAtom = new Map<number, ConnSet>();
    for (const p of isolatedBy)
      for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
        if (rule.ips.isEmpty()) continue;
        // Egress to an address: a named port resolves to nothing there.
        const conn = ruleConn(rule, direction === 'ingress' ? c : undefined);
        if (conn.isEmpty()) continue;
        for (const i of this.#atomsCovered(rule, direction)) byAtom.set(i, (byAtom.get(i) ?? ConnSet.none()).union(conn));
      }
    const groups = new Map<string, { atoms: IpSet[]; allowed: ConnSet }>();
    for (const i of [...byAtom.keys()].sort((a, b) => a - b)) {
      const allowed = byAtom.get(i)!;
      const g = groups.get(allowed.key());
      if (g) g.atoms.push(atoms[i]!);
      else groups.set(allowed.key(), { atoms: [atoms[i]!], allowed });
    }
    return [...groups.values()];
  }

  readonly #covered = new Map<CompiledRule, number[]>();

  /** Indices of the atoms a rule's addresses cover (each atom lies wholly inside or outside them). */
  #atomsCovered(rule: CompiledRule, direction: Direction): number[] {
    let found = this.#covered.get(rule);
    if (found) return found;
    const atoms = this.atoms[direction];
    found = [];
    for (const family of [4, 6] as const)
      for (const [lo, hi] of rule.ips.family(family).intervals()) {
        // Atoms are sorted (IPv4 first) and disjoint: find the first one starting at `lo`, walk to `hi`.
        let a = 0;
        let b = atoms.length;
        while (a < b) {
          const mid = (a + b) >>> 1;
          if (atomStart(atoms[mid]!, family) < lo) a = mid + 1;
          else b = mid;
        }
        for (let i = a; i < atoms.length; i++) {
          const range = atoms[i]!.family(family);
          if (range.isEmpty() || range.min()! > hi) break;
          found.push(i);
        }
      }
    this.#covered.set(rule, found);
    return found;
  }

  /**
   * What the ingress controller reaches: every Ingress and Gateway route backend, resolved through its
   * Service to the backend pods and their target ports (after DNAT), intersected with what those pods'
   * ingress policies admit from the controller.
   */
  ingressControllerReach(): Map<Workload, ConnSet> {
    const wanted = new Map<Workload, ConnSet>();
    const add = (svc: ServiceNode | undefined, protocol: 'TCP' | 'UDP', pick: (p: M.ServicePort) => boolean) => {
      if (!svc) return;
      for (const port of svc.manifest.spec?.ports ?? [])
        if (protocolOf(port) === protocol && pick(port))
          for (const w of this.model.backendsOf(svc)) {
            const conn = targetConn(port, w);
            if (!conn.isEmpty()) wanted.set(w, (wanted.get(w) ?? ConnSet.none()).union(conn));
          }
    };
    // Ingress controllers proxy HTTP(S): TCP Service ports only.
    for (const ing of this.model.ingresses)
      for (const b of ingressBackends(ing)) {
        const port = b.port;
        add(this.model.service(b.namespace, b.name), 'TCP', (p) => port === undefined || (port.kind === 'number' ? p.port === port.value : p.name === port.value));
      }
    // Every Service reference of a route (mirrors too: the gateway sends them), if the route may use it.
    for (const route of this.model.routes)
      for (const b of serviceBackendRefs(route)) {
        if (b.port === undefined || !referencePermitted(this.model.referenceGrants, route, b)) continue;
        add(this.model.service(b.namespace, b.name), route.kind === 'UDPRoute' ? 'UDP' : 'TCP', (p) => p.port === b.port);
      }
    const out = new Map<Workload, ConnSet>();
    const controller = this.engine.ingressController;
    for (const [w, conn] of wanted) {
      const dst = this.engine.classOf(w.id);
      if (!dst) continue;
      const allowed = conn.intersect(this.engine.connection(controller, dst));
      if (!allowed.isEmpty()) out.set(w, allowed);
    }
    return out;
  }
}

/** Where an atom starts in `family` (IPv4 atoms sort before IPv6 ones, which start past every IPv4 address). */
function atomStart(atom: IpSet, family: 4 | 6): bigint {
  const own = atom.family(family);
  if (!own.isEmpty()) return own.min()!;
  return family === 4 ? 1n << 128n : -1n;
}

/** The connection a Service port forwards to on one backend workload (named targetPorts resolved on it). */
export function targetConn(port: M.ServicePort, w: Workload): ConnSet {
  const protocol = protocolOf(port);
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return ConnSet.of(protocol, PortSet.single(target));
  // The first container port with that name and protocol, in the endpoints controller's order (FindPort).
  const found = podPorts(podContainers(w.template.spec, SERVING_CONTAINERS)).find((p) => p.name === target && p.protocol === protocol);
  return found ? ConnSet.of(protocol, PortSet.single(found.containerPort)) : ConnSet.none();
}

/** IPv6 is in play when a policy, a Service or a Node uses it. */
function usesIpv6(model: Model, blocks: readonly IpSet[]): boolean {
  if (blocks.some((b) => !b.v6.isEmpty())) return true;
  if (model.services.some((s) => s.manifest.spec?.ipFamilies?.includes('IPv6'))) return true;
  return model.nodes.some((n) => (n.manifest.spec?.podCIDRs ?? []).some((c) => c.includes(':')));
}

/** How an endpoint is written in txt output and sorted (np-guard's connlist notation). */
export function endpointName(e: Endpoint): string {
  switch (e.type) {
    case 'workload':
      return workloadEndpointName(e.workload);
    case 'external':
      return externalEndpointName(e.atoms);
    case 'ingress-controller':
      return INGRESS_CONTROLLER_NAME;
    case 'load-balancer':
      return loadBalancerEndpointName(e);
  }
}

/** The np-guard notation's parts, for callers that hold plain data rather than an Endpoint (netreach diff). */
export const workloadEndpointName = (w: { namespace: string; name: string; kind: string }): string => `${w.namespace}/${w.name}[${w.kind}]`;
export const externalEndpointName = (atoms: readonly IpSet[]): string => `${atoms.map((a) => a.toRanges().join(',')).join(',')}[External]`;
export const INGRESS_CONTROLLER_NAME = '{ingress-controller}';
/** "{ALB shop/storefront}": braces like the ingress controller's, for an element that is not a pod. */
export const loadBalancerEndpointName = (lb: { kind: string; name: string }): string => `{${lb.kind} ${lb.name}}`;

/** By source, then destination name: each name rendered once (an address group may hold hundreds of atoms). */
function sortConnections(list: Connection[]): Connection[] {
  const names = new Map<Endpoint, string>();
  const name = (e: Endpoint) => {
    let n = names.get(e);
    if (n === undefined) names.set(e, (n = endpointName(e)));
    return n;
  };
  const keyed = list.map((c) => ({ c, src: name(c.src), dst: name(c.dst) }));
  keyed.sort((a, b) => compareStrings(a.src, b.src) || compareStrings(a.dst, b.dst));
  return keyed.map((k) => k.c);
}
