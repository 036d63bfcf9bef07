import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipAtoms } from './atoms.js';
import { IpSet, MAX_V4, MAX_V6, parseIp } from './ip.js';

/** A NetworkPolicy ipBlock: cidr minus its except list. */
const ipBlock = (cidr: string, except: string[] = []): IpSet => IpSet.fromCidr(cidr).subtract(IpSet.fromCidrs(except));

const ranges = (atoms: IpSet[]): string[] => atoms.map((a) => a.toString());

/** Disjoint, single-interval, ascending (IPv4 first), covering both spaces. */
function checkPartition(atoms: IpSet[]): void {
  let union = IpSet.empty();
  let prev: [number, bigint] | undefined;
  for (const a of atoms) {
    expect(a.v4.intervalCount() + a.v6.intervalCount()).toBe(1);
    expect(a.overlaps(union)).toBe(false);
    const at: [number, bigint] = a.v4.isEmpty() ? [6, a.v6.min()!] : [4, a.v4.min()!];
    if (prev) expect(prev[0] < at[0] || (prev[0] === at[0] && prev[1] < at[1])).toBe(true);
    union = union.union(a);
    prev = at;
  }
  expect(union.equals(IpSet.all())).toBe(true);
}

/** Each set is exactly the union of the atoms inside it, and no atom straddles its boundary. */
function checkRefines(atoms: IpSet[], sets: IpSet[]): void {
  for (const s of sets) {
    let inside = IpSet.empty();
    for (const a of atoms) {
      if (a.isSubsetOf(s)) inside = inside.union(a);
      else expect(a.overlaps(s)).toBe(false);
    }
    expect(inside.equals(s)).toBe(true);
  }
}

/** Adjacent atoms of one family differ for some set: no cut without a reason. */
function checkMaximal(atoms: IpSet[], sets: IpSet[]): void {
  for (let i = 1; i < atoms.length; i++) {
    const [a, b] = [atoms[i - 1]!, atoms[i]!];
    if (a.v4.isEmpty() !== b.v4.isEmpty()) continue; // the IPv4/IPv6 seam
    expect(sets.some((s) => a.isSubsetOf(s) !== b.isSubsetOf(s))).toBe(true);
  }
}

