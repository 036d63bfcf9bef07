/**
 * The two ends of a VPC path: a subnet, a node group (its nodes, or its pods with the VPC CNI), a CIDR, the
 * internet, or an EKS control plane — each as "places": address ranges with the subnet they sit in and the security
 * groups of their network interfaces.
 *
 * `resolveVpcEndpoint(infra, text)` reads the CLI's endpoint syntax: `subnet:<name-or-id-or-key>`,
 * `nodegroup:<name>` (`pods:<name>` for its pods), `controlplane:<cluster>`, `internet`, or a CIDR / address.
 */
import type { SourceRef } from '../../core/source.js';
import type { CniSettings } from '../../model/cni/settings.js';
import type { EksClusterElement, InfraModel, NodeGroupElement, Reference, SecurityGroupElement, SubnetElement } from '../../model/infra/types.js';
import { infraLabel } from '../../model/infra/label.js';
import { knownAddresses, subnetAddresses } from './addresses.js';
import { internetAddresses } from '../internet.js';
import { IpSet, parseCidr, parseIp } from '../ip.js';
import type { GroupSet } from './security-groups.js';

export interface VpcPlace {
  /** What the place is, for hops: "subnet private-a (subnet-0abc)". */
  label: string;
  at?: SourceRef;
  addresses: IpSet;
  /** The subnet the addresses are in; undefined outside the VPC. */
  subnet?: SubnetElement;
  /** Security groups of the interfaces; undefined when none applies (outside the VPC, or a bare subnet or CIDR). */
  groups?: GroupSet;
}

export type VpcEndpointKind = 'subnet' | 'nodegroup' | 'pods' | 'cidr' | 'internet' | 'controlplane';

export interface VpcEndpoint {
  kind: VpcEndpointKind;
  label: string;
  at?: SourceRef;
  places: VpcPlace[];
  /** What the endpoint leaves out (a node group subnet not in the input …). */
  notes: string[];
}

/** `name (id)` as the vpc rules print elements. */
export const elementLabel = infraLabel;



/** The groups that references name: the input's elements, the rest unknown. */
export function groupSet(infra: InfraModel, refs: readonly Reference[] | undefined, at: SourceRef): GroupSet {
  if (refs === undefined) return { known: [], unknown: [{ text: 'security groups not stated in the input', resolved: false, at }], at };
  const known: SecurityGroupElement[] = [];
  const unknown: Reference[] = [];
  for (const ref of refs) {
    const sg = findGroup(infra, ref.resolved ? ref.key : undefined, ref.text);
    if (sg) {
      if (!known.includes(sg)) known.push(sg);
    } else unknown.push(ref);
  }
  return { known, unknown, at };
}

function findGroup(infra: InfraModel, key: string | undefined, text: string): SecurityGroupElement | undefined {
  return infra.securityGroups.find((g) => (key !== undefined && g.key === key) || g.id === text || g.key === text);
}

/**
 * The subnets references name, as far as the input has them. A subnet whose CIDR lies outside every block of its
 * VPC cannot be created (vpc/subnet-outside-vpc reports it), so no path starts or ends there: it is left out with
 * the unresolved ones rather than reported again as unreachable.
 */
export function subnetsOf(infra: InfraModel, refs: readonly Reference[]): { subnets: SubnetElement[]; missing: Reference[]; outside: SubnetElement[] } {
  const subnets: SubnetElement[] = [];
  const missing: Reference[] = [];
  const outside: SubnetElement[] = [];
  for (const ref of refs) {
    const s = infra.subnets.find((x) => (ref.resolved && x.key === ref.key) || x.id === ref.text);
    if (!s) missing.push(ref);
    else if (!insideItsVpc(infra, s)) {
      if (!outside.includes(s)) outside.push(s);
    } else if (!subnets.includes(s)) subnets.push(s);
  }
  return { subnets, missing, outside };
}

/** False only when the subnet's CIDR and all its VPC's blocks are known and none contains it. */
function insideItsVpc(infra: InfraModel, s: SubnetElement): boolean {
  const vpc = infra.vpcs.find((v) => v.key === s.vpc.key);
  const own = subnetAddresses(s);
  if (!vpc || own.isEmpty()) return true;
  const blocks = [...vpc.cidrs, ...vpc.ipv6Cidrs];
  if (blocks.some((b) => !b.cidr.known)) return true;
  return blocks.some((b) => own.isSubsetOf(knownAddresses(b.cidr)));
}

