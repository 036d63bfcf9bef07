/**
 * How many pods a node of one instance type can really run under the Amazon VPC CNI: the pod IP slots its ENIs
 * offer in the CNI mode in force, and the kubelet `maxPods` the node gets. Pure arithmetic over the instance
 * limits (src/data/eni-limits.ts) and the CNI knobs; every result carries the formula that produced it.
 *
 * Sources (shared/data/vpc-cni-capacity.md, which cites aws/amazon-vpc-cni-k8s, awslabs/amazon-eks-ami,
 * aws/amazon-vpc-resource-controller-k8s):
 * - §1.1 secondary IPs: E × (I − 1) + 2 — each ENI's primary address takes no pod, +2 host-network pods;
 * - §1.2 custom networking: (E − 1) × (I − 1) + 2 — the primary ENI carries no pod IPs;
 * - §1.3 prefix delegation: each slot holds a /28 (16 addresses), only on Nitro or bare metal — elsewhere ipamd
 *   falls back to secondary IPs for IPv4;
 * - §1.4 MAX_ENI: E := min(MAX_ENI, E); the 110 (≤ 30 vCPUs) / 250 cap;
 * - §1.5 security groups for pods: on trunking-compatible types the trunk ENI takes one ENI slot; branch ENIs
 *   are a separate allowance B.
 */
import type { InstanceLimits } from '../data/eni-limits.js';

/** How pods get their addresses on a node. */
export type CapacityMode = 'secondary-ip' | 'custom-networking' | 'prefix-delegation' | 'prefix-delegation+custom-networking';

/** The VPC CNI knobs that decide a node's pod IP slots. */
export interface CniKnobs {
  /** ENABLE_PREFIX_DELEGATION */
  prefixDelegation: boolean;
  /** AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG */
  customNetworking: boolean;
  /** ENABLE_POD_ENI (security groups for pods) */
  podEni: boolean;
  /** MAX_ENI (values < 1 are ignored, as ipamd's getMaxENI does) */
  maxEni?: number | undefined;
}

/** What the node group says about its nodes' kubelet. */
export interface NodeKnobs {
  /** An EKS managed node group (EKS caps maxPods at 110/250 in the user data it writes). */
  managed: boolean;
  /** kubelet maxPods stated for the nodes (eksctl maxPodsPerNode). */
  maxPods?: number | undefined;
}

/** Where the kubelet's maxPods comes from. */
export type MaxPodsOrigin = 'stated' | 'stated-capped' | 'managed-default' | 'eni-max-pods';

export interface PodsPerNode {
  instanceType: string;
  mode: CapacityMode;
  /** ENIs on the default network card that hold pod addresses (after MAX_ENI, custom networking, trunk). */
  podEnis: number;
  /** Pod addresses per such ENI: I − 1, × 16 with prefix delegation. */
  slotsPerEni: number;
  /** Pod IP slots: non-hostNetwork pods that can get an address. */
  ipBacked: number;
  /** ipBacked + 2 (the two host-network pods aws-node and kube-proxy): the max-pods formula's value. */
  ipCapacity: number;
  /** "(3 − 1 [custom networking]) × (10 − 1) + 2 = 20" */
  formula: string;
  /** Branch ENIs (security groups for pods), in addition to ipBacked; 0 without ENABLE_POD_ENI or trunking. */
  branchEnis: number;
  /** What kubelet allows. */
  maxPods: number;
  maxPodsOrigin: MaxPodsOrigin;
  /** How maxPods was arrived at: "min(29, 110) = 29 (EKS managed node group cap for 2 vCPUs)". */
  maxPodsFormula: string;
  /** What binds first: pod IPs (`ips`) or the kubelet (`kubelet`). */
  limitBy: 'ips' | 'kubelet';
  /** Pods (hostNetwork ones included) the node really runs: min(maxPods, ipCapacity). */
  pods: number;
  /** ENABLE_PREFIX_DELEGATION=true but the type is neither Nitro nor bare metal: secondary IPs are used instead. */
  prefixDelegationFallback: boolean;
  /** ENABLE_POD_ENI=true and the type takes a trunk ENI. */
  trunk: boolean;
  notes: string[];
}

/** 110 for up to 30 vCPUs, 250 above (EKS user guide "choosing-instance-type"; AMI max-pods-calculator.sh). */
export function maxPodsCap(vcpus: number | undefined): { cap: number; why: string } {
  if (vcpus === undefined) return { cap: 110, why: 'the lower EKS cap, as the vCPU count of this type is not in the data' };
  return vcpus <= 30 ? { cap: 110, why: `EKS cap for ${vcpus} vCPUs (≤ 30)` } : { cap: 250, why: `EKS cap for ${vcpus} vCPUs (> 30)` };
}

/** Prefix delegation is used on Nitro or bare-metal instances only (ipamd IsPrefixDelegationSupported). */
export function supportsPrefixDelegation(limits: InstanceLimits): boolean {
  return limits.hypervisor === 'nitro' || limits.bareMetal;
}

