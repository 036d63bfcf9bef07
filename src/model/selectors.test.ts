import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../loader/index.js';
import { buildModel } from './build.js';
import { formatSelector, matchesMap, matchesSelector, nearMisses } from './selectors.js';

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

describe('nearMisses', () => {
  const workloads = (...labels: string[]) =>
    buildModel(
      loadTexts({
        'w.yaml': labels.map((l, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: shop, labels: ${l}}\nspec: {containers: [{name: c}]}\n`).join('---\n'),
      }),
    ).workloadsIn('shop');
  const misses = (selector: Record<string, string>, ...labels: string[]) =>
    nearMisses(selector, workloads(...labels)).map((m) => [m.workload.name, m.key, m.want, m.has]);

  it('names the workloads that miss one pair of a larger selector, with or without the label', () => {
    expect(misses({ app: 'api', tier: 'backend' }, '{app: api, tier: web}', '{app: api}', '{app: web, tier: web}', '{app: api, tier: backend}')).toEqual([
      ['p0', 'tier', 'backend', 'web'],
      ['p1', 'tier', 'backend', undefined],
    ]);
  });

  it('for a one-pair selector, wants the key with a similar value', () => {
    expect(misses({ app: 'cart' }, '{app: cart-v2}', '{app: checkout}', '{tier: cart}', '{app: carts}', '{app: kart}')).toEqual([
      ['p0', 'app', 'cart', 'cart-v2'], // contains the wanted value
      ['p3', 'app', 'cart', 'carts'], // one edit away
      ['p4', 'app', 'cart', 'kart'],
    ]);
    // A shared run of five characters: the frontend for a selector of the storefront.
    expect(misses({ app: 'storefront' }, '{app: frontend}', '{app: frost}')).toEqual([['p0', 'app', 'storefront', 'frontend']]);
  });
});
