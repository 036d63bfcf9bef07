import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** netreach.yaml declaring the on-premises network 10.0.0.0/8 (its CIDR is on line 3, columns 15–25). */
const onPrem = parseConfig('externalNetworks:\n  - name: on-prem\n    cidrs: [10.0.0.0/8]\n', 'netreach.yaml');

new RuleTester().run('cidr/service-overlap', rule, {
  valid: [
    { name: "eksctl defaults: VPC 192.168.0.0/16, EKS's default service CIDR 10.100.0.0/16", files: { 'cluster.yaml': f('valid/eksctl-defaults.yaml') } },
    { name: 'eksctl: stated service CIDR clear of the VPC', files: { 'cluster.yaml': f('valid/eksctl-stated-clear.yaml') } },
    {
      name: 'CloudFormation: an EKS VPC of 10.0.0.0/16, default service CIDR 172.20.0.0/16',
      files: { 'eks.yaml': fixture(`${import.meta.dirname}/../../vpc/private-nodes-no-egress`, 'valid/cfn-nat-per-az.yaml') },
    },
    {
      name: 'an IPv6 cluster: the service range is not stated nor predictable',
      files: { 'cluster.yaml': f('invalid/eksctl-default-vs-on-prem.yaml').replace('vpc:\n', 'kubernetesNetworkConfig:\n  ipFamily: IPv6\naddons:\n  - name: vpc-cni\n  - name: coredns\n  - name: kube-proxy\niam:\n  withOIDC: true\nvpc:\n') },
    },
  ],
  invalid: [
    {
      name: 'eksctl: the stated service CIDR inside the VPC CIDR',
      files: { 'cluster.yaml': f('invalid/eksctl-service-in-vpc.yaml') },
      errors: [
        {
          messageId: 'overlaps',
          data: { other: 'VPC CIDR 10.20.0.0/16 of VPC eksctl:shop#vpc', overlap: '10.20.96.0–10.20.111.255' },
          line: 8,
          column: 20,
          endLine: 8,
          endColumn: 33,
          path: 'kubernetesNetworkConfig.serviceIPv4CIDR',
          object: 'EksCluster/eksctl:shop',
        },
      ],
    },
    {
      name: "kubeadm: the default serviceSubnet contains the stated podSubnet",
      files: { 'kubeadm.yaml': f('invalid/kubeadm-pods-in-service-range.yaml') },
      errors: [
        {
          messageId: 'overlaps',
          data: { range: 'Service CIDR 10.96.0.0/12 (kubeadm networking.serviceSubnet default)', other: 'pod CIDR 10.96.0.0/16 (kubeadm networking.podSubnet)', overlap: '10.96.0.0–10.96.255.255' },
          // kubeadm's default applies to the ClusterConfiguration: its kind.
          line: 3,
          column: 7,
          endLine: 3,
          endColumn: 27,
        },
      ],
    },
  ],
});

new RuleTester({ config: onPrem }).run('cidr/service-overlap', rule, {
  valid: [{ name: 'on-premises 10.0.0.0/8 and a stated service CIDR in 172.16.0.0/12', files: { 'cluster.yaml': f('valid/eksctl-stated-clear.yaml').replace('10.20.0.0/16', '192.168.0.0/16') } }],
  invalid: [
    {
      name: "EKS's default 10.100.0.0/16 inside the on-premises network",
      files: { 'cluster.yaml': f('invalid/eksctl-default-vs-on-prem.yaml') },
      errors: [
        {
          messageId: 'overlaps',
          data: {
            range: 'Service CIDR 10.100.0.0/16 of EKS cluster shop (EKS default: no VPC CIDR (192.168.0.0/16) is inside 10.0.0.0/8)',
            other: '10.0.0.0/8 of external network "on-prem"',
            overlap: '10.100.0.0–10.100.255.255',
          },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 13,
          path: 'metadata.name',
        },
      ],
    },
  ],
});

describe('cidr/service-overlap related locations', () => {
  it('name the VPC CIDR and the subnets inside the overlap', async () => {
    const { findings } = await lintFiles({ 'cluster.yaml': f('invalid/eksctl-service-in-vpc.yaml') }, [rule], parseConfig('{}', 'netreach.yaml'));
    expect(findings[0]?.message).toMatchInlineSnapshot(`"Service CIDR 10.20.96.0/20 of EKS cluster shop overlaps VPC CIDR 10.20.0.0/16 of VPC eksctl:shop#vpc: 10.20.96.0–10.20.111.255. EKS requires the service CIDR not to overlap any CIDR block of the cluster’s VPC; kube-proxy on every node redirects traffic to a Service IP to that Service’s pods, so a Service given one of these addresses hides the host that has it from every pod."`);
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.message])).toMatchInlineSnapshot(`
      [
        [
          10,
          "VPC CIDR 10.20.0.0/16 of VPC eksctl:shop#vpc",
        ],
        [
          10,
          "Node subnet 10.20.96.0/19 (az-1 (private))",
        ],
        [
          10,
          "Pod subnet 10.20.96.0/19 (az-1 (private), AWS VPC CNI)",
        ],
      ]
    `);
  });

  it('point into netreach.yaml for an external network', async () => {
    const { findings } = await lintFiles({ 'cluster.yaml': f('invalid/eksctl-default-vs-on-prem.yaml') }, [rule], { ...onPrem, rules: {} });
    expect(findings[0]?.related.map((r) => `${r.at.file}:${r.at.region.startLine}:${r.at.region.startColumn}-${r.at.region.endColumn}`)).toEqual(['netreach.yaml:3:13-23']);
  });
});
