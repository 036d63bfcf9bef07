import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../loader/index.js';
import { buildModel } from '../model/build.js';
import { allocatableServiceIps, demandText, serviceCidrCapacity } from './service-cidr.js';

describe('allocatableServiceIps', () => {
  it.each([
    [4, 24, 254],
    [4, 28, 14],
    [4, 16, 65534],
    [4, 31, 0],
    [4, 32, 0],
    [6, 120, 255],
    [6, 112, 65535],
    [6, 108, 65535], // the bitmap allocator keeps at most 65536 addresses
  ] as const)('IPv%i /%i → %i', (family, prefix, count) => {
    expect(allocatableServiceIps(family, prefix).count).toBe(count);
  });

  it('shows the arithmetic', () => {
    expect(allocatableServiceIps(4, 27).why).toBe('/27 gives 30 allocatable addresses (32 − network − broadcast)');
  });

  it('is never negative and never grows with a longer prefix', () => {
    fc.assert(
      fc.property(fc.constantFrom(4 as const, 6 as const), fc.integer({ min: 0, max: 128 }), (family, p) => {
        const prefix = Math.min(p, family === 4 ? 32 : 128);
        const a = allocatableServiceIps(family, prefix).count;
        expect(a).toBeGreaterThanOrEqual(0);
        if (prefix < (family === 4 ? 32 : 128)) expect(allocatableServiceIps(family, prefix + 1).count).toBeLessThanOrEqual(a);
      }),
    );
  });
});

describe('serviceCidrCapacity', () => {
  const kubeadm = (subnet: string) => `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
networking:
  serviceSubnet: ${subnet}
`;
  const svc = (name: string, spec: string, ns = 'shop') => `---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { ${spec} }
`;
  const capacityOf = (text: string) => serviceCidrCapacity(buildModel(loadTexts({ 'c.yaml': text })));

  it('counts ClusterIP, NodePort and LoadBalancer Services, not headless or ExternalName ones, plus kubernetes and kube-dns', () => {
    const [c] = capacityOf(
      kubeadm('10.96.0.0/24') +
        svc('a', 'ports: [{ port: 80 }]') +
        svc('b', 'type: NodePort, ports: [{ port: 80 }]') +
        svc('c', 'type: LoadBalancer, ports: [{ port: 80 }]') +
        svc('d', 'clusterIP: None, ports: [{ port: 80 }]') +
        svc('e', 'type: ExternalName, externalName: x.example.com'),
    );
    expect(c!.needed.total).toBe(5);
    expect(demandText(c!.needed)).toBe('1 ClusterIP + 1 NodePort + 1 LoadBalancer + the kubernetes Service + the cluster DNS Service');
    expect([c!.allocatable.count, c!.shortfall]).toEqual([254, -249]);
  });

  it('does not count the kubernetes and kube-dns Services twice when the input has them', () => {
    const [c] = capacityOf(kubeadm('10.96.0.0/24') + svc('kubernetes', 'ports: [{ port: 443 }]', 'default') + svc('kube-dns', 'clusterIP: 10.96.0.10, ports: [{ port: 53, protocol: UDP }]', 'kube-system'));
    expect([c!.needed.total, c!.needed.implicitKubernetes, c!.needed.implicitDns]).toEqual([2, false, false]);
  });

  it('counts a dual-stack Service once per family of a dual-stack cluster', () => {
    const caps = capacityOf(kubeadm('10.96.0.0/24,fd00:10:96::/112') + svc('a', 'ipFamilyPolicy: PreferDualStack, ports: [{ port: 80 }]') + svc('b', 'ports: [{ port: 80 }]'));
    expect(caps.map((c) => [c.space.family, c.needed.total])).toEqual([
      [4, 4],
      [6, 1],
    ]);
  });
});
