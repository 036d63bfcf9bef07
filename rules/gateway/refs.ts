/**
 * What the `gateway/…` rules share on top of the model's `gatewayParentRefs` / `serviceBackendRefs`
 * (references with the Gateway API defaults applied): a route's API group and the wording for
 * listeners and Services.
 */
import { refOf, type SourceRef } from '../../src/core/source.js';
import type { Listener } from '../../src/loader/schemas/index.js';
import { apiGroupOf } from '../../src/loader/schemas/index.js';
import { qualifiedName, type Model, type RouteNode, type ServiceNode } from '../../src/model/index.js';

/** The API group of a route ("gateway.networking.k8s.io"). */
export function routeGroup(route: RouteNode): string {
  return apiGroupOf(route.object.apiVersion);
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
  return { at: refOf(svc.manifest, 'metadata', 'name'), message: `Service ${qualifiedName(svc)}` };
}
