/**
 * What the `deps/…` rules share: how a finding names a dependency (the reference as written, where it was read),
 * the key that keeps several findings on one workload apart, and the place a ConfigMap value is pulled in.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import { maybeRefOf } from '../../src/core/source.js';
import type { Dependency } from '../../src/deps/infer.js';
import { podContainers } from '../../src/model/ports.js';
import type { Model } from '../../src/model/types.js';

/** The reference as the value writes it: `shipping.shop.svc.cluster.local:50051`, `orders-db.data` (a URL host without a port). */
export function referenceText(dep: Dependency): string {
  return dep.value.text.slice(dep.reference.start, dep.reference.end);
}

/** One finding per value and reference in it, per container. */
export function dependencyKey(dep: Dependency): string {
  return `${dep.container}|${dep.value.via}|${dep.reference.start}`;
}

/**
 * For a value read from a ConfigMap (the finding is in the ConfigMap), the workload's field that pulls it in:
 * `env[].valueFrom.configMapKeyRef.name`, `envFrom[].configMapRef.name` or the volume's `configMap.name`. Nothing for a
 * value of the workload itself.
 */
export function configMapRelated(model: Model, dep: Dependency): RelatedLocation[] {
  const cm = model.configMaps.find((c) => c.manifest.data === dep.value.host);
  if (!cm) return [];
  const key = dep.value.path[0];
  const owner = podContainers(dep.workload.template.spec).find((c) => c.name === dep.container);
  if (!owner) return [];
  const message = `${dep.workload.kind} ${dep.workload.namespace}/${dep.workload.name}: container ${dep.container} reads ConfigMap ${cm.namespace}/${cm.name}`;
  for (const e of owner.container.env ?? []) {
    const ref = e.valueFrom?.configMapKeyRef;
    const at = ref && ref.name === cm.name && ref.key === key ? maybeRefOf(ref, 'name') : undefined;
    if (at) return [{ at, message: `${message} key ${String(key)} into ${e.name}` }];
  }
  for (const from of owner.container.envFrom ?? []) {
    const at = from.configMapRef?.name === cm.name ? maybeRefOf(from.configMapRef, 'name') : undefined;
    if (at) return [{ at, message: `${message} with envFrom` }];
  }
  // A mounted file: the volume that projects the ConfigMap.
  for (const volume of dep.workload.template.spec.volumes ?? []) {
    const projections = [volume.configMap, ...(volume.projected?.sources ?? []).map((s) => s.configMap)];
    const projection = projections.find((p) => p?.name === cm.name);
    const at = projection ? maybeRefOf(projection, 'name') : undefined;
    if (at && (owner.container.volumeMounts ?? []).some((m) => m.name === volume.name)) return [{ at, message: `${message} as files of volume ${volume.name}` }];
  }
  return [];
}
