/**
 * What the `kube-proxy/` rules share: the plans kube-proxy runs with (src/model/kube-proxy.ts), the node groups and
 * Nodes a plan applies to, and how a plan is named and located in findings.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import { maybeRefOf, type SourceRef } from '../../src/core/source.js';
import type { ObjectRef } from '../../src/lint/define-rule.js';
import { infraLabel } from '../../src/model/infra/label.js';
import type { InfraModel, NodeGroupElement } from '../../src/model/infra/types.js';
import type { KubeProxyPlan } from '../../src/model/kube-proxy.js';
import { kubernetesMinor, kubernetesVersionText } from '../../src/model/node-os.js';
import type { Model, NodeNode } from '../../src/model/types.js';
import { InfraIndex } from '../vpc/infra.js';

/** "kube-proxy of EKS cluster shop" / "kube-proxy configuration in kp.yaml" / "kube-proxy DaemonSet in ds.yaml": how messages start. */
export function planSubject(plan: KubeProxyPlan): string {
  if (plan.cluster) return `kube-proxy of EKS cluster ${infraLabel(plan.cluster)}`;
  return plan.origin === 'kube-proxy-flags' ? `kube-proxy DaemonSet in ${plan.at.file}` : `kube-proxy configuration in ${plan.at.file}`;
}

/** The finding's object: the EKS cluster, or the configuration document (or DaemonSet) itself. */
export function planObject(plan: KubeProxyPlan): ObjectRef {
  if (plan.cluster) return { id: `EksCluster/${plan.cluster.key}`, fqn: `AWS::EKS::Cluster/${plan.cluster.key}`, name: infraLabel(plan.cluster) };
  if (plan.origin === 'kube-proxy-flags') {
    const id = `DaemonSet/${plan.at.file}#${plan.at.doc}`;
    return { id, fqn: `apps/${id}`, name: `kube-proxy DaemonSet in ${plan.at.file}` };
  }
  const id = `KubeProxyConfiguration/${plan.at.file}#${plan.at.doc}`;
  return { id, fqn: `kubeproxy.config.k8s.io/${id}`, name: `kube-proxy configuration in ${plan.at.file}` };
}

/**
 * The related location of the plan's cluster version, printed as `1.<minor>`; an unquoted 1.30 (the YAML number 1.3)
 * says so, since tools that pass the number on send EKS "1.3" (hashicorp/terraform-provider-aws#37722).
 */
export function versionRelated(plan: KubeProxyPlan): RelatedLocation | undefined {
  const cluster = plan.cluster;
  const version = cluster?.version;
  if (!cluster || !version) return undefined;
  const text = kubernetesVersionText(version.value);
  const raw = version.value.trim();
  const note = !/^1\.\d$/.test(raw) ? '' : ` (written ${raw}: an unquoted YAML ${text} is the number ${raw}, read here as ${text}; a tool passing it on as a number sends EKS "${raw}")`;
  return { at: version.at, message: `EKS cluster ${infraLabel(cluster)}: version ${text}${note}` };
}

/** The Kubernetes minor version of the plan's cluster, when the input states it. */
export function planMinor(plan: KubeProxyPlan): number | undefined {
  const v = plan.cluster?.version?.value;
  return v === undefined ? undefined : kubernetesMinor(v);
}

/**
 * The node groups kube-proxy runs on under this plan: the cluster's, or — for a configuration tied to no cluster —
 * every node group when the input has at most one cluster.
 */
export function nodeGroupsOfPlan(model: Model, plan: KubeProxyPlan): NodeGroupElement[] {
  const index = indexOf(model.infra);
  const clusters = model.infra.clusters.length;
  if (!plan.cluster) return clusters <= 1 ? [...model.infra.nodeGroups] : [];
  return model.infra.nodeGroups.filter((ng) => {
    const c = index.clusterOf(ng);
    return c === plan.cluster || (c === undefined && clusters === 1);
  });
}

/** One InfraIndex per infra model: the rules ask per plan. */
const indexes = new WeakMap<InfraModel, InfraIndex>();

function indexOf(infra: InfraModel): InfraIndex {
  let index = indexes.get(infra);
  if (!index) indexes.set(infra, (index = new InfraIndex(infra)));
  return index;
}

/** Node objects of the input whose plan this is (Nodes name no cluster: only with at most one cluster in the input). */
export function nodesOfPlan(model: Model, plan: KubeProxyPlan): readonly NodeNode[] {
  return model.infra.clusters.length <= 1 || plan.cluster === undefined ? model.nodes : [];
}

/** A Node's status.nodeInfo field as text, with its location. */
export function nodeInfo(node: NodeNode, field: 'kernelVersion' | 'osImage' | 'operatingSystem'): { value: string; at: SourceRef } | undefined {
  const info = (node.manifest as { status?: { nodeInfo?: Record<string, unknown> } }).status?.nodeInfo;
  const value = info?.[field];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const at = maybeRefOf(node.manifest, 'status', 'nodeInfo', field);
  return at ? { value, at } : undefined;
}
