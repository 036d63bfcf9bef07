import { describe, expect, it } from 'vitest';
import { originOf, pathKey, refOf, type Path, type Region } from '../core/source.js';
import { regionText } from './region-text.js';
import type { ParsedDocument } from './types.js';
import { parseYaml } from './yaml-adapter.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

/** Region as [line, startColumn, endColumn] (regions never span lines). */
const r = (g: Region | undefined) => g && [g.startLine, g.startColumn, g.endColumn];

function only(text: string, file = 'f.yaml'): ParsedDocument {
  const { documents, issues } = parseYaml(text, file);
  expect(issues).toEqual([]);
  expect(documents).toHaveLength(1);
  return documents[0]!;
}

const valueAt = (doc: ParsedDocument, path: Path) => r(doc.source.regionsAt(path)?.value);
const keyAt = (doc: ParsedDocument, path: Path) => r(doc.source.regionsAt(path)?.key);

describe('positions', () => {
  const MULTI = lines(
    'apiVersion: v1', //                      1
    'kind: Namespace', //                     2
    'metadata:', //                           3
    '  name: shop', //                        4
    '---', //                                 5
    '# a comment', //                         6
    'apiVersion: v1', //                      7
    'kind: Service', //                       8
    'metadata:', //                           9
    '  name: api # trailing comment', //     10
    '  annotations:', //                     11
    '    a.b/c: "quoted value"', //          12
    '...', //                                13
    '---', //                                14
    'kind: Third', //                        15
  );

  const variants: [string, string][] = [
    ['LF', MULTI],
    ['CRLF', MULTI.replace(/\n/g, '\r\n')],
    ['BOM', `\uFEFF${MULTI}`],
    ['BOM + CRLF', `\uFEFF${MULTI.replace(/\n/g, '\r\n')}`],
  ];
  it.each(variants)('are file-absolute across --- and ... (%s)', (_name, text) => {
    const { documents, issues } = parseYaml(text, 'multi.yaml');
    expect(issues).toEqual([]);
    expect(documents.map((d) => d.index)).toEqual([0, 1, 2]);
    const [ns, svc, third] = documents as [ParsedDocument, ParsedDocument, ParsedDocument];
    expect(valueAt(ns, ['apiVersion'])).toEqual([1, 13, 15]);
    expect(keyAt(ns, ['apiVersion'])).toEqual([1, 1, 11]);
    expect(valueAt(ns, ['metadata', 'name'])).toEqual([4, 9, 13]);
    expect(valueAt(svc, ['metadata', 'name'])).toEqual([10, 9, 12]);
    expect(valueAt(svc, ['metadata', 'annotations', 'a.b/c'])).toEqual([12, 12, 26]);
    expect(keyAt(svc, ['metadata', 'annotations', 'a.b/c'])).toEqual([12, 5, 10]);
    expect(valueAt(third, ['kind'])).toEqual([15, 7, 12]);
    // The root's region is its first line; a collection field is reported on its key.
    expect(r(svc.source.docRegion)).toEqual([7, 1, 15]);
    expect(r(svc.source.ref(['metadata']).region)).toEqual([9, 1, 9]);
    expect(svc.source.ref(['metadata', 'name']).file).toBe('multi.yaml');
    expect(svc.source.ref(['metadata', 'name']).doc).toBe(1);
  });

  it('parse a block sequence right after a byte-order mark (yaml 2.9 alone fails on it)', () => {
    const doc = only('\uFEFF- "x"\n- z\n');
    expect(doc.value).toEqual(['x', 'z']);
    expect(valueAt(doc, [0])).toEqual([1, 3, 6]);
  });

  it('count a tab as one column', () => {
    const text = lines('a:\tx', 'b: {\tc: 1}', 'd: 2\t# comment');
    const doc = only(text);
    expect(valueAt(doc, ['a'])).toEqual([1, 4, 5]);
    expect(valueAt(doc, ['b', 'c'])).toEqual([2, 9, 10]);
    expect(valueAt(doc, ['d'])).toEqual([3, 4, 5]);
  });

  it('count UTF-16 code units: a non-ASCII letter is one, an emoji two', () => {
    const text = lines('x: {ä: "😀😀", port: 80}', 'z: [é, 😀, z]');
    const doc = only(text);
    expect(valueAt(doc, ['x', 'ä'])).toEqual([1, 8, 14]);
    expect(keyAt(doc, ['x', 'port'])).toEqual([1, 16, 20]);
    expect(valueAt(doc, ['x', 'port'])).toEqual([1, 22, 24]);
    expect(valueAt(doc, ['z', 2])).toEqual([2, 12, 13]);
    expect(regionText(text, doc.source.regionsAt(['x', 'ä'])!.value)).toBe('"😀😀"');
    expect(regionText(text, doc.source.regionsAt(['z', 1])!.value)).toBe('😀');
  });

  it('give flow collections their own range, and a multi-line one its first line', () => {
    const text = lines('ports: [80, {port: 443, name: https}]', 'multi: [', '  1,', '  2]', 'empty: {}');
    const doc = only(text);
    expect(doc.source.regionsAt(['ports'])).toEqual({
      key: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 6 },
      value: { startLine: 1, startColumn: 8, endLine: 1, endColumn: 38 },
      collection: true,
    });
    expect(valueAt(doc, ['ports', 1])).toEqual([1, 13, 37]);
    expect(valueAt(doc, ['ports', 1, 'name'])).toEqual([1, 31, 36]);
    expect(valueAt(doc, ['multi'])).toEqual([2, 8, 9]);
    expect(valueAt(doc, ['multi', 1])).toEqual([4, 3, 4]);
    expect(valueAt(doc, ['empty'])).toEqual([5, 8, 10]);
  });

  it('give a block collection without a key its first line, without the comment', () => {
    const text = lines('ports:', '- port: 80   # web', '  name: web', '- - nested', '-', 'deep:', '  - a:', '      b: 1');
    const doc = only(text);
    expect(valueAt(doc, ['ports', 0])).toEqual([2, 3, 11]);
    expect(doc.source.regionsAt(['ports', 0])!.collection).toBe(true);
    expect(valueAt(doc, ['ports', 1])).toEqual([4, 3, 11]);
    // An empty item has no text: its `-` stands for it.
    expect(valueAt(doc, ['ports', 2])).toEqual([5, 1, 2]);
    expect(valueAt(doc, ['deep', 0])).toEqual([7, 5, 7]);
    expect(regionText(text, doc.source.regionsAt(['deep', 0])!.value)).toBe('a:');
  });

  it('clip block scalars and multi-line flow scalars to their first line', () => {
    const text = lines(
      'data:',
      '  script: |-  # keep',
      '    line one',
      '    line two',
      '  folded: >',
      '    folded text',
      '  dq: "first',
      '    second"',
      '  plain: first',
      '    second',
      '  empty:',
    );
    const doc = only(text);
    expect(doc.value).toEqual({
      data: { script: 'line one\nline two', folded: 'folded text\n', dq: 'first second', plain: 'first second', empty: null },
    });
    const slice = (p: Path) => regionText(text, doc.source.regionsAt(p)!.value);
    expect(slice(['data', 'script'])).toBe('|-');
    expect(slice(['data', 'folded'])).toBe('>');
    expect(slice(['data', 'dq'])).toBe('"first');
    expect(slice(['data', 'plain'])).toBe('first');
    // An empty value has no text: its key stands for it.
    expect(slice(['data', 'empty'])).toBe('empty');
    for (const p of [['data', 'script'], ['data', 'dq']] as Path[]) {
      const g = doc.source.regionsAt(p)!.value;
      expect(g.endLine).toBe(g.startLine);
    }
  });

  it('refer to the JSON text of a .json manifest', () => {
    const text = lines(
      '{',
      '  "apiVersion": "v1",',
      '  "kind": "Service",',
      '  "metadata": {"name": "api"},',
      '  "spec": {',
      '    "ports": [',
      '      {"port": 80, "targetPort": "http"}',
      '    ]',
      '  }',
      '}',
    );
    const doc = only(text, 'svc.json');
    expect(doc.value).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api' },
      spec: { ports: [{ port: 80, targetPort: 'http' }] },
    });
    expect(valueAt(doc, ['spec', 'ports', 0, 'targetPort'])).toEqual([7, 34, 40]);
    expect(keyAt(doc, ['spec', 'ports', 0, 'targetPort'])).toEqual([7, 20, 32]);
    expect(valueAt(doc, ['spec', 'ports', 0, 'port'])).toEqual([7, 16, 18]);
    expect(valueAt(doc, ['metadata', 'name'])).toEqual([4, 24, 29]);
    expect(valueAt(doc, ['spec', 'ports', 0])).toEqual([7, 7, 41]);
    expect(r(doc.source.docRegion)).toEqual([1, 1, 2]);
  });

  it('point an alias field at the alias, and its content at the anchor', () => {
    const text = lines('base: &b {port: 80}', 'copy: *b', 'k: &n 5', 'm: *n');
    const doc = only(text);
    expect(doc.value).toEqual({ base: { port: 80 }, copy: { port: 80 }, k: 5, m: 5 });
    expect(valueAt(doc, ['copy'])).toEqual([2, 7, 9]);
    expect(valueAt(doc, ['copy', 'port'])).toEqual([1, 17, 19]);
    expect(valueAt(doc, ['m'])).toEqual([4, 4, 6]);
    const v = doc.value as { base: object; copy: object };
    expect(v.copy).not.toBe(v.base);
    expect(originOf(v.copy)?.path).toEqual(['copy']);
  });
});

