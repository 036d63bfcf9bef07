/**
 * JSON or YAML embedded in a string field of a YAML file (eksctl addon `configurationValues`, and later flannel's
 * `net-conf.json` or any ConfigMap value): parsed with the YAML adapter (JSON is YAML), and every value inside gets
 * the location of its own text inside that string in the host file.
 *
 * How: the host scalar is re-read from the file text at the region the adapter recorded for it, decoded as YAML
 * decodes it (block literal `|` and folded `>` with their indentation and chomping, double-quoted with escapes,
 * single-quoted, single-line plain), keeping for every decoded character the offset of the text it came from. The
 * decoding is checked against the value the adapter produced; when it differs (a construct not handled here) or the
 * file text is not at hand, every inner location falls back to the host scalar itself — never a wrong line.
 */
import { DocumentSource, formatPath, registerOrigin, type FieldRegions, type Path, type Region } from '../../core/source.js';
import { parseYaml } from '../yaml-adapter.js';
import type { LoadIssue, ParsedDocument } from '../types.js';

export interface EmbeddedDocument {
  /**
   * The parsed value (mappings and sequences registered, so `refOf` gives locations in the host file under
   * `hostPath`); undefined when the string is empty, blank or does not parse.
   */
  value: unknown;
  /** Syntax errors and duplicate keys inside the string, at their own lines in the host file. */
  issues: LoadIssue[];
  /** Inner locations are exact (false: they all point at the host scalar, see the header). */
  exact: boolean;
}

export interface EmbeddingOwner {
  /** LoadIssue.object of the issues ("ClusterConfig/prod"). */
  object?: string;
  /** Prefix of their messages ("ClusterConfig prod"), before the field's path. */
  label?: string;
}

/**
 * Parses the string `value` found at `hostPath` (the path the adapter recorded for it) in `doc`.
 * `text` is the host file's text (LoadResult.texts); without it locations fall back to the host scalar.
 * Issues inside the string are not fatal: only the embedded value is lost, the host object stays.
 */
export function parseEmbedded(doc: ParsedDocument, hostPath: Path, value: string, text: string | undefined, owner: EmbeddingOwner = {}): EmbeddedDocument {
  const { object } = owner;
  const prefix = `${owner.label ? `${owner.label}: ` : ''}${formatPath(hostPath)}: `;
  const file = doc.source.file;
  const host = doc.source.regionsAt(hostPath);
  const hostRegion = host?.value ?? doc.source.ref(hostPath).region;
  const map = text === undefined || !host ? undefined : scalarMap(text, host.value, value);
  const toOuter = (r: Region): Region => (map ? map.region(r) : hostRegion);

  const inner = parseYaml(value, file);
  const issues: LoadIssue[] = inner.issues.map((issue) => {
    const out: LoadIssue = {
      code: issue.code,
      message: `${prefix}${issue.message}`,
      at: { file, doc: doc.index, path: [...hostPath, ...issue.at.path], region: toOuter(issue.at.region) },
      fatal: false,
    };
    if (object) out.object = object;
    return out;
  });
  const docs = inner.documents.filter((d) => d.value !== null);
  const first = docs[0];
  if (!first) return { value: undefined, issues, exact: map !== undefined };

  const target = new DocumentSource(file, doc.index, hostRegion);
  // The embedded root stands where the host field is: on its key, like any collection.
  target.set(hostPath, { ...(host ?? { value: hostRegion }), collection: true });
  transplant(first.value, [], first.source, target, hostPath, toOuter);
  if (docs.length > 1) {
    const second = docs[1]!;
    const issue: LoadIssue = {
      code: 'INVALID_FIELD',
      message: `${prefix}${docs.length} YAML documents in one embedded string: only the first is used`,
      at: { file, doc: doc.index, path: [...hostPath], region: toOuter(second.source.docRegion) },
      fatal: false,
    };
    if (object) issue.object = object;
    issues.push(issue);
  }
  return { value: first.value, issues, exact: map !== undefined };
}

