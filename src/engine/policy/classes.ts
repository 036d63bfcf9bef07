/**
 * Pod classes: workloads the policies cannot tell apart. Two workloads fall in one class when they
 * share the namespace, the values of every label key some selector looks at, the named ports some
 * policy names, and hostNetwork. Replicas never matter (a workload is one pod template), so the cost
 * of the analysis grows with the distinct selectors, not with the pods.
 */
import type { Protocol } from '../ports.js';
import type { Labels } from '../../model/selectors.js';
import type { NamespaceNode, Workload } from '../../model/types.js';
import { NAMESPACE_NAME_LABEL } from '../../model/build.js';
import { podContainers, podPorts, SERVING_CONTAINERS } from '../../model/ports.js';

export interface NamedPort {
  protocol: Protocol;
  port: number;
}

export interface PodClass {
  index: number;
  namespace: string;
  namespaceLabels: Labels;
  /** The pod labels of its first workload (members agree on every key a selector reads). */
  labels: Labels;
  hostNetwork: boolean;
  /** The ingress controller's pseudo-pod: a source only, never in `workloads`. */
  ingressController: boolean;
  workloads: readonly Workload[];
  /** Container ports by name, on the pods of this class. */
  namedPorts: ReadonlyMap<string, readonly NamedPort[]>;
}

export interface IngressControllerIdentity {
  namespace: string;
  labels: Labels;
}

/** The container ports a pod exposes by name: its containers and native sidecars (restartPolicy Always). */
export function namedPortsOf(w: Workload): Map<string, NamedPort[]> {
  const out = new Map<string, NamedPort[]>();
  for (const p of podPorts(podContainers(w.template.spec, SERVING_CONTAINERS))) {
    if (p.name === undefined) continue;
    const list = out.get(p.name) ?? [];
    list.push({ protocol: p.protocol, port: p.containerPort });
    out.set(p.name, list);
  }
  return out;
}

export function buildClasses(
  workloads: readonly Workload[],
  namespaces: ReadonlyMap<string, NamespaceNode>,
  selectorKeys: ReadonlySet<string>,
  portNames: ReadonlySet<string>,
  controller: IngressControllerIdentity,
): PodClass[] {
  const nsLabels = (ns: string): Labels => namespaces.get(ns)?.labels ?? { [NAMESPACE_NAME_LABEL]: ns };
  const byKey = new Map<string, { first: Workload; members: Workload[]; named: Map<string, NamedPort[]> }>();
  for (const w of workloads) {
    const named = namedPortsOf(w);
    const key = JSON.stringify([
      w.namespace,
      w.template.spec.hostNetwork === true,
      [...selectorKeys].map((k) => w.template.labels[k] ?? null),
      [...portNames].map((n) => named.get(n) ?? null),
    ]);
    const entry = byKey.get(key);
    if (entry) entry.members.push(w);
    else byKey.set(key, { first: w, members: [w], named });
  }
  const classes: PodClass[] = [...byKey.values()].map((e, index) => ({
    index,
    namespace: e.first.namespace,
    namespaceLabels: nsLabels(e.first.namespace),
    labels: e.first.template.labels,
    hostNetwork: e.first.template.spec.hostNetwork === true,
    ingressController: false,
    workloads: e.members,
    namedPorts: e.named,
  }));
  classes.push({
    index: classes.length,
    namespace: controller.namespace,
    namespaceLabels: nsLabels(controller.namespace),
    labels: controller.labels,
    hostNetwork: false,
    ingressController: true,
    workloads: [],
    namedPorts: new Map(),
  });
  return classes;
}
