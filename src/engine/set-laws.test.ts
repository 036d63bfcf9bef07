/**
 * The Boolean-algebra laws, run unchanged against every set type of the engine: IntervalSet (on a
 * small and on a 128-bit universe), IpSet, PortSet and ConnSet. Oracles against brute-force
 * enumeration live beside each type; this file proves they are all the same algebra, and that
 * every operation returns the canonical form.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnSet } from './conn-set.js';
import { IntervalSet, type Interval } from './interval-set.js';
import { IpSet, MAX_V4, MAX_V6, type IpFamily } from './ip.js';
import { PROTOCOLS, PortSet } from './ports.js';

interface Algebra<T> {
  arb: fc.Arbitrary<T>;
  empty: T;
  all: T;
  union(a: T, b: T): T;
  intersect(a: T, b: T): T;
  subtract(a: T, b: T): T;
  complement(a: T): T;
  equals(a: T, b: T): boolean;
  isSubsetOf(a: T, b: T): boolean;
  isEmpty(a: T): boolean;
  overlaps(a: T, b: T): boolean;
  key(a: T): string;
  canonical(a: T): boolean;
}

/** Sorted, each lo ≤ hi, disjoint and non-touching, within [min, max]. */
function isCanonical(intervals: readonly Interval[], min: bigint, max: bigint): boolean {
  let prevHi: bigint | undefined;
  for (const [lo, hi] of intervals) {
    if (lo > hi || lo < min || hi > max) return false;
    if (prevHi !== undefined && lo <= prevHi + 1n) return false;
    prevHi = hi;
  }
  return true;
}

// ---- arbitraries ---------------------------------------------------------------------------

/** Points biased to collide: a small window near each end of [0, max], the ends, and anything. */
const point = (max: bigint): fc.Arbitrary<bigint> =>
  fc.oneof(
    fc.bigInt({ min: 0n, max: max < 40n ? max : 40n }),
    fc.bigInt({ min: max > 40n ? max - 40n : 0n, max }),
    fc.constantFrom(0n, max),
    fc.bigInt({ min: 0n, max }),
  );

const interval = (max: bigint): fc.Arbitrary<Interval> =>
  fc.tuple(point(max), point(max)).map(([x, y]) => (x <= y ? [x, y] : [y, x]));

const intervalSet = (max: bigint): fc.Arbitrary<IntervalSet> =>
  fc.array(interval(max), { maxLength: 8 }).map((list) => IntervalSet.fromIntervals(list));

const ipPiece = (family: IpFamily): fc.Arbitrary<IpSet> => {
  const max = family === 4 ? MAX_V4 : MAX_V6;
  const bits = family === 4 ? 32 : 128;
  const cidr = fc.tuple(point(max), fc.integer({ min: 0, max: bits })).map(([a, prefix]) => {
    const host = (1n << BigInt(bits - prefix)) - 1n;
    return IpSet.fromRange(family, a & ~host, (a & ~host) | host);
  });
  const range = interval(max).map(([lo, hi]) => IpSet.fromRange(family, lo, hi));
  return fc.oneof(cidr, range);
};

const arbIpSet: fc.Arbitrary<IpSet> = fc
  .tuple(fc.array(fc.oneof(ipPiece(4), ipPiece(6)), { maxLength: 6 }), fc.boolean())
  .map(([pieces, flip]) => {
    const s = pieces.reduce((acc, p) => acc.union(p), IpSet.empty());
    return flip ? s.complement() : s;
  });

const port = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 65500, max: 65535 }), fc.integer({ min: 1, max: 65535 }));

const arbPortSet: fc.Arbitrary<PortSet> = fc
  .array(fc.tuple(port, port), { maxLength: 6 })
  .map((list) => list.reduce((acc, [x, y]) => acc.union(PortSet.of(Math.min(x, y), Math.max(x, y))), PortSet.empty()));

const arbConnSet: fc.Arbitrary<ConnSet> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(ConnSet.all()) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.array(fc.tuple(fc.constantFrom(...PROTOCOLS), fc.oneof(arbPortSet, fc.constant(PortSet.all()))), { maxLength: 4 }), fc.boolean())
      .map(([entries, flip]) => (flip ? ConnSet.fromEntries(entries).complement() : ConnSet.fromEntries(entries))),
  },
);

// ---- the algebras --------------------------------------------------------------------------

