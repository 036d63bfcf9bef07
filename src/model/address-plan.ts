/**
 * The address plan: every IP range in play around one EKS/Kubernetes cluster, each with the field that
 * defines it — node subnets, pod ranges (VPC CNI subnets, ENIConfig subnets, overlay CIDRs, per-node
 * podCIDRs), service CIDRs (stated, or EKS's default), VPC CIDR blocks, peered VPCs, networks the route
 * tables send traffic to, and the external networks declared in netreach.yaml.
 *
 * The Kubernetes network model needs these ranges to be independent (pods, services, nodes and every
 * network pods talk to); the `cidr/` rules compare them. The plan is plain data (strings, numbers,
 * SourceRefs), so `JSON.stringify` writes it as it is; `ipsOf` gives a space's addresses for the set algebra.
 *
 * Pure and total: symbolic or invalid values are left out (the `input/` rules report invalid ones), never thrown on.
 */
import { compareRefs, compareStrings, type SourceRef } from '../core/source.js';
import { formatIp, IpSet, parseCidr, type IpFamily } from '../engine/ip.js';
import type { EksClusterElement, GatewayElement, InfraModel, Known, RouteTargetKind, SubnetElement, VpcElement } from './infra/types.js';
import { vpcCniAssignsPods } from './cni/vpc-cni.js';
import { infraLabel } from './infra/label.js';
import type { Model } from './types.js';

export type AddressSpaceKind = 'vpc' | 'node' | 'pod' | 'node-pod' | 'service' | 'peered' | 'routed' | 'external';

/** Who assigns pod IPs from a pod range. */
export type PodRangeSource = 'aws-vpc-cni' | 'flannel' | 'calico' | 'cilium' | 'kubeadm' | 'kube-proxy';

export interface AddressOwner {
  type: 'vpc' | 'cluster' | 'node' | 'network' | 'cni';
  /** Model key of the element (VPC, cluster, peering, route target), the Node's or network's name. */
  key: string;
  /** How messages name it: "shop (eksctl:shop)", "vpc-0abc", "on-prem". */
  name: string;
}

export interface AddressSpace {
  kind: AddressSpaceKind;
  /** Canonical CIDR (host bits masked off, as Go's ParseCIDR does). */
  cidr: string;
  /** The CIDR as the input writes it. */
  text: string;
  family: IpFamily;
  prefix: number;
  /** First and last address of the range. */
  first: string;
  last: string;
  owner: AddressOwner;
  /** Human text: "pod CIDR 10.244.0.0/16 (flannel Network)". */
  label: string;
  /** The field defining the range; for a default, the element the default applies to. */
  at: SourceRef;
  origin: 'stated' | 'default';
  /** Why a default applies, or how the range was derived. */
  note?: string;
  /** The VPC (key) the range lies in or is reached from; absent for cluster-wide and external ranges. */
  vpc?: string;
  /** Pod ranges: who assigns pod IPs from it, and whether it is an overlay (pod IPs that are not VPC addresses). */
  pod?: { source: PodRangeSource; overlay: boolean };
  /** Peered and routed networks: the connection that reaches it (the peering, or the route's target). */
  via?: { kind: RouteTargetKind; key?: string; text: string; at: SourceRef };
  /** Other places stating the same range for the same owner (the same route in several route tables). */
  alsoAt?: SourceRef[];
}

export interface AddressPlan {
  spaces: AddressSpace[];
}

/** What the plan reads from netreach.yaml: the external networks and where they are written. */
export interface AddressPlanConfig {
  externalNetworks?: readonly { readonly name: string; readonly cidrs: readonly string[] }[];
  /** Regions of the config file's fields (NetreachConfig.source, a DocumentSource). */
  readonly source?: { ref(path: (string | number)[]): SourceRef };
  readonly file?: string;
}

const KIND_ORDER: readonly AddressSpaceKind[] = ['vpc', 'node', 'pod', 'node-pod', 'service', 'peered', 'routed', 'external'];

