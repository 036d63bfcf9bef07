/** Services as the API server stores them: their type and selector with the defaults applied, and their ports in words. */
import type * as M from '../loader/schemas/index.js';
import { protocolOf } from './ports.js';
import type { ServiceNode } from './types.js';

export type ServiceType = NonNullable<NonNullable<M.Service['spec']>['type']>;

/** `spec.type`, defaulted to ClusterIP as the API server does. */
export function serviceTypeOf(svc: ServiceNode): ServiceType {
  return svc.manifest.spec?.type ?? 'ClusterIP';
}

/**
 * `spec.selector` when it selects pods, else undefined. An empty selector does not survive the API
 * server's storage round trip (the field is omitempty): it means "no selector".
 */
export function serviceSelector(svc: ServiceNode): Readonly<Record<string, string>> | undefined {
  const selector = svc.manifest.spec?.selector;
  return selector && Object.keys(selector).length > 0 ? selector : undefined;
}

/** "80/TCP (http), 443/TCP (https)", or "no ports". */
export function formatServicePorts(svc: ServiceNode): string {
  const ports = svc.manifest.spec?.ports ?? [];
  if (ports.length === 0) return 'no ports';
  return ports.map((p) => `${p.port}/${protocolOf(p)}${p.name ? ` (${p.name})` : ''}`).join(', ');
}