function intervalAlgebra(max: bigint): Algebra<IntervalSet> {
  return {
    arb: intervalSet(max),
    empty: IntervalSet.empty(),
    all: IntervalSet.of(0n, max),
    union: (a, b) => a.union(b),
    intersect: (a, b) => a.intersect(b),
    subtract: (a, b) => a.subtract(b),
    complement: (a) => a.complementWithin(0n, max),
    equals: (a, b) => a.equals(b),
    isSubsetOf: (a, b) => a.isSubsetOf(b),
    isEmpty: (a) => a.isEmpty(),
    overlaps: (a, b) => a.overlaps(b),
    key: (a) => a.key(),
    canonical: (a) => isCanonical(a.intervals(), 0n, max) && a.intervalCount() === a.intervals().length,
  };
}

const ipAlgebra: Algebra<IpSet> = {
  arb: arbIpSet,
  empty: IpSet.empty(),
  all: IpSet.all(),
  union: (a, b) => a.union(b),
  intersect: (a, b) => a.intersect(b),
  subtract: (a, b) => a.subtract(b),
  complement: (a) => a.complement(),
  equals: (a, b) => a.equals(b),
  isSubsetOf: (a, b) => a.isSubsetOf(b),
  isEmpty: (a) => a.isEmpty(),
  overlaps: (a, b) => a.overlaps(b),
  key: (a) => a.key(),
  canonical: (a) => isCanonical(a.v4.intervals(), 0n, MAX_V4) && isCanonical(a.v6.intervals(), 0n, MAX_V6),
};

const portCanonical = (p: PortSet): boolean =>
  isCanonical(p.set.intervals(), 1n, 65535n) && p.isAll() === (p.toString() === '1-65535') && p.isEmpty() === (p.toString() === '');

const portAlgebra: Algebra<PortSet> = {
  arb: arbPortSet,
  empty: PortSet.empty(),
  all: PortSet.all(),
  union: (a, b) => a.union(b),
  intersect: (a, b) => a.intersect(b),
  subtract: (a, b) => a.subtract(b),
  complement: (a) => a.complement(),
  equals: (a, b) => a.equals(b),
  isSubsetOf: (a, b) => a.isSubsetOf(b),
  isEmpty: (a) => a.isEmpty(),
  overlaps: (a, b) => a.overlaps(b),
  key: (a) => a.key(),
  canonical: portCanonical,
};

const connAlgebra: Algebra<ConnSet> = {
  arb: arbConnSet,
  empty: ConnSet.none(),
  all: ConnSet.all(),
  union: (a, b) => a.union(b),
  intersect: (a, b) => a.intersect(b),
  subtract: (a, b) => a.subtract(b),
  complement: (a) => a.complement(),
  equals: (a, b) => a.equals(b),
  isSubsetOf: (a, b) => a.isSubsetOf(b),
  isEmpty: (a) => a.isEmpty(),
  overlaps: (a, b) => a.overlaps(b),
  key: (a) => a.key(),
  // Slots canonical; "all" and "none" are recognised whatever way they were reached.
  canonical: (a) =>
    a.slots.length === 3 &&
    a.slots.every(portCanonical) &&
    a.isAll() === a.slots.every((s) => s.isAll()) &&
    a.protocols().length === a.slots.filter((s) => !s.isEmpty()).length,
};

// ---- the laws ------------------------------------------------------------------------------

