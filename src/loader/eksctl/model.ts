/**
 * The typed view of one eksctl ClusterConfig after eksctl's defaults: what the VPC and capacity rules read.
 * Plain data (JSON-serialisable, for `netreach model`); every field has a FieldSource saying where it came from.
 */
import type { SourceRef } from '../../core/source.js';
import type { NatGatewayMode } from './schema.js';

/**
 * - stated: written in the file; `at` is the field.
 * - default: absent, filled in as eksctl (or EKS) does (defaults.ts); `at` is the nearest stated ancestor (the
 *   `vpc:` key, the node group, or `metadata.name` for cluster-wide defaults).
 * - derived: computed from other stated fields (subnet CIDRs cut from a stated vpc.cidr, an AZ read from a
 *   subnet key); `at` is the field it comes from.
 * - assumed: a placeholder for what eksctl decides at run time (AZ names it picks at random).
 * - unknown: eksctl looks it up in AWS (an existing VPC's CIDR, a subnet's AZ by ID, the region from the profile).
 */
export type Provenance = 'stated' | 'default' | 'derived' | 'assumed' | 'unknown';

export interface FieldSource {
  at: SourceRef;
  from: Provenance;
}

export type Sources<K extends string> = Record<K, FieldSource>;

export interface ClusterModel {
  name: string;
  region?: string;
  version?: string;
  ipFamily: 'IPv4' | 'IPv6';
  /** Unset: EKS picks 10.100.0.0/16 or 172.20.0.0/16 (decided elsewhere from the VPC CIDRs). */
  serviceIPv4CIDR?: string;
  /** privateCluster.enabled: no outbound internet, private subnets only, private endpoint only. */
  fullyPrivate: boolean;
  /** outpost.controlPlaneOutpostARN: an EKS local cluster whose control plane runs on that Outpost. */
  controlPlaneOutpost?: string;
  /** Cluster availability zones: stated, derived from stated subnets, or placeholders (az-1 …, from 'assumed'). */
  availabilityZones: string[];
  localZones: string[];
  vpc: VpcModel;
  nodeGroups: NodeGroupModel[];
  addons: AddonModel[];
  /** The document (its first line). */
  at: SourceRef;
  sources: Sources<'name' | 'region' | 'version' | 'ipFamily' | 'serviceIPv4CIDR' | 'fullyPrivate' | 'availabilityZones' | 'localZones'>;
}

export interface VpcModel {
  id?: string;
  /** Primary IPv4 CIDR; undefined when an existing VPC is used without stating it (eksctl reads it from AWS). */
  cidr?: string;
  cidrSource: 'stated' | 'default' | 'unknown';
  extraCIDRs: string[];
  /** Where each of extraCIDRs is written (its own item). */
  extraCIDRsAt: SourceRef[];
  /** eksctl creates this VPC (no vpc.id and no subnets given): its subnets are the ones eksctl cuts from the CIDR. */
  createdByEksctl: boolean;
  subnets: SubnetModel[];
  nat: NatGatewayMode;
  endpoints: { publicAccess: boolean; privateAccess: boolean };
  publicAccessCIDRs: string[];
  at: SourceRef;
  sources: Sources<'id' | 'cidr' | 'extraCIDRs' | 'subnets' | 'nat' | 'publicAccess' | 'privateAccess' | 'publicAccessCIDRs'>;
}

export interface SubnetModel {
  /** The vpc.subnets key (an AZ or a name); for subnets eksctl creates, the zone. */
  name: string;
  tier: 'public' | 'private';
  /** Undefined when eksctl would look it up from the subnet ID. */
  az?: string;
  zoneType: 'availability-zone' | 'local-zone';
  cidr?: string;
  id?: string;
  /** Made up here for a subnet eksctl creates in a zone it picks at run time (az is a placeholder). */
  assumed: boolean;
  at: SourceRef;
  sources: Sources<'az' | 'cidr' | 'id'>;
}

export interface TaintModel {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  at: SourceRef;
}

export interface NodeGroupModel {
  name: string;
  /** managedNodeGroups (EKS managed) rather than nodeGroups (self-managed Auto Scaling groups). */
  managed: boolean;
  /** Empty when eksctl resolves them at run time (instanceSelector, a launch template). */
  instanceTypes: string[];
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  maxPodsPerNode?: number;
  /** Subnet names (vpc.subnets keys) or IDs; empty: every cluster subnet of the tier. */
  subnets: string[];
  availabilityZones: string[];
  localZones: string[];
  privateNetworking: boolean;
  /** Stated labels plus the two eksctl adds (alpha.eksctl.io/cluster-name, alpha.eksctl.io/nodegroup-name). */
  labels: Record<string, string>;
  taints: TaintModel[];
  spot: boolean;
  /** amiFamily as stated (eksctl's default is applied by the infrastructure mapper). */
  amiFamily?: { value: string; at: SourceRef };
  /** `ami` as stated: an AMI id, or eksctl's keywords auto / auto-ssm / static (the family's EKS-optimized image). */
  ami?: { value: string; at: SourceRef };
  /** A managed node group's `launchTemplate.id` (the launch template may name its own image). */
  launchTemplate?: { id: string; at: SourceRef };
  at: SourceRef;
  sources: Sources<
    | 'name'
    | 'instanceTypes'
    | 'minSize'
    | 'maxSize'
    | 'desiredCapacity'
    | 'maxPodsPerNode'
    | 'subnets'
    | 'availabilityZones'
    | 'privateNetworking'
    | 'labels'
    | 'taints'
  >;
}

export interface AddonModel {
  name: string;
  version?: string;
  /**
   * The parsed configurationValues mapping: its objects are registered, so `refOf(value, 'env', 'X')` gives the
   * line of that value inside the embedded string. Undefined when absent, blank or not a valid mapping.
   */
  configurationValues?: Record<string, unknown>;
  /** Locations inside configurationValues are exact (false: they point at the configurationValues scalar). */
  configurationValuesExact?: boolean;
  at: SourceRef;
  sources: Sources<'name' | 'version' | 'configurationValues'>;
}
