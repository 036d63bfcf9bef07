import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../../core/source.js';
import type { SecurityGroupElement, SecurityGroupRuleElement } from '../../model/infra/types.js';
import { ConnSet } from '../conn-set.js';
import { IpSet } from '../ip.js';
import { PortSet } from '../ports.js';
import { evaluateSecurityGroups, type SgHolder } from './security-groups.js';

const at: SourceRef = { file: 't.yaml', doc: 0, path: [], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } };
const ref = (key: string) => ({ key, text: key, resolved: true, at });
const sg = (key: string, rules: SecurityGroupRuleElement[], complete = true): SecurityGroupElement => ({ key, at, source: 'describe', rules, complete });
const rule = (direction: 'ingress' | 'egress', protocol: string, peer: SecurityGroupRuleElement['peers'][number], ports?: [number, number]): SecurityGroupRuleElement => ({
  direction,
  protocol,
  peers: [peer],
  ...(ports ? { ports: { from: ports[0], to: ports[1] } } : {}),
  at,
});
const holder = (cidr: string, ...groups: SecurityGroupElement[]): SgHolder => ({ addresses: IpSet.fromCidr(cidr), groups: { known: groups, unknown: [], at } });
const tcp = (p: number) => ConnSet.of('TCP', PortSet.single(p));

describe('evaluateSecurityGroups', () => {
  // AWS's EKS cluster security group (sec-group-reqs.html): all inbound from itself, all outbound.
  const cluster = sg('cluster', [rule('ingress', 'all', { kind: 'security-group', ref: ref('cluster') }), rule('egress', 'all', { kind: 'cidr', cidr: { known: true, value: '0.0.0.0/0' } })]);
  const other = sg('other', [rule('egress', 'all', { kind: 'cidr', cidr: { known: true, value: '0.0.0.0/0' } })]);

  it('a group that admits itself: members reach each other on every port', () => {
    const v = evaluateSecurityGroups(holder('10.0.1.0/24', cluster), holder('10.0.2.0/24', cluster), ConnSet.all());
    expect(v.allowed.isAll()).toBe(true);
  });

  it('a non-member is blocked by the missing ingress rule', () => {
    const v = evaluateSecurityGroups(holder('10.0.1.0/24', other), holder('10.0.2.0/24', cluster), tcp(10250));
    expect(v.blocked.equals(tcp(10250))).toBe(true);
    expect(v.ingress.allowed.isEmpty()).toBe(true);
  });

  it('an incomplete group or a group not in the input is unknown, never blocked', () => {
    const v = evaluateSecurityGroups(holder('10.0.1.0/24', other), holder('10.0.2.0/24', sg('x', [], false)), tcp(443));
    expect(v.blocked.isEmpty()).toBe(true);
    expect(v.unknown.equals(tcp(443))).toBe(true);
    const w = evaluateSecurityGroups(holder('10.0.1.0/24', other), { addresses: IpSet.fromCidr('10.0.2.0/24'), groups: { known: [], unknown: [ref('sg-0gone')], at } }, tcp(443));
    expect(w.blocked.isEmpty()).toBe(true);
  });

  it('ICMP rules are outside the connection algebra: they allow no TCP/UDP/SCTP', () => {
    const icmp = sg('icmp', [rule('ingress', 'ICMP', { kind: 'cidr', cidr: { known: true, value: '0.0.0.0/0' } })]);
    expect(evaluateSecurityGroups(holder('10.0.1.0/24', other), holder('10.0.2.0/24', icmp), tcp(80)).allowed.isEmpty()).toBe(true);
  });

  it('is monotone: adding a rule never removes allowed traffic', () => {
    const arbRule = fc.record({
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      protocol: fc.constantFrom('TCP', 'UDP', 'all'),
      peer: fc.oneof(
        fc.constantFrom('10.0.0.0/16', '10.0.1.0/24', '10.0.2.0/24', '0.0.0.0/0').map((c) => ({ kind: 'cidr' as const, cidr: { known: true as const, value: c } })),
        fc.constantFrom('a', 'b').map((k) => ({ kind: 'security-group' as const, ref: ref(k) })),
      ),
      ports: fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 })).map(([x, y]) => [Math.min(x, y), Math.max(x, y)] as [number, number]),
    }).map((r) => rule(r.direction, r.protocol, r.peer, r.protocol === 'all' ? undefined : r.ports));
    fc.assert(
      fc.property(fc.array(arbRule, { maxLength: 6 }), fc.array(arbRule, { maxLength: 6 }), arbRule, fc.boolean(), (ra, rb, extra, toA) => {
        const conns = ConnSet.fromEntries([['TCP', PortSet.of(1, 100)], ['UDP', PortSet.of(1, 100)]]);
        const before = evaluateSecurityGroups(holder('10.0.1.0/24', sg('a', ra)), holder('10.0.2.0/24', sg('b', rb)), conns).allowed;
        const a2 = toA ? [...ra, extra] : ra;
        const b2 = toA ? rb : [...rb, extra];
        const after = evaluateSecurityGroups(holder('10.0.1.0/24', sg('a', a2)), holder('10.0.2.0/24', sg('b', b2)), conns).allowed;
        return before.isSubsetOf(after);
      }),
      { numRuns: 300 },
    );
  });
});
