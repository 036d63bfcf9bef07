/**
 * The IP-capacity report of a model: per node group, the pods a node runs (with the arithmetic) and the pod slots at
 * maximum scale; per subnet, the addresses needed at maximum scale against the usable ones, and with prefix
 * delegation the aligned /28 blocks. Plain data (strings, numbers, SourceRefs) so the CLI prints it as text, JSON
 * or markdown and the `capacity/` rules read the same numbers. Cached per model.
 *
 * Placement: an Auto Scaling group spreads its instances across its subnets (one per AZ as a rule), so each of a
 * node group's n subnets gets ceil(max / n) nodes — the most any one of them holds when the group is balanced.
 * EKS control plane: "creates up to four network interfaces across these subnets" (EKS user guide network-reqs,
 * https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html); any one cluster subnet may get all four.
 */
import { compareStrings, type SourceRef } from '../core/source.js';
import { instanceLimits } from '../data/eni-limits.js';
import { parseCidr } from '../engine/ip.js';
import type { AwsVpcCniSettings, EniConfigSettings, Setting } from '../model/cni/settings.js';
import { vpcCniNetworking } from '../model/cni/vpc-cni.js';
import { infraLabel } from '../model/infra/label.js';
import type { NodeGroupElement, SubnetElement } from '../model/infra/types.js';
import type { Model } from '../model/types.js';
import { podsPerNode, type CapacityMode, type CniKnobs, type PodsPerNode } from './pods-per-node.js';
import { blocksAfterSingles, podEniUsage, usableAddresses, type WarmKnobs } from './subnet-usage.js';

/** A CNI setting that decided a number: stated at `at`, or the default (`defaultFrom`). */
export interface SettingUse {
  name: string;
  value: string;
  source: 'input' | 'default' | 'unresolved';
  at?: SourceRef;
  defaultFrom?: string;
}

/** How the cluster gives pods addresses, as far as capacity goes. */
export type NetworkMode = CapacityMode | 'ipv6' | 'overlay' | 'unknown';

export interface InstanceTypeCapacity {
  type: string;
  at: SourceRef;
  /** Undefined when the type is not statically known or not in the instance data (`reason` says which). */
  pods?: PodsPerNode;
  reason?: string;
}

export interface NodeGroupCapacity {
  key: string;
  /** "workers (eksctl:shop#nodegroup/workers)" */
  label: string;
  name: string;
  at: SourceRef;
  managed: boolean;
  mode: NetworkMode;
  instanceTypes: InstanceTypeCapacity[];
  /** The instance type with the fewest pods per node (what judgements use), when any type is known. */
  smallest?: PodsPerNode;
  /** kubelet maxPods of the group: for managed groups EKS applies the smallest value of its types to every node. */
  maxPods?: number;
  /** eksctl maxPodsPerNode, where stated. */
  maxPodsPerNode?: { value: number; at: SourceRef };
  scaling: { min: number; max: number; desired: number; at: SourceRef };
  /** Pods per node (the smallest type) × max nodes. */
  podSlotsAtMax?: number;
  /** Keys of the subnets the group's nodes go to (resolved ones). */
  subnets: string[];
  /** Nodes per subnet at max: ceil(max / number of subnets). */
  nodesPerSubnet: number;
  /** The CNI settings that decided the pods per node. */
  settings: SettingUse[];
  notes: string[];
}

/** One source of address demand in a subnet. */
export interface SubnetConsumer {
  kind: 'node-group' | 'eni-config' | 'control-plane';
  /** "node group workers", "ENIConfig eu-west-1a (pods of node group workers)", "EKS control plane of shop". */
  label: string;
  key: string;
  at: SourceRef;
  nodes: number;
  /** Addresses per node (control plane: per cluster). */
  perNode: number;
  /** /28 prefixes per node (prefix delegation). */
  prefixesPerNode: number;
  addresses: number;
  /** "3 nodes × (3 ENIs × 10 = 30) = 90 (m5.large, WARM_ENI_TARGET=1, 27 pods per node)" */
  formula: string;
}

export interface SubnetCapacity {
  key: string;
  label: string;
  /** The subnet's CIDR field (or the subnet when its CIDR is not stated). */
  at: SourceRef;
  cidr: string;
  prefixLength: number;
  /** 2^(32 − len) − 5 */
  usable: number;
  /** Nodes whose node IP is here. */
  nodes: number;
  consumers: SubnetConsumer[];
  needed: number;
  /** usable − needed (negative: exhausted at max scale). */
  headroom: number;
  /** With prefix delegation: the /28 blocks the subnet offers and the prefixes needed. */
  prefixes?: { needed: number; singles: number; blocks: number; bestCase: number; worstCase: number };
  settings: SettingUse[];
  notes: string[];
}

