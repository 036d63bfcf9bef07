/**
 * The intrinsic functions, one evaluator each. What a template fixes is computed; what only the deployed
 * stack knows stays symbolic and spreads (a Join with a symbolic part is symbolic). A malformed call is an
 * issue at the offending argument and a symbolic value — never an exception.
 */
import type { Path } from '../../core/source.js';
import { cidrBlocks, MAX_CIDR_COUNT } from './cidr.js';
import type { ConditionValue, Evaluator } from './evaluator.js';
import { isPlainObject, type IntrinsicCall } from './intrinsic-form.js';
import { nameList } from './reporter.js';
import { parseSubTemplate } from './sub-template.js';
import { describe, list, relocate, sameValue, scalar, symbolic, type Evaluated, type Resolved } from './values.js';

type Intrinsic = (ev: Evaluator, call: IntrinsicCall) => Evaluated;

/** AWS::LanguageExtensions functions: valid, not evaluated here, kept symbolic without an issue. */
export const LANGUAGE_EXTENSIONS: ReadonlySet<string> = new Set(['Fn::Length', 'Fn::ToJsonString', 'Fn::Transform']);

/** The argument as a list of `min`…`max` items, or undefined after reporting how it should look. */
function args(ev: Evaluator, call: IntrinsicCall, min: number, max: number, shape: string): unknown[] | undefined {
  const a = call.arg;
  if (Array.isArray(a) && a.length >= min && a.length <= max) return a;
  ev.issue(call.argPath, `${call.fn} needs a list ${shape}${Array.isArray(a) ? `, not ${a.length} item${a.length === 1 ? '' : 's'}` : ''}`);
  return undefined;
}

const unknown = (ev: Evaluator, call: IntrinsicCall, expr = `${call.fn}(…)`) => symbolic(expr, ev.at(call.path));

const child = (call: IntrinsicCall, i: number | string): Path => [...call.argPath, i];

/** The whole argument as a plain name (`!Ref Vpc`: the tag there is the call's own, not a nested call). */
const argName = (ev: Evaluator, call: IntrinsicCall): string | undefined =>
  call.short ? (typeof call.arg === 'string' ? call.arg : undefined) : ev.rep.text(call.arg, call.argPath);

/** A whole-number argument (CloudFormation accepts "6" as well as 6), or undefined. */
function integer(r: Resolved): number | undefined {
  if (r.kind !== 'value') return undefined;
  if (typeof r.value === 'number' && Number.isInteger(r.value)) return r.value;
  if (typeof r.value === 'string' && /^-?[0-9]{1,9}$/.test(r.value.trim())) return Number(r.value.trim());
  return undefined;
}

/** A scalar as the text a string-valued function uses; undefined for lists, maps and null. */
function text(r: Resolved): string | undefined {
  return r.kind === 'value' && r.value !== null ? String(r.value) : undefined;
}

function Ref(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const name = argName(ev, call);
  if (name === undefined) {
    ev.issue(call.argPath, 'Ref needs the name of a parameter, pseudo parameter or resource');
    return unknown(ev, call, 'Ref(?)');
  }
  return ev.reference(name, call.path, call.argPath);
}

function GetAtt(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const a = argName(ev, call);
  if (a !== undefined) {
    const dot = a.indexOf('.');
    if (dot > 0 && dot < a.length - 1) return ev.getAtt(a.slice(0, dot), a.slice(dot + 1), call.path, call.argPath);
    ev.issue(call.argPath, `Fn::GetAtt needs "Resource.Attribute", not ${JSON.stringify(a)}`);
    return unknown(ev, call);
  }
  const pair = args(ev, call, 2, 2, '[resource, attribute]');
  if (!pair) return unknown(ev, call);
  const resource = ev.rep.text(pair[0], child(call, 0));
  const attrNode = pair[1];
  if (resource === undefined) {
    ev.issue(child(call, 0), 'Fn::GetAtt needs the logical name of a resource');
    return unknown(ev, call);
  }
  const attr = ev.value(attrNode, child(call, 1));
  const name = text(attr);
  if (name !== undefined) return ev.getAtt(resource, name, call.path, child(call, 0));
  if (attr.kind !== 'symbolic') ev.issue(child(call, 1), 'Fn::GetAtt needs an attribute name');
  return unknown(ev, call, `GetAtt(${resource}.${describe(attr)})`);
}

