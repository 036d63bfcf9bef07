/**
 * `defineRule`: a rule is data-only `meta` (ESLint) with typed messages and options
 * (typescript-eslint) and a remediation that travels with every finding (kube-linter), plus
 * `create(ctx, options)` returning visitors keyed by model element type.
 */
import type { NetreachConfig } from '../config/schema.js';
import type { FlowStep, Level, RelatedLocation } from '../core/finding.js';
import type { RuleDescriptor } from '../core/rule-descriptor.js';
import { InternalError, type SourceRef } from '../core/source.js';
import type { ElementType, Model, ModelElements } from '../model/types.js';
import { placeholdersOf, type MessageData } from './message.js';
import { resolveOptions, type AnyOptionSpec, type DeepReadonly, type OptionsSchema, type RuleOptions } from './options.js';

/** Rule groups (PRODUCT.md §4); the first segment of every rule id. */
export const RULE_GROUPS = [
  'input',
  'workload',
  'service',
  'ingress',
  'gateway',
  'netpol',
  'invariant',
  'vpc',
  'nat',
  'cidr',
  'capacity',
  'lb',
  'kube-proxy',
  'deps',
] as const;
export type RuleGroup = (typeof RULE_GROUPS)[number];
export type RuleId = `${RuleGroup}/${string}`;

/** `group/kebab-case`: the defect's name, stable forever (GitHub matches alerts by it). */
export const RULE_ID = new RegExp(`^(${RULE_GROUPS.join('|')})/[a-z0-9]+(-[a-z0-9]+)*$`);
const MESSAGE_ID = /^[a-z][A-Za-z0-9]*$/;

export type Messages = Readonly<Record<string, string>>;

/** The object a finding is about. Model elements fit as they are. */
export interface ObjectRef {
  /** "shop/Service/api" (namespace/Kind/name; cluster-scoped "Kind/name"). */
  id: string;
  /** "v1/Service/shop/api" (SARIF logicalLocations). */
  fqn: string;
  /** What the first sentence of the message must mention, so it stands alone ("Service shop/api: …"). */
  name: string;
}

interface ReportBase {
  /** The smallest node that proves the finding: a scalar, or the key of a collection. */
  at: SourceRef;
  object: ObjectRef;
  related?: readonly RelatedLocation[];
  flow?: readonly FlowStep[];
  /**
   * Tells apart findings of one rule on the same field of the same object (the same host port clashing
   * with two workloads): the other party's id. Goes into the fingerprint, so each stays its own alert.
   */
  key?: string;
}

/** One variant per messageId, each demanding exactly the placeholders of its message. */
export type ReportDescriptor<M extends Messages> = {
  [K in keyof M & string]: ReportBase & { messageId: K } & MessageData<M[K]>;
}[keyof M & string];

export interface RuleContext<M extends Messages> {
  readonly id: string;
  /** The effective level (config, else meta.severity). */
  readonly level: Level;
  readonly model: Model;
  readonly config: DeepReadonly<NetreachConfig>;
  report(descriptor: ReportDescriptor<M>): void;
}

/** Visitors keyed like ESLint node types; `Model` runs once, before the element visitors. */
export type Visitors = { [K in ElementType]?: (element: ModelElements[K]) => void } & {
  Model?: (model: Model) => void;
};

export interface RuleMeta<M extends Messages, O extends RuleOptions> {
  type: 'problem' | 'suggestion';
  /** Default level; the config may change it. */
  severity: Level;
  docs: { description: string; recommended: boolean };
  /** camelCase id → message with `{{placeholders}}`; the first sentence names the object. */
  messages: M;
  /** How to fix it: travels with every finding. */
  remediation: string;
  /** One spec per option (required when the rule has options; the README table is generated from it). */
  schema?: NoInfer<OptionsSchema<O>>;
  /** Options are inferred from here; user options are validated against `schema` and merged over these. */
  defaultOptions: O;
  /** SARIF tags; default ['kubernetes', 'networking', <group>]. */
  tags?: readonly string[];
  /** SARIF precision; default 'high'. */
  precision?: RuleDescriptor['precision'];
  /** "0.1".."10.0": makes GitHub treat results as security alerts. */
  securitySeverity?: string;
}

export interface Rule<M extends Messages = Messages, O extends RuleOptions = RuleOptions> {
  readonly id: RuleId;
  readonly meta: RuleMeta<M, O>;
  /** Method syntax on purpose: rules of any message/option types fit `AnyRule`. */
  create(ctx: RuleContext<M>, options: DeepReadonly<O>): Visitors;
}

/** A rule of any message and option types (registry, runner, catalog): the one place `any` is used. */
export type AnyRule = Rule<any, any>;

export interface RuleDefinition<M extends Messages, O extends RuleOptions> {
  id: RuleId;
  meta: RuleMeta<M, O>;
  create: (ctx: RuleContext<M>, options: DeepReadonly<O>) => Visitors;
}

/**
 * Checks what the type system cannot (id shape, placeholder names, schema ↔ defaults) and freezes the
 * rule. A bad definition is a bug in netreach: InternalError at import time, caught by every test.
 */
export function defineRule<const M extends Messages, O extends RuleOptions = Record<never, never>>(
  def: RuleDefinition<M, O>,
): Rule<M, O> {
  const fail = (why: string): never => {
    throw new InternalError(`rule ${def.id}: ${why}`);
  };
  if (!RULE_ID.test(def.id)) fail(`id must be <group>/<kebab-case> with group one of ${RULE_GROUPS.join(', ')}`);
  const { meta } = def;
  if (Object.keys(meta.messages).length === 0) fail('meta.messages is empty');
  for (const [messageId, template] of Object.entries(meta.messages)) {
    if (!MESSAGE_ID.test(messageId)) fail(`messageId ${JSON.stringify(messageId)} is not camelCase`);
    try {
      placeholdersOf(template);
    } catch (err) {
      fail((err as Error).message);
    }
  }
  if (meta.docs.description.trim() === '') fail('meta.docs.description is empty');
  if (meta.remediation.trim() === '') fail('meta.remediation is empty');
  checkSchema(def.id, meta.schema as Readonly<Record<string, AnyOptionSpec>> | undefined, meta.defaultOptions, fail);
  return Object.freeze({ id: def.id, meta: Object.freeze({ ...meta }), create: def.create });
}

function checkSchema(
  id: string,
  schema: Readonly<Record<string, AnyOptionSpec>> | undefined,
  defaults: RuleOptions,
  fail: (why: string) => never,
): void {
  const specKeys = Object.keys(schema ?? {}).sort();
  const defaultKeys = Object.keys(defaults).sort();
  if (specKeys.join() !== defaultKeys.join()) {
    fail(`meta.schema keys [${specKeys.join(', ')}] differ from meta.defaultOptions keys [${defaultKeys.join(', ')}]`);
  }
  for (const [name, spec] of Object.entries(schema ?? {})) {
    if (!spec.description?.trim()) fail(`option ${name} has no description`);
  }
  try {
    resolveOptions({ id, meta: { schema: schema ?? {}, defaultOptions: {} } }, defaults);
  } catch (err) {
    fail(`meta.defaultOptions do not satisfy meta.schema: ${(err as Error).message}`);
  }
}

/** The group of a rule id: `netpol/no-internet-ingress` → `netpol`. */
export function groupOf(id: string): string {
  return id.slice(0, id.indexOf('/'));
}
