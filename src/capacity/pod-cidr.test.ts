import { describe, expect, it } from 'vitest';
import { loadTexts } from '../loader/index.js';
import { buildModel } from '../model/build.js';
import { ipBackedPodDemand, podCidrCapacity } from './pod-cidr.js';

const capacityOf = (files: Record<string, string>) => podCidrCapacity(buildModel(loadTexts(files)));
const kubeadm = (extra = '') => `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
networking:
  podSubnet: 10.244.0.0/16,fd00:244::/56
${extra}`;

describe('podCidrCapacity', () => {
  it('uses kube-controller-manager defaults per family: /24 and /64', () => {
    const c = capacityOf({ 'k.yaml': kubeadm() });
    expect(c.plans.map((p) => [p.cidr, p.mask.value, p.nodeCidrs, p.podIpsPerNode])).toEqual([
      ['10.244.0.0/16', 24, 256, 253],
      ['fd00:244::/56', 64, 256, Number.MAX_SAFE_INTEGER - 2],
    ]);
    expect(c.podsPerNode).toMatchObject({ value: 110, from: 'kubelet default maxPods' });
    expect(c.maxNodes).toBeUndefined();
  });

  it('reads kubeadm v1beta4 extraArgs lists, per-family flags first', () => {
    const c = capacityOf({
      'k.yaml': kubeadm(`controllerManager:
  extraArgs:
    - { name: node-cidr-mask-size, value: "25" }
    - { name: node-cidr-mask-size-ipv6, value: "120" }
`),
    });
    expect(c.plans.map((p) => [p.mask.value, p.mask.from, p.mask.at?.region.startLine])).toEqual([
      [25, 'kube-controller-manager --node-cidr-mask-size', 7],
      [120, 'kube-controller-manager --node-cidr-mask-size-ipv6', 8],
    ]);
  });

  it('judges nothing for the VPC CNI (an EKS cluster without another plugin)', () => {
    const c = capacityOf({ 'c.yaml': 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: { name: shop, region: eu-west-1 }\nmanagedNodeGroups:\n  - name: ng\n    maxSize: 3\n' });
    expect([c.plans, c.calico]).toEqual([[], []]);
    expect(c.maxNodes?.count).toBe(3);
  });

  it('sums IP-backed pods at maximum scale for Calico', () => {
    const m = buildModel(
      loadTexts({
        'd.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 5
  selector: { matchLabels: { app: web } }
  template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: c, image: x }] } }
`,
      }),
    );
    expect(ipBackedPodDemand(m)).toBe(5 + 2); // + CoreDNS
  });
});
