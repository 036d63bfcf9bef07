/**
 * Template parameters → the values `Ref` returns: a given value, else the Default, else symbolic.
 * Ref returns every parameter as text (a Number parameter's value "becomes a string"), and list types
 * (`CommaDelimitedList`, `List<…>`) as lists of strings split at commas, each item trimmed. SSM parameter
 * types resolve in the account at deploy time: symbolic, named by their parameter path.
 */
import type { Path, SourceRef } from '../../core/source.js';
import { isPlainObject } from './intrinsic-form.js';
import type { Reporter } from './reporter.js';
import { own } from './sections.js';
import { list, scalar, symbolic, type Resolved } from './values.js';

export interface TemplateParameter {
  /** The declared Type ("String", "Number", "List<AWS::EC2::Subnet::Id>" …); "" when missing. */
  type: string;
  /** What `Ref` to it returns (located at the Default, or at the declaration for a given value). */
  value: Resolved;
  /** Given by the caller rather than taken from the Default. */
  given: boolean;
  /** The declaration's key. */
  at: SourceRef;
}

export type GivenParameters = Record<string, string | string[]>;

const isListType = (type: string) => type === 'CommaDelimitedList' || type.startsWith('List<');
const isSsmType = (type: string) => type.startsWith('AWS::SSM::Parameter::Value<');

export function resolveParameters(decls: Map<string, unknown>, given: GivenParameters, rep: Reporter): Map<string, TemplateParameter> {
  const out = new Map<string, TemplateParameter>();
  for (const [name, decl] of decls) {
    const declPath = ['Parameters', name];
    const at = rep.ref(declPath);
    if (!isPlainObject(decl)) rep.issue(declPath, `parameter ${name} must be a mapping with a Type`);
    const type = rep.text(own(decl, 'Type'), [...declPath, 'Type']);
    if (isPlainObject(decl) && type === undefined) rep.issue(declPath, `parameter ${name} has no Type`);
    const isGiven = Object.hasOwn(given, name);
    const value = isGiven
      ? parameterValue(name, type ?? '', given[name], declPath, true, rep)
      : Object.hasOwn(isPlainObject(decl) ? decl : {}, 'Default')
        ? parameterValue(name, type ?? '', own(decl, 'Default'), [...declPath, 'Default'], false, rep)
        : symbolic(`Ref(${name})`, at);
    out.set(name, { type: type ?? '', value, given: isGiven, at });
  }
  return out;
}

/** One parameter's value from `raw` (a given value, located at the declaration, or the Default at `path`). */
function parameterValue(name: string, type: string, raw: unknown, path: Path, given: boolean, rep: Reporter): Resolved {
  const at = rep.ref(path);
  // A Default is data: a tagged one (`Default: !Ref X`) is an intrinsic, which CloudFormation does not evaluate there.
  const text = (v: unknown, vPath: Path): string | undefined => {
    if (!given && rep.tagged(vPath)) return undefined;
    return v === null ? '' : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  };
  const expected = `a string${isListType(type) ? ' or a list of strings' : ''}`;
  const bad = () => {
    rep.issue(path, `parameter ${name}: ${given ? 'the given value' : 'Default'} must be ${expected}`);
    return symbolic(`Ref(${name})`, at);
  };
  if (!given && rep.tagged(path)) return bad();
  if (isSsmType(type)) return symbolic(`SSM(${text(raw, path) ?? name})`, at);
  if (isListType(type) && Array.isArray(raw)) {
    const items = raw.map((v, i) => {
      const itemPath = given ? path : [...path, i];
      const t = text(v, itemPath);
      if (t === undefined) rep.issue(itemPath, `parameter ${name}: a list item must be a string`);
      return t === undefined ? symbolic(`Ref(${name})[${i}]`, rep.ref(itemPath)) : scalar(t, rep.ref(itemPath));
    });
    return list(items, at);
  }
  const t = text(raw, path);
  if (t !== undefined) return isListType(type) ? list(t.split(',').map((s) => scalar(s.trim(), at)), at) : scalar(t, at);
  // netreach's choice for a caller's list given to a String parameter: the comma-joined text.
  if (given && Array.isArray(raw)) return scalar(raw.map(String).join(','), at);
  return bad();
}
