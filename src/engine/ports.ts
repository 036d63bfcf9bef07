/**
 * Protocols and port sets. A PortSet is an IntervalSet bounded to [1, 65535].
 *
 * Ports reuse the bigint IntervalSet rather than a number twin: port sets have a handful of
 * intervals, so bigint arithmetic costs well under a microsecond per operation (measured in
 * ports.test.ts), and one implementation means one set of proofs and property tests.
 */
import { InternalError } from '../core/source.js';
import { IntervalSet } from './interval-set.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** Sorted as np-guard prints them. */
export const PROTOCOLS: readonly Protocol[] = Object.freeze(['SCTP', 'TCP', 'UDP'] as const);

export const MIN_PORT = 1;
export const MAX_PORT = 65535;

function checkPort(p: number): void {
  if (!Number.isInteger(p) || p < MIN_PORT || p > MAX_PORT) throw new InternalError(`port out of range: ${p}`);
}

export class PortSet {
  private constructor(readonly set: IntervalSet) {}

  // Lazy shared instances (see IntervalSet.empty).
  static #empty: PortSet | undefined;
  static #all: PortSet | undefined;

  static all(): PortSet {
    return (PortSet.#all ??= new PortSet(IntervalSet.of(BigInt(MIN_PORT), BigInt(MAX_PORT))));
  }

  static empty(): PortSet {
    return (PortSet.#empty ??= new PortSet(IntervalSet.empty()));
  }

  /**
   * [lo, hi]; lo > hi is empty (the engine's reading of an `endPort` below `port`, which the API
   * server rejects). A bound outside [1, 65535] is a bug: the loader reports such ports.
   */
  static of(lo: number, hi: number): PortSet {
    if (lo > hi) return PortSet.empty();
    checkPort(lo);
    checkPort(hi);
    return PortSet.#wrap(IntervalSet.of(BigInt(lo), BigInt(hi)));
  }

  static single(port: number): PortSet {
    return PortSet.of(port, port);
  }

  // Reuse the shared instances so `isAll`/`isEmpty` checks and Map keys stay cheap.
  static #wrap(set: IntervalSet): PortSet {
    if (set.isEmpty()) return PortSet.empty();
    if (set.equals(PortSet.all().set)) return PortSet.all();
    return new PortSet(set);
  }

  union(other: PortSet): PortSet {
    return PortSet.#wrap(this.set.union(other.set));
  }

  intersect(other: PortSet): PortSet {
    return PortSet.#wrap(this.set.intersect(other.set));
  }

  subtract(other: PortSet): PortSet {
    return PortSet.#wrap(this.set.subtract(other.set));
  }

  complement(): PortSet {
    return PortSet.#wrap(this.set.complementWithin(BigInt(MIN_PORT), BigInt(MAX_PORT)));
  }

  isEmpty(): boolean {
    return this.set.isEmpty();
  }

  isAll(): boolean {
    return this.set.equals(PortSet.all().set);
  }

  equals(other: PortSet): boolean {
    return this.set.equals(other.set);
  }

  isSubsetOf(other: PortSet): boolean {
    return this.set.isSubsetOf(other.set);
  }

  overlaps(other: PortSet): boolean {
    return this.set.overlaps(other.set);
  }

  contains(port: number): boolean {
    return this.set.contains(BigInt(port));
  }

  size(): number {
    return Number(this.set.size());
  }

  ranges(): [lo: number, hi: number][] {
    return this.set.intervals().map(([lo, hi]) => [Number(lo), Number(hi)]);
  }

  /** `"80,8000-8100"`: ascending, merged; all ports are `"1-65535"`, no ports `""`. */
  toString(): string {
    return this.ranges()
      .map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`))
      .join(',');
  }

  key(): string {
    return this.toString();
  }
}

const RANGE = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/;

/** `"8000-8100"` or `"80"`; undefined when malformed, out of [1, 65535] or descending. */
export function parsePortRange(s: string): PortSet | undefined {
  const m = RANGE.exec(s);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo < MIN_PORT || hi > MAX_PORT || lo > hi) return undefined;
  return PortSet.of(lo, hi);
}

/** The inverse of `PortSet.toString`: comma-separated ranges; `""` is the empty set. */
export function parsePortSet(s: string): PortSet | undefined {
  if (s === '') return PortSet.empty();
  let out = PortSet.empty();
  for (const part of s.split(',')) {
    const r = parsePortRange(part);
    if (r === undefined) return undefined;
    out = out.union(r);
  }
  return out;
}