/** The EKS service CIDR defaults (EKS API reference, KubernetesNetworkConfigRequest.serviceIpv4Cidr). */
export const EKS_SERVICE_DEFAULT_IN_TEN = '172.20.0.0/16';
export const EKS_SERVICE_DEFAULT = '10.100.0.0/16';
const TEN = parseCidr('10.0.0.0/8')!;

/** Route targets that lead to the internet, to the VPC itself, or to AWS services: their destinations are not networks of the plan. */
const NOT_A_NETWORK: ReadonlySet<RouteTargetKind> = new Set(['local', 'igw', 'eigw', 'vpce']);
/** Targets AWS accepts for routes more specific than the local route (middlebox routing inside the VPC). */
const MIDDLEBOX: ReadonlySet<RouteTargetKind> = new Set(['nat', 'eni', 'instance', 'vpce', 'other']);

export function addressPlan(model: Model, config: AddressPlanConfig = {}): AddressPlan {
  const out = new PlanBuilder();
  const infra = model.infra;
  const index = new Index(infra);

  vpcSpaces(out, infra);
  const clusterOwner = singleCluster(infra);
  nodeAndPodSpaces(out, model, index, clusterOwner);
  overlayPodSpaces(out, model, clusterOwner);
  nodePodSpaces(out, model);
  serviceSpaces(out, model, index);
  peeredSpaces(out, infra, index);
  routedSpaces(out, infra, index);
  externalSpaces(out, config);
  return { spaces: out.sorted() };
}

/** The addresses of a space (parsed again: the plan itself stays JSON data). */
export function ipsOf(space: Pick<AddressSpace, 'cidr'>): IpSet {
  return IpSet.fromCidr(space.cidr);
}

/** "a–b" per interval of a set: the overlapping part, as messages show it. */
export function rangesText(ips: IpSet): string {
  return ips
    .toRanges()
    .map((r) => r.replace('-', '–'))
    .join(', ');
}

// ---------------------------------------------------------------------------------------------

class PlanBuilder {
  readonly #spaces = new Map<string, AddressSpace>();

  /** Adds a range written as `text`; symbolic and invalid values are skipped. Same kind, owner and range: one space, further places in `alsoAt`. */
  add(text: string, space: Omit<AddressSpace, 'cidr' | 'text' | 'family' | 'prefix' | 'first' | 'last' | 'label'> & { label: (cidr: string) => string }): void {
    const c = parseCidr(text.trim());
    if (!c) return;
    const cidr = `${formatIp(c.family, c.lo)}/${c.prefix}`;
    const key = `${space.kind}|${space.owner.type}|${space.owner.key}|${space.vpc ?? ''}|${space.pod?.source ?? ''}|${cidr}`;
    const existing = this.#spaces.get(key);
    if (existing) {
      if (compareRefs(existing.at, space.at) !== 0 && !(existing.alsoAt ?? []).some((r) => compareRefs(r, space.at) === 0)) {
        existing.alsoAt = [...(existing.alsoAt ?? []), space.at].sort(compareRefs);
      }
      return;
    }
    const { label, ...rest } = space;
    this.#spaces.set(key, {
      ...rest,
      kind: space.kind,
      cidr,
      text: text.trim(),
      family: c.family,
      prefix: c.prefix,
      first: formatIp(c.family, c.lo),
      last: formatIp(c.family, c.hi),
      label: label(text.trim()),
    });
  }

  sorted(): AddressSpace[] {
    const lo = (s: AddressSpace) => parseCidr(s.cidr)!.lo;
    return [...this.#spaces.values()].sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        a.family - b.family ||
        (lo(a) < lo(b) ? -1 : lo(a) > lo(b) ? 1 : 0) ||
        a.prefix - b.prefix ||
        compareRefs(a.at, b.at) ||
        compareStrings(a.owner.key, b.owner.key),
    );
  }
}

class Index {
  readonly vpcs: ReadonlyMap<string, VpcElement>;
  readonly subnets: ReadonlyMap<string, SubnetElement>;

