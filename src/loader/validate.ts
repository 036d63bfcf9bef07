/**
 * Validates one manifest against its kind's zod schema and sanitizes it: every zod issue becomes an
 * INVALID_FIELD LoadIssue at the offending field, the field is removed, and validation runs again, so one
 * bad port does not cost the whole Service. Zod only validates: the manifest kept is the loader's own object,
 * whose mappings and sequences stay registered (`refOf` keeps working after fields are removed).
 */
import type { z } from 'zod';
import { formatPath, InternalError, originOf, pathKey, recordRemovedItems, registerOrigin, type Path, type PathSegment, type SourceRef } from '../core/source.js';
import type { KindSchema } from './schemas/registry.js';
import type { LoadIssue } from './types.js';

const MAX_ROUNDS = 5;

/** Paths (relative to the object) that cannot be removed: without them the object has no identity. */
const VITAL = new Set([[], ['apiVersion'], ['kind'], ['metadata'], ['metadata', 'name'], ['metadata', 'namespace']].map(pathKey));

export interface Validation {
  /** The object passed (possibly after fields were removed) and is kept. */
  ok: boolean;
  issues: LoadIssue[];
}

type Obj = Record<string, unknown>;

export function validateManifest(manifest: Obj, schema: KindSchema): Validation {
  dropNulls(manifest);
  const who = identify(manifest, schema);
  const issues: LoadIssue[] = [];
  const reported = new Set<string>();
  // Fields this function removed: their absence is its doing, not the author's, and is not reported.
  const removed = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = schema.schema.safeParse(manifest);
    // Issues whose value is kept (a name that breaks the naming rules) are reported, not removed.
    const blocking = result.success ? [] : result.error.issues.filter((zi) => !isKept(zi));
    if (blocking.length === 0) {
      for (const zi of result.error?.issues ?? []) record(invalid(who, manifest, issuePath(zi), messageOf(zi)));
      if (!hasName(manifest)) {
        issues.push(invalid(who, manifest, ['metadata', 'name'], 'expected a non-empty string'));
        break;
      }
      if (result.success) fillDefaults(manifest, result.data);
      return { ok: true, issues };
    }
    const removals: Path[] = [];
    if (schema.atomic) {
      // Report every problem, then drop the object: removing parts of it would change its meaning.
      for (const zi of blocking) record(invalid(who, manifest, issuePath(zi), messageOf(zi), zi.code === 'invalid_key'));
      break;
    }
    for (const zi of blocking) {
      const path = issuePath(zi);
      if (!removed.has(pathKey(path))) record(invalid(who, manifest, path, messageOf(zi), zi.code === 'invalid_key'));
      if (zi.code === 'unrecognized_keys') for (const k of zi.keys) removals.push([...path, k]);
      else removals.push(path);
    }
    const gone = sanitize(manifest, removals);
    if (!gone) break;
    for (const path of gone) removed.add(pathKey(path));
  }
  // Still invalid, or invalid where no field can be removed: the object is dropped.
  for (const issue of issues) issue.fatal = true;
  return { ok: false, issues };

  /** One issue per field: a removed required field must not be reported again as missing. */
  function record(issue: LoadIssue): void {
    const key = pathKey(issue.at.path);
    if (reported.has(key)) return;
    reported.add(key);
    issues.push(issue);
  }
}

function issuePath(zi: z.core.$ZodIssue): Path {
  return zi.path.filter((s): s is PathSegment => typeof s !== 'symbol');
}

function isKept(zi: z.core.$ZodIssue): boolean {
  return zi.code === 'custom' && (zi.params as { keep?: unknown } | undefined)?.keep === true;
}

/**
 * `field: null` is the same as no field for the API server (JSON null leaves a Go field unset), so the
 * manifest is validated and analysed without it. Elements of sequences are left alone.
 */
function dropNulls(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropNulls(item);
  } else if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === null) delete value[k];
      else dropNulls(v);
    }
  }
}

/**
 * The defaults a schema declares become part of the manifest (a Pod without `spec` gets one with no
 * containers), so the model can rely on them. New objects are registered at their path: their
 * locations fall back to the nearest field that is in the file.
 */
function fillDefaults(raw: unknown, parsed: unknown): void {
  if (!isObj(raw) || !isObj(parsed) || Array.isArray(raw) !== Array.isArray(parsed)) return;
  const origin = originOf(raw);
  for (const [key, value] of Object.entries(parsed)) {
    if (Array.isArray(raw) && Number(key) >= raw.length) continue;
    if (Object.hasOwn(raw, key)) {
      fillDefaults(raw[key], value);
    } else if (value !== undefined) {
      raw[key] = value;
      if (origin) registerTree(value, origin.source, [...origin.path, Array.isArray(raw) ? Number(key) : key]);
    }
  }
}

