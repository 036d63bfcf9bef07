import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSelector } from '../model/selectors.js';
import { parseSelector, type SelectorRequirement } from './selector.js';

const ok = (text: string) => {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.matchExpressions;
};

describe('parseSelector', () => {
  it('reads every kubectl form', () => {
    expect(ok('app=frontend, tier == web,env!=prod')).toEqual([
      { key: 'app', operator: 'In', values: ['frontend'] },
      { key: 'tier', operator: 'In', values: ['web'] },
      { key: 'env', operator: 'NotIn', values: ['prod'] },
    ]);
    expect(ok('tier in (a, b),app.kubernetes.io/part-of notin (x),canary,!legacy')).toEqual([
      { key: 'tier', operator: 'In', values: ['a', 'b'] },
      { key: 'app.kubernetes.io/part-of', operator: 'NotIn', values: ['x'] },
      { key: 'canary', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
    ]);
    expect(ok('')).toEqual([]);
    expect(ok('app=')).toEqual([{ key: 'app', operator: 'In', values: [''] }]);
  });

  it('rejects what kubectl rejects', () => {
    for (const bad of ['app in (a,b', 'app=a=b', 'app in a', ',', 'app,,tier', '-bad=x', 'app=-x-', 'a b']) {
      expect(parseSelector(bad).ok, bad).toBe(false);
    }
  });

  it('reads back what formatSelector writes', () => {
    const key = fc.constantFrom('app', 'tier', 'example.com/team');
    const value = fc.constantFrom('a', 'b', 'web-1');
    const requirement: fc.Arbitrary<SelectorRequirement> = fc.oneof(
      fc.record({ key, operator: fc.constantFrom('In' as const, 'NotIn' as const), values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }) }),
      fc.record({ key, operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
    );
    fc.assert(
      fc.property(fc.array(requirement, { maxLength: 4 }), (reqs) => {
        const text = formatSelector({ matchExpressions: reqs });
        expect(ok(text === '{}' ? '' : text)).toEqual(reqs);
      }),
    );
  });
});
