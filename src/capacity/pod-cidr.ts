/**
 * Overlay pod CIDR capacity: a cluster CIDR cut into per-node CIDRs must give every node one, and each per-node
 * CIDR must hold the pods a node may run.
 *
 * - Per-node CIDRs: `2^(mask − prefix)`, mask = flannel `SubnetLen` (etcd subnet manager), kube-controller-manager
 *   `--node-cidr-mask-size[-ipv4|-ipv6]` (flannel with `--kube-subnet-mgr`, kubeadm `podSubnet`; defaults 24 for IPv4
 *   and 64 for IPv6, kubernetes cmd/kube-controller-manager nodeipam options), Cilium `cluster-pool-ipv4-mask-size`.
 * - Pod addresses per node CIDR: host-local IPAM behind flannel's and kubeadm-style bridges hands out neither the
 *   network address, nor the gateway (`.1`, on the bridge), nor — for IPv4 — the broadcast address
 *   (containernetworking/plugins ipam/host-local range.go `Canonicalize`/`lastIP`): `2^(bits − mask) − 3` (IPv6 − 2).
 *   Cilium's host-scope allocator skips network and broadcast (pkg/ipam hostscope: k8s `ipallocator.NewCIDRRange`)
 *   and gives one address to the `cilium_host` router: `− 3` as well.
 * - Demand: nodes — the node groups' max sizes summed, else the Node objects of the input, else not judged; pods per
 *   node — the node groups' `maxPodsPerNode`, else the kubelet default `maxPods` 110 (kubelet config v1beta1 defaults).
 * - Calico borrows IPs from other nodes' blocks when a node's blocks are full (unless strictAffinity), so neither the
 *   block size nor the block count is a hard per-node limit: for Calico the pools' total addresses are compared with the
 *   IP-backed pods of every workload at maximum scale (`podDemand`).
 *
 * With the AWS VPC CNI pods take VPC addresses: there is no overlay and nothing here applies.
 */
import { compareStrings, maybeRefOf, originOf, type SourceRef } from '../core/source.js';
import { parseCidr, type IpFamily } from '../engine/ip.js';
import { parseEmbedded } from '../loader/eksctl/embedded.js';
import type { ParsedDocument } from '../loader/types.js';
import { parseYaml } from '../loader/yaml-adapter.js';
import type { KubeadmSettings } from '../model/cni/settings.js';
import type { Model } from '../model/types.js';
import { podDemand, totalPods } from './demand.js';
import { vpcCniAssignsPods } from '../model/cni/vpc-cni.js';

/** kubelet `maxPods` default (pkg/kubelet/apis/config/v1beta1/defaults.go). */
export const KUBELET_DEFAULT_MAX_PODS = 110;
/** kube-controller-manager `--node-cidr-mask-size` defaults. */
export const NODE_CIDR_MASK_DEFAULT: Readonly<Record<IpFamily, number>> = { 4: 24, 6: 64 };

export type OverlaySource = 'flannel' | 'kubeadm' | 'cilium';

export interface Located<T> {
  value: T;
  /** The field stating it; absent for a default. */
  at?: SourceRef;
  /** Where it comes from, for messages: "flannel SubnetLen", "kube-controller-manager default". */
  from: string;
}

/** One cluster CIDR split into per-node CIDRs. */
export interface NodeCidrPlan {
  source: OverlaySource;
  cidr: string;
  family: IpFamily;
  prefix: number;
  at: SourceRef;
  /** "pod CIDR 10.244.0.0/16 (flannel Network)". */
  label: string;
  mask: Located<number>;
  /** 2^(mask − prefix) (flannel's own subnet manager: − 1); 0 when the mask is shorter than the prefix. */
  nodeCidrs: number;
  /** The arithmetic: "2^(24 − 22) − 1: flannel leaves out the first subnet". */
  nodeCidrsWhy: string;
  /** Addresses of one per-node CIDR the plugin never gives to pods. */
  reservedPerNode: number;
  reservedWhy: string;
  /** Pod addresses of one per-node CIDR. */
  podIpsPerNode: number;
}

export interface NodeCount {
  count: number;
  from: string;
  at: SourceRef[];
}

export interface PodCidrCapacity {
  plans: NodeCidrPlan[];
  /** Calico IP pools (enabled, networking role) against the IP-backed pods at maximum scale. */
  calico: CalicoPoolCapacity[];
  maxNodes: NodeCount | undefined;
  podsPerNode: Located<number>;
}

