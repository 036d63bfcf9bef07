import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INSTANCE_TYPE_COUNT, instanceLimits, instanceTypes } from './eni-limits.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** CI clones have ../shared beside the repository; a user's clone may not. */
const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const TSV = `${SHARED_DATA}eni-limits.tsv`;
const hasTsv = existsSync(TSV);

describe('instanceLimits', () => {
  it('m5.large: 3 ENIs of 10 IPv4 addresses, 29 pods, Nitro, trunking with 9 branch ENIs', () => {
    expect(instanceLimits('m5.large')).toEqual({
      maxEnis: 3,
      ipv4PerEni: 10,
      hypervisor: 'nitro',
      bareMetal: false,
      maxPodsSecondaryIp: 29,
      networkCards: 1,
      maxEnisAllCards: 3,
      vcpus: 2,
      trunking: true,
      branchEnis: 9,
    });
  });

  it('t3.micro: 2 ENIs of 2 addresses, 4 pods, not trunking-compatible', () => {
    expect(instanceLimits('t3.micro')).toMatchObject({ maxEnis: 2, ipv4PerEni: 2, maxPodsSecondaryIp: 4, hypervisor: 'nitro', trunking: false, branchEnis: 0 });
  });

  it('a Xen type: c4.large', () => {
    expect(instanceLimits('c4.large')).toMatchObject({ maxEnis: 3, ipv4PerEni: 10, maxPodsSecondaryIp: 29, hypervisor: 'xen', bareMetal: false });
  });

  it('bare metal reports hypervisor unknown (m5.metal), except c7g.metal (nitro)', () => {
    expect(instanceLimits('m5.metal')).toMatchObject({ maxEnis: 15, ipv4PerEni: 50, maxPodsSecondaryIp: 737, hypervisor: 'unknown', bareMetal: true, vcpus: 96 });
    expect(instanceLimits('c7g.metal')).toMatchObject({ hypervisor: 'nitro', bareMetal: true });
  });

  it('multi-card p5.48xlarge: only the default card counts (2 of 64 ENIs → 100 pods)', () => {
    expect(instanceLimits('p5.48xlarge')).toMatchObject({ maxEnis: 2, ipv4PerEni: 50, networkCards: 32, maxEnisAllCards: 64, maxPodsSecondaryIp: 100, vcpus: 192 });
  });

  it('leaves unknown data out: bmn-sf1.metal has no vcpus, trunking or branch ENIs', () => {
    const l = instanceLimits('bmn-sf1.metal');
    expect(l).toBeDefined();
    expect(l).not.toHaveProperty('vcpus');
    expect(l).not.toHaveProperty('trunking');
    expect(l).not.toHaveProperty('branchEnis');
  });

  it('is exact and case-sensitive: unknown names give undefined', () => {
    expect(instanceLimits('m5.huge')).toBeUndefined();
    expect(instanceLimits('M5.LARGE')).toBeUndefined();
    expect(instanceLimits('')).toBeUndefined();
    expect(instanceLimits('toString')).toBeUndefined();
  });

  it('returns frozen objects', () => {
    expect(Object.isFrozen(instanceLimits('m5.large'))).toBe(true);
  });

  it('has 1391 instance types, sorted and unique', () => {
    const types = instanceTypes();
    expect(INSTANCE_TYPE_COUNT).toBe(1391);
    expect(types).toHaveLength(INSTANCE_TYPE_COUNT);
    expect(new Set(types).size).toBe(types.length);
    expect([...types].sort()).toEqual(types);
  });

  it('every row: maxPodsSecondaryIp = maxEnis * (ipv4PerEni - 1) + 2, and the counts are consistent', () => {
    const bad: string[] = [];
    for (const type of instanceTypes()) {
      const l = instanceLimits(type)!;
      if (l.maxPodsSecondaryIp !== l.maxEnis * (l.ipv4PerEni - 1) + 2) bad.push(`${type}: formula`);
      if (l.maxEnisAllCards < l.maxEnis || l.networkCards < 1) bad.push(`${type}: cards`);
      if ((l.trunking === undefined) !== (l.branchEnis === undefined)) bad.push(`${type}: trunking/branch`);
      if (l.hypervisor === 'unknown' && !l.bareMetal && type !== 'cr1.8xlarge' && type !== 'hs1.8xlarge') bad.push(`${type}: hypervisor`);
    }
    expect(bad).toEqual([]);
  });

  it('matches the README counts: nitro 1150, unknown 161, xen 80; 67 multi-card types', () => {
    const counts: Record<string, number> = {};
    let multiCard = 0;
    for (const type of instanceTypes()) {
      const l = instanceLimits(type)!;
      counts[l.hypervisor] = (counts[l.hypervisor] ?? 0) + 1;
      if (l.networkCards > 1) multiCard++;
    }
    expect(counts).toEqual({ nitro: 1150, unknown: 161, xen: 80 });
    expect(multiCard).toBe(67);
  });
});

describe('generated file', () => {
  it.skipIf(!hasTsv)('is up to date with ../shared/data/eni-limits.tsv (node scripts/gen-eni-limits.mjs --check)', () => {
    // Throws (non-zero exit) when stale; stdout names the file.
    const out = execFileSync(process.execPath, ['scripts/gen-eni-limits.mjs', '--check', '--tsv', TSV], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('up to date');
  });

  it.skipIf(!hasTsv)('cites the commits that ../shared/data/README.md gives', () => {
    const readme = readFileSync(`${SHARED_DATA}README.md`, 'utf8');
    const header = readFileSync(new URL('./eni-limits-rows.ts', import.meta.url), 'utf8').split('*/')[0]!;
    const commits = header.match(/\b[0-9a-f]{40}\b/g) ?? [];
    expect(commits).toHaveLength(3);
    for (const commit of commits) expect(readme).toContain(commit);
    expect(header).toContain('generated by scripts/gen-eni-limits.mjs — do not edit');
    expect(header).toContain('Apache-2.0');
  });
});
