/**
 * Which node groups a workload's pods can run on, from what the manifests state: the pod's
 * nodeSelector against the labels the group's nodes carry, and its tolerations against the group's
 * taints, and its required node affinity against the same labels (Kubernetes "Assigning Pods to Nodes"
 * and "Taints and Tolerations": nodeSelectorTerms ORed, expressions ANDed, a term without expressions
 * matches no node). Labels the kubelet and EKS put on every node are known where the model knows their
 * value (instance type, zone, node group name) and assumed to match otherwise; matchFields (node names)
 * are not known statically and assumed to match.
 */
import type { Toleration } from '../../loader/schemas/index.js';
import type { Workload } from '../types.js';
import type { InfraModel, NodeGroupElement } from './types.js';

/** Prefixes of the labels the kubelet, the cloud provider and EKS set on nodes (kubernetes.io/… "well-known labels"). */
const NODE_LABEL_PREFIXES = ['kubernetes.io/', 'beta.kubernetes.io/', 'node.kubernetes.io/', 'topology.kubernetes.io/', 'failure-domain.beta.kubernetes.io/', 'eks.amazonaws.com/', 'alpha.eksctl.io/', 'k8s.io/'];

/**
 * A label the kubelet, the cloud provider or EKS may set on a node (a well-known prefix): a node group that does not
 * state it may still carry it, with a value the model may not know. Any other label a group does not state is absent.
 */
export function isWellKnownNodeLabel(key: string): boolean {
  return NODE_LABEL_PREFIXES.some((p) => key.startsWith(p));
}

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

/**
 * What a node of the group has for a label: its value, absent, or unknown (a well-known label whose value
 * the model does not know; `test` then says which values are possible, when that much is known).
 */
type NodeLabel = { kind: 'value'; value: string } | { kind: 'absent' } | { kind: 'unknown'; test?: (v: string) => boolean };

function nodeLabel(ng: NodeGroupElement, key: string): NodeLabel {
  if (Object.hasOwn(ng.labels, key)) return { kind: 'value', value: ng.labels[key]! };
  if (!isWellKnownNodeLabel(key)) return { kind: 'absent' }; // a custom label the group does not set
  const test = systemLabel(ng, key);
  return test ? { kind: 'unknown', test } : { kind: 'unknown' };
}

function selectorFits(ng: NodeGroupElement, selector: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => requirementFits(ng, { key, operator: 'In', values: [value] }));
}

interface NodeRequirement {
  key: string;
  operator: string;
  values?: readonly string[];
}

/** One nodeSelectorRequirement (In, NotIn, Exists, DoesNotExist, Gt, Lt); an unknown label may satisfy anything it could. */
function requirementFits(ng: NodeGroupElement, r: NodeRequirement): boolean {
  const label = nodeLabel(ng, r.key);
  const values = r.values ?? [];
  if (label.kind === 'unknown') {
    if (r.operator === 'In' && label.test) return values.some(label.test);
    return r.operator !== 'DoesNotExist' || !label.test; // a label the kubelet always sets exists
  }
  const present = label.kind === 'value';
  const v = present ? label.value : '';
  switch (r.operator) {
    case 'In':
      return present && values.includes(v);
    case 'NotIn':
      return !present || !values.includes(v);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt': {
      const n = Number.parseInt(v, 10);
      const bound = Number.parseInt(values[0] ?? '', 10);
      if (!present || !Number.isInteger(n) || !Number.isInteger(bound)) return false;
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
    default:
      return true; // not an operator the API accepts: the loader reports it; do not guess here
  }
}

/** requiredDuringSchedulingIgnoredDuringExecution: some term whose every matchExpression fits. */
function affinityFits(ng: NodeGroupElement, affinity: unknown): boolean {
  const required = (affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: unknown } } } | undefined)?.nodeAffinity
    ?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms;
  if (!Array.isArray(terms)) return true;
  return terms.some((term: { matchExpressions?: NodeRequirement[]; matchFields?: unknown[] } | null) => {
    const expressions = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
    const fields = Array.isArray(term?.matchFields) ? term.matchFields : [];
    if (expressions.length === 0 && fields.length === 0) return false; // an empty term matches no node
    return expressions.every((r) => typeof r?.key === 'string' && requirementFits(ng, r));
  });
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
  return selectorFits(ng, spec.nodeSelector ?? {}) && affinityFits(ng, spec.affinity) && taintsFit(ng, spec.tolerations ?? []);
}

/** The node groups of the model the workload's pods can be scheduled on. */
export function nodeGroupsFor(w: Workload, infra: InfraModel): NodeGroupElement[] {
  return infra.nodeGroups.filter((ng) => nodeGroupFits(ng, w));
}