function registerTree(value: unknown, source: Parameters<typeof registerOrigin>[1], path: Path): void {
  if (!isObj(value)) return;
  registerOrigin(value, source, path);
  for (const [k, v] of Object.entries(value)) registerTree(v, source, [...path, Array.isArray(value) ? Number(k) : k]);
}

function messageOf(zi: z.core.$ZodIssue): string {
  // "Invalid key in record" says less than the key schema's own message.
  if (zi.code === 'invalid_key' && zi.issues[0]) return zi.issues[0].message;
  return zi.message;
}

interface Identity {
  /** "Service shop/api", for messages. */
  label: string;
  /** "shop/Service/api", LoadIssue.object. */
  object?: string;
}

function identify(manifest: Obj, schema: KindSchema): Identity {
  const kind = String(manifest.kind);
  const meta = isObj(manifest.metadata) ? manifest.metadata : {};
  const name = meta.name;
  if (typeof name !== 'string') return { label: `${kind} (no metadata.name)` };
  if (!schema.namespaced) return { label: `${kind} ${name}`, object: `${kind}/${name}` };
  const ns = typeof meta.namespace === 'string' ? meta.namespace : 'default';
  return { label: `${kind} ${ns}/${name}`, object: `${ns}/${kind}/${name}` };
}

function hasName(manifest: Obj): boolean {
  const meta = manifest.metadata;
  return isObj(meta) && typeof meta.name === 'string' && meta.name !== '';
}

/** The INVALID_FIELD issue for zod's `path`; `onKey` for a bad map key (a label key), reported on the key. */
function invalid(who: Identity, manifest: Obj, path: Path, message: string, onKey = false): LoadIssue {
  const { at, relative } = locate(manifest, path, onKey);
  const value = valueAt(manifest, path);
  const shown = show(value);
  const got = value === undefined || message.includes(shown) ? '' : `, got ${shown}`;
  const where = relative.length > 0 ? `${formatPath(relative)}: ` : '';
  const issue: LoadIssue = { code: 'INVALID_FIELD', message: `${who.label}: ${where}${message}${got}`, at, fatal: false };
  if (who.object) issue.object = who.object;
  return issue;
}

/**
 * Where the field at zod's `path` is in the file. Zod's indices count the array as it is now, after
 * elements were removed; the deepest mapping or sequence on the path knows its original path.
 */
function locate(manifest: Obj, path: Path, onKey: boolean): { at: SourceRef; relative: Path } {
  const root = originOf(manifest);
  if (!root) throw new InternalError('validateManifest: manifest was not built by the loader');
  let origin = root;
  let consumed = 0;
  let cur: unknown = manifest;
  for (const [i, seg] of path.entries()) {
    cur = isObj(cur) && Object.hasOwn(cur, seg) ? cur[seg] : undefined;
    const found = isObj(cur) ? originOf(cur) : undefined;
    if (!found) {
      if (cur === undefined) break;
      continue;
    }
    origin = found;
    consumed = i + 1;
  }
  const full = [...origin.path, ...path.slice(consumed)];
  const at = origin.source.ref(full);
  const key = onKey ? origin.source.regionsAt(full)?.key : undefined;
  if (key) at.region = key;
  return { at, relative: full.slice(root.path.length) };
}

function valueAt(manifest: Obj, path: Path): unknown {
  let cur: unknown = manifest;
  for (const seg of path) cur = isObj(cur) && Object.hasOwn(cur, seg) ? cur[seg] : undefined;
  return cur;
}

/**
 * Removes each offending field: a key from its mapping, an element from its sequence. A field that is
 * missing (a required one) takes its enclosing object with it. False when a vital field would have to go.
 */
function sanitize(manifest: Obj, removals: readonly Path[]): Path[] | undefined {
  const gone: Path[] = [];
  const fromObjects: [Obj, string][] = [];
  const fromArrays = new Map<unknown[], Set<number>>();
  for (const removal of removals) {
    let path = removal;
    for (;;) {
      if (VITAL.has(pathKey(path))) return undefined;
      const parent = valueAt(manifest, path.slice(0, -1));
      const last = path.at(-1)!;
      if (isObj(parent) && Object.hasOwn(parent, last)) {
        gone.push(path);
        if (Array.isArray(parent)) fromArrays.set(parent, (fromArrays.get(parent) ?? new Set()).add(Number(last)));
        else fromObjects.push([parent, String(last)]);
        break;
      }
      path = path.slice(0, -1);
    }
  }
  for (const [obj, key] of fromObjects) delete obj[key];
  // Highest index first, so the indices zod gave stay valid; the array keeps its identity (and origin).
  for (const [arr, indices] of fromArrays) {
    // Where each remaining item was written, so `refOf(container, 'args', 2)` still finds the right line.
    recordRemovedItems(arr, indices);
    for (const i of [...indices].sort((a, b) => b - a)) arr.splice(i, 1);
  }
  return gone;
}

function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null;
}