function subnetNotes(owner: string, missing: readonly Reference[], outside: readonly SubnetElement[]): string[] {
  return [
    ...missing.map((m) => `subnet ${m.text} of ${owner} is not in the input`),
    ...outside.map((s) => `subnet ${elementLabel(s)} of ${owner} lies outside its VPC's CIDR blocks and is left out`),
  ];
}

export function nodeGroupEndpoint(infra: InfraModel, ng: NodeGroupElement): VpcEndpoint {
  const { subnets, missing, outside } = subnetsOf(infra, ng.subnets);
  const groups = groupSet(infra, ng.securityGroups, ng.securityGroups?.[0]?.at ?? ng.at);
  return {
    kind: 'nodegroup',
    label: `node group ${elementLabel(ng)}`,
    at: ng.at,
    places: subnets.map((s) => ({ label: `node group ${elementLabel(ng)} in subnet ${elementLabel(s)}`, at: ng.at, addresses: subnetAddresses(s), subnet: s, groups })),
    notes: subnetNotes(`node group ${elementLabel(ng)}`, missing, outside),
  };
}

/**
 * The pods of a node group with the AWS VPC CNI: without custom networking they get addresses of the node's subnets
 * and the groups of its primary ENI (the CNI gives secondary ENIs the primary ENI's groups); with custom networking
 * (AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG) the ENIConfig's subnet and securityGroups — the ENIConfig named after each
 * zone when ENI_CONFIG_LABEL_DEF is a zone label, else any of them (docs.aws.amazon.com/eks/latest/userguide/
 * cni-custom-network.html). Pods selected by a SecurityGroupPolicy (branch ENIs) are not modelled here.
 */
export function podEndpoint(infra: InfraModel, cni: CniSettings | undefined, ng: NodeGroupElement): VpcEndpoint {
  const nodes = nodeGroupEndpoint(infra, ng);
  const vpcCni = cni?.awsVpcCni;
  if (!vpcCni?.customNetworking.value || !cni || cni.eniConfigs.length === 0) {
    return { ...nodes, kind: 'pods', label: `pods of node group ${elementLabel(ng)}`, places: nodes.places.map((p) => ({ ...p, label: `pods on ${p.label}` })) };
  }
  const byZone = /zone/.test(vpcCni.eniConfigLabelDef.value ?? '');
  const places: VpcEndpoint['places'] = [];
  const notes = [...nodes.notes];
  for (const node of nodes.places) {
    const zone = node.subnet?.az?.known ? node.subnet.az.value : undefined;
    const configs = byZone ? cni.eniConfigs.filter((c) => c.name === zone) : cni.eniConfigs;
    for (const config of configs) {
      const subnetId = config.subnet?.value;
      const subnet = infra.subnets.find((s) => s.id === subnetId || s.key === subnetId);
      if (!subnet) {
        notes.push(`ENIConfig ${config.name}: subnet ${subnetId ?? '(none)'} is not in the input`);
        continue;
      }
      const refs: Reference[] = config.securityGroups.map((g) => ({ text: g.value, resolved: false, at: g.at }));
      places.push({
        label: `pods on node group ${elementLabel(ng)} (ENIConfig ${config.name}) in subnet ${elementLabel(subnet)}`,
        at: config.at,
        addresses: subnetAddresses(subnet),
        subnet,
        groups: refs.length > 0 ? groupSet(infra, refs, config.at) : node.groups!,
      });
    }
  }
  return { kind: 'pods', label: `pods of node group ${elementLabel(ng)}`, at: ng.at, places, notes };
}

/** The control plane's ENIs: in the cluster's subnets, with the cluster security group and the stated groups. */
export function controlPlaneEndpoint(infra: InfraModel, cluster: EksClusterElement): VpcEndpoint {
  const { subnets, missing, outside } = subnetsOf(infra, cluster.subnets);
  const refs: Reference[] = [...(cluster.securityGroups ?? [])];
  if (cluster.clusterSecurityGroup !== undefined) refs.unshift({ key: cluster.clusterSecurityGroup, text: cluster.clusterSecurityGroup, resolved: true, at: cluster.at });
  const groups = groupSet(infra, refs, cluster.at);
  return {
    kind: 'controlplane',
    label: `control plane of EKS cluster ${elementLabel(cluster)}`,
    at: cluster.at,
    places: subnets.map((s) => ({ label: `control plane ENIs of ${elementLabel(cluster)} in subnet ${elementLabel(s)}`, at: cluster.at, addresses: subnetAddresses(s), subnet: s, groups })),
    notes: subnetNotes(`cluster ${elementLabel(cluster)}`, missing, outside),
  };
}