export interface CalicoPoolCapacity {
  name: string;
  cidr: string;
  family: IpFamily;
  at: SourceRef;
  addresses: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const pow2 = (n: number) => (n < 0 ? 0 : n > 52 ? Number.MAX_SAFE_INTEGER : 2 ** n);

/** The most nodes the input allows: node group max sizes summed, else its Node objects. */
export function maxNodeCount(model: Model): NodeCount | undefined {
  const groups = model.infra.nodeGroups;
  if (groups.length > 0) {
    const count = groups.reduce((n, g) => n + Math.max(0, g.scaling.max), 0);
    return { count, from: groups.map((g) => `${g.name} max ${g.scaling.max}`).join(' + '), at: groups.map((g) => g.scaling.at) };
  }
  if (model.nodes.length > 0) {
    return { count: model.nodes.length, from: `${model.nodes.length} Node object${model.nodes.length === 1 ? '' : 's'} in the input`, at: model.nodes.flatMap((n) => maybeRefOf(n.manifest, 'metadata', 'name') ?? []) };
  }
  return undefined;
}

/** The most pods a node may run: the largest node group maxPodsPerNode, else the kubelet default. */
export function podsPerNode(model: Model): Located<number> {
  const stated = model.infra.nodeGroups.filter((g) => g.maxPodsPerNode).sort((a, b) => b.maxPodsPerNode!.value - a.maxPodsPerNode!.value || compareStrings(a.key, b.key));
  const unstated = model.infra.nodeGroups.some((g) => !g.maxPodsPerNode);
  const top = stated[0];
  if (top && (top.maxPodsPerNode!.value >= KUBELET_DEFAULT_MAX_PODS || !unstated)) {
    return { value: top.maxPodsPerNode!.value, at: top.maxPodsPerNode!.at, from: `maxPodsPerNode of node group ${top.name}` };
  }
  return { value: KUBELET_DEFAULT_MAX_PODS, from: 'kubelet default maxPods' };
}

/** The ClusterConfiguration object behind kubeadm settings (a document of its own, or the kubeadm-config ConfigMap's key). */
function clusterConfigurationOf(model: Model, k: KubeadmSettings): Obj | undefined {
  const text = model.texts.get(k.at.file);
  if (k.at.path.length === 1 && k.at.path[0] === 'kind') {
    if (text === undefined) return undefined;
    const doc = parseYaml(text, k.at.file).documents.find((d) => d.index === k.at.doc);
    return isObj(doc?.value) ? doc.value : undefined;
  }
  const cm = model.configMaps.find((c) => c.namespace === 'kube-system' && c.name === 'kubeadm-config');
  const raw = cm?.manifest.data?.ClusterConfiguration;
  const origin = cm && originOf(cm.manifest);
  if (!cm || raw === undefined || !origin) return undefined;
  const doc: ParsedDocument = { index: origin.source.doc, value: null, source: origin.source };
  const parsed = parseEmbedded(doc, [...origin.path, 'data', 'ClusterConfiguration'], raw, text);
  return isObj(parsed.value) ? parsed.value : undefined;
}

/**
 * kube-controller-manager's node CIDR mask for a family from kubeadm `controllerManager.extraArgs` (a map in
 * v1beta3, a list of {name, value} in v1beta4): `node-cidr-mask-size-ipv4/-ipv6`, else `node-cidr-mask-size`.
 */
export function kubeadmNodeCidrMask(cfg: Obj | undefined, family: IpFamily): Located<number> {
  const cm = isObj(cfg?.controllerManager) ? cfg.controllerManager : undefined;
  const args = cm?.extraArgs;
  const lookup = (name: string): Located<number> | undefined => {
    let host: object | undefined;
    let key: string | number | undefined;
    let raw: unknown;
    if (isObj(args) && args[name] !== undefined) [host, key, raw] = [args, name, args[name]];
    if (Array.isArray(args)) {
      const item = [...args].reverse().find((a) => isObj(a) && a.name === name);
      if (isObj(item)) [host, key, raw] = [item, 'value', item.value];
    }
    if (host === undefined || key === undefined) return undefined;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
    if (n === undefined || n < 1 || n > (family === 4 ? 32 : 128)) return undefined;
    const at = maybeRefOf(host, key);
    return { value: n, ...(at ? { at } : {}), from: `kube-controller-manager --${name}` };
  };
  return (
    lookup(family === 4 ? 'node-cidr-mask-size-ipv4' : 'node-cidr-mask-size-ipv6') ??
    lookup('node-cidr-mask-size') ?? { value: NODE_CIDR_MASK_DEFAULT[family], from: `kube-controller-manager default --node-cidr-mask-size ${NODE_CIDR_MASK_DEFAULT[family]}` }
  );
}

/** flannel runs with `--kube-subnet-mgr`: node subnets are the Nodes' podCIDRs from kube-controller-manager, not SubnetLen. */
function flannelUsesKubeSubnetManager(model: Model): boolean {
  return model.workloads.some(
    (w) => w.kind === 'DaemonSet' && (w.template.spec.containers ?? []).some((c) => c.name === 'kube-flannel' && [...(c.command ?? []), ...(c.args ?? [])].some((a) => a.trim() === '--kube-subnet-mgr' || a.trim().startsWith('--kube-subnet-mgr='))),
  );
}

/**
 * `skipFirst`: flannel leasing subnets itself (no --kube-subnet-mgr) starts at the second subnet of Network
 * (flannel Documentation/configuration.md, SubnetMin "defaults to the second subnet of Network").
 */
function plan(source: OverlaySource, cidrText: string, at: SourceRef, label: string, mask: Located<number>, skipFirst = false): NodeCidrPlan | undefined {
  const c = parseCidr(cidrText.trim());
  if (!c) return undefined;
  const bits = c.family === 4 ? 32 : 128;
  const reservedPerNode = c.family === 4 ? 3 : 2;
  const reservedWhy =
    source === 'cilium' ? 'network, broadcast and the cilium_host router address' : c.family === 4 ? 'network, gateway and broadcast addresses (host-local IPAM)' : 'network and gateway addresses (host-local IPAM)';
  const size = pow2(bits - mask.value);
  return {
    source,
    cidr: cidrText.trim(),
    family: c.family,
    prefix: c.prefix,
    at,
    label,
    mask,
    nodeCidrs: mask.value < c.prefix ? 0 : Math.max(0, pow2(mask.value - c.prefix) - (skipFirst ? 1 : 0)),
    nodeCidrsWhy: `2^(${mask.value} − ${c.prefix})${skipFirst ? ' − 1: flannel leaves out the first subnet' : ''}`,
    reservedPerNode,
    reservedWhy,
    podIpsPerNode: Math.max(0, size - reservedPerNode),
  };
}


export function podCidrCapacity(model: Model): PodCidrCapacity {
  const cni = model.cni;
  const plans: NodeCidrPlan[] = [];
  const calico: CalicoPoolCapacity[] = [];
  const result = { plans, calico, maxNodes: maxNodeCount(model), podsPerNode: podsPerNode(model) };
  if (vpcCniAssignsPods(model)) return result;
  const role = (name: string) => cni.plugins.find((p) => p.name === name)?.role;

  const kubeadm = cni.kubeadm.filter((k) => k.podSubnets.length > 0);
  for (const k of kubeadm) {
    const cfg = clusterConfigurationOf(model, k);
    for (const item of k.podSubnets) {
      const family = parseCidr(item.value.trim())?.family;
      if (family === undefined) continue;
      const p = plan('kubeadm', item.value, item.at, `pod CIDR ${item.value.trim()} (kubeadm networking.podSubnet)`, kubeadmNodeCidrMask(cfg, family));
      if (p) plans.push(p);
    }
  }

  const flannel = cni.flannel;
  if (flannel?.network?.at && role('flannel') === 'networking') {
    const kubeSubnetMgr = flannelUsesKubeSubnetManager(model);
    // With --kube-subnet-mgr the Nodes' podCIDRs come from kube-controller-manager: kubeadm's podSubnet says how.
    if (!(kubeSubnetMgr && kubeadm.length > 0)) {
      const len = flannel.subnetLen;
      const mask: Located<number> = kubeSubnetMgr
        ? { value: NODE_CIDR_MASK_DEFAULT[4], from: `kube-controller-manager default --node-cidr-mask-size ${NODE_CIDR_MASK_DEFAULT[4]} (flannel --kube-subnet-mgr)` }
        : len
          ? { value: len.value, ...(len.at ? { at: len.at } : {}), from: len.source === 'input' ? 'flannel SubnetLen' : `flannel default SubnetLen ${len.value}` }
          : { value: 24, from: 'flannel default SubnetLen 24' };
      const p = plan('flannel', flannel.network.value, flannel.network.at, `pod CIDR ${flannel.network.value} (flannel Network)`, mask, !kubeSubnetMgr);
      if (p) plans.push(p);
    }
  }

  const cilium = cni.cilium;
  if (cilium && role('cilium') === 'networking' && cilium.ipam.value === 'cluster-pool') {
    const m = cilium.clusterPoolIpv4MaskSize;
    const mask: Located<number> = { value: m.value, ...(m.at ? { at: m.at } : {}), from: m.source === 'input' ? 'Cilium cluster-pool-ipv4-mask-size' : `Cilium default cluster-pool-ipv4-mask-size ${m.value}` };
    for (const item of cilium.clusterPoolIpv4Cidrs.value) {
      const p = plan('cilium', item.value, item.at, `pod CIDR ${item.value.trim()} (Cilium cluster-pool${cilium.clusterPoolIpv4Cidrs.source === 'default' ? ' default' : ''})`, mask);
      if (p) plans.push(p);
    }
  }

  if (cni.calico && role('calico') === 'networking') {
    for (const pool of cni.calico.ipPools) {
      if (pool.disabled.value || !pool.cidr?.at) continue;
      const c = parseCidr(pool.cidr.value.trim());
      if (!c) continue;
      calico.push({ name: pool.name, cidr: pool.cidr.value.trim(), family: c.family, at: pool.cidr.at, addresses: pow2((c.family === 4 ? 32 : 128) - c.prefix) });
    }
  }
  return result;
}

/** IP-backed pods of every workload at maximum scale (DaemonSets once per node of each eligible group at its max size). */
export function ipBackedPodDemand(model: Model): number {
  const max = new Map(model.infra.nodeGroups.map((g) => [g.key, g.scaling.max]));
  return totalPods(podDemand(model), (key) => max.get(key) ?? 0, { ipBacked: true });
}

