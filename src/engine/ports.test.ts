import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../core/source.js';
import { PROTOCOLS, PortSet, parsePortRange, parsePortSet } from './ports.js';

describe('PortSet', () => {
  it('PROTOCOLS are sorted', () => {
    expect(PROTOCOLS).toEqual(['SCTP', 'TCP', 'UDP']);
    expect([...PROTOCOLS].sort()).toEqual(PROTOCOLS);
  });

  it('toString: ascending, merged ranges', () => {
    expect(PortSet.all().toString()).toBe('1-65535');
    expect(PortSet.empty().toString()).toBe('');
    expect(PortSet.single(80).toString()).toBe('80');
    expect(PortSet.of(8000, 8100).union(PortSet.single(80)).toString()).toBe('80,8000-8100');
    expect(PortSet.single(81).union(PortSet.single(80)).toString()).toBe('80-81');
    expect(PortSet.all().subtract(PortSet.single(1)).subtract(PortSet.single(65535)).toString()).toBe('2-65534');
    expect(PortSet.single(443).complement().toString()).toBe('1-442,444-65535');
  });

  it('isAll however "all" was reached', () => {
    expect(PortSet.of(1, 100).union(PortSet.of(101, 65535)).isAll()).toBe(true);
    expect(PortSet.single(80).complement().union(PortSet.single(80)).isAll()).toBe(true);
    expect(PortSet.of(1, 65534).isAll()).toBe(false);
  });

  it('of: lo > hi is empty; ports outside [1, 65535] or fractional are InternalErrors', () => {
    expect(PortSet.of(8100, 8000).isEmpty()).toBe(true);
    expect(() => PortSet.of(0, 10)).toThrow(InternalError);
    expect(() => PortSet.single(65536)).toThrow(InternalError);
    expect(() => PortSet.single(80.5)).toThrow(InternalError);
    expect(() => PortSet.single(Number.NaN)).toThrow(InternalError);
  });

  it('parsePortRange', () => {
    expect(parsePortRange('8000-8100')?.toString()).toBe('8000-8100');
    expect(parsePortRange('80')?.toString()).toBe('80');
    expect(parsePortRange('1-65535')?.isAll()).toBe(true);
    for (const bad of ['', '0', '65536', '8100-8000', '80-', '-80', '80-90-100', 'http', ' 80', '80,81', '1e3', '0x50', '123456']) {
      expect(parsePortRange(bad), bad).toBeUndefined();
    }
  });

  it('parsePortSet inverts toString', () => {
    expect(parsePortSet('80,8000-8100,81')?.toString()).toBe('80-81,8000-8100');
    expect(parsePortSet('')?.isEmpty()).toBe(true);
    expect(parsePortSet('80,,81')).toBeUndefined();
    const port = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 65535 }));
    const arb = fc
      .array(fc.tuple(port, port), { maxLength: 6 })
      .map((l) => l.reduce((acc, [x, y]) => acc.union(PortSet.of(Math.min(x, y), Math.max(x, y))), PortSet.empty()));
    fc.assert(fc.property(arb, (p) => parsePortSet(p.toString())!.equals(p)));
  });

  // Oracle: sets of ports within [1, 40] and the top end, against enumeration.
  it('agrees with a Set<number>', () => {
    const near = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 65520, max: 65535 }));
    const raw = fc.array(fc.tuple(near, near), { maxLength: 5 });
    const build = (l: [number, number][]): PortSet => l.reduce((acc, [x, y]) => acc.union(PortSet.of(x, y)), PortSet.empty());
    const points = [...Array.from({ length: 42 }, (_, i) => i), ...Array.from({ length: 18 }, (_, i) => 65520 + i)];
    const has = (l: [number, number][], p: number): boolean => l.some(([x, y]) => x <= p && p <= y);
    fc.assert(
      fc.property(raw, raw, (la, lb) => {
        const [a, b] = [build(la), build(lb)];
        for (const p of points) {
          const [A, B] = [has(la, p), has(lb, p)];
          expect(a.contains(p)).toBe(A);
          expect(a.union(b).contains(p)).toBe(A || B);
          expect(a.intersect(b).contains(p)).toBe(A && B);
          expect(a.subtract(b).contains(p)).toBe(A && !B);
          expect(a.complement().contains(p)).toBe(p >= 1 && p <= 65535 && !A);
        }
        let size = 0;
        for (let p = 1; p <= 65535; p++) if (has(la, p)) size++;
        expect(a.size()).toBe(size);
      }),
      { numRuns: 50 },
    );
  });

});
