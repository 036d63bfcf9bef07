/**
 * What the `ingress/…` backend rules share on top of the model's `ingressBackends`: which backends they
 * check and how messages name them.
 */
import { refOf, type SourceRef } from '../../src/core/source.js';
import { ingressBackends, type IngressNode, type IngressServiceBackend, type ServiceNode } from '../../src/model/index.js';

/**
 * The Service backends of an Ingress, in document order. `resource` backends are not Services and are
 * left out, as are backends without a service name (already invalid input).
 */
export function serviceBackends(ing: IngressNode): IngressServiceBackend[] {
  return ingressBackends(ing).filter((b) => b.backend.resource === undefined);
}

/** "the default backend", "the backend for shop.example.com/static", "the backend for *\/api" (any host). */
export function backendLabel(b: IngressServiceBackend): string {
  return b.rule ? `the backend for ${b.rule.host ?? '*'}${b.rule.path ?? ''}` : 'the default backend';
}

/** The `spec.ports` key of a Service (its `spec` or `kind` when it has none): where its ports are declared. */
export function servicePortsAt(svc: ServiceNode): SourceRef {
  return refOf(svc.manifest, 'spec', 'ports');
}
