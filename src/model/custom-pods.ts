/**
 * Pods an operator makes from a custom resource (a Prometheus, an Argo Rollout, a Kafka cluster …): netreach does
 * not model those kinds, but their specs carry the pod labels the operator will stamp (`spec.podMetadata.labels`,
 * `spec.template.metadata.labels`). A Service whose selector those labels satisfy has backends the input does not
 * show as workloads, so "selects nothing" would be wrong about it.
 */
import { maybeRefOf, type SourceRef } from '../core/source.js';
import type { ParsedDocument } from '../loader/types.js';
import type { Labels } from './selectors.js';

export interface CustomPodLabels {
  /** "Prometheus monitoring/k8s". */
  owner: string;
  namespace: string;
  labels: Labels;
  at: SourceRef | undefined;
}

/** How deep below `spec` pod labels are looked for (`spec.template.metadata.labels` is 3). */
const MAX_DEPTH = 5;

/**
 * The pod label maps under `spec` of every namespaced object of a kind netreach does not model, by namespace: a
 * `labels` map whose parent is `metadata` or `podMetadata` (`spec.template.metadata.labels`, `spec.podMetadata.labels`).
 * Maps under selectors, subsets, rules, targets, secrets and chart values are other objects' labels or selections.
 */
export function customPodLabels(documents: readonly ParsedDocument[]): Map<string, CustomPodLabels[]> {
  const out = new Map<string, CustomPodLabels[]>();
  for (const doc of documents) {
    const value = doc.value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; spec?: unknown } | null;
    if (!value || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || typeof value.metadata?.name !== 'string') continue;
    // Cluster-scoped objects (and namespaced ones written without a namespace) say nothing about a namespace's pods.
    if (typeof value.metadata.namespace !== 'string') continue;
    const namespace = value.metadata.namespace;
    const owner = `${value.kind} ${namespace}/${value.metadata.name}`;
    for (const { labels, host } of podLabelMaps(value.spec, undefined, 0)) {
      const list = out.get(namespace) ?? [];
      list.push({ owner, namespace, labels, at: maybeRefOf(host, 'labels') });
      out.set(namespace, list);
    }
  }
  return out;
}

const POD_METADATA_KEYS = new Set(['metadata', 'podMetadata']);
const NOT_POD_LABELS = /selector|subsets|rules|values|target|secret/i;

function podLabelMaps(node: unknown, parentKey: string | undefined, depth: number): { labels: Labels; host: object }[] {
  if (typeof node !== 'object' || node === null || depth > MAX_DEPTH) return [];
  if (Array.isArray(node)) return node.flatMap((n) => podLabelMaps(n, parentKey, depth + 1));
  const out: { labels: Labels; host: object }[] = [];
  for (const [key, child] of Object.entries(node)) {
    if (key === 'labels' && parentKey !== undefined && POD_METADATA_KEYS.has(parentKey) && isStringMap(child)) out.push({ labels: child, host: node });
    else if (!NOT_POD_LABELS.test(key)) out.push(...podLabelMaps(child, key, depth + 1));
  }
  return out;
}

function isStringMap(v: unknown): v is Labels {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'string');
}
