import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refOf, type Path } from '../../core/source.js';
import { regionText } from '../region-text.js';
import { parseYaml } from '../yaml-adapter.js';
import type { ParsedDocument } from '../types.js';
import { decodeScalar, parseEmbedded } from './embedded.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

function doc(text: string): ParsedDocument {
  const { documents, issues } = parseYaml(text, 'c.yaml');
  expect(issues).toEqual([]);
  return documents[0]!;
}

/** Parses the string at `path` of the single document of `text` as embedded JSON/YAML. */
function embedded(text: string, path: Path, withText = true) {
  const d = doc(text);
  let v: unknown = d.value;
  for (const seg of path) v = (v as Record<string | number, unknown>)[seg];
  return { d, result: parseEmbedded(d, path, v as string, withText ? text : undefined) };
}

/** [line, text under the region] of the field at `sub` inside the embedded value. */
function at(text: string, value: unknown, ...sub: (string | number)[]) {
  const ref = refOf(value as object, ...sub);
  return [ref.region.startLine, regionText(text, ref.region)];
}

describe('decodeScalar', () => {
  it('maps every decoded character of a double-quoted scalar to its escape', () => {
    const text = 'k: "a\\"b\\u00e9c"\n';
    const d = decodeScalar(text, 3)!;
    expect(d.chars.join('')).toBe('a"béc');
    expect(d.chars.map((_, i) => text.slice(d.start[i], d.end[i]))).toEqual(['a', '\\"', 'b', '\\u00e9', 'c']);
  });

  it('folds double- and single-quoted lines as YAML does', () => {
    expect(decodeScalar('k: "a  \n   b\n\n  c"\n', 3)!.chars.join('')).toBe('a b\nc');
    expect(decodeScalar("k: 'it''s\n  here'\n", 3)!.chars.join('')).toBe("it's here");
    expect(decodeScalar('k: "x\\\n   y"\n', 3)!.chars.join('')).toBe('xy');
  });

  it('decodes block literals with their chomping and indentation', () => {
    const t = lines('a:', '  k: |', '    x: 1', '', '    y: 2', '', 'b: 0');
    expect(decodeScalar(t, t.indexOf('|'))!.chars.join('')).toBe('x: 1\n\ny: 2\n');
    const strip = lines('k: |-', '  one', '  two', '', '');
    expect(decodeScalar(strip, strip.indexOf('|'))!.chars.join('')).toBe('one\ntwo');
    const keep = lines('k: |+', '  one', '', 'z: 1');
    expect(decodeScalar(keep, keep.indexOf('|'))!.chars.join('')).toBe('one\n\n');
    const explicit = lines('k: |2', '    indented', '  base');
    expect(decodeScalar(explicit, explicit.indexOf('|'))!.chars.join('')).toBe('  indented\nbase\n');
  });

  it('decodes folded blocks', () => {
    const t = lines('k: >', '  {"a":', '   1,', '  "b": 2}', '', '  end');
    expect(decodeScalar(t, t.indexOf('>'))!.chars.join('')).toBe('{"a":\n 1,\n"b": 2}\nend\n');
  });

  it('agrees with the yaml parser on every style (checked character for character in parseEmbedded)', () => {
    const samples = [
      'k: "{\\"a\\": 1}"',
      "k: '{\"a\": ''x''}'",
      'k: plain text # comment',
      lines('k: >-', '  a', '  b', '', '  c'),
      lines('k: |', '  \ta', '  b'),
    ];
    for (const s of samples) {
      const d = doc(s);
      const v = (d.value as { k: string }).k;
      const r = d.source.regionsAt(['k'])!.value;
      const start = s.split('\n').slice(0, r.startLine - 1).join('\n').length + (r.startLine > 1 ? 1 : 0) + r.startColumn - 1;
      expect(decodeScalar(s, start)!.chars.join(''), s).toBe(v);
    }
  });
});

