/**
 * Property tests of the YAML adapter and the loader: no input makes them throw, and every region they
 * report slices back, in the text, to the field it names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { originOf, pathKey, type Path, type Region } from '../core/source.js';
import { loadTexts } from './load.js';
import { schemaFor } from './schemas/index.js';
import { regionText } from './region-text.js';
import type { LoadIssue, ParsedDocument } from './types.js';
import { parseYaml } from './yaml-adapter.js';

// ---------------------------------------------------------------------------------------------------
// Generated YAML: nested mappings and sequences of scalars, in block and flow style, whose every scalar
// and key remembers its path, its source text and its line.

type Scalar = { kind: 'scalar'; text: string; comment: boolean };
type Tree = Scalar | { kind: 'map'; flow: boolean; entries: [KeySpec, Tree][] } | { kind: 'seq'; flow: boolean; items: Tree[] };
type KeySpec = { quote: '' | '"' | "'"; suffix: string };

const PLAIN_FIRST = [...'abcxyzABC0179', 'é', 'ß', '日', '😀'];
const PLAIN_REST = [...PLAIN_FIRST, ...'_./-', ' '];

const plainText = fc
  .tuple(fc.constantFrom(...PLAIN_FIRST), fc.array(fc.constantFrom(...PLAIN_REST), { maxLength: 10 }))
  .map(([first, rest]) => `${first}${rest.join('')}`.replace(/ +/g, ' ').trimEnd());

/** Characters a quoted scalar may hold raw on one line (no line breaks, controls or lone surrogates). */
const printable = (ch: string) => !/[\0-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff]/.test(ch) && !/^[\ud800-\udfff]$/.test(ch);

const doubleQuoted = fc.string({ unit: 'binary', maxLength: 10 }).map(
  (s) =>
    `"${[...s]
      .map((ch) =>
        ch === '\\' || ch === '"' ? `\\${ch}` : printable(ch) ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
      )
      .join('')}"`,
);

const singleQuoted = fc
  .string({ unit: 'binary', maxLength: 10 })
  .map((s) => `'${[...s].filter(printable).join('').replace(/'/g, "''")}'`);

const scalarArb: fc.Arbitrary<Scalar> = fc.record({
  kind: fc.constant('scalar' as const),
  text: fc.oneof(plainText, doubleQuoted, singleQuoted),
  comment: fc.boolean(),
});

const keyArb: fc.Arbitrary<KeySpec> = fc.record({
  quote: fc.constantFrom('' as const, '"' as const, "'" as const),
  suffix: fc.stringMatching(/^[a-z0-9_]{0,4}$/),
});

const { tree: treeArb } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree; scalar: Scalar }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('scalar'), tie('map'), tie('seq')),
  scalar: scalarArb,
  map: fc.record({ kind: fc.constant('map' as const), flow: fc.boolean(), entries: fc.array(fc.tuple(keyArb, tie('tree')), { maxLength: 4 }) }),
  seq: fc.record({ kind: fc.constant('seq' as const), flow: fc.boolean(), items: fc.array(tie('tree'), { maxLength: 4 }) }),
}));

const rootArb = treeArb.filter((t) => t.kind !== 'scalar');

interface Expected {
  path: Path;
  text: string;
  what: 'key' | 'value';
}
interface Line {
  text: string;
  expects: Expected[];
}

const keyName = (i: number, k: KeySpec) => `k${i}${k.suffix}`;
const keyText = (i: number, k: KeySpec) => `${k.quote}${keyName(i, k)}${k.quote}`;

function flow(t: Tree, path: Path, expects: Expected[]): string {
  if (t.kind === 'scalar') {
    expects.push({ path, text: t.text, what: 'value' });
    return t.text;
  }
  if (t.kind === 'seq') return `[${t.items.map((c, i) => flow(c, [...path, i], expects)).join(', ')}]`;
  const parts = t.entries.map(([k, c], i) => {
    expects.push({ path: [...path, keyName(i, k)], text: keyText(i, k), what: 'key' });
    return `${keyText(i, k)}: ${flow(c, [...path, keyName(i, k)], expects)}`;
  });
  return `{${parts.join(', ')}}`;
}