/** Copies the regions of `value` and everything below it from the inner source into `target`, under `prefix`. */
function transplant(value: unknown, path: Path, from: DocumentSource, target: DocumentSource, prefix: Path, toOuter: (r: Region) => Region): void {
  if (typeof value !== 'object' || value === null) return;
  registerOrigin(value, target, [...prefix, ...path]);
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = [...path, key];
    const regions = from.regionsAt(childPath);
    if (regions) {
      const mapped: FieldRegions = { value: toOuter(regions.value), collection: regions.collection };
      if (regions.key) mapped.key = toOuter(regions.key);
      target.set([...prefix, ...childPath], mapped);
    }
    transplant(child, childPath, from, target, prefix, toOuter);
  }
}

/** Decoded string → host text: for decoded character i, the host text [start[i], end[i]). */
interface Decoded {
  chars: string[];
  start: number[];
  end: number[];
}

interface ScalarMap {
  region(inner: Region): Region;
}

/** The map from the embedded string's own lines and columns to the host file's, or undefined if it cannot be exact. */
function scalarMap(rawText: string, hostRegion: Region, expected: string): ScalarMap | undefined {
  // The adapter parses the text without a byte-order mark: its lines and columns are those of the text after it.
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const outer = new Lines(text);
  const start = outer.offset(hostRegion.startLine, hostRegion.startColumn);
  if (start === undefined) return undefined;
  const decoded = decodeScalar(text, start);
  if (!decoded || decoded.chars.join('') !== expected) return undefined;
  // parseYaml drops a leading byte-order mark of the embedded string too.
  const skip = expected.charCodeAt(0) === 0xfeff ? 1 : 0;
  const innerLines = new Lines(expected.slice(skip));
  return {
    region(r: Region): Region {
      const s0 = innerLines.offset(r.startLine, r.startColumn);
      if (s0 === undefined) return hostRegion;
      const s = s0 + skip;
      const last = decoded.chars.length - 1;
      if (last < 0) return hostRegion;
      const a = Math.min(s, last);
      const b = Math.max(a, Math.min(s + Math.max(1, r.endColumn - r.startColumn), decoded.chars.length) - 1);
      return outer.region(decoded.start[a]!, decoded.end[b]!);
    },
  };
}

/** Line starts of a text ('\n' ends a line, as for yaml's LineCounter); 1-based lines and UTF-16 columns. */
class Lines {
  readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.starts.push(i + 1);
  }

  offset(line: number, column: number): number | undefined {
    const ls = this.starts[line - 1];
    if (ls === undefined) return undefined;
    const o = ls + column - 1;
    return o <= this.text.length ? o : undefined;
  }

  /** A one-line region for [start, end): cut at the end of the start's line, never empty. */
  region(start: number, end: number): Region {
    let line = 0;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= start) {
        line = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let e = end;
    const next = this.starts[line + 1];
    if (next !== undefined && e > next - 1) e = next - 1;
    while (e > start && (this.text[e - 1] === '\r' || this.text[e - 1] === '\n')) e--;
    if (e <= start) e = start + 1;
    const col = start - this.starts[line]! + 1;
    return { startLine: line + 1, startColumn: col, endLine: line + 1, endColumn: col + (e - start) };
  }
}

/** Decodes the YAML scalar that starts at `at` in `text`, as the yaml library does; undefined for what is not handled. */
export function decodeScalar(text: string, at: number): Decoded | undefined {
  const c = text[at];
  if (c === '"') return decodeQuoted(text, at, true);
  if (c === "'") return decodeQuoted(text, at, false);
  if (c === '|' || c === '>') return decodeBlock(text, at);
  return decodePlain(text, at);
}

class Out implements Decoded {
  chars: string[] = [];
  start: number[] = [];
  end: number[] = [];
  /** Whether each character came from an escape (escaped blanks survive line folding). */
  escaped: boolean[] = [];

  push(s: string, from: number, to: number, escaped = false): void {
    for (const ch of splitUnits(s)) {
      this.chars.push(ch);
      this.start.push(from);
      this.end.push(to);
      this.escaped.push(escaped);
    }
  }

