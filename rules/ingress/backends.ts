/**
 * What the `ingress/…` rules share: every Service backend of an Ingress (v1 `service.name` /
 * `service.port.number|name`, v1beta1 and extensions/v1beta1 `serviceName` / `servicePort`), each
 * with the exact locations of its name and port, and the wording for Services and their ports.
 */
import { refOf, type SourceRef } from '../../src/core/source.js';
import type { IngressBackend, Service } from '../../src/loader/schemas/index.js';
import type { IngressNode, ServiceNode } from '../../src/model/types.js';

export type BackendPort = { kind: 'number'; value: number; at: SourceRef } | { kind: 'name'; value: string; at: SourceRef };

/** One Service backend of an Ingress. */
export interface ServiceBackend {
  /** "the default backend", "the backend for shop.example.com/static", "the backend for *\/api" (any host). */
  backend: string;
  serviceName: string;
  /** The `service.name` (v1) or `serviceName` (v1beta1) scalar. */
  nameAt: SourceRef;
  /** Absent when the backend sets no port (the API server rejects that; input/… reports it). */
  port: BackendPort | undefined;
}

/** "web/shop". */
export function ingressLabel(ing: IngressNode): string {
  return `${ing.namespace}/${ing.name}`;
}

/** "web/frontend". */
export function serviceLabel(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/**
 * Every Service backend: `spec.defaultBackend`, v1beta1 `spec.backend`, and each
 * `spec.rules[].http.paths[].backend`, in document order. `resource` backends are not Services and
 * are left out, as are backends without a service name (already invalid input).
 */
export function serviceBackends(ing: IngressNode): ServiceBackend[] {
  const spec = ing.manifest.spec;
  const out: ServiceBackend[] = [];
  const add = (backend: IngressBackend | undefined, label: string) => {
    const found = backend && serviceBackendOf(backend, label);
    if (found) out.push(found);
  };
  add(spec?.defaultBackend, 'the default backend');
  add(spec?.backend, 'the default backend');
  for (const rule of spec?.rules ?? []) {
    for (const p of rule.http?.paths ?? []) add(p.backend, `the backend for ${rule.host ?? '*'}${p.path ?? ''}`);
  }
  return out;
}

function serviceBackendOf(backend: IngressBackend, label: string): ServiceBackend | undefined {
  if (backend.resource !== undefined) return undefined;
  const svc = backend.service;
  if (svc !== undefined) {
    const p = svc.port;
    const port: BackendPort | undefined =
      p?.number !== undefined
        ? { kind: 'number', value: p.number, at: refOf(p, 'number') }
        : p?.name !== undefined
          ? { kind: 'name', value: p.name, at: refOf(p, 'name') }
          : undefined;
    return { backend: label, serviceName: svc.name, nameAt: refOf(svc, 'name'), port };
  }
  if (backend.serviceName === undefined) return undefined;
  const sp = backend.servicePort;
  const port: BackendPort | undefined =
    typeof sp === 'number'
      ? { kind: 'number', value: sp, at: refOf(backend, 'servicePort') }
      : typeof sp === 'string'
        ? { kind: 'name', value: sp, at: refOf(backend, 'servicePort') }
        : undefined;
  return { backend: label, serviceName: backend.serviceName, nameAt: refOf(backend, 'serviceName'), port };
}

/** "80/TCP (http), 443/TCP (https)", or "no ports". */
export function formatServicePorts(service: Service): string {
  const ports = service.spec?.ports ?? [];
  if (ports.length === 0) return 'no ports';
  return ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

/** The `spec.ports` key of a Service (its `spec` or `kind` when it has none): where its ports are declared. */
export function servicePortsAt(svc: ServiceNode): SourceRef {
  return refOf(svc.manifest, 'spec', 'ports');
}

/** ExternalName Services are DNS aliases: controllers that support them use the backend port as is. */
export function isExternalName(svc: ServiceNode): boolean {
  return svc.manifest.spec?.type === 'ExternalName';
}