  constructor(readonly infra: InfraModel) {
    this.vpcs = new Map(infra.vpcs.map((v) => [v.key, v]));
    this.subnets = new Map(infra.subnets.map((s) => [s.key, s]));
  }

  vpc(ref: { key?: string; resolved: boolean } | undefined): VpcElement | undefined {
    return ref?.resolved && ref.key !== undefined ? this.vpcs.get(ref.key) : undefined;
  }

  subnet(ref: { key?: string; resolved: boolean } | undefined): SubnetElement | undefined {
    return ref?.resolved && ref.key !== undefined ? this.subnets.get(ref.key) : undefined;
  }

  /** A subnet named by ID or key (ENIConfig spec.subnet). */
  subnetById(id: string): SubnetElement | undefined {
    return this.subnets.get(id) ?? this.infra.subnets.find((s) => s.id === id);
  }

  clusterVpc(cluster: EksClusterElement): VpcElement | undefined {
    return this.vpc(cluster.vpc) ?? cluster.subnets.map((r) => this.vpc(this.subnet(r)?.vpc)).find((v) => v !== undefined);
  }
}

const nameOf = infraLabel;

const knownText = (k: Known<string> | undefined): string | undefined => (k?.known ? k.value : undefined);

/** The one EKS cluster of the input, which the Kubernetes-side ranges belong to; otherwise the ranges are "the cluster's". */
function singleCluster(infra: InfraModel): AddressOwner {
  const [only, ...more] = infra.clusters;
  return only && more.length === 0 ? { type: 'cluster', key: only.key, name: `EKS cluster ${nameOf(only)}` } : { type: 'cluster', key: '', name: 'the cluster' };
}

function vpcSpaces(out: PlanBuilder, infra: InfraModel): void {
  for (const vpc of infra.vpcs) {
    const owner: AddressOwner = { type: 'vpc', key: vpc.key, name: `VPC ${nameOf(vpc)}` };
    vpc.cidrs.forEach((block, i) => {
      const text = knownText(block.cidr);
      if (text === undefined) return;
      out.add(text, {
        kind: 'vpc',
        owner,
        vpc: vpc.key,
        at: block.at,
        origin: 'stated',
        label: (c) => `${i === 0 ? 'VPC CIDR' : 'secondary VPC CIDR'} ${c} of ${owner.name}`,
      });
    });
    for (const block of vpc.ipv6Cidrs) {
      const text = knownText(block.cidr);
      if (text !== undefined) out.add(text, { kind: 'vpc', owner, vpc: vpc.key, at: block.at, origin: 'stated', label: (c) => `IPv6 VPC CIDR ${c} of ${owner.name}` });
    }
  }
}

function nodeAndPodSpaces(out: PlanBuilder, model: Model, index: Index, fallbackOwner: AddressOwner): void {
  const vpcCni = vpcCniAssignsPods(model);
  const custom = model.cni.awsVpcCni?.customNetworking.value === true;
  for (const ng of model.infra.nodeGroups) {
    const cluster = model.infra.clusters.find((c) => c.key === ng.cluster || c.name === ng.cluster);
    const owner: AddressOwner = cluster ? { type: 'cluster', key: cluster.key, name: `EKS cluster ${nameOf(cluster)}` } : fallbackOwner;
    for (const ref of ng.subnets) {
      const subnet = index.subnet(ref);
      const text = knownText(subnet?.cidr?.cidr);
      if (!subnet || text === undefined) continue;
      const base = { owner, vpc: subnet.vpc.key, at: subnet.cidr!.at, origin: 'stated' as const };
      out.add(text, { ...base, kind: 'node', label: (c) => `node subnet ${c} (${nameOf(subnet)})` });
      if (vpcCni && !custom) {
        out.add(text, {
          ...base,
          kind: 'pod',
          pod: { source: 'aws-vpc-cni', overlay: false },
          note: 'the AWS VPC CNI gives pods secondary IPs of the node subnets',
          label: (c) => `pod subnet ${c} (${nameOf(subnet)}, AWS VPC CNI)`,
        });
      }
    }
  }
  if (!vpcCni || !custom) return;
  // Custom networking: pod ENIs live in the ENIConfig subnets (vpc-cni-capacity.md §1.2).
  const owner = fallbackOwner;
  for (const eni of model.cni.eniConfigs) {
    const id = eni.subnet?.value;
    const subnet = id === undefined ? undefined : index.subnetById(id);
    const text = knownText(subnet?.cidr?.cidr);
    if (!subnet || text === undefined) continue;
    out.add(text, {
      kind: 'pod',
      owner,
      vpc: subnet.vpc.key,
      at: eni.subnet!.at ?? eni.at,
      origin: 'stated',
      pod: { source: 'aws-vpc-cni', overlay: false },
      note: `custom networking: ENIConfig ${eni.name} puts pod ENIs in subnet ${nameOf(subnet)}`,
      label: (c) => `pod subnet ${c} (${nameOf(subnet)}, ENIConfig ${eni.name})`,
    });
  }
}

