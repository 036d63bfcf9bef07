/**
 * CloudFormation templates: recognising one among the loaded documents, and evaluating it statically —
 * parameters (given values, else defaults), conditions, every resource's properties and the outputs, with
 * all intrinsics applied. Unknowns stay symbolic; bad references are issues; nothing throws.
 */
import type { SourceRef } from '../../core/source.js';
import type { LoadIssue, ParsedDocument } from '../types.js';
import { Evaluator, type ConditionValue } from './evaluator.js';
import { isPlainObject } from './intrinsic-form.js';
import { resolveParameters, type GivenParameters, type TemplateParameter } from './parameters.js';
import { nameList, Reporter } from './reporter.js';
import { own, readSections } from './sections.js';
import { map, symbolic, type Resolved, type Symbolic } from './values.js';

export type { ConditionValue } from './evaluator.js';
export type { TemplateParameter } from './parameters.js';

export interface EvaluateOptions {
  /** Parameter values for this stack; the others take their Default. */
  parameters?: GivenParameters;
  /** AWS::Region (also what `Fn::GetAZs: ""` refers to); symbolic when absent. */
  region?: string;
  /** AWS::AccountId; symbolic when absent. */
  accountId?: string;
  /** AWS::StackName; symbolic when absent. */
  stackName?: string;
}

export interface TemplateResource {
  /** `AWS::EC2::Subnet` …; "" when the resource has no string Type (an issue is reported). */
  type: string;
  /** The name in its `Condition` attribute. */
  condition?: string;
  /** Whether the stack creates it: true without a condition, else the condition's value. */
  included: boolean | Symbolic;
  /** The evaluated Properties (an empty map when there are none). */
  properties: Resolved;
  /** Logical ids in DependsOn. */
  dependsOn: string[];
  /** The logical id's key. */
  at: SourceRef;
}

export interface TemplateOutput {
  /** The evaluated Value; undefined when missing or AWS::NoValue. */
  value: Resolved | undefined;
  condition?: string;
  included: boolean | Symbolic;
  /** The evaluated Export.Name, when exported. */
  exportName?: Resolved;
  at: SourceRef;
}

export interface EvaluatedTemplate {
  parameters: Map<string, TemplateParameter>;
  conditions: Map<string, ConditionValue>;
  resources: Map<string, TemplateResource>;
  outputs: Map<string, TemplateOutput>;
  issues: LoadIssue[];
}

/**
 * A CloudFormation template: a mapping (not a Kubernetes object) with `AWSTemplateFormatVersion`, or whose
 * `Resources` declares at least one resource with a `Type` such as `AWS::…`, `Custom::…`, `Alexa::…`.
 */
export function isCloudFormationTemplate(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  if (typeof own(value, 'apiVersion') === 'string' && typeof own(value, 'kind') === 'string') return false;
  if (Object.hasOwn(value, 'AWSTemplateFormatVersion')) return true;
  const resources = own(value, 'Resources');
  if (!isPlainObject(resources)) return false;
  return Object.values(resources).some((r) => {
    const type = own(r, 'Type');
    return typeof type === 'string' && /^[A-Za-z0-9]+::[A-Za-z0-9]+/.test(type);
  });
}

export function evaluateTemplate(doc: ParsedDocument, options: EvaluateOptions = {}): EvaluatedTemplate {
  const rep = new Reporter(doc);
  const root = isPlainObject(doc.value) ? doc.value : {};
  if (!isPlainObject(doc.value)) rep.issue([], 'a CloudFormation template must be a mapping');
  const sections = readSections(root, rep);
  const parameters = resolveParameters(sections.parameters, options.parameters ?? {}, rep);
  const ev = new Evaluator(doc, sections, parameters, options, rep);

  const conditions = new Map<string, ConditionValue>();
  for (const name of sections.conditions.keys()) conditions.set(name, ev.condition(name, ['Conditions', name]));

  const resources = new Map<string, TemplateResource>();
  for (const [id, decl] of sections.resources) {
    // AWS::LanguageExtensions loops expand at deploy time; their resources are not listed.
    if (id.startsWith('Fn::ForEach::')) continue;
    resources.set(id, evaluateResource(ev, id, decl));
  }

  const outputs = new Map<string, TemplateOutput>();
  for (const [name, decl] of sections.outputs) outputs.set(name, evaluateOutput(ev, name, decl));

  return { parameters, conditions, resources, outputs, issues: rep.issues };
}

