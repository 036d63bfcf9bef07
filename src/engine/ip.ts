/**
 * IPv4/IPv6 addresses as bigints, CIDR parsing, and IpSet (one IntervalSet per family).
 *
 * Parsing is hand-written rather than taken from ip-cidr/ip-address: those accept what Go rejects
 * (IPv4 octets with leading zeros, zones such as `fe80::1%eth0`), and Kubernetes validates
 * addresses with Go's net.ParseIP/ParseCIDR, so netreach must accept exactly the same strings. The
 * grammar below is Go ≥ 1.17 (netip.ParseAddr, zones refused as net.ParseIP refuses them).
 */
import { InternalError } from '../core/source.js';
import { IntervalSet, type Interval } from './interval-set.js';

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  value: bigint;
}

export interface Cidr {
  family: IpFamily;
  /** First address of the block (the host bits of the input masked off, as Go's ParseCIDR does). */
  lo: bigint;
  /** Last address of the block. */
  hi: bigint;
  prefix: number;
}

export const BITS: Readonly<Record<IpFamily, number>> = { 4: 32, 6: 128 };
export const MAX_V4 = (1n << 32n) - 1n;
export const MAX_V6 = (1n << 128n) - 1n;

export function maxAddress(family: IpFamily): bigint {
  return family === 4 ? MAX_V4 : MAX_V6;
}

// ---------------------------------------------------------------------------------------------
// Parsing and formatting

const OCTET = /^(?:0|[1-9][0-9]{0,2})$/; // no leading zeros (Go 1.17+)
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!OCTET.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