function Sub(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const whole = argName(ev, call);
  let template: string;
  let templatePath: Path;
  const variables = new Map<string, Resolved>();
  if (whole !== undefined) {
    template = whole;
    templatePath = call.argPath;
  } else {
    const pair = args(ev, call, 2, 2, '[string, {variables}] or a string');
    if (!pair) return unknown(ev, call);
    const t = ev.rep.text(pair[0], child(call, 0));
    const vars = pair[1];
    if (t === undefined || !isPlainObject(vars) || ev.isCall(vars, child(call, 1))) {
      ev.issue(call.argPath, 'Fn::Sub needs a string, or a list of a string and a mapping of variables');
      return unknown(ev, call);
    }
    template = t;
    templatePath = child(call, 0);
    for (const [k, v] of Object.entries(vars)) variables.set(k, ev.value(v, [...call.argPath, 1, k]));
  }
  let out = '';
  let known = true;
  for (const part of parseSubTemplate(template)) {
    if ('text' in part) {
      out += part.text;
      continue;
    }
    const r = subVariable(ev, call, part.variable, variables, templatePath);
    const t = text(r);
    if (t !== undefined) out += t;
    else {
      if (r.kind !== 'symbolic') ev.issue(templatePath, `Fn::Sub: \${${part.variable}} is ${r.kind === 'value' ? 'empty' : `a ${r.kind}`}, not a string`);
      known = false;
      out += `\${${r.kind === 'symbolic' ? r.expr : part.variable}}`;
    }
  }
  return known ? scalar(out, ev.at(call.path)) : unknown(ev, call, `Fn::Sub(${JSON.stringify(out)})`);
}

/** `${Name}`: a variable of the list form, else a parameter, pseudo parameter, resource, or `Resource.Attribute`. */
function subVariable(ev: Evaluator, call: IntrinsicCall, name: string, variables: Map<string, Resolved>, templatePath: Path): Resolved {
  const v = variables.get(name);
  if (v) return relocate(v, ev.at(call.path));
  const dot = name.indexOf('.');
  if (dot > 0 && !name.startsWith('AWS::')) return ev.getAtt(name.slice(0, dot), name.slice(dot + 1), call.path, templatePath);
  const r = ev.reference(name, call.path, templatePath);
  if (r.kind !== 'novalue') return r;
  ev.issue(templatePath, 'Fn::Sub: ${AWS::NoValue} has no text');
  return symbolic('Ref(AWS::NoValue)', r.at);
}

function Join(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const pair = args(ev, call, 2, 2, '[delimiter, [values]]');
  if (!pair) return unknown(ev, call);
  const delimiter = text(ev.value(pair[0], child(call, 0)));
  const values = ev.value(pair[1], child(call, 1));
  if (delimiter === undefined) {
    ev.issue(child(call, 0), 'Fn::Join needs a string delimiter');
    return unknown(ev, call);
  }
  if (values.kind === 'symbolic') return unknown(ev, call, `Fn::Join(${JSON.stringify(delimiter)}, ${values.expr})`);
  if (values.kind !== 'list') {
    ev.issue(child(call, 1), 'Fn::Join needs a list of values to join');
    return unknown(ev, call);
  }
  const parts: string[] = [];
  let known = true;
  for (const item of values.items) {
    const t = text(item);
    if (t !== undefined) parts.push(t);
    else {
      if (item.kind !== 'symbolic') ev.issue(child(call, 1), `Fn::Join: ${describe(item)} is not a string`);
      known = false;
    }
  }
  return known ? scalar(parts.join(delimiter), ev.at(call.path)) : unknown(ev, call, `Fn::Join(${JSON.stringify(delimiter)}, ${describe(values)})`);
}

