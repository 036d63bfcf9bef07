import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntervalSet, type Interval } from './interval-set.js';

const U = 63; // oracle universe [0, 63]

const toSet = (s: IntervalSet): Set<number> => {
  const out = new Set<number>();
  for (const [lo, hi] of s.intervals()) for (let x = Number(lo); x <= Number(hi); x++) out.add(x);
  return out;
};

const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);

// Intervals in [0, 63], possibly empty (lo > hi) or overlapping, in any order.
const rawIntervals = fc.array(fc.tuple(fc.integer({ min: 0, max: U }), fc.integer({ min: 0, max: U })), { maxLength: 8 });
const build = (list: [number, number][]): IntervalSet => IntervalSet.fromIntervals(list.map(([a, b]): Interval => [BigInt(a), BigInt(b)]));
const enumerate = (list: [number, number][]): Set<number> => {
  const out = new Set<number>();
  for (const [a, b] of list) for (let x = a; x <= b; x++) out.add(x);
  return out;
};

/** Canonical form recomputed from the element set: maximal runs of consecutive elements. */
const runs = (s: Set<number>): [bigint, bigint][] => {
  const out: [bigint, bigint][] = [];
  for (const x of sorted(s)) {
    const last = out[out.length - 1];
    if (last && last[1] + 1n === BigInt(x)) last[1] = BigInt(x);
    else out.push([BigInt(x), BigInt(x)]);
  }
  return out;
};

describe('IntervalSet', () => {
  it('merges overlapping and touching intervals: [1,3] ∪ [4,5] = [1,5]', () => {
    expect(IntervalSet.of(1n, 3n).union(IntervalSet.of(4n, 5n)).intervals()).toEqual([[1n, 5n]]);
    expect(IntervalSet.fromIntervals([[4n, 5n], [1n, 3n], [7n, 7n], [2n, 2n]]).intervals()).toEqual([[1n, 5n], [7n, 7n]]);
    expect(IntervalSet.fromIntervals([[5n, 1n]]).isEmpty()).toBe(true);
  });

  it('of(lo > hi) is empty; min/max of empty are undefined', () => {
    const e = IntervalSet.of(2n, 1n);
    expect(e.isEmpty()).toBe(true);
    expect(e.equals(IntervalSet.empty())).toBe(true);
    expect(e.min()).toBeUndefined();
    expect(e.max()).toBeUndefined();
    expect(e.size()).toBe(0n);
    expect(e.key()).toBe('');
  });

  it('subtracts a b-interval that spans several a-intervals', () => {
    const a = IntervalSet.fromIntervals([[0n, 10n], [20n, 30n], [40n, 50n]]);
    expect(a.subtract(IntervalSet.of(5n, 45n)).intervals()).toEqual([[0n, 4n], [46n, 50n]]);
    expect(a.subtract(IntervalSet.fromIntervals([[0n, 0n], [10n, 20n], [30n, 30n]])).key()).toBe('1-9,21-29,40-50');
  });

  it('complementWithin and key', () => {
    const a = IntervalSet.fromIntervals([[3n, 4n], [8n, 9n]]);
    expect(a.complementWithin(0n, 10n).key()).toBe('0-2,5-7,10-10');
    expect(a.complementWithin(4n, 8n).key()).toBe('5-7');
    expect(IntervalSet.empty().complementWithin(0n, 0n).key()).toBe('0-0');
  });

  it('handles 128-bit bounds', () => {
    const max = (1n << 128n) - 1n;
    const s = IntervalSet.of(0n, max).subtract(IntervalSet.of(1n, max - 1n));
    expect(s.intervals()).toEqual([[0n, 0n], [max, max]]);
    expect(s.size()).toBe(2n);
    expect(IntervalSet.of(0n, max).size()).toBe(1n << 128n);
  });

  it('intervals() are frozen and memoised', () => {
    const s = IntervalSet.of(1n, 2n);
    expect(s.intervals()).toBe(s.intervals());
    expect(Object.isFrozen(s.intervals())).toBe(true);
    expect(Object.isFrozen(s.intervals()[0])).toBe(true);
  });

  describe('agrees with a Set<number> over [0, 63]', () => {
    it('fromIntervals normalises to the maximal runs', () => {
      fc.assert(
        fc.property(rawIntervals, (l) => {
          expect(build(l).intervals()).toEqual(runs(enumerate(l)));
        }),
      );
    });

    it('union, intersect, subtract, complementWithin', () => {
      fc.assert(
        fc.property(rawIntervals, rawIntervals, fc.integer({ min: 0, max: U }), fc.integer({ min: 0, max: U }), (la, lb, x, y) => {
          const [a, b] = [build(la), build(lb)];
          const [A, B] = [enumerate(la), enumerate(lb)];
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const window = new Set<number>();
          for (let v = lo; v <= hi; v++) if (!A.has(v)) window.add(v);
          expect(sorted(toSet(a.union(b)))).toEqual(sorted(new Set([...A, ...B])));
          expect(sorted(toSet(a.intersect(b)))).toEqual(sorted(A).filter((v) => B.has(v)));
          expect(sorted(toSet(a.subtract(b)))).toEqual(sorted(A).filter((v) => !B.has(v)));
          expect(sorted(toSet(a.complementWithin(BigInt(lo), BigInt(hi))))).toEqual(sorted(window));
          // The results are canonical too: equal to the runs of their own elements.
          expect(a.subtract(b).intervals()).toEqual(runs(toSet(a.subtract(b))));
        }),
      );
    });

    it('predicates and measures', () => {
      fc.assert(
        fc.property(rawIntervals, rawIntervals, (la, lb) => {
          const [a, b] = [build(la), build(lb)];
          const [A, B] = [enumerate(la), enumerate(lb)];
          const elems = sorted(A);
          expect(a.isEmpty()).toBe(A.size === 0);
          expect(a.size()).toBe(BigInt(A.size));
          expect(a.min()).toBe(elems.length ? BigInt(elems[0]!) : undefined);
          expect(a.max()).toBe(elems.length ? BigInt(elems[elems.length - 1]!) : undefined);
          expect(a.isSubsetOf(b)).toBe(elems.every((v) => B.has(v)));
          expect(a.overlaps(b)).toBe(elems.some((v) => B.has(v)));
          expect(a.equals(b)).toBe(A.size === B.size && elems.every((v) => B.has(v)));
          expect(a.key() === b.key()).toBe(a.equals(b));
          for (let v = -1; v <= U + 1; v++) expect(a.contains(BigInt(v))).toBe(A.has(v));
        }),
      );
    });
  });

  describe('large sets (timing: npm run bench)', () => {
    // Interleaved so that every interval of one set overlaps two of the other: the worst case.
    const n = 10_000;
    const a = IntervalSet.fromIntervals(Array.from({ length: n }, (_, i): Interval => [BigInt(20 * i), BigInt(20 * i + 9)]));
    const b = IntervalSet.fromIntervals(Array.from({ length: n }, (_, i): Interval => [BigInt(20 * i + 5), BigInt(20 * i + 17)]));

    it('set operations on two 10k-interval sets give the expected shapes', () => {
      expect(a.union(b).intervalCount()).toBe(n);
      expect(a.intersect(b).intervalCount()).toBe(n);
      expect(a.subtract(b).intervalCount()).toBe(n);
      expect(a.isSubsetOf(a.union(b))).toBe(true);
      expect(a.complementWithin(0n, 1n << 40n).intervalCount()).toBe(n); // a starts at 0: one gap after each interval
    });
  });
});
