import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceLimits, instanceTypes, type InstanceLimits } from '../data/eni-limits.js';
import { podsPerNode, type CniKnobs } from './pods-per-node.js';

const OFF: CniKnobs = { prefixDelegation: false, customNetworking: false, podEni: false };
const CN: CniKnobs = { ...OFF, customNetworking: true };
const PD: CniKnobs = { ...OFF, prefixDelegation: true };
const PDCN: CniKnobs = { ...OFF, prefixDelegation: true, customNetworking: true };
const SGP: CniKnobs = { ...OFF, podEni: true };
const limits = (t: string) => instanceLimits(t)!;
const run = (t: string, cni: CniKnobs, managed = true, maxPods?: number) => podsPerNode(t, limits(t), cni, { managed, maxPods });

describe('podsPerNode: worked examples of vpc-cni-capacity.md §2', () => {
  // type, knobs, raw formula value (ipCapacity), value after the 110/250 cap (managed default maxPods)
  it.each([
    ['m5.large', OFF, 29, 29],
    ['m5.large', CN, 20, 29], // MNG does not count custom networking: 29 > 20 is the #1 complaint
    ['m5.large', PD, 434, 110],
    ['m5.large', PDCN, 290, 110],
    ['m5.2xlarge', OFF, 58, 58],
    ['m5.2xlarge', CN, 44, 58],
    ['m5.2xlarge', PD, 898, 110],
    ['m5.2xlarge', PDCN, 674, 110],
    ['t3.medium', OFF, 17, 17],
    ['t3.medium', CN, 12, 17],
    ['t3.medium', PD, 242, 110],
    ['t3.medium', PDCN, 162, 110],
    ['m5.24xlarge', OFF, 737, 250],
    ['m5.24xlarge', PD, 11762, 250],
    ['p5.48xlarge', OFF, 100, 100],
    ['t3.small', PDCN, 98, 110], // the MNG default is blind to custom networking: min(3 × 48 + 2, 110)
  ] as const)('%s %o → %i IP capacity, managed maxPods %i', (type, cni, capacity, managed) => {
    const r = run(type, cni);
    expect(r.ipCapacity).toBe(capacity);
    expect(r.maxPods).toBe(managed);
    expect(r.formula.endsWith(`= ${capacity}`)).toBe(true);
  });

  it('formulas show the arithmetic', () => {
    expect(run('m5.large', OFF).formula).toBe('3 × (10 − 1) + 2 = 29');
    expect(run('m5.large', CN).formula).toBe('(3 − 1 [custom networking: the primary ENI takes no pods]) × (10 − 1) + 2 = 20');
    expect(run('m5.large', PD).formula).toBe('3 × ((10 − 1) × 16) + 2 = 434');
    expect(run('m5.large', PD).maxPodsFormula).toBe('min(3 × ((10 − 1) × 16) + 2 = 434, 110) = 110 (EKS cap for 2 vCPUs (≤ 30))');
  });

  it('self-managed nodes get the uncapped eni-max-pods value, whatever the mode', () => {
    expect(run('m5.24xlarge', OFF, false).maxPods).toBe(737);
    expect(run('m5.large', CN, false).maxPods).toBe(29);
    expect(run('m5.large', PD, false)).toMatchObject({ maxPods: 29, maxPodsOrigin: 'eni-max-pods', limitBy: 'kubelet', pods: 29 });
  });

  it('security groups for pods: the trunk takes an ENI slot, branch ENIs are separate', () => {
    expect(run('m5.large', SGP)).toMatchObject({ ipBacked: 18, ipCapacity: 20, branchEnis: 9, maxPods: 29, trunk: true, limitBy: 'ips' });
    expect(run('m5.2xlarge', SGP)).toMatchObject({ ipBacked: 42, ipCapacity: 44, branchEnis: 38, maxPods: 58 });
    // t3 is not trunking-compatible: no trunk, no branch ENIs, capacity unchanged.
    const t3 = run('t3.medium', SGP);
    expect(t3).toMatchObject({ ipCapacity: 17, branchEnis: 0, trunk: false });
    expect(t3.notes.join()).toMatch(/not trunking-compatible/);
    expect(run('m5.large', { ...SGP, customNetworking: true }).ipCapacity).toBe(11);
  });

  it('prefix delegation on Xen falls back to secondary IPs; bare metal uses prefixes', () => {
    const m4 = run('m4.large', PD);
    expect(m4).toMatchObject({ mode: 'secondary-ip', ipCapacity: 20, prefixDelegationFallback: true });
    expect(run('m5.metal', PD)).toMatchObject({ mode: 'prefix-delegation', ipCapacity: 15 * 49 * 16 + 2 });
  });

  it('MAX_ENI caps the ENIs; values < 1 are ignored', () => {
    expect(run('m5.large', { ...OFF, maxEni: 2 }).ipCapacity).toBe(20);
    expect(run('m5.large', { ...OFF, maxEni: 0 }).ipCapacity).toBe(29);
    expect(run('m5.large', { ...OFF, maxEni: 9 }).ipCapacity).toBe(29);
  });

  it('stated maxPods wins, but managed node groups keep the EKS cap', () => {
    expect(run('m5.large', CN, true, 50)).toMatchObject({ maxPods: 50, maxPodsOrigin: 'stated', limitBy: 'ips', pods: 20 });
    expect(run('m5.large', PD, true, 300)).toMatchObject({ maxPods: 110, maxPodsOrigin: 'stated-capped' });
    expect(run('m5.large', PD, false, 300)).toMatchObject({ maxPods: 300, maxPodsOrigin: 'stated' });
  });
});

