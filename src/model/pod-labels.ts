/**
 * Labels a controller adds to the pods it creates, beyond its template's: a Service may select them
 * (a per-pod Service on `statefulset.kubernetes.io/pod-name: kafka-0`, a Job's `job-name`).
 * Sources: kube-controller-manager — StatefulSet (pod-name, apps.kubernetes.io/pod-index,
 * controller-revision-hash), DaemonSet (controller-revision-hash, pod-template-generation),
 * Deployment/ReplicaSet (pod-template-hash), Job (job-name, batch.kubernetes.io/job-name,
 * controller-uid, batch.kubernetes.io/controller-uid).
 */
import type { LabelSelector } from '../loader/schemas/index.js';
import type { Labels } from './selectors.js';
import type { Workload } from './types.js';

/** Whether a value is one the controller can give that label; undefined when it never sets the label. */
type ValueTest = (value: string) => boolean;

const ANY: ValueTest = () => true;
const exactly =
  (expected: string): ValueTest =>
  (v) => v === expected;

function generatedLabels(w: Workload): ReadonlyMap<string, ValueTest> {
  if (w.implicit && w.object === undefined) return new Map(); // a controller known only from its Pods: their labels are real
  switch (w.kind) {
    case 'Deployment':
    case 'ReplicaSet':
      return new Map([['pod-template-hash', ANY]]);
    case 'StatefulSet': {
      const replicas = w.replicas ?? 1;
      const ordinal = (s: string) => /^(0|[1-9][0-9]*)$/.test(s) && Number(s) < replicas;
      const prefix = `${w.name}-`;
      return new Map([
        ['statefulset.kubernetes.io/pod-name', (v: string) => v.startsWith(prefix) && ordinal(v.slice(prefix.length))],
        ['apps.kubernetes.io/pod-index', ordinal],
        ['controller-revision-hash', ANY],
      ]);
    }
    case 'DaemonSet':
      return new Map([
        ['controller-revision-hash', ANY],
        ['pod-template-generation', ANY],
      ]);
    case 'Job':
      return new Map([
        ['job-name', exactly(w.name)],
        ['batch.kubernetes.io/job-name', exactly(w.name)],
        ['controller-uid', ANY],
        ['batch.kubernetes.io/controller-uid', ANY],
      ]);
    case 'CronJob':
      // Jobs are named <cronjob>-<scheduled time>: the names are not known in advance.
      return new Map(['job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid'].map((k) => [k, ANY]));
    default:
      return new Map();
  }
}

/**
 * A map selector (Service, ReplicationController) against the pods a workload runs: some pod's labels,
 * completed with what its controller adds, carry every pair.
 */
export function workloadMatchesMap(selector: Labels, w: Workload): boolean {
  const generated = generatedLabels(w);
  const entries = Object.entries(selector);
  return w.podLabels.some((labels) =>
    entries.every(([k, v]) => (Object.hasOwn(labels, k) ? labels[k] === v : (generated.get(k)?.(v) ?? false))),
  );
}

/**
 * Whether a LabelSelector may match some pod of the workload: on one of its pods' label sets, where a
 * key the template lacks may still come from the controller (StatefulSet pod names, Job names …).
 * "May": a selector on `statefulset.kubernetes.io/pod-name: kafka-0` matches one replica of kafka.
 */
export function workloadMayMatchSelector(selector: LabelSelector, w: Workload): boolean {
  const generated = generatedLabels(w);
  return w.podLabels.some((labels) => {
    const has = (k: string) => Object.hasOwn(labels, k);
    const couldBe = (k: string, v: string) => (has(k) ? labels[k] === v : (generated.get(k)?.(v) ?? false));
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (!couldBe(k, v)) return false;
    for (const req of selector.matchExpressions ?? []) {
      const values = req.values ?? [];
      switch (req.operator) {
        case 'In':
          if (!values.some((v) => couldBe(req.key, v))) return false;
          break;
        case 'NotIn':
          if (has(req.key) && values.includes(labels[req.key]!)) return false;
          break;
        case 'Exists':
          if (!has(req.key) && !generated.has(req.key)) return false;
          break;
        case 'DoesNotExist':
          if (has(req.key) || generated.has(req.key)) return false;
          break;
      }
    }
    return true;
  });
}
