import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_NODE_COUNT,
  DEFAULT_VPC_CIDR,
  defaultAvailabilityZoneCount,
  defaultEndpoints,
  defaultNat,
  defaultScaling,
  isLocalZoneName,
  isZoneName,
  parseIPv4Cidr,
  placeholderZones,
  planSubnets,
  type PlannedSubnet,
} from './defaults.js';

const layout = (subnets: PlannedSubnet[]) => subnets.map((s) => `${s.tier} ${s.zone} ${s.cidr}`);

describe('eksctl defaults (pinned against eksctl-io/eksctl)', () => {
  it('constants: VPC 192.168.0.0/16, m5.large, 2 nodes', () => {
    expect(DEFAULT_VPC_CIDR).toBe('192.168.0.0/16');
    expect(DEFAULT_INSTANCE_TYPE).toBe('m5.large');
    expect(DEFAULT_NODE_COUNT).toBe(2);
  });

  it('zones: 3 picked at random, 2 in us-east-1; placeholders az-1…', () => {
    expect(defaultAvailabilityZoneCount('eu-west-1')).toBe(3);
    expect(defaultAvailabilityZoneCount(undefined)).toBe(3);
    expect(defaultAvailabilityZoneCount('us-east-1')).toBe(2);
    expect(placeholderZones(3)).toEqual(['az-1', 'az-2', 'az-3']);
  });

  it('NAT: Single in the VPC eksctl creates, none otherwise', () => {
    expect(defaultNat(true, false)).toBe('Single');
    expect(defaultNat(false, false)).toBe('Disable');
    expect(defaultNat(true, true)).toBe('Disable');
  });

  it('endpoints: public only; private only for a fully-private cluster', () => {
    expect(defaultEndpoints(false)).toEqual({ publicAccess: true, privateAccess: false });
    expect(defaultEndpoints(true)).toEqual({ publicAccess: false, privateAccess: true });
  });
});

describe('planSubnets (vpc/vpc.go SetSubnets)', () => {
  it('3 AZs in the default /16: 8 /19 blocks, public first then private, two left over', () => {
    const plan = planSubnets('192.168.0.0/16', ['a', 'b', 'c']);
    expect('subnets' in plan && layout(plan.subnets)).toEqual([
      'public a 192.168.0.0/19',
      'private a 192.168.96.0/19',
      'public b 192.168.32.0/19',
      'private b 192.168.128.0/19',
      'public c 192.168.64.0/19',
      'private c 192.168.160.0/19',
    ]);
  });

  it('2 AZs (us-east-1): still /19 blocks, private from the third', () => {
    const plan = planSubnets('192.168.0.0/16', ['a', 'b']);
    expect('subnets' in plan && layout(plan.subnets)).toEqual([
      'public a 192.168.0.0/19',
      'private a 192.168.64.0/19',
      'public b 192.168.32.0/19',
      'private b 192.168.96.0/19',
    ]);
  });

  it('more than 4 zones (local zones count): 16 blocks of prefix+4', () => {
    const plan = planSubnets('10.0.0.0/16', ['a', 'b', 'c'], ['us-west-2-lax-1a', 'us-west-2-lax-1b']);
    expect('subnets' in plan && layout(plan.subnets)).toEqual([
      'public a 10.0.0.0/20',
      'private a 10.0.80.0/20',
      'public b 10.0.16.0/20',
      'private b 10.0.96.0/20',
      'public c 10.0.32.0/20',
      'private c 10.0.112.0/20',
      'public us-west-2-lax-1a 10.0.48.0/20',
      'private us-west-2-lax-1a 10.0.128.0/20',
      'public us-west-2-lax-1b 10.0.64.0/20',
      'private us-west-2-lax-1b 10.0.144.0/20',
    ]);
    expect('subnets' in plan && plan.subnets.filter((s) => s.localZone).map((s) => s.position)).toEqual([0, 0, 1, 1]);
  });

  it('a single zone: 2 blocks of prefix+3', () => {
    const plan = planSubnets('10.1.0.0/24', ['a']);
    expect('subnets' in plan && layout(plan.subnets)).toEqual(['public a 10.1.0.0/27', 'private a 10.1.0.32/27']);
  });

  it('host bits are cleared as net.ParseCIDR does', () => {
    const plan = planSubnets('10.0.5.7/16', ['a', 'b']);
    expect('subnets' in plan && plan.subnets[0]!.cidr).toBe('10.0.0.0/19');
  });

  it('refuses what eksctl refuses', () => {
    expect(planSubnets('10.0.0.0/8', ['a', 'b'])).toEqual({ error: 'VPC CIDR prefix must be between /16 and /24' });
    expect(planSubnets('10.0.0.0/25', ['a', 'b'])).toEqual({ error: 'VPC CIDR prefix must be between /16 and /24' });
    expect(planSubnets('10.0.0.0/16', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])).toEqual({ error: 'cannot create more than 16 subnets, 18 requested' });
    expect(planSubnets('fd00::/56', ['a', 'b'])).toEqual({ error: 'fd00::/56 is not an IPv4 CIDR' });
  });

  it('property: the subnets are disjoint, inside the VPC, of equal size, public blocks before private ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 16, max: 24 }), fc.integer({ min: 1, max: 8 }), (ip, prefix, n) => {
        const cidr = `${[ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.')}/${prefix}`;
        const zones = Array.from({ length: n }, (_, i) => `z${i}`);
        const plan = planSubnets(cidr, zones);
        if (!('subnets' in plan)) throw new Error(plan.error);
        const vpc = parseIPv4Cidr(cidr)!;
        const blocks = plan.subnets.map((s) => parseIPv4Cidr(s.cidr)!);
        const size = 2 ** (32 - blocks[0]!.prefix);
        expect(new Set(blocks.map((b) => b.prefix)).size).toBe(1);
        expect(blocks[0]!.prefix).toBe(prefix + (2 * n <= 8 ? 3 : 4));
        const starts = blocks.map((b) => b.base).sort((a, b) => a - b);
        starts.forEach((s, i) => {
          expect(s).toBeGreaterThanOrEqual(vpc.base);
          expect(s + size).toBeLessThanOrEqual(vpc.base + 2 ** (32 - prefix));
          if (i > 0) expect(s).toBeGreaterThanOrEqual(starts[i - 1]! + size);
        });
        const maxPublic = Math.max(...plan.subnets.filter((s) => s.tier === 'public').map((s) => s.index));
        const minPrivate = Math.min(...plan.subnets.filter((s) => s.tier === 'private').map((s) => s.index));
        expect(maxPublic).toBeLessThan(minPrivate);
      }),
    );
  });
});

