/**
 * What the `gateway/…` rules share: parentRefs and backendRefs with the Gateway API defaults applied,
 * and the wording for routes, Services and their ports.
 *
 * Defaults (gateway-api apis/v1/shared_types.go, object_reference_types.go):
 * - ParentReference: group `gateway.networking.k8s.io`, kind `Gateway`, namespace = the route's.
 * - BackendObjectReference: group `""` (core), kind `Service`, namespace = the route's.
 */
import { refOf, type SourceRef } from '../../src/core/source.js';
import type { BackendRef, Listener, ParentReference, Service } from '../../src/loader/schemas/index.js';
import { apiGroupOf } from '../../src/loader/schemas/index.js';
import type { Model, RouteNode, ServiceNode } from '../../src/model/types.js';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** "HTTPRoute web/storefront". */
export function routeLabel(route: RouteNode): string {
  return `${route.kind} ${route.namespace}/${route.name}`;
}

/** The API group of a route ("gateway.networking.k8s.io"). */
export function routeGroup(route: RouteNode): string {
  return apiGroupOf(route.object.apiVersion);
}

/** A parentRef that names a Gateway (group and kind defaulted), with its namespace resolved. */
export interface GatewayParentRef {
  ref: ParentReference;
  index: number;
  namespace: string;
  name: string;
}

/** The route's parentRefs that point at Gateways; other parents (a Service for mesh, custom kinds) are left out. */
export function gatewayParentRefs(route: RouteNode): GatewayParentRef[] {
  const out: GatewayParentRef[] = [];
  (route.manifest.spec.parentRefs ?? []).forEach((ref, index) => {
    if ((ref.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') return;
    out.push({ ref, index, namespace: ref.namespace ?? route.namespace, name: ref.name });
  });
  return out;
}

/** A backendRef to a core Service (group and kind defaulted), with its namespace resolved. */
export interface ServiceBackendRef {
  ref: BackendRef;
  namespace: string;
  name: string;
}

/** Every `spec.rules[].backendRefs[]` that names a core Service, in document order. */
export function serviceBackendRefs(route: RouteNode): ServiceBackendRef[] {
  const out: ServiceBackendRef[] = [];
  for (const rule of route.manifest.spec.rules ?? []) {
    for (const ref of rule.backendRefs ?? []) {
      if ((ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') continue;
      out.push({ ref, namespace: ref.namespace ?? route.namespace, name: ref.name });
    }
  }
  return out;
}

/** "web/frontend". */
export function serviceLabel(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** "80/TCP (http), 443/TCP (https)", or "no ports". */
export function formatServicePorts(service: Service): string {
  const ports = service.spec?.ports ?? [];
  if (ports.length === 0) return 'no ports';
  return ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`).join(', ');
}

/** "http (HTTP 80), https (HTTPS 443)". */
export function formatListeners(listeners: readonly Listener[]): string {
  return listeners.map((l) => `${l.name} (${l.protocol} ${l.port})`).join(', ');
}

/** Services of this name in other namespaces than `namespace`, sorted by namespace. */
export function servicesElsewhere(model: Model, namespace: string, name: string): ServiceNode[] {
  return model.services.filter((s) => s.name === name && s.namespace !== namespace);
}

/** A related location for a Service: its `metadata.name`. */
export function serviceRelated(svc: ServiceNode): { at: SourceRef; message: string } {
  return { at: refOf(svc.manifest, 'metadata', 'name'), message: `Service ${serviceLabel(svc.namespace, svc.name)}` };
}
