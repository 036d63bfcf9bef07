import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './schema.js';
import { configJsonSchema, JSON_SCHEMA_FILE } from './write-json-schema.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('schema/netreach.schema.json', () => {
  it('is up to date (run `npm run build && npm run schema` when this fails)', () => {
    expect(readFileSync(path.join(root, JSON_SCHEMA_FILE), 'utf8')).toBe(configJsonSchema());
  });

  it('agrees with the zod schema on what it accepts', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(configJsonSchema()) as object);
    const peer = { namespace: 'web', selector: 'app=x' };
    const accepted: unknown[] = [
      {},
      { rules: { 'input/invalid-yaml': 'off', 'x/y': { level: 'note', options: { a: 1 } } } },
      { invariants: [{ name: 'a', from: 'internet', to: peer, ports: ['tcp/1'], expect: 'only' }] },
      { externalNetworks: [{ name: 'office', cidrs: ['10.0.0.0/8'] }], exclude: ['vendor/'], failOn: 'none' },
      { ingressController: { namespace: 'ingress-nginx', labels: { app: 'nginx' } } },
    ];
    const rejected: unknown[] = [
      [],
      { bogus: 1 },
      { rules: { a: 'loud' } },
      { rules: { a: { level: 'note', extra: 1 } } },
      { invariants: [{ name: 'a', from: 'everyone', to: 'internet', expect: 'deny' }] },
      { invariants: [{ name: 'a', from: 'internet', to: 'internet', expect: 'maybe' }] },
      { invariants: [{ name: 'a', from: { pods: 'x' }, to: 'internet', expect: 'deny' }] },
      { externalNetworks: [{ name: 'office' }] },
      { ingressController: { labels: {} } },
      { failOn: 'always' },
    ];
    for (const value of accepted) {
      expect(ConfigSchema.safeParse(value).success, JSON.stringify(value)).toBe(true);
      expect(validate(value), JSON.stringify(value)).toBe(true);
    }
    for (const value of rejected) {
      expect(ConfigSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
      expect(validate(value), JSON.stringify(value)).toBe(false);
    }
  });
});