function Select(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const pair = args(ev, call, 2, 2, '[index, [values]]');
  if (!pair) return unknown(ev, call);
  const indexR = ev.value(pair[0], child(call, 0));
  const values = ev.value(pair[1], child(call, 1));
  if (indexR.kind === 'symbolic') return unknown(ev, call, `Fn::Select(${indexR.expr}, ${describe(values)})`);
  const index = integer(indexR);
  if (index === undefined || index < 0) {
    ev.issue(child(call, 0), `Fn::Select needs an index of 0 or more, not ${describe(indexR)}`);
    return unknown(ev, call);
  }
  // A symbolic list (Fn::GetAZs) has unknown length: its items are symbolic, and no index is out of range.
  if (values.kind === 'symbolic') return unknown(ev, call, `${values.expr}[${index}]`);
  if (values.kind !== 'list') {
    ev.issue(child(call, 1), 'Fn::Select needs a list to select from');
    return unknown(ev, call);
  }
  const item = values.items[index];
  if (item) return item;
  ev.issue(child(call, 0), `Fn::Select: index ${index} is out of range for a list of ${values.items.length} item${values.items.length === 1 ? '' : 's'}`);
  return unknown(ev, call, `Fn::Select(${index}, ${describe(values)})`);
}

function Split(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const pair = args(ev, call, 2, 2, '[delimiter, string]');
  if (!pair) return unknown(ev, call);
  const delimiter = text(ev.value(pair[0], child(call, 0)));
  const source = ev.value(pair[1], child(call, 1));
  if (delimiter === undefined || delimiter === '') {
    ev.issue(child(call, 0), 'Fn::Split needs a non-empty string delimiter');
    return unknown(ev, call);
  }
  if (source.kind === 'symbolic') return unknown(ev, call, `Fn::Split(${JSON.stringify(delimiter)}, ${source.expr})`);
  const s = text(source);
  if (s === undefined) {
    ev.issue(child(call, 1), 'Fn::Split needs a string to split');
    return unknown(ev, call);
  }
  const at = ev.at(call.path);
  return list(s.split(delimiter).map((part) => scalar(part, at)), at);
}

function If(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const triple = args(ev, call, 3, 3, '[condition, value if true, value if false]');
  if (!triple) return unknown(ev, call);
  const [, whenTrue, whenFalse] = triple;
  const name = ev.rep.text(triple[0], child(call, 0));
  if (name === undefined) {
    ev.issue(child(call, 0), 'Fn::If needs the name of a condition');
    return unknown(ev, call);
  }
  const cond = ev.condition(name, child(call, 0));
  // Both branches are evaluated: a missing reference is a template error even in the branch not taken.
  const a = ev.node(whenTrue, child(call, 1));
  const b = ev.node(whenFalse, child(call, 2));
  if (cond === true) return a;
  if (cond === false) return b;
  if (a.kind === 'novalue' && b.kind === 'novalue') return a;
  if (a.kind !== 'novalue' && b.kind !== 'novalue' && sameValue(a, b)) return a;
  const show = (r: Evaluated) => (r.kind === 'novalue' ? 'AWS::NoValue' : describe(r));
  const cases = [a, b].filter((r): r is Resolved => r.kind !== 'novalue');
  return symbolic(`Fn::If(${name}, ${show(a)}, ${show(b)})`, ev.at(call.path), cases);
}

function Equals(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const pair = args(ev, call, 2, 2, '[value, value]');
  if (!pair) return unknown(ev, call);
  const a = ev.value(pair[0], child(call, 0));
  const b = ev.value(pair[1], child(call, 1));
  const at = ev.at(call.path);
  // The same unknown equals itself; different unknowns may or may not be equal.
  if (sameValue(a, b)) return scalar(true, at);
  if (hasSymbolic(a) || hasSymbolic(b)) return symbolic(`Fn::Equals(${describe(a)}, ${describe(b)})`, at);
  return scalar(false, at);
}

function hasSymbolic(r: Resolved): boolean {
  if (r.kind === 'symbolic') return true;
  if (r.kind === 'list') return r.items.some(hasSymbolic);
  if (r.kind === 'map') return [...r.entries.values()].some(hasSymbolic);
  return false;
}

