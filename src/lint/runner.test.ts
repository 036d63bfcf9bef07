import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/error.js';
import { defaultConfig, parseConfig } from '../config/load.js';
import type { Finding } from '../core/finding.js';
import { InternalError, type SourceRef } from '../core/source.js';
import { parseYaml } from '../loader/yaml-adapter.js';
import type { ElementType, Model, ModelElements, ServiceNode } from '../model/types.js';
import { defineRule, type Visitors } from './define-rule.js';
import { compareFindings, fingerprintOf, runRules, VISIT_ORDER } from './runner.js';

const TEXT = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n';

/** A SourceRef into TEXT (as file `file`). */
function refAt(path: (string | number)[], file = 'svc.yaml', text = TEXT): SourceRef {
  const [doc] = parseYaml(text, file).documents;
  return doc!.source.ref(path);
}

const svc = { id: 'shop/Service/api', fqn: 'v1/Service/shop/api', name: 'api', namespace: 'shop' } as ServiceNode;

/** Just enough of a Model for the runner: it only walks `elements(type)`. */
function modelOf(elements: Partial<{ [K in ElementType]: ModelElements[K][] }>): Model {
  return { elements: (type: ElementType) => elements[type] ?? [] } as unknown as Model;
}

/** A rule whose Service visitor runs `body`. */
function serviceRule(body: (report: (d: { at: SourceRef; port?: string; object?: typeof svc }) => void) => void, id = 'service/test-rule') {
  return defineRule({
    id: id as 'service/test-rule',
    meta: {
      type: 'problem',
      severity: 'warning',
      docs: { description: 'Test rule', recommended: false },
      messages: { bad: 'Service shop/{{name}}: port {{port}} is wrong.' },
      remediation: 'Fix the port.',
      defaultOptions: {},
    },
    create: (ctx) => ({
      Service(s) {
        body((d) => ctx.report({ messageId: 'bad', at: d.at, object: d.object ?? s, data: { name: s.name, port: d.port ?? '80' } }));
      },
    }),
  });
}

