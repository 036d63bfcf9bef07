/**
 * Source locations. Every object and field the loader produces can be traced back to the exact
 * text it came from, so rules never compute line numbers themselves.
 *
 * Regions are 1-based, end-exclusive, columns counted in UTF-16 code units (what JavaScript string
 * indices, SARIF `columnKind: utf16CodeUnits` and VS Code all use). A region always stays on one
 * line: GitHub drops multi-line alerts from pull-request checks (shared/data/SARIF.md §2.4).
 */

export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

export interface SourceRef {
  /** Path as given on the command line, normalised to POSIX separators (`-` or `<stdin>` for stdin). */
  file: string;
  /** 0-based index of the YAML document inside the file. */
  doc: number;
  /** Path from the document root to the field. */
  path: Path;
  region: Region;
}

/** Where one field sits: the key of its mapping pair (if any) and its value. */
export interface FieldRegions {
  key?: Region;
  value: Region;
  /** The value is a mapping or a sequence (report on the key, whose range does not overrun). */
  collection: boolean;
}

/** `spec.ports[0].targetPort`, `metadata.annotations["a.b/c"]` — the form used in messages and fingerprints. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Key under which a path is stored in a DocumentSource (unambiguous, cheap). */
export function pathKey(path: Path): string {
  return JSON.stringify(path);
}

/**
 * The regions of every field of one YAML/JSON document. Built by the loader's YAML adapter; read by
 * everybody else through `ref()` / `refOf()`.
 */
export class DocumentSource {
  readonly #fields = new Map<string, FieldRegions>();

  constructor(
    readonly file: string,
    readonly doc: number,
    /** Region of the whole document's first line, the fallback of last resort. */
    readonly docRegion: Region,
  ) {}

  /** Loader only: record where the field at `path` is. */
  set(path: Path, regions: FieldRegions): void {
    this.#fields.set(pathKey(path), regions);
  }

  has(path: Path): boolean {
    return this.#fields.has(pathKey(path));
  }

  regionsAt(path: Path): FieldRegions | undefined {
    return this.#fields.get(pathKey(path));
  }

  /**
   * The location of the field at `path`. Scalars point at their value; collections at their key
   * (or, without a key, at their first line). A field that does not exist — "missing X" findings —
   * points at the nearest ancestor that does, on its key; the returned `path` is still the one asked for,
   * so fingerprints stay stable.
   */
  ref(path: Path): SourceRef {
    return { file: this.file, doc: this.doc, path: [...path], region: this.regionFor(path) };
  }

  private regionFor(path: Path): Region {
    for (let n = path.length; n >= 0; n--) {
      const found = this.#fields.get(pathKey(path.slice(0, n)));
      if (!found) continue;
      if (n === path.length) return found.collection ? (found.key ?? found.value) : found.value;
      return found.key ?? found.value;
    }
    return this.docRegion;
  }
}

interface Origin {
  source: DocumentSource;
  path: Path;
}

/**
 * Object identity → where it came from. The YAML adapter registers every mapping and sequence it
 * builds; zod is used to validate, never to copy, so the typed manifests the rules see are these very
 * objects and `refOf(port, 'targetPort')` just works.
 */
const origins = new WeakMap<object, Origin>();

export function registerOrigin(value: object, source: DocumentSource, path: Path): void {
  origins.set(value, { source, path });
}

export function originOf(value: object): Origin | undefined {
  return origins.get(value);
}

/** For arrays the loader removed invalid items from: the index each remaining item had in the file. */
const writtenIndices = new WeakMap<readonly unknown[], readonly number[]>();

/** Loader only: `removed` items of `array` are about to be spliced out; the rest keep their written positions. */
export function recordRemovedItems(array: readonly unknown[], removed: ReadonlySet<number>): void {
  const before = writtenIndices.get(array);
  const kept: number[] = [];
  for (let i = 0; i < array.length; i++) if (!removed.has(i)) kept.push(before?.[i] ?? i);
  writtenIndices.set(array, kept);
}

/** `sub` as written in the file: an index into an array the loader shortened is mapped back to its written position. */
function writtenPath(value: object, sub: readonly PathSegment[]): PathSegment[] {
  let node: unknown = value;
  return sub.map((seg) => {
    const written = typeof seg === 'number' && Array.isArray(node) ? (writtenIndices.get(node)?.[seg] ?? seg) : seg;
    node = typeof node === 'object' && node !== null ? (node as Record<PathSegment, unknown>)[seg] : undefined;
    return written;
  });
}

/** Location of `value` itself, or of the field `sub` below it. Throws on objects the loader did not make. */
export function refOf(value: object, ...sub: PathSegment[]): SourceRef {
  const origin = origins.get(value);
  if (!origin) throw new InternalError('refOf: object has no recorded source (was it built by the loader?)');
  return origin.source.ref([...origin.path, ...writtenPath(value, sub)]);
}

/** Like `refOf`, but `undefined` for synthetic objects (implicit namespaces, default CoreDNS …). */
export function maybeRefOf(value: object, ...sub: PathSegment[]): SourceRef | undefined {
  const origin = origins.get(value);
  return origin ? origin.source.ref([...origin.path, ...writtenPath(value, sub)]) : undefined;
}

/** A broken engine invariant: a bug in netreach, never a finding (exit code 2). */
export class InternalError extends Error {
  override name = 'InternalError';
}

export function compareRefs(a: SourceRef, b: SourceRef): number {
  return (
    compareStrings(a.file, b.file) ||
    a.region.startLine - b.region.startLine ||
    a.region.startColumn - b.region.startColumn ||
    a.region.endLine - b.region.endLine ||
    a.region.endColumn - b.region.endColumn
  );
}

/** Locale-independent string order, so output is byte-identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