describe('podsPerNode: properties', () => {
  const arbLimits = fc.record({
    maxEnis: fc.integer({ min: 1, max: 20 }),
    ipv4PerEni: fc.integer({ min: 2, max: 60 }),
    hypervisor: fc.constantFrom('nitro', 'xen', 'unknown') as fc.Arbitrary<InstanceLimits['hypervisor']>,
    bareMetal: fc.boolean(),
    vcpus: fc.option(fc.integer({ min: 1, max: 192 }), { nil: undefined }),
    trunking: fc.option(fc.boolean(), { nil: undefined }),
    branchEnis: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  }).map((l): InstanceLimits => ({ ...l, maxPodsSecondaryIp: l.maxEnis * (l.ipv4PerEni - 1) + 2, networkCards: 1, maxEnisAllCards: l.maxEnis }));
  const arbCni = fc.record({ prefixDelegation: fc.boolean(), customNetworking: fc.boolean(), podEni: fc.boolean(), maxEni: fc.option(fc.integer({ min: -1, max: 20 }), { nil: undefined }) });
  const arbNode = fc.record({ managed: fc.boolean(), maxPods: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }) });

  it('more ENIs or more IPs per ENI never lower capacity', () => {
    fc.assert(fc.property(arbLimits, arbCni, arbNode, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 20 }), (l, cni, node, de, di) => {
      const base = podsPerNode('x', l, cni, node);
      const more = { ...l, maxEnis: l.maxEnis + de, ipv4PerEni: l.ipv4PerEni + di };
      const bigger = podsPerNode('x', { ...more, maxPodsSecondaryIp: more.maxEnis * (more.ipv4PerEni - 1) + 2 }, cni, node);
      expect(bigger.ipCapacity).toBeGreaterThanOrEqual(base.ipCapacity);
      if (node.maxPods !== undefined) expect(bigger.pods).toBeGreaterThanOrEqual(base.pods);
    }));
  });

  it('results are positive integers; custom networking never exceeds secondary IP; the cap never raises', () => {
    fc.assert(fc.property(arbLimits, arbCni, arbNode, (l, cni, node) => {
      const r = podsPerNode('x', l, cni, node);
      for (const n of [r.ipBacked, r.ipCapacity, r.maxPods, r.pods, r.branchEnis, r.podEnis]) {
        expect(Number.isInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(0);
      }
      expect(r.ipCapacity).toBeGreaterThanOrEqual(2);
      expect(r.pods).toBeLessThanOrEqual(Math.min(r.maxPods, r.ipCapacity));
      const withCn = podsPerNode('x', l, { ...cni, customNetworking: true }, node);
      const withoutCn = podsPerNode('x', l, { ...cni, customNetworking: false }, node);
      expect(withCn.ipCapacity).toBeLessThanOrEqual(withoutCn.ipCapacity);
      const managed = podsPerNode('x', l, cni, { ...node, managed: true });
      const uncapped = podsPerNode('x', l, cni, { ...node, managed: false });
      if (node.maxPods !== undefined || !cni.prefixDelegation) expect(managed.maxPods).toBeLessThanOrEqual(uncapped.maxPods);
    }));
  });

  it('every instance type of the data set is total', () => {
    for (const t of instanceTypes()) {
      const r = podsPerNode(t, limits(t), PDCN, { managed: true });
      expect(r.maxPods).toBeGreaterThan(0);
    }
  });
});
