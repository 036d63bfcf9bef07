/**
 * Where an intrinsic function call sits, in either spelling:
 * - JSON / YAML long form: a mapping with exactly one key `Ref`, `Fn::…` (or `Condition`, inside conditions),
 *   whose value is the argument, one level down (`{"Fn::Select": [0, …]}`: argument at path + "Fn::Select");
 * - YAML short form: a node tagged `!Ref`, `!Select` …, which is itself the argument (the adapter keeps the
 *   node's plain value and records the tag by path).
 */
import { pathKey, type Path } from '../../core/source.js';

export interface IntrinsicCall {
  /** Long-form name: `Ref`, `Condition`, `Fn::GetAtt` … */
  fn: string;
  /** The argument, as plain data. */
  arg: unknown;
  /** Where the argument sits: the tagged node itself, or the one key's value. */
  argPath: Path;
  /** Where the call sits. */
  path: Path;
  /** Written as a YAML tag. */
  short: boolean;
}

export type Tags = ReadonlyMap<string, string> | undefined;

/** `!Ref` → `Ref`, `!Condition` → `Condition`, `!Select` → `Fn::Select`. */
export function tagToFunction(tag: string): string {
  const name = tag.startsWith('!') ? tag.slice(1) : tag;
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The call at `path`, or undefined for plain data. `conditionContext`: a `{Condition: Name}` mapping is a
 * condition reference only where a condition is expected; elsewhere (an IAM statement) it is data.
 */
export function intrinsicAt(value: unknown, path: Path, tags: Tags, conditionContext = false): IntrinsicCall | undefined {
  const tag = tags?.get(pathKey(path));
  if (tag !== undefined) return { fn: tagToFunction(tag), arg: value, argPath: path, path, short: true };
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0]!;
  if (key === 'Ref' || key.startsWith('Fn::') || (conditionContext && key === 'Condition')) {
    return { fn: key, arg: value[key], argPath: [...path, key], path, short: false };
  }
  return undefined;
}
