/**
 * Pod demand at maximum scale: for every workload of the model, the most pods it can ask for at once and
 * the field that says so — `spec.replicas` (raised to a HorizontalPodAutoscaler's `maxReplicas`), a Job's
 * `parallelism` (bounded by `completions`), one pod per eligible node for a DaemonSet, 1 for a bare Pod,
 * and CoreDNS's two replicas when the input leaves CoreDNS out.
 *
 * API defaults (kubernetes.io API reference): Deployment/ReplicaSet/StatefulSet/ReplicationController
 * `replicas` 1; Job `parallelism` 1, and a Job never runs more pods than it has completions left; CronJob
 * `concurrencyPolicy` Allow (runs may overlap). HPA: the controller never scales a target above
 * `maxReplicas`, and leaves a target with `replicas: 0` alone (autoscaling is paused), so 0 stays 0.
 * CoreDNS: "two replicas of the CoreDNS image are deployed by default" (EKS user guide, managing-coredns;
 * kubeadm's CoreDNS Deployment has two replicas too).
 *
 * Pure and total: never throws on user input; counts are whole numbers ≥ 0.
 */
import { compareStrings, maybeRefOf, refOf, type SourceRef } from '../core/source.js';
import { nodeGroupsFor } from '../model/infra/placement.js';
import type { HpaNode, Model, Workload, WorkloadKind } from '../model/types.js';
import { isAssumedWorkload } from '../model/workloads.js';

/**
 * Where the count comes from: a field of the workload (`stated`), an HPA's maxReplicas (`hpa`), the API or
 * platform default (`default`), one pod on each eligible node (`per-node`), or — for a controller known only
 * from Pods in the input — the number of those Pods (`observed`).
 */
export type DemandOrigin = 'stated' | 'hpa' | 'default' | 'per-node' | 'observed';

export interface WorkloadDemand {
  /** Workload id ("shop/Deployment/api"). */
  workload: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** The most pods at once; with `perNode`, pods on each node the workload can run on (the caller multiplies by nodes). */
  pods: number;
  perNode: boolean;
  origin: DemandOrigin;
  /** The field stating the count (replicas, maxReplicas, parallelism), or the workload's name when defaulted; absent for assumed CoreDNS. */
  at?: SourceRef;
  /** Other fields taking part (the replicas an HPA raises, the completions bounding parallelism). */
  related: SourceRef[];
  /** Keys of the node groups its pods can be scheduled on (none when the input has no node groups). */
  nodeGroups: string[];
  /** hostNetwork pods take a kubelet pod slot but no pod IP (the VPC CNI gives them the node's address). */
  hostNetwork: boolean;
  /** Not in the input: CoreDNS every cluster runs. */
  assumed: boolean;
  /** Human text on how the count was reached: "spec.replicas 3 raised to HPA web/api maxReplicas 10". */
  explanation: string;
  note?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined);