  /** Folding drops the blanks before a line break (unless escaped). */
  trimBlanks(): void {
    for (;;) {
      const i = this.chars.length - 1;
      if (i < 0 || this.escaped[i] || (this.chars[i] !== ' ' && this.chars[i] !== '\t')) return;
      this.chars.pop();
      this.start.pop();
      this.end.pop();
      this.escaped.pop();
    }
  }
}

/** UTF-16 code units, so indices match JavaScript string indices. */
function splitUnits(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) out.push(s[i]!);
  return out;
}

const isBreak = (ch: string | undefined) => ch === '\n' || ch === '\r';
const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';

/** Offset after the line break at `i` (\n, \r\n or \r). */
function afterBreak(text: string, i: number): number {
  return text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

function decodeQuoted(text: string, at: number, double: boolean): Decoded | undefined {
  const quote = double ? '"' : "'";
  const out = new Out();
  let i = at + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote) {
      if (!double && text[i + 1] === "'") {
        out.push("'", i, i + 2, true);
        i += 2;
        continue;
      }
      return out;
    }
    if (double && ch === '\\') {
      const e = text[i + 1];
      if (e === undefined) return undefined;
      if (isBreak(e)) {
        // An escaped line break joins the lines: nothing is emitted, the next line's leading blanks are dropped.
        i = afterBreak(text, i + 1);
        while (isBlank(text[i])) i++;
        continue;
      }
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out.push(simple, i, i + 2, true);
        i += 2;
        continue;
      }
      const digits = HEX_ESCAPES[e];
      if (digits === undefined) return undefined;
      const hex = text.slice(i + 2, i + 2 + digits);
      if (hex.length !== digits || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) return undefined;
      out.push(String.fromCodePoint(code), i, i + 2 + digits, true);
      i += 2 + digits;
      continue;
    }
    if (isBreak(ch)) {
      // Line folding: blanks around the break go; one break becomes a space, n empty lines become n newlines.
      out.trimBlanks();
      const breakAt = i;
      i = afterBreak(text, i);
      while (isBlank(text[i])) i++;
      let empties = 0;
      while (isBreak(text[i])) {
        out.push('\n', i, i + 1);
        empties++;
        i = afterBreak(text, i);
        while (isBlank(text[i])) i++;
      }
      if (empties === 0) out.push(' ', breakAt, breakAt + 1);
      continue;
    }
    out.push(ch, i, i + 1);
    i++;
  }
  return undefined; // unterminated
}

/** A plain scalar on one line: up to a ` #` comment or the end of the line, trailing blanks dropped. */
function decodePlain(text: string, at: number): Decoded | undefined {
  const out = new Out();
  let i = at;
  while (i < text.length && !isBreak(text[i])) {
    if (text[i] === '#' && isBlank(text[i - 1])) break;
    out.push(text[i]!, i, i + 1);
    i++;
  }
  out.trimBlanks();
  return out;
}

/** Leading spaces of the line that holds `offset`. */
function lineIndent(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && !isBreak(text[s - 1])) s--;
  let n = 0;
  while (text[s + n] === ' ') n++;
  return n;
}

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset of its line break (or the end of the text). */
  end: number;
  /** Leading spaces. */
  indent: number;
  /** Only spaces (or nothing) on the line. */
  blank: boolean;
}

/**
 * A block scalar (`|` literal or `>` folded, with chomping `-`/`+` and an indentation digit), following the
 * algorithm of yaml's resolveBlockScalar so that the result is checked character for character.
 */
