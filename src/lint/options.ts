/**
 * Rule options: the JSON-schema-like spec a rule declares in `meta.schema`, its conversion to zod,
 * and validate → merge with `meta.defaultOptions` → deep-freeze. Invalid options are a ConfigError,
 * raised before any analysis (kube-linter's `Instantiate`).
 */
import { z } from 'zod';
import { ConfigError, problemsFromZod } from '../config/error.js';
import type { DocumentSource, Path } from '../core/source.js';

/** An option value: what YAML config can express. */
export type OptionValue = boolean | number | string | readonly OptionValue[] | { readonly [key: string]: OptionValue };
export type RuleOptions = Record<string, OptionValue>;

interface NumberSpec<T> {
  type: 'integer' | 'number';
  minimum?: number;
  maximum?: number;
  enum?: readonly T[];
}
interface StringSpec<T> {
  type: 'string';
  enum?: readonly T[];
  /** A regular expression the whole value must match (JSON Schema `pattern`, anchored by the spec author). */
  pattern?: string;
}
interface ArraySpec<E> {
  type: 'array';
  items: ValueSpec<E>;
  minItems?: number;
  maxItems?: number;
}
/** A fixed set of keys (`properties`) or a map of any keys (`additionalProperties`). */
type ObjectSpec<T> =
  | { type: 'object'; properties: { [K in keyof T]-?: ValueSpec<T[K]> } }
  | { type: 'object'; additionalProperties: ValueSpec<T[keyof T]> };

/** The spec of a value of type T (the spec's `type` must fit the default's type); `any` (AnyRule) takes any spec. */
export type ValueSpec<T> = (0 extends 1 & T
  ? AnyOptionSpec
  : [T] extends [boolean]
    ? { type: 'boolean' }
    : [T] extends [number]
      ? NumberSpec<T>
      : [T] extends [string]
        ? StringSpec<T>
        : [T] extends [readonly (infer E)[]]
          ? ArraySpec<E>
          : [T] extends [object]
            ? ObjectSpec<T>
            : never) & { description?: string };

/** A top-level option: its description is required, the rule's README options table is made from it. */
export type OptionSpec<T> = ValueSpec<T> & { description: string };

/** `meta.schema`: one spec per key of `meta.defaultOptions`. */
export type OptionsSchema<O> = { [K in keyof O]-?: OptionSpec<O[K]> };

/** The untyped view of a spec, for code that handles every rule's schema. */
export interface AnyOptionSpec {
  type: 'integer' | 'number' | 'string' | 'boolean' | 'array' | 'object';
  description?: string;
  minimum?: number;
  maximum?: number;
  enum?: readonly (string | number)[];
  pattern?: string;
  items?: AnyOptionSpec;
  minItems?: number;
  maxItems?: number;
  properties?: Readonly<Record<string, AnyOptionSpec>>;
  additionalProperties?: AnyOptionSpec;
}

export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** A spec as a zod schema. Objects are strict: a misspelt key is an error, not silently ignored. */
export function specToZod(spec: AnyOptionSpec): z.ZodType {
  switch (spec.type) {
    case 'boolean':
      return z.boolean();
    case 'integer':
    case 'number': {
      let n = spec.type === 'integer' ? z.int() : z.number();
      if (spec.minimum !== undefined) n = n.min(spec.minimum);
      if (spec.maximum !== undefined) n = n.max(spec.maximum);
      return spec.enum ? n.refine((v) => spec.enum!.includes(v), { error: `expected one of ${spec.enum.join(', ')}` }) : n;
    }
    case 'string':
      if (spec.enum) return z.enum(spec.enum.map(String) as [string, ...string[]]);
      return spec.pattern === undefined ? z.string() : z.string().regex(new RegExp(spec.pattern), { error: `expected a string matching ${spec.pattern}` });
    case 'array': {
      if (!spec.items) throw new Error('array option without items');
      let a = z.array(specToZod(spec.items));
      if (spec.minItems !== undefined) a = a.min(spec.minItems);
      if (spec.maxItems !== undefined) a = a.max(spec.maxItems);
      return a;
    }
    case 'object':
      if (spec.properties) {
        const shape = Object.fromEntries(Object.entries(spec.properties).map(([k, s]) => [k, specToZod(s)]));
        return z.strictObject(shape);
      }
      if (spec.additionalProperties) return z.record(z.string(), specToZod(spec.additionalProperties));
      throw new Error('object option without properties or additionalProperties');
  }
}

/** The whole options object: every option optional (defaults fill the gaps), unknown ones rejected. */
export function optionsSchemaToZod(schema: Readonly<Record<string, AnyOptionSpec>>): z.ZodType<Record<string, unknown>> {
  const shape = Object.fromEntries(Object.entries(schema).map(([k, s]) => [k, specToZod(s).optional()]));
  return z.strictObject(shape);
}

export interface OptionsTarget {
  id: string;
  meta: { schema?: Readonly<Record<string, AnyOptionSpec>>; defaultOptions: Readonly<Record<string, unknown>> };
}

/** Where the options came from, so errors point into netreach.yaml. */
export interface OptionsOrigin {
  source?: DocumentSource;
  /** Path of the options object in the config document, e.g. `['rules', id, 'options']`. */
  path: Path;
}

/**
 * Validates user options against the rule's schema, merges them over the defaults (top-level keys
 * replace, arrays and objects are not merged element-wise) and deep-freezes the result.
 */
export function resolveOptions(rule: OptionsTarget, raw: unknown, origin?: OptionsOrigin): Readonly<Record<string, unknown>> {
  const parsed = optionsSchemaToZod(rule.meta.schema ?? {}).safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error, origin?.source, origin?.path ?? []).map((p) => ({
      ...p,
      message: `rule ${rule.id}: invalid options: ${p.message}`,
    }));
    throw new ConfigError(problems);
  }
  const given = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  return deepFreeze(structuredClone({ ...rule.meta.defaultOptions, ...given }));
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
