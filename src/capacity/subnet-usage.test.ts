import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocksAfterSingles, delegableBlocks, podEniUsage, usableAddresses, type WarmKnobs } from './subnet-usage.js';

const DEFAULTS: WarmKnobs = { warmEniTarget: 1, warmPrefixTarget: 1 };
const M5_LARGE = { podEnis: 3, ipv4PerEni: 10, prefixDelegation: false, maxPods: 29 };
const M5_LARGE_PD = { ...M5_LARGE, prefixDelegation: true, maxPods: 110 };

describe('podEniUsage: vpc-cni-capacity.md §3 examples (m5.large, defaults)', () => {
  it.each([
    [0, 10],
    [1, 20],
    [9, 20],
    [10, 30],
    [27, 30],
  ])('secondary IP, %i pods → %i addresses', (pods, addresses) => {
    expect(podEniUsage(pods, M5_LARGE, DEFAULTS).addresses).toBe(addresses);
  });
  it.each([
    [0, 17],
    [1, 33],
    [16, 33],
    [17, 49],
    [32, 49],
  ])('prefix delegation, %i pods → %i addresses', (pods, addresses) => {
    expect(podEniUsage(pods, M5_LARGE_PD, DEFAULTS).addresses).toBe(addresses);
  });
  it('WARM_IP_TARGET / MINIMUM_IP_TARGET keep n + T addresses', () => {
    // 5 pods, WARM_IP_TARGET=2: T = 7 secondary IPs on 1 ENI → 8.
    expect(podEniUsage(5, M5_LARGE, { ...DEFAULTS, warmIpTarget: 2 })).toMatchObject({ enis: 1, addresses: 8 });
    // 0 pods, MINIMUM_IP_TARGET=20 (t3.small in PD: 2 prefixes, the code's ceil(20/16)).
    expect(podEniUsage(0, { podEnis: 3, ipv4PerEni: 4, prefixDelegation: true, maxPods: 110 }, { ...DEFAULTS, warmIpTarget: 7, minimumIpTarget: 20 })).toMatchObject({ prefixes: 2 });
  });
  it('the pool stops growing at maxPods', () => {
    // m5.large PD with 108 pods: 7 prefixes (112 ≥ 110), not 7 + 1 warm.
    expect(podEniUsage(108, M5_LARGE_PD, DEFAULTS)).toMatchObject({ prefixes: 7, enis: 1, addresses: 113 });
  });
  it('shows the arithmetic', () => {
    expect(podEniUsage(27, M5_LARGE, DEFAULTS)).toMatchObject({ formula: '3 ENIs × 10 = 30', knob: 'WARM_ENI_TARGET=1' });
  });
});

describe('usable addresses and /28 blocks (§5)', () => {
  it.each([
    [24, 251, 14],
    [19, 8187, 510],
    [26, 59, 2],
    [27, 27, 0],
    [28, 11, 0],
    [32, 0, 0],
  ])('/%i → %i usable, %i delegable /28 blocks', (len, usable, blocks) => {
    expect(usableAddresses(len)).toBe(usable);
    expect(delegableBlocks(len)).toBe(blocks);
  });
  it('individual addresses fill the edge blocks first at best, one block each at worst', () => {
    expect(blocksAfterSingles(24, 27)).toEqual({ total: 14, best: 14, worst: 0 });
    expect(blocksAfterSingles(24, 28)).toEqual({ total: 14, best: 13, worst: 0 });
    expect(blocksAfterSingles(24, 5)).toEqual({ total: 14, best: 14, worst: 9 });
  });
});

describe('properties', () => {
  const arbShape = fc.record({ podEnis: fc.integer({ min: 0, max: 15 }), ipv4PerEni: fc.integer({ min: 1, max: 50 }), prefixDelegation: fc.boolean(), maxPods: fc.integer({ min: 0, max: 800 }) });
  const arbKnobs = fc.record({
    warmEniTarget: fc.integer({ min: 0, max: 3 }),
    warmIpTarget: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    minimumIpTarget: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    warmPrefixTarget: fc.integer({ min: 0, max: 3 }),
  });
  it('usable is never negative', () => {
    fc.assert(fc.property(fc.integer({ min: -5, max: 40 }), (len) => {
      expect(usableAddresses(len)).toBeGreaterThanOrEqual(0);
    }));
  });
  it('more pods never use fewer addresses, and pods always have their addresses', () => {
    fc.assert(fc.property(arbShape, arbKnobs, fc.integer({ min: 0, max: 800 }), fc.integer({ min: 0, max: 50 }), (shape, knobs, p, dp) => {
      const cap = shape.podEnis * (shape.ipv4PerEni - 1) * (shape.prefixDelegation ? 16 : 1);
      const pods = Math.min(p, cap);
      const more = Math.min(p + dp, cap);
      const a = podEniUsage(pods, shape, knobs);
      const b = podEniUsage(more, shape, knobs);
      expect(b.addresses).toBeGreaterThanOrEqual(a.addresses);
      expect(a.addresses - a.enis).toBeGreaterThanOrEqual(pods);
      expect(a.addresses).toBeGreaterThanOrEqual(0);
    }));
  });
});