function decodeBlock(text: string, at: number): Decoded | undefined {
  const literal = text[at] === '|';
  let i = at + 1;
  let chomp: '' | '-' | '+' = '';
  let explicit = 0;
  while (i < text.length && !isBreak(text[i]) && !isBlank(text[i]) && text[i] !== '#') {
    const ch = text[i]!;
    if ((ch === '-' || ch === '+') && chomp === '') chomp = ch;
    else if (/[1-9]/.test(ch) && explicit === 0) explicit = Number(ch);
    else return undefined;
    i++;
  }
  while (i < text.length && !isBreak(text[i])) i++; // blanks and a comment after the header
  if (i >= text.length) return new Out();
  i = afterBreak(text, i);

  const parent = lineIndent(text, at);
  const lines: Line[] = [];
  let indent = explicit > 0 ? parent + explicit : 0;
  while (i < text.length) {
    let e = i;
    while (e < text.length && !isBreak(text[e])) e++;
    let n = 0;
    while (text[i + n] === ' ') n++;
    const blank = i + n >= e;
    if (!blank) {
      if (indent === 0) indent = n;
      if (n < indent || indent <= parent) break;
      if (n === 0 && /^(---|\.\.\.)(\s|$)/.test(text.slice(i, i + 4))) break;
    }
    lines.push({ start: i, end: e, indent: n, blank });
    i = e < text.length ? afterBreak(text, e) : e;
  }
  if (indent === 0) indent = parent + 1;
  // Lines of spaces only are empty unless they reach beyond the indentation of a block that has text (then
  // the extra spaces are content). Trailing empty lines are not content: chomping decides what becomes of them.
  const hasText = lines.some((l) => !l.blank);
  const empty = (l: Line) => l.blank && (!hasText || l.indent <= indent);
  let chompStart = lines.length;
  while (chompStart > 0 && empty(lines[chompStart - 1]!)) chompStart--;
  let contentStart = 0;
  while (contentStart < chompStart && empty(lines[contentStart]!)) contentStart++;

  const out = new Out();
  const content = (l: Line) => ({ from: l.start + Math.min(l.indent, indent), to: trimCr(text, l.start, l.end) });
  const emit = (from: number, to: number) => {
    for (let k = from; k < to; k++) out.push(text[k]!, k, k + 1);
  };
  // Leading empty lines are line feeds (with any spaces beyond the indentation).
  for (let k = 0; k < contentStart; k++) {
    const l = lines[k]!;
    const c = content(l);
    emit(c.from, c.to);
    out.push('\n', l.end, l.end + 1);
  }
  let sep: string = '';
  let sepAt = 0;
  let prevMoreIndented = false;
  const emitSep = () => {
    if (sep) out.push(sep, sepAt, sepAt + 1);
  };
  for (let k = contentStart; k < chompStart; k++) {
    const l = lines[k]!;
    const c = content(l);
    const body = text.slice(c.from, c.to);
    if (literal) {
      emitSep();
      emit(c.from, c.to);
      sep = '\n';
    } else if (l.indent > indent || body[0] === '\t') {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      emitSep();
      emit(c.from, c.to);
      sep = '\n';
      prevMoreIndented = true;
    } else if (body === '') {
      if (sep === '\n') out.push('\n', sepAt, sepAt + 1);
      else sep = '\n';
    } else {
      emitSep();
      emit(c.from, c.to);
      sep = ' ';
      prevMoreIndented = false;
    }
    sepAt = l.end;
  }
  if (chompStart === 0) {
    // No text at all: '' (clip, strip), or one line feed per line (keep).
    if (chomp === '+') for (const l of lines) out.push('\n', l.end, l.end + 1);
    return out;
  }
  const lastEnd = lines[chompStart - 1]!.end;
  if (chomp === '+') {
    // Keep: the final line break, then each trailing line (with any spaces beyond the indentation) and its break.
    out.push('\n', lastEnd, lastEnd + 1);
    for (let k = chompStart; k < lines.length; k++) {
      const l = lines[k]!;
      const c = content(l);
      emit(c.from, c.to);
      out.push('\n', l.end, l.end + 1);
    }
  } else if (chomp === '') {
    out.push('\n', lastEnd, lastEnd + 1); // clip: one final line break
  }
  return out;
}

function trimCr(text: string, start: number, end: number): number {
  return end > start && text[end - 1] === '\r' ? end - 1 : end;
}
