import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../loader/index.js';
import { buildModel } from '../model/build.js';
import { capacityReport } from './report.js';

const reportOf = (files: Record<string, string>) => capacityReport(buildModel(loadTexts(files)));
const eksctl = (extra = '', ng = '') => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: eu-west-1
availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]
${extra}managedNodeGroups:
  - name: workers
    instanceType: m5.large
    privateNetworking: true
    maxSize: 30
${ng}`;

describe('capacityReport', () => {
  it('eksctl defaults: m5.large, secondary IPs, /19 subnets with plenty of headroom', () => {
    const r = reportOf({ 'c.yaml': eksctl() });
    expect(r.cni).toMatchObject({ plugin: 'aws-vpc-cni', ipv6: false });
    const [ng] = r.nodeGroups;
    expect(ng).toMatchObject({ mode: 'secondary-ip', maxPods: 29, podSlotsAtMax: 29 * 30, nodesPerSubnet: 10 });
    expect(ng!.smallest).toMatchObject({ formula: '3 × (10 − 1) + 2 = 29', limitBy: 'kubelet' });
    const priv = r.subnets.find((s) => s.key.includes('private/eu-west-1a'))!;
    expect(priv).toMatchObject({ cidr: '192.168.96.0/19', usable: 8187, nodes: 10 });
    // 10 nodes × 3 ENIs × 10 + 4 control-plane ENIs.
    expect(priv.needed).toBe(304);
    expect(priv.headroom).toBe(8187 - 304);
    expect(priv.consumers.map((c) => c.formula)).toEqual([
      'up to 4 control-plane ENIs (EKS creates up to four across the cluster subnets)',
      '10 nodes × (3 ENIs × 10 = 30) = 300 (m5.large, 27 pods per node, WARM_ENI_TARGET=1)',
    ]);
  });

  it('prefix delegation: /28 blocks needed against the blocks the subnet offers', () => {
    const r = reportOf({ 'c.yaml': eksctl('addons:\n  - name: vpc-cni\n    configurationValues: |\n      env:\n        ENABLE_PREFIX_DELEGATION: "true"\n') });
    const ng = r.nodeGroups[0]!;
    expect(ng).toMatchObject({ mode: 'prefix-delegation', maxPods: 110 });
    const priv = r.subnets.find((s) => s.key.includes('private/eu-west-1a'))!;
    // 108 pods per node → 7 prefixes (the pool stops at maxPods 110), 1 ENI: 113 addresses per node.
    expect(priv.prefixes).toMatchObject({ needed: 70, blocks: 510 });
    expect(priv.needed).toBe(10 * 113 + 4);
  });

  it('custom networking: the node subnet pays the node IP, the ENIConfig subnet the pod ENIs', () => {
    const eniConfigs = ['a', 'b', 'c']
      .map((z, i) => `---\napiVersion: crd.k8s.amazonaws.com/v1alpha1\nkind: ENIConfig\nmetadata:\n  name: eu-west-1${z}\nspec:\n  subnet: subnet-0pod000000000000${i}\n`)
      .join('');
    const describe = JSON.stringify({
      Subnets: ['a', 'b', 'c'].map((z, i) => ({ SubnetId: `subnet-0pod000000000000${i}`, VpcId: 'vpc-0a1b2c3d4e5f60001', CidrBlock: `100.64.${i * 64}.0/18`, AvailabilityZone: `eu-west-1${z}` })),
    });
    const cni = 'addons:\n  - name: vpc-cni\n    configurationValues: |\n      env:\n        AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "true"\n';
    const r = reportOf({ 'c.yaml': eksctl(cni), 'eni.yaml': eniConfigs, 'describe.json': describe });
    expect(r.nodeGroups[0]).toMatchObject({ mode: 'custom-networking', maxPods: 29 });
    expect(r.nodeGroups[0]!.smallest).toMatchObject({ ipCapacity: 20, limitBy: 'ips', pods: 20 });
    const node = r.subnets.find((s) => s.key.includes('private/eu-west-1a'))!;
    expect(node.needed).toBe(10 + 4);
    const pod = r.subnets.find((s) => s.cidr === '100.64.0.0/18')!;
    expect(pod.consumers).toHaveLength(1);
    expect(pod.consumers[0]).toMatchObject({ kind: 'eni-config', nodes: 10, perNode: 20 });
  });

  it('the AWS sample VPC stack: deterministic and JSON-friendly', () => {
    const dir = path.resolve(import.meta.dirname, '../../fixtures/eks-aws-vpc');
    const files = Object.fromEntries(['aws-node.yaml', 'orders.yaml', 'vpc-stack.yaml'].map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));
    const a = reportOf(files);
    const b = reportOf(files);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.subnets.every((s) => s.headroom > 0)).toBe(true);
    expect(a.nodeGroups[0]).toMatchObject({ maxPods: 29, nodesPerSubnet: 3 });
  });

  it('is cached per model and never throws on unknown instance types', () => {
    const model = buildModel(loadTexts({ 'c.yaml': eksctl().replace('m5.large', 'x9.huge') }));
    const r = capacityReport(model);
    expect(capacityReport(model)).toBe(r);
    expect(r.nodeGroups[0]!.smallest).toBeUndefined();
    expect(r.nodeGroups[0]!.notes.join()).toMatch(/x9.huge is not in the instance-type data/);
  });
});
