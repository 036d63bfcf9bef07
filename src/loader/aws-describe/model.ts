/**
 * The records loaded from `aws ec2 describe-*` output. Each keeps its validated object (`raw`, the loader's own
 * object: `refOf(record.raw, 'CidrBlock')` is the exact location) next to the normalised fields the VPC model
 * reads, and each normalised value that rules report on carries its own SourceRef.
 */
import type { SourceRef } from '../../core/source.js';
import type { NormalizedProtocol, PortRange, RouteDestinationKind, RouteTargetKind } from './normalize.js';
import type {
  InternetGateway,
  IpPermission,
  NatGateway,
  NetworkAcl,
  NetworkAclEntry,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGatewayAttachment,
  Vpc,
  VpcPeeringConnection,
} from './schema.js';

/** What every record has. */
export interface DescribeRecord<Raw> {
  /** The record's own ID (VpcId, SubnetId, GroupId …). */
  id: string;
  /** The validated object, as parsed (fields that failed validation removed). */
  raw: Raw;
  /** The ID field: the smallest node that names the record. */
  at: SourceRef;
  /** LoadIssue.object form: "Subnet/subnet-0a1b2c". */
  object: string;
  /** The Tags list as a record. */
  tags: Record<string, string>;
  /** The `Name` tag, when present. */
  name?: string;
  /**
   * False when validation removed a field, a list element or a rule from this record (each reported as an
   * INVALID_FIELD issue): what is loaded is less than what the file says. Rules that need every rule of a
   * security group or NACL should not conclude "denied" from an incomplete one.
   */
  complete: boolean;
}

/** A CIDR with the location of the scalar it came from. */
export interface CidrRef {
  cidr: string;
  family: 4 | 6;
  at: SourceRef;
}

export interface VpcRecord extends DescribeRecord<Vpc> {
  /**
   * IPv4 blocks: the primary CidrBlock, then CidrBlockAssociationSet entries in state associated/associating (or
   * without a state), each block once (the primary is also listed in the association set).
   */
  cidrBlocks: CidrRef[];
  /** Ipv6CidrBlockAssociationSet entries in state associated/associating (or without a state). */
  ipv6CidrBlocks: CidrRef[];
  isDefault: boolean;
  state?: string;
}

export interface SubnetRecord extends DescribeRecord<Subnet> {
  vpcId?: string;
  /** Absent for IPv6-only subnets. */
  cidr?: CidrRef;
  ipv6CidrBlocks: CidrRef[];
  availabilityZone?: string;
  availabilityZoneId?: string;
  /** MapPublicIpOnLaunch (false when absent). Public/private is decided by the route table, not by this. */
  mapPublicIpOnLaunch: boolean;
  availableIpAddressCount?: number;
  state?: string;
}

export interface RouteTarget {
  kind: RouteTargetKind;
  /** "" when the route names no target. */
  id: string;
  /** The target field, or the route itself when none is set. */
  at: SourceRef;
}

export interface RouteRecord {
  destination: { kind: RouteDestinationKind; value: string; at: SourceRef };
  target: RouteTarget;
  /** Route.State: "active" or "blackhole" (target gone). */
  state?: string;
  /** False for a blackhole route. */
  active: boolean;
  /** CreateRouteTable (the local route), CreateRoute, EnableVgwRoutePropagation. */
  origin?: string;
  raw: Route;
}

export interface RouteTableRecord extends DescribeRecord<RouteTable> {
  vpcId?: string;
  /** An association with Main: true: the table of every subnet without an explicit association. */
  main: boolean;
  /** Subnets explicitly associated (in file order, with the location of each SubnetId). */
  subnets: { id: string; at: SourceRef }[];
  /** Edge associations (an IGW or VGW routing into the VPC through this table). */
  gateways: { id: string; at: SourceRef }[];
  routes: RouteRecord[];
}

export type SecurityGroupPeer =
  | { kind: 'cidr'; cidr: string; family: 4 | 6; description?: string; at: SourceRef }
  | { kind: 'security-group'; groupId?: string; groupName?: string; userId?: string; vpcId?: string; vpcPeeringConnectionId?: string; at: SourceRef }
  | { kind: 'prefix-list'; prefixListId: string; at: SourceRef };

