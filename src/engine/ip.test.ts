import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../core/source.js';
import { IpSet, MAX_V4, MAX_V6, formatIp, minimalCidrCover, parseCidr, parseIp, type IpFamily } from './ip.js';

const v4 = (s: string): bigint => {
  const ip = parseIp(s);
  if (ip?.family !== 4) throw new Error(`not IPv4: ${s}`);
  return ip.value;
};

describe('parseIp: IPv4 as Go ≥ 1.17', () => {
  it.each([
    ['0.0.0.0', 0n],
    ['1.2.3.4', 0x01020304n],
    ['10.0.0.1', 0x0a000001n],
    ['255.255.255.255', MAX_V4],
  ])('accepts %s', (s, value) => {
    expect(parseIp(s)).toEqual({ family: 4, value });
  });

  // Leading zeros: Go ≥ 1.17 refuses them (older Go read them as decimal, other parsers as octal).
  const bad = ['01.2.3.4', '1.2.3.04', '1.2.3.00', '0x1.2.3.4', '256.0.0.0', '1.2.3', '1.2.3.4.5', '1..3.4'];
  it.each([...bad, '', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.-1', '+1.2.3.4', '1.2.3.4/32', '١.2.3.4'])(
    'rejects %j',
    (s) => {
      expect(parseIp(s)).toBeUndefined();
    },
  );
});

describe('parseIp: IPv6', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['1::', 1n << 112n],
    ['2001:db8::1', 0x20010db8000000000000000000000001n],
    ['2001:DB8::1', 0x20010db8000000000000000000000001n],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', 0x20010db8000000000000000000000001n],
    ['1:2:3:4:5:6:7:8', 0x00010002000300040005000600070008n],
    ['1:2:3:4:5:6:7::', 0x00010002000300040005000600070000n],
    ['::2:3:4:5:6:7:8', 0x00000002000300040005000600070008n],
    ['::ffff:1.2.3.4', 0xffff01020304n],
    ['::1.2.3.4', 0x01020304n],
    ['1:2:3:4:5:6:1.2.3.4', 0x00010002000300040005000601020304n],
    ['64:ff9b::192.0.2.33', 0x0064ff9b0000000000000000c0000221n],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', MAX_V6],
  ])('accepts %s', (s, value) => {
    expect(parseIp(s)).toEqual({ family: 6, value });
  });

  it.each([
    'fe80::1%eth0', // zones are refused, as net.ParseIP refuses them
    'fe80::1%25eth0',
    '1::2::3',
    ':::',
    ':1::',
    '1::2:',
    ':1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7::8', // `::` must stand for at least one group
    '1:2:3:4:5:6::1.2.3.4',
    '1:2:3:4:5:6:7:1.2.3.4',
    '12345::',
    'g::',
    '::1.2.3.04',
    '::1.2.3',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '::ffff:1.2.3.4/128',
    '[::1]',
  ])('rejects %j', (s) => {
    expect(parseIp(s)).toBeUndefined();
  });
});

