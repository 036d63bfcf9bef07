/**
 * What a node group has room for at its maximum size, after the pods that run on every node: per node, the kubelet
 * slots (maxPods) and — where the VPC CNI hands out ENI addresses — the pod IPs left once the DaemonSets are placed;
 * on EKS the aws-node and kube-proxy agents count even when the input does not show them. Shared by
 * `netreach capacity` and `capacity/pods-do-not-fit`.
 */
import type { Model } from '../model/types.js';
import type { WorkloadDemand } from './demand.js';
import type { NodeGroupCapacity } from './report.js';

/** Modes where the VPC CNI hands out pod IPs from ENIs: pod IPs are a second limit next to kubelet's maxPods. */
export const ENI_MODES = new Set(['secondary-ip', 'custom-networking', 'prefix-delegation']);
/** Host-network DaemonSets every EKS node runs; the max-pods formula's "+2" is for them (vpc-cni-capacity.md §1.1). */
export const EKS_NODE_AGENTS = ['aws-node', 'kube-proxy'];

export type Limit = 'kubelet' | 'ips';

/** Per node group, what is left per node after the DaemonSets, and the nodes at max size. */
export interface GroupRoom {
  group: NodeGroupCapacity;
  daemonSets: WorkloadDemand[];
  /** EKS node agents the input does not show (aws-node, kube-proxy): they take kubelet slots all the same. */
  missingAgents: string[];
  /** kubelet pod slots left per node (undefined: maxPods not known). */
  kubelet?: { perNode: number; text: string };
  /** Pod IPs left per node, in ENI modes. */
  ips?: { perNode: number; text: string };
}

export function roomOf(group: NodeGroupCapacity, demand: readonly WorkloadDemand[], model: Model): GroupRoom {
  const daemonSets = demand.filter((d) => d.perNode && d.nodeGroups.includes(group.key));
  const eniMode = ENI_MODES.has(group.mode) && group.smallest !== undefined;
  // EKS runs aws-node and kube-proxy on every node whether or not the input has their DaemonSets.
  const missingAgents = eniMode ? EKS_NODE_AGENTS.filter((name) => !model.workloads.some((w) => w.kind === 'DaemonSet' && w.name === name)) : [];
  const room: GroupRoom = { group, daemonSets, missingAgents };
  if (group.maxPods !== undefined) {
    const used = daemonSets.length + missingAgents.length;
    room.kubelet = { perNode: group.maxPods - used, text: used === 0 ? `maxPods ${group.maxPods}` : `maxPods ${group.maxPods} − ${used} DaemonSet pods` };
  }
  if (eniMode) {
    const used = daemonSets.filter((d) => !d.hostNetwork).length;
    const ips = `${group.smallest!.ipBacked} pod IPs of a ${group.smallest!.instanceType}`;
    room.ips = { perNode: group.smallest!.ipBacked - used, text: used === 0 ? ips : `${ips} − ${used} DaemonSet pods` };
  }
  return room;
}

/**
 * A group's slots at max size for one limit. Unknown limits never bind (infinite); nor does a group whose DaemonSets
 * alone overflow its nodes — that is reported as such, and every workload failing there would only repeat it.
 */
export function slotsOf(room: GroupRoom, limit: Limit): number {
  const left = room[limit];
  return left === undefined || left.perNode < 0 ? Number.POSITIVE_INFINITY : left.perNode * room.group.scaling.max;
}