export interface CapacityReport {
  /** Which plugin assigns pod IPs, and the mode (the VPC CNI's, when it does). */
  cni: { plugin: string; ipv6: boolean; settings: SettingUse[]; at?: SourceRef };
  nodeGroups: NodeGroupCapacity[];
  subnets: SubnetCapacity[];
  notes: string[];
}

const cache = new WeakMap<Model, CapacityReport>();

/** The capacity report of a model (computed once per model). */
export function capacityReport(model: Model): CapacityReport {
  let r = cache.get(model);
  if (!r) {
    r = build(model);
    cache.set(model, r);
  }
  return r;
}

function use(name: string, s: Setting<unknown>): SettingUse {
  const out: SettingUse = { name, value: s.value === undefined ? 'unset' : String(s.value), source: s.source };
  if (s.at) out.at = s.at;
  if (s.defaultFrom !== undefined) out.defaultFrom = s.defaultFrom;
  return out;
}

function cniKnobs(cni: AwsVpcCniSettings): CniKnobs {
  return { prefixDelegation: cni.prefixDelegation.value, customNetworking: cni.customNetworking.value, podEni: cni.podEni.value, maxEni: cni.maxEni.value };
}

/** The settings that shaped pods per node: the mode switches that are on, MAX_ENI when set. */
function podSettings(cni: AwsVpcCniSettings): SettingUse[] {
  const out: SettingUse[] = [];
  if (cni.prefixDelegation.value) out.push(use('ENABLE_PREFIX_DELEGATION', cni.prefixDelegation));
  if (cni.customNetworking.value) out.push(use('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', cni.customNetworking));
  if (cni.podEni.value) out.push(use('ENABLE_POD_ENI', cni.podEni));
  if (cni.maxEni.value !== undefined) out.push(use('MAX_ENI', cni.maxEni));
  return out;
}

/**
 * Warm-pool knobs in force. WARM_PREFIX_TARGET left out of the aws-node env is 0 in the code, but the CNI manifest
 * and the EKS add-on set 1: an unstated value counts as 1 (the larger, conservative number).
 */
function warmKnobs(cni: AwsVpcCniSettings): { knobs: WarmKnobs; settings: SettingUse[]; notes: string[] } {
  const notes: string[] = [];
  const settings: SettingUse[] = [];
  const pd = cni.prefixDelegation.value;
  const w = cni.warmIpTarget.value;
  const m = cni.minimumIpTarget.value;
  let warmPrefix = cni.warmPrefixTarget.value;
  if (cni.warmPrefixTarget.source !== 'input' && warmPrefix < 1) {
    warmPrefix = 1;
    if (pd) notes.push('WARM_PREFIX_TARGET is not set: counted as 1, the value of the CNI manifest and the EKS add-on');
  }
  const ipTargets = (w ?? 0) > 0 || (m ?? 0) > 0;
  if (ipTargets) {
    if (w !== undefined) settings.push(use('WARM_IP_TARGET', cni.warmIpTarget));
    if (m !== undefined) settings.push(use('MINIMUM_IP_TARGET', cni.minimumIpTarget));
  } else if (pd) settings.push({ ...use('WARM_PREFIX_TARGET', cni.warmPrefixTarget), value: String(warmPrefix) });
  else settings.push(use('WARM_ENI_TARGET', cni.warmEniTarget));
  return { knobs: { warmEniTarget: cni.warmEniTarget.value, warmIpTarget: w, minimumIpTarget: m, warmPrefixTarget: warmPrefix }, settings, notes };
}

function zoneOf(s: SubnetElement | undefined): string | undefined {
  if (!s?.az) return undefined;
  return s.az.known ? `=${s.az.value}` : `?${s.az.expr}`;
}

/** Subnets by key, and by physical ID (ENIConfigs name subnet IDs). */
class Subnets {
  readonly byKey = new Map<string, SubnetElement>();
  constructor(readonly all: readonly SubnetElement[]) {
    for (const s of all) this.byKey.set(s.key, s);
  }
  ref(ref: { key?: string; resolved: boolean }): SubnetElement | undefined {
    return ref.resolved && ref.key !== undefined ? this.byKey.get(ref.key) : undefined;
  }
  id(id: string): SubnetElement | undefined {
    return this.byKey.get(id) ?? this.all.find((s) => s.id === id);
  }
}