function overlayPodSpaces(out: PlanBuilder, model: Model, owner: AddressOwner): void {
  const cni = model.cni;
  const role = (name: string) => cni.plugins.find((p) => p.name === name)?.role;
  const vpcCni = vpcCniAssignsPods(model);
  const pod = (source: PodRangeSource) => ({ kind: 'pod' as const, owner, pod: { source, overlay: true } });

  if (cni.flannel && role('flannel') === 'networking') {
    for (const [setting, name] of [[cni.flannel.network, 'Network'], [cni.flannel.ipv6Network, 'IPv6Network']] as const) {
      if (setting?.at) out.add(setting.value, { ...pod('flannel'), at: setting.at, origin: 'stated', label: (c) => `pod CIDR ${c} (flannel ${name})` });
    }
  }
  if (cni.calico && role('calico') === 'networking') {
    for (const pool of cni.calico.ipPools) {
      if (pool.disabled.value || !pool.cidr?.at) continue;
      out.add(pool.cidr.value, { ...pod('calico'), at: pool.cidr.at, origin: 'stated', label: (c) => `pod CIDR ${c} (Calico IPPool ${pool.name})` });
    }
  }
  if (cni.cilium && role('cilium') === 'networking' && cni.cilium.ipam.value === 'cluster-pool') {
    const pools = cni.cilium.clusterPoolIpv4Cidrs;
    for (const item of pools.value) {
      out.add(item.value, {
        ...pod('cilium'),
        at: item.at,
        origin: pools.source === 'default' ? 'default' : 'stated',
        ...(pools.source === 'default' ? { note: pools.defaultFrom ?? 'Cilium default cluster pool' } : {}),
        label: (c) => `pod CIDR ${c} (Cilium cluster-pool${pools.source === 'default' ? ' default' : ''})`,
      });
    }
  }
  // kubeadm's podSubnet and kube-proxy's clusterCIDR state the cluster's pod range. Next to the VPC CNI they
  // describe VPC addresses (EKS sets clusterCIDR to the VPC CIDR), not an overlay.
  for (const kubeadm of cni.kubeadm) {
    for (const item of kubeadm.podSubnets) {
      out.add(item.value, { ...pod('kubeadm'), pod: { source: 'kubeadm', overlay: !vpcCni }, at: item.at, origin: 'stated', label: (c) => `pod CIDR ${c} (kubeadm networking.podSubnet)` });
    }
  }
  for (const proxy of cni.kubeProxy) {
    for (const item of proxy.clusterCidrs) {
      out.add(item.value, { ...pod('kube-proxy'), pod: { source: 'kube-proxy', overlay: !vpcCni }, at: item.at, origin: 'stated', label: (c) => `pod CIDR ${c} (kube-proxy clusterCIDR)` });
    }
  }
}

function nodePodSpaces(out: PlanBuilder, model: Model): void {
  for (const node of model.cni.nodes) {
    const owner: AddressOwner = { type: 'node', key: node.node, name: `Node ${node.node}` };
    for (const item of node.podCidrs) {
      out.add(item.value, { kind: 'node-pod', owner, at: item.at, origin: 'stated', label: (c) => `podCIDR ${c} of Node ${node.node}` });
    }
  }
}