describe('values', () => {
  it('follow YAML 1.1 as go-yaml v2 does, minus base-60 numbers and timestamps', () => {
    const doc = only(
      lines(
        'a: on',
        'b: yes',
        'c: n',
        'd: 0777',
        'e: 1:30',
        'f: 2001-12-14',
        'g: 0o17',
        'h: 0x1F',
        'i: 1_000',
        'j: 08',
        'k: "on"',
        'l: ~',
        'm: 1.5e3',
        'on: key',
        'o: Off',
        'p: 1:30.5',
        'q: .inf',
        'r: 0b101',
      ),
    );
    expect(doc.value).toEqual({
      a: true,
      b: true,
      c: false,
      d: 511,
      e: '1:30',
      f: '2001-12-14',
      g: '0o17',
      h: 31,
      i: 1000,
      j: 8,
      k: 'on',
      l: null,
      m: 1500,
      true: 'key',
      o: false,
      p: '1:30.5',
      q: Infinity,
      r: 5,
    });
    // y and n are YAML 1.1 booleans too (go-yaml v2 alike), also as keys.
    expect(only('y: 1\nn: 2\n').value).toEqual({ true: 1, false: 2 });
  });

  it('stringify non-string keys', () => {
    expect(only('{1: a, true: b, null: c, 1.5: d}\n').value).toEqual({ '1': 'a', true: 'b', null: 'c', '1.5': 'd' });
  });

  it('keep a __proto__ key as a field', () => {
    const v = only('__proto__: {polluted: 1}\n').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('apply merge keys: explicit keys win wherever they stand, the first merge source wins', () => {
    const text = lines(
      'a: &a {app: web, tier: front, x: 1}',
      'b: &b {app: other, w: 2}',
      'after:',
      '  <<: *a',
      '  tier: back',
      'before:',
      '  tier: back',
      '  <<: *a',
      'list:',
      '  <<: [*a, *b]',
      'inline: {<<: {z: 3}, w: 4}',
    );
    const doc = only(text);
    const v = doc.value as Record<string, unknown>;
    expect(v.after).toEqual({ app: 'web', tier: 'back', x: 1 });
    expect(v.before).toEqual({ app: 'web', tier: 'back', x: 1 });
    expect(v.list).toEqual({ app: 'web', tier: 'front', x: 1, w: 2 });
    expect(v.inline).toEqual({ z: 3, w: 4 });
    expect(valueAt(doc, ['after', 'tier'])).toEqual([5, 9, 13]);
    // A merged field is where its text is: in the anchored mapping.
    expect(valueAt(doc, ['after', 'app'])).toEqual([1, 13, 16]);
    expect(valueAt(doc, ['list', 'w'])).toEqual([2, 23, 24]);
  });

  it('record application tags (CloudFormation) without complaining', () => {
    const { documents, issues } = parseYaml(lines('VpcId: !Ref Vpc', 'Az: !Select [0, !GetAZs ""]', 'Plain: x'), 'cfn.yaml');
    expect(issues).toEqual([]);
    const doc = documents[0]!;
    expect(doc.value).toEqual({ VpcId: 'Vpc', Az: [0, ''], Plain: 'x' });
    expect(doc.tags).toEqual(
      new Map([
        [pathKey(['VpcId']), '!Ref'],
        [pathKey(['Az']), '!Select'],
        [pathKey(['Az', 1]), '!GetAZs'],
      ]),
    );
  });

  it('register every mapping and sequence, so refOf works on the values', () => {
    const text = lines('spec:', '  ports:', '  - port: 80', '    targetPort: http', '  - [a, {b: c}]');
    const doc = only(text);
    const v = doc.value as { spec: { ports: [Record<string, unknown>, [string, object]] } };
    const port = v.spec.ports[0];
    expect(r(refOf(port, 'targetPort').region)).toEqual([4, 17, 21]);
    expect(refOf(port, 'targetPort').path).toEqual(['spec', 'ports', 0, 'targetPort']);
    // A missing field falls back to its nearest existing ancestor.
    expect(r(refOf(port, 'protocol').region)).toEqual([3, 5, 13]);
    const unregistered: string[] = [];
    const walk = (x: unknown, p: Path) => {
      if (typeof x !== 'object' || x === null) return;
      if (originOf(x)?.source !== doc.source || pathKey(originOf(x)!.path) !== pathKey(p)) unregistered.push(pathKey(p));
      for (const [k, c] of Object.entries(x)) walk(c, [...p, Array.isArray(x) ? Number(k) : k]);
    };
    walk(doc.value, []);
    expect(unregistered).toEqual([]);
  });

  it('give empty documents the value null, and no documents for an empty text', () => {
    expect(parseYaml('', 'e.yaml')).toEqual({ documents: [], issues: [] });
    expect(parseYaml('# only a comment\n', 'e.yaml')).toEqual({ documents: [], issues: [] });
    const { documents } = parseYaml('---\n---\na: 1\n', 'e.yaml');
    expect(documents.map((d) => [d.index, d.value])).toEqual([
      [0, null],
      [1, { a: 1 }],
    ]);
  });
});

describe('issues', () => {
  it('report a duplicate key on the second key, and keep the last value', () => {
    const { documents, issues } = parseYaml(lines('a: 1', 'b: 2', 'a: 3'), 'dup.yaml');
    expect(issues).toEqual([
      {
        code: 'DUPLICATE_KEY',
        message: 'duplicate key "a" in one mapping (the last one is used)',
        at: { file: 'dup.yaml', doc: 0, path: [], region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 2 } },
        fatal: false,
      },
    ]);
    expect(documents[0]!.value).toEqual({ a: 3, b: 2 });
    expect(valueAt(documents[0]!, ['a'])).toEqual([3, 4, 5]);
  });

  it('report a duplicate JSON key at its position in the JSON text', () => {
    const { issues } = parseYaml('{\n  "a": 1,\n  "a": 2\n}\n', 'dup.json');
    expect(issues.map((i) => [i.code, r(i.at.region), i.fatal])).toEqual([['DUPLICATE_KEY', [3, 3, 6], false]]);
  });

  it('drop a document with a syntax error and keep the others of the file', () => {
    const text = lines('a: 1', '---', 'b:', '\tc: 1', '---', 'd: 2');
    const { documents, issues } = parseYaml(text, 'err.yaml');
    expect(documents.map((d) => [d.index, d.value])).toEqual([
      [0, { a: 1 }],
      [2, { d: 2 }],
    ]);
    expect(issues).toEqual([
      {
        code: 'YAML_SYNTAX',
        message: 'YAML syntax error: Tabs are not allowed as indentation',
        at: { file: 'err.yaml', doc: 1, path: [], region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 2 } },
        fatal: true,
      },
    ]);
  });

  it('report an unclosed flow sequence where yaml finds it', () => {
    const { documents, issues } = parseYaml(lines('ports: [80, 443', 'kind: x'), 'err.yaml');
    expect(documents).toEqual([]);
    expect(issues.map((i) => [i.code, i.message, r(i.at.region), i.fatal])).toEqual([
      [
        'YAML_SYNTAX',
        'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
        [2, 1, 2],
        true,
      ],
    ]);
  });

  it('report a stray token in a stream without documents', () => {
    const { documents, issues } = parseYaml(']\n', 'err.yaml');
    expect(documents).toEqual([]);
    expect(issues.map((i) => [i.code, r(i.at.region), i.fatal])).toEqual([['YAML_SYNTAX', [1, 1, 2], true]]);
  });

  it('report an alias without an anchor, and an alias inside its own anchor', () => {
    const missing = parseYaml('a: *nope\n', 'a.yaml');
    expect(missing.documents).toEqual([]);
    expect(missing.issues).toMatchObject([{ code: 'YAML_SYNTAX', message: 'alias *nope has no anchor &nope before it', fatal: true }]);
    expect(r(missing.issues[0]!.at.region)).toEqual([1, 4, 9]);
    const cycle = parseYaml('a: &x [1, *x]\n', 'a.yaml');
    expect(cycle.issues).toMatchObject([{ code: 'YAML_SYNTAX', fatal: true }]);
    expect(r(cycle.issues[0]!.at.region)).toEqual([1, 11, 13]);
    const mergeCycle = parseYaml('a: &x {b: 1, <<: *x}\n', 'a.yaml');
    expect(mergeCycle.issues).toMatchObject([{ code: 'YAML_SYNTAX', fatal: true }]);
  });

  it('report a merge of something that is not a mapping', () => {
    const { documents, issues } = parseYaml(lines('a: &s hello', 'b:', '  <<: *s'), 'm.yaml');
    expect(documents).toEqual([]);
    expect(issues.map((i) => [i.code, r(i.at.region), i.fatal])).toEqual([['YAML_SYNTAX', [3, 7, 9], true]]);
  });

  it('ignore a complex key but keep the rest of the mapping', () => {
    const { documents, issues } = parseYaml(lines('? [a, b]', ': c', 'd: e'), 'k.yaml');
    expect(documents[0]!.value).toEqual({ d: 'e' });
    expect(issues.map((i) => [i.code, r(i.at.region), i.fatal])).toEqual([['INVALID_FIELD', [1, 3, 9], false]]);
  });

  it('report an unresolvable standard tag, keeping the value as a string', () => {
    const { documents, issues } = parseYaml('x: !!int abc\n', 't.yaml');
    expect(documents[0]!.value).toEqual({ x: 'abc' });
    expect(issues.map((i) => [i.code, r(i.at.region), i.fatal])).toEqual([['YAML_SYNTAX', [1, 4, 9], false]]);
  });
});