describe('runRules', () => {
  it('renders findings with level, remediation, object and a line-free fingerprint', () => {
    const rule = serviceRule((report) => report({ at: refAt(['spec', 'ports', 0, 'port']) }));
    const [f, ...rest] = runRules(modelOf({ Service: [svc] }), [rule], defaultConfig());
    expect(rest).toEqual([]);
    expect(f).toEqual({
      ruleId: 'service/test-rule',
      messageId: 'bad',
      data: { name: 'api', port: '80' },
      message: 'Service shop/api: port 80 is wrong.',
      level: 'warning',
      at: { file: 'svc.yaml', doc: 0, path: ['spec', 'ports', 0, 'port'], region: { startLine: 8, startColumn: 13, endLine: 8, endColumn: 15 } },
      related: [],
      object: 'shop/Service/api',
      objectFqn: 'v1/Service/shop/api',
      fingerprint: fingerprintOf('service/test-rule', 'shop/Service/api', ['spec', 'ports', 0, 'port']),
      remediation: 'Fix the port.',
    } satisfies Finding);
    expect(f!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps fingerprints when lines move, and tells paths, objects and rules apart', () => {
    const moved = refAt(['spec', 'ports', 0, 'port'], 'svc.yaml', `# a comment\n\n${TEXT}`);
    const run = (at: SourceRef) => runRules(modelOf({ Service: [svc] }), [serviceRule((report) => report({ at }))], defaultConfig())[0]!;
    const here = run(refAt(['spec', 'ports', 0, 'port']));
    const there = run(moved);
    expect(there.at.region.startLine).toBe(10);
    expect(there.fingerprint).toBe(here.fingerprint);
    const fps = new Set([
      here.fingerprint,
      fingerprintOf('service/test-rule', 'shop/Service/api', ['spec', 'ports']),
      fingerprintOf('service/test-rule', 'shop/Service/web', ['spec', 'ports', 0, 'port']),
      fingerprintOf('service/other', 'shop/Service/api', ['spec', 'ports', 0, 'port']),
      // The same field clashing with two other objects: two alerts, told apart by the report's key.
      fingerprintOf('service/test-rule', 'shop/Service/api', ['spec', 'ports', 0, 'port'], 'shop/Deployment/a'),
      fingerprintOf('service/test-rule', 'shop/Service/api', ['spec', 'ports', 0, 'port'], 'shop/Deployment/b'),
    ]);
    expect(fps.size).toBe(6);
  });

  it('takes the level from the config and skips rules that are off', () => {
    const rule = serviceRule((report) => report({ at: refAt(['spec']) }));
    const model = modelOf({ Service: [svc] });
    expect(runRules(model, [rule], parseConfig('rules: { service/test-rule: error }', 'c.yaml'))[0]?.level).toBe('error');
    expect(runRules(model, [rule], parseConfig('rules: { service/test-rule: off }', 'c.yaml'))).toEqual([]);
  });

  it('de-duplicates identical findings and sorts by file, line, column, rule and message', () => {
    const ports = refAt(['spec', 'ports', 0, 'port']);
    const kind = refAt(['kind']);
    const other = refAt(['kind'], 'a.yaml');
    const first = serviceRule((report) => {
      report({ at: ports, port: '9' });
      report({ at: ports, port: '10' });
      report({ at: ports, port: '9' });
      report({ at: kind });
      report({ at: other });
    });
    const second = serviceRule((report) => report({ at: kind }), 'service/a-rule');
    const findings = runRules(modelOf({ Service: [svc] }), [first, second], defaultConfig());
    expect(findings.map((f) => `${f.at.file}:${f.at.region.startLine} ${f.ruleId} ${f.message}`)).toEqual([
      'a.yaml:2 service/test-rule Service shop/api: port 80 is wrong.',
      'svc.yaml:2 service/a-rule Service shop/api: port 80 is wrong.',
      'svc.yaml:2 service/test-rule Service shop/api: port 80 is wrong.',
      'svc.yaml:8 service/test-rule Service shop/api: port 10 is wrong.',
      'svc.yaml:8 service/test-rule Service shop/api: port 9 is wrong.',
    ]);
    expect([...findings].sort(compareFindings)).toEqual(findings);
  });

  it('runs post-filters after de-duplication and before sorting', () => {
    const rule = serviceRule((report) => {
      report({ at: refAt(['spec']) });
      report({ at: refAt(['kind']) });
      report({ at: refAt(['kind']) });
    });
    const seen: number[] = [];
    const findings = runRules(modelOf({ Service: [svc] }), [rule], defaultConfig(), {
      filters: [
        (fs) => {
          seen.push(fs.length);
          return fs.filter((f) => f.at.path[0] !== 'spec');
        },
      ],
    });
    expect(seen).toEqual([2]);
    expect(findings.map((f) => f.at.path)).toEqual([['kind']]);
  });

  it('visits Model once, then every element type in VISIT_ORDER, each rule with its own options', () => {
    const calls: string[] = [];
    const visitors: Visitors = { Model: () => calls.push('Model') };
    for (const type of [...VISIT_ORDER].reverse()) (visitors as Record<string, (el: { id: string }) => void>)[type] = (el) => calls.push(`${type}:${el.id}`);
    const rule = defineRule({
      id: 'deps/visit-order',
      meta: {
        type: 'suggestion',
        severity: 'note',
        docs: { description: 'Visits', recommended: false },
        messages: { x: '{{x}}' },
        remediation: 'None.',
        defaultOptions: {},
      },
      create: () => visitors,
    });
    const ns = { id: 'Namespace/shop' } as ModelElements['Namespace'];
    runRules(modelOf({ Service: [svc], Namespace: [ns] }), [rule], defaultConfig());
    expect(calls).toEqual(['Model', 'Namespace:Namespace/shop', 'Service:shop/Service/api']);
  });

  it('checks options before any rule runs', () => {
    let ran = false;
    const rule = defineRule({
      id: 'service/with-options',
      meta: {
        type: 'problem',
        severity: 'error',
        docs: { description: 'Options', recommended: true },
        messages: { x: 'Service {{x}}.' },
        remediation: 'None.',
        schema: { max: { type: 'integer', minimum: 1, description: 'Max.' } },
        defaultOptions: { max: 1 },
      },
      create: () => ({ Model: () => void (ran = true) }),
    });
    const bad = parseConfig('rules:\n  service/with-options: { options: { max: 0 } }\n', 'netreach.yaml');
    expect(() => runRules(modelOf({}), [rule], bad)).toThrow(ConfigError);
    expect(ran).toBe(false);
  });

  describe('turns rule bugs into InternalErrors', () => {
    const run = (create: () => Visitors) =>
      runRules(
        modelOf({ Service: [svc] }),
        [
          defineRule({
            id: 'service/buggy',
            meta: {
              type: 'problem',
              severity: 'error',
              docs: { description: 'Buggy', recommended: true },
              messages: { known: 'Service {{name}} is {{what}}.' },
              remediation: 'None.',
              defaultOptions: {},
            },
            create,
          }),
        ],
        defaultConfig(),
      );
    const at = refAt(['kind']);
    // The casts stand for what the types already forbid: rules written in JS, or cast their way past it.
    type Loose = { report(d: unknown): void };

    it.each([
      ['an unknown messageId', (ctx: Loose) => ctx.report({ messageId: 'unknown', at, object: svc }), /reported unknown messageId "unknown"/],
      ['a missing placeholder', (ctx: Loose) => ctx.report({ messageId: 'known', at, object: svc, data: { name: 'api' } }), /has no data for \{\{what\}\}/],
      [
        'a first sentence that does not name the object',
        (ctx: Loose) => ctx.report({ messageId: 'known', at, object: { ...svc, name: 'web' }, data: { name: 'api', what: 'odd' } }),
        /does not name web/,
      ],
    ])('%s', (_what, body, message) => {
      const rule = (ctx: unknown) => ({ Service: () => body(ctx as Loose) });
      expect(() => run(rule as unknown as () => Visitors)).toThrow(InternalError);
      expect(() => run(rule as unknown as () => Visitors)).toThrow(message);
    });

    it('a visitor that throws', () => {
      const rule = () => ({
        Service: () => {
          throw new TypeError('boom');
        },
      });
      expect(() => run(rule)).toThrow(new InternalError('rule service/buggy failed in Service shop/Service/api: boom'));
    });
  });
});
