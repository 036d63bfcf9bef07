/**
 * How the AWS load balancer controllers read annotation values: every annotation is a string, and structured values
 * are encoded in it (kubernetes-sigs/aws-load-balancer-controller, docs/guide/ingress/annotations.md: "boolean: 'true',
 * integer: '42', stringList: s1,s2,s3, stringMap: k1=v1,k2=v2, json: 'jsonContent'").
 */
import { refOf, type SourceRef } from '../../core/source.js';

/** A decided value, why it is what it is, and where that is stated (the object's own field when it is a default). */
export interface Decided<T> {
  value: T;
  why: string;
  at: SourceRef;
}

/** A comma-separated annotation ("stringList"), when present, with where it is written. */
export function listAnnotation(annotations: Readonly<Record<string, string>>, key: string): { names: string[]; at: SourceRef } | undefined {
  const raw = annotations[key];
  if (raw === undefined) return undefined;
  return { names: splitList(raw), at: refOf(annotations, key) };
}

/**
 * A stringList annotation that names something: the controllers drop empty items, and an empty list is the same as
 * no annotation (e.g. `security-groups: ""` → the controller's own managed group).
 */
export function nonEmptyListAnnotation(annotations: Readonly<Record<string, string>>, key: string): { names: string[]; at: SourceRef } | undefined {
  const list = listAnnotation(annotations, key);
  return list && list.names.length > 0 ? list : undefined;
}

export function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A "stringMap" annotation: `k1=v1,k2=v2`; a key without `=` maps to ''. */
export function mapAnnotation(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    out[(eq < 0 ? item : item.slice(0, eq)).trim()] = eq < 0 ? '' : item.slice(eq + 1).trim();
  }
  return out;
}

/** `{ key: value }` when the value is defined, else `{}`: for optional fields under exactOptionalPropertyTypes. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