/** A value after `key:` or `- `: scalars and flow (or empty) collections stay on the line. */
function inline(t: Tree, path: Path, expects: Expected[]): string | undefined {
  if (t.kind === 'scalar') {
    expects.push({ path, text: t.text, what: 'value' });
    return t.comment ? `${t.text} # a comment` : t.text;
  }
  const empty = t.kind === 'map' ? t.entries.length === 0 : t.items.length === 0;
  return t.flow || empty ? flow(t, path, expects) : undefined;
}

function block(t: Tree, indent: number, path: Path): Line[] {
  const pad = ' '.repeat(indent);
  const out: Line[] = [];
  if (t.kind === 'map') {
    t.entries.forEach(([k, c], i) => {
      const p = [...path, keyName(i, k)];
      const expects: Expected[] = [{ path: p, text: keyText(i, k), what: 'key' }];
      const rest = inline(c, p, expects);
      if (rest !== undefined) out.push({ text: `${pad}${keyText(i, k)}: ${rest}`, expects });
      else out.push({ text: `${pad}${keyText(i, k)}:`, expects }, ...block(c, indent + 2, p));
    });
  } else if (t.kind === 'seq') {
    t.items.forEach((c, i) => {
      const p = [...path, i];
      const expects: Expected[] = [];
      const rest = inline(c, p, expects);
      if (rest !== undefined) {
        out.push({ text: `${pad}- ${rest}`, expects });
        return;
      }
      // Compact form: the child's first line goes after the `- ` (`- port: 80`).
      const [first, ...more] = block(c, indent + 2, p);
      out.push({ text: `${pad}- ${first!.text.slice(indent + 2)}`, expects: first!.expects }, ...more);
    });
  }
  return out;
}

function render(t: Tree): Line[] {
  const expects: Expected[] = [];
  const one = inline(t, [], expects);
  return one !== undefined ? [{ text: one, expects }] : block(t, 0, []);
}

interface Rendered {
  text: string;
  /** Per document: what each region must slice back to, and on which line. */
  docs: (Expected & { line: number })[][];
}

const renderedArb: fc.Arbitrary<Rendered> = fc
  .record({ roots: fc.array(rootArb, { minLength: 1, maxLength: 3 }), crlf: fc.boolean(), bom: fc.boolean() })
  .map(({ roots, crlf, bom }) => {
    const lines: string[] = [];
    const docs = roots.map((root, d) => {
      if (d > 0) lines.push('---');
      return render(root).flatMap((line) => {
        lines.push(line.text);
        return line.expects.map((e) => ({ ...e, line: lines.length }));
      });
    });
    const text = `${bom ? '\uFEFF' : ''}${lines.join(crlf ? '\r\n' : '\n')}\n`;
    return { text, docs };
  });

// ---------------------------------------------------------------------------------------------------

function wellFormed(region: Region): boolean {
  return region.endLine === region.startLine && region.endColumn > region.startColumn && region.startLine >= 1 && region.startColumn >= 1;
}

