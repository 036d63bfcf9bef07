/**
 * Why a Service would have no ready endpoint for a call, as the endpoints controllers and kube-proxy would see the
 * input: its selector picks no pod template, its only backends are scaled to zero, a selector-less Service has no
 * ready address listed, or the called port's named targetPort resolves in none of the backends.
 */
import type { SourceRef } from '../core/source.js';
import { maybeRefOf } from '../core/source.js';
import { hpasTargeting } from '../capacity/demand.js';
import { targetConn } from '../engine/reachability.js';
import type { ServicePort } from '../loader/schemas/index.js';
import { nearMisses, type Labels, type NearMiss } from '../model/selectors.js';
import { isHeadless, serviceSelector, serviceTypeOf } from '../model/services.js';
import type { EndpointSliceNode, EndpointsNode, HpaNode, Model, ServiceNode, Workload } from '../model/types.js';

/** A workload that would back the Service but runs no pods. */
export interface IdleBackend {
  workload: Workload;
  /** The field that holds the zero: `spec.replicas`, `spec.parallelism` (Job), `spec.jobTemplate.spec.parallelism` (CronJob). */
  field: string;
  at: SourceRef | undefined;
  /** HPAs of the workload, inactive while it is at zero replicas. */
  pausedHpas: HpaNode[];
}

export type NoBackends =
  | { kind: 'selector-matches-nothing'; selector: Labels; closest: NearMiss[] }
  | { kind: 'scaled-to-zero'; selector: Labels; idle: IdleBackend[] }
  /** No selector: the Endpoints and EndpointSlices the input has for it (possibly none), none with a ready address. */
  | { kind: 'no-endpoints'; endpoints: EndpointsNode | undefined; slices: readonly EndpointSliceNode[] }
  | { kind: 'target-port-unresolved'; port: ServicePort; name: string; backends: Workload[] };

/** Near misses named in one message; the rest are left out. */
const MAX_NEAR_MISSES = 3;

/**
 * Why the Service has no endpoint for `servicePort` (the Service port a call names, if it names one), or undefined
 * when it has one. ExternalName Services (a DNS alias) and `default/kubernetes` (its endpoints are the API
 * server's, maintained by the API server itself) are never without backends here.
 */
export function whyNoBackends(model: Model, svc: ServiceNode, servicePort: ServicePort | undefined): NoBackends | undefined {
  if (serviceTypeOf(svc) === 'ExternalName') return undefined;
  if (svc.namespace === 'default' && svc.name === 'kubernetes') return undefined;
  const selector = serviceSelector(svc);
  if (!selector) return selectorLess(model, svc);

  const backends = model.backendsOf(svc);
  if (backends.length === 0)
    // Pods an operator makes from a custom resource of the input are backends all the same.
    return model.operatorBackendsOf(svc).length > 0 ? undefined : { kind: 'selector-matches-nothing', selector, closest: nearMisses(selector, model.workloadsIn(svc.namespace)).slice(0, MAX_NEAR_MISSES) };
  const idle = backends.map((w) => idleBackend(model, w));
  const running = backends.filter((_, i) => idle[i] === undefined);
  if (running.length === 0) return { kind: 'scaled-to-zero', selector, idle: idle.filter((b): b is IdleBackend => b !== undefined) };

  // A named targetPort resolves per pod (FindPort); a pod without that name is left out of the port's endpoints.
  // A headless Service has no cluster IP to translate: its clients call the pods directly, targetPort plays no part.
  const name = servicePort?.targetPort;
  if (servicePort && typeof name === 'string' && !isHeadless(svc) && running.every((w) => targetConn(servicePort, w).isEmpty()))
    return { kind: 'target-port-unresolved', port: servicePort, name, backends: running };
  return undefined;
}

// Kept for src/deps/check.ts, which imports it from here; new code imports it from src/model/services.js.

/**
 * Without a selector no controller writes the Service's endpoints: they are whatever Endpoints / EndpointSlices were
 * created by hand. An address counts when it is ready — Endpoints `subsets[].addresses` (not `notReadyAddresses`);
 * EndpointSlice `conditions.ready` unset or true (unset means ready) — or terminating and serving (unset means
 * serving), which kube-proxy falls back to when nothing else is left (ProxyTerminatingEndpoints, KEP-1669) — or when
 * the Service sets `publishNotReadyAddresses`, which tells every consumer to disregard readiness.
 */
function selectorLess(model: Model, svc: ServiceNode): NoBackends | undefined {
  const { endpoints, slices } = model.endpointsOf(svc);
  const anyAddress = svc.manifest.spec?.publishNotReadyAddresses === true;
  const endpointsReady = (endpoints?.manifest.subsets ?? []).some(
    (s) => (s.addresses ?? []).length > 0 || (anyAddress && (s.notReadyAddresses ?? []).length > 0),
  );
  const sliceReady = slices.some((s) => (s.manifest.endpoints ?? []).some((e) => anyAddress || usable(e.conditions)));
  return endpointsReady || sliceReady ? undefined : { kind: 'no-endpoints', endpoints, slices };
}

/** EndpointSlice conditions kube-proxy sends traffic to: ready, or terminating but still serving. */
function usable(conditions: { ready?: boolean | undefined; [k: string]: unknown } | undefined): boolean {
  if (conditions?.ready !== false) return true;
  return conditions['terminating'] === true && conditions['serving'] !== false;
}

/**
 * A workload that runs no pods: `replicas: 0` (Deployment, StatefulSet, ReplicaSet, ReplicationController) or
 * `parallelism: 0` (a paused Job). A DaemonSet (replicas undefined) runs on its nodes. An HPA does not revive a
 * target at zero — it deactivates itself until replicas are raised — unless its minReplicas is 0 (HPAScaleToZero),
 * in which case it keeps scaling the target and may start pods.
 */
function idleBackend(model: Model, w: Workload): IdleBackend | undefined {
  if (w.replicas !== 0) return undefined;
  const hpas = hpasTargeting(model, w);
  if (hpas.some((h) => h.manifest.spec.minReplicas === 0)) return undefined;
  const path = w.kind === 'Job' ? ['spec', 'parallelism'] : w.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'parallelism'] : ['spec', 'replicas'];
  const manifest = w.object?.manifest;
  return { workload: w, field: path.join('.'), at: manifest ? maybeRefOf(manifest, ...path) : undefined, pausedHpas: hpas };
}