describe('bounds', () => {
  const BILLION_LAUGHS = lines(
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  );

  it('stop an alias bomb fast, with one issue', () => {
    const start = performance.now();
    const { documents, issues } = parseYaml(BILLION_LAUGHS, 'bomb.yaml');
    expect(performance.now() - start).toBeLessThan(500);
    expect(documents).toEqual([]);
    expect(issues).toMatchObject([{ code: 'LIMIT_EXCEEDED', message: 'more than 1000 alias dereferences in one document', fatal: true }]);
  });

  it('count materialised nodes against maxNodes', () => {
    const { issues } = parseYaml(BILLION_LAUGHS, 'bomb.yaml', { maxAliases: 1e9, maxNodes: 10_000 });
    expect(issues).toMatchObject([{ code: 'LIMIT_EXCEEDED', message: 'more than 10000 nodes in one document (aliases expanded)' }]);
  });

  it('reject nesting deeper than maxDepth at the first level too deep', () => {
    const { documents, issues } = parseYaml('a: {b: {c: {d: 1}}}\n---\nok: 1\n', 'deep.yaml', { maxDepth: 3 });
    expect(issues.map((i) => [i.code, i.at.doc, r(i.at.region), i.fatal])).toEqual([['LIMIT_EXCEEDED', 0, [1, 12, 13], true]]);
    expect(documents.map((d) => [d.index, d.value])).toEqual([[1, { ok: 1 }]]);
  });

  it('count depth through aliases', () => {
    const { issues } = parseYaml(lines('a: &x [[1]]', 'b: [[*x]]'), 'deep.yaml', { maxDepth: 4 });
    expect(issues.map((i) => [i.code, i.message, r(i.at.region)])).toEqual([
      ['LIMIT_EXCEEDED', 'nesting deeper than 4 levels (aliases expanded)', [1, 8, 11]],
    ]);
  });

  it.each([
    ['100k [', '['.repeat(100_000), [1, 129, 130]],
    ['100k {a:', '{a: '.repeat(100_000), [1, 513, 514]],
    ['100k - ', `${'- '.repeat(100_000)}x`, [1, 257, 258]],
  ])('survive %s without recursing (one issue)', (_name, text, region) => {
    const { documents, issues } = parseYaml(text, 'deep.yaml');
    expect(documents).toEqual([]);
    expect(issues.map((i) => [i.code, r(i.at.region)])).toEqual([['LIMIT_EXCEEDED', region]]);
  });
});
