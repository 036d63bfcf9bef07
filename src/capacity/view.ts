/**
 * What `netreach capacity` shows: the capacity report (pods per node, subnets at max scale) joined with the pod
 * demand per node group, the service CIDRs and an overlay's per-node pod CIDRs — one plain, deterministic structure
 * the text, JSON and markdown formats print.
 */
import type { SourceRef } from '../core/source.js';
import type { Model } from '../model/types.js';
import { podDemand } from './demand.js';
import { roomOf } from './room.js';
import { podCidrCapacity } from './pod-cidr.js';
import { capacityReport, type CapacityReport, type NodeGroupCapacity, type SubnetCapacity } from './report.js';
import { serviceCidrCapacity } from './service-cidr.js';

export interface NodeGroupRow {
  group: NodeGroupCapacity;
  /** Pods of workloads that can run only on this node group, at their maximum. */
  demandHere: number;
  /** Pods of workloads that may run here or on other node groups. */
  demandShared: number;
  /** DaemonSets running on each node of the group. */
  daemonSets: number;
  /** Pods per node that room is left for after the DaemonSets (the tighter of pod IPs and kubelet slots). */
  freePerNode?: number;
  /** Pods at max size left after the DaemonSets and the pods that can only run here (negative: short). */
  headroom?: number;
}

export interface ServiceCidrRow {
  cidr: string;
  at: SourceRef;
  origin: 'stated' | 'default';
  allocatable: number;
  needed: number;
  headroom: number;
}

export interface PodCidrRow {
  cidr: string;
  at: SourceRef;
  label: string;
  nodeCidrs: number;
  maxNodes?: number;
  podIpsPerNode: number;
}

export interface CapacityView {
  cni: CapacityReport['cni'];
  nodeGroups: NodeGroupRow[];
  subnets: SubnetCapacity[];
  serviceCidrs: ServiceCidrRow[];
  podCidrs: PodCidrRow[];
  notes: string[];
}

export function capacityView(model: Model, config?: Parameters<typeof serviceCidrCapacity>[1]): CapacityView {
  const report = capacityReport(model);
  const demand = podDemand(model);
  const nodeGroups = report.nodeGroups.map((group): NodeGroupRow => {
    const fixed = demand.filter((d) => !d.perNode && d.nodeGroups.length === 1 && d.nodeGroups[0] === group.key);
    const shared = demand.filter((d) => !d.perNode && d.nodeGroups.length > 1 && d.nodeGroups.includes(group.key));
    const room = roomOf(group, demand, model);
    const demandHere = fixed.reduce((n, d) => n + d.pods, 0);
    const row: NodeGroupRow = { group, demandHere, demandShared: shared.reduce((n, d) => n + d.pods, 0), daemonSets: room.daemonSets.length };
    const free = [room.ips?.perNode, room.kubelet?.perNode].filter((n): n is number => n !== undefined);
    if (free.length > 0) {
      row.freePerNode = Math.min(...free);
      row.headroom = Math.max(0, row.freePerNode) * group.scaling.max - demandHere;
    }
    return row;
  });
  const serviceCidrs = serviceCidrCapacity(model, config).map(
    (c): ServiceCidrRow => ({
      cidr: c.space.cidr,
      at: c.space.at,
      origin: c.space.origin,
      allocatable: c.allocatable.count,
      needed: c.needed.total,
      headroom: c.allocatable.count - c.needed.total,
    }),
  );
  const pods = podCidrCapacity(model);
  const podCidrs = pods.plans.map((p): PodCidrRow => {
    const row: PodCidrRow = { cidr: p.cidr, at: p.at, label: p.label, nodeCidrs: p.nodeCidrs, podIpsPerNode: p.podIpsPerNode };
    if (pods.maxNodes) row.maxNodes = pods.maxNodes.count;
    return row;
  });
  return { cni: report.cni, nodeGroups, subnets: report.subnets, serviceCidrs, podCidrs, notes: report.notes };
}
