/**
 * What eksctl (and EKS behind it) does with a ClusterConfig field that is absent. Every default names its source;
 * "eksctl" below is github.com/eksctl-io/eksctl, files under pkg/ unless said otherwise.
 *
 * Pinned in defaults.test.ts. Nothing here talks to AWS: what eksctl would look up (the region's AZ names, an
 * existing VPC's CIDR) stays unknown or becomes a placeholder flagged `assumed`.
 */
import { isIP } from 'node:net';
import type { NatGatewayMode } from './schema.js';

/** apis/eksctl.io/v1alpha5/vpc.go DefaultCIDR(): the VPC eksctl creates when vpc.cidr is absent. */
export const DEFAULT_VPC_CIDR = '192.168.0.0/16';

/**
 * apis/eksctl.io/v1alpha5/vpc.go: MinRequiredAvailabilityZones = MinRequiredSubnets = 2,
 * RecommendedAvailabilityZones = RecommendedSubnets = 3.
 */
export const MIN_AVAILABILITY_ZONES = 2;
export const RECOMMENDED_AVAILABILITY_ZONES = 3;

/**
 * az/az.go GetAvailabilityZones: without `availabilityZones`, eksctl picks RecommendedAvailabilityZones (3) zones
 * at random among the region's available ones, only MinRequiredAvailabilityZones (2) in us-east-1
 * (randomSelectionOfZones), and all of them when the region has fewer than 3. AWS docs (eksctl user guide, VPC
 * configuration): "In us-east-1 eksctl only creates 2 public and 2 private subnets by default." Which zones, and
 * whether a region has only 2, is not known statically: 3 is assumed outside us-east-1.
 */
export function defaultAvailabilityZoneCount(region: string | undefined): number {
  return region === 'us-east-1' ? MIN_AVAILABILITY_ZONES : RECOMMENDED_AVAILABILITY_ZONES;
}

/** Placeholder names for zones eksctl picks at random (`${region}a` is not guaranteed): az-1, az-2, … */
export function placeholderZones(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `az-${i + 1}`);
}

/**
 * apis/eksctl.io/v1alpha5/vpc.go ClusterNATDefault = ClusterSingleNAT: one NAT gateway when eksctl creates the VPC.
 * With an existing VPC eksctl creates no gateway ("it will not create any routing tables or other resources, such
 * as internet/NAT gateways" — eksctl docs, vpc-configuration.md) and vpc/vpc.go ImportSubnets sets the mode to
 * Disable when vpc.id is given; a fully-private cluster has no outbound internet access at all (eksctl docs,
 * eks-private-cluster.md).
 */
export function defaultNat(createdByEksctl: boolean, fullyPrivate: boolean): NatGatewayMode {
  return createdByEksctl && !fullyPrivate ? 'Single' : 'Disable';
}

/**
 * apis/eksctl.io/v1alpha5/defaults.go ClusterEndpointAccessDefaults(): publicAccess true, privateAccess false
 * (the EKS API defaults too: VpcConfigRequest endpointPublicAccess true, endpointPrivateAccess false). A fully-private
 * cluster "can have private access only" (eksctl docs, eks-private-cluster.md).
 */
export function defaultEndpoints(fullyPrivate: boolean): { publicAccess: boolean; privateAccess: boolean } {
  return fullyPrivate ? { publicAccess: false, privateAccess: true } : { publicAccess: true, privateAccess: false };
}

/** EKS API VpcConfigRequest.publicAccessCidrs: the public endpoint is open to 0.0.0.0/0 unless restricted. */
export const DEFAULT_PUBLIC_ACCESS_CIDRS: readonly string[] = ['0.0.0.0/0'];

/**
 * apis/eksctl.io/v1alpha5/validation.go validateKubernetesNetworkConfig: "" is IPv4 (compared case-insensitively);
 * EKS: "The IP family is always ipv4, unless you … specified ipv6 when you created the cluster".
 * serviceIPv4CIDR stays unset: EKS then picks 10.100.0.0/16 or 172.20.0.0/16 (derived elsewhere from the VPC CIDRs).
 */
export const DEFAULT_IP_FAMILY = 'IPv4';

/** apis/eksctl.io/v1alpha5/types.go DefaultNodeType, applied by SetNodeGroupDefaults / SetManagedNodeGroupDefaults. */
export const DEFAULT_INSTANCE_TYPE = 'm5.large';

/** apis/eksctl.io/v1alpha5/types.go DefaultNodeCount. */
export const DEFAULT_NODE_COUNT = 2;

/** apis/eksctl.io/v1alpha5/defaults.go setDefaultNodeLabels: labels eksctl puts on every node group's nodes. */
export const CLUSTER_NAME_LABEL = 'alpha.eksctl.io/cluster-name';
export const NODEGROUP_NAME_LABEL = 'alpha.eksctl.io/nodegroup-name';

export interface Scaling {
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
}