describe('formatIp', () => {
  it.each([
    [0n, '::'],
    [1n, '::1'],
    [1n << 112n, '1::'],
    [0x20010db8000000000000000000020001n, '2001:db8::2:1'], // RFC 5952 §4.2.1
    [0x20010db8000000010001000100010001n, '2001:db8:0:1:1:1:1:1'], // §4.2.2: one zero group stays
    [0x20010000000000010000000000000001n, '2001:0:0:1::1'], // §4.2.3: the longest run
    [0x20010db8000000000001000000000001n, '2001:db8::1:0:0:1'], // §4.2.3: the leftmost on ties
    [0x20010db8aaaabbbbccccddddeeeeffffn, '2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff'], // §4.3 lowercase
    [0x00010002000300040005000600070000n, '1:2:3:4:5:6:7:0'],
    [0xffff01020304n, '::ffff:1.2.3.4'], // §5, as Go's netip prints IPv4-mapped addresses
    [0x01020304n, '::102:304'],
    [MAX_V6, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('IPv6 %s → %s', (value, text) => {
    expect(formatIp(6, value)).toBe(text);
  });

  it('IPv4 dotted quad', () => {
    expect(formatIp(4, 0n)).toBe('0.0.0.0');
    expect(formatIp(4, 0x0a000001n)).toBe('10.0.0.1');
    expect(formatIp(4, MAX_V4)).toBe('255.255.255.255');
  });

  it('throws InternalError outside the family', () => {
    expect(() => formatIp(4, MAX_V4 + 1n)).toThrow(InternalError);
    expect(() => formatIp(6, -1n)).toThrow(InternalError);
  });

  it('round-trips every address', () => {
    for (const [family, max] of [[4, MAX_V4], [6, MAX_V6]] as const) {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max }), (value) => {
          expect(parseIp(formatIp(family, value))).toEqual({ family, value });
        }),
      );
    }
  });

  // WHATWG URL's IPv6 serializer is RFC 5952 for everything but the IPv4-mapped dotted tail.
  it('agrees with the platform URL serializer', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const value = groups.reduce((v, g) => (v << 16n) | BigInt(g), 0n);
        fc.pre(value >> 32n !== 0xffffn);
        expect(`[${formatIp(6, value)}]`).toBe(new URL(`http://[${formatIp(6, value)}]/`).hostname);
      }),
    );
  });
});

describe('parseIp: generated IPv6 spellings', () => {
  // Any spelling of eight groups: optional `::` over a zero run, padding, case, dotted tail.
  const spelling = fc
    .record({
      groups: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), { minLength: 8, maxLength: 8 }),
      compressAt: fc.integer({ min: 0, max: 8 }),
      pad: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
      upper: fc.boolean(),
      dotted: fc.boolean(),
    })
    .map(({ groups, compressAt, pad, upper, dotted }) => {
      let [start, end] = [compressAt, compressAt];
      while (end < 8 && groups[end] === 0) end++;
      if (end === start) start = end = -1; // no zero run here: no `::`
      const tail = dotted && (start < 0 || end <= 6);
      const tok = (i: number): string => {
        const h = groups[i]!.toString(16);
        const t = '0'.repeat(Math.min(pad[i]!, 4 - h.length)) + h;
        return upper ? t.toUpperCase() : t;
      };
      const toks = (from: number, to: number): string[] => {
        const out: string[] = [];
        for (let i = from; i < to; i++) {
          if (tail && i === 6) {
            out.push(`${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`);
            break;
          }
          out.push(tok(i));
        }
        return out;
      };
      const text = start < 0 ? toks(0, 8).join(':') : `${toks(0, start).join(':')}::${toks(end, 8).join(':')}`;
      return { text, value: groups.reduce((v, g) => (v << 16n) | BigInt(g), 0n) };
    });

  it('parses to the value of its groups, as the URL parser does', () => {
    fc.assert(
      fc.property(spelling, ({ text, value }) => {
        expect(parseIp(text)).toEqual({ family: 6, value });
        expect(new URL(`http://[${text}]/`).hostname).toBe(new URL(`http://[${formatIp(6, value)}]/`).hostname);
      }),
    );
  });
});

