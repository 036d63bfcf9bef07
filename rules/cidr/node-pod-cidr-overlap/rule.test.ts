import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('cidr/node-pod-cidr-overlap', rule, {
  valid: [
    { name: 'dual-stack nodes with ranges of their own', files: { 'nodes.yaml': f('valid/distinct-node-ranges.yaml') } },
    { name: 'one node only', files: { 'nodes.yaml': f('invalid/shared-node-ranges.yaml').split('---\n')[0]! } },
  ],
  invalid: [
    {
      name: 'two nodes with the same IPv4 range, two with overlapping IPv6 ranges',
      files: { 'nodes.yaml': f('invalid/shared-node-ranges.yaml') },
      errors: [
        {
          messageId: 'overlaps',
          data: { node: 'node-b', range: 'podCIDR 10.244.1.0/24 of Node node-b', other: 'podCIDR 10.244.1.0/24 of Node node-a', overlap: '10.244.1.0–10.244.1.255' },
          line: 13,
          column: 12,
          endLine: 13,
          endColumn: 25,
          path: 'spec.podCIDR',
          object: 'Node/node-b',
        },
        {
          messageId: 'overlaps',
          data: { node: 'node-d', other: 'podCIDR fd00:10:244:1::/64 of Node node-c', overlap: 'fd00:10:244:1:8000::–fd00:10:244:1:ffff:ffff:ffff:ffff' },
          line: 31,
          column: 7,
          endLine: 31,
          endColumn: 30,
          path: 'spec.podCIDRs[1]',
        },
      ],
    },
  ],
});

describe('cidr/node-pod-cidr-overlap', () => {
  it('points at the other node as the related location', async () => {
    const { findings } = await lintFiles({ 'nodes.yaml': f('invalid/shared-node-ranges.yaml') }, [rule], defaultConfig());
    expect(findings[0]?.message).toMatchInlineSnapshot(`"Node node-b: podCIDR 10.244.1.0/24 of Node node-b overlaps podCIDR 10.244.1.0/24 of Node node-a: 10.244.1.0–10.244.1.255. Both nodes assign pod IPs from these addresses, so two pods can get the same IP and traffic to it reaches only one of them."`);
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.message])).toEqual([[6, 'PodCIDR 10.244.1.0/24 of Node node-a']]);
  });
});
