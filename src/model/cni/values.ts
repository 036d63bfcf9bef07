/**
 * Typed readers for CNI knobs written as strings (container env, ConfigMap data) and the locations of the
 * parts of a string (one CIDR of a comma-separated list gets its own columns). Bad values never throw: they
 * become problems at the field that states them.
 */
import { isCidr } from '../../loader/schemas/common.js';
import { decodeScalar } from '../../loader/eksctl/embedded.js';
import { refOf, type PathSegment, type Region, type SourceRef } from '../../core/source.js';

/** Where a value came from: stated in the input, a documented default, or a reference netreach cannot follow. */
export type SettingSource = 'input' | 'default' | 'unresolved';

/** One setting of the cluster network, typed, with its evidence. */
export interface Setting<T> {
  /** The value in effect: what the input states, else the component's default (for `unresolved`, the default too). */
  value: T;
  source: SettingSource;
  /** The field (or, inside an embedded string, its own line) stating it; absent for defaults. */
  at?: SourceRef;
  /** For defaults: the source the default is taken from, and why it applies (e.g. an invalid value was ignored). */
  defaultFrom?: string;
}

/** A CIDR (or subnet/security-group id) out of a list, at its own columns. */
export interface LocatedItem {
  value: string;
  at: SourceRef;
}

/** Input the CNI settings cannot use: an invalid value, an embedded string that does not parse. */
export interface CniProblem {
  message: string;
  at: SourceRef;
}

export const stated = <T>(value: T, at: SourceRef): Setting<T> => ({ value, source: 'input', at });
export const byDefault = <T>(value: T, defaultFrom: string): Setting<T> => ({ value, source: 'default', defaultFrom });
export const unresolved = <T>(value: T, at: SourceRef, defaultFrom: string): Setting<T> => ({ value, source: 'unresolved', at, defaultFrom });

/** Go's strconv.ParseBool, which the VPC CNI uses for its boolean env vars. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** Go's strconv.Atoi (optional sign, decimal digits), within the safe integer range. */
export function parseGoInt(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

export const isIpv4Cidr = (s: string): boolean => isCidr(s) && !s.includes(':');

/**
 * Locations inside string scalars. The host scalar is re-read from the file text and decoded as YAML decodes it
 * (decodeScalar, shared with the embedded-document reader), so a part of the string gets the columns of its own
 * text; when that cannot be done exactly (no text, a multi-line part) the part falls back to the whole scalar.
 */
export class TextLocator {
  readonly #lineStarts = new Map<string, number[]>();

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  /** The location of value[start, end) where `value` is the string at `refOf(host, ...sub)`. */
  part(host: object, sub: readonly PathSegment[], value: string, start: number, end: number): SourceRef {
    const ref = refOf(host, ...sub);
    const raw = this.texts.get(ref.file);
    if (raw === undefined || end <= start) return ref;
    const bom = raw.charCodeAt(0) === 0xfeff ? 1 : 0;
    const text = bom ? raw.slice(1) : raw;
    const starts = this.starts(ref.file, text);
    const ls = starts[ref.region.startLine - 1];
    if (ls === undefined) return ref;
    const { decoded, joined } = this.decoded(ref.file, text, ls + ref.region.startColumn - 1);
    if (!decoded || joined !== value) return ref;
    const s = decoded.start[start];
    const e = decoded.end[end - 1];
    if (s === undefined || e === undefined) return ref;
    const region = oneLine(starts, s, e);
    return region ? { ...ref, region } : ref;
  }

  /** Items of a separated list (`a,b`, `a b`), each with its own location; empty items are skipped. */
  items(host: object, sub: readonly PathSegment[], value: string, separator: RegExp): LocatedItem[] {
    const out: LocatedItem[] = [];
    const re = new RegExp(`[^${separator.source}]+`, 'g');
    for (const m of value.matchAll(re)) {
      const item = m[0];
      const lead = item.length - item.trimStart().length;
      const trimmed = item.trim();
      if (trimmed === '') continue;
      const start = m.index + lead;
      out.push({ value: trimmed, at: this.part(host, sub, value, start, start + trimmed.length) });
    }
    return out;
  }

  readonly #decoded = new Map<string, { decoded: ReturnType<typeof decodeScalar>; joined: string }>();

  /** One decoding per scalar: a value holding many references is located part by part. */
  private decoded(file: string, text: string, offset: number): { decoded: ReturnType<typeof decodeScalar>; joined: string } {
    const key = `${file}\u0000${offset}`;
    let found = this.#decoded.get(key);
    if (!found) {
      const decoded = decodeScalar(text, offset);
      this.#decoded.set(key, (found = { decoded, joined: decoded ? decoded.chars.join('') : '' }));
    }
    return found;
  }

  private starts(file: string, text: string): number[] {
    let starts = this.#lineStarts.get(file);
    if (!starts) {
      starts = [0];
      for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
      this.#lineStarts.set(file, starts);
    }
    return starts;
  }
}

function oneLine(starts: readonly number[], start: number, end: number): Region | undefined {
  // The last line starting at or before `start` (binary search: files of the input run to many thousand lines).
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= start) lo = mid;
    else hi = mid - 1;
  }
  const line = lo;
  const next = starts[line + 1];
  if (next !== undefined && end > next - 1) return undefined;
  const col = start - starts[line]! + 1;
  return { startLine: line + 1, startColumn: col, endLine: line + 1, endColumn: col + (end - start) };
}
