/** Stable identities of model elements: "namespace/Kind/name", cluster-scoped "Kind/name". */
import type { KubeManifest, LoadedObject } from '../loader/types.js';

export function elementId(kind: string, namespace: string | undefined, name: string): string {
  return namespace === undefined ? `${kind}/${name}` : `${namespace}/${kind}/${name}`;
}

/** A namespaced object without metadata.namespace lives in `default` (what kubectl apply does without -n). */
export function namespaceOf(manifest: KubeManifest): string {
  return manifest.metadata.namespace ?? 'default';
}

/** apiVersion-qualified identity (SARIF logicalLocations.fullyQualifiedName). */
export function fqnOf(obj: LoadedObject, namespace: string | undefined): string {
  return `${obj.apiVersion}/${elementId(obj.kind, namespace, obj.manifest.metadata.name)}`;
}