describe('defaultScaling (validation.go ValidateManagedNodeGroup, cfn/builder/nodegroup.go)', () => {
  const s = (stated: { minSize?: number; maxSize?: number; desiredCapacity?: number }, managed = true) => {
    const r = defaultScaling(stated, managed);
    return [r.minSize, r.desiredCapacity, r.maxSize];
  };
  it('fills min, desired and max as eksctl does', () => {
    expect(s({})).toEqual([2, 2, 2]);
    expect(s({ desiredCapacity: 4 })).toEqual([4, 4, 4]);
    expect(s({ minSize: 3 })).toEqual([3, 3, 3]);
    expect(s({ maxSize: 8 })).toEqual([2, 2, 8]);
    expect(s({ minSize: 2, maxSize: 8 })).toEqual([2, 2, 8]);
    expect(s({ minSize: 1, desiredCapacity: 3 })).toEqual([1, 3, 3]);
    expect(s({ desiredCapacity: 3, maxSize: 10 })).toEqual([3, 3, 10]);
    expect(s({ minSize: 1, desiredCapacity: 2, maxSize: 5 })).toEqual([1, 2, 5]);
  });
  it('a managed group never gets a computed maxSize of 0', () => {
    expect(s({ desiredCapacity: 0 })).toEqual([0, 0, 1]);
    expect(s({ desiredCapacity: 0 }, false)).toEqual([0, 0, 0]);
  });
});

describe('zone names', () => {
  it('recognises availability and local zones, not subnet names', () => {
    for (const z of ['us-west-2a', 'eu-north-1c', 'us-gov-west-1b', 'ap-southeast-2a', 'us-west-2-lax-1a']) expect(isZoneName(z), z).toBe(true);
    for (const n of ['public-one', 'private-three', 'outpost-subnet-1', 'subnet-0b2512f8c6ae9bf30', 'az-1', 'us-west-2']) expect(isZoneName(n), n).toBe(false);
    expect(isLocalZoneName('us-west-2-lax-1a')).toBe(true);
    expect(isLocalZoneName('us-west-2a')).toBe(false);
  });
});