/** The ENIConfig that nodes in `nodeSubnet` use: named after its AZ, else the one whose subnet is in that AZ. */
function eniConfigFor(configs: readonly EniConfigSettings[], subnets: Subnets, nodeSubnet: SubnetElement): EniConfigSettings | undefined {
  if (configs.length === 1) return configs[0];
  const az = nodeSubnet.az;
  if (az?.known) {
    const byName = configs.find((c) => c.name === az.value);
    if (byName) return byName;
  }
  const zone = zoneOf(nodeSubnet);
  if (zone === undefined) return undefined;
  return configs.find((c) => c.subnet !== undefined && zoneOf(subnets.id(c.subnet.value)) === zone);
}

interface Demand {
  subnet: SubnetElement;
  consumer: SubnetConsumer;
}

function build(model: Model): CapacityReport {
  const subnets = new Subnets(model.infra.subnets);
  const cni = vpcCniNetworking(model.cni);
  const notes: string[] = [];
  const networking = model.cni.networking;
  let mode: NetworkMode = 'unknown';
  if (cni) mode = cni.ipv6.value ? 'ipv6' : 'secondary-ip';
  else if (networking.length > 0) mode = 'overlay';
  const warm = cni && !cni.ipv6.value ? warmKnobs(cni) : undefined;
  const cniSettings = cni ? [...podSettings(cni), ...(warm?.settings ?? [])] : [];
  if (mode === 'overlay') notes.push(`pods get addresses from the ${networking.join(', ')} pod network, not from the subnets: nodes take one subnet address each`);
  if (mode === 'ipv6') notes.push('IPv6 cluster: each ENI takes one /80 prefix, so pod addresses do not limit pods per node; nodes take one IPv4 subnet address each');
  if (mode === 'unknown' && model.infra.nodeGroups.length > 0) notes.push('no CNI in the input: pods per node and pod addresses are not computed');

  const demands: Demand[] = [];
  const nodeGroups = model.infra.nodeGroups.map((ng) => nodeGroupCapacity(model, ng, cni, subnets, demands));
  for (const cluster of model.infra.clusters) {
    const seen = new Set<string>();
    for (const ref of cluster.subnets) {
      const s = subnets.ref(ref);
      if (!s || seen.has(s.key)) continue;
      seen.add(s.key);
      demands.push({
        subnet: s,
        consumer: {
          kind: 'control-plane',
          label: `EKS control plane of ${infraLabel(cluster)}`,
          key: cluster.key,
          at: cluster.at,
          nodes: 0,
          perNode: 4,
          prefixesPerNode: 0,
          addresses: 4,
          formula: 'up to 4 control-plane ENIs (EKS creates up to four across the cluster subnets)',
        },
      });
    }
  }

  const bySubnet = new Map<string, Demand[]>();
  for (const d of demands) bySubnet.set(d.subnet.key, [...(bySubnet.get(d.subnet.key) ?? []), d]);
  const subnetRows: SubnetCapacity[] = [];
  for (const [key, ds] of bySubnet) {
    const subnet = subnets.byKey.get(key)!;
    const cidr = subnet.cidr?.cidr.known ? parseCidr(subnet.cidr.cidr.value) : undefined;
    if (!cidr || cidr.family !== 4 || !subnet.cidr?.cidr.known) continue;
    const consumers = ds.map((d) => d.consumer).sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.key, b.key) || compareStrings(a.label, b.label));
    const needed = consumers.reduce((n, c) => n + c.addresses, 0);
    const usable = usableAddresses(cidr.prefix);
    const row: SubnetCapacity = {
      key,
      label: infraLabel(subnet),
      at: subnet.cidr.at,
      cidr: subnet.cidr.cidr.value,
      prefixLength: cidr.prefix,
      usable,
      nodes: consumers.filter((c) => c.kind === 'node-group').reduce((n, c) => n + c.nodes, 0),
      consumers,
      needed,
      headroom: usable - needed,
      settings: cniSettings,
      notes: [],
    };
    const prefixesNeeded = consumers.reduce((n, c) => n + c.prefixesPerNode * c.nodes, 0);
    if (prefixesNeeded > 0) {
      const singles = needed - 16 * prefixesNeeded;
      const b = blocksAfterSingles(cidr.prefix, singles);
      row.prefixes = { needed: prefixesNeeded, singles, blocks: b.total, bestCase: b.best, worstCase: b.worst };
    }
    subnetRows.push(row);
  }
  subnetRows.sort((a, b) => compareStrings(a.key, b.key));
  nodeGroups.sort((a, b) => compareStrings(a.key, b.key));
  const cniRow: CapacityReport['cni'] = { plugin: cni ? 'aws-vpc-cni' : networking.join(',') || 'none', ipv6: cni?.ipv6.value ?? false, settings: cniSettings };
  if (cni) cniRow.at = cni.daemonSet.at;
  return { cni: cniRow, nodeGroups, subnets: subnetRows, notes: [...notes, ...(warm?.notes ?? [])] };
}