/** Every field of the document has well-formed regions, and every mapping and sequence is registered at its path. */
function checkDocument(doc: ParsedDocument): void {
  const walk = (value: unknown, path: Path) => {
    const regions = doc.source.regionsAt(path);
    expect(regions, pathKey(path)).toBeDefined();
    expect(wellFormed(regions!.value), pathKey(path)).toBe(true);
    if (regions!.key) expect(wellFormed(regions!.key), pathKey(path)).toBe(true);
    if (typeof value !== 'object' || value === null) return;
    expect(originOf(value)?.source).toBe(doc.source);
    expect(originOf(value)?.path).toEqual(path);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(doc.value, []);
}

function checkIssues(issues: readonly LoadIssue[]): void {
  for (const issue of issues) {
    expect(wellFormed(issue.at.region), JSON.stringify(issue)).toBe(true);
    expect(issue.message).not.toMatch(/\n/);
  }
}

/** Strings that hit the YAML parser's corners more often than uniform text does. */
const yamlish = fc
  .array(
    fc.constantFrom(...'-:?[]{},#&*!|>\'"%@`~ \t\n\r\\', 'a', '0', '---', '...', '<<', '&a', '*a', '!!', '\uFEFF', 'é', '😀', 'on', 'y', '\n  ', '\n- ', ': '),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** Values that are sometimes right for a Kubernetes field and often not. */
const fieldValue = fc.oneof(fc.constantFrom('web', 'TCP', 80, 8080, 'http'), fc.integer({ min: -5, max: 70000 }), fc.jsonValue({ maxDepth: 1 }));
const someFields = (...names: string[]) => fc.dictionary(fc.constantFrom(...names), fieldValue, { maxKeys: names.length });

/** A Kubernetes-looking document with arbitrary values where the schemas look. */
const manifestish = fc
  .record({
    kind: fc.constantFrom('Service', 'Namespace', 'Pod', 'List', 'PodList', 'Unknown'),
    name: fc.oneof(fc.constant('ok'), fc.string({ maxLength: 8 }), fc.integer()),
    namespace: fc.oneof(fc.constant(undefined), fc.constant('shop'), fc.jsonValue()),
    labels: fc.oneof(fc.constant(undefined), fc.dictionary(fc.string({ maxLength: 6 }), fieldValue, { maxKeys: 3 })),
    spec: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({
        ports: fc.array(someFields('port', 'name', 'targetPort', 'protocol'), { maxLength: 4 }),
        containers: fc.array(
          fc.record({ name: fieldValue, ports: fc.array(someFields('containerPort', 'name', 'protocol'), { maxLength: 3 }) }),
          { maxLength: 3 },
        ),
        selector: fc.oneof(fc.constant({ app: 'web' }), fc.jsonValue({ maxDepth: 1 })),
      }),
    ),
    items: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  })
  .map((m) => ({
    apiVersion: 'v1',
    kind: m.kind,
    metadata: { name: m.name, namespace: m.namespace, labels: m.labels },
    spec: m.spec,
    items: m.items,
  }));

/** JSON values as block YAML (strings double-quoted with JSON escapes, which YAML shares). */
function toYaml(v: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v) && v.length > 0) return v.map((x) => `\n${pad}- ${toYaml(x, indent + 2).trimStart()}`).join('');
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0) {
    return Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `\n${pad}${JSON.stringify(k)}: ${toYaml(x, indent + 2)}`)
      .join('');
  }
  return JSON.stringify(v) ?? 'null';
}

describe('properties', () => {
  it('parseYaml and loadTexts never throw, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), yamlish), (text) => {
        const parsed = parseYaml(text, 'any.yaml');
        checkIssues(parsed.issues);
        parsed.documents.forEach(checkDocument);
        checkIssues(loadTexts({ 'any.yaml': text }).issues);
      }),
      { numRuns: 500 },
    );
  });

  it('JSON-ish values rendered as JSON and as YAML load back to the same value, never throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), manifestish), (value) => {
        const json = JSON.stringify(value, null, 2);
        const yaml = `${toYaml(value).replace(/^\n/, '')}\n`;
        for (const [name, text] of [
          ['v.json', json],
          ['v.yaml', yaml],
        ] as const) {
          const parsed = parseYaml(text, name);
          expect(parsed.issues, text).toEqual([]);
          expect(parsed.documents[0]?.value ?? null, text).toEqual(JSON.parse(json));
          parsed.documents.forEach(checkDocument);
          const loaded = loadTexts({ [name]: text });
          checkIssues(loaded.issues);
          // What survives sanitizing is valid, and still knows where it came from.
          for (const object of loaded.objects) {
            // What survives is valid, but for names kept on purpose (reported, value still usable).
            const check = schemaFor(object.apiVersion, object.kind)!.schema.safeParse(object.manifest);
            const blocking = check.error?.issues.filter((i) => !(i.code === 'custom' && (i.params as { keep?: boolean } | undefined)?.keep)) ?? [];
            expect(blocking, text).toEqual([]);
            expect(originOf(object.manifest)?.source.file).toBe(name);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every reported region slices back to the field it names', () => {
    fc.assert(
      fc.property(renderedArb, ({ text, docs }) => {
        const { documents, issues } = parseYaml(text, 'gen.yaml');
        expect(issues, text).toEqual([]);
        expect(documents.map((d) => d.index)).toEqual(docs.map((_, i) => i));
        documents.forEach((doc, d) => {
          checkDocument(doc);
          for (const e of docs[d]!) {
            const regions = doc.source.regionsAt(e.path);
            const region = e.what === 'key' ? regions?.key : regions?.value;
            expect(region, `${pathKey(e.path)} in\n${text}`).toBeDefined();
            expect(regionText(text, region!), `${e.what} of ${pathKey(e.path)} in\n${text}`).toBe(e.text);
            expect(region!.startLine, `${e.what} of ${pathKey(e.path)} in\n${text}`).toBe(e.line);
          }
        });
      }),
      { numRuns: 500 },
    );
  });
});
