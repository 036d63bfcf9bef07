/**
 * IntervalSet: an immutable set of bigints stored as closed intervals in canonical form — sorted,
 * disjoint and non-touching ([1,3] ∪ [4,5] is stored as [1,5]). Because the form is canonical, two
 * sets are equal exactly when their interval lists are, which makes `equals` and `key` trivial.
 *
 * Every binary operation is one two-pointer pass over both lists (O(n + m)); nothing enumerates
 * elements, so a /0 costs the same as a /32. The set has no universe of its own: IpSet and PortSet
 * bound it and use `complementWithin`.
 */

export type Interval = readonly [lo: bigint, hi: bigint];

const compareBigint = (x: bigint, y: bigint): number => (x < y ? -1 : x > y ? 1 : 0);

export class IntervalSet {
  // Flat [lo0, hi0, lo1, hi1, …]: one array per set instead of a tuple per interval keeps the merges
  // allocation-light (a union of two 10k-interval sets is a couple of milliseconds).
  readonly #b: readonly bigint[];
  #pairs: readonly Interval[] | undefined;
  #key: string | undefined;

  /** Trusted: `b` must already be canonical. Only the factories and operations below call it. */
  private constructor(b: readonly bigint[]) {
    this.#b = b;
  }

  // Shared instances are created lazily: tsc can compile a static initializer that calls `new` on
  // its own class into a reference to a not-yet-assigned alias.
  static #empty: IntervalSet | undefined;

  static empty(): IntervalSet {
    return (IntervalSet.#empty ??= new IntervalSet([]));
  }

  /** [lo, hi]; lo > hi is the empty set. */
  static of(lo: bigint, hi: bigint): IntervalSet {
    return lo > hi ? IntervalSet.empty() : new IntervalSet([lo, hi]);
  }

  /** Any intervals, in any order, overlapping or not; empty ones (lo > hi) are dropped. O(n log n). */
  static fromIntervals(intervals: Iterable<Interval>): IntervalSet {
    const list = [...intervals].filter(([lo, hi]) => lo <= hi).sort((x, y) => compareBigint(x[0], y[0]));
    const out: bigint[] = [];
    for (const [lo, hi] of list) pushMerged(out, lo, hi);
    return out.length === 0 ? IntervalSet.empty() : new IntervalSet(out);
  }

  union(other: IntervalSet): IntervalSet {
    const a = this.#b;
    const b = other.#b;
    if (a.length === 0) return other;
    if (b.length === 0) return this;
    const out: bigint[] = [];
    let i = 0;
    let j = 0;
    // Take intervals in order of their lower bound and merge each into the last one written.
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
        pushMerged(out, a[i]!, a[i + 1]!);
        i += 2;
      } else {
        pushMerged(out, b[j]!, b[j + 1]!);
        j += 2;
      }
    }
    return new IntervalSet(out);
  }

  intersect(other: IntervalSet): IntervalSet {
    const a = this.#b;
    const b = other.#b;
    const out: bigint[] = [];
    let i = 0;
    let j = 0;
    // Both inputs are canonical, so the overlaps come out sorted and never touch: two touching
    // overlaps would lie in one interval of each input, hence be one overlap.
    while (i < a.length && j < b.length) {
      const ahi = a[i + 1]!;
      const bhi = b[j + 1]!;
      const lo = a[i]! > b[j]! ? a[i]! : b[j]!;
      const hi = ahi < bhi ? ahi : bhi;
      if (lo <= hi) out.push(lo, hi);
      if (ahi < bhi) i += 2;
      else j += 2;
    }
    return out.length === 0 ? IntervalSet.empty() : new IntervalSet(out);
  }

  subtract(other: IntervalSet): IntervalSet {
    const a = this.#b;
    const b = other.#b;
    if (a.length === 0 || b.length === 0) return this;
    const out: bigint[] = [];
    let j = 0;
    for (let i = 0; i < a.length; i += 2) {
      let lo = a[i]!;
      const hi = a[i + 1]!;
      while (j < b.length && b[j + 1]! < lo) j += 2; // b intervals wholly left of this one
      // Punch every overlapping b interval out of [lo, hi]. The last one may reach into the next
      // a interval, so `j` stays on it and only `k` moves on.
      for (let k = j; k < b.length && b[k]! <= hi; k += 2) {
        if (b[k]! > lo) out.push(lo, b[k]! - 1n);
        lo = b[k + 1]! + 1n;
        if (lo > hi) break;
      }
      if (lo <= hi) out.push(lo, hi);
    }
    return out.length === 0 ? IntervalSet.empty() : new IntervalSet(out);
  }

  /** [lo, hi] minus this set. */
  complementWithin(lo: bigint, hi: bigint): IntervalSet {
    return IntervalSet.of(lo, hi).subtract(this);
  }

  isEmpty(): boolean {
    return this.#b.length === 0;
  }

  equals(other: IntervalSet): boolean {
    const a = this.#b;
    const b = other.#b;
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  isSubsetOf(other: IntervalSet): boolean {
    const a = this.#b;
    const b = other.#b;
    let j = 0;
    // `other` is canonical, so each interval of `this` must sit inside a single interval of it.
    for (let i = 0; i < a.length; i += 2) {
      while (j < b.length && b[j + 1]! < a[i]!) j += 2;
      if (j >= b.length || b[j]! > a[i]! || b[j + 1]! < a[i + 1]!) return false;
    }
    return true;
  }

  overlaps(other: IntervalSet): boolean {
    const a = this.#b;
    const b = other.#b;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      if (a[i + 1]! < b[j]!) i += 2;
      else if (b[j + 1]! < a[i]!) j += 2;
      else return true;
    }
    return false;
  }

  /** Binary search: O(log n). */
  contains(x: bigint): boolean {
    const b = this.#b;
    let lo = 0;
    let hi = b.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (x < b[2 * mid]!) hi = mid - 1;
      else if (x > b[2 * mid + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Number of elements. */
  size(): bigint {
    const b = this.#b;
    let n = 0n;
    for (let i = 0; i < b.length; i += 2) n += b[i + 1]! - b[i]! + 1n;
    return n;
  }

  /** Number of intervals in the canonical form. */
  intervalCount(): number {
    return this.#b.length / 2;
  }

  intervals(): readonly Interval[] {
    if (this.#pairs === undefined) {
      const b = this.#b;
      const pairs: Interval[] = [];
      for (let i = 0; i < b.length; i += 2) pairs.push(Object.freeze([b[i]!, b[i + 1]!] as const));
      this.#pairs = Object.freeze(pairs);
    }
    return this.#pairs;
  }

  min(): bigint | undefined {
    return this.#b[0];
  }

  max(): bigint | undefined {
    return this.#b[this.#b.length - 1];
  }

  /** Equal sets give equal keys: `"1-5,7-7"` (decimal, canonical order); the empty set is `""`. */
  key(): string {
    if (this.#key === undefined) {
      const b = this.#b;
      const parts: string[] = [];
      for (let i = 0; i < b.length; i += 2) parts.push(`${b[i]!}-${b[i + 1]!}`);
      this.#key = parts.join(',');
    }
    return this.#key;
  }

  toString(): string {
    return this.key();
  }
}

/** Appends [lo, hi] (lo ≥ the last lo written) to a flat canonical list, merging overlap and touch. */
function pushMerged(out: bigint[], lo: bigint, hi: bigint): void {
  const n = out.length;
  if (n > 0 && lo <= out[n - 1]! + 1n) {
    if (hi > out[n - 1]!) out[n - 1] = hi;
  } else {
    out.push(lo, hi);
  }
}
