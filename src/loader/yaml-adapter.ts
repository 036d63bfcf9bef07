/**
 * The only module that imports `yaml`: YAML/JSON text → plain JS values plus the source region of every
 * field (DocumentSource), every mapping and sequence registered with `registerOrigin`.
 *
 * YAML 1.1, because kubectl reads manifests with sigs.k8s.io/yaml, i.e. go-yaml v2. Compared with go-yaml v2
 * (resolve.go), pinned in yaml-adapter.test.ts:
 * - same: booleans y/Y/yes/on/ON/n/no/off… (`on:` as a key becomes "true", as sigs.k8s.io/yaml turns bool keys
 *   into "true"/"false"); `0777` is octal 511; `0x1F`, `0b101`, `1_000`, `.5`, `1e3`, `.inf`, `~` alike.
 * - made the same here: go-yaml v2 has no base-60 numbers (`1:30` stays the string "1:30") and hands
 *   timestamps to interface{} as strings, so the 1.1 schema's sexagesimal and timestamp tags are removed.
 * - still different: `0o17` is a string here and 15 in go-yaml v2 (Go's ParseInt base 0); integers beyond
 *   2^53 lose precision here; `!!binary` keeps its base64 text here where go-yaml v2 decodes the bytes.
 * - merge keys: explicit keys win over merged ones wherever `<<` stands (the YAML merge spec, and yaml's
 *   toJS); go-yaml v2 lets a later `<<` overwrite keys written before it.
 * Non-string keys become `String(key)` ("1", "true", "null"), what sigs.k8s.io/yaml does for the common cases.
 */
import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Alias,
  type CST,
  type Document,
  type Node,
  type Pair,
  type Scalar,
  type Tags,
  type YAMLMap,
  type YAMLError,
} from 'yaml';
import { DocumentSource, InternalError, pathKey, registerOrigin, type Path, type Region } from '../core/source.js';
import { DEFAULT_LIMITS, type LoadIssue, type LoadIssueCode, type LoadLimits, type ParsedDocument } from './types.js';

export type { ParsedDocument } from './types.js';

export interface ParseResult {
  /** Every document that parsed, in file order (empty ones with value null); documents with errors are left out. */
  documents: ParsedDocument[];
  issues: LoadIssue[];
}

/** Limits with undefined entries left at their defaults. */
export function resolveLimits(limits: Partial<LoadLimits> = {}): LoadLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(limits) as [keyof LoadLimits, number | undefined][]) if (v !== undefined) out[k] = v;
  return out;
}

const YAML_TAG = 'tag:yaml.org,2002:';

// See the header: go-yaml v2 resolves neither base-60 numbers nor (for interface{}) timestamps.
const goYamlV2Tags = (tags: Tags): Tags =>
  tags.filter((t) => typeof t === 'string' || (t.format !== 'TIME' && t.tag !== `${YAML_TAG}timestamp`));

const COMPOSE_OPTIONS = {
  version: '1.1',
  merge: true,
  uniqueKeys: true,
  customTags: goYamlV2Tags,
} as const;

/**
 * Parse every document of `text`. Never throws on bad input: syntax errors, duplicate keys and exceeded
 * limits come back as issues, and a document with an error is left out while the others are kept.
 */
