import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../core/source.js';
import { ConnSet, type ConnJSON } from './conn-set.js';
import { PROTOCOLS, PortSet, type Protocol } from './ports.js';

const tcp = (lo: number, hi = lo): ConnSet => ConnSet.of('TCP', PortSet.of(lo, hi));
const udp = (lo: number, hi = lo): ConnSet => ConnSet.of('UDP', PortSet.of(lo, hi));
const sctp = (lo: number, hi = lo): ConnSet => ConnSet.of('SCTP', PortSet.of(lo, hi));

describe('ConnSet', () => {
  describe('toString: np-guard txt format', () => {
    it.each([
      [ConnSet.all(), 'All Connections'],
      [ConnSet.none(), 'No Connections'],
      [udp(9090).union(tcp(8080, 8081)).union(sctp(7070)), 'SCTP 7070,TCP 8080-8081,UDP 9090'],
      [udp(10053).union(tcp(10053)).union(tcp(10054)), 'TCP 10053-10054,UDP 10053'],
      [tcp(80).union(tcp(8000, 8100)).union(udp(53)), 'TCP 80,8000-8100,UDP 53'],
      [ConnSet.of('TCP'), 'TCP 1-65535'],
      [ConnSet.of('TCP').union(ConnSet.of('UDP')), 'TCP 1-65535,UDP 1-65535'],
      [ConnSet.of('TCP').union(ConnSet.of('UDP')).union(ConnSet.of('SCTP')), 'All Connections'],
      [ConnSet.all().subtract(tcp(22)), 'SCTP 1-65535,TCP 1-21,23-65535,UDP 1-65535'],
      [tcp(80).subtract(tcp(80)), 'No Connections'],
    ])('%#: %s', (conns, text) => {
      expect(conns.toString()).toBe(text);
      expect(conns.key()).toBe(text);
    });
  });

  describe('toJSON: PRODUCT.md §2 `allowed`', () => {
    it.each([
      [ConnSet.all(), '{"all":true}'],
      [ConnSet.none(), '{"all":false}'],
      [tcp(80).union(tcp(8000, 8100)).union(udp(53)), '{"all":false,"TCP":"80,8000-8100","UDP":"53"}'],
      [udp(53).union(sctp(7070)).union(tcp(443)), '{"all":false,"SCTP":"7070","TCP":"443","UDP":"53"}'],
      [ConnSet.of('UDP'), '{"all":false,"UDP":"1-65535"}'],
      [ConnSet.none().complement(), '{"all":true}'],
    ])('%#: %s', (conns, json) => {
      expect(JSON.stringify(conns)).toBe(json);
      expect(ConnSet.fromJSON(JSON.parse(json) as ConnJSON)!.equals(conns)).toBe(true);
    });

    it('fromJSON rejects malformed port strings', () => {
      expect(ConnSet.fromJSON({ all: false, TCP: '80-' })).toBeUndefined();
    });
  });

  it('canonical: "all" and "none" however reached; absent protocol = empty ports', () => {
    expect(ConnSet.fromEntries([]).equals(ConnSet.none())).toBe(true);
    expect(ConnSet.of('TCP', PortSet.empty()).isEmpty()).toBe(true);
    expect(ConnSet.of('TCP', PortSet.empty()).protocols()).toEqual([]);
    expect(ConnSet.fromEntries(PROTOCOLS.map((p) => [p, PortSet.all()])).isAll()).toBe(true);
    expect(ConnSet.fromEntries([['TCP', PortSet.single(80)], ['TCP', PortSet.single(81)]]).toString()).toBe('TCP 80-81');
    expect(ConnSet.all().ports('UDP').isAll()).toBe(true);
    expect(tcp(80).ports('UDP').isEmpty()).toBe(true);
    expect(udp(1).union(tcp(1)).protocols()).toEqual(['TCP', 'UDP']);
  });

  it('egress ∩ ingress, as np-guard computes allowed', () => {
    const egress = ConnSet.of('TCP').union(udp(53));
    const ingress = tcp(8080).union(tcp(9090)).union(sctp(1));
    expect(egress.intersect(ingress).toString()).toBe('TCP 8080,9090');
    expect(ConnSet.all().intersect(ingress).equals(ingress)).toBe(true);
  });

  it('an unknown protocol is an InternalError', () => {
    expect(() => ConnSet.of('ICMP' as Protocol)).toThrow(InternalError);
  });

  // Oracle: ports confined to [1, 12] (plus "all" from complements), enumerated as "PROTO/port".
  it('agrees with a Set of protocol/port pairs', () => {
    const entry = fc.tuple(fc.constantFrom(...PROTOCOLS), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }));
    const raw = fc.array(entry, { maxLength: 5 });
    const build = (l: [Protocol, number, number][]): ConnSet => ConnSet.fromEntries(l.map(([p, x, y]) => [p, PortSet.of(Math.min(x, y), Math.max(x, y))]));
    const has = (l: [Protocol, number, number][], p: Protocol, n: number): boolean =>
      l.some(([q, x, y]) => q === p && Math.min(x, y) <= n && n <= Math.max(x, y));
    fc.assert(
      fc.property(raw, raw, (la, lb) => {
        const [a, b] = [build(la), build(lb)];
        for (const p of PROTOCOLS) {
          for (let n = 1; n <= 13; n++) {
            const [A, B] = [has(la, p, n), has(lb, p, n)];
            expect(a.ports(p).contains(n)).toBe(A);
            expect(a.union(b).ports(p).contains(n)).toBe(A || B);
            expect(a.intersect(b).ports(p).contains(n)).toBe(A && B);
            expect(a.subtract(b).ports(p).contains(n)).toBe(A && !B);
            expect(a.complement().ports(p).contains(n)).toBe(!A);
          }
          expect(a.protocols().includes(p)).toBe(la.some(([q]) => q === p));
        }
        expect(a.isEmpty()).toBe(la.length === 0);
        expect(a.complement().isAll()).toBe(la.length === 0);
      }),
    );
  });
});
