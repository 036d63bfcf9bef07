/**
 * What the `nat/` rules share: the AWS VPC CNI settings when it is the networking plugin, where pods get
 * their addresses (node-group subnets, or ENIConfig subnets with custom networking), route tables read as a
 * VPC router reads them (longest prefix wins), and how settings and address sets are named in messages.
 *
 * Sources: Amazon EKS User Guide "Enable outbound internet access for Pods"
 * (https://docs.aws.amazon.com/eks/latest/userguide/external-snat.html) — pod traffic to any IPv4 address
 * outside the VPC's CIDR blocks is SNATed to the primary IP of the node's primary ENI unless
 * AWS_VPC_K8S_CNI_EXTERNALSNAT=true; aws/amazon-vpc-cni-k8s pkg/networkutils (AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS:
 * comma-separated IPv4 CIDRs exempt from that SNAT; EXTERNALSNAT=true removes the SNAT rule and the off-VPC
 * ip rule) and docs/cni-proposal.md "Pod to external communications".
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import type { SourceRef } from '../../src/core/source.js';
import { IpSet, parseCidr } from '../../src/engine/ip.js';
import { EKS_DEFAULT_VPC_CNI, type AwsVpcCniSettings, type EniConfigSettings, type Setting } from '../../src/model/cni/settings.js';
import type { GatewayElement, NodeGroupElement, RouteElement, RouteTableElement, SubnetElement, VpcElement } from '../../src/model/infra/types.js';
import type { Model } from '../../src/model/types.js';
import type { ObjectRef } from '../../src/lint/define-rule.js';
import { vpcCniNetworking } from '../../src/model/cni/vpc-cni.js';
import { displayName } from '../../src/model/identity.js';
import { infraLabel } from '../../src/model/infra/label.js';
import { InfraIndex, knownCidr, label } from '../vpc/infra.js';

/** The VPC CNI's settings when it assigns pod IPs in IPv4 mode (IPv6 pod addresses are not translated). */
export function vpcCniOf(model: Model): AwsVpcCniSettings | undefined {
  const settings = vpcCniNetworking(model.cni);
  return settings && !settings.ipv6.value ? settings : undefined;
}

/**
 * The object a finding about a VPC CNI setting belongs to, and how messages name it: the aws-node DaemonSet
 * ("DaemonSet kube-system/aws-node"), or the eksctl vpc-cni add-on that stands in for it.
 */
export function cniObject(model: Model, cni: AwsVpcCniSettings): { object: ObjectRef; text: string } {
  const w = model.workloads.find((x) => x.id === cni.daemonSet.id);
  if (w) return { object: w, text: displayName(w) };
  const text = cni.daemonSet.id === EKS_DEFAULT_VPC_CNI ? 'the VPC CNI that EKS installs by default' : 'the vpc-cni add-on';
  return { object: { id: cni.daemonSet.id, fqn: cni.daemonSet.id, name: text }, text };
}

/** `NAME=value (stated)` or `NAME=value (default: <source>)`. */
export function settingText(name: string, setting: Setting<unknown>): string {
  const value = Array.isArray(setting.value) ? (setting.value as { value: string }[]).map((i) => i.value).join(',') : String(setting.value);
  return setting.source === 'input' ? `${name}=${value}` : `${name}=${value} (the default)`;
}

/** A setting as a related location: where it is stated, else the aws-node DaemonSet that leaves it at its default. */
export function settingRelated(cni: AwsVpcCniSettings, name: string, setting: Setting<unknown>): RelatedLocation {
  const text = settingText(name, setting);
  if (setting.at) return { at: setting.at, message: text };
  return { at: cni.daemonSet.at, message: `${cni.daemonSet.id}: ${name} is not set, so ${text} applies (${setting.defaultFrom ?? 'documented default'})` };
}

