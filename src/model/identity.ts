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

/** "shop/api": how messages name a namespaced object after its kind has been said. */
export function qualifiedName(el: { namespace: string; name: string }): string {
  return `${el.namespace}/${el.name}`;
}

/** "Deployment shop/api", "HTTPRoute web/storefront": how messages name a namespaced object on its own. */
export function displayName(el: { kind: string; namespace: string; name: string }): string {
  return `${el.kind} ${qualifiedName(el)}`;
}
