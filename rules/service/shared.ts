/**
 * What the `service/…` rules share: how messages name Service ports and container ports, and related
 * locations for workloads. Types, selectors, protocols and the ports a pod declares come from the model.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import { maybeRefOf } from '../../src/core/source.js';
import type { ServicePort } from '../../src/loader/schemas/index.js';
import { protocolOf, serviceTypeOf, type PodPort, type ServiceNode, type Workload } from '../../src/model/index.js';

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
