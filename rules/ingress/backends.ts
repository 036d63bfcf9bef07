/**
 * What the `ingress/…` backend rules share on top of the model's `ingressBackends`: which backends they
 * check and how messages name them.
 */
import { refOf, type SourceRef } from '../../src/core/source.js';
import { ingressBackends, type IngressNode, type IngressServiceBackend, type Model, type ServiceNode } from '../../src/model/index.js';
import { isAlbActionBackend } from '../../src/model/lb/ingress.js';

/**
 * The Service backends of an Ingress, in document order. `resource` backends are not Services and are
 * left out, as are backends without a service name (already invalid input), and the action backends of an ALB
 * Ingress (albActionBackends).
 */
export function serviceBackends(ing: IngressNode, model: Model): IngressServiceBackend[] {
  return ingressBackends(ing).filter((b) => b.backend.resource === undefined && !isAlbActionBackend(model, ing, b));
}

/**
 * The backends of an Ingress of the AWS Load Balancer Controller's ALB class whose port name is `use-annotation`: their
 * service name names the action `alb.ingress.kubernetes.io/actions.<name>`, not a Service (annotations.md, Actions).
 */
export function albActionBackends(ing: IngressNode, model: Model): IngressServiceBackend[] {
  return ingressBackends(ing).filter((b) => b.backend.resource === undefined && isAlbActionBackend(model, ing, b));
}

/** "the default backend", "the backend for shop.example.com/static", "the backend for *\/api" (any host). */
export function backendLabel(b: IngressServiceBackend): string {
  return b.rule ? `the backend for ${b.rule.host ?? '*'}${b.rule.path ?? ''}` : 'the default backend';
}

/** The `spec.ports` key of a Service (its `spec` or `kind` when it has none): where its ports are declared. */
export function servicePortsAt(svc: ServiceNode): SourceRef {
  return refOf(svc.manifest, 'spec', 'ports');
}
