import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../../core/source.js';
import type { NetworkAclElement, NetworkAclEntryElement } from '../../model/infra/types.js';
import { ConnSet } from '../conn-set.js';
import { IpSet } from '../ip.js';
import { PortSet } from '../ports.js';
import { evaluateNacl } from './nacl.js';

const at: SourceRef = { file: 't.yaml', doc: 0, path: [], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } };
const entry = (ruleNumber: number, action: 'allow' | 'deny', protocol: string, cidr: string, ports?: [number, number], egress = false): NetworkAclEntryElement => ({
  ruleNumber,
  action,
  egress,
  protocol,
  cidr: { known: true, value: cidr },
  ...(ports ? { ports: { from: ports[0], to: ports[1] } } : {}),
  at,
});
const acl = (entries: NetworkAclEntryElement[]): NetworkAclElement => ({ key: 'acl', at, source: 'describe', isDefault: false, subnets: [], entries, complete: true });

describe('evaluateNacl', () => {
  // AWS "Example network ACL rules" for a public subnet (docs.aws.amazon.com/vpc/latest/userguide/nacl-examples.html):
  // inbound 100 allow TCP 80 from 0.0.0.0/0, 110 allow TCP 443, 130 allow TCP 22 from a home range,
  // 140 allow TCP 32768-65535 (ephemeral) from 0.0.0.0/0, * deny.
  const example = acl([
    entry(100, 'allow', 'TCP', '0.0.0.0/0', [80, 80]),
    entry(110, 'allow', 'TCP', '0.0.0.0/0', [443, 443]),
    entry(130, 'allow', 'TCP', '192.0.2.0/24', [22, 22]),
    entry(140, 'allow', 'TCP', '0.0.0.0/0', [32768, 65535]),
  ]);
  it.each([
    ['HTTPS from anywhere', '198.51.100.7/32', 'TCP', 443, true],
    ['SSH from the home range', '192.0.2.10/32', 'TCP', 22, true],
    ['SSH from elsewhere hits the final *', '198.51.100.7/32', 'TCP', 22, false],
    ['UDP is not allowed by any entry', '198.51.100.7/32', 'UDP', 53, false],
    ['an ephemeral port', '198.51.100.7/32', 'TCP', 40000, true],
  ] as const)('%s', (_name, remote, proto, port, expected) => {
    const conns = ConnSet.of(proto, PortSet.single(port));
    const v = evaluateNacl(example, 'inbound', IpSet.fromCidr(remote), conns);
    expect(v.every((x) => x.allowed.equals(expected ? conns : ConnSet.none()))).toBe(true);
  });

  it('lowest rule number first: a deny at 90 wins over the allow at 100', () => {
    const v = evaluateNacl(acl([entry(100, 'allow', 'all', '0.0.0.0/0'), entry(90, 'deny', 'TCP', '10.0.0.0/8', [443, 443])]), 'inbound', IpSet.fromCidr('0.0.0.0/0'), ConnSet.of('TCP', PortSet.single(443)));
    const denied = v.find((x) => x.addresses.equals(IpSet.fromCidr('10.0.0.0/8')))!;
    expect(denied.allowed.isEmpty()).toBe(true);
    expect(denied.decisions[0]!.entry?.ruleNumber).toBe(90);
    expect(v.filter((x) => x !== denied).every((x) => x.allowed.equals(ConnSet.of('TCP', PortSet.single(443))))).toBe(true);
  });

  it('agrees with a per-address, per-port brute force on random ACLs', () => {
    // Small universe: addresses 10.0.0.0/28, ports 1-8, TCP and UDP.
    const arbCidr = fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 28, max: 32 })).map(([host, len]) => `10.0.0.${host & ~((1 << (32 - len)) - 1) & 15}/${len}`);
    const arbEntry = fc.record({
      ruleNumber: fc.integer({ min: 1, max: 50 }),
      action: fc.constantFrom('allow' as const, 'deny' as const),
      protocol: fc.constantFrom('TCP', 'UDP', 'all', 'ICMP'),
      cidr: fc.oneof(arbCidr, fc.constant('0.0.0.0/0')),
      ports: fc.option(fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbEntry, { selector: (e) => e.ruleNumber, maxLength: 8 }), (raw) => {
        const entries = raw.map((e) => entry(e.ruleNumber, e.action, e.protocol, e.cidr, e.protocol === 'TCP' || e.protocol === 'UDP' ? e.ports : undefined));
        const universe = ConnSet.fromEntries([['TCP', PortSet.of(1, 8)], ['UDP', PortSet.of(1, 8)]]);
        const verdicts = evaluateNacl(acl(entries), 'inbound', IpSet.fromCidr('10.0.0.0/28'), universe);
        const sorted = [...entries].sort((a, b) => a.ruleNumber - b.ruleNumber);
        for (let host = 0; host < 16; host++) {
          const addr = IpSet.fromCidr(`10.0.0.${host}/32`);
          const v = verdicts.find((x) => addr.isSubsetOf(x.addresses))!;
          for (const proto of ['TCP', 'UDP'] as const)
            for (let port = 1; port <= 8; port++) {
              const first = sorted.find((e) => {
                if (!addr.isSubsetOf(IpSet.fromCidr((e.cidr as { value: string }).value))) return false;
                if (e.protocol === 'all') return true;
                if (e.protocol !== proto) return false;
                return e.ports === undefined || (e.ports.from <= port && port <= e.ports.to);
              });
              const expected = first?.action === 'allow';
              if (v.allowed.ports(proto).contains(port) !== expected) return false;
            }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