/**
 * Node group sizes when some are absent, as eksctl fills them:
 * - managed (apis/eksctl.io/v1alpha5/validation.go ValidateManagedNodeGroup): minSize = desiredCapacity, or
 *   DefaultNodeCount (2) when both are absent; maxSize = desiredCapacity, else minSize (a computed 0 becomes
 *   DefaultMaxSize: "MaxSize needs to be greater or equal to 1"); desiredCapacity = minSize.
 * - unmanaged (cfn/builder/nodegroup.go): the same minSize and maxSize; desiredCapacity is left out of the Auto
 *   Scaling group, which then starts at its MinSize (EC2 Auto Scaling: DesiredCapacity defaults to MinSize).
 * So for both: nothing stated → 2/2/2; only desiredCapacity N → N/N/N; only minSize M → M/M/M.
 */
export function defaultScaling(stated: Partial<Scaling>, managed: boolean): Scaling {
  const minSize = stated.minSize ?? stated.desiredCapacity ?? DEFAULT_NODE_COUNT;
  let maxSize = stated.maxSize ?? stated.desiredCapacity ?? minSize;
  // eksctl's DefaultMaxSize; its value is taken from the comment next to it (not seen in the source read).
  if (managed && stated.maxSize === undefined && maxSize === 0) maxSize = 1;
  const desiredCapacity = stated.desiredCapacity ?? minSize;
  return { minSize, maxSize, desiredCapacity };
}

export interface PlannedSubnet {
  zone: string;
  tier: 'public' | 'private';
  cidr: string;
  /** Position of the block in the split of the VPC CIDR (eksctl's CIDRIndex). */
  index: number;
  /** A local zone (`localZones`) rather than an availability zone. */
  localZone: boolean;
  /** Position of the zone in `availabilityZones` (or `localZones`). */
  position: number;
}

export type SubnetPlan = { subnets: PlannedSubnet[] } | { error: string };

/**
 * The subnets eksctl creates in its own VPC (vpc/vpc.go SetSubnets, getSubnetNetworkSize, SplitInto):
 * - the VPC CIDR prefix must be /16 to /24 ("VPC CIDR prefix must be between /16 and /24");
 * - with Z zones (availability zones, then local zones) it needs 2Z subnets: 2 → 2 blocks of prefix+3, ≤ 8 → the
 *   CIDR cut in 8 blocks of prefix+3 (a /16 gives /19s), ≤ 16 → 16 blocks of prefix+4, more is an error;
 * - zone i gets public block i and private block i + Z: all public subnets first, then all private ones, in zone
 *   order (3 AZs in 192.168.0.0/16: public .0/19 .32/19 .64/19, private .96/19 .128/19 .160/19, two /19 unused).
 */
export function planSubnets(vpcCidr: string, zones: readonly string[], localZones: readonly string[] = []): SubnetPlan {
  const parsed = parseIPv4Cidr(vpcCidr);
  if (!parsed) return { error: `${vpcCidr} is not an IPv4 CIDR` };
  const { base, prefix } = parsed;
  if (prefix < 16 || prefix > 24) return { error: 'VPC CIDR prefix must be between /16 and /24' };
  const all = [...zones, ...localZones];
  const zonesTotal = all.length;
  const subnetsTotal = zonesTotal * 2;
  if (subnetsTotal === 0) return { subnets: [] };
  let length: number;
  if (subnetsTotal <= 8) length = prefix + 3;
  else if (subnetsTotal <= 16) length = prefix + 4;
  else return { error: `cannot create more than 16 subnets, ${subnetsTotal} requested` };
  const block = (i: number) => `${formatIPv4((base + i * 2 ** (32 - length)) >>> 0)}/${length}`;
  const subnets: PlannedSubnet[] = [];
  all.forEach((zone, i) => {
    const localZone = i >= zones.length;
    const position = localZone ? i - zones.length : i;
    subnets.push({ zone, tier: 'public', cidr: block(i), index: i, localZone, position });
    subnets.push({ zone, tier: 'private', cidr: block(i + zonesTotal), index: i + zonesTotal, localZone, position });
  });
  return { subnets };
}

/** Network address and prefix of an IPv4 CIDR (host bits cleared, as Go's net.ParseCIDR returns it). */
export function parseIPv4Cidr(cidr: string): { base: number; prefix: number } | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const ip = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  if (isIP(ip) !== 4 || !/^(0|[1-9][0-9]?)$/.test(bits)) return undefined;
  const prefix = Number(bits);
  if (prefix > 32) return undefined;
  const n = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (n & mask) >>> 0, prefix };
}

function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/**
 * An availability-zone or local-zone name (us-west-2a, us-gov-west-1b, us-west-2-lax-1a). A vpc.subnets key that
 * is one names the subnet's zone (apis/eksctl.io/v1alpha5/vpc.go AZSubnetMappingFromMap); any other key is just a
 * name, and without `az` the zone is only known once eksctl looks the subnet up.
 */
export function isZoneName(s: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+(-[a-z]+-\d+)?[a-z]$/.test(s);
}

/** A local-zone name: the region, a metro code and a number, then the zone letter (us-west-2-lax-1a). */
export function isLocalZoneName(s: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+-[a-z]+-\d+[a-z]$/.test(s);
}
