import { describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('cidr/pod-overlap', rule, {
  valid: [
    { name: 'eksctl defaults with the VPC CNI: kube-proxy clusterCIDR is the VPC, not an overlay', files: { 'cluster.yaml': f('valid/eksctl-vpc-cni.yaml') } },
    { name: 'flannel 10.244.0.0/16 next to a VPC of 192.168.0.0/16', files: { 'cluster.yaml': f('valid/flannel-clear-of-vpc.yaml') } },
    {
      name: 'a disabled Calico pool is not a pod network',
      files: { 'cluster.yaml': f('invalid/calico-default-pool.yaml').replace('  natOutgoing: true\n', '  natOutgoing: true\n  disabled: true\n') },
    },
  ],
  invalid: [
    {
      name: "flannel's Network is the VPC CIDR",
      files: { 'cluster.yaml': f('invalid/flannel-in-vpc.yaml') },
      errors: [
        {
          messageId: 'overlaps',
          data: { range: 'Pod CIDR 10.0.0.0/16 (flannel Network)', other: 'VPC CIDR 10.0.0.0/16 of VPC eksctl:lab#vpc', overlap: '10.0.0.0–10.0.255.255' },
          line: 20,
          column: 18,
          endLine: 20,
          endColumn: 31,
        },
      ],
    },
    {
      name: "Calico's 192.168.0.0/16 pool in eksctl's default VPC",
      files: { 'cluster.yaml': f('invalid/calico-default-pool.yaml') },
      errors: [{ messageId: 'overlaps', data: { overlap: '192.168.0.0–192.168.255.255' }, line: 15, column: 9, endLine: 15, endColumn: 23, path: 'spec.cidr' }],
    },
    {
      name: 'a Cilium cluster pool inside a range routed to a transit gateway',
      files: { 'stack.yaml': f('invalid/cilium-vs-transit-gateway.yaml') },
      errors: [
        {
          messageId: 'overlaps',
          data: { other: 'routed network 172.16.0.0/12 (route to transit gateway TransitGateway in route table PrivateRouteTable)', overlap: '172.31.0.0–172.31.255.255' },
          line: 28,
          column: 27,
          endLine: 28,
          endColumn: 40,
        },
      ],
    },
  ],
});

const corp = parseConfig('externalNetworks:\n  - name: corp\n    cidrs: [10.244.0.0/14]\n', 'netreach.yaml');
new RuleTester({ config: corp }).run('cidr/pod-overlap', rule, {
  valid: [{ name: 'the external network is clear of the VPC CNI pod subnets', files: { 'cluster.yaml': f('valid/eksctl-vpc-cni.yaml') } }],
  invalid: [
    {
      name: "flannel's network inside a declared external network",
      files: { 'cluster.yaml': f('valid/flannel-clear-of-vpc.yaml') },
      errors: [{ messageId: 'overlaps', data: { other: '10.244.0.0/14 of external network "corp"' }, line: 18, column: 18, endLine: 18, endColumn: 33 }],
    },
  ],
});

describe('cidr/pod-overlap', () => {
  it('says why and names the route and its target as related locations', async () => {
    const { findings } = await lintFiles({ 'stack.yaml': f('invalid/cilium-vs-transit-gateway.yaml') }, [rule], defaultConfig());
    expect(findings[0]?.message).toMatchInlineSnapshot(`"Pod CIDR 172.31.0.0/16 (Cilium cluster-pool) overlaps routed network 172.16.0.0/12 (route to transit gateway TransitGateway in route table PrivateRouteTable): 172.31.0.0–172.31.255.255. Every node routes the pod network into the overlay, so pods cannot reach the hosts of that network at these addresses, and traffic addressed to pod IPs from outside the cluster is delivered to those hosts instead."`);
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.message])).toMatchInlineSnapshot(`
      [
        [
          18,
          "Routed network 172.16.0.0/12 (route to transit gateway TransitGateway in route table PrivateRouteTable)",
        ],
        [
          19,
          "Reached through TransitGateway",
        ],
      ]
    `);
  });
});
