/**
 * The value model of an evaluated CloudFormation template: plain data where the template fixes it,
 * `symbolic` where only the deployed stack knows (an AZ name, an imported value, a physical id).
 *
 * Every value carries `at`, the location of the expression it came from — a literal, or the intrinsic
 * that computed it — so a rule can report on the exact `CidrBlock: !Select [...]` that produced a subnet
 * range. Where the data itself was written elsewhere (a parameter's Default, a Mappings entry, the VPC's
 * CidrBlock behind `!GetAtt VPC.CidrBlock`) `origin` points there, for `related` locations.
 */
import type { PathSegment, SourceRef } from '../../core/source.js';

export type Scalar = string | number | boolean | null;

interface Located {
  /** The expression this value came from (the literal, or the intrinsic that computed it). */
  at: SourceRef;
  /** Where the data was written when that is not under `at`: a parameter Default, a Mappings entry … */
  origin?: SourceRef;
}

export interface ScalarValue extends Located {
  kind: 'value';
  value: Scalar;
}

export interface ListValue extends Located {
  kind: 'list';
  items: Resolved[];
}

export interface MapValue extends Located {
  kind: 'map';
  entries: Map<string, Resolved>;
}

/** A value only the deployed stack knows; `expr` says which: "Fn::GetAZs(us-east-1)[0]", "Ref(Vpc)". */
export interface Symbolic {
  kind: 'symbolic';
  expr: string;
  at: SourceRef;
  /** The values it can take when it is one of a few (Fn::If on a condition that is not known). */
  cases?: Resolved[];
}

export type Resolved = ScalarValue | ListValue | MapValue | Symbolic;

/** The result of `Ref: AWS::NoValue`: the property or list item it stands in is removed. Never escapes the evaluator. */
export interface NoValue {
  kind: 'novalue';
  at: SourceRef;
}

export type Evaluated = Resolved | NoValue;

export const scalar = (value: Scalar, at: SourceRef, origin?: SourceRef): ScalarValue =>
  origin ? { kind: 'value', value, at, origin } : { kind: 'value', value, at };

export const list = (items: Resolved[], at: SourceRef): ListValue => ({ kind: 'list', items, at });

export const map = (entries: Map<string, Resolved>, at: SourceRef): MapValue => ({ kind: 'map', entries, at });

export const symbolic = (expr: string, at: SourceRef, cases?: Resolved[]): Symbolic =>
  cases ? { kind: 'symbolic', expr, at, cases } : { kind: 'symbolic', expr, at };

export const isSymbolic = (r: Resolved | undefined): r is Symbolic => r?.kind === 'symbolic';

/** The string a scalar stands for (CloudFormation passes numbers and booleans on as text); undefined otherwise. */
export function asString(r: Resolved | undefined): string | undefined {
  if (r?.kind !== 'value' || r.value === null) return undefined;
  return String(r.value);
}

/** The items of a list; undefined for anything else (a symbolic list has no known items). */
export function asList(r: Resolved | undefined): Resolved[] | undefined {
  return r?.kind === 'list' ? r.items : undefined;
}

/** The value at `path` below `r` (map keys and list indices); undefined where it is absent or not known. */
export function get(r: Resolved | undefined, ...path: PathSegment[]): Resolved | undefined {
  let cur = r;
  for (const seg of path) {
    if (cur?.kind === 'map' && typeof seg === 'string') cur = cur.entries.get(seg);
    else if (cur?.kind === 'list' && typeof seg === 'number') cur = cur.items[seg];
    else return undefined;
  }
  return cur;
}

/** Same data, locations aside. Scalars compare by their text, as Fn::Equals compares parameter strings with literals. */
export function sameValue(a: Resolved, b: Resolved): boolean {
  if (a.kind === 'value' && b.kind === 'value') return a.value === b.value || (a.value !== null && b.value !== null && String(a.value) === String(b.value));
  if (a.kind === 'symbolic' && b.kind === 'symbolic') return a.expr === b.expr;
  if (a.kind === 'list' && b.kind === 'list') return a.items.length === b.items.length && a.items.every((x, i) => sameValue(x, b.items[i]!));
  if (a.kind === 'map' && b.kind === 'map') {
    if (a.entries.size !== b.entries.size) return false;
    for (const [k, v] of a.entries) {
      const w = b.entries.get(k);
      if (!w || !sameValue(v, w)) return false;
    }
    return true;
  }
  return false;
}

/** A short rendering for symbolic expressions and messages: `"a"`, `[1, Ref(X)]`, `{K: v}`. */
export function describe(r: Resolved): string {
  switch (r.kind) {
    case 'value':
      return typeof r.value === 'string' ? JSON.stringify(r.value) : String(r.value);
    case 'symbolic':
      return r.expr;
    case 'list':
      return `[${r.items.map(describe).join(', ')}]`;
    case 'map':
      return `{${[...r.entries].map(([k, v]) => `${k}: ${describe(v)}`).join(', ')}}`;
  }
}

/** The same value at a new place: what a `Ref` or `FindInMap` returns is located at the reference, its data at the definition. */
export function relocate(r: Resolved, at: SourceRef): Resolved {
  switch (r.kind) {
    case 'symbolic':
      return symbolic(r.expr, at, r.cases?.map((c) => relocate(c, at)));
    case 'value':
      return scalar(r.value, at, r.origin ?? r.at);
    case 'list':
      return { kind: 'list', items: r.items.map((x) => relocate(x, at)), at, origin: r.origin ?? r.at };
    case 'map':
      return { kind: 'map', entries: new Map([...r.entries].map(([k, v]) => [k, relocate(v, at)])), at, origin: r.origin ?? r.at };
  }
}

/** JSON-ready plain data (`netreach model`): symbolic values become `{ "symbolic": expr }`. */
export function toPlain(r: Resolved): unknown {
  switch (r.kind) {
    case 'value':
      return r.value;
    case 'symbolic':
      return { symbolic: r.expr };
    case 'list':
      return r.items.map(toPlain);
    case 'map':
      return Object.fromEntries([...r.entries].map(([k, v]) => [k, toPlain(v)]));
  }
}
