/**
 * Which nodes a load balancer with instance targets registers: not those labelled
 * `node.kubernetes.io/exclude-from-external-load-balancers` (Kubernetes well-known labels; both controllers honour
 * it), and with the AWS Load Balancer Controller's `target-node-labels` only the nodes carrying those labels. A label
 * the model does not know for a node group (a well-known one the kubelet, the cloud provider or EKS sets) keeps the
 * group in.
 */
import { isWellKnownNodeLabel, nodeGroupsFor } from '../infra/placement.js';
import type { InfraModel, NodeGroupElement } from '../infra/types.js';
import type { Workload } from '../types.js';
import type { LbTargetGroup } from './types.js';

export const EXCLUDE_FROM_LOAD_BALANCERS = 'node.kubernetes.io/exclude-from-external-load-balancers';

export function isRegisteredTarget(ng: NodeGroupElement, targetNodeLabels: Readonly<Record<string, string>> | undefined): boolean {
  if (Object.hasOwn(ng.labels, EXCLUDE_FROM_LOAD_BALANCERS)) return false;
  return Object.entries(targetNodeLabels ?? {}).every(([k, v]) => (Object.hasOwn(ng.labels, k) ? v === '' || ng.labels[k] === v : isWellKnownNodeLabel(k)));
}

/**
 * The node groups of a cluster (`context`) whose nodes get a target group's traffic as instance targets: the
 * registered ones (isRegisteredTarget), and with `externalTrafficPolicy: Local` only those that can run one of
 * `backends` — the others fail the health check on the health check node port, which answers for local endpoints only
 * (Kubernetes "Create an External Load Balancer", preserving the client source IP). In `context` order.
 */
export function registeredNodeGroups(
  infra: InfraModel,
  context: { nodeGroups: readonly NodeGroupElement[] },
  tg: Pick<LbTargetGroup, 'service' | 'targetNodeLabels'>,
  backends: readonly Workload[],
): NodeGroupElement[] {
  const registered = context.nodeGroups.filter((ng) => isRegisteredTarget(ng, tg.targetNodeLabels?.labels));
  if (tg.service?.manifest.spec?.externalTrafficPolicy !== 'Local') return registered;
  const withBackend = new Set(backends.flatMap((w) => nodeGroupsFor(w, infra)));
  return registered.filter((ng) => withBackend.has(ng));
}
