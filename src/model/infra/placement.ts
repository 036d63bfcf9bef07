/**
 * Which node groups a workload's pods can run on, from what the manifests state: the pod's
 * nodeSelector against the labels the group's nodes carry, and its tolerations against the group's
 * taints (Kubernetes "Assigning Pods to Nodes" and "Taints and Tolerations"). Required node affinity is
 * not evaluated (a pod is then assumed to fit). Labels the kubelet and EKS put on every node are known
 * where the model knows their value (instance type, zone, node group name) and assumed to match otherwise.
 */
import type { Toleration } from '../../loader/schemas/index.js';
import type { Workload } from '../types.js';
import type { InfraModel, NodeGroupElement } from './types.js';

/** Prefixes of the labels the kubelet, the cloud provider and EKS set on nodes (kubernetes.io/… "well-known labels"). */
const NODE_LABEL_PREFIXES = ['kubernetes.io/', 'beta.kubernetes.io/', 'node.kubernetes.io/', 'topology.kubernetes.io/', 'failure-domain.beta.kubernetes.io/', 'eks.amazonaws.com/', 'alpha.eksctl.io/', 'k8s.io/'];

/** The values a node of the group may have for a label it does not state; undefined when any value may appear. */
function systemLabel(ng: NodeGroupElement, key: string): ((value: string) => boolean) | undefined {
  switch (key) {
    case 'node.kubernetes.io/instance-type':
    case 'beta.kubernetes.io/instance-type': {
      const types = ng.instanceTypes.filter((t) => t.known).map((t) => (t as { value: string }).value);
      return types.length === ng.instanceTypes.length && types.length > 0 ? (v) => types.includes(v) : undefined;
    }
    case 'topology.kubernetes.io/zone':
    case 'failure-domain.beta.kubernetes.io/zone':
      return ng.availabilityZones.length > 0 ? (v) => ng.availabilityZones.includes(v) : undefined;
    case 'eks.amazonaws.com/nodegroup':
      return ng.managed ? (v) => v === ng.name : undefined;
    case 'alpha.eksctl.io/nodegroup-name':
      return ng.source === 'eksctl' ? (v) => v === ng.name : undefined;
    default:
      return undefined;
  }
}

function selectorFits(ng: NodeGroupElement, selector: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector)) {
    if (Object.hasOwn(ng.labels, key)) {
      if (ng.labels[key] !== value) return false;
      continue;
    }
    if (!NODE_LABEL_PREFIXES.some((p) => key.startsWith(p))) return false; // a custom label the group does not set
    const test = systemLabel(ng, key);
    if (test && !test(value)) return false;
  }
  return true;
}

/** A toleration matches a taint: same key (or Exists with no key), same value for Equal, same effect or none. */
function tolerates(t: Toleration, taint: { key: string; value?: string; effect: string }): boolean {
  if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** Taints that keep pods off (NoSchedule, NoExecute) must each be tolerated; PreferNoSchedule only steers. */
function taintsFit(ng: NodeGroupElement, tolerations: readonly Toleration[]): boolean {
  return ng.taints.filter((t) => t.effect !== 'PreferNoSchedule').every((taint) => tolerations.some((t) => tolerates(t, taint)));
}

export function nodeGroupFits(ng: NodeGroupElement, w: Workload): boolean {
  const spec = w.template.spec;
  return selectorFits(ng, spec.nodeSelector ?? {}) && taintsFit(ng, spec.tolerations ?? []);
}

/** The node groups of the model the workload's pods can be scheduled on. */
export function nodeGroupsFor(w: Workload, infra: InfraModel): NodeGroupElement[] {
  return infra.nodeGroups.filter((ng) => nodeGroupFits(ng, w));
}
