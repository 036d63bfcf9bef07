import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BITS, parseCidr } from '../../engine/ip.js';
import { cidrBlocks } from './cidr.js';

const blocks = (ip: string, count: number, bits: number) => {
  const r = cidrBlocks(ip, count, bits);
  if ('error' in r) throw new Error(r.error);
  return r.blocks;
};

describe('Fn::Cidr arithmetic', () => {
  it('gives the worked example of the AWS reference: six /27s from a /24 with cidrBits 5', () => {
    expect(blocks('192.168.0.0/24', 6, 5)).toEqual([
      '192.168.0.0/27',
      '192.168.0.32/27',
      '192.168.0.64/27',
      '192.168.0.96/27',
      '192.168.0.128/27',
      '192.168.0.160/27',
    ]);
  });

  it('takes cidrBits as host bits, whatever the prefix of the block: /24s from a /16 with 8', () => {
    expect(blocks('10.0.0.0/16', 3, 8)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    expect(blocks('192.168.0.0/16', 4, 14)).toEqual(['192.168.0.0/18', '192.168.64.0/18', '192.168.128.0/18', '192.168.192.0/18']);
  });

  it('allocates up to 256 blocks, and the whole block when cidrBits equals its host bits', () => {
    const all = blocks('10.0.0.0/16', 256, 8);
    expect(all).toHaveLength(256);
    expect(all[255]).toBe('10.0.255.0/24');
    expect(blocks('10.0.0.0/16', 1, 16)).toEqual(['10.0.0.0/16']);
    expect(blocks('10.0.0.0/30', 4, 0)).toEqual(['10.0.0.0/32', '10.0.0.1/32', '10.0.0.2/32', '10.0.0.3/32']);
  });

  it('splits IPv6 blocks into /(128 − cidrBits)', () => {
    expect(blocks('2001:db8::/56', 3, 64)).toEqual(['2001:db8::/64', '2001:db8:0:1::/64', '2001:db8:0:2::/64']);
    expect(blocks('2001:db8:1234::/48', 2, 72)).toEqual(['2001:db8:1234::/56', '2001:db8:1234:100::/56']);
  });

  it('masks host bits of the block off, as parseCidr (Go) does', () => {
    expect(blocks('10.0.3.7/16', 2, 8)).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
  });

  it('refuses blocks larger than the input ("invalid CIDR block size"), too many blocks, and bad counts', () => {
    expect(cidrBlocks('192.168.0.0/16', 8, 23)).toMatchObject({ arg: 2, error: expect.stringContaining('invalid CIDR block size') });
    expect(cidrBlocks('10.0.0.0/16', 1, 17)).toMatchObject({ arg: 2 });
    expect(cidrBlocks('192.168.0.0/24', 9, 5)).toMatchObject({ arg: 1, error: expect.stringContaining('holds 8 blocks of /27, not 9') });
    expect(cidrBlocks('10.0.0.0/8', 0, 8)).toMatchObject({ arg: 1 });
    expect(cidrBlocks('10.0.0.0/8', 257, 8)).toMatchObject({ arg: 1 });
    expect(cidrBlocks('10.0.0.0/8', 2.5, 8)).toMatchObject({ arg: 1 });
    expect(cidrBlocks('10.0.0.0/8', 2, -1)).toMatchObject({ arg: 2 });
    expect(cidrBlocks('10.0.0.0', 2, 8)).toMatchObject({ arg: 0 });
    expect(cidrBlocks('10.0.0.256/8', 2, 8)).toMatchObject({ arg: 0 });
  });

  it('gives consecutive, aligned, equal blocks from the start of the input (oracle: address arithmetic)', () => {
    const v4 = fc.record({ addr: fc.integer({ min: 0, max: 2 ** 32 - 1 }), prefix: fc.integer({ min: 0, max: 32 }) });
    fc.assert(
      fc.property(v4, fc.integer({ min: 0, max: 32 }), fc.integer({ min: 1, max: 256 }), ({ addr, prefix }, bits, count) => {
        const ip = [24, 16, 8, 0].map((s) => (addr >>> s) & 255).join('.');
        const block = parseCidr(`${ip}/${prefix}`)!;
        const r = cidrBlocks(`${ip}/${prefix}`, count, bits);
        const fits = bits <= 32 - prefix && BigInt(count) <= 1n << BigInt(32 - prefix - bits);
        expect('blocks' in r).toBe(fits);
        if (!('blocks' in r)) return;
        r.blocks.forEach((b, i) => {
          const c = parseCidr(b)!;
          expect(c.prefix).toBe(BITS[4] - bits);
          expect(c.lo).toBe(block.lo + BigInt(i) * (1n << BigInt(bits)));
          expect(c.hi <= block.hi).toBe(true);
        });
      }),
    );
  });
});
