/**
 * IP atoms (np-guard's "disjoint IP blocks"): the address space cut at every boundary of the
 * input sets, so that each input set is a union of atoms and reachability can be evaluated once
 * per atom instead of once per address.
 */
import { IpSet, MAX_V4, MAX_V6, type IpFamily } from './ip.js';

/**
 * Disjoint single-interval IpSets covering all of IPv4 and IPv6, ascending (IPv4 first). Each
 * atom is a maximal interval on which membership in every given set is constant, so adjacent
 * atoms always differ for at least one set. O(n log n) in the number of interval bounds.
 */
export function ipAtoms(sets: Iterable<IpSet>): IpSet[] {
  const cuts4: bigint[] = [];
  const cuts6: bigint[] = [];
  for (const s of sets) {
    // A cut is where an interval starts and just past where it ends.
    for (const [lo, hi] of s.v4.intervals()) cuts4.push(lo, hi + 1n);
    for (const [lo, hi] of s.v6.intervals()) cuts6.push(lo, hi + 1n);
  }
  return [...atomsOf(4, cuts4, MAX_V4), ...atomsOf(6, cuts6, MAX_V6)];
}

function atomsOf(family: IpFamily, cuts: bigint[], max: bigint): IpSet[] {
  cuts.push(0n, max + 1n);
  cuts.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const atoms: IpSet[] = [];
  let start = 0n;
  for (const c of cuts) {
    if (c === start) continue; // duplicates, and the leading 0
    atoms.push(IpSet.fromRange(family, start, c - 1n));
    start = c;
  }
  return atoms;
}
