/**
 * The VPC layer under a NetworkPolicy query (`netreach query` with pods on one side): where the pods sit in the
 * VPC — the node groups they can be scheduled on (placement.ts), their pod addresses and security groups there
 * (vpc/endpoints.ts) — and what security groups, routes and network ACLs let through between the two ends
 * (vpc/path.ts), stated in the query's own ports. Combining: what the VPC blocks is removed from what the policies
 * allow; what it leaves unknown removes nothing.
 */
import type { ServiceNode, Workload, Model } from '../model/types.js';
import { protocolOf } from '../model/index.js';
import { nodeGroupsFor } from '../model/infra/placement.js';
import { ConnSet } from './conn-set.js';
import { PortSet } from './ports.js';
import type { QueryResult, Verdict } from './query.js';
import { servicePorts } from './query.js';
import { targetConn } from './reachability.js';
import { nodeGroupEndpoint, podEndpoint, vpcPath, type VpcBlocker, type VpcEndpoint, type VpcHop, type VpcPathResult, type VpcPlace } from './vpc/index.js';

/** The part of a VPC answer a query shows. */
export type VpcLayer = Pick<VpcPathResult, 'verdict' | 'allowed' | 'blocked' | 'blockedEverywhere' | 'unknown' | 'hops' | 'blockers'>;

/** One end of the query as the VPC layer takes it: pods (workloads, a Service's backends) or a VPC endpoint. */
export type LayerEnd =
  | { type: 'vpc'; endpoint: VpcEndpoint }
  | { type: 'workloads'; label: string; workloads: readonly Workload[] }
  | { type: 'service'; label: string; service: ServiceNode; workloads: readonly Workload[] };

/**
 * The pods of these workloads as one VPC endpoint: on every node group each can be scheduled on, the pod addresses
 * and groups the CNI gives them there — or, for hostNetwork pods, the node's own address and groups.
 */
export function podsVpcEndpoint(model: Model, workloads: readonly Workload[], label: string): VpcEndpoint {
  const places = new Map<string, VpcPlace>();
  const notes = new Set<string>();
  for (const w of workloads) {
    const groups = nodeGroupsFor(w, model.infra);
    if (groups.length === 0) notes.add(`pods of ${w.id} fit no node group of the input (nodeSelector, affinity, tolerations)`);
    for (const ng of groups) {
      const end = w.template.spec.hostNetwork === true ? nodeGroupEndpoint(model.infra, ng) : podEndpoint(model.infra, model.cni, ng);
      for (const p of end.places) if (!places.has(p.label)) places.set(p.label, p);
      for (const n of end.notes) notes.add(n);
    }
  }
  return { kind: 'pods', label, places: [...places.values()], notes: [...notes] };
}

/** One vpcPath run, its answer restated in the query's ports. */
interface Leg {
  result: VpcPathResult;
  allowed: ConnSet;
  blocked: ConnSet;
  blockedEverywhere: ConnSet;
}

/**
 * What the VPC lets through from `from` to `to`, in `requested` ports. A Service destination is evaluated per
 * backend on its target ports — kube-proxy DNATs at the source node, so the VPC carries pod-to-backend traffic —
 * and answered in Service ports, like the policy query.
 */
export function vpcLayer(model: Model, from: LayerEnd, to: LayerEnd, requested: ConnSet): VpcLayer {
  const source = endpointOf(model, from);
  if (to.type !== 'service') return vpcPath(model.infra, model.cni, source, endpointOf(model, to), requested);
  const legs = to.workloads.map((w): Leg => {
    const ports = portMap(to.service, w, requested);
    const targets = ports.reduce((acc, p) => acc.union(p.target), ConnSet.none());
    const result = vpcPath(model.infra, model.cni, source, podsVpcEndpoint(model, [w], `pods of ${w.id}`), targets);
    const back = (keep: (target: ConnSet) => boolean) => ports.filter((p) => keep(p.target)).reduce((acc, p) => acc.union(p.service), ConnSet.none());
    return {
      result,
      allowed: back((t) => !t.isEmpty() && t.isSubsetOf(result.allowed)),
      blocked: back((t) => t.overlaps(result.blocked)),
      blockedEverywhere: back((t) => !t.isEmpty() && t.isSubsetOf(result.blockedEverywhere)),
    };
  });
  return merge(servicePorts(to.service).intersect(requested), legs);
}

