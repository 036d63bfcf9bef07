import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fx = (name: string) => fixture(import.meta.dirname, name);
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

new RuleTester().run('input/duplicate-object', rule, {
  valid: [
    { name: 'same name, other kind or namespace', files: { 'a.yaml': fx('valid/same-name-other-kind.yaml') } },
    { name: 'one Namespace per file', files: { 'a.yaml': ns('web'), 'b.yaml': ns('api') } },
  ],
  invalid: [
    {
      name: 'a Service declared twice in one file',
      files: { 'svc.yaml': fx('invalid/service-twice.yaml') },
      errors: [{ messageId: 'shadowed', data: { kind: 'Service', object: 'shop/api', winner: 'svc.yaml:17' }, line: 5, column: 9, endLine: 5, endColumn: 12, path: 'metadata.name', object: 'shop/Service/api' }],
    },
    {
      name: 'a cluster-scoped object in two files, and a third copy: every definition but the last',
      files: { 'a.yaml': ns('web'), 'b.yaml': ns('web'), 'c.yaml': ns('web') },
      errors: [
        { messageId: 'shadowed', data: { kind: 'Namespace', object: 'web', winner: 'c.yaml:4' }, file: 'a.yaml', line: 4, column: 9, endLine: 4, endColumn: 12, object: 'Namespace/web' },
        { messageId: 'shadowed', data: { kind: 'Namespace', object: 'web', winner: 'c.yaml:4' }, file: 'b.yaml', line: 4, column: 9, endLine: 4, endColumn: 12, object: 'Namespace/web' },
      ],
    },
    {
      // Objects without metadata.namespace live in `default`, so they clash with an explicit `default`.
      name: 'implicit and explicit default namespace',
      files: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: default\n' },
      errors: [{ messageId: 'shadowed', data: { object: 'default/cfg', winner: 'cm.yaml:9' }, line: 4, column: 9, endLine: 4, endColumn: 12 }],
    },
  ],
});

describe('the model keeps the last definition', () => {
  it('analyses the Service applied last', async () => {
    const { model } = await lintFiles({ 'svc.yaml': fx('invalid/service-twice.yaml') }, [rule], defaultConfig());
    expect(model.services).toHaveLength(1);
    expect(model.services[0]!.manifest.spec?.ports?.[0]?.targetPort).toBe(9090);
  });
});