/** The subnets a node group's nodes (and their primary ENIs) are in, as far as the model resolves them. */
export function nodeGroupSubnets(index: InfraIndex, ng: NodeGroupElement): SubnetElement[] {
  const out: SubnetElement[] = [];
  for (const ref of ng.subnets) {
    const s = index.subnet(ref);
    if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

/** The subnet an ENIConfig names (spec.subnet is a physical subnet ID), when the model has it. */
export function eniConfigSubnet(index: InfraIndex, eni: EniConfigSettings): SubnetElement | undefined {
  const id = eni.subnet?.value;
  if (id === undefined) return undefined;
  return index.subnets.get(id) ?? index.infra.subnets.find((s) => s.id === id);
}

/** A subnet pods take addresses from, and what puts them there (a node group, or an ENIConfig). */
export interface PodSubnet {
  subnet: SubnetElement;
  /** "node group workers", "ENIConfig eu-west-1a". */
  via: string;
  viaAt: SourceRef;
}

/**
 * Where pods get their IPs: with custom networking the ENIConfig subnets (the primary ENI takes no pods),
 * else the node groups' subnets (EKS User Guide "Customize the secondary network interface").
 */
export function podSubnets(model: Model, index: InfraIndex, cni: AwsVpcCniSettings): PodSubnet[] {
  const out: PodSubnet[] = [];
  if (cni.customNetworking.value) {
    for (const eni of model.cni.eniConfigs) {
      const subnet = eniConfigSubnet(index, eni);
      if (subnet) out.push({ subnet, via: `ENIConfig ${eni.name}`, viaAt: eni.subnet?.at ?? eni.at });
    }
  } else {
    for (const ng of model.infra.nodeGroups)
      for (const subnet of nodeGroupSubnets(index, ng)) out.push({ subnet, via: `node group ${label(ng)}`, viaAt: ng.at });
  }
  return out;
}

/** The VPC's IPv4 blocks, or undefined when one is not statically known (then nothing about "outside the VPC" is known). */
export function vpcCidrs(vpc: VpcElement): IpSet | undefined {
  const cidrs: string[] = [];
  for (const block of vpc.cidrs) {
    const c = knownCidr(block.cidr);
    if (!c) return undefined;
    cidrs.push(c.text);
  }
  return cidrs.length === 0 ? undefined : IpSet.fromCidrs(cidrs);
}

/** The addresses of a statically known subnet CIDR. */
export function subnetRange(subnet: SubnetElement): IpSet | undefined {
  const c = knownCidr(subnet.cidr?.cidr);
  return c ? IpSet.fromCidr(c.text) : undefined;
}

/**
 * What each route of a table actually carries: its destination minus the destinations of the longer-prefix
 * routes (AWS "Route priority": the most specific route wins). Blackhole routes still take their traffic
 * (to nowhere); routes whose destination is not statically known (prefix lists) are left out.
 */
export function effectiveDestinations(table: RouteTableElement): Map<RouteElement, IpSet> {
  const parsed = table.routes.flatMap((route) => {
    const d = route.destination;
    const c = d.known ? parseCidr(d.value) : undefined;
    return c && d.known ? [{ route, c, set: IpSet.fromCidr(d.value) }] : [];
  });
  const out = new Map<RouteElement, IpSet>();
  for (const { route, c, set } of parsed) {
    let own = set;
    for (const other of parsed) if (other.c.family === c.family && other.c.prefix > c.prefix) own = own.subtract(other.set);
    out.set(route, own);
  }
  return out;
}

/** Private address space a VPC can route to over private paths: RFC 1918 and RFC 6598 (shared, 100.64.0.0/10). */
export const PRIVATE_SPACE: IpSet = IpSet.fromCidrs(['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16']);

/** The gateway a route targets, when it is in the model. */
export function gatewayOf(model: Model, route: RouteElement): GatewayElement | undefined {
  const key = route.target.ref.resolved ? route.target.ref.key : undefined;
  return key === undefined ? undefined : model.infra.gateways.find((g) => g.key === key);
}

/** "VPC peering connection pcx-1", "transit gateway tgw-1" … for messages. */
export function targetText(route: RouteElement): string {
  const what: Record<string, string> = {
    pcx: 'VPC peering connection',
    tgw: 'transit gateway',
    vgw: 'virtual private gateway',
    eni: 'network interface',
    instance: 'instance',
    igw: 'internet gateway',
    eigw: 'egress-only internet gateway',
    nat: 'NAT gateway',
    vpce: 'VPC endpoint',
    local: 'local',
  };
  const name = route.target.ref.key !== undefined ? infraLabel({ key: route.target.ref.key }) : route.target.ref.text;
  return `${what[route.target.kind] ?? 'target'} ${name}`;
}

/** An address set as CIDRs, at most `max` of them named. */
export function rangesText(set: IpSet, max = 6): string {
  const cidrs = set.toCidrs();
  return cidrs.length <= max ? cidrs.join(', ') : `${cidrs.slice(0, max).join(', ')} and ${cidrs.length - max} more blocks`;
}

export { InfraIndex, label };
