import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/error.js';
import { defineRule } from './define-rule.js';
import { RuleTester, sliceRegion, type TestApi } from './rule-tester.js';

/** A TestApi that records the tests instead of registering them with vitest. */
function recorder() {
  const tests = new Map<string, () => Promise<void>>();
  const stack: string[] = [];
  const api: TestApi = {
    describe(name, fn) {
      stack.push(name);
      fn();
      stack.pop();
    },
    it(name, fn) {
      tests.set([...stack, name].join(' > '), fn);
    },
  };
  return { tester: new RuleTester({ api }), tests };
}

const NS = (name: string, extra = '') => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${extra}`;

/** Reports every declared Namespace labelled `bad: "yes"`, on its name. */
const rule = defineRule({
  id: 'workload/bad-namespace',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Test rule', recommended: false },
    messages: { bad: 'Namespace {{name}} is labelled bad (max {{max}}).', other: 'Namespace {{name}} is other.' },
    remediation: 'Remove the label.',
    schema: { max: { type: 'integer', minimum: 1, description: 'A number.' } },
    defaultOptions: { max: 1 },
  },
  create: (ctx, { max }) => ({
    Namespace(ns) {
      if (!ns.object || ns.labels.bad !== 'yes') return;
      ctx.report({ messageId: 'bad', at: ns.object.at, object: ns, data: { name: ns.name, max } });
    },
  }),
});

type Tests = Parameters<RuleTester['run']>[2];
const valid = [{ name: 'no label', files: { 'ns.yaml': NS('shop') } }];
const badNs = NS('shop', '  labels:\n    bad: "yes"\n');
const invalid = [
  {
    name: 'labelled',
    files: { 'ns.yaml': badNs },
    errors: [{ messageId: 'bad', data: { name: 'shop' }, line: 1, column: 1, endLine: 1, endColumn: 15 }],
  },
] as const;

describe('RuleTester: suite checks, at collection time', () => {
  const run = (tests: Tests, id = 'workload/bad-namespace') => () => recorder().tester.run(id, rule as never, tests);

  it.each([
    ['another id', run({ valid, invalid }, 'workload/other'), /the rule's id is workload\/bad-namespace/],
    ['no valid cases', run({ valid: [], invalid }), /valid cases are required/],
    ['no invalid cases', run({ valid, invalid: [] }), /invalid cases are required/],
    ['a nameless case', run({ valid: [{ name: ' ', files: { 'a.yaml': 'a: 1\n' } }], invalid }), /every case needs a name/],
    ['two cases of one name', run({ valid: [...valid, { name: 'no label', files: { 'b.yaml': '' } }], invalid }), /duplicate case name "no label"/],
    ['a case without files', run({ valid: [{ name: 'x', files: {} }], invalid }), /case "x" has no files/],
    [
      'two cases with the same files and options',
      run({ valid: [...valid, { name: 'again', files: { 'ns.yaml': NS('shop') }, options: {} }], invalid }),
      /cases "no label" and "again" have the same files and options/,
    ],
    [
      'a valid and an invalid case alike',
      run({ valid: [{ name: 'v', files: invalid[0].files }], invalid }),
      /cases "v" and "labelled" have the same files/,
    ],
    ['an invalid case without errors', run({ valid, invalid: [{ ...invalid[0], errors: [] }] }), /invalid case "labelled" lists no errors/],
    [
      'an unknown messageId',
      run({ valid, invalid: [{ ...invalid[0], errors: [{ ...invalid[0].errors[0], messageId: 'nope' }] }] }),
      /case "labelled": unknown messageId "nope"/,
    ],
    [
      'an error without its file in a case of several files',
      run({ valid, invalid: [{ ...invalid[0], files: { ...invalid[0].files, 'b.yaml': NS('web') } }] }),
      /case "labelled" has several files: every error needs its file/,
    ],
    [
      'data the message does not use',
      run({ valid, invalid: [{ ...invalid[0], errors: [{ ...invalid[0].errors[0], data: { nam: 'shop' } }] }] }),
      /message bad has no placeholder \{\{nam\}\}/,
    ],
  ])('rejects %s', (_what, collect, message) => {
    expect(collect).toThrow(message);
  });

  it('rejects invalid options', () => {
    expect(run({ valid: [{ ...valid[0]!, options: { max: 0 } }], invalid })).toThrow(ConfigError);
  });
});

describe('RuleTester: cases', () => {
  /** Runs a suite with one extra valid or invalid case; returns the outcome of every test by name. */
  async function outcomes(extra: { valid?: Tests['valid']; invalid?: Tests['invalid'] }, r = rule) {
    const { tester, tests } = recorder();
    tester.run(r.id, r as never, { valid: [...valid, ...(extra.valid ?? [])], invalid: [...invalid, ...(extra.invalid ?? [])] });
    const out: Record<string, string> = {};
    for (const [name, fn] of tests) {
      try {
        await fn();
        out[name] = 'pass';
      } catch (err) {
        out[name] = (err as Error).message;
      }
    }
    return out;
  }

  it('passes a correct suite, one test per case', async () => {
    expect(await outcomes({})).toEqual({
      'workload/bad-namespace > valid > no label': 'pass',
      'workload/bad-namespace > invalid > labelled': 'pass',
    });
  });

  it('fails a valid case with findings, listing them ready to paste', async () => {
    const out = await outcomes({ valid: [{ name: 'oops', files: { 'x.yaml': badNs.replace('shop', 'web') } }] });
    expect(out['workload/bad-namespace > valid > oops']).toBe(
      "expected no findings, got 1:\n  { messageId: 'bad', line: 1, column: 1, endLine: 1, endColumn: 15, path: '', file: 'x.yaml' } // Namespace web is labelled bad (max 1).",
    );
  });

  it('fails on a wrong count, position, path, object, file or data', async () => {
    const e = invalid[0].errors[0];
    const cases: Tests['invalid'] = [
      { name: 'count', files: { 'a.yaml': badNs }, errors: [e, e] },
      { name: 'column', files: { 'b.yaml': badNs }, errors: [{ ...e, column: 2 }] },
      { name: 'path', files: { 'c.yaml': badNs }, errors: [{ ...e, path: 'metadata.name' }] },
      { name: 'object', files: { 'd.yaml': badNs }, errors: [{ ...e, object: 'Namespace/web' }] },
      { name: 'file', files: { 'e.yaml': badNs }, errors: [{ ...e, file: 'f.yaml' }] },
      { name: 'data', files: { 'g.yaml': badNs }, errors: [{ ...e, data: { max: 2 } }] },
    ];
    const out = await outcomes({ invalid: cases });
    expect(out['workload/bad-namespace > invalid > count']).toMatch(/^expected 2 finding\(s\), got 1:\n  \{ messageId: 'bad'/);
    for (const name of ['column', 'path', 'object', 'file', 'data']) {
      expect(out[`workload/bad-namespace > invalid > ${name}`], name).toMatch(/expected \[.*\] to deeply equal/s);
    }
  });

  it('passes data as a subset match, with path, object and file when given', async () => {
    const e = invalid[0].errors[0];
    const out = await outcomes({
      invalid: [
        {
          name: 'full',
          files: { 'ns.yaml': badNs, 'other.yaml': NS('web') },
          options: { max: 7 },
          errors: [{ ...e, data: { max: 7 }, path: '', object: 'Namespace/shop', file: 'ns.yaml' }],
        },
      ],
    });
    expect(out['workload/bad-namespace > invalid > full']).toBe('pass');
  });

  it('fails rules that report regions outside the text, or mutate their options', async () => {
    const broken = defineRule({
      ...rule,
      create: (ctx, options) => ({
        Namespace(ns) {
          if (!ns.object) return;
          if (ns.name === 'mutant') (options as { max: number }).max = 2;
          const region = { startLine: 2, startColumn: 7, endLine: 2, endColumn: 40 };
          ctx.report({ messageId: 'other', at: { ...ns.object.at, region }, object: ns, data: { name: ns.name } });
        },
      }),
    });
    const e = { messageId: 'other', line: 2, column: 7, endLine: 2, endColumn: 40 } as const;
    const out = await outcomes({ invalid: [{ name: 'mutant', files: { 'm.yaml': NS('mutant') }, errors: [e] }] }, broken);
    expect(out['workload/bad-namespace > invalid > labelled']).toBe(
      'workload/bad-namespace: region ns.yaml:2:7-2:40 does not slice back to text (Namespace shop is other.)',
    );
    expect(out['workload/bad-namespace > invalid > mutant']).toMatch(/^rule workload\/bad-namespace failed in Namespace Namespace\/mutant: Cannot assign to read only property 'max'/);
  });
});

describe('sliceRegion', () => {
  it('returns the text of a one-line region, else undefined', () => {
    const text = 'ab\r\ncdé\n';
    expect(sliceRegion(text, { startLine: 2, startColumn: 2, endLine: 2, endColumn: 4 })).toBe('dé');
    expect(sliceRegion(text, { startLine: 2, startColumn: 1, endLine: 2, endColumn: 5 })).toBeUndefined();
    expect(sliceRegion(text, { startLine: 1, startColumn: 2, endLine: 1, endColumn: 2 })).toBeUndefined();
    expect(sliceRegion(text, { startLine: 1, startColumn: 1, endLine: 2, endColumn: 2 })).toBeUndefined();
    expect(sliceRegion(text, { startLine: 4, startColumn: 1, endLine: 4, endColumn: 2 })).toBeUndefined();
  });
});
