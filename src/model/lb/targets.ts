/**
 * Which nodes a load balancer with instance targets registers: not those labelled
 * `node.kubernetes.io/exclude-from-external-load-balancers` (Kubernetes well-known labels; both controllers honour
 * it), and with the AWS Load Balancer Controller's `target-node-labels` only the nodes carrying those labels. A label
 * the model does not know for a node group (one the kubelet, the cloud provider or EKS sets) keeps the group in.
 */
import type { NodeGroupElement } from '../infra/types.js';

export const EXCLUDE_FROM_LOAD_BALANCERS = 'node.kubernetes.io/exclude-from-external-load-balancers';
/** Labels the kubelet, the cloud provider or EKS put on nodes: the model may not know their value. */
const SYSTEM_LABEL = /^([a-z0-9.-]*\.)?(kubernetes\.io|k8s\.io)\/|^eks\.amazonaws\.com\/|^([a-z0-9.-]*\.)?eksctl\.io\//;

export function isRegisteredTarget(ng: NodeGroupElement, targetNodeLabels: Readonly<Record<string, string>> | undefined): boolean {
  if (Object.hasOwn(ng.labels, EXCLUDE_FROM_LOAD_BALANCERS)) return false;
  return Object.entries(targetNodeLabels ?? {}).every(([k, v]) => (Object.hasOwn(ng.labels, k) ? v === '' || ng.labels[k] === v : SYSTEM_LABEL.test(k)));
}
