/**
 * `netreach connections --focus …`: which connections to list. A focus names workloads (`ns/name`,
 * `ns/Kind/name`), the workloads that can run on a node group (`nodegroup:<name>`) or on the node groups whose
 * nodes or pods use a subnet (`subnet:<name|id>`), or an address range (a CIDR, an address, `internet`) that the
 * external side of a connection must overlap. A connection is listed when it matches any focus.
 */
import { edgeConnections } from '../engine/lb/edge-connections.js';
import type { LbOptions } from '../model/lb/index.js';
import type { Connection, Endpoint, Reachability } from '../engine/reachability.js';
import { resolveEndpoint } from '../engine/query.js';
import { nodeGroupEndpoint, podEndpoint, resolveVpcEndpoint } from '../engine/vpc/index.js';
import type { IpSet } from '../engine/ip.js';
import { nodeGroupsFor } from '../model/infra/placement.js';
import type { NodeGroupElement } from '../model/infra/types.js';
import type { Model, Workload } from '../model/types.js';
import { UsageError } from './args.js';

type WorkloadTest = (w: Workload) => boolean;

export function focusedConnections(reach: Reachability, specs: readonly string[], lb?: LbOptions): Connection[] {
  const tests: WorkloadTest[] = [];
  const ranges: IpSet[] = [];
  for (const spec of specs) {
    const focus = parseFocus(reach, spec);
    if ('range' in focus) ranges.push(focus.range);
    else tests.push(focus.workloads);
  }
  const focused: WorkloadTest = (w) => tests.some((t) => t(w));
  if (ranges.length === 0) return reach.connections(focused);
  const touches = (e: Endpoint) => e.type === 'workload' && focused(e.workload);
  const direct = reach.connections().flatMap((c) => {
    if (touches(c.src) || touches(c.dst)) return [c];
    // The external side's atoms that overlap a focused range: each listed row then overlaps it.
    const narrow = (e: Endpoint): Endpoint | undefined => {
      if (e.type !== 'external') return undefined;
      const atoms = e.atoms.filter((a) => ranges.some((r) => r.overlaps(a)));
      return atoms.length > 0 ? { type: 'external', atoms } : undefined;
    };
    const src = narrow(c.src);
    const dst = narrow(c.dst);
    if (src) return [{ ...c, src }];
    if (dst) return [{ ...c, dst }];
    return [];
  });
  return [...direct, ...ranges.flatMap((range) => edgeConnections(reach, range, lb))];
}

function parseFocus(reach: Reachability, spec: string): { workloads: WorkloadTest } | { range: IpSet } {
  const model = reach.model;
  if (/^(nodegroup|subnet):/.test(spec)) {
    // resolveVpcEndpoint knows the names (and says what is wrong with one); the elements are looked up after it.
    const r = resolveVpcEndpoint(model.infra, spec);
    if (!r.ok) throw new UsageError(`--focus ${spec}: ${r.error}`);
    const name = spec.slice(spec.indexOf(':') + 1);
    const groups = spec.startsWith('nodegroup:')
      ? model.infra.nodeGroups.filter((x) => x.key === name || x.name === name)
      : model.infra.nodeGroups.filter((ng) => subnetsUsedBy(model, ng).has(r.endpoint.places[0]!.subnet!.key));
    const placement = placementOf(model);
    return { workloads: (w) => placement(w).some((ng) => groups.includes(ng)) };
  }
  const end = resolveEndpoint(reach, spec);
  if (!('error' in end) && end.type === 'addresses') return { range: end.ips };
  const known = model.workloads.map((w) => w.id);
  const parts = spec.split('/');
  const ok = known.some((id) => id === spec || (parts.length === 2 && id.startsWith(`${parts[0]}/`) && id.endsWith(`/${parts[1]}`)));
  if (!ok) {
    throw new UsageError(`--focus ${spec}: no such workload, node group, subnet or address range (write namespace/name, namespace/Kind/name, nodegroup:<name>, subnet:<name>, a CIDR or internet)`);
  }
  return { workloads: (w) => spec === w.id || spec === `${w.namespace}/${w.name}` };
}

/** nodeGroupsFor, once per workload. */
function placementOf(model: Model): (w: Workload) => NodeGroupElement[] {
  const cache = new Map<Workload, NodeGroupElement[]>();
  return (w) => {
    let groups = cache.get(w);
    if (!groups) cache.set(w, (groups = nodeGroupsFor(w, model.infra)));
    return groups;
  };
}

/** The subnets a node group's nodes are in, and those its pods get addresses from (custom networking). */
function subnetsUsedBy(model: Model, ng: NodeGroupElement): Set<string> {
  const places = [...nodeGroupEndpoint(model.infra, ng).places, ...podEndpoint(model.infra, model.cni, ng).places];
  return new Set(places.flatMap((p) => (p.subnet ? [p.subnet.key] : [])));
}