/**
 * The EKS default service CIDR: 172.20.0.0/16 when a CIDR of the cluster's VPC is inside 10.0.0.0/8, else
 * 10.100.0.0/16 (EKS API reference, KubernetesNetworkConfigRequest.serviceIpv4Cidr names the two blocks; the
 * EKS AMI's bootstrap.sh picks the cluster DNS IP the same way from the VPC's CIDR blocks). Undefined when the
 * VPC's CIDRs are not all known and none of the known ones is in 10.0.0.0/8.
 */
export function eksDefaultServiceCidr(vpc: VpcElement | undefined): { cidr: string; why: string } | undefined {
  if (!vpc) return undefined;
  const known = vpc.cidrs.map((b) => knownText(b.cidr)).filter((t): t is string => t !== undefined);
  const ten = known.find((t) => {
    const c = parseCidr(t);
    return c !== undefined && c.family === 4 && c.lo >= TEN.lo && c.hi <= TEN.hi;
  });
  if (ten) return { cidr: EKS_SERVICE_DEFAULT_IN_TEN, why: `VPC CIDR ${ten} is inside 10.0.0.0/8` };
  if (known.length === 0 || known.length < vpc.cidrs.length) return undefined;
  return { cidr: EKS_SERVICE_DEFAULT, why: `no VPC CIDR (${known.join(', ')}) is inside 10.0.0.0/8` };
}

function serviceSpaces(out: PlanBuilder, model: Model, index: Index): void {
  for (const cluster of model.infra.clusters) {
    const owner: AddressOwner = { type: 'cluster', key: cluster.key, name: `EKS cluster ${nameOf(cluster)}` };
    const vpc = index.clusterVpc(cluster);
    const base = { kind: 'service' as const, owner, ...(vpc ? { vpc: vpc.key } : {}) };
    const stated = cluster.serviceIPv4Cidr;
    if (stated) {
      const text = knownText(stated);
      if (text !== undefined) out.add(text, { ...base, at: stated.at, origin: 'stated', label: (c) => `service CIDR ${c} of ${owner.name}` });
      continue;
    }
    // IPv6 clusters get service addresses from fc00::/7, not a range one can state or predict.
    if (cluster.ipFamily === 'IPv6') continue;
    const def = eksDefaultServiceCidr(vpc);
    if (!def) continue;
    out.add(def.cidr, {
      ...base,
      at: cluster.at,
      origin: 'default',
      note: `EKS default: ${def.why}`,
      label: (c) => `service CIDR ${c} of ${owner.name} (EKS default: ${def.why})`,
    });
  }
  for (const kubeadm of model.cni.kubeadm) {
    const owner: AddressOwner = { type: 'cni', key: 'kubeadm', name: 'kubeadm' };
    const setting = kubeadm.serviceSubnets;
    for (const item of setting.value) {
      const isDefault = setting.source === 'default';
      out.add(item.value, {
        kind: 'service',
        owner,
        at: item.at,
        origin: isDefault ? 'default' : 'stated',
        ...(isDefault ? { note: setting.defaultFrom ?? 'kubeadm default' } : {}),
        label: (c) => `service CIDR ${c} (kubeadm networking.serviceSubnet${isDefault ? ' default' : ''})`,
      });
    }
  }
}