/** The kubelet maxPods a node gets when the input states none (and the formula for it). */
function defaultMaxPods(limits: InstanceLimits, cni: CniKnobs, managed: boolean): { value: number; formula: string; origin: MaxPodsOrigin } {
  const e = limits.maxEnis;
  const s = limits.ipv4PerEni - 1;
  if (!managed) {
    // Self-managed nodes on the EKS AMIs: AL2 bootstrap.sh reads misc/eni-max-pods.txt and AL2023 nodeadm computes
    // the same E × (I − 1) + 2 (calculateStandardMaxPods), uncapped and blind to custom networking, prefix
    // delegation and the trunk ENI (vpc-cni-capacity.md §1.1, §1.4).
    return { value: limits.maxPodsSecondaryIp, formula: `${e} × (${limits.ipv4PerEni} − 1) + 2 = ${limits.maxPodsSecondaryIp} (eni-max-pods value of self-managed nodes)`, origin: 'eni-max-pods' };
  }
  // EKS managed node groups (without a custom AMI) write maxPods into the user data the way the AMI's
  // max-pods-calculator.sh recommends: prefix delegation counted on Nitro types, custom networking and the trunk
  // not counted (the custom-networking tutorial has users set maxPods themselves), capped at 110/250.
  const pd = cni.prefixDelegation && limits.hypervisor === 'nitro';
  const raw = pd ? e * s * 16 + 2 : e * s + 2;
  const { cap, why } = maxPodsCap(limits.vcpus);
  const value = Math.min(raw, cap);
  const rawText = pd ? `${e} × ((${limits.ipv4PerEni} − 1) × 16) + 2 = ${raw}` : `${e} × (${limits.ipv4PerEni} − 1) + 2 = ${raw}`;
  return { value, formula: `min(${rawText}, ${cap}) = ${value} (${why})`, origin: 'managed-default' };
}

/**
 * Pods a node of `instanceType` runs under the given CNI knobs. Total for every input: limits are taken as they
 * are, and no value is ever negative.
 */
export function podsPerNode(instanceType: string, limits: InstanceLimits, cni: CniKnobs, node: NodeKnobs): PodsPerNode {
  const notes: string[] = [];
  let e = limits.maxEnis;
  const terms: string[] = [];
  if (cni.maxEni !== undefined && cni.maxEni >= 1 && cni.maxEni < e) {
    notes.push(`MAX_ENI=${cni.maxEni} limits the ${e} ENIs of ${instanceType} to ${cni.maxEni}`);
    e = cni.maxEni;
  }
  const fallback = cni.prefixDelegation && !supportsPrefixDelegation(limits);
  if (fallback) notes.push(`${instanceType} is a ${limits.hypervisor === 'xen' ? 'Xen' : 'non-Nitro'} instance type: the VPC CNI ignores ENABLE_PREFIX_DELEGATION there and assigns secondary IPs`);
  const pd = cni.prefixDelegation && !fallback;
  const custom = cni.customNetworking ? 1 : 0;
  if (custom) terms.push('1 [custom networking: the primary ENI takes no pods]');
  // The resource controller treats types it does not list as trunking-compatible (§1.5).
  const trunkingCompatible = limits.trunking ?? true;
  const trunk = cni.podEni && trunkingCompatible;
  if (trunk) terms.push('1 [trunk ENI]');
  if (cni.podEni && !trunkingCompatible) notes.push(`${instanceType} is not trunking-compatible: no trunk ENI and no branch ENIs, so pods with security groups cannot run there`);
  let branchEnis = 0;
  if (trunk) {
    if (limits.branchEnis === undefined) notes.push(`the branch ENI count of ${instanceType} is not in the data`);
    branchEnis = limits.branchEnis ?? 0;
  }
  const podEnis = Math.max(0, e - custom - (trunk ? 1 : 0));
  const s = Math.max(0, limits.ipv4PerEni - 1);
  const slotsPerEni = pd ? s * 16 : s;
  const ipBacked = podEnis * slotsPerEni;
  const ipCapacity = ipBacked + 2;
  const enisText = terms.length === 0 ? `${e}` : `(${[String(e), ...terms].join(' − ')})`;
  const slotText = pd ? `((${limits.ipv4PerEni} − 1) × 16)` : `(${limits.ipv4PerEni} − 1)`;
  const formula = `${enisText} × ${slotText} + 2 = ${ipCapacity}`;
  const mode: CapacityMode = pd ? (custom ? 'prefix-delegation+custom-networking' : 'prefix-delegation') : custom ? 'custom-networking' : 'secondary-ip';

  let maxPods: number;
  let maxPodsFormula: string;
  let maxPodsOrigin: MaxPodsOrigin;
  if (node.maxPods !== undefined && node.maxPods >= 0) {
    const { cap, why } = maxPodsCap(limits.vcpus);
    if (node.managed && node.maxPods > cap) {
      // EKS enforces its cap over any other maxPods setting on managed nodes without a custom AMI
      // (EKS user guide choosing-instance-type, "How maxPods is determined").
      maxPods = cap;
      maxPodsFormula = `min(${node.maxPods} stated, ${cap}) = ${cap} (${why}, enforced on managed node groups)`;
      maxPodsOrigin = 'stated-capped';
    } else {
      maxPods = node.maxPods;
      maxPodsFormula = `${node.maxPods} (stated)`;
      maxPodsOrigin = 'stated';
    }
  } else {
    const d = defaultMaxPods(limits, cni, node.managed);
    maxPods = d.value;
    maxPodsFormula = d.formula;
    maxPodsOrigin = d.origin;
  }
  const pods = Math.min(maxPods, ipCapacity);
  return {
    instanceType,
    mode,
    podEnis,
    slotsPerEni,
    ipBacked,
    ipCapacity,
    formula,
    branchEnis,
    maxPods,
    maxPodsOrigin,
    maxPodsFormula,
    limitBy: ipCapacity < maxPods ? 'ips' : 'kubelet',
    pods,
    prefixDelegationFallback: fallback,
    trunk,
    notes,
  };
}
