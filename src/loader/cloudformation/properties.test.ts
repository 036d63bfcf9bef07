/**
 * Property tests over random templates: random nesting of intrinsics (right and wrong arities), maps,
 * lists and scalars, referring to names that exist and names that do not, written in YAML short form and
 * in JSON long form.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathKey, type Path, type SourceRef } from '../../core/source.js';
import { regionText } from '../region-text.js';
import type { ParsedDocument } from '../types.js';
import { parseYaml } from '../yaml-adapter.js';
import { isPlainObject } from './intrinsic-form.js';
import { evaluateTemplate, type EvaluatedTemplate, type EvaluateOptions } from './template.js';
import { toPlain, type Resolved } from './values.js';

type Scalar = string | number | boolean | null;
type Tree = { t: 'scalar'; v: Scalar } | { t: 'list'; items: Tree[] } | { t: 'map'; entries: [string, Tree][] } | { t: 'call'; fn: string; arg: Tree };

const NAMES = ['P1', 'P2', 'Lst', 'R1', 'VPC', 'C1', 'C2', 'M1', 'K1', 'A', 'AWS::Region', 'AWS::NoValue', 'AWS::StackName', 'Missing'];
const STRINGS = [...NAMES, 'VPC.CidrBlock', 'R1.Arn', '${P1}-${VPC.CidrBlock}-${!x}-${Missing}', '${AWS::Region}', '', ',', '.', '10.0.0.0/16', '192.168.0.0/24', '2001:db8::/56', 'a,b,c', '0', '2', '-1', 'x'];
const FUNCTIONS = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::FindInMap', 'Fn::GetAZs', 'Fn::ImportValue', 'Fn::Base64', 'Fn::Cidr', 'Fn::Length'];
/** Spelled differently in the two forms (`!Bogus` in messages; `{Condition: X}` is a reference only where a condition is expected). */
const ONE_FORM_ONLY = ['Condition', 'Fn::Bogus'];
const KEYS = ['a', 'b', 'CidrBlock', 'Key', 'Value', 'Condition', 'DefaultValue'];

const stringArb = fc.constantFrom(...STRINGS);
const scalarArb: fc.Arbitrary<Tree> = fc
  .oneof(stringArb, fc.integer({ min: -2, max: 300 }), fc.constantFrom(5, 8, 14, 64), fc.boolean(), fc.constant(null))
  .map((v) => ({ t: 'scalar', v }));

function treeArb(functions: string[]): fc.Arbitrary<Tree> {
  return fc.letrec<{ expr: Tree; list: Tree; map: Tree; call: Tree }>((tie) => ({
    expr: fc.oneof({ maxDepth: 5, depthIdentifier: 'tree' }, scalarArb, tie('list'), tie('map'), tie('call'), tie('call')),
    list: fc.array(tie('expr'), { maxLength: 4, depthIdentifier: 'tree' }).map((items) => ({ t: 'list' as const, items })),
    map: fc
      .uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('expr')), { maxLength: 3, selector: ([k]) => k, depthIdentifier: 'tree' })
      .map((entries) => ({ t: 'map' as const, entries })),
    // A scalar argument is a string: `!Ref 5` is the text "5" in YAML but the number 5 in JSON.
    call: fc
      .record({ fn: fc.constantFrom(...functions), arg: fc.oneof({ depthIdentifier: 'tree' }, stringArb.map((v): Tree => ({ t: 'scalar', v })), tie('list'), tie('map')) })
      .map(({ fn, arg }) => ({ t: 'call' as const, fn, arg })),
  })).expr;
}

const entries = <T>(arb: fc.Arbitrary<T>, names: string[], max = 3) => fc.uniqueArray(fc.tuple(fc.constantFrom(...names), arb), { maxLength: max, selector: ([k]) => k });
const map = (es: [string, Tree][]): Tree => ({ t: 'map', entries: es });
const str = (v: string): Tree => ({ t: 'scalar', v });