/**
 * The query's verdict and allowed set once the VPC layer is applied: `allowed` keeps what the policies allow for
 * every pair minus what the VPC blocks anywhere (some placement of the pods); nothing removed → the policy verdict
 * stands; what is left blocked for every placement → deny; otherwise partial.
 */
export function withVpcLayer(policy: QueryResult, layer: VpcLayer): { verdict: Verdict; allowed: ConnSet } {
  const allowed = policy.allowed.subtract(layer.blocked);
  const left = policy.pairs.map((p) => p.allowed.subtract(layer.blocked));
  if (policy.pairs.every((p, i) => left[i]!.equals(p.allowed))) return { verdict: policy.verdict, allowed };
  return { verdict: policy.pairs.every((p) => p.allowed.subtract(layer.blockedEverywhere).isEmpty()) ? 'deny' : 'partial', allowed };
}

function endpointOf(model: Model, end: LayerEnd): VpcEndpoint {
  return end.type === 'vpc' ? end.endpoint : podsVpcEndpoint(model, end.workloads, `pods of ${end.label}`);
}

/** Each requested Service port with the connection it becomes on backend `w` (empty when its targetPort does not resolve there). */
function portMap(service: ServiceNode, w: Workload, requested: ConnSet): { service: ConnSet; target: ConnSet }[] {
  return (service.manifest.spec?.ports ?? [])
    .filter((port) => requested.ports(protocolOf(port)).contains(port.port))
    .map((port) => ({ service: ConnSet.of(protocolOf(port), PortSet.single(port.port)), target: targetConn(port, w) }));
}

/** Allowed on every leg, blocked on any (the rule of vpcPath across address pairs); hops and blockers of all legs, each once. */
function merge(requested: ConnSet, legs: readonly Leg[]): VpcLayer {
  const allowed = legs.length === 0 ? ConnSet.none() : legs.map((l) => l.allowed).reduce((a, b) => a.intersect(b)).intersect(requested);
  const blocked = legs.reduce((acc, l) => acc.union(l.blocked), ConnSet.none()).intersect(requested).subtract(allowed);
  const blockedEverywhere = legs.length === 0 ? ConnSet.none() : legs.map((l) => l.blockedEverywhere).reduce((a, b) => a.intersect(b)).intersect(requested);
  const unknown = requested.subtract(allowed).subtract(blocked);
  const hops = new Map<string, VpcHop>();
  const blockers = new Map<string, VpcBlocker>();
  for (const { result } of legs) {
    for (const h of result.hops) {
      const key = `${h.kind}|${h.message}|${refKey(h.at)}`;
      if (!hops.has(key)) hops.set(key, h);
    }
    for (const b of result.blockers) {
      const key = `${b.layer}|${refKey(b.at)}|${b.setting}`;
      const prev = blockers.get(key);
      blockers.set(key, prev ? { ...prev, blocks: prev.blocks.union(b.blocks) } : b);
    }
  }
  const verdict = allowed.equals(requested) ? 'allow' : blockedEverywhere.equals(requested) ? 'deny' : !blocked.isEmpty() || !allowed.isEmpty() ? 'partial' : 'unknown';
  return { verdict, allowed, blocked, blockedEverywhere, unknown, hops: [...hops.values()], blockers: [...blockers.values()] };
}

const refKey = (at: VpcHop['at']) => (at ? `${at.file}:${at.region.startLine}:${at.region.startColumn}` : '');