function peeredSpaces(out: PlanBuilder, infra: InfraModel, index: Index): void {
  for (const gw of infra.gateways) {
    if (gw.kind !== 'pcx' || !gw.peer) continue;
    const local = index.vpc(gw.vpc);
    const peerVpc = index.vpc(gw.peer.vpc);
    const owner: AddressOwner = { type: 'network', key: gw.key, name: `peering ${nameOf(gw)}` };
    const via = { kind: 'pcx' as const, key: gw.key, text: nameOf(gw), at: gw.peer.vpc?.at ?? gw.at };
    // The peer's blocks as the peering states them; else those of the peer VPC when it is in the model.
    const blocks = gw.peer.cidrs.length > 0 ? gw.peer.cidrs : [...(peerVpc?.cidrs ?? []), ...(peerVpc?.ipv6Cidrs ?? [])];
    const peerName = peerVpc ? `VPC ${nameOf(peerVpc)}` : gw.peer.vpc ? `VPC ${gw.peer.vpc.text}` : 'the peer VPC';
    for (const block of blocks) {
      const text = knownText(block.cidr);
      if (text === undefined) continue;
      out.add(text, {
        kind: 'peered',
        owner,
        ...(local ? { vpc: local.key } : gw.vpc?.key ? { vpc: gw.vpc.key } : {}),
        at: block.at,
        origin: 'stated',
        via,
        label: (c) => `peered ${peerName} CIDR ${c} (${owner.name})`,
      });
    }
  }
}

function routedSpaces(out: PlanBuilder, infra: InfraModel, index: Index): void {
  const gateways = new Map<string, GatewayElement>(infra.gateways.map((g) => [g.key, g]));
  for (const table of infra.routeTables) {
    const vpc = index.vpc(table.vpc);
    const own = IpSet.fromCidrs((vpc?.cidrs ?? []).map((b) => knownText(b.cidr)).filter((t): t is string => t !== undefined && parseCidr(t) !== undefined));
    for (const route of table.routes) {
      const kind = route.target.kind;
      const text = knownText(route.destination);
      if (!route.active || text === undefined || NOT_A_NETWORK.has(kind)) continue;
      const c = parseCidr(text.trim());
      if (!c || c.prefix === 0) continue; // 0.0.0.0/0 and ::/0: the internet (through a NAT, a TGW …), not a network
      // A route more specific than the local route sends a subnet of the VPC through a middlebox: still the VPC.
      if (MIDDLEBOX.has(kind) && IpSet.fromCidr(text.trim()).isSubsetOf(own) && !own.isEmpty()) continue;
      const ref = route.target.ref;
      const gw = ref.key !== undefined ? gateways.get(ref.key) : undefined;
      const targetName = gw ? nameOf(gw) : ref.text;
      const owner: AddressOwner = { type: 'network', key: ref.key ?? ref.text, name: `${TARGET_NAMES[kind]} ${targetName}` };
      out.add(text, {
        kind: 'routed',
        owner,
        ...(table.vpc.key !== undefined ? { vpc: table.vpc.key } : {}),
        at: route.destination.at,
        origin: 'stated',
        via: { kind, ...(ref.key !== undefined ? { key: ref.key } : {}), text: targetName, at: ref.at },
        label: (cidr) => `routed network ${cidr} (route to ${owner.name} in route table ${nameOf(table)})`,
      });
    }
  }
}

const TARGET_NAMES: Readonly<Record<RouteTargetKind, string>> = {
  local: 'local',
  igw: 'internet gateway',
  eigw: 'egress-only internet gateway',
  nat: 'NAT gateway',
  tgw: 'transit gateway',
  pcx: 'peering',
  vgw: 'virtual private gateway',
  vpce: 'VPC endpoint',
  eni: 'network interface',
  instance: 'instance',
  other: 'target',
};

function externalSpaces(out: PlanBuilder, config: AddressPlanConfig): void {
  (config.externalNetworks ?? []).forEach((network, i) => {
    const owner: AddressOwner = { type: 'network', key: network.name, name: `external network "${network.name}"` };
    network.cidrs.forEach((cidr, j) => {
      out.add(cidr, { kind: 'external', owner, at: configRef(config, ['externalNetworks', i, 'cidrs', j]), origin: 'stated', label: (c) => `${c} of ${owner.name}` });
    });
  });
}

/** A field of netreach.yaml; for a config given in code, the top of the file. */
function configRef(config: AddressPlanConfig, path: (string | number)[]): SourceRef {
  if (config.source) return config.source.ref(path);
  return { file: config.file ?? 'netreach.yaml', doc: 0, path, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } };
}