function templateArb(functions: string[]): fc.Arbitrary<Tree> {
  const expr = treeArb(functions);
  const parameter = fc.record({ type: fc.constantFrom('String', 'Number', 'CommaDelimitedList', 'List<AWS::EC2::Subnet::Id>'), def: fc.option(scalarArb, { nil: undefined }) });
  const resource = fc.record({
    type: fc.constantFrom('AWS::EC2::VPC', 'AWS::EC2::Subnet', 'Custom::Thing'),
    props: entries(expr, ['CidrBlock', 'VpcId', 'A', 'B']),
    condition: fc.option(fc.constantFrom('C1', 'C2', 'Missing'), { nil: undefined }),
    dependsOn: fc.option(fc.constantFrom('R1', 'VPC', 'Missing'), { nil: undefined }),
  });
  const output = fc.record({ value: expr, exportName: fc.option(expr, { nil: undefined }) });
  return fc
    .record({
      parameters: entries(parameter, ['P1', 'P2', 'Lst']),
      conditions: entries(expr, ['C1', 'C2'], 2),
      resources: entries(resource, ['R1', 'VPC', 'R2']),
      outputs: entries(output, ['O1', 'O2'], 2),
    })
    .map(({ parameters, conditions, resources, outputs }) =>
      map([
        ['AWSTemplateFormatVersion', str('2010-09-09')],
        ['Parameters', map(parameters.map(([n, p]) => [n, map([['Type', str(p.type)], ...(p.def ? ([['Default', p.def]] as [string, Tree][]) : [])])]))],
        ['Mappings', map([['M1', map([['K1', map([['A', str('10.0.0.0/16')], ['B', { t: 'list', items: [str('a'), str('b')] }]])]])]])],
        ['Conditions', map(conditions)],
        [
          'Resources',
          map(
            resources.map(([id, r]) => [
              id,
              map([
                ['Type', str(r.type)],
                ['Properties', map(r.props)],
                ...(r.condition ? ([['Condition', str(r.condition)]] as [string, Tree][]) : []),
                ...(r.dependsOn ? ([['DependsOn', str(r.dependsOn)]] as [string, Tree][]) : []),
              ]),
            ]),
          ),
        ],
        ['Outputs', map(outputs.map(([n, o]) => [n, map([['Value', o.value], ...(o.exportName ? ([['Export', map([['Name', o.exportName]])]] as [string, Tree][]) : [])])]))],
      ]),
    );
}

// --- rendering ---------------------------------------------------------------------------------

const scalarText = (v: Scalar) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
const tag = (fn: string) => `!${fn.replace(/^Fn::/, '')}`;

/** Flow style: tagged nodes in flow collections. */
function flow(n: Tree): string {
  switch (n.t) {
    case 'scalar':
      return scalarText(n.v);
    case 'list':
      return `[${n.items.map(flow).join(', ')}]`;
    case 'map':
      return `{${n.entries.map(([k, v]) => `${JSON.stringify(k)}: ${flow(v)}`).join(', ')}}`;
    case 'call':
      return `${tag(n.fn)} ${flow(n.arg)}`;
  }
}

/** Block style, short-form tags: the text after `key:` or `-` (on the same line, or on the lines below). */
function block(n: Tree, indent: number): string {
  const pad = ' '.repeat(indent);
  switch (n.t) {
    case 'scalar':
    case 'call':
      return ` ${flow(n)}`;
    case 'list':
      return n.items.length === 0 ? ' []' : n.items.map((item) => `\n${pad}-${block(item, indent + 2)}`).join('');
    case 'map':
      return n.entries.length === 0 ? ' {}' : n.entries.map(([k, v]) => `\n${pad}${JSON.stringify(k)}:${block(v, indent + 2)}`).join('');
  }
}

const renderYaml = (root: Tree) => `${block(root, 0).replace(/^\n/, '')}\n`;