describe('ipAtoms', () => {
  it('with no sets: all of IPv4, all of IPv6', () => {
    const atoms = ipAtoms([]);
    expect(atoms).toHaveLength(2);
    expect(atoms[0]!.equals(IpSet.allV4()) && atoms[1]!.equals(IpSet.allV6())).toBe(true);
    expect(ranges(ipAtoms([IpSet.empty(), IpSet.all()]))).toEqual(['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
  });

  it('cuts overlapping CIDRs with except holes', () => {
    const sets = [
      ipBlock('10.0.0.0/8', ['10.1.0.0/16']),
      ipBlock('10.0.0.0/16', ['10.0.1.0/24']),
      ipBlock('0.0.0.0/0', ['10.0.0.0/8']),
      ipBlock('10.0.0.0/16', ['10.0.1.0/24']), // a duplicate adds no atoms
      ipBlock('2001:db8::/32', ['2001:db8:1::/48']),
      ipBlock('::/0'),
    ];
    const atoms = ipAtoms(sets);
    expect(ranges(atoms)).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.0.0.255',
      '10.0.1.0-10.0.1.255',
      '10.0.2.0-10.0.255.255',
      '10.1.0.0-10.1.255.255',
      '10.2.0.0-10.255.255.255',
      '11.0.0.0-255.255.255.255',
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff',
      '2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff',
      '2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff',
      '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
      '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
    checkPartition(atoms);
    checkRefines(atoms, sets);
    checkMaximal(atoms, sets);
    // The first ipBlock is the atoms 10.0.0.0/16 (three of them) and 10.2.0.0–10.255.255.255.
    expect(atoms.filter((a) => a.isSubsetOf(sets[0]!)).map((a) => a.toString())).toEqual([
      '10.0.0.0-10.0.0.255',
      '10.0.1.0-10.0.1.255',
      '10.0.2.0-10.0.255.255',
      '10.2.0.0-10.255.255.255',
    ]);
  });

  it('cuts at the ends of the spaces without empty atoms', () => {
    const sets = [IpSet.fromCidrs(['0.0.0.0/32', '255.255.255.255/32', '::/128', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'])];
    expect(ranges(ipAtoms(sets))).toEqual([
      '0.0.0.0-0.0.0.0',
      '0.0.0.1-255.255.255.254',
      '255.255.255.255-255.255.255.255',
      '::-::',
      '::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe',
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });

  const cidrIn = (family: 4 | 6): fc.Arbitrary<string> =>
    family === 4
      ? fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 4, max: 32 })).map(([a, b, p]) => `10.${a}.${b}.0/${p}`)
      : fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 16, max: 128 })).map(([a, p]) => `2001:db8:${a.toString(16)}::/${p}`);
  const block = fc
    .tuple(fc.constantFrom<4 | 6>(4, 6), fc.boolean())
    .chain(([f, any]) => fc.tuple(any ? fc.constant(f === 4 ? '0.0.0.0/0' : '::/0') : cidrIn(f), fc.array(cidrIn(f), { maxLength: 3 })))
    .map(([cidr, except]) => ipBlock(cidr, except));

  it('partition, refinement, maximality on random ipBlocks', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), (sets) => {
        const atoms = ipAtoms(sets);
        checkPartition(atoms);
        checkRefines(atoms, sets);
        checkMaximal(atoms, sets);
        const bounds = sets.reduce((n, s) => n + 2 * (s.v4.intervalCount() + s.v6.intervalCount()), 0);
        expect(atoms.length).toBeLessThanOrEqual(bounds + 2);
      }),
    );
  });

  // Oracle: inside one /24, atoms are the runs of addresses with the same membership signature.
  it('agrees with enumeration inside 192.168.1.0/24', () => {
    const base = parseIp('192.168.1.0')!.value;
    const piece = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 })).map(([o, p]) => `192.168.1.${o}/${p}`);
    const set = fc
      .tuple(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.array(piece, { maxLength: 2 }))
      .map(([cidrs, except]) => IpSet.fromCidrs(cidrs).subtract(IpSet.fromCidrs(except)));
    fc.assert(
      fc.property(fc.array(set, { maxLength: 5 }), (sets) => {
        const signature = (o: number): string => sets.map((s) => (s.has({ family: 4, value: base + BigInt(o) }) ? '1' : '0')).join('');
        const expected: string[] = [];
        let start = 0;
        for (let o = 1; o <= 256; o++) {
          if (o === 256 || signature(o) !== signature(start)) {
            expected.push(`192.168.1.${start}-192.168.1.${o - 1}`);
            start = o;
          }
        }
        const net = IpSet.fromCidr('192.168.1.0/24');
        const inside = ipAtoms(sets)
          .filter((a) => a.overlaps(net))
          .map((a) => a.intersect(net).toString());
        expect(inside).toEqual(expected);
      }),
    );
  });

  // Timing is measured by `npm run bench`, never asserted here.
  it('cuts thousands of CIDRs of both families', () => {
    const sets: IpSet[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = BigInt((i * 2654435761) % 2 ** 32);
      sets.push(IpSet.fromRange(4, x & ~0xffn, (x & ~0xffn) | 0xffn));
      sets.push(IpSet.fromRange(6, (x << 96n) & MAX_V6, ((x << 96n) | ((1n << 96n) - 1n)) & MAX_V6));
    }
    const atoms = ipAtoms(sets);
    expect(atoms.length).toBeGreaterThan(10_000);
    expect(atoms[0]!.v4.min()).toBe(0n);
    expect(atoms[atoms.length - 1]!.v6.max()).toBe(MAX_V6);
    expect(atoms.filter((a) => !a.v4.isEmpty()).at(-1)!.v4.max()).toBe(MAX_V4);
  });
});
