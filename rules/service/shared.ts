/**
 * What the `service/…` rules (and `deps/service-no-backends`) share: how messages name Service ports, container
 * ports and selector near misses, and related locations for workloads. Types, selectors, protocols and the ports a pod declares come from the model.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import { maybeRefOf } from '../../src/core/source.js';
import type { ServicePort } from '../../src/loader/schemas/index.js';
import { displayName, protocolOf, serviceTypeOf, type PodPort, type ServiceNode, type Workload } from '../../src/model/index.js';
import type { NearMiss } from '../../src/model/selectors.js';

/** Node ports are allocated for these types only (the API server's initNodePorts). */
export function allocatesNodePorts(svc: ServiceNode): boolean {
  const type = serviceTypeOf(svc);
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** `http (80/TCP)` for a named port, `80/TCP` otherwise. */
export function portLabel(port: ServicePort): string {
  const numbered = `${port.port}/${protocolOf(port)}`;
  return port.name ? `${port.name} (${numbered})` : numbered;
}

/** `http 8080/TCP` for a named container port, `8080/TCP` otherwise. */
export function containerPortLabel(p: PodPort): string {
  const numbered = `${p.containerPort}/${p.protocol}`;
  return p.name ? `${p.name} ${numbered}` : numbered;
}

/** `http 8080/TCP, metrics 9090/TCP` (declaration order, duplicates folded). */
export function describePorts(ports: readonly PodPort[]): string {
  return [...new Set(ports.map(containerPortLabel))].join(', ');
}

/**
 * The workload's `containers:` key as a related location ("Deployment shop/web declares …"), or
 * nothing for a workload that is not in the input (the implicit CoreDNS).
 */
export function workloadRelated(w: Workload, message: string): RelatedLocation[] {
  const at = w.template.specAt ? maybeRefOf(w.template.specAt, 'containers') : undefined;
  return at ? [{ at, message }] : [];
}

/** `Deployment shop/web has app=web-v2, not app=web`, or `… has no label tier (the selector wants tier=backend)`. */
export function describeNearMiss(m: NearMiss): string {
  const who = displayName(m.workload);
  return m.has === undefined
    ? `${who} has no label ${m.key} (the selector wants ${m.key}=${m.want})`
    : `${who} has ${m.key}=${m.has}, not ${m.key}=${m.want}`;
}

/** The differing pod template label of a near miss, or its `labels:` key when the label is missing. */
export function nearMissRelated(m: NearMiss): RelatedLocation[] {
  const labels = m.workload.template.labels;
  const at = m.has === undefined ? maybeRefOf(labels) : maybeRefOf(labels, m.key);
  const what = m.has === undefined ? 'pod template labels' : `pod template label ${m.key}=${m.has}`;
  return at ? [{ at, message: `${displayName(m.workload)}: ${what}` }] : [];
}
