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
 * `clusterIP: None` (or `clusterIPs: [None]`): a headless Service. It gets no cluster IP, kube-proxy programs nothing
 * for it, and its DNS name answers with the addresses of its ready pods.
 */
export function isHeadless(svc: ServiceNode): boolean {
  const spec = svc.manifest.spec;
  return spec?.clusterIP === 'None' || spec?.clusterIPs?.[0] === 'None';
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