function laws<T>(name: string, A: Algebra<T>): void {
  const { arb } = A;
  const eq = A.equals;
  describe(`${name}: set laws`, () => {
    it('union and intersect are commutative', () => {
      fc.assert(fc.property(arb, arb, (a, b) => eq(A.union(a, b), A.union(b, a)) && eq(A.intersect(a, b), A.intersect(b, a))));
    });

    it('union and intersect are associative', () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) =>
          eq(A.union(A.union(a, b), c), A.union(a, A.union(b, c))) && eq(A.intersect(A.intersect(a, b), c), A.intersect(a, A.intersect(b, c))),
        ),
      );
    });

    it('union and intersect distribute over each other', () => {
      fc.assert(
        fc.property(arb, arb, arb, (a, b, c) =>
          eq(A.intersect(a, A.union(b, c)), A.union(A.intersect(a, b), A.intersect(a, c))) &&
          eq(A.union(a, A.intersect(b, c)), A.intersect(A.union(a, b), A.union(a, c))),
        ),
      );
    });

    it('idempotence, identities and absorption', () => {
      fc.assert(
        fc.property(arb, arb, (a, b) =>
          eq(A.union(a, a), a) &&
          eq(A.intersect(a, a), a) &&
          eq(A.union(a, A.empty), a) &&
          eq(A.intersect(a, A.all), a) &&
          A.isEmpty(A.intersect(a, A.empty)) &&
          eq(A.union(a, A.all), A.all) &&
          eq(A.union(a, A.intersect(a, b)), a) &&
          eq(A.intersect(a, A.union(a, b)), a),
        ),
      );
    });

    it('De Morgan', () => {
      fc.assert(
        fc.property(arb, arb, (a, b) =>
          eq(A.complement(A.union(a, b)), A.intersect(A.complement(a), A.complement(b))) &&
          eq(A.complement(A.intersect(a, b)), A.union(A.complement(a), A.complement(b))),
        ),
      );
    });

    it('complement is an involution and partitions the universe', () => {
      fc.assert(
        fc.property(arb, (a) =>
          eq(A.complement(A.complement(a)), a) && eq(A.union(a, A.complement(a)), A.all) && A.isEmpty(A.intersect(a, A.complement(a))),
        ),
      );
      expect(eq(A.complement(A.empty), A.all)).toBe(true);
      expect(eq(A.complement(A.all), A.empty)).toBe(true);
    });

    it('subtract: a − b = a ∩ ¬b, (a − b) ∩ b = ∅, (a ∪ b) − b ⊆ a', () => {
      fc.assert(
        fc.property(arb, arb, (a, b) =>
          eq(A.subtract(a, b), A.intersect(a, A.complement(b))) &&
          A.isEmpty(A.intersect(A.subtract(a, b), b)) &&
          A.isSubsetOf(A.subtract(A.union(a, b), b), a) &&
          eq(A.union(A.subtract(a, b), A.intersect(a, b)), a),
        ),
      );
    });

    it('a ⊆ b ⇔ a ∪ b = b ⇔ a ∩ b = a ⇔ a − b = ∅', () => {
      const related = fc.oneof(
        fc.tuple(arb, arb),
        fc.tuple(arb, arb).map(([a, b]) => [A.intersect(a, b), b] as [T, T]),
        fc.tuple(arb, arb).map(([a, b]) => [a, A.union(a, b)] as [T, T]),
      );
      fc.assert(
        fc.property(related, ([a, b]) => {
          const sub = A.isSubsetOf(a, b);
          return sub === eq(A.union(a, b), b) && sub === eq(A.intersect(a, b), a) && sub === A.isEmpty(A.subtract(a, b));
        }),
      );
      fc.assert(fc.property(arb, (a) => A.isSubsetOf(A.empty, a) && A.isSubsetOf(a, A.all) && A.isSubsetOf(a, a)));
    });

    it('overlaps ⇔ a ∩ b ≠ ∅; isEmpty ⇔ equals(∅)', () => {
      fc.assert(fc.property(arb, arb, (a, b) => A.overlaps(a, b) === !A.isEmpty(A.intersect(a, b)) && A.isEmpty(a) === eq(a, A.empty)));
    });

    it('equal sets have equal keys, and only they', () => {
      const pair = fc.oneof(
        fc.tuple(arb, arb),
        fc.tuple(arb, arb).map(([a, b]) => [A.union(a, b), A.union(b, a)] as [T, T]),
        arb.map((a) => [a, A.complement(A.complement(a))] as [T, T]),
      );
      fc.assert(fc.property(pair, ([a, b]) => eq(a, b) === (A.key(a) === A.key(b)) && eq(a, b) === eq(b, a)));
    });

    it('every operation returns the canonical form', () => {
      fc.assert(
        fc.property(arb, arb, (a, b) =>
          [a, A.union(a, b), A.intersect(a, b), A.subtract(a, b), A.complement(a), A.empty, A.all].every((s) => A.canonical(s)),
        ),
      );
    });
  });
}

laws('IntervalSet over [0, 63]', intervalAlgebra(63n));
laws('IntervalSet over [0, 2^128 − 1]', intervalAlgebra(MAX_V6));
laws('IpSet', ipAlgebra);
laws('PortSet', portAlgebra);
laws('ConnSet', connAlgebra);