function toJs(n: Tree): unknown {
  switch (n.t) {
    case 'scalar':
      return n.v;
    case 'list':
      return n.items.map(toJs);
    case 'map':
      return Object.fromEntries(n.entries.map(([k, v]) => [k, toJs(v)]));
    case 'call':
      return { [n.fn]: toJs(n.arg) };
  }
}

const renderJson = (root: Tree) => `${JSON.stringify(toJs(root), null, 2)}\n`;

const optionsArb: fc.Arbitrary<EvaluateOptions> = fc.record(
  { region: fc.constantFrom('us-east-1', 'cn-north-1'), parameters: fc.constant({ P1: '10.1.0.0/16', Lst: ['a', 'b'] }) },
  { requiredKeys: [] },
);

function parse(text: string, file: string): ParsedDocument {
  const { documents, issues } = parseYaml(text, file);
  expect(issues, text).toEqual([]);
  expect(documents).toHaveLength(1);
  return documents[0]!;
}

// --- location checks ---------------------------------------------------------------------------

function nodeAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isPlainObject(cur) && typeof seg === 'string' && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

const startsWith = (path: Path, prefix: Path) => prefix.every((seg, i) => path[i] === seg);

/** The node at `path` is an intrinsic call (tagged, or a one-key `Ref`/`Fn::` mapping). */
function isCall(doc: ParsedDocument, path: Path): boolean {
  if (doc.tags?.has(pathKey(path))) return true;
  const node = nodeAt(doc.value, path);
  return isPlainObject(node) && Object.keys(node).length === 1 && /^(Ref|Condition|Fn::.*)$/.test(Object.keys(node)[0]!);
}

function checkRef(doc: ParsedDocument, text: string, at: SourceRef): void {
  expect(at.file).toBe(doc.source.file);
  expect(at.doc).toBe(doc.index);
  expect(doc.source.has(at.path), pathKey(at.path)).toBe(true);
  expect(at.region).toEqual(doc.source.ref(at.path).region);
  expect(regionText(text, at.region).length).toBeGreaterThan(0);
}

/**
 * Every value located inside the expression it came from (`within`), its children inside it; a literal
 * at the very text it was read from; a literal collection's children at their own items.
 */
function checkValue(doc: ParsedDocument, text: string, r: Resolved, within: Path): void {
  checkRef(doc, text, r.at);
  expect(startsWith(r.at.path, within), `${pathKey(r.at.path)} within ${pathKey(within)}`).toBe(true);
  const literal = !('origin' in r && r.origin) && !isCall(doc, r.at.path);
  if ('origin' in r && r.origin) checkRef(doc, text, r.origin);
  const node = nodeAt(doc.value, r.at.path);
  switch (r.kind) {
    case 'value':
      if (literal && (node === null || typeof node !== 'object')) {
        expect(r.value).toEqual(node);
        expect(regionText(text, r.at.region)).toBe(scalarText(r.value));
      }
      break;
    case 'symbolic':
      // Only an expression is unknown: a symbolic value never sits on a plain literal.
      expect(isCall(doc, r.at.path) || (node !== null && typeof node === 'object'), `symbolic ${r.expr} at the literal ${pathKey(r.at.path)}`).toBe(true);
      for (const c of r.cases ?? []) checkValue(doc, text, c, r.at.path);
      break;
    case 'list': {
      let last = -1;
      for (const item of r.items) {
        if (literal && Array.isArray(node)) {
          const i = item.at.path[r.at.path.length];
          expect(typeof i === 'number' && i > last, `item ${String(i)} after ${last}`).toBe(true);
          last = i as number;
          checkValue(doc, text, item, [...r.at.path, i as number]);
        } else checkValue(doc, text, item, r.at.path);
      }
      break;
    }
    case 'map':
      for (const [k, v] of r.entries) checkValue(doc, text, v, literal && isPlainObject(node) ? [...r.at.path, k] : r.at.path);
      break;
  }
}

