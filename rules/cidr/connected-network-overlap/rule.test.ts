import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('cidr/connected-network-overlap', rule, {
  valid: [
    { name: 'a peering to a distinct VPC and a summary route around the VPC', files: { 'stack.yaml': f('valid/peering-and-summary-route.yaml') } },
    { name: "eksctl's defaults: nothing connected", files: { 'cluster.yaml': fixture(`${import.meta.dirname}/../service-overlap`, 'valid/eksctl-defaults.yaml') } },
  ],
  invalid: [
    {
      name: 'a peering between two 10.0.0.0/16 VPCs, and a route into the own range to a transit gateway',
      files: { 'stack.yaml': f('invalid/peering-same-cidr.yaml') },
      errors: [
        { messageId: 'overlaps', data: { overlap: '10.0.0.0–10.0.255.255' }, line: 16, column: 23, endLine: 16, endColumn: 32, path: 'Resources.Peering.Properties.PeerVpcId' },
        { messageId: 'overlaps', data: { overlap: '10.0.128.0–10.0.143.255' }, line: 33, column: 29, endLine: 33, endColumn: 42, path: 'Resources.BranchRoute.Properties.DestinationCidrBlock' },
      ],
    },
  ],
});

const branch = parseConfig('externalNetworks:\n  - name: branch-office\n    cidrs: [172.16.0.0/12, 10.0.64.0/18]\n', 'netreach.yaml');
new RuleTester({ config: branch }).run('cidr/connected-network-overlap', rule, {
  valid: [{ name: 'a declared network clear of the VPCs', files: { 'stack.yaml': f('valid/peering-and-summary-route.yaml').replace('CidrBlock: 10.0.0.0/16', 'CidrBlock: 10.2.0.0/16') } }],
  invalid: [
    {
      name: 'a declared external network inside the VPC',
      files: { 'stack.yaml': f('valid/peering-and-summary-route.yaml') },
      errors: [{ messageId: 'overlaps', data: { other: 'VPC CIDR 10.0.0.0/16 of VPC AppVpc' }, file: 'netreach.yaml', line: 3, column: 28, endLine: 3, endColumn: 40 }],
    },
  ],
});

describe('cidr/connected-network-overlap', () => {
  it('names both VPCs and the peering', async () => {
    const { findings } = await lintFiles({ 'stack.yaml': f('invalid/peering-same-cidr.yaml') }, [rule], defaultConfig());
    expect(findings.map((x) => x.message)).toMatchInlineSnapshot(`
      [
        "Peered VPC SharedVpc CIDR 10.0.0.0/16 (peering Peering) overlaps VPC CIDR 10.0.0.0/16 of VPC AppVpc: 10.0.0.0–10.0.255.255. AWS fails a VPC peering connection between VPCs with overlapping IPv4 CIDR blocks.",
        "Routed network 10.0.128.0/20 (route to transit gateway TransitGateway in route table AppRouteTable) overlaps VPC CIDR 10.0.0.0/16 of VPC AppVpc: 10.0.128.0–10.0.143.255. These addresses belong to the VPC itself: AWS takes a route inside a VPC CIDR only for a whole subnet through a NAT gateway, network interface or Gateway Load Balancer endpoint, so the network behind this route cannot be reached there.",
      ]
    `);
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.message])).toMatchInlineSnapshot(`
      [
        [
          11,
          "Peered VPC SharedVpc CIDR 10.0.0.0/16 (peering Peering)",
        ],
        [
          7,
          "VPC CIDR 10.0.0.0/16 of VPC AppVpc",
        ],
      ]
    `);
  });
});
