import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/error.js';
import { parseConfig } from '../config/load.js';
import { defineRule } from './define-rule.js';
import { resolveOptions, specToZod } from './options.js';
import { configureRules } from './settings.js';

const rule = defineRule({
  id: 'netpol/no-internet-ingress',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Disallow workloads reachable from 0.0.0.0/0', recommended: true },
    messages: { open: 'Workload {{w}} is open.' },
    remediation: 'Narrow it.',
    schema: {
      allowPorts: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 }, description: 'Public ports.' },
      mode: { type: 'string', enum: ['strict', 'loose'], description: 'How strict.' },
      owners: { type: 'object', additionalProperties: { type: 'string' }, description: 'Owner by namespace.' },
      limits: { type: 'object', properties: { max: { type: 'number' }, warn: { type: 'boolean' } }, description: 'Limits.' },
    },
    defaultOptions: { allowPorts: [443] as number[], mode: 'strict', owners: {} as Record<string, string>, limits: { max: 1.5, warn: true } },
  },
  create: () => ({}),
});

describe('resolveOptions', () => {
  it('merges given options over the defaults and deep-freezes the result', () => {
    const options = resolveOptions(rule, { allowPorts: [80, 8080], owners: { web: 'team-a' } });
    expect(options).toEqual({ allowPorts: [80, 8080], mode: 'strict', owners: { web: 'team-a' }, limits: { max: 1.5, warn: true } });
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.allowPorts)).toBe(true);
    expect(Object.isFrozen(options.limits)).toBe(true);
    // The rule's own defaults stay untouched (and unfrozen): options are a copy.
    expect(Object.isFrozen(rule.meta.defaultOptions.allowPorts)).toBe(false);
    expect(resolveOptions(rule, undefined)).toEqual(rule.meta.defaultOptions);
  });

  it.each([
    [{ allowPorts: [0] }, /allowPorts\[0\]: Too small/],
    [{ allowPorts: ['443'] }, /allowPorts\[0\]: expected a number, got "443"/],
    [{ allowPorts: [1.5] }, /allowPorts\[0\]: expected an integer, got 1.5/],
    [{ mode: 'lax' }, /mode: Invalid option: expected one of "strict"\|"loose"/],
    [{ owners: { web: 1 } }, /owners\.web: expected a string, got 1/],
    [{ limits: { max: 1, warn: true, extra: 1 } }, /unknown key "extra" in limits/],
    [{ allowport: [1] }, /unknown key "allowport"/],
    ['strict', /expected a mapping/],
  ])('rejects %j', (raw, message) => {
    expect(() => resolveOptions(rule, raw)).toThrow(ConfigError);
    expect(() => resolveOptions(rule, raw)).toThrow(message);
  });

  it('converts every spec type to zod', () => {
    expect(specToZod({ type: 'number', enum: [1, 2] }).safeParse(3).success).toBe(false);
    expect(specToZod({ type: 'number', enum: [1, 2] }).safeParse(2).success).toBe(true);
    expect(specToZod({ type: 'array', items: { type: 'boolean' }, minItems: 1, maxItems: 2 }).safeParse([]).success).toBe(false);
    expect(specToZod({ type: 'array', items: { type: 'boolean' }, minItems: 1, maxItems: 2 }).safeParse([true, false, true]).success).toBe(false);
    expect(() => specToZod({ type: 'object' })).toThrow(/without properties or additionalProperties/);
  });
});

describe('configureRules', () => {
  const config = (text: string) => parseConfig(text, 'netreach.yaml');

  it('takes the level from the config, else meta.severity, and leaves out rules that are off', () => {
    expect(configureRules([rule], config('')).map((c) => c.level)).toEqual(['error']);
    expect(configureRules([rule], config('rules: { netpol/no-internet-ingress: note }')).map((c) => c.level)).toEqual(['note']);
    expect(configureRules([rule], config('rules: { netpol/no-internet-ingress: { options: { mode: loose } } }'))[0]?.options.mode).toBe('loose');
    expect(configureRules([rule], config('rules: { netpol/no-internet-ingress: off }'))).toEqual([]);
  });

  it('reports unknown rules and bad options, also of rules that are off, all at once and located', () => {
    const text = [
      'rules:',
      '  netpol/no-internet-ingres: error',
      '  netpol/no-internet-ingress:',
      '    level: off',
      '    options: { allowPorts: [22, 0] }',
    ].join('\n');
    const err = (() => {
      try {
        configureRules([rule], config(text));
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.format().split('\n')).toEqual([
      'netreach.yaml:2:3: error: unknown rule "netpol/no-internet-ingres" (netreach rules lists them) [config]',
      'netreach.yaml:5:33: error: rule netpol/no-internet-ingress: invalid options: allowPorts[1]: Too small: expected number to be >=1 [config]',
    ]);
  });
});