/** Fn::And / Fn::Or: 2 to 10 conditions. A false (true) one decides; otherwise unknown ones leave it unknown. */
function connective(fn: 'Fn::And' | 'Fn::Or'): Intrinsic {
  const decisive = fn === 'Fn::Or';
  return (ev, call) => {
    const operands = args(ev, call, 2, 10, '[condition, condition …] of 2 to 10 conditions');
    if (!operands) return unknown(ev, call);
    const values = operands.map((o, i) => ev.conditionOperand(o, child(call, i)));
    const at = ev.at(call.path);
    if (values.includes(decisive)) return scalar(decisive, at);
    const open = values.filter((v): v is Exclude<ConditionValue, boolean> => typeof v !== 'boolean');
    if (open.length === 0) return scalar(!decisive, at);
    return symbolic(`${fn}(${open.map((v) => v.expr).join(', ')})`, at);
  };
}

function Not(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const one = args(ev, call, 1, 1, '[condition]');
  if (!one) return unknown(ev, call);
  const v = ev.conditionOperand(one[0], child(call, 0));
  return typeof v === 'boolean' ? scalar(!v, ev.at(call.path)) : symbolic(`Fn::Not(${v.expr})`, ev.at(call.path));
}

function Condition(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const name = argName(ev, call);
  if (name === undefined) {
    ev.issue(call.argPath, 'Condition needs the name of a condition');
    return unknown(ev, call);
  }
  const v = ev.condition(name, call.argPath);
  return typeof v === 'boolean' ? scalar(v, ev.at(call.path)) : symbolic(`Condition(${name})`, ev.at(call.path));
}

function FindInMap(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const a = args(ev, call, 3, 4, '[map, top-level key, second-level key]');
  if (!a) return unknown(ev, call);
  const keys = [0, 1, 2].map((i) => ev.value(a[i], child(call, i)));
  const options = a[3];
  const fallback =
    isPlainObject(options) && !ev.isCall(options, child(call, 3)) && Object.hasOwn(options, 'DefaultValue') ? ev.value(options.DefaultValue, [...child(call, 3), 'DefaultValue']) : undefined;
  if (a.length === 4 && !fallback) ev.issue(child(call, 3), 'Fn::FindInMap: the fourth item must be {DefaultValue: …}');
  if (keys.some((k) => k.kind === 'symbolic')) return unknown(ev, call, `Fn::FindInMap(${keys.map(describe).join(', ')})`);
  const names = keys.map(text);
  const missing = names.findIndex((n) => n === undefined);
  if (missing >= 0) {
    ev.issue(child(call, missing), 'Fn::FindInMap needs string keys');
    return unknown(ev, call);
  }
  const [mapName, top, second] = names as [string, string, string];
  const found = lookup(ev, call, mapName, top, second, fallback === undefined);
  if (found) return found;
  return fallback ?? unknown(ev, call, `Fn::FindInMap(${keys.map(describe).join(', ')})`);
}

/** The Mappings entry (relocated to the call), or undefined after reporting what is missing (when `report`). */
function lookup(ev: Evaluator, call: IntrinsicCall, mapName: string, top: string, second: string, report: boolean): Resolved | undefined {
  const mappings = ev.sections.mappings;
  const mapping = mappings.get(mapName);
  if (!isPlainObject(mapping)) {
    if (report) ev.issue(child(call, 0), `Fn::FindInMap: no mapping ${JSON.stringify(mapName)} (mappings: ${nameList(mappings.keys())})`);
    return undefined;
  }
  const level = Object.hasOwn(mapping, top) ? mapping[top] : undefined;
  if (!isPlainObject(level)) {
    if (report) ev.issue(child(call, 1), `Fn::FindInMap: mapping ${mapName} has no key ${JSON.stringify(top)} (keys: ${nameList(Object.keys(mapping))})`);
    return undefined;
  }
  if (!Object.hasOwn(level, second)) {
    if (report) ev.issue(child(call, 2), `Fn::FindInMap: mapping ${mapName}.${top} has no key ${JSON.stringify(second)} (keys: ${nameList(Object.keys(level))})`);
    return undefined;
  }
  return relocate(ev.literal(level[second], ['Mappings', mapName, top, second]), ev.at(call.path));
}