/** Groups of one side of `::`; an IPv4 tail (allowed only at the very end) counts as two groups. */
function parseV6Groups(s: string, ipv4TailAllowed: boolean): number[] | undefined {
  if (s === '') return [];
  const tokens = s.split(':');
  const groups: number[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (HEXTET.test(tok)) {
      groups.push(parseInt(tok, 16));
    } else if (ipv4TailAllowed && t === tokens.length - 1 && tok.includes('.')) {
      const v4 = parseV4(tok);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else {
      return undefined; // empty token (":1", "1:", ":::"), too long, bad digit, zone
    }
  }
  return groups;
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = parseV6Groups(halves[0]!, !compressed);
  const tail = compressed ? parseV6Groups(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const given = head.length + tail.length;
  // Without `::` there must be eight groups; with it, `::` must stand for at least one.
  if (compressed ? given > 7 : given !== 8) return undefined;
  const groups = [...head, ...new Array<number>(8 - given).fill(0), ...tail];
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/** An address as Go's net.ParseIP accepts it, or undefined. `::ffff:1.2.3.4` is family 6. */
export function parseIp(s: string): IpAddress | undefined {
  if (s.includes(':')) {
    const value = parseV6(s);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseV4(s);
  return value === undefined ? undefined : { family: 4, value };
}

function checkAddress(family: IpFamily, value: bigint): void {
  if (value < 0n || value > maxAddress(family)) {
    throw new InternalError(`IPv${family} address out of range: ${value}`);
  }
}

function formatV4(v: bigint): string {
  return `${(v >> 24n) & 255n}.${(v >> 16n) & 255n}.${(v >> 8n) & 255n}.${v & 255n}`;
}

/**
 * RFC 5952 text: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`, the
 * leftmost run on ties. IPv4-mapped addresses keep their dotted tail (`::ffff:1.2.3.4`, RFC 5952
 * §5), as Go's netip prints them.
 */
function formatV6(v: bigint): string {
  if (v >> 32n === 0xffffn) return `::ffff:${formatV4(v & MAX_V4)}`;
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((v >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1; // a single zero group is never compressed
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]): string => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

export function formatIp(family: IpFamily, value: bigint): string {
  checkAddress(family, value);
  return family === 4 ? formatV4(value) : formatV6(value);
}

/**
 * A CIDR as Go's net.ParseCIDR accepts it (and so Kubernetes): host bits may be set and are
 * masked off (`10.0.0.1/8` is 10.0.0.0–10.255.255.255); the prefix is decimal, leading zeros
 * allowed as Go's dtoi allows them. IPv4-mapped IPv6 (`::ffff:1.2.3.4/120`) is family 6.
 */
export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  if (ip === undefined || !/^[0-9]{1,8}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = BITS[ip.family];
  if (prefix > bits) return undefined;
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const lo = ip.value & ~hostMask;
  return { family: ip.family, lo, hi: lo | hostMask, prefix };
}

export function formatCidr(family: IpFamily, lo: bigint, prefix: number): string {
  return `${formatIp(family, lo)}/${prefix}`;
}

// ---------------------------------------------------------------------------------------------
// Minimal CIDR cover

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * The fewest CIDR blocks whose union is exactly [lo, hi], ascending. Greedy from the left — the
 * largest block aligned at `lo` that fits — is optimal: any exact cover has a block starting at
 * `lo`, no larger than the greedy one, which can replace it and every block inside it.
 */
export function minimalCidrCover(family: IpFamily, lo: bigint, hi: bigint): string[] {
  checkAddress(family, lo);
  checkAddress(family, hi);
  const bits = BITS[family];
  const out: string[] = [];
  while (lo <= hi) {
    const alignment = lo === 0n ? bits : bitLength(lo & -lo) - 1; // trailing zero bits of lo
    const fits = bitLength(hi - lo + 1n) - 1; // ⌊log2(remaining)⌋
    const k = Math.min(alignment, fits);
    out.push(formatCidr(family, lo, bits - k));
    lo += 1n << BigInt(k);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// IpSet

/**
 * A set of IPv4 and IPv6 addresses: one IntervalSet over [0, 2^32−1] and one over [0, 2^128−1].
 * The two spaces are separate (no implicit IPv4-mapped aliasing), as Kubernetes ipBlocks are.
 */
export class IpSet {
  #key: string | undefined;

  private constructor(
    readonly v4: IntervalSet,
    readonly v6: IntervalSet,
  ) {}

  // Lazy shared instances (see IntervalSet.empty).
  static #empty: IpSet | undefined;
  static #all: IpSet | undefined;
  static #allV4: IpSet | undefined;
  static #allV6: IpSet | undefined;

  static empty(): IpSet {
    return (IpSet.#empty ??= new IpSet(IntervalSet.empty(), IntervalSet.empty()));
  }

  static all(): IpSet {
    return (IpSet.#all ??= new IpSet(IntervalSet.of(0n, MAX_V4), IntervalSet.of(0n, MAX_V6)));
  }

  static allV4(): IpSet {
    return (IpSet.#allV4 ??= new IpSet(IntervalSet.of(0n, MAX_V4), IntervalSet.empty()));
  }

  static allV6(): IpSet {
    return (IpSet.#allV6 ??= new IpSet(IntervalSet.empty(), IntervalSet.of(0n, MAX_V6)));
  }

  /** [lo, hi] in one family; lo > hi is empty. Bounds outside the family's space are a bug. */
  static fromRange(family: IpFamily, lo: bigint, hi: bigint): IpSet {
    if (lo > hi) return IpSet.empty();
    checkAddress(family, lo);
    checkAddress(family, hi);
    return IpSet.#of(family, IntervalSet.of(lo, hi));
  }

  /** A parsed CIDR. User input goes through `parseCidr` first (bad input is a finding, not a throw). */
  static fromCidr(s: string): IpSet {
    const c = parseCidr(s);
    if (c === undefined) throw new InternalError(`invalid CIDR reached the engine: ${JSON.stringify(s)}`);
    return IpSet.#of(c.family, IntervalSet.of(c.lo, c.hi));
  }

  static fromCidrs(list: Iterable<string>): IpSet {
    const v4: Interval[] = [];
    const v6: Interval[] = [];
    for (const s of list) {
      const c = parseCidr(s);
      if (c === undefined) throw new InternalError(`invalid CIDR reached the engine: ${JSON.stringify(s)}`);
      (c.family === 4 ? v4 : v6).push([c.lo, c.hi]);
    }
    return new IpSet(IntervalSet.fromIntervals(v4), IntervalSet.fromIntervals(v6));
  }

  static #of(family: IpFamily, set: IntervalSet): IpSet {
    return family === 4 ? new IpSet(set, IntervalSet.empty()) : new IpSet(IntervalSet.empty(), set);
  }

  family(family: IpFamily): IntervalSet {
    return family === 4 ? this.v4 : this.v6;
  }

  union(other: IpSet): IpSet {
    return new IpSet(this.v4.union(other.v4), this.v6.union(other.v6));
  }

  intersect(other: IpSet): IpSet {
    return new IpSet(this.v4.intersect(other.v4), this.v6.intersect(other.v6));
  }

  subtract(other: IpSet): IpSet {
    return new IpSet(this.v4.subtract(other.v4), this.v6.subtract(other.v6));
  }

  complement(): IpSet {
    return new IpSet(this.v4.complementWithin(0n, MAX_V4), this.v6.complementWithin(0n, MAX_V6));
  }

  isEmpty(): boolean {
    return this.v4.isEmpty() && this.v6.isEmpty();
  }

  equals(other: IpSet): boolean {
    return this.v4.equals(other.v4) && this.v6.equals(other.v6);
  }

  isSubsetOf(other: IpSet): boolean {
    return this.v4.isSubsetOf(other.v4) && this.v6.isSubsetOf(other.v6);
  }

  overlaps(other: IpSet): boolean {
    return this.v4.overlaps(other.v4) || this.v6.overlaps(other.v6);
  }

  has(address: IpAddress): boolean {
    return this.family(address.family).contains(address.value);
  }

  /** `"a-b"` per interval (a single address too: `"a-a"`), IPv4 first, ascending (PRODUCT.md §2). */
  toRanges(): string[] {
    const out: string[] = [];
    for (const family of [4, 6] as const) {
      for (const [lo, hi] of this.family(family).intervals()) {
        out.push(`${formatIp(family, lo)}-${formatIp(family, hi)}`);
      }
    }
    return out;
  }

  /** The minimal CIDR cover of each interval, IPv4 first, ascending. */
  toCidrs(): string[] {
    const out: string[] = [];
    for (const family of [4, 6] as const) {
      for (const [lo, hi] of this.family(family).intervals()) out.push(...minimalCidrCover(family, lo, hi));
    }
    return out;
  }

  toString(): string {
    return this.toRanges().join(',');
  }

  /** Equal sets give equal keys (cheaper than formatting addresses). */
  key(): string {
    return (this.#key ??= `4:${this.v4.key()}|6:${this.v6.key()}`);
  }
}