export function internetEndpoint(): VpcEndpoint {
  return { kind: 'internet', label: 'the internet', places: [{ label: 'the internet', addresses: internetAddresses() }], notes: [] };
}

export function subnetEndpoint(subnet: SubnetElement): VpcEndpoint {
  return { kind: 'subnet', label: `subnet ${elementLabel(subnet)}`, at: subnet.at, places: [{ label: `subnet ${elementLabel(subnet)}`, at: subnet.at, addresses: subnetAddresses(subnet), subnet }], notes: [] };
}

/** A CIDR: the parts inside subnets of the model are in those subnets, the rest is outside the VPC. */
export function cidrEndpoint(infra: InfraModel, cidr: string): VpcEndpoint | undefined {
  const c = parseCidr(cidr) ?? (parseIp(cidr) ? parseCidr(cidr.includes(':') ? `${cidr}/128` : `${cidr}/32`) : undefined);
  if (!c) return undefined;
  const text = cidr.includes('/') ? cidr : `${cidr}/${c.family === 4 ? 32 : 128}`;
  let rest = IpSet.fromCidr(text);
  const places: VpcPlace[] = [];
  for (const s of infra.subnets) {
    const inside = rest.intersect(subnetAddresses(s));
    if (inside.isEmpty()) continue;
    places.push({ label: `${inside.toCidrs().join(',')} in subnet ${elementLabel(s)}`, at: s.at, addresses: inside, subnet: s });
    rest = rest.subtract(inside);
  }
  if (!rest.isEmpty()) places.push({ label: rest.toCidrs().join(','), addresses: rest });
  return { kind: 'cidr', label: text, places, notes: [] };
}

export type ResolvedEndpoint = { ok: true; endpoint: VpcEndpoint } | { ok: false; error: string };

/** The CLI's endpoint syntax → an endpoint; an error message for names the model does not have. */
export function resolveVpcEndpoint(infra: InfraModel, text: string, cni?: CniSettings): ResolvedEndpoint {
  const t = text.trim();
  if (t === 'internet') return { ok: true, endpoint: internetEndpoint() };
  const colon = t.indexOf(':');
  const kind = colon > 0 ? t.slice(0, colon) : '';
  const name = t.slice(colon + 1);
  switch (kind) {
    case 'subnet': {
      const s = infra.subnets.filter((x) => x.key === name || x.id === name || x.name === name);
      if (s.length === 1) return { ok: true, endpoint: subnetEndpoint(s[0]!) };
      return { ok: false, error: s.length === 0 ? `no subnet named ${name}` : `subnet name ${name} is ambiguous: ${s.map(elementLabel).join(', ')}` };
    }
    case 'nodegroup':
    case 'pods': {
      const ng = infra.nodeGroups.filter((x) => x.key === name || x.name === name);
      if (ng.length !== 1) return { ok: false, error: ng.length === 0 ? `no node group named ${name}` : `node group name ${name} is ambiguous: ${ng.map(elementLabel).join(', ')}` };
      return { ok: true, endpoint: kind === 'pods' ? podEndpoint(infra, cni, ng[0]!) : nodeGroupEndpoint(infra, ng[0]!) };
    }
    case 'controlplane': {
      const c = infra.clusters.filter((x) => x.key === name || x.name === name);
      if (c.length !== 1) return { ok: false, error: c.length === 0 ? `no EKS cluster named ${name}` : `cluster name ${name} is ambiguous` };
      return { ok: true, endpoint: controlPlaneEndpoint(infra, c[0]!) };
    }
  }
  const cidr = cidrEndpoint(infra, t);
  return cidr ? { ok: true, endpoint: cidr } : { ok: false, error: `not an endpoint: ${t} (subnet:<name>, nodegroup:<name>, pods:<name>, controlplane:<cluster>, internet, or a CIDR)` };
}