function GetAZs(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const region = ev.argument(call);
  if (region.kind === 'symbolic') return unknown(ev, call, `Fn::GetAZs(${region.expr})`);
  const name = region.kind === 'value' ? (region.value === null ? '' : String(region.value)) : undefined;
  if (name === undefined) {
    ev.issue(call.argPath, 'Fn::GetAZs needs a region name, or "" for the stack\'s region');
    return unknown(ev, call);
  }
  // "" is the stack's own region. The zones an account sees differ per account: their names stay symbolic.
  const effective = name === '' ? (ev.pseudo.region ?? 'Ref(AWS::Region)') : name;
  return unknown(ev, call, `Fn::GetAZs(${effective})`);
}

function ImportValue(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const name = ev.argument(call);
  const t = text(name);
  if (t === undefined && name.kind !== 'symbolic') {
    ev.issue(call.argPath, 'Fn::ImportValue needs the name of an exported output');
    return unknown(ev, call);
  }
  return unknown(ev, call, `ImportValue(${t ?? describe(name)})`);
}

function Base64(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const v = ev.argument(call);
  if (v.kind === 'symbolic') return unknown(ev, call, `Fn::Base64(${v.expr})`);
  const t = text(v);
  if (t === undefined) {
    ev.issue(call.argPath, 'Fn::Base64 needs a string');
    return unknown(ev, call);
  }
  return scalar(Buffer.from(t, 'utf8').toString('base64'), ev.at(call.path));
}

function Cidr(ev: Evaluator, call: IntrinsicCall): Evaluated {
  const a = args(ev, call, 3, 3, '[ipBlock, count, cidrBits]');
  if (!a) return unknown(ev, call);
  const [block, countR, bitsR] = [0, 1, 2].map((i) => ev.value(a[i], child(call, i))) as [Resolved, Resolved, Resolved];
  const expr = `Fn::Cidr(${[block, countR, bitsR].map((r) => (r.kind === 'value' ? String(r.value) : describe(r))).join(', ')})`;
  if (countR.kind === 'symbolic' || bitsR.kind === 'symbolic') return unknown(ev, call, expr);
  const count = integer(countR);
  const bits = integer(bitsR);
  if (count === undefined || count < 1 || count > MAX_CIDR_COUNT) {
    ev.issue(child(call, 1), `Fn::Cidr: count must be an integer from 1 to ${MAX_CIDR_COUNT}, not ${describe(countR)}`);
    return unknown(ev, call, expr);
  }
  if (bits === undefined || bits < 0 || bits > 128) {
    ev.issue(child(call, 2), `Fn::Cidr: cidrBits must be an integer from 0 to 128, not ${describe(bitsR)}`);
    return unknown(ev, call, expr);
  }
  const at = ev.at(call.path);
  // An unknown block (an Amazon-provided IPv6 range) still gives `count` blocks: their number is known.
  if (block.kind === 'symbolic') return list(Array.from({ length: count }, (_, i) => symbolic(`${expr}[${i}]`, at)), at);
  const ip = text(block);
  if (ip === undefined) {
    ev.issue(child(call, 0), 'Fn::Cidr needs a CIDR block (ipBlock)');
    return unknown(ev, call, expr);
  }
  const result = cidrBlocks(ip, count, bits);
  if ('error' in result) {
    ev.issue(child(call, result.arg), result.error);
    return unknown(ev, call, expr);
  }
  return list(result.blocks.map((b) => scalar(b, at)), at);
}

export const INTRINSICS: Readonly<Record<string, Intrinsic>> = {
  Ref,
  Condition,
  'Fn::GetAtt': GetAtt,
  'Fn::Sub': Sub,
  'Fn::Join': Join,
  'Fn::Select': Select,
  'Fn::Split': Split,
  'Fn::If': If,
  'Fn::Equals': Equals,
  'Fn::And': connective('Fn::And'),
  'Fn::Or': connective('Fn::Or'),
  'Fn::Not': Not,
  'Fn::FindInMap': FindInMap,
  'Fn::GetAZs': GetAZs,
  'Fn::ImportValue': ImportValue,
  'Fn::Base64': Base64,
  'Fn::Cidr': Cidr,
};