describe('decodeScalar against the yaml library', () => {
  // Property: on random contents in every host style, the decoding is the very string yaml produces.
  const styles: [string, (s: string) => string][] = [
    ['double-quoted', (s) => lines('v: ' + JSON.stringify(s))],
    ['double-quoted, folded', (s) => lines('v: "' + s.replace(/["\\]/g, (c) => '\\' + c).replace(/\n/g, '\n  ') + '"')],
    ['single-quoted', (s) => lines(`v: '${s.replace(/'/g, "''").replace(/\n/g, '\n  ')}'`)],
    ['literal', (s) => lines('v: |', ...s.split('\n').map((l) => `  ${l}`))],
    ['literal keep, nested', (s) => lines('a:', '  v: |+', ...s.split('\n').map((l) => `    ${l}`), 'b: 1')],
    ['folded strip', (s) => lines('v: >-', ...s.split('\n').map((l) => `  ${l}`))],
    ['folded', (s) => lines('v: >', ...s.split('\n').map((l) => `  ${l}`), 'b: 1')],
  ];
  const unit = fc.constantFrom('a', 'k', ':', ' ', '\n', '\t', '{', '"', "'", '-', '#', 'é', '\\');

  it.each(styles)('%s', (_name, host) => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (s) => {
        const text = host(s);
        const { documents, issues } = parseYaml(text, 'c.yaml');
        const value = documents[0]?.value as { v?: unknown; a?: { v?: unknown } } | undefined;
        const path = value?.v !== undefined ? ['v'] : ['a', 'v'];
        const expected = value?.v ?? value?.a?.v;
        if (issues.length > 0 || typeof expected !== 'string') return; // not a valid host for this string
        const r = documents[0]!.source.regionsAt(path)!.value;
        const start = text.split('\n').slice(0, r.startLine - 1).reduce((n, l) => n + l.length + 1, 0) + r.startColumn - 1;
        expect(decodeScalar(text, start)?.chars.join('')).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseEmbedded', () => {
  it('places each value of a block-literal YAML string on its own line', () => {
    const text = lines(
      'addons:', //                                   1
      '- name: vpc-cni', //                           2
      '  configurationValues: |', //                  3
      '    env:', //                                  4
      '      ENABLE_PREFIX_DELEGATION: "true"', //    5
      '      WARM_PREFIX_TARGET: "1"', //             6
      '    enableNetworkPolicy: "true"', //           7
    );
    const { result } = embedded(text, ['addons', 0, 'configurationValues']);
    expect(result.exact).toBe(true);
    expect(result.issues).toEqual([]);
    const v = result.value as { env: object };
    expect(at(text, v.env, 'ENABLE_PREFIX_DELEGATION')).toEqual([5, '"true"']);
    expect(at(text, v.env, 'WARM_PREFIX_TARGET')).toEqual([6, '"1"']);
    expect(at(text, v, 'enableNetworkPolicy')).toEqual([7, '"true"']);
    // A mapping is reported on its key; the embedded root on the host field's key.
    expect(at(text, v, 'env')).toEqual([4, 'env']);
    expect(at(text, v)).toEqual([3, 'configurationValues']);
    // A missing field falls back to its nearest ancestor, keeping the asked path.
    const missing = refOf(v.env, 'WARM_IP_TARGET');
    expect(missing.path).toEqual(['addons', 0, 'configurationValues', 'env', 'WARM_IP_TARGET']);
    expect([missing.region.startLine, regionText(text, missing.region)]).toEqual([4, 'env']);
  });

  it('offsets the columns of a one-line double-quoted JSON string, escapes included', () => {
    const text = lines(
      'addons:',
      '  - name: vpc-cni',
      '    configurationValues: "{\\"env\\":{\\"ENABLE_PREFIX_DELEGATION\\":\\"true\\", \\"WARM_IP_TARGET\\": \\"5\\"}}"',
    );
    const { result } = embedded(text, ['addons', 0, 'configurationValues']);
    expect(result.exact).toBe(true);
    const env = (result.value as { env: object }).env;
    expect(at(text, env, 'ENABLE_PREFIX_DELEGATION')).toEqual([3, '\\"true\\"']);
    expect(at(text, env, 'WARM_IP_TARGET')).toEqual([3, '\\"5\\"']);
    const ref = refOf(env, 'WARM_IP_TARGET');
    expect(ref.region.startColumn).toBe(text.split('\n')[2]!.indexOf('\\"5\\"') + 1);
    expect(at(text, result.value, 'env')).toEqual([3, '\\"env\\"']);
  });

  it('handles single-quoted JSON and JSON spread over the lines of a literal block', () => {
    const single = lines(`v: '{"a": {"b": "it''s"}}'`);
    const s = embedded(single, ['v']).result;
    expect(at(single, (s.value as { a: object }).a, 'b')).toEqual([1, `"it''s"`]);

    const block = lines(
      'v: |-', //            1
      '  {', //              2
      '    "a": 1,', //      3
      '    "b": [', //       4
      '      "x",', //       5
      '      "y"', //        6
      '    ]', //            7
      '  }', //              8
    );
    const b = embedded(block, ['v']).result;
    expect(at(block, b.value, 'a')).toEqual([3, '1']);
    expect(at(block, (b.value as { b: object }).b, 1)).toEqual([6, '"y"']);
  });

  it('maps folded blocks, CRLF files and files with a byte-order mark', () => {
    const folded = lines('v: >', '  {"a": 1,', '  "b": 2}');
    const f = embedded(folded, ['v']).result;
    expect(f.exact).toBe(true);
    expect(at(folded, f.value, 'b')).toEqual([3, '2']);

    const crlf = lines('v: |', '  a: 1', '  b: 2').replace(/\n/g, '\r\n');
    const c = embedded(crlf, ['v']).result;
    expect(c.exact).toBe(true);
    expect(at(crlf, c.value, 'b')).toEqual([3, '2']);

    const bom = `\uFEFF${lines('v: "{\\"a\\": 1}"')}`;
    const m = embedded(bom, ['v']).result;
    expect(m.exact).toBe(true);
    expect(at(bom, m.value, 'a')).toEqual([1, '1']);
  });

  it('reports a syntax error inside the string on its own line', () => {
    const text = lines(
      'v: |', //           1
      '  a: 1', //         2
      '  b: [1, 2', //     3
      '  c: 3', //         4
    );
    const { result } = embedded(text, ['v']);
    expect(result.value).toBeUndefined();
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(issue.code).toBe('YAML_SYNTAX');
      expect(issue.at.file).toBe('c.yaml');
      expect(issue.at.region.startLine).toBeGreaterThanOrEqual(2);
      expect(issue.at.region.startLine).toBeLessThanOrEqual(5);
      expect(issue.at.path[0]).toBe('v');
    }
  });

  it('reports a duplicate key inside the string at the key', () => {
    const text = lines('v: |', '  a: 1', '  a: 2');
    const { result } = embedded(text, ['v']);
    expect(result.issues.map((i) => [i.code, i.at.region.startLine, regionText(text, i.at.region)])).toEqual([['DUPLICATE_KEY', 3, 'a']]);
  });

  it('points every inner value at the host scalar when the file text is not given', () => {
    const text = lines('x: 0', 'v: |', '  a: 1', '  b: 2');
    const { result } = embedded(text, ['v'], false);
    expect(result.exact).toBe(false);
    expect(at(text, result.value, 'b')).toEqual([2, '|']);
  });

  it('empty and blank strings have no value', () => {
    expect(embedded(lines('v: ""'), ['v']).result).toEqual({ value: undefined, issues: [], exact: true });
    expect(embedded(lines('v: "  "'), ['v']).result.value).toBeUndefined();
  });

  // Property: whatever JSON object is embedded, in whichever style, every scalar inside lands on text that
  // decodes back to its own JSON text.
  const jsonValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { maxDepth: 3 },
      fc.integer({ min: -1000, max: 1000 }),
      fc.boolean(),
      fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '1', ' ', '"', "'", '\\', 'é', '😀', ':', '#', '-'), maxLength: 6 }),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(fc.string({ unit: fc.constantFrom('a', 'b', 'k', '_', '9'), minLength: 1, maxLength: 4 }), tie('value'), { maxKeys: 3 }),
    ),
  })).value;
  const root = fc.dictionary(fc.string({ unit: fc.constantFrom('a', 'b', 'k'), minLength: 1, maxLength: 3 }), jsonValue, { minKeys: 1, maxKeys: 4 });

  const hosts: Record<string, (json: string) => string> = {
    double: (json) => lines('addons:', '- name: x', `  configurationValues: ${JSON.stringify(json)}`),
    // Continuation lines of a multi-line quoted scalar must be indented; YAML folds them (JSON does not mind).
    single: (json) => lines('addons:', '- name: x', `  configurationValues: '${json.replace(/'/g, "''").replace(/\n/g, '\n    ')}'`),
    literal: (json) => lines('addons:', '- name: x', '  configurationValues: |', ...json.split('\n').map((l) => `    ${l}`)),
  };

  it('never throws, and every location stays inside the file (any string, any host style)', () => {
    const styles = [
      (s: string) => lines('v: ' + JSON.stringify(s)),
      (s: string) => lines(`v: '${s.replace(/'/g, "''").replace(/\n/g, '\n  ')}'`),
      (s: string) => lines('v: |', ...s.split('\n').map((l) => `  ${l}`)),
      (s: string) => lines('v: >-', ...s.split('\n').map((l) => `  ${l}`)),
    ];
    const unit = fc.constantFrom('a', 'k', ':', ' ', '\n', '\t', '{', '}', '[', ']', ',', '"', "'", '-', '#', '&', '*', '!', '|', '>', 'é');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), fc.nat(styles.length - 1), (s, style) => {
        const text = styles[style]!(s);
        const { documents } = parseYaml(text, 'c.yaml');
        const d = documents[0];
        const v = (d?.value as { v?: unknown } | null)?.v;
        if (!d || typeof v !== 'string') return;
        const result = parseEmbedded(d, ['v'], v, text);
        const fileLines = text.split('\n').length;
        const regions = result.issues.map((i) => i.at.region);
        const walk = (value: unknown): void => {
          if (typeof value !== 'object' || value === null) return;
          for (const [k, child] of Object.entries(value)) {
            regions.push(refOf(value, Array.isArray(value) ? Number(k) : k).region);
            walk(child);
          }
        };
        walk(result.value);
        for (const r of regions) {
          expect(r.startLine).toBe(r.endLine);
          expect(r.startLine).toBeGreaterThanOrEqual(1);
          expect(r.startLine).toBeLessThanOrEqual(fileLines);
          expect(r.endColumn).toBeGreaterThan(r.startColumn);
        }
      }),
      { numRuns: 400 },
    );
  });

  it.each(Object.keys(hosts))('every inner scalar maps to its own text (%s host, pretty and compact JSON)', (style) => {
    fc.assert(
      fc.property(root, fc.boolean(), (obj, pretty) => {
        const json = JSON.stringify(obj, null, pretty ? 2 : undefined);
        const text = hosts[style]!(json);
        const { result } = embedded(text, ['addons', 0, 'configurationValues']);
        expect(result.issues).toEqual([]);
        expect(result.exact).toBe(true);
        expect(result.value).toEqual(obj);
        const check = (value: unknown, holder: object, key: string | number) => {
          if (typeof value === 'object' && value !== null) {
            for (const [k, v] of Object.entries(value)) check(v, value, Array.isArray(value) ? Number(k) : k);
            return;
          }
          const ref = refOf(holder, key);
          const slice = regionText(text, ref.region);
          const raw = style === 'double' ? JSON.parse(`"${slice}"`) : style === 'single' ? slice.replace(/''/g, "'") : slice;
          expect(JSON.parse(raw)).toEqual(value);
        };
        for (const [k, v] of Object.entries(result.value as object)) check(v, result.value as object, k);
      }),
      { numRuns: 150 },
    );
  });
});
