import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { InternalError } from '../core/source.js';
import { defineRule, type AnyRule } from './define-rule.js';
import { descriptorOf, pascalCaseOf } from './descriptor.js';
import { RuleRegistry } from './registry.js';

const make = (id: string): AnyRule =>
  defineRule({
    id: id as 'lb/x',
    meta: {
      type: 'suggestion',
      severity: 'note',
      docs: { description: `Rule ${id}`, recommended: false },
      messages: { m: 'Object {{x}}.' },
      remediation: 'Do it.',
      defaultOptions: {},
    },
    create: () => ({}),
  });

describe('RuleRegistry', () => {
  it('looks rules up by id and lists them sorted', () => {
    const registry = new RuleRegistry([make('lb/b-rule'), make('cidr/overlap'), make('lb/a-rule')]);
    expect(registry.ids).toEqual(['cidr/overlap', 'lb/a-rule', 'lb/b-rule']);
    expect(registry.get('lb/a-rule')?.id).toBe('lb/a-rule');
    expect(registry.get('lb/none')).toBeUndefined();
    expect(registry.has('cidr/overlap')).toBe(true);
  });

  it('rejects duplicate and malformed ids', () => {
    expect(() => new RuleRegistry([make('lb/a-rule'), make('lb/a-rule')])).toThrow(new InternalError('rule id lb/a-rule is registered twice'));
    const odd = { ...make('lb/a-rule'), id: 'Lb/A' } as unknown as AnyRule;
    expect(() => new RuleRegistry([odd])).toThrow(/is not <group>\/<kebab-case>/);
  });

  it('accepts every rule in rules/index.ts', () => {
    expect(new RuleRegistry(allRules).rules).toHaveLength(allRules.length);
  });
});

describe('descriptorOf', () => {
  it('builds the SARIF-facing descriptor from meta', () => {
    expect(pascalCaseOf('service/selector-matches-nothing')).toBe('ServiceSelectorMatchesNothing');
    const d = descriptorOf(make('lb/a-rule'));
    expect(d).toEqual({
      id: 'lb/a-rule',
      name: 'LbARule',
      description: 'Rule lb/a-rule',
      remediation: 'Do it.',
      helpMarkdown: 'Do it.\n\nSee [lb/a-rule](https://github.com/netreach/netreach/blob/main/rules/lb/a-rule/README.md) for examples.',
      helpUri: 'https://github.com/netreach/netreach/blob/main/rules/lb/a-rule/README.md',
      defaultLevel: 'note',
      type: 'suggestion',
      tags: ['kubernetes', 'networking', 'lb'],
      precision: 'high',
    });
  });

  it('keeps tags, precision and security severity given in meta', () => {
    const rule = defineRule({
      id: 'netpol/open-to-world',
      meta: {
        type: 'problem',
        severity: 'error',
        docs: { description: 'Open', recommended: true },
        messages: { m: 'Policy {{x}}.' },
        remediation: 'Close it.',
        defaultOptions: {},
        tags: ['security', 'networkpolicy'],
        precision: 'very-high',
        securitySeverity: '8.0',
      },
      create: () => ({}),
    });
    expect(descriptorOf(rule)).toMatchObject({ tags: ['security', 'networkpolicy'], precision: 'very-high', securitySeverity: '8.0' });
  });
});