export function parseYaml(text: string, file: string, limits?: Partial<LoadLimits>): ParseResult {
  const lim = resolveLimits(limits);
  // A byte-order mark takes no column in editors, and yaml 2.9 misreads a block sequence right after one
  // (`\uFEFF- a` fails with "Unexpected scalar at node end"): parse the text without it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const pos = new Positions(body, lineCounter);
  const out: ParseResult = { documents: [], issues: [] };
  try {
    // parseAllDocuments() split in its two halves, so that a document nested deeper than maxDepth is
    // rejected from the CST (built without recursion) before the recursive composer sees it.
    const parser = new Parser(lineCounter.addNewLine);
    const composer = new Composer(COMPOSE_OPTIONS);
    const tooDeep: (number | undefined)[] = [];
    let index = 0;
    const handle = (doc: Document.Parsed) => {
      const i = index++;
      const deepAt = tooDeep[i];
      if (deepAt !== undefined) {
        out.issues.push(pos.issue(file, i, 'LIMIT_EXCEEDED', `nesting deeper than ${lim.maxDepth} levels`, deepAt, deepAt + 1, true));
        return;
      }
      const parsed = composeResult(doc, i, file, pos, lim, out.issues);
      if (parsed) out.documents.push(parsed);
    };
    for (const token of parser.parse(body)) {
      let tok = token;
      if (token.type === 'document') {
        const deepAt = cstTooDeep(token, lim.maxDepth);
        tooDeep.push(deepAt);
        if (deepAt !== undefined) tok = { ...token, value: undefined };
      }
      for (const doc of composer.next(tok)) handle(doc);
    }
    for (const doc of composer.end()) handle(doc);
    if (index === 0) {
      // Errors of a stream without documents (a stray `]`, a directive without `---`) have no document to go to.
      for (const err of composer.streamInfo().errors) out.issues.push(errorIssue(err, file, 0, pos, true));
    }
  } catch (err) {
    // Last line of defence: the depth gate above should keep the parser's recursion shallow.
    if (!(err instanceof RangeError)) throw err;
    out.documents = [];
    out.issues.push(pos.issue(file, 0, 'LIMIT_EXCEEDED', `too deeply nested to parse (${err.message})`, 0, 1, true));
  }
  return out;
}

