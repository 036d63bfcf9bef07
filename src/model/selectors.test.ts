import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSelector, matchesMap, matchesSelector } from './selectors.js';

// Semantics pinned against k8s.io/apimachinery/pkg/labels (selector.go, Requirement.Matches):
// NotIn and DoesNotExist match objects that do not have the key at all.
describe('matchesSelector', () => {
  const labels = { app: 'web', tier: 'front' };

  it('treats {} as everything', () => {
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector({}, {})).toBe(true);
  });

  it('ANDs matchLabels with every expression', () => {
    expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels)).toBe(false);
  });

  it('NotIn and DoesNotExist match a missing key; In and Exists do not', () => {
    expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, labels)).toBe(false);
    expect(matchesSelector({ matchExpressions: [{ key: 'env', operator: 'Exists' }] }, labels)).toBe(false);
  });

  it('does not see inherited properties as labels', () => {
    expect(matchesSelector({ matchExpressions: [{ key: 'toString', operator: 'Exists' }] }, {})).toBe(false);
    expect(matchesMap({ constructor: 'x' }, {})).toBe(false);
  });

  const key = fc.constantFrom('app', 'tier', 'env');
  const value = fc.constantFrom('a', 'b', 'c');
  const labelsArb = fc.dictionary(key, value);

  it('matchLabels alone is the map selector', () => {
    fc.assert(fc.property(labelsArb, labelsArb, (sel, l) => matchesSelector({ matchLabels: sel }, l) === matchesMap(sel, l)));
  });

  it('NotIn is the complement of In, DoesNotExist of Exists', () => {
    fc.assert(
      fc.property(key, fc.array(value, { minLength: 1 }), labelsArb, (k, vs, l) => {
        const inSel = matchesSelector({ matchExpressions: [{ key: k, operator: 'In', values: vs }] }, l);
        const notIn = matchesSelector({ matchExpressions: [{ key: k, operator: 'NotIn', values: vs }] }, l);
        const exists = matchesSelector({ matchExpressions: [{ key: k, operator: 'Exists' }] }, l);
        const absent = matchesSelector({ matchExpressions: [{ key: k, operator: 'DoesNotExist' }] }, l);
        return inSel !== notIn && exists !== absent;
      }),
    );
  });

  it('formats selectors the way kubectl writes them', () => {
    expect(formatSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a', 'b'] }, { key: 'x', operator: 'DoesNotExist' }] })).toBe('app=web,env notin (a,b),!x');
    expect(formatSelector({})).toBe('{}');
    expect(formatSelector({ app: 'web' })).toBe('app=web');
  });
});
