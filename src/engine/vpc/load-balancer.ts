/**
 * The load balancer's side of a VPC path: which subnets an Elastic Load Balancing load balancer of a Kubernetes
 * Service sits in, and the VPC endpoint it sends to its targets from.
 *
 * Subnets, when the Service does not name them, are found the way the two controllers that create these load
 * balancers find them:
 * - the AWS Load Balancer Controller (kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/
 *   subnet_discovery/): the VPC's subnets with the role tag of the scheme (`kubernetes.io/role/elb` for
 *   internet-facing, `kubernetes.io/role/internal-elb` for internal, value `1` or empty); since v2.12.1, when no
 *   subnet has that tag, the subnets whose reachability (public: a route to an internet gateway) matches the scheme.
 *   Subnets tagged `kubernetes.io/cluster/<other>` for other clusters only are left out (the cluster tag check).
 *   One subnet per Availability Zone (Final Selection): subnets with the cluster tag for this cluster first, then the
 *   lowest subnet ID.
 * - the in-tree AWS cloud provider (kubernetes/cloud-provider-aws, `findELBSubnets`): the VPC's subnets tagged for
 *   this cluster or for no cluster; internet-facing load balancers skip subnets that are not public; one per zone,
 *   preferring the role tag, then the cluster tag, then the first by subnet ID.
 * The controllers' other filters (at least eight free addresses, Local Zones) need account state and are not applied.
 */
import { subnetAddresses } from './addresses.js';
import { compareStrings, type SourceRef } from '../../core/source.js';
import type { InfraModel, SubnetElement } from '../../model/infra/types.js';
import type { LoadBalancerController, LoadBalancerScheme } from '../../model/lb/types.js';
import { IpSet } from '../ip.js';
import { elementLabel, type VpcEndpoint, type VpcPlace } from './endpoints.js';

export type { LoadBalancerController, LoadBalancerScheme };

/** The subnet tag that marks a subnet for load balancers of each scheme (subnet_discovery). */
export const ROLE_TAG: Readonly<Record<LoadBalancerScheme, string>> = { 'internet-facing': 'kubernetes.io/role/elb', internal: 'kubernetes.io/role/internal-elb' };
/** `kubernetes.io/cluster/<name>`: a subnet tagged for a cluster (value `shared` or `owned`). */
export const CLUSTER_TAG_PREFIX = 'kubernetes.io/cluster/';

export interface SubnetDiscovery {
  controller: LoadBalancerController;
  scheme: LoadBalancerScheme;
  /** The VPC the cluster runs in: only its subnets are candidates. */
  vpcKey: string;
  /** The cluster's name, for the `kubernetes.io/cluster/<name>` tags; undefined when unknown. */
  clusterName?: string;
}

/** The subnets the controller would create the load balancer in, sorted by zone; [] when it finds none. */
export function discoverLoadBalancerSubnets(infra: InfraModel, d: SubnetDiscovery): SubnetElement[] {
  const inVpc = infra.subnets.filter((s) => s.vpc.key === d.vpcKey && s.vpc.resolved);
  return d.controller === 'aws-load-balancer-controller' ? discoverLbc(inVpc, d) : discoverInTree(inVpc, d);
}

function discoverLbc(subnets: readonly SubnetElement[], d: SubnetDiscovery): SubnetElement[] {
  const tagged = subnets.filter((s) => hasRoleTag(s, d.scheme));
  // v2.12.1+: no subnet with the role tag → the subnets whose reachability matches the scheme.
  const candidates = tagged.length > 0 ? tagged : subnets.filter((s) => s.tier === (d.scheme === 'internet-facing' ? 'public' : 'private'));
  return selectLbcSubnets(candidates, d.clusterName);
}

/**
 * The AWS Load Balancer Controller's choice among candidate subnets (found by role tag, reachability or
 * IngressClassParams tag filters): leave out those tagged for other clusters only (the cluster tag check), then one
 * per zone — the subnet tagged for this cluster first, then the lowest ID (subnet_discovery.md, Final Selection).
 * Sorted by zone. `clusterName` undefined: the cluster is not known.
 */
export function selectLbcSubnets(candidates: readonly SubnetElement[], clusterName: string | undefined): SubnetElement[] {
  const eligible = candidates.filter((s) => !taggedForOtherClustersOnly(s, clusterName));
  const rank = (s: SubnetElement): number => (hasClusterTag(s, clusterName) ? 0 : 1);
  return onePerZone(eligible, (a, b) => rank(a) - rank(b) || compareIds(a, b));
}