/** Offset of the first collection nested deeper than `maxDepth` in a CST document, if any (iterative walk). */
function cstTooDeep(doc: CST.Document, maxDepth: number): number | undefined {
  const stack: [CST.Token | undefined, number][] = [[doc.value, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token || !('items' in token)) continue;
    if (depth + 1 > maxDepth) return token.offset;
    for (const item of token.items) {
      if ('key' in item && item.key) stack.push([item.key as CST.Token, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/** Turn one composed document into a ParsedDocument, or report why it is dropped. */
function composeResult(
  doc: Document.Parsed,
  index: number,
  file: string,
  pos: Positions,
  limits: LoadLimits,
  issues: LoadIssue[],
): ParsedDocument | undefined {
  let fatal = false;
  const keys = doc.errors.some((e) => e.code === 'DUPLICATE_KEY') ? keysByOffset(doc) : undefined;
  for (const err of doc.errors) {
    const key = err.code === 'DUPLICATE_KEY' ? keys?.get(err.pos[0]) : undefined;
    if (key) {
      const [start, end] = key.range ?? err.pos;
      const name = isScalar(key) ? JSON.stringify(String(key.value)) : pos.text.slice(start, pos.firstLineEnd(start, end));
      issues.push(pos.issue(file, index, 'DUPLICATE_KEY', `duplicate key ${name} in one mapping (the last one is used)`, start, end, false));
    } else {
      fatal = true;
      issues.push(errorIssue(err, file, index, pos, true));
    }
  }
  for (const warning of doc.warnings) {
    if (isApplicationTagWarning(warning, pos.text)) continue;
    issues.push(errorIssue(warning, file, index, pos, false));
  }
  if (fatal) return undefined;

  const root = doc.contents;
  const spans = new Spans(pos);
  const rootSpan = root ? spans.of(root) : [doc.range[0], doc.range[0]] as const;
  const source = new DocumentSource(file, index, pos.region(rootSpan[0], rootSpan[1]));
  const builder = new Builder(file, index, source, pos, spans, () => aliasTargets(doc), limits, issues);
  try {
    const value = builder.value(root, [], 0);
    source.set([], { value: source.docRegion, collection: isObject(value) });
    return { index, value, source, tags: builder.tags };
  } catch (abort) {
    if (!(abort instanceof DocumentAbort)) throw abort;
    issues.push(abort.issue);
    return undefined;
  }
}

/** Local tags such as CloudFormation's `!Ref` are data for the loaders that know them, not a problem. */
function isApplicationTagWarning(warning: YAMLError, text: string): boolean {
  if (warning.code !== 'TAG_RESOLVE_FAILED') return false;
  const tag = text.slice(warning.pos[0], warning.pos[1]);
  return tag.startsWith('!') && !tag.startsWith('!!');
}

/** yaml points at the first character of a duplicate key; the key node gives its whole extent. */
function keysByOffset(doc: Document.Parsed): Map<number, Node> {
  const keys = new Map<number, Node>();
  visit(doc, {
    Pair(_key, pair) {
      if (isNode(pair.key) && pair.key.range) keys.set(pair.key.range[0], pair.key);
    },
  });
  return keys;
}

function errorIssue(err: YAMLError, file: string, doc: number, pos: Positions, fatal: boolean): LoadIssue {
  const [start, end] = err.pos;
  const message = err.message.replace(/\s*\n\s*/g, ' ').trim();
  return pos.issue(file, doc, 'YAML_SYNTAX', `YAML syntax error: ${message}`, start, end, fatal);
}

/** Anchor each alias refers to: the closest preceding node with that anchor, in document order. */
function aliasTargets(doc: Document.Parsed): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        if (target) targets.set(node, target);
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  return targets;
}

/** Thrown inside a document's build to drop the document with one issue. */
class DocumentAbort {
  constructor(readonly issue: LoadIssue) {}
}

interface Entry {
  name: string;
  key: Node;
  value: Node | null;
}

/** Builds the plain value of one document, filling its DocumentSource. */
class Builder {
  readonly tags = new Map<string, string>();
  #nodes = 0;
  #derefs = 0;
  #targets: Map<Alias, Node> | undefined;
  /** Collections being built or merged right now: an alias to one of them is a cycle. */
  readonly #open = new Set<Node>();

  constructor(
    readonly file: string,
    readonly doc: number,
    readonly source: DocumentSource,
    readonly pos: Positions,
    readonly spans: Spans,
    /** Computed on the first alias: most documents have none, and it walks the whole document. */
    readonly findTargets: () => Map<Alias, Node>,
    readonly limits: LoadLimits,
    readonly issues: LoadIssue[],
  ) {}

  value(node: Node | null, path: Path, depth: number): unknown {
    if (node === null) return null;
    if (++this.#nodes > this.limits.maxNodes) {
      this.#abort('LIMIT_EXCEEDED', `more than ${this.limits.maxNodes} nodes in one document (aliases expanded)`, node);
    }
    if (isAlias(node)) return this.value(this.#deref(node), path, depth);
    if (node.tag && !node.tag.startsWith(YAML_TAG)) this.tags.set(pathKey(path), node.tag);
    if (isScalar(node)) return scalarValue(node);
    if (depth + 1 > this.limits.maxDepth) {
      this.#abort('LIMIT_EXCEEDED', `nesting deeper than ${this.limits.maxDepth} levels (aliases expanded)`, node);
    }
    this.#open.add(node);
    const built = isMap(node)
      ? this.#mapping(node.items as Pair<Node, Node | null>[], path, depth + 1)
      : isSeq(node)
        ? this.#sequence(node.items as (Node | Pair<Node, Node | null>)[], path, depth + 1)
        : undefined;
    this.#open.delete(node);
    if (built === undefined) throw new InternalError(`unexpected YAML node ${String(node)}`);
    return built;
  }

  #mapping(pairs: readonly Pair<Node, Node | null>[], path: Path, depth: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    registerOrigin(obj, this.source, path);
    for (const entry of this.#entries(pairs, path)) {
      const childPath = [...path, entry.name];
      const value = this.value(entry.value, childPath, depth);
      setField(obj, entry.name, value);
      const key = this.#region(entry.key);
      const span = entry.value && this.spans.of(entry.value);
      this.source.set(childPath, {
        key,
        // An empty value (`key:`) has no text of its own: the key stands for it.
        value: span && span[1] > span[0] ? this.pos.region(span[0], span[1]) : key,
        collection: isObject(value),
      });
    }
    return obj;
  }

  #sequence(items: readonly (Node | Pair<Node, Node | null>)[], path: Path, depth: number): unknown[] {
    const arr: unknown[] = [];
    registerOrigin(arr, this.source, path);
    items.forEach((item, i) => {
      const childPath = [...path, i];
      // `!!omap`/`!!pairs` items are bare pairs: each becomes a one-key mapping.
      const value = isPair(item) ? this.#mapping([item], childPath, depth + 1) : this.value(item, childPath, depth);
      arr.push(value);
      this.source.set(childPath, { value: this.#region(isPair(item) ? item.key : item), collection: isObject(value) });
    });
    return arr;
  }

  /** The pairs of a mapping with merge keys applied: explicit keys win (the last of duplicates), then the first merge source. */
  #entries(pairs: readonly Pair<Node, Node | null>[], path: Path): Iterable<Entry> {
    const explicit = new Map<string, Entry>();
    const merged = new Map<string, Entry>();
    for (const pair of pairs) {
      if (isMergeKey(pair.key)) {
        for (const src of this.#mergeSources(pair.value, pair.key)) {
          this.#open.add(src);
          for (const entry of this.#entries(src.items as Pair<Node, Node | null>[], path)) {
            if (!merged.has(entry.name)) merged.set(entry.name, entry);
          }
          this.#open.delete(src);
        }
        continue;
      }
      const name = this.#keyName(pair.key);
      if (name === undefined) {
        const [start, end] = this.spans.of(pair.key);
        this.issues.push(
          this.pos.issue(this.file, this.doc, 'INVALID_FIELD', 'a mapping key must be a scalar (this pair is ignored)', start, end, false, path),
        );
        continue;
      }
      explicit.set(name, { name, key: pair.key, value: pair.value });
    }
    for (const [name, entry] of merged) if (!explicit.has(name)) explicit.set(name, entry);
    return explicit.values();
  }

  #mergeSources(value: Node | null, at: Node): YAMLMap[] {
    const node = value && this.#resolve(value);
    const list = node && isSeq(node) ? node.items.map((it) => (it && isAlias(it) ? this.#resolve(it) : it)) : [node];
    return list.map((src) => {
      if (src && isMap(src)) return src;
      return this.#abort('YAML_SYNTAX', 'a merge key (<<) needs a mapping, an alias of one, or a list of those', value ?? at);
    });
  }

  #keyName(key: Node): string | undefined {
    const node = this.#resolve(key);
    if (!isScalar(node)) return undefined;
    const v = scalarValue(node);
    return typeof v === 'string' ? v : String(v);
  }

  /** Follow aliases (counting each dereference) to the node they name. */
  #resolve(node: Node): Node {
    let n = node;
    while (isAlias(n)) n = this.#deref(n);
    return n;
  }

  #deref(alias: Alias): Node {
    if (++this.#derefs > this.limits.maxAliases) {
      this.#abort('LIMIT_EXCEEDED', `more than ${this.limits.maxAliases} alias dereferences in one document`, alias);
    }
    this.#targets ??= this.findTargets();
    const target = this.#targets.get(alias);
    if (!target) return this.#abort('YAML_SYNTAX', `alias *${alias.source} has no anchor &${alias.source} before it`, alias);
    if (this.#open.has(target)) return this.#abort('YAML_SYNTAX', `alias *${alias.source} refers to a node that contains it`, alias);
    return target;
  }

  #region(node: Node): Region {
    const [start, end] = this.spans.of(node);
    return this.pos.region(start, end);
  }

  #abort(code: LoadIssueCode, message: string, node: Node): never {
    const [start, end] = this.spans.of(node);
    throw new DocumentAbort(this.pos.issue(this.file, this.doc, code, message, start, end, true));
  }
}

function isMergeKey(key: Node | null): boolean {
  return key !== null && isScalar(key) && typeof key.value === 'symbol';
}

function scalarValue(node: Scalar): unknown {
  const v = node.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  // !!binary bytes and the like: keep the text as written.
  return node.source ?? String(v);
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** `obj[key] = value`, except that a `__proto__` key becomes a field, not the prototype. */
function setField(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/**
 * The single-line span [start, end) that stands for a node: a scalar's text on its first line (a block
 * scalar's header), an alias's `*name`, a collection's first line up to its last child that starts there
 * (a block collection's range runs on to the next line). Cached per node: aliases re-use nodes.
 */
class Spans {
  readonly #cache = new WeakMap<Node, readonly [number, number]>();
  constructor(readonly pos: Positions) {}

  of(node: Node): readonly [number, number] {
    let span = this.#cache.get(node);
    if (!span) {
      span = this.#compute(node);
      this.#cache.set(node, span);
    }
    return span;
  }

  #compute(node: Node): readonly [number, number] {
    const [start, valueEnd] = node.range ?? [0, 0];
    if (isAlias(node)) return [start, valueEnd];
    if (isScalar(node)) {
      if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') return [start, this.pos.contentEnd(start)];
      return [start, this.pos.firstLineEnd(start, valueEnd)];
    }
    const line = this.pos.line(start);
    if ((isMap(node) || isSeq(node)) && node.flow && this.pos.line(valueEnd) === line) return [start, valueEnd];
    let end = start + 1;
    const items = (isMap(node) || isSeq(node) ? node.items : []) as unknown[];
    outer: for (const item of items) {
      const parts = isPair(item) ? [item.key, item.value] : [item];
      for (const part of parts) {
        if (!part || typeof part !== 'object' || !('range' in part)) continue;
        const child = part as Node;
        if (!child.range || this.pos.line(child.range[0]) !== line) break outer;
        end = Math.max(end, this.of(child)[1]);
      }
    }
    return [start, this.pos.afterColon(end)];
  }
}

/** Offsets → 1-based lines and UTF-16 columns, single-line regions and issues, for one file's text. */
class Positions {
  constructor(
    readonly text: string,
    readonly lines: LineCounter,
  ) {}

  line(offset: number): number {
    return this.lines.linePos(offset).line;
  }

  /** A single-line, non-empty region for [start, end), which must not contain a line break. */
  region(start: number, end: number): Region {
    let s = start;
    let e = end;
    if (e <= s) {
      // Nothing to point at. Take the character before on the same line (the `-` of an empty list item);
      // on an empty line or at the end of the text (an unclosed bracket), the last character before it;
      // else the position itself.
      let p = s - 1;
      while (p >= 0 && isBlank(this.text[p])) p--;
      if (p >= 0 && !isLineBreak(this.text[p])) s = p;
      else if (this.#blankFrom(s)) {
        while (p >= 0 && (isBlank(this.text[p]) || isLineBreak(this.text[p]))) p--;
        if (p >= 0) s = p;
      }
      e = s + 1;
    }
    const { line, col } = this.lines.linePos(s);
    return { startLine: line, startColumn: col, endLine: line, endColumn: col + (e - s) };
  }

  issue(
    file: string,
    doc: number,
    code: LoadIssueCode,
    message: string,
    start: number,
    end: number,
    fatal: boolean,
    path: Path = [],
  ): LoadIssue {
    const region = this.region(start, this.firstLineEnd(start, end));
    return { code, message, at: { file, doc, path: [...path], region }, fatal };
  }

  /** `end`, or the first line break after `start` if it comes sooner, without trailing blanks. */
  firstLineEnd(start: number, end: number): number {
    let e = Math.min(end, this.text.length);
    for (let i = start; i < e; i++) {
      if (isLineBreak(this.text[i])) {
        e = i;
        break;
      }
    }
    return this.trimEnd(start, e);
  }

  /** End of the content from `start` to the end of its line, without a trailing comment (block scalar headers). */
  contentEnd(start: number): number {
    let i = start;
    while (i < this.text.length && !isLineBreak(this.text[i])) {
      if (this.text[i] === '#' && i > start && isBlank(this.text[i - 1])) break;
      i++;
    }
    return this.trimEnd(start, i);
  }

  /** Extends past a `:` that follows `end` (a key whose value starts on the next line). */
  afterColon(end: number): number {
    let p = end;
    while (isBlank(this.text[p])) p++;
    return this.text[p] === ':' ? p + 1 : end;
  }

  /** Only blanks from `offset` to the end of its line. */
  #blankFrom(offset: number): boolean {
    let i = offset;
    while (isBlank(this.text[i])) i++;
    return i >= this.text.length || isLineBreak(this.text[i]);
  }

  trimEnd(start: number, end: number): number {
    let e = end;
    while (e > start && isBlank(this.text[e - 1])) e--;
    return e;
  }
}

function isLineBreak(ch: string | undefined): boolean {
  return ch === '\n' || ch === '\r';
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}
