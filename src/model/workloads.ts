/**
 * Workloads: every pod template in the input, with Pods and ReplicaSets folded into the controller
 * that owns them. A Pod whose controller is not in the input stands for that controller (kind and
 * name from the ownerReference), as `kubectl get` output of a running cluster would suggest.
 */
import type { LoadedObject } from '../loader/types.js';
import type * as M from '../loader/schemas/index.js';
import { compareStrings } from '../core/source.js';
import type { Labels } from './selectors.js';
import type { PodTemplate, Workload, WorkloadKind } from './types.js';
import { elementId, namespaceOf } from './identity.js';

const CONTROLLER_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicationController']);
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([...CONTROLLER_KINDS, 'Pod']);

/** Where each kind keeps its pod template. */
function templateOf(obj: LoadedObject): { meta: M.PodTemplateSpec['metadata']; spec: M.PodSpec; path: (string | number)[] } {
  const m = obj.manifest as Record<string, any>;
  switch (obj.kind) {
    case 'Pod':
      return { meta: m.metadata, spec: m.spec, path: ['spec'] };
    case 'CronJob':
      return { meta: m.spec.jobTemplate.spec.template.metadata, spec: m.spec.jobTemplate.spec.template.spec, path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] };
    default:
      return { meta: m.spec.template.metadata, spec: m.spec.template.spec, path: ['spec', 'template', 'spec'] };
  }
}

function replicasOf(obj: LoadedObject): number | undefined {
  const spec = (obj.manifest as Record<string, any>).spec ?? {};
  switch (obj.kind) {
    case 'DaemonSet':
      return undefined;
    case 'Pod':
      return 1;
    case 'Job':
      return spec.parallelism ?? 1;
    case 'CronJob':
      return spec.jobTemplate?.spec?.parallelism ?? 1;
    default:
      return spec.replicas ?? 1;
  }
}

function podTemplate(obj: LoadedObject): PodTemplate {
  const t = templateOf(obj);
  return { labels: t.meta?.labels ?? {}, spec: t.spec, specAt: t.spec, specPath: t.path };
}

/**
 * The controller a Pod or controller belongs to. A mirror pod's owner is its Node (static pods):
 * each static pod is its own workload, not a replica of the node.
 */
function controllerRef(obj: LoadedObject) {
  return obj.manifest.metadata.ownerReferences?.find((r) => r.controller === true && r.kind !== 'Node');
}

export function buildWorkloads(objects: readonly LoadedObject[]): Workload[] {
  const candidates = objects.filter((o) => WORKLOAD_KINDS.has(o.kind));
  const byId = new Map<string, LoadedObject>();
  for (const o of candidates) byId.set(elementId(o.kind, namespaceOf(o.manifest), o.manifest.metadata.name), o);

  /** Follow controller references through the input; stop at the first owner that is not in it. */
  const topOf = (start: LoadedObject): { top: LoadedObject; missing?: { kind: string; name: string } } => {
    let current = start;
    const seen = new Set<LoadedObject>([start]);
    for (;;) {
      const ref = controllerRef(current);
      if (!ref) return { top: current };
      // An ownerReference without kind (cluster dumps, test inputs) names a controller we cannot look up.
      const kind = ref.kind ?? 'Pod';
      const owner = ref.kind === undefined ? undefined : byId.get(elementId(kind, namespaceOf(current.manifest), ref.name));
      if (!owner) return { top: current, missing: { kind, name: ref.name } };
      if (seen.has(owner)) return { top: current }; // ownership cycle: stop where we are
      seen.add(owner);
      current = owner;
    }
  };

  const workloads = new Map<string, Workload>();
  const make = (id: string, w: Omit<Workload, 'id'>) => {
    const existing = workloads.get(id);
    if (existing) return existing;
    const created: Workload = { id, ...w };
    workloads.set(id, created);
    return created;
  };

  const resolved = candidates.map((obj) => ({ obj, ...topOf(obj) }));
  const standsFor = (r: (typeof resolved)[number]) => (r.missing && r.top.kind === 'Pod' ? r.missing : undefined);
  // Objects of the input first, so a controller known only from ownerReferences never takes the id of a real one.
  const realIds = new Set(resolved.filter((r) => !standsFor(r)).map((r) => elementId(r.top.kind, namespaceOf(r.top.manifest), r.top.manifest.metadata.name)));
  for (const { obj, top, missing } of [...resolved.filter((r) => !standsFor(r)), ...resolved.filter(standsFor)]) {
    const ns = namespaceOf(top.manifest);
    const syntheticId = missing && top.kind === 'Pod' ? elementId(missing.kind, ns, missing.name) : undefined;
    if (missing && syntheticId !== undefined && !realIds.has(syntheticId)) {
      // The Pod stands for a controller we do not have: name the workload after it.
      const id = syntheticId;
      const w = make(id, {
        kind: missing.kind as WorkloadKind,
        namespace: ns,
        name: missing.name,
        fqn: `${controllerRef(top)?.apiVersion ?? 'apps/v1'}/${missing.kind}/${ns}/${missing.name}`,
        template: podTemplate(top),
        replicas: 0,
        ownedPods: [],
        podLabels: [],
        implicit: true,
      });
      w.ownedPods.push(top as LoadedObject<M.Pod>);
      w.replicas = (w.replicas ?? 0) + 1;
      addPodLabels(w, top);
      continue;
    }
    const id = elementId(top.kind, ns, top.manifest.metadata.name);
    const w = make(id, {
      kind: top.kind as WorkloadKind,
      namespace: ns,
      name: top.manifest.metadata.name,
      fqn: `${top.apiVersion}/${top.kind}/${ns}/${top.manifest.metadata.name}`,
      object: top,
      template: podTemplate(top),
      replicas: replicasOf(top),
      ownedPods: [],
      podLabels: [podTemplate(top).labels],
      implicit: false,
    });
    if (obj.kind === 'Pod' && obj !== top) w.ownedPods.push(obj as LoadedObject<M.Pod>);
  }
  return [...workloads.values()].sort((a, b) => compareStrings(a.id, b.id));
}

/** Pods of one missing controller may differ in labels (a rollout in progress, a dump): keep each distinct set. */
function addPodLabels(w: Workload, pod: LoadedObject): void {
  const labels = pod.manifest.metadata.labels ?? {};
  const key = JSON.stringify(Object.entries(labels).sort());
  if (!w.podLabels.some((l) => JSON.stringify(Object.entries(l).sort()) === key)) (w.podLabels as Labels[]).push(labels);
}

/**
 * A workload netreach assumes every cluster runs (CoreDNS) rather than one the input declares or
 * implies through its Pods: rules use it (DNS egress), listings of the input's connections leave it out.
 */
export function isAssumedWorkload(w: Workload): boolean {
  return w.implicit && w.object === undefined && w.ownedPods.length === 0;
}

/** CoreDNS as EKS installs it (the `coredns` Deployment behind the `kube-dns` Service). */
export function implicitCoreDns(): Workload {
  const labels = { 'k8s-app': 'kube-dns', 'eks.amazonaws.com/component': 'coredns' };
  const spec: M.PodSpec = {
    containers: [
      {
        name: 'coredns',
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
        ],
      },
    ],
  };
  return {
    id: elementId('Deployment', 'kube-system', 'coredns'),
    fqn: 'apps/v1/Deployment/kube-system/coredns',
    kind: 'Deployment',
    namespace: 'kube-system',
    name: 'coredns',
    template: { labels, spec, specAt: undefined, specPath: ['spec', 'template', 'spec'] },
    replicas: 2,
    ownedPods: [],
    podLabels: [labels],
    implicit: true,
  };
}
