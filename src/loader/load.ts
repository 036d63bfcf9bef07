/**
 * Files → documents → Kubernetes objects. Each document is a Kubernetes object (validated against its
 * kind's schema), a List of them (flattened), something else (kept in otherDocuments for the VPC loaders),
 * or bad input (a LoadIssue). Never throws on user input.
 */
import { compareStrings, originOf, registerOrigin, type Path } from '../core/source.js';
import { readInputs, screenText, type FileOutcome, type InputFailure } from './files.js';
import { schemaFor } from './schemas/index.js';
import type { KubeManifest, LoadLimits, LoadOptions, LoadResult, ParsedDocument } from './types.js';
import { isClusterConfig } from './eksctl/schema.js';
import { validateManifest } from './validate.js';
import { parseYaml, resolveLimits } from './yaml-adapter.js';

/** Load the files and directories named by `paths` (`-` = options.stdinText). */
export async function loadPaths(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const limits = resolveLimits(options.limits);
  const { files, failures } = await readInputs(paths, options, limits);
  return collect(files, failures, limits);
}

/** Load in-memory texts keyed by file name (used as-is in SourceRefs), in name order. */
export function loadTexts(files: Readonly<Record<string, string>>, options: LoadOptions = {}): LoadResult {
  const limits = resolveLimits(options.limits);
  const names = Object.keys(files).sort(compareStrings);
  return collect(
    names.map((name) => screenText(name, files[name]!, limits)),
    [],
    limits,
  );
}

function collect(files: readonly FileOutcome[], failures: InputFailure[], limits: LoadLimits): LoadResult {
  const result: LoadResult = {
    objects: [],
    issues: [],
    failures,
    otherDocuments: [],
    texts: new Map(),
    stats: { files: 0, documents: 0, objects: 0, binaryFiles: [], unknownKinds: {}, nonKubernetesDocuments: 0 },
  };
  for (const f of files) {
    if (f.kind === 'binary') {
      result.stats.binaryFiles.push(f.file);
    } else if (f.kind === 'issue') {
      result.issues.push(f.issue);
      if (f.text !== undefined) result.texts.set(f.file, f.text);
    } else {
      result.texts.set(f.file, f.text);
      result.stats.files++;
      const { documents, issues } = parseYaml(f.text, f.file, limits);
      result.issues.push(...issues);
      result.stats.documents += documents.length;
      for (const doc of documents) addDocument(doc, result);
    }
  }
  result.stats.objects = result.objects.length;
  return result;
}

type Obj = Record<string, unknown>;

function addDocument(doc: ParsedDocument, result: LoadResult): void {
  const value = doc.value;
  if (value === null) return; // an empty document
  if (!isPlainObject(value)) {
    result.issues.push({
      code: 'NOT_AN_OBJECT',
      message: `expected a Kubernetes object (a mapping), got ${describe(value)}`,
      at: doc.source.ref([]),
      fatal: true,
    });
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    result.stats.nonKubernetesDocuments++;
    result.otherDocuments.push(doc);
    return;
  }
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    addListItems(value.items, [], apiVersion, kind, doc, result);
    return;
  }
  // A kind netreach does not model may still be an input of the VPC loaders (eksctl's ClusterConfig).
  if (!addObject(value, [], doc, result)) result.otherDocuments.push(doc);
}

/** `kind: List` and typed lists (`PodList`): each item is an object at [...listPath, 'items', i]; lists nest, as kubectl flattens them. */
function addListItems(items: unknown[], listPath: (string | number)[], apiVersion: string, listKind: string, doc: ParsedDocument, result: LoadResult): void {
  items.forEach((item, i) => {
    const path = [...listPath, 'items', i];
    if (!isPlainObject(item)) {
      result.issues.push({
        code: 'NOT_AN_OBJECT',
        message: `${listKind} items[${i}]: expected a Kubernetes object (a mapping), got ${describe(item)}`,
        at: doc.source.ref(path),
        fatal: true,
      });
      return;
    }
    // Items of a typed list may leave out their apiVersion and kind: they are the list's.
    if (listKind !== 'List') {
      if (typeof item.kind !== 'string') item.kind = listKind.slice(0, -'List'.length);
      if (typeof item.apiVersion !== 'string') item.apiVersion = apiVersion;
    }
    if (typeof item.apiVersion !== 'string' || typeof item.kind !== 'string') {
      result.issues.push({
        code: 'INVALID_FIELD',
        message: `${listKind} items[${i}]: an item needs a string apiVersion and kind`,
        at: doc.source.ref(path),
        fatal: true,
      });
      return;
    }
    if (item.kind.endsWith('List') && Array.isArray(item.items)) {
      addListItems(item.items, path, item.apiVersion, item.kind, doc, result);
      return;
    }
    addObject(item, path, doc, result);
  });
}

/** The kinds of the API versions (removed in Kubernetes 1.16) that defaulted `spec.selector` to the template's labels. */
const LEGACY_SELECTOR_DEFAULTING = new Set(['extensions/v1beta1/Deployment', 'extensions/v1beta1/DaemonSet', 'extensions/v1beta1/ReplicaSet', 'apps/v1beta1/Deployment', 'apps/v1beta1/StatefulSet']);

/**
 * extensions/v1beta1 and apps/v1beta1 Deployments, ReplicaSets, DaemonSets and StatefulSets may omit `spec.selector`:
 * the API server defaulted it to the pod template's labels ("If empty, defaulted to labels on Pod template"; apps/v1beta2
 * and apps/v1 made it required). Old manifests rely on it, so it is filled in the same way, located at `spec`.
 */
function defaultLegacySelector(manifest: Obj): void {
  if (!LEGACY_SELECTOR_DEFAULTING.has(`${String(manifest.apiVersion)}/${String(manifest.kind)}`)) return;
  const spec = manifest.spec as Obj | undefined;
  const labels = ((spec?.template as Obj | undefined)?.metadata as Obj | undefined)?.labels;
  if (!spec || spec.selector !== undefined || typeof labels !== 'object' || labels === null) return;
  const origin = originOf(spec);
  const selector = { matchLabels: labels };
  if (origin) registerOrigin(selector, origin.source, [...origin.path, 'selector']);
  spec.selector = selector;
}

/** Validates one object of a known kind into result.objects; false when netreach does not model its kind. */
function addObject(manifest: Obj, path: Path, doc: ParsedDocument, result: LoadResult): boolean {
  const apiVersion = manifest.apiVersion as string;
  const kind = manifest.kind as string;
  const schema = schemaFor(apiVersion, kind);
  if (!schema) {
    // eksctl ClusterConfigs are read by the infrastructure loaders (otherDocuments), not unmodelled.
    if (!isClusterConfig(manifest)) {
      const key = `${apiVersion}/${kind}`;
      result.stats.unknownKinds[key] = (result.stats.unknownKinds[key] ?? 0) + 1;
    }
    return false;
  }
  defaultLegacySelector(manifest);
  const { ok, issues } = validateManifest(manifest, schema);
  result.issues.push(...issues);
  if (ok) result.objects.push({ apiVersion, kind, manifest: manifest as KubeManifest, at: doc.source.ref(path) });
  return true;
}

function isPlainObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a sequence';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}