describe('parseCidr: as Go net.ParseCIDR', () => {
  it.each([
    ['10.0.0.0/8', 4, '10.0.0.0', '10.255.255.255', 8],
    ['10.0.0.1/8', 4, '10.0.0.0', '10.255.255.255', 8], // host bits set: masked, as Go and Kubernetes do
    ['0.0.0.0/0', 4, '0.0.0.0', '255.255.255.255', 0],
    ['1.2.3.4/0', 4, '0.0.0.0', '255.255.255.255', 0],
    ['1.2.3.4/32', 4, '1.2.3.4', '1.2.3.4', 32],
    ['192.168.1.77/24', 4, '192.168.1.0', '192.168.1.255', 24],
    ['1.2.3.4/08', 4, '1.0.0.0', '1.255.255.255', 8], // Go's dtoi takes leading zeros in the prefix
    ['::/0', 6, '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 0],
    ['2001:db8::1/128', 6, '2001:db8::1', '2001:db8::1', 128],
    ['2001:db8::1/32', 6, '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 32],
    ['2001:db8:8000::/33', 6, '2001:db8:8000::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 33],
    ['::ffff:1.2.3.4/120', 6, '::ffff:1.2.3.0', '::ffff:1.2.3.255', 120],
  ] as const)('%s', (s, family, lo, hi, prefix) => {
    const c = parseCidr(s);
    expect(c).toEqual({ family, lo: parseIp(lo)!.value, hi: parseIp(hi)!.value, prefix });
  });

  const bad = ['10.0.0.0', '10.0.0.0/', '10.0.0.0/33', '::/129', '10.0.0.0/-1', '10.0.0.0/8/8', '10.0.0.0/ 8', '10.0.0.0/0x8'];
  it.each([...bad, '010.0.0.0/8', 'fe80::%eth0/64', '/8', ''])(
    'rejects %j',
    (s) => {
      expect(parseCidr(s)).toBeUndefined();
    },
  );

  it('covers an aligned block of 2^(bits − prefix) addresses containing the address', () => {
    fc.assert(
      fc.property(fc.constantFrom<IpFamily>(4, 6), fc.bigInt({ min: 0n, max: MAX_V6 }), fc.nat(128), (family, raw, p) => {
        const bits = family === 4 ? 32 : 128;
        const value = family === 4 ? raw & MAX_V4 : raw;
        const prefix = p % (bits + 1);
        const c = parseCidr(`${formatIp(family, value)}/${prefix}`)!;
        const size = 1n << BigInt(bits - prefix);
        expect(c.hi - c.lo + 1n).toBe(size);
        expect(c.lo % size).toBe(0n);
        expect(c.lo <= value && value <= c.hi).toBe(true);
      }),
    );
  });
});

// ---- minimal CIDR cover ----------------------------------------------------------------------

/** Fewest aligned power-of-two blocks tiling [lo, hi] exactly: dynamic programming over starts. */
function bruteForceMinimalCount(lo: number, hi: number): number {
  const best = new Array<number>(hi + 2).fill(Infinity);
  best[hi + 1] = 0;
  for (let s = hi; s >= lo; s--) {
    for (let size = 1; s + size - 1 <= hi; size *= 2) {
      if (s % size === 0) best[s] = Math.min(best[s]!, 1 + best[s + size]!);
    }
  }
  return best[lo]!;
}

/** Each block aligned, in ascending order, tiling [lo, hi] with no gap or overlap. */
function checkTiling(family: IpFamily, blocks: string[], lo: bigint, hi: bigint): void {
  let next = lo;
  for (const b of blocks) {
    const c = parseCidr(b)!;
    expect(c.family).toBe(family);
    expect(formatIp(family, c.lo) + `/${c.prefix}`).toBe(b); // written with its network address
    expect(c.lo).toBe(next);
    expect(c.lo % (c.hi - c.lo + 1n)).toBe(0n);
    next = c.hi + 1n;
  }
  expect(next).toBe(hi + 1n);
}

describe('minimalCidrCover', () => {
  it('known covers', () => {
    expect(minimalCidrCover(4, 0n, MAX_V4)).toEqual(['0.0.0.0/0']);
    expect(minimalCidrCover(6, 0n, MAX_V6)).toEqual(['::/0']);
    expect(minimalCidrCover(4, v4('1.2.3.4'), v4('1.2.3.4'))).toEqual(['1.2.3.4/32']);
    expect(minimalCidrCover(4, v4('10.0.0.1'), v4('10.0.0.6'))).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
    expect(minimalCidrCover(4, v4('11.0.0.0'), MAX_V4)).toEqual([
      '11.0.0.0/8',
      '12.0.0.0/6',
      '16.0.0.0/4',
      '32.0.0.0/3',
      '64.0.0.0/2',
      '128.0.0.0/1',
    ]);
    expect(minimalCidrCover(6, 1n, MAX_V6 - 1n)).toHaveLength(2 * 127);
  });

  it('is minimal, aligned and exact on every range within [0, 255]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const cover = minimalCidrCover(4, BigInt(lo), BigInt(hi));
        checkTiling(4, cover, BigInt(lo), BigInt(hi));
        expect(cover).toHaveLength(bruteForceMinimalCount(lo, hi));
      }),
    );
  });

  it('tiles any 128-bit range with at most 2·128 − 2 blocks', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_V6 }), fc.bigInt({ min: 0n, max: MAX_V6 }), (x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const cover = minimalCidrCover(6, lo, hi);
        checkTiling(6, cover, lo, hi);
        expect(cover.length).toBeLessThanOrEqual(254);
      }),
    );
  });
});