function checkTemplate(doc: ParsedDocument, text: string, t: EvaluatedTemplate): void {
  for (const issue of t.issues) checkRef(doc, text, issue.at);
  for (const [name, p] of t.parameters) {
    checkRef(doc, text, p.at);
    checkRef(doc, text, p.value.at);
    expect(startsWith(p.value.at.path, ['Parameters', name])).toBe(true);
  }
  for (const [name, c] of t.conditions) if (typeof c !== 'boolean') expect(startsWith(c.at.path, ['Conditions', name])).toBe(true);
  for (const [id, r] of t.resources) {
    checkRef(doc, text, r.at);
    if (r.properties.kind === 'map') for (const [k, v] of r.properties.entries) checkValue(doc, text, v, ['Resources', id, 'Properties', k]);
    else checkValue(doc, text, r.properties, ['Resources', id]);
  }
  for (const [name, o] of t.outputs) {
    if (o.value) checkValue(doc, text, o.value, ['Outputs', name, 'Value']);
    if (o.exportName) checkValue(doc, text, o.exportName, ['Outputs', name, 'Export', 'Name']);
  }
}

/** Everything but locations. */
const summary = (t: EvaluatedTemplate) => ({
  parameters: [...t.parameters].map(([k, p]) => [k, p.type, toPlain(p.value)]),
  conditions: [...t.conditions].map(([k, v]) => [k, typeof v === 'boolean' ? v : v.expr]),
  resources: [...t.resources].map(([k, r]) => [k, r.type, typeof r.included === 'boolean' ? r.included : r.included.expr, toPlain(r.properties), r.dependsOn]),
  outputs: [...t.outputs].map(([k, o]) => [k, o.value && toPlain(o.value), o.exportName && toPlain(o.exportName)]),
  issues: t.issues.map((i) => i.message).sort(),
});

describe('random templates', () => {
  it('never throw, and every value keeps the location of the expression it came from (YAML short form)', () => {
    fc.assert(
      fc.property(templateArb([...FUNCTIONS, ...ONE_FORM_ONLY]), optionsArb, (root, options) => {
        const text = renderYaml(root);
        const doc = parse(text, 't.yaml');
        checkTemplate(doc, text, evaluateTemplate(doc, options));
      }),
      { numRuns: 300 },
    );
  });

  it('never throw, and every value keeps the location of the expression it came from (JSON long form)', () => {
    fc.assert(
      fc.property(templateArb([...FUNCTIONS, ...ONE_FORM_ONLY]), optionsArb, (root, options) => {
        const text = renderJson(root);
        const doc = parse(text, 't.json');
        checkTemplate(doc, text, evaluateTemplate(doc, options));
      }),
      { numRuns: 300 },
    );
  });

  it('give the same values and issues in YAML short form and JSON long form', () => {
    fc.assert(
      fc.property(templateArb(FUNCTIONS), optionsArb, (root, options) => {
        const y = evaluateTemplate(parse(renderYaml(root), 't.yaml'), options);
        const j = evaluateTemplate(parse(renderJson(root), 't.json'), options);
        expect(summary(y)).toEqual(summary(j));
      }),
      { numRuns: 300 },
    );
  });

  it('never throw on documents that are not templates at all', () => {
    const anything = fc.jsonValue({ maxDepth: 4 });
    fc.assert(
      fc.property(anything, fc.constantFrom('Resources', 'Parameters', 'Conditions', 'Outputs', 'Mappings'), (value, section) => {
        for (const root of [value, { [section]: value }, { Resources: { R: { Type: 'AWS::EC2::VPC', Properties: value } } }]) {
          const { documents } = parseYaml(JSON.stringify(root), 't.json');
          for (const doc of documents) evaluateTemplate(doc);
        }
      }),
      { numRuns: 300 },
    );
  });
});
