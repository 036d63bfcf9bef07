/**
 * What the `service/…` rules share: how messages name Services, workloads and ports, the ports a
 * pod serves on (as the endpoints controller reads them), and related locations for workloads.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import { maybeRefOf } from '../../src/core/source.js';
import type { ContainerPort, ServicePort } from '../../src/loader/schemas/index.js';
import type { ServiceNode, Workload } from '../../src/model/index.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

/** `protocol` defaults to TCP on Service ports and container ports alike. */
export function protocolOf(port: { protocol?: Protocol | undefined }): Protocol {
  return port.protocol ?? 'TCP';
}

/** `namespace/name`: what every service/… message starts with ("Service shop/api: …"). */
export function serviceName(svc: ServiceNode): string {
  return `${svc.namespace}/${svc.name}`;
}

/** `Deployment shop/web`. */
export function workloadName(w: Workload): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}

/** `spec.type`, defaulted as the API server does. */
export function serviceTypeOf(svc: ServiceNode): ServiceType {
  return svc.manifest.spec?.type ?? 'ClusterIP';
}

/** Node ports are allocated for these types only (the API server's initNodePorts). */
export function allocatesNodePorts(svc: ServiceNode): boolean {
  const type = serviceTypeOf(svc);
  return type === 'NodePort' || type === 'LoadBalancer';
}

/** `spec.selector` when it selects pods: an empty selector is dropped by the API server (the field is omitempty). */
export function selectorOf(svc: ServiceNode): Readonly<Record<string, string>> | undefined {
  const selector = svc.manifest.spec?.selector;
  return selector && Object.keys(selector).length > 0 ? selector : undefined;
}

/** `http (80/TCP)` for a named port, `80/TCP` otherwise. */
export function portLabel(port: ServicePort): string {
  const numbered = `${port.port}/${protocolOf(port)}`;
  return port.name ? `${port.name} (${numbered})` : numbered;
}

export interface ServingPort {
  /** Name of the container that declares the port. */
  container: string | undefined;
  port: ContainerPort;
}

/**
 * The container ports a pod of the workload declares where Services can reach them: its containers,
 * then its native sidecars (init containers with `restartPolicy: Always`). This is the order and the
 * set the endpoints controllers search when they resolve a named targetPort (FindPort in
 * k8s.io/kubernetes/pkg/api/v1/pod); ordinary init containers have exited by the time the pod serves.
 */
export function servingPorts(w: Workload): ServingPort[] {
  const spec = w.template.spec;
  const serving = [...spec.containers, ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  return serving.flatMap((c) => (c.ports ?? []).map((port) => ({ container: c.name, port })));
}

/** `http 8080/TCP` for a named container port, `8080/TCP` otherwise. */
export function containerPortLabel(p: ContainerPort): string {
  const numbered = `${p.containerPort}/${protocolOf(p)}`;
  return p.name ? `${p.name} ${numbered}` : numbered;
}

/** `http 8080/TCP, metrics 9090/TCP` (declaration order, duplicates folded). */
export function describePorts(ports: readonly ServingPort[]): string {
  return [...new Set(ports.map((p) => containerPortLabel(p.port)))].join(', ');
}

/**
 * The workload's `containers:` key as a related location ("Deployment shop/web declares …"), or
 * nothing for a workload that is not in the input (the implicit CoreDNS).
 */
export function workloadRelated(w: Workload, message: string): RelatedLocation[] {
  const at = w.template.specAt ? maybeRefOf(w.template.specAt, 'containers') : undefined;
  return at ? [{ at, message }] : [];
}