// ---- IpSet -----------------------------------------------------------------------------------

describe('IpSet', () => {
  it('toRanges: start-end, IPv4 first, ascending (PRODUCT.md §2)', () => {
    const notTen = IpSet.allV4().subtract(IpSet.fromCidr('10.0.0.0/8'));
    expect(notTen.toRanges()).toEqual(['0.0.0.0-9.255.255.255', '11.0.0.0-255.255.255.255']);
    const mixed = IpSet.fromCidrs(['2001:db8::/32', '1.2.3.4/32', '::1/128', '10.0.0.0/8']);
    expect(mixed.toRanges()).toEqual([
      '1.2.3.4-1.2.3.4',
      '10.0.0.0-10.255.255.255',
      '::1-::1',
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
    expect(mixed.toString()).toBe(mixed.toRanges().join(','));
    expect(IpSet.all().toRanges()).toEqual(['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']);
    expect(IpSet.empty().toRanges()).toEqual([]);
  });

  it('toCidrs: the minimal cover of each interval', () => {
    expect(IpSet.allV4().subtract(IpSet.fromCidr('10.0.0.0/8')).toCidrs()).toEqual([
      '0.0.0.0/5',
      '8.0.0.0/7',
      '11.0.0.0/8',
      '12.0.0.0/6',
      '16.0.0.0/4',
      '32.0.0.0/3',
      '64.0.0.0/2',
      '128.0.0.0/1',
    ]);
    expect(IpSet.fromCidrs(['10.0.0.0/25', '10.0.0.128/25', '::/0']).toCidrs()).toEqual(['10.0.0.0/24', '::/0']);
    expect(IpSet.fromCidr('10.1.2.3/16').toCidrs()).toEqual(['10.1.0.0/16']);
  });

  it('keeps the families apart: ::ffff:10.0.0.0/104 is not 10.0.0.0/8', () => {
    const mapped = IpSet.fromCidr('::ffff:10.0.0.0/104');
    expect(mapped.v4.isEmpty()).toBe(true);
    expect(mapped.overlaps(IpSet.fromCidr('10.0.0.0/8'))).toBe(false);
    expect(mapped.has({ family: 6, value: 0xffff0a000001n })).toBe(true);
  });

  it('fromRange bounds; bad CIDRs and out-of-space bounds are InternalErrors', () => {
    expect(IpSet.fromRange(4, 5n, 4n).isEmpty()).toBe(true);
    expect(IpSet.fromRange(4, 0n, MAX_V4).equals(IpSet.allV4())).toBe(true);
    expect(() => IpSet.fromRange(4, 0n, MAX_V4 + 1n)).toThrow(InternalError);
    expect(() => IpSet.fromCidr('10.0.0.0/33')).toThrow(InternalError);
    expect(() => IpSet.fromCidrs(['10.0.0.0/8', 'nope'])).toThrow(InternalError);
  });

  it('complement of all, empty; v4 and v6 universes', () => {
    expect(IpSet.all().complement().isEmpty()).toBe(true);
    expect(IpSet.allV4().complement().equals(IpSet.allV6())).toBe(true);
    expect(IpSet.allV4().union(IpSet.allV6()).equals(IpSet.all())).toBe(true);
    expect(IpSet.fromCidrs(['0.0.0.0/0', '::/0']).equals(IpSet.all())).toBe(true);
  });

  // Oracle: sets confined to 192.168.1.0/24, compared with the enumerated last octets.
  describe('agrees with enumeration inside one /24', () => {
    const base = v4('192.168.1.0');
    const net = IpSet.fromCidr('192.168.1.0/24');
    const piece = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 })).map(([o, p]) => `192.168.1.${o}/${p}`),
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as const),
    );
    const arbSet = fc.array(piece, { maxLength: 5 }).map((pieces) => {
      let set = IpSet.empty();
      const octets = new Set<number>();
      for (const p of pieces) {
        if (typeof p === 'string') {
          const c = parseCidr(p)!;
          set = set.union(IpSet.fromCidr(p));
          for (let x = c.lo; x <= c.hi; x++) octets.add(Number(x - base));
        } else {
          set = set.union(IpSet.fromRange(4, base + BigInt(p[0]), base + BigInt(p[1])));
          for (let x = p[0]; x <= p[1]; x++) octets.add(x);
        }
      }
      return { set, octets };
    });
    const enumerate = (s: IpSet): number[] => {
      const out: number[] = [];
      for (let o = 0; o < 256; o++) if (s.has({ family: 4, value: base + BigInt(o) })) out.push(o);
      expect(s.subtract(net).isEmpty()).toBe(true); // nothing leaked outside the /24
      return out;
    };
    const all = Array.from({ length: 256 }, (_, o) => o);

    it('membership, union, intersect, subtract, complement', () => {
      fc.assert(
        fc.property(arbSet, arbSet, ({ set: a, octets: A }, { set: b, octets: B }) => {
          expect(enumerate(a)).toEqual(all.filter((o) => A.has(o)));
          expect(enumerate(a.union(b))).toEqual(all.filter((o) => A.has(o) || B.has(o)));
          expect(enumerate(a.intersect(b))).toEqual(all.filter((o) => A.has(o) && B.has(o)));
          expect(enumerate(a.subtract(b))).toEqual(all.filter((o) => A.has(o) && !B.has(o)));
          expect(enumerate(a.complement().intersect(net))).toEqual(all.filter((o) => !A.has(o)));
          expect(a.isSubsetOf(b)).toBe([...A].every((o) => B.has(o)));
          expect(a.v4.size()).toBe(BigInt(A.size));
        }),
      );
    });

    it('toRanges and toCidrs describe the same addresses', () => {
      fc.assert(
        fc.property(arbSet, ({ set, octets }) => {
          const fromRanges = new Set<number>();
          for (const r of set.toRanges()) {
            const [lo, hi] = r.split('-').map((t) => v4(t) - base) as [bigint, bigint];
            for (let x = lo; x <= hi; x++) fromRanges.add(Number(x));
          }
          expect([...fromRanges].sort((x, y) => x - y)).toEqual(all.filter((o) => octets.has(o)));
          expect(IpSet.fromCidrs(set.toCidrs()).equals(set)).toBe(true);
        }),
      );
    });
  });

  it('CIDR → set → minimal cover → the same CIDR (its network address)', () => {
    fc.assert(
      fc.property(fc.constantFrom<IpFamily>(4, 6), fc.bigInt({ min: 0n, max: MAX_V6 }), fc.nat(128), (family, raw, p) => {
        const bits = family === 4 ? 32 : 128;
        const value = family === 4 ? raw & MAX_V4 : raw;
        const prefix = p % (bits + 1);
        const c = parseCidr(`${formatIp(family, value)}/${prefix}`)!;
        const set = IpSet.fromCidr(`${formatIp(family, value)}/${prefix}`);
        expect(set.toCidrs()).toEqual([`${formatIp(family, c.lo)}/${prefix}`]);
        expect(set.toRanges()).toEqual([`${formatIp(family, c.lo)}-${formatIp(family, c.hi)}`]);
      }),
    );
  });

  it('any set → minimal covers → the same set', () => {
    const piece = fc.oneof(
      fc.tuple(fc.bigInt({ min: 0n, max: MAX_V4 }), fc.bigInt({ min: 0n, max: MAX_V4 })).map(([x, y]) => IpSet.fromRange(4, x < y ? x : y, x < y ? y : x)),
      fc.tuple(fc.bigInt({ min: 0n, max: MAX_V6 }), fc.bigInt({ min: 0n, max: MAX_V6 })).map(([x, y]) => IpSet.fromRange(6, x < y ? x : y, x < y ? y : x)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const set = pieces.reduce((acc, p) => acc.union(p), IpSet.empty());
        expect(IpSet.fromCidrs(set.toCidrs()).equals(set)).toBe(true);
      }),
    );
  });
});
