/**
 * Service CIDR capacity: the ClusterIPs the input's Services allocate against the addresses the
 * Kubernetes ClusterIP allocator can hand out from the service CIDR.
 *
 * - Allocatable size (kubernetes/kubernetes pkg/registry/core/service/ipallocator: bitmap.go `New` and
 *   ipallocator.go `hostsPerNetwork`): IPv4 `2^(32−len) − 2` (the network address and the broadcast address
 *   are never handed out); IPv6 `2^(128−len) − 1` (network address only), which the bitmap allocator caps at
 *   65536 − 1 — the smaller, older figure is used.
 * - The `kubernetes` Service takes the first address (pkg/controlplane/services.go `ServiceIPRange`:
 *   `GetIndexedIP(serviceClusterIPRange, 1)`), and the cluster DNS Service `kube-dns` one more (base + 10 on EKS
 *   and kubeadm; kubernetes.io "Service ClusterIP allocation"): both count when the input does not declare them.
 * - Services of type ClusterIP (unless headless, `clusterIP: None`), NodePort and LoadBalancer get a ClusterIP;
 *   ExternalName gets none. A dual-stack Service (`ipFamilyPolicy` PreferDualStack/RequireDualStack, or two
 *   `ipFamilies`) takes one address of each family the cluster serves.
 *
 * Service CIDRs come from the address plan (stated, or EKS's default). With several service CIDRs of one family
 * (several clusters in the input) it is not known which Services belong to which: that family is not judged.
 */
import { compareStrings } from '../core/source.js';
import type { IpFamily } from '../engine/ip.js';
import { addressPlan, type AddressPlanConfig, type AddressSpace } from '../model/address-plan.js';
import { isHeadless, serviceTypeOf } from '../model/services.js';
import type { Model, ServiceNode } from '../model/types.js';

/** IPv6 ranges: the bitmap allocator keeps at most 65536 addresses. */
const IPV6_BITMAP_CAP = 65536n;

export interface AllocatableSize {
  /** Addresses the allocator hands out. */
  count: number;
  /** The arithmetic, for messages: "/27 gives 30 allocatable addresses (32 − network − broadcast)". */
  why: string;
}

/** How many ClusterIPs a service CIDR of this family and prefix length can hold. */
export function allocatableServiceIps(family: IpFamily, prefix: number): AllocatableSize {
  const bits = family === 4 ? 32 : 128;
  const hostBits = Math.max(0, Math.min(bits, bits - prefix));
  const size = 1n << BigInt(hostBits);
  if (family === 4) {
    const count = Number(size > 2n ? size - 2n : 0n);
    return { count, why: `/${prefix} gives ${count} allocatable address${count === 1 ? '' : 'es'} (${size} − network − broadcast)` };
  }
  const capped = size > IPV6_BITMAP_CAP ? IPV6_BITMAP_CAP : size;
  const count = Number(capped > 1n ? capped - 1n : 0n);
  const cap = size > IPV6_BITMAP_CAP ? `${IPV6_BITMAP_CAP}, the allocator's cap,` : `${size}`;
  return { count, why: `/${prefix} gives ${count} allocatable address${count === 1 ? '' : 'es'} (${cap} − network)` };
}

/** The IP families a Service takes a ClusterIP in, in a cluster serving `families` (primary first); none for headless and ExternalName. */
export function clusterIpFamilies(svc: ServiceNode, families: readonly IpFamily[]): IpFamily[] {
  const spec = svc.manifest.spec ?? {};
  if (serviceTypeOf(svc) === 'ExternalName') return [];
  if (isHeadless(svc)) return [];
  const primary = families[0];
  if (primary === undefined) return [];
  const stated = (spec.ipFamilies ?? []).map((f) => (f === 'IPv6' ? 6 : 4) as IpFamily).filter((f) => families.includes(f));
  const dual = spec.ipFamilyPolicy === 'PreferDualStack' || spec.ipFamilyPolicy === 'RequireDualStack' || (spec.ipFamilies?.length ?? 0) > 1;
  if (dual) return [...families];
  if (stated.length > 0) return [stated[0]!];
  return [primary];
}

export interface ServiceDemand {
  clusterIp: ServiceNode[];
  nodePort: ServiceNode[];
  loadBalancer: ServiceNode[];
  /** The `kubernetes` Service (first address) is not in the input and is counted. */
  implicitKubernetes: boolean;
  /** The cluster DNS Service (kube-system/kube-dns) is not in the input and is counted. */
  implicitDns: boolean;
  total: number;
}

export interface ServiceCidrCapacity {
  space: AddressSpace;
  allocatable: AllocatableSize;
  needed: ServiceDemand;
  /** needed.total − allocatable.count (> 0: the range is too small). */
  shortfall: number;
}

/** Services of the model taking an address of `family` in a cluster serving `families`. */
export function serviceDemand(model: Model, family: IpFamily, families: readonly IpFamily[]): ServiceDemand {
  const taking = model.services.filter((s) => clusterIpFamilies(s, families).includes(family)).sort((a, b) => compareStrings(a.id, b.id));
  const primary = families[0] === family;
  const implicitKubernetes = primary && !model.service('default', 'kubernetes');
  const implicitDns = primary && !model.service('kube-system', 'kube-dns');
  const of = (t: string) => taking.filter((s) => serviceTypeOf(s) === t);
  const clusterIp = taking.filter((s) => !['NodePort', 'LoadBalancer'].includes(serviceTypeOf(s)));
  return {
    clusterIp,
    nodePort: of('NodePort'),
    loadBalancer: of('LoadBalancer'),
    implicitKubernetes,
    implicitDns,
    total: taking.length + (implicitKubernetes ? 1 : 0) + (implicitDns ? 1 : 0),
  };
}

/** "31 ClusterIP + 2 NodePort + the kubernetes Service + the cluster DNS Service". */
export function demandText(d: ServiceDemand): string {
  const parts: string[] = [];
  const n = (count: number, what: string) => count > 0 && parts.push(`${count} ${what}`);
  n(d.clusterIp.length, 'ClusterIP');
  n(d.nodePort.length, 'NodePort');
  n(d.loadBalancer.length, 'LoadBalancer');
  if (d.implicitKubernetes) parts.push('the kubernetes Service');
  if (d.implicitDns) parts.push('the cluster DNS Service');
  return parts.join(' + ') || 'none';
}

/** Every service CIDR of the address plan that can be judged, with what the input's Services need of it. */
export function serviceCidrCapacity(model: Model, config: AddressPlanConfig = {}, plan = addressPlan(model, config)): ServiceCidrCapacity[] {
  const services = plan.spaces.filter((s) => s.kind === 'service');
  // The cluster's families, primary first: a kubeadm serviceSubnet lists them in that order; EKS clusters are single-stack.
  const families = [...new Set(services.map((s) => s.family))];
  const out: ServiceCidrCapacity[] = [];
  for (const family of families) {
    const ofFamily = services.filter((s) => s.family === family);
    if (ofFamily.length !== 1) continue; // several clusters: whose Services are whose is not known
    const space = ofFamily[0]!;
    const allocatable = allocatableServiceIps(family, space.prefix);
    const needed = serviceDemand(model, family, families);
    out.push({ space, allocatable, needed, shortfall: needed.total - allocatable.count });
  }
  return out;
}