export interface SecurityGroupRule {
  direction: 'ingress' | 'egress';
  protocol: NormalizedProtocol;
  /** TCP/UDP only: FromPort–ToPort. Undefined: every port (protocol all, SCTP and other numbers — see hasPorts). */
  ports?: PortRange;
  /** ICMP/ICMPv6: FromPort is the type, ToPort the code; -1 = all. */
  icmp?: { type: number; code: number };
  /** Who the rule admits (ingress: sources; egress: destinations). A rule with no peers admits nothing. */
  peers: SecurityGroupPeer[];
  /** The IpProtocol scalar. */
  at: SourceRef;
  raw: IpPermission;
}

export interface SecurityGroupRecord extends DescribeRecord<SecurityGroup> {
  groupName?: string;
  vpcId?: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

export interface NetworkAclRule {
  ruleNumber: number;
  action: 'allow' | 'deny';
  egress: boolean;
  protocol: NormalizedProtocol;
  cidr: CidrRef;
  /** TCP/UDP only; undefined: every port. */
  ports?: PortRange;
  /** ICMP/ICMPv6: type and code, -1 = all. */
  icmp?: { type: number; code: number };
  /** The RuleNumber scalar. */
  at: SourceRef;
  raw: NetworkAclEntry;
}

export interface NetworkAclRecord extends DescribeRecord<NetworkAcl> {
  vpcId?: string;
  isDefault: boolean;
  /** Inbound entries in evaluation order: ascending RuleNumber (the first match decides). */
  ingress: NetworkAclRule[];
  /** Outbound entries in evaluation order. */
  egress: NetworkAclRule[];
  /** Subnets associated with this NACL. */
  subnets: { id: string; at: SourceRef }[];
}

export interface NatGatewayRecord extends DescribeRecord<NatGateway> {
  vpcId?: string;
  subnetId?: string;
  /** pending | failed | available | deleting | deleted. */
  state?: string;
  /** "public" when absent (the API's default at creation). */
  connectivityType: 'public' | 'private';
  publicIps: string[];
  privateIps: string[];
}

export interface InternetGatewayRecord extends DescribeRecord<InternetGateway> {
  /** Attachments that name a VPC (describe-internet-gateways prints State "available" for an attached IGW). */
  attachments: { vpcId: string; state?: string; at: SourceRef }[];
}

export interface PeeringSide {
  vpcId?: string;
  ownerId?: string;
  region?: string;
  /** CidrBlock and CidrBlockSet, each block once (only returned for an active peering, says the API). */
  cidrBlocks: CidrRef[];
  ipv6CidrBlocks: CidrRef[];
}

export interface PeeringRecord extends DescribeRecord<VpcPeeringConnection> {
  /** Status.Code: initiating-request | pending-acceptance | active | deleted | rejected | failed | expired | provisioning | deleting. */
  status?: string;
  active: boolean;
  accepter: PeeringSide;
  requester: PeeringSide;
}

export interface TgwAttachmentRecord extends DescribeRecord<TransitGatewayAttachment> {
  transitGatewayId?: string;
  /** vpc | vpn | direct-connect-gateway | connect | peering | … */
  resourceType?: string;
  resourceId?: string;
  state?: string;
  /** Association.TransitGatewayRouteTableId. */
  routeTableId?: string;
}

export interface DescribeRecords {
  vpcs: VpcRecord[];
  subnets: SubnetRecord[];
  routeTables: RouteTableRecord[];
  securityGroups: SecurityGroupRecord[];
  networkAcls: NetworkAclRecord[];
  natGateways: NatGatewayRecord[];
  internetGateways: InternetGatewayRecord[];
  peerings: PeeringRecord[];
  tgwAttachments: TgwAttachmentRecord[];
}

export function emptyRecords(): DescribeRecords {
  return {
    vpcs: [],
    subnets: [],
    routeTables: [],
    securityGroups: [],
    networkAcls: [],
    natGateways: [],
    internetGateways: [],
    peerings: [],
    tgwAttachments: [],
  };
}
