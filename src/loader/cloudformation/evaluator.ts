/**
 * Walks template values and resolves what they reference: parameters, pseudo parameters, resources,
 * conditions, mappings. The intrinsic functions themselves are in intrinsics.ts; this is what they share.
 *
 * Named things are evaluated on demand and memoised — conditions, and resource properties (for
 * `!GetAtt VPC.CidrBlock`) — so each is evaluated, and each of its issues reported, once, and a reference
 * cycle is caught rather than followed forever.
 */
import { pathKey, type Path, type SourceRef } from '../../core/source.js';
import type { ParsedDocument } from '../types.js';
import { intrinsicAt, isPlainObject, type IntrinsicCall, type Tags } from './intrinsic-form.js';
import { INTRINSICS, LANGUAGE_EXTENSIONS } from './intrinsics.js';
import type { TemplateParameter } from './parameters.js';
import { PSEUDO_PARAMETERS, pseudoParameter, type PseudoOptions } from './pseudo.js';
import { nameList, type Reporter } from './reporter.js';
import { own, type Sections } from './sections.js';
import { list, map, relocate, scalar, symbolic, type Evaluated, type Resolved, type Scalar, type Symbolic } from './values.js';

export type ConditionValue = boolean | Symbolic;

/**
 * Resource attributes that echo one of the resource's own properties, so `!GetAtt VPC.CidrBlock` can feed
 * Fn::Cidr. Only where the attribute is documented as that property's value; all others stay symbolic.
 */
const ECHOED_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'AWS::EC2::VPC': { CidrBlock: 'CidrBlock' },
  'AWS::EC2::Subnet': { CidrBlock: 'CidrBlock', VpcId: 'VpcId' },
};

const IN_PROGRESS = Symbol('in progress');

export class Evaluator {
  readonly #tags: Tags;
  readonly #conditions = new Map<string, ConditionValue | typeof IN_PROGRESS>();
  readonly #properties = new Map<string, Evaluated | typeof IN_PROGRESS>();

  constructor(
    doc: ParsedDocument,
    readonly sections: Sections,
    readonly parameters: ReadonlyMap<string, TemplateParameter>,
    readonly pseudo: PseudoOptions,
    readonly rep: Reporter,
  ) {
    this.#tags = doc.tags;
  }

  at(path: Path): SourceRef {
    return this.rep.ref(path);
  }

  issue(path: Path, message: string): void {
    this.rep.issue(path, message);
  }