function evaluateResource(ev: Evaluator, id: string, decl: unknown): TemplateResource {
  const path = ['Resources', id];
  const at = ev.at(path);
  if (!isPlainObject(decl)) ev.issue(path, `resource ${id} must be a mapping with a Type`);
  const type = ev.rep.text(own(decl, 'Type'), [...path, 'Type']);
  if (isPlainObject(decl) && type === undefined) ev.issue(path, `resource ${id} has no Type`);
  const { condition, included } = conditionAttribute(ev, decl, path);
  const out: TemplateResource = {
    type: type ?? '',
    included,
    properties: evaluateProperties(ev, id, own(decl, 'Properties')),
    dependsOn: dependsOn(ev, id, own(decl, 'DependsOn')),
    at,
  };
  if (condition !== undefined) out.condition = condition;
  return out;
}

/** Property by property through the evaluator's memo, so a `!GetAtt VPC.CidrBlock` elsewhere reuses the same value. */
function evaluateProperties(ev: Evaluator, id: string, props: unknown): Resolved {
  const path = ['Resources', id, 'Properties'];
  if (props === undefined || props === null) return map(new Map(), ev.at(['Resources', id]));
  if (!isPlainObject(props) || ev.isCall(props, path)) {
    const r = ev.node(props, path);
    return r.kind === 'novalue' ? map(new Map(), r.at) : r;
  }
  const entries = new Map<string, Resolved>();
  for (const key of Object.keys(props)) {
    const r = ev.property(id, key);
    if (r === undefined || r === 'cycle' || r.kind === 'novalue') continue;
    entries.set(key, r);
  }
  return map(entries, ev.at(path));
}

function dependsOn(ev: Evaluator, id: string, value: unknown): string[] {
  if (value === undefined) return [];
  const path = ['Resources', id, 'DependsOn'];
  const items = Array.isArray(value) && !ev.rep.tagged(path) ? value.map((v, i) => [v, [...path, i]] as const) : [[value, path] as const];
  const out: string[] = [];
  for (const [raw, at] of items) {
    const name = ev.rep.text(raw, at);
    if (name === undefined) {
      ev.issue(at, 'DependsOn needs logical names of resources');
    } else if (!ev.sections.resources.has(name)) {
      ev.issue(at, `DependsOn ${JSON.stringify(name)}: no resource of that name (resources: ${nameList(ev.sections.resources.keys())})`);
    } else {
      out.push(name);
    }
  }
  return out;
}

/** The `Condition` attribute of a resource or output, and whether it is included. */
function conditionAttribute(ev: Evaluator, decl: unknown, path: readonly string[]): { condition?: string; included: boolean | Symbolic } {
  const raw = own(decl, 'Condition');
  if (raw === undefined) return { included: true };
  if (ev.rep.text(raw, [...path, 'Condition']) === undefined || typeof raw !== 'string') {
    ev.issue([...path, 'Condition'], 'Condition needs the name of a condition');
    return { included: symbolic('Condition(?)', ev.at([...path, 'Condition'])) };
  }
  return { condition: raw, included: ev.condition(raw, [...path, 'Condition']) };
}

function evaluateOutput(ev: Evaluator, name: string, decl: unknown): TemplateOutput {
  const path = ['Outputs', name];
  if (!isPlainObject(decl)) ev.issue(path, `output ${name} must be a mapping with a Value`);
  const { condition, included } = conditionAttribute(ev, decl, path);
  const raw = own(decl, 'Value');
  const value = raw === undefined ? undefined : ev.node(raw, [...path, 'Value']);
  const out: TemplateOutput = { value: value?.kind === 'novalue' ? undefined : value, included, at: ev.at(path) };
  if (condition !== undefined) out.condition = condition;
  const exportDecl = own(decl, 'Export');
  if (exportDecl !== undefined) {
    const exportName = own(exportDecl, 'Name');
    if (exportName === undefined) ev.issue([...path, 'Export'], `output ${name}: Export needs a Name`);
    else out.exportName = ev.value(exportName, [...path, 'Export', 'Name']);
  }
  return out;
}
