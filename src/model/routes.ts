/**
 * What Ingresses and Gateway API routes refer to: Ingress backends, route parentRefs and every route
 * backend reference, with the API defaults applied. Each reference keeps the object it was read from,
 * so `refOf` points at its own `name`, `port` or `namespace`.
 *
 * Gateway API defaults (gateway-api apis/v1/shared_types.go, object_reference_types.go):
 * - ParentReference: group `gateway.networking.k8s.io`, kind `Gateway`, namespace = the route's.
 * - BackendObjectReference: group `""` (core), kind `Service`, namespace = the route's.
 */
import type * as M from '../loader/schemas/index.js';
import { apiGroupOf } from '../loader/schemas/registry.js';
import type { IngressNode, ReferenceGrantNode, RouteNode } from './types.js';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** A field of a loaded object: `refOf(f.object, f.key)` is its location. */
export interface FieldRef {
  object: object;
  key: string;
}

export type IngressBackendPort = { kind: 'number'; value: number; field: FieldRef } | { kind: 'name'; value: string; field: FieldRef };

/** One backend of an Ingress that names a Service. */
export interface IngressServiceBackend {
  /** The backend object: `spec.defaultBackend`, v1beta1 `spec.backend`, or `spec.rules[].http.paths[].backend`. */
  backend: M.IngressBackend;
  /** The host, path and pathType it serves; undefined for the default backend. */
  rule: { host: string | undefined; path: string | undefined; pathType: string | undefined } | undefined;
  /** The Ingress's own: a backend cannot name a Service in another namespace. */
  namespace: string;
  name: string;
  /** The v1 `service.name` or v1beta1 `serviceName` field. */
  nameField: FieldRef;
  /** v1 `service.port.number|name`, v1beta1 `servicePort`; absent when the backend sets no port (the API server rejects that). */
  port: IngressBackendPort | undefined;
}

/**
 * Every backend of an Ingress that names a Service (v1 `service.name`, v1beta1 and extensions/v1beta1
 * `serviceName`), in document order: `spec.defaultBackend`, `spec.backend`, then each
 * `spec.rules[].http.paths[].backend`. Backends without a Service name (`resource` backends, invalid
 * input) are left out; one that sets `resource` as well, which the API server rejects, is kept.
 */
export function ingressBackends(ing: IngressNode): IngressServiceBackend[] {
  const spec = ing.manifest.spec;
  const out: IngressServiceBackend[] = [];
  const add = (backend: M.IngressBackend | undefined, rule: IngressServiceBackend['rule']) => {
    const found = backend && serviceBackendOf(ing.namespace, backend, rule);
    if (found) out.push(found);
  };
  add(spec?.defaultBackend, undefined);
  add(spec?.backend, undefined);
  for (const rule of spec?.rules ?? []) for (const p of rule.http?.paths ?? []) add(p.backend, { host: rule.host, path: p.path, pathType: p.pathType });
  return out;
}

function serviceBackendOf(namespace: string, backend: M.IngressBackend, rule: IngressServiceBackend['rule']): IngressServiceBackend | undefined {
  const svc = backend.service;
  if (svc !== undefined) {
    const p = svc.port;
    const port: IngressBackendPort | undefined =
      p?.number !== undefined
        ? { kind: 'number', value: p.number, field: { object: p, key: 'number' } }
        : p?.name !== undefined
          ? { kind: 'name', value: p.name, field: { object: p, key: 'name' } }
          : undefined;
    return { backend, rule, namespace, name: svc.name, nameField: { object: svc, key: 'name' }, port };
  }
  if (backend.serviceName === undefined) return undefined;
  const sp = backend.servicePort;
  const field = { object: backend, key: 'servicePort' };
  const port: IngressBackendPort | undefined =
    typeof sp === 'number' ? { kind: 'number', value: sp, field } : typeof sp === 'string' ? { kind: 'name', value: sp, field } : undefined;
  return { backend, rule, namespace, name: backend.serviceName, nameField: { object: backend, key: 'serviceName' }, port };
}