/** The API group of an apiVersion ("apps/v1" → "apps", "v1" → ""). */
const groupOf = (apiVersion: string | undefined): string | undefined => (apiVersion === undefined ? undefined : apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

/** Field location, else the workload's name, else nothing (synthetic workloads). */
function fieldRef(host: unknown, ...path: string[]): SourceRef | undefined {
  return isObj(host) ? maybeRefOf(host, ...path) : undefined;
}

function nameRef(w: Workload): SourceRef | undefined {
  const m = w.object?.manifest ?? w.ownedPods[0]?.manifest;
  return m ? (maybeRefOf(m, 'metadata', 'name') ?? w.object?.at) : undefined;
}

/** HPAs whose scaleTargetRef names the workload: same namespace, kind, name and API group (when the ref states one). */
export function hpasTargeting(model: Model, w: Workload): HpaNode[] {
  const group = groupOf(w.object?.apiVersion ?? w.fqn.split('/').slice(0, -3).join('/'));
  return model.hpas.filter((h) => {
    const ref = h.manifest.spec.scaleTargetRef;
    if (h.namespace !== w.namespace || ref.kind !== w.kind || ref.name !== w.name) return false;
    const refGroup = groupOf(ref.apiVersion);
    return refGroup === undefined || group === undefined || refGroup === group;
  });
}

interface Count {
  pods: number;
  origin: DemandOrigin;
  at?: SourceRef;
  related: SourceRef[];
  explanation: string;
  note?: string;
}

/** replicas-style controllers: spec.replicas (default 1), raised to the largest HPA maxReplicas. */
function replicaCount(model: Model, w: Workload, spec: Obj | undefined): Count {
  const stated = count(spec?.replicas);
  const base: Count =
    stated !== undefined
      ? { pods: stated, origin: 'stated', at: fieldRef(spec, 'replicas') ?? nameRef(w), related: [], explanation: `spec.replicas ${stated}` }
      : { pods: 1, origin: 'default', at: nameRef(w), related: [], explanation: 'spec.replicas not set (API default 1)' };
  const hpas = hpasTargeting(model, w);
  if (hpas.length === 0) return base;
  // The HPA controller leaves a target scaled to 0 alone: autoscaling is paused until replicas > 0.
  if (stated === 0) return { ...base, note: `HPA ${hpas.map((h) => `${h.namespace}/${h.name}`).join(', ')} paused: spec.replicas is 0` };
  const top = [...hpas].sort((a, b) => b.manifest.spec.maxReplicas - a.manifest.spec.maxReplicas || compareStrings(a.id, b.id))[0]!;
  const max = top.manifest.spec.maxReplicas;
  if (max <= base.pods) return base;
  const hpaAt = refOf(top.manifest.spec, 'maxReplicas');
  return {
    pods: max,
    origin: 'hpa',
    at: hpaAt,
    related: [...(base.at ? [base.at] : []), ...hpas.filter((h) => h !== top).map((h) => refOf(h.manifest.spec, 'maxReplicas'))],
    explanation: `${base.explanation} raised to HPA ${top.namespace}/${top.name} maxReplicas ${max}`,
  };
}

/** A Job spec: parallelism (default 1), never more than completions when set. */
function jobCount(w: Workload, spec: Obj | undefined, prefix: string): Count {
  const parallelism = count(spec?.parallelism);
  const completions = count(spec?.completions);
  const p = parallelism ?? 1;
  const base: Count =
    parallelism !== undefined
      ? { pods: p, origin: 'stated', at: fieldRef(spec, 'parallelism') ?? nameRef(w), related: [], explanation: `${prefix}parallelism ${p}` }
      : { pods: 1, origin: 'default', at: nameRef(w), related: [], explanation: `${prefix}parallelism not set (API default 1)` };
  if (completions !== undefined && completions < p) {
    const at = fieldRef(spec, 'completions');
    return { pods: completions, origin: 'stated', ...(at ? { at } : {}), related: base.at ? [base.at] : [], explanation: `${base.explanation}, bounded by ${prefix}completions ${completions}` };
  }
  return base;
}

function countOf(model: Model, w: Workload): Count {
  const manifest = w.object?.manifest as Obj | undefined;
  const spec = isObj(manifest?.spec) ? manifest.spec : undefined;
  if (isAssumedWorkload(w)) {
    const pods = count(w.replicas) ?? 2;
    return { pods, origin: 'default', related: [], explanation: `CoreDNS is not in the input: ${pods} replicas assumed (EKS and kubeadm deploy two)` };
  }
  if (!w.object) {
    // A controller known only from its Pods: as many pods as the input shows.
    const pods = w.ownedPods.length;
    return { pods, origin: 'observed', at: nameRef(w), related: w.ownedPods.slice(1).flatMap((p) => maybeRefOf(p.manifest, 'metadata', 'name') ?? []), explanation: `${pods} Pod${pods === 1 ? '' : 's'} in the input owned by ${w.kind} ${w.name}` };
  }
  switch (w.kind) {
    case 'Pod':
      return { pods: 1, origin: 'stated', at: nameRef(w), related: [], explanation: 'a bare Pod' };
    case 'Job':
      return jobCount(w, spec, 'spec.');
    case 'CronJob': {
      const jobSpec = isObj(spec?.jobTemplate) && isObj(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
      const c = jobCount(w, jobSpec, 'spec.jobTemplate.spec.');
      const policy = typeof spec?.concurrencyPolicy === 'string' ? spec.concurrencyPolicy : 'Allow';
      // concurrencyPolicy defaults to Allow: a run that outlasts the schedule overlaps the next one.
      return policy === 'Allow' ? { ...c, note: `concurrencyPolicy ${spec?.concurrencyPolicy === undefined ? 'not set (default Allow)' : 'Allow'}: runs may overlap; one run counted` } : c;
    }
    case 'DaemonSet':
      return { pods: 1, origin: 'per-node', at: nameRef(w), related: [], explanation: 'one pod on every node it can run on' };
    default:
      return replicaCount(model, w, spec);
  }
}

/** The most pods each workload of the model can ask for, in workload id order. */
export function podDemand(model: Model): WorkloadDemand[] {
  return [...model.workloads]
    .sort((a, b) => compareStrings(a.id, b.id))
    .map((w) => {
      const c = countOf(model, w);
      const groups = nodeGroupsFor(w, model.infra)
        .map((ng) => ng.key)
        .sort(compareStrings);
      const demand: WorkloadDemand = {
        workload: w.id,
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        pods: c.pods,
        perNode: c.origin === 'per-node',
        origin: c.origin,
        related: c.related,
        nodeGroups: groups,
        hostNetwork: w.template.spec?.hostNetwork === true,
        assumed: isAssumedWorkload(w),
        explanation: c.explanation,
      };
      if (c.at) demand.at = c.at;
      if (c.note) demand.note = c.note;
      return demand;
    });
}

/**
 * Pods in total at maximum scale, given how many nodes each node group may have: per-node workloads count
 * once per node of every eligible group. `ipBacked` leaves out hostNetwork pods (they take no pod IP).
 */
export function totalPods(demand: readonly WorkloadDemand[], maxNodes: (nodeGroupKey: string) => number, options: { ipBacked?: boolean } = {}): number {
  let total = 0;
  for (const d of demand) {
    if (options.ipBacked && d.hostNetwork) continue;
    total += d.perNode ? d.pods * d.nodeGroups.reduce((n, key) => n + Math.max(0, maxNodes(key)), 0) : d.pods;
  }
  return total;
}