function nodeGroupCapacity(model: Model, ng: NodeGroupElement, cni: AwsVpcCniSettings | undefined, subnets: Subnets, demands: Demand[]): NodeGroupCapacity {
  const notes: string[] = [];
  const vpcCniV4 = cni && !cni.ipv6.value ? cni : undefined;
  const knobs: CniKnobs = vpcCniV4 ? cniKnobs(vpcCniV4) : { prefixDelegation: false, customNetworking: false, podEni: false };
  const node = { managed: ng.managed, maxPods: ng.maxPodsPerNode?.value };
  const types: InstanceTypeCapacity[] = ng.instanceTypes.map((t) => {
    if (!t.known) return { type: t.expr, at: t.at, reason: `instance type not statically known (${t.expr})` };
    const limits = instanceLimits(t.value);
    if (!limits) return { type: t.value, at: t.at, reason: `${t.value} is not in the instance-type data` };
    return { type: t.value, at: t.at, pods: podsPerNode(t.value, limits, knobs, node) };
  });
  for (const t of types) if (t.reason) notes.push(t.reason);
  const computed = types.flatMap((t) => (t.pods ? [t.pods] : []));
  if (!vpcCniV4) {
    // Pod addresses do not come from the ENIs (overlay, IPv6 /80 prefixes): the kubelet alone limits pods per node.
    for (const p of computed) {
      p.pods = p.maxPods;
      p.limitBy = 'kubelet';
    }
  }
  // For managed node groups EKS gives every node the smallest default maxPods of the group's types
  // (EKS user guide cni-increase-ip-addresses: "the smallest maximum number of Pods ... is applied to all nodes").
  if (ng.managed && ng.maxPodsPerNode === undefined && computed.length > 1) {
    const least = Math.min(...computed.map((p) => p.maxPods));
    for (const p of computed) {
      if (p.maxPods === least) continue;
      p.maxPodsFormula = `${least} (the smallest default of the group's instance types, applied to every node; ${p.instanceType} alone: ${p.maxPodsFormula})`;
      p.maxPods = least;
      p.pods = Math.min(p.maxPods, p.ipCapacity);
      p.limitBy = p.ipCapacity < p.maxPods ? 'ips' : 'kubelet';
    }
  }
  const smallest = computed.length === 0 ? undefined : computed.reduce((a, b) => (b.pods < a.pods || (b.pods === a.pods && b.ipCapacity < a.ipCapacity) ? b : a));
  let mode: NetworkMode = 'unknown';
  if (cni) mode = cni.ipv6.value ? 'ipv6' : (smallest?.mode ?? (knobs.customNetworking ? 'custom-networking' : 'secondary-ip'));
  else if (model.cni.networking.length > 0) mode = 'overlay';

  // Subnets: the ASG spreads over every subnet it names, resolved or not.
  const refs = new Map<string, SubnetElement | undefined>();
  for (const ref of ng.subnets) refs.set(ref.key ?? ref.text, subnets.ref(ref));
  const spread = Math.max(1, refs.size);
  const nodesPerSubnet = Math.ceil(ng.scaling.max / spread);
  if (refs.size > 1) notes.push(`${ng.scaling.max} nodes at most over ${refs.size} subnets: ceil(${ng.scaling.max} / ${refs.size}) = ${nodesPerSubnet} per subnet`);
  if (refs.size === 0) notes.push('the node subnets are not in the input');
  const resolved = [...refs.values()].filter((s): s is SubnetElement => s !== undefined);

  const label = `node group ${infraLabel(ng)}`;
  const warm = vpcCniV4 ? warmKnobs(vpcCniV4) : undefined;
  // Per-node use of the most address-hungry type (a mixed group may be all of it).
  let worst: { pods: PodsPerNode; eni: ReturnType<typeof podEniUsage>; nodeSubnetSingles: number } | undefined;
  if (vpcCniV4 && warm) {
    for (const p of computed) {
      const limits = instanceLimits(p.instanceType)!;
      const podsOnNode = Math.max(0, p.pods - 2);
      const eni = podEniUsage(podsOnNode, { podEnis: p.podEnis, ipv4PerEni: limits.ipv4PerEni, prefixDelegation: p.mode.startsWith('prefix-delegation'), maxPods: p.maxPods }, warm.knobs);
      // The node subnet: with custom networking only the node IP; plus the trunk ENI's primary address.
      const nodeSubnetSingles = (knobs.customNetworking ? 1 : 0) + (p.trunk ? 1 : 0);
      const total = eni.addresses + nodeSubnetSingles;
      if (!worst || total > worst.eni.addresses + worst.nodeSubnetSingles) worst = { pods: p, eni, nodeSubnetSingles };
    }
    if (knobs.podEni && computed.some((p) => p.branchEnis > 0)) notes.push('branch ENIs of pods with security groups take one address each (up to the branch ENI limit per node): not counted');
  }
  for (const subnet of resolved) {
    if (!worst) {
      demands.push({ subnet, consumer: { kind: 'node-group', label, key: ng.key, at: ng.at, nodes: nodesPerSubnet, perNode: 1, prefixesPerNode: 0, addresses: nodesPerSubnet, formula: `${nodesPerSubnet} node${nodesPerSubnet === 1 ? '' : 's'} × 1 node IP = ${nodesPerSubnet}` } });
      continue;
    }
    const { pods: p, eni, nodeSubnetSingles } = worst;
    const podCount = Math.max(0, p.pods - 2);
    const what = `${p.instanceType}, ${podCount} pods per node, ${eni.knob}`;
    if (knobs.customNetworking) {
      demands.push({
        subnet,
        consumer: { kind: 'node-group', label, key: ng.key, at: ng.at, nodes: nodesPerSubnet, perNode: nodeSubnetSingles, prefixesPerNode: 0, addresses: nodesPerSubnet * nodeSubnetSingles, formula: `${nodesPerSubnet} nodes × ${nodeSubnetSingles} (node IP${p.trunk ? ' + trunk ENI' : ''}) = ${nodesPerSubnet * nodeSubnetSingles}` },
      });
      const eniConfig = eniConfigFor(model.cni.eniConfigs, subnets, subnet);
      const podSubnet = eniConfig?.subnet ? subnets.id(eniConfig.subnet.value) : undefined;
      if (!eniConfig || !podSubnet) {
        notes.push(`custom networking: ${eniConfig ? `the subnet of ENIConfig ${eniConfig.name}` : `no ENIConfig for the zone of ${infraLabel(subnet)}`} is not in the input; its pod addresses are not counted`);
        continue;
      }
      demands.push({
        subnet: podSubnet,
        consumer: {
          kind: 'eni-config',
          label: `ENIConfig ${eniConfig.name} (pods of ${label})`,
          key: `${ng.key}@${subnet.key}`,
          at: eniConfig.subnet?.at ?? eniConfig.at,
          nodes: nodesPerSubnet,
          perNode: eni.addresses,
          prefixesPerNode: eni.prefixes,
          addresses: nodesPerSubnet * eni.addresses,
          formula: `${nodesPerSubnet} nodes × (${eni.formula}) = ${nodesPerSubnet * eni.addresses} (${what})`,
        },
      });
    } else {
      const perNode = eni.addresses + nodeSubnetSingles;
      demands.push({
        subnet,
        consumer: {
          kind: 'node-group',
          label,
          key: ng.key,
          at: ng.at,
          nodes: nodesPerSubnet,
          perNode,
          prefixesPerNode: eni.prefixes,
          addresses: nodesPerSubnet * perNode,
          formula: `${nodesPerSubnet} node${nodesPerSubnet === 1 ? '' : 's'} × (${eni.formula}${p.trunk ? ' + 1 trunk ENI' : ''}) = ${nodesPerSubnet * perNode} (${what})`,
        },
      });
    }
  }

  const row: NodeGroupCapacity = {
    key: ng.key,
    label: infraLabel(ng),
    name: ng.name,
    at: ng.at,
    managed: ng.managed,
    mode,
    instanceTypes: types,
    scaling: { ...ng.scaling },
    subnets: resolved.map((s) => s.key).sort(compareStrings),
    nodesPerSubnet,
    settings: vpcCniV4 ? podSettings(vpcCniV4) : [],
    notes: [...notes, ...computed.flatMap((p) => p.notes.map((n) => `${n}`))].filter((n, i, all) => all.indexOf(n) === i),
  };
  if (smallest) {
    row.smallest = smallest;
    row.maxPods = smallest.maxPods;
    row.podSlotsAtMax = smallest.pods * ng.scaling.max;
  }
  if (ng.maxPodsPerNode) row.maxPodsPerNode = { ...ng.maxPodsPerNode };
  if (mode === 'overlay' || mode === 'ipv6') {
    // Pod addresses are not subnet addresses here: pods per node is the kubelet's limit alone.
    row.notes.push('pods per node: the kubelet maxPods (pod addresses do not come from the ENIs)');
  }
  return row;
}