function discoverInTree(subnets: readonly SubnetElement[], d: SubnetDiscovery): SubnetElement[] {
  const mine = subnets.filter((s) => hasClusterTag(s, d.clusterName) || !Object.keys(s.tags).some((k) => k.startsWith(CLUSTER_TAG_PREFIX)));
  // The in-tree provider skips a subnet whose route table is not known to be public for internet-facing ELBs.
  const usable = d.scheme === 'internet-facing' ? mine.filter((s) => s.tier === 'public') : mine;
  // The in-tree provider looks for the role tag's presence, whatever its value (findTag).
  const rank = (s: SubnetElement): number => (Object.hasOwn(s.tags, ROLE_TAG[d.scheme]) ? 0 : 2) + (hasClusterTag(s, d.clusterName) ? 0 : 1);
  return onePerZone(usable, (a, b) => rank(a) - rank(b) || compareIds(a, b));
}

/** Role tags count with the value `1` or empty (subnet_discovery: "1 or ``"). */
export function hasRoleTag(s: SubnetElement, scheme: LoadBalancerScheme): boolean {
  const v = s.tags[ROLE_TAG[scheme]];
  return v === '1' || v === '';
}

function hasClusterTag(s: SubnetElement, clusterName: string | undefined): boolean {
  return clusterName !== undefined && Object.hasOwn(s.tags, `${CLUSTER_TAG_PREFIX}${clusterName}`);
}

function taggedForOtherClustersOnly(s: SubnetElement, clusterName: string | undefined): boolean {
  const clusterTags = Object.keys(s.tags).filter((k) => k.startsWith(CLUSTER_TAG_PREFIX));
  return clusterTags.length > 0 && !hasClusterTag(s, clusterName);
}

/** Subnet IDs order the choice; a subnet whose ID the input does not state sorts by its key. */
function compareIds(a: SubnetElement, b: SubnetElement): number {
  return compareStrings(a.id ?? a.key, b.id ?? b.key);
}

/** The first subnet of each zone by `order`; a subnet of an unknown zone stands alone (it may be a zone of its own). */
function onePerZone(subnets: readonly SubnetElement[], order: (a: SubnetElement, b: SubnetElement) => number): SubnetElement[] {
  const byZone = new Map<string, SubnetElement>();
  for (const s of subnets) {
    const zone = s.az === undefined ? `?${s.key}` : s.az.known ? `=${s.az.value}` : `?${s.az.expr}`;
    const best = byZone.get(zone);
    if (!best || order(s, best) < 0) byZone.set(zone, s);
  }
  return [...byZone.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([, s]) => s);
}

/**
 * The subnets a Service names (`service.beta.kubernetes.io/aws-load-balancer-subnets`: subnet IDs, or values of the
 * subnets' `Name` tag, looked up in the cluster's VPC). `missing` lists the names the input does not have.
 */
export function namedLoadBalancerSubnets(infra: InfraModel, vpcKey: string | undefined, names: readonly string[]): { subnets: SubnetElement[]; missing: string[] } {
  const subnets: SubnetElement[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const found = name.startsWith('subnet-')
      ? infra.subnets.filter((s) => s.id === name)
      : infra.subnets.filter((s) => (vpcKey === undefined || s.vpc.key === vpcKey) && (s.tags['Name'] ?? s.name) === name);
    if (found.length === 0) missing.push(name);
    for (const s of found) if (!subnets.includes(s)) subnets.push(s);
  }
  return { subnets, missing };
}

export interface LoadBalancerSide {
  /** "the internet-facing NLB of Service web/shop". */
  label: string;
  at?: SourceRef;
  subnets: readonly SubnetElement[];
  /**
   * The source addresses the targets see: the clients' (client IP preservation), or `'own'` — the load balancer's
   * private addresses, which lie in its subnets.
   */
  sources: IpSet | 'own';
  /** How the sources are named in hops ("clients anywhere on the internet"); their CIDRs by default. */
  sourcesText?: string;
}

/**
 * The load balancer as the source of a VPC path: one place per subnet it has a node in, sending from `sources`.
 * No security groups: the controllers manage the rules the targets need (see the rule that uses this).
 */
export function loadBalancerEndpoint(lb: LoadBalancerSide): VpcEndpoint {
  const places: VpcPlace[] = lb.subnets.map((s) => {
    const own = subnetAddresses(s);
    const addresses = lb.sources === 'own' ? own : lb.sources;
    const from = lb.sources === 'own' ? '' : `, forwarding ${lb.sourcesText ?? `clients ${shortRanges(addresses)}`}`;
    return { label: `${lb.label} in subnet ${elementLabel(s)}${from}`, at: s.at, addresses, subnet: s };
  });
  return { kind: 'subnet', label: lb.label, ...(lb.at ? { at: lb.at } : {}), places, notes: [] };
}

/** The same endpoint without security groups: for traffic whose group rules a controller maintains. */
export function withoutSecurityGroups(e: VpcEndpoint): VpcEndpoint {
  return { ...e, places: e.places.map(({ groups: _groups, ...rest }) => rest) };
}

function shortRanges(set: IpSet): string {
  const cidrs = set.toCidrs();
  return cidrs.length <= 3 ? cidrs.join(',') : `${cidrs.slice(0, 3).join(',')},… (${cidrs.length} blocks)`;
}
