/**
 * Declared dependencies: what each workload's configuration says it calls (`PAYMENT_SERVICE_ADDR=paymentservice:50051`,
 * `DATABASE_URL=postgres://orders-db.data:5432/orders`), resolved the way cluster DNS resolves a pod's lookups.
 *
 * Kubernetes "DNS for Services and Pods": a pod in namespace `ns` searches `ns.svc.<domain>`, `svc.<domain>` and
 * `<domain>` (ndots 5), so `name` is the Service `name` in `ns`; `name.other` the Service `name` in namespace
 * `other`; `name.other.svc[.<domain>]` the same written out; `pod.name.other.svc.<domain>` a pod of the headless
 * Service `name` (StatefulSet pods). The cluster domain is taken to be `cluster.local`.
 *
 * A host is a cluster reference when it names a Service of the input, carries the cluster suffix (`.svc`,
 * `.svc.cluster.local`) or has the form `name.namespace` for a namespace of the input; every other host is external.
 */
import type { SourceRef } from '../core/source.js';
import type { ServicePort } from '../loader/schemas/index.js';
import { TextLocator } from '../model/cni/values.js';
import type { Model, ServiceNode, Workload } from '../model/types.js';
import { clusterLabels, parseReferences, type ParsedReference } from './reference.js';
import { configValues, type ConfigValue } from './values.js';

export type DependencyTarget =
  | { kind: 'service'; service: ServiceNode }
  /** A cluster reference to a Service the input does not have. */
  | { kind: 'missing-service'; namespace: string; name: string }
  | { kind: 'external'; host: string }
  /** The pod itself: localhost, 127.0.0.0/8, ::1. */
  | { kind: 'local' };

export interface Dependency {
  workload: Workload;
  container: string;
  value: ConfigValue;
  reference: ParsedReference;
  /** The reference's own text in the file (the whole value when its characters cannot be mapped exactly). */
  at: SourceRef;
  target: DependencyTarget;
  /** For a Service target with a port: the Service port of that number; undefined when it has none. */
  servicePort?: ServicePort;
}

const cache = new WeakMap<Model, Dependency[]>();

/** Every declared dependency of every workload in the input, in workload and document order (cached per model). */
export function declaredDependencies(model: Model): Dependency[] {
  let found = cache.get(model);
  if (!found) {
    const locator = new TextLocator(model.texts);
    found = model.workloads.flatMap((w) => (w.implicit ? [] : workloadDependencies(model, w, locator)));
    cache.set(model, found);
  }
  return found;
}

function workloadDependencies(model: Model, w: Workload, locator: TextLocator): Dependency[] {
  const out: Dependency[] = [];
  for (const value of configValues(model, w))
    for (const reference of parseReferences(value.text)) {
      const target = resolveHost(model, w.namespace, reference.host);
      const servicePort = target.kind === 'service' && reference.port !== undefined ? (target.service.manifest.spec?.ports ?? []).find((p) => p.port === reference.port) : undefined;
      out.push({
        workload: w,
        container: value.container,
        value,
        reference,
        at: locator.part(value.host, value.path, value.text, reference.start, reference.end),
        target,
        ...(servicePort ? { servicePort } : {}),
      });
    }
  return out;
}

const LOCAL = /^(localhost|127(\.\d{1,3}){3}|::1|0\.0\.0\.0)$/;
const IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/;

/** What a host names, looked up from a pod in `namespace`. */
export function resolveHost(model: Model, namespace: string, host: string): DependencyTarget {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (LOCAL.test(h)) return { kind: 'local' };
  if (IP.test(h)) return { kind: 'external', host: h };
  const suffixed = clusterLabels(h);
  const parts = suffixed ?? h.split('.');
  if (suffixed !== undefined) {
    // name.ns.svc…, or pod.name.ns.svc… (a pod of a headless Service).
    if (parts.length === 2 || parts.length === 3) return serviceTarget(model, parts.at(-1)!, parts.at(-2)!);
    return { kind: 'external', host: h };
  }
  if (parts.length === 1) {
    const service = model.service(namespace, parts[0]!);
    return service ? { kind: 'service', service } : { kind: 'external', host: h };
  }
  // name.ns: a Service in another namespace, when that namespace is the input's.
  if (parts.length === 2 && model.namespace(parts[1]!)) return serviceTarget(model, parts[1]!, parts[0]!);
  return { kind: 'external', host: h };
}

function serviceTarget(model: Model, namespace: string, name: string): DependencyTarget {
  const service = model.service(namespace, name);
  return service ? { kind: 'service', service } : { kind: 'missing-service', namespace, name };
}