/** A parentRef with group, kind and namespace defaulted. */
export interface RouteParentRef {
  ref: M.ParentReference;
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Every `spec.parentRefs[]` of a route, in document order. */
export function routeParentRefs(route: RouteNode): RouteParentRef[] {
  return (route.manifest.spec.parentRefs ?? []).map((ref) => ({
    ref,
    group: ref.group ?? GATEWAY_GROUP,
    kind: ref.kind ?? 'Gateway',
    namespace: ref.namespace ?? route.namespace,
    name: ref.name,
  }));
}

/** The parentRefs that point at Gateways; other parents (a Service for mesh, custom kinds) are left out. */
export function gatewayParentRefs(route: RouteNode): RouteParentRef[] {
  return routeParentRefs(route).filter((p) => p.group === GATEWAY_GROUP && p.kind === 'Gateway');
}

/** A backend reference with group, kind and namespace defaulted. */
export interface RouteBackendRef {
  /** The reference object itself: a `backendRefs[]` entry, or a `requestMirror.backendRef`. */
  ref: M.BackendRef;
  /** `backendRef`: `spec.rules[].backendRefs[]`; `requestMirror`: the backendRef of a RequestMirror filter. */
  via: 'backendRef' | 'requestMirror';
  group: string;
  kind: string;
  namespace: string;
  name: string;
  port: number | undefined;
}

/** Route kinds whose rules and backendRefs carry filters (HTTPRouteFilter, GRPCRouteFilter). */
const FILTER_KINDS: ReadonlySet<string> = new Set(['HTTPRoute', 'GRPCRoute']);

/**
 * Every backend reference of a route, in document order per rule: the `requestMirror.backendRef` of
 * each `spec.rules[].filters[]`, then each `spec.rules[].backendRefs[]` followed by the mirrors of its
 * own `filters[]` (HTTPRoute and GRPCRoute; gateway-api apis/v1 HTTPRouteRule, HTTPBackendRef,
 * HTTPRequestMirrorFilter). The loader does not validate filters, so a mirror backendRef that is not a
 * well-formed BackendObjectReference (no string `name`, a `port` that is no port number) is left out.
 */
export function routeBackendRefs(route: RouteNode): RouteBackendRef[] {
  const withFilters = FILTER_KINDS.has(route.kind);
  const out: RouteBackendRef[] = [];
  const add = (ref: M.BackendRef, via: RouteBackendRef['via']) =>
    out.push({ ref, via, group: ref.group ?? '', kind: ref.kind ?? 'Service', namespace: ref.namespace ?? route.namespace, name: ref.name, port: ref.port });
  const addMirrors = (filters: unknown) => {
    if (!withFilters || !Array.isArray(filters)) return;
    for (const filter of filters as unknown[]) {
      const mirror = isObject(filter) && isObject(filter.requestMirror) ? filter.requestMirror.backendRef : undefined;
      if (isBackendObjectReference(mirror)) add(mirror, 'requestMirror');
    }
  };
  for (const rule of route.manifest.spec.rules ?? []) {
    addMirrors(rule.filters);
    for (const ref of rule.backendRefs ?? []) {
      add(ref, 'backendRef');
      addMirrors(ref.filters);
    }
  }
  return out;
}

/** The backend references that name a core Service (group `""`, kind `Service`). */
export function serviceBackendRefs(route: RouteNode): RouteBackendRef[] {
  return routeBackendRefs(route).filter((b) => b.group === '' && b.kind === 'Service');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPortNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';

/** The shape the loader checks for `backendRefs[]` entries, checked here for the mirrors it passes through. */
function isBackendObjectReference(v: unknown): v is M.BackendRef {
  return (
    isObject(v) &&
    typeof v.name === 'string' &&
    optionalString(v.group) &&
    optionalString(v.kind) &&
    optionalString(v.namespace) &&
    (v.port === undefined || isPortNumber(v.port))
  );
}

/**
 * Whether a route may use a backendRef: always within its namespace; across namespaces only when a
 * ReferenceGrant in the backend's namespace has a `from` entry for the route's group, kind and
 * namespace and a `to` entry for core Services, by name or all (unset `name`); entries combine with
 * OR (gateway-api apis/v1beta1 ReferenceGrantSpec).
 */
export function referencePermitted(grants: readonly ReferenceGrantNode[], route: RouteNode, b: RouteBackendRef): boolean {
  if (b.namespace === route.namespace) return true;
  const group = apiGroupOf(route.object.apiVersion);
  return grants.some(
    (grant) =>
      grant.namespace === b.namespace &&
      grant.manifest.spec.from.some((f) => f.group === group && f.kind === route.kind && f.namespace === route.namespace) &&
      grant.manifest.spec.to.some((t) => t.group === '' && t.kind === 'Service' && (t.name === undefined || t.name === '' || t.name === b.name)),
  );
}
