/**
 * The security group side, for load balancers whose backend rules the controller does not manage: the targets'
 * security groups (node ENIs, or the ENIs pods get their addresses from) against the source addresses at the target,
 * on the target port (ip) or the node port (instance). Three-valued (src/engine/vpc/security-groups.ts): only what
 * is proven blocked counts — groups not in the input, or whose rules are not all known (eksctl's), never block.
 */
import { ipAtoms } from '../../../src/engine/atoms.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { IpSet } from '../../../src/engine/ip.js';
import { PortSet } from '../../../src/engine/ports.js';
import { evaluateSide, ruleCidrs, type GroupSet } from '../../../src/engine/vpc/security-groups.js';
import { nodeGroupEndpoint, type VpcPlace } from '../../../src/engine/vpc/endpoints.js';
import { ipTargets } from '../../../src/engine/lb/targets.js';
import type { LbContext } from '../../../src/engine/vpc/lb-placement.js';
import type { InfraModel, NodeGroupElement, Reference, SecurityGroupElement } from '../../../src/model/infra/types.js';
import { registeredNodeGroups } from '../../../src/model/lb/targets.js';
import type { LbTargetGroup, LoadBalancer } from '../../../src/model/lb/types.js';
import { protocolOf } from '../../../src/model/ports.js';
import type { Model, Workload } from '../../../src/model/types.js';
import type { NodePortRange } from '../../service/node-port-range.js';
import { healthCheckConn } from '../../../src/engine/lb/health-check.js';

/** The load balancer's own security groups (stated by ID or name): the peer that target rules may reference. */
export function loadBalancerGroups(infra: InfraModel, lb: LoadBalancer): GroupSet | undefined {
  if (!lb.securityGroups) return undefined;
  const known: SecurityGroupElement[] = [];
  const unknown: Reference[] = [];
  for (const name of lb.securityGroups.names) {
    const sg = infra.securityGroups.find((g) => g.id === name || g.key === name || g.name === name);
    if (sg) {
      if (!known.includes(sg)) known.push(sg);
    } else unknown.push({ text: name, resolved: false, at: lb.securityGroups.at });
  }
  return { known, unknown, at: lb.securityGroups.at };
}

/** One node group's targets of a target group: its pods (ip) or its nodes (instance), and the ports each traffic uses. */
export interface SgTarget {
  nodeGroup: NodeGroupElement;
  what: 'pods' | 'nodes';
  places: VpcPlace[];
  traffic: ConnSet;
  /** Health-check ports; undefined when they cannot be resolved. */
  health: ConnSet | undefined;
}

export function sgTargets(model: Model, context: LbContext, tg: LbTargetGroup, backends: readonly Workload[], range: NodePortRange): SgTarget[] {
  const infra = model.infra;
  const port = tg.port!;
  if (tg.targetType.value === 'ip')
    return ipTargets(model, context, port, backends).map((t) => ({
      nodeGroup: t.nodeGroup,
      what: t.what,
      places: t.endpoint.places,
      traffic: t.conn,
      health: healthCheckConn(tg, t.workload),
    }));
  const spec = tg.service!.manifest.spec!;
  // A port without a stated nodePort may get any port of the range; allocateLoadBalancerNodePorts: false gives none.
  if (port.nodePort === undefined && (spec as { allocateLoadBalancerNodePorts?: unknown }).allocateLoadBalancerNodePorts === false) return [];
  const nodePorts = port.nodePort !== undefined ? PortSet.single(port.nodePort) : PortSet.of(range.min, range.max);
  const traffic = ConnSet.of(protocolOf(port), nodePorts);
  const hc = tg.healthCheck.port.value;
  const health =
    hc === 'traffic-port'
      ? ConnSet.of('TCP', nodePorts)
      : typeof hc === 'number'
        ? ConnSet.of('TCP', PortSet.single(hc))
        : hc === 'health-check-node-port'
          ? ConnSet.of('TCP', typeof spec.healthCheckNodePort === 'number' ? PortSet.single(spec.healthCheckNodePort) : PortSet.of(range.min, range.max))
          : undefined;
  // The registered nodes; with externalTrafficPolicy Local only those running a backend pass the health check and get traffic.
  return registeredNodeGroups(infra, context, tg, backends).map((ng) => ({ nodeGroup: ng, what: 'nodes' as const, places: nodeGroupEndpoint(infra, ng).places, traffic, health }));
}

/** What one target's groups refuse from `sources` (carrying the load balancer's groups) on `conn`; undefined when nothing is proven refused. */
export function sgGap(place: VpcPlace, sources: IpSet, lbGroups: GroupSet | undefined, conn: ConnSet): { blocked: IpSet; conn: ConnSet } | undefined {
  if (!place.groups || sources.isEmpty() || conn.isEmpty()) return undefined;
  let blocked = IpSet.empty();
  let refused = ConnSet.none();
  // Each atom lies wholly inside or outside every CIDR the groups' ingress rules name (evaluateSide needs that).
  for (const atom of ipAtoms([sources, ...ruleCidrs(place.groups, 'ingress')])) {
    if (!atom.isSubsetOf(sources)) continue;
    const side = evaluateSide({ addresses: place.addresses, groups: place.groups }, 'ingress', { addresses: atom, groups: lbGroups }, conn);
    const proven = conn.subtract(side.allowed).subtract(side.maybe);
    if (proven.isEmpty()) continue;
    blocked = blocked.union(atom);
    refused = refused.union(proven);
  }
  return blocked.isEmpty() ? undefined : { blocked, conn: refused };
}