  /** The value of the node at `path`: plain data, or what its intrinsic computes (AWS::NoValue included). */
  node(value: unknown, path: Path, conditionContext = false, untagged = false): Evaluated {
    const call = intrinsicAt(value, path, untagged ? undefined : this.#tags, conditionContext);
    if (call) return this.#call(call);
    if (Array.isArray(value)) {
      const items: Resolved[] = [];
      value.forEach((v, i) => {
        const r = this.node(v, [...path, i]);
        if (r.kind !== 'novalue') items.push(r);
      });
      return list(items, this.at(path));
    }
    if (isPlainObject(value)) {
      const entries = new Map<string, Resolved>();
      for (const [k, v] of Object.entries(value)) {
        const r = this.node(v, [...path, k]);
        if (r.kind !== 'novalue') entries.set(k, r);
      }
      return map(entries, this.at(path));
    }
    return scalar(toScalar(value), this.at(path));
  }

  /** The node at `path` is an intrinsic function call (either spelling). */
  isCall(value: unknown, path: Path): boolean {
    return intrinsicAt(value, path, this.#tags) !== undefined;
  }

  /** Like `node`, where a value is required: AWS::NoValue is only allowed for a whole property or list item. */
  value(value: unknown, path: Path, conditionContext = false): Resolved {
    const r = this.node(value, path, conditionContext);
    if (r.kind !== 'novalue') return r;
    this.issue(path, 'AWS::NoValue can only stand for a whole property or list item');
    return symbolic('Ref(AWS::NoValue)', r.at);
  }

  /**
   * The whole argument of `call` as a value (Fn::GetAZs, Fn::Base64 …). A short-form argument is the tagged
   * node itself: its tag is the call being evaluated, not another one.
   */
  argument(call: IntrinsicCall): Resolved {
    const r = this.node(call.arg, call.argPath, false, call.short);
    if (r.kind !== 'novalue') return r;
    this.issue(call.argPath, 'AWS::NoValue can only stand for a whole property or list item');
    return symbolic('Ref(AWS::NoValue)', r.at);
  }

  /** Plain data (Mappings entries), no intrinsics: each value located where it is written. */
  literal(value: unknown, path: Path): Resolved {
    if (this.isCall(value, path)) {
      this.issue(path, 'Mappings hold plain values: an intrinsic function is not evaluated there');
      return symbolic('Fn::FindInMap(…)', this.at(path));
    }
    if (Array.isArray(value)) return list(value.map((v, i) => this.literal(v, [...path, i])), this.at(path));
    if (isPlainObject(value)) return map(new Map(Object.entries(value).map(([k, v]) => [k, this.literal(v, [...path, k])])), this.at(path));
    return scalar(toScalar(value), this.at(path));
  }

  #call(call: IntrinsicCall): Evaluated {
    const impl = Object.hasOwn(INTRINSICS, call.fn) ? INTRINSICS[call.fn] : undefined;
    if (impl) return impl(this, call);
    if (!LANGUAGE_EXTENSIONS.has(call.fn)) {
      this.issue(call.path, `unknown intrinsic function ${call.short ? `!${call.fn.replace(/^Fn::/, '')}` : call.fn} (kept as an unknown value)`);
    }
    return symbolic(`${call.fn}(…)`, this.at(call.path));
  }

  // --- references --------------------------------------------------------------------------------

  /** `Ref: name` at `path`, the name written at `namePath`. */
  reference(name: string, path: Path, namePath: Path): Evaluated {
    const at = this.at(path);
    const pseudo = pseudoParameter(name, this.pseudo, at);
    if (pseudo) return pseudo;
    const param = this.parameters.get(name);
    if (param) return relocate(param.value, at);
    if (this.sections.resources.has(name)) return symbolic(`Ref(${name})`, at);
    this.issue(namePath, `Ref to ${JSON.stringify(name)}: no parameter or resource of that name (parameters: ${nameList(this.parameters.keys())}; resources: ${nameList(this.sections.resources.keys())})`);
    return symbolic(`Ref(${name})`, at);
  }

  /** `Fn::GetAtt: [resource, attribute]` at `path`, the names written at `namePath`. */
  getAtt(resource: string, attribute: string, path: Path, namePath: Path): Resolved {
    const at = this.at(path);
    const expr = `GetAtt(${resource}.${attribute})`;
    if (!this.sections.resources.has(resource)) {
      const what = this.parameters.has(resource) || (PSEUDO_PARAMETERS as readonly string[]).includes(resource) ? `${resource} is a parameter, not a resource` : 'no resource of that name';
      this.issue(namePath, `Fn::GetAtt ${resource}.${attribute}: ${what} (resources: ${nameList(this.sections.resources.keys())})`);
      return symbolic(expr, at);
    }
    const type = this.resourceType(resource);
    const property = type === undefined ? undefined : ECHOED_ATTRIBUTES[type]?.[attribute];
    if (property === undefined) return symbolic(expr, at);
    const value = this.property(resource, property);
    if (value === 'cycle') {
      this.issue(namePath, `Fn::GetAtt ${resource}.${attribute} refers to itself through ${resource}'s ${property}`);
      return symbolic(expr, at);
    }
    // Not written (an IPAM-allocated VPC): only the deployed stack knows.
    if (value === undefined || value.kind === 'novalue') return symbolic(expr, at);
    return relocate(value, at);
  }

  resourceType(id: string): string | undefined {
    return this.rep.text(own(this.sections.resources.get(id), 'Type'), ['Resources', id, 'Type']);
  }

  /** The evaluated top-level property `key` of resource `id` (memoised); undefined when not written. */
  property(id: string, key: string): Evaluated | undefined | 'cycle' {
    const props = own(this.sections.resources.get(id), 'Properties');
    if (!isPlainObject(props) || !Object.hasOwn(props, key)) return undefined;
    const path = ['Resources', id, 'Properties', key];
    const memoKey = pathKey(path);
    const memo = this.#properties.get(memoKey);
    if (memo === IN_PROGRESS) return 'cycle';
    if (memo !== undefined) return memo;
    this.#properties.set(memoKey, IN_PROGRESS);
    const value = this.node(props[key], path);
    this.#properties.set(memoKey, value);
    return value;
  }

  // --- conditions --------------------------------------------------------------------------------

  /** The named condition, used at `usePath` (where a missing or circular one is reported). */
  condition(name: string, usePath: Path): ConditionValue {
    if (!this.sections.conditions.has(name)) {
      this.issue(usePath, `condition ${JSON.stringify(name)} is not defined (conditions: ${nameList(this.sections.conditions.keys())})`);
      return symbolic(`Condition(${name})`, this.at(usePath));
    }
    const memo = this.#conditions.get(name);
    if (memo === IN_PROGRESS) {
      this.issue(usePath, `condition ${name} depends on itself`);
      return symbolic(`Condition(${name})`, this.at(usePath));
    }
    if (memo !== undefined) return memo;
    this.#conditions.set(name, IN_PROGRESS);
    const value = this.conditionOperand(this.sections.conditions.get(name), ['Conditions', name]);
    this.#conditions.set(name, value);
    return value;
  }

  /** A node that must be a condition: Fn::Equals/And/Or/Not, a `Condition` reference, or (literally) true/false. */
  conditionOperand(value: unknown, path: Path): ConditionValue {
    const r = this.value(value, path, true);
    if (r.kind === 'value' && typeof r.value === 'boolean') return r.value;
    if (r.kind === 'symbolic') return r;
    this.issue(path, 'a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or a Condition reference');
    return symbolic('Condition(?)', r.at);
  }
}

/** The adapter gives strings, numbers, booleans and null; anything else is kept as its text. */
function toScalar(value: unknown): Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}
