/**
 * The JSON output of `aws ec2 describe-*` (AWS CLI v2, `--output json`): the fields netreach reads, validated.
 * Field names are the EC2 API shapes as the CLI prints them (PascalCase): Vpc, Subnet, RouteTable (Route,
 * RouteTableAssociation), SecurityGroup (IpPermission, IpRange, Ipv6Range, UserIdGroupPair, PrefixListId),
 * NetworkAcl (NetworkAclEntry, NetworkAclAssociation), NatGateway (NatGatewayAddress), InternetGateway
 * (InternetGatewayAttachment), VpcPeeringConnection (VpcPeeringConnectionVpcInfo), TransitGatewayAttachment —
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/ (API_Route, API_NetworkAclEntry, API_NatGateway,
 * API_TransitGatewayAttachment, API_VpcPeeringConnectionVpcInfo, API_RouteTableAssociation, API_VpcCidrBlockState).
 *
 * Validation only (see ../schemas/common.ts): the loader keeps its own objects, so schemas are `z.looseObject`
 * and never transform; unknown fields (OwnerId, CreateTime, NextToken …) pass untouched, because the EC2 API
 * adds fields every year. Every record requires its own ID (without it nothing can refer to it); everything
 * else is optional, as in the API reference ("Required: No").
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { cidr, isCidr } from '../schemas/common.js';
import type { KindSchema } from '../schemas/registry.js';

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing (the field is missing)';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

const familyOf = (s: string): number => isIP(s.slice(0, s.indexOf('/')));

/** An IPv4 CIDR field (CidrBlock, CidrIp, DestinationCidrBlock): the loader's `cidr`, and family 4. */
export const ipv4Cidr = cidr.refine((s) => !isCidr(s) || familyOf(s) === 4, {
  error: (iss) => `${show(iss.input)} is not an IPv4 CIDR such as 10.0.0.0/16`,
});
/** An IPv6 CIDR field (Ipv6CidrBlock, CidrIpv6, DestinationIpv6CidrBlock). */
export const ipv6Cidr = cidr.refine((s) => !isCidr(s) || familyOf(s) === 6, {
  error: (iss) => `${show(iss.input)} is not an IPv6 CIDR such as 2600:1f18::/56`,
});

const id = z
  .string({ error: (iss) => (iss.input === undefined ? 'required, expected an ID string' : `expected an ID string, got ${show(iss.input)}`) })
  .min(1, { error: 'expected a non-empty ID' });
const text = z.string({ error: (iss) => `expected a string, got ${show(iss.input)}` });
const bool = z.boolean({ error: (iss) => `expected true or false, got ${show(iss.input)}` });

const intIn = (min: number, max: number, what: string) =>
  z
    .number({ error: (iss) => `expected ${what} (a whole number from ${min} to ${max}), got ${show(iss.input)}` })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, {
      error: (iss) => `${show(iss.input)} is not ${what} (a whole number from ${min} to ${max})`,
    });

/**
 * IpPermission.FromPort / ToPort: a TCP/UDP port, or for ICMP the type / code, -1 meaning all (API_IpPermission).
 */
const sgPort = intIn(-1, 65535, 'a port, ICMP type or code');
/** NetworkAclEntry.PortRange.From / To (API_PortRange). */
const aclPort = intIn(0, 65535, 'a port');
/** IcmpTypeCode.Type / Code: -1 means all (API_IcmpTypeCode). */
const icmpNumber = intIn(-1, 255, 'an ICMP type or code');

/**
 * An IP protocol as the EC2 API writes it: `-1` (all), a name (`tcp`, `udp`, `icmp`, `icmpv6`; `sctp` is also
 * accepted) or an IANA protocol number 0–255, always as a string (IpPermission.IpProtocol, NetworkAclEntry.Protocol).
 */
export function isIpProtocol(s: string): boolean {
  if (s === '-1') return true;
  if (/^(tcp|udp|icmp|icmpv6|sctp)$/i.test(s)) return true;
  return /^(0|[1-9][0-9]{0,2})$/.test(s) && Number(s) <= 255;
}
const ipProtocol = z
  .string({ error: (iss) => `expected a protocol string such as "tcp", "6" or "-1", got ${show(iss.input)}` })
  .refine(isIpProtocol, { error: (iss) => `${show(iss.input)} is not "-1", tcp, udp, icmp, icmpv6 or a protocol number 0-255` });

const tags = z.array(z.looseObject({ Key: text, Value: text.optional() }));

const state = z.looseObject({ State: text.optional() });

// --- Vpcs -----------------------------------------------------------------------------------------------------

export const VpcSchema = z.looseObject({
  VpcId: id,
  CidrBlock: ipv4Cidr.optional(),
  CidrBlockAssociationSet: z
    .array(z.looseObject({ AssociationId: text.optional(), CidrBlock: ipv4Cidr.optional(), CidrBlockState: state.optional() }))
    .optional(),
  Ipv6CidrBlockAssociationSet: z
    .array(z.looseObject({ AssociationId: text.optional(), Ipv6CidrBlock: ipv6Cidr.optional(), Ipv6CidrBlockState: state.optional() }))
    .optional(),
  State: text.optional(),
  IsDefault: bool.optional(),
  OwnerId: text.optional(),
  Tags: tags.optional(),
});
export type Vpc = z.infer<typeof VpcSchema>;

// --- Subnets --------------------------------------------------------------------------------------------------

export const SubnetSchema = z.looseObject({
  SubnetId: id,
  VpcId: text.optional(),
  CidrBlock: ipv4Cidr.optional(),
  Ipv6CidrBlockAssociationSet: z
    .array(z.looseObject({ AssociationId: text.optional(), Ipv6CidrBlock: ipv6Cidr.optional(), Ipv6CidrBlockState: state.optional() }))
    .optional(),
  AvailabilityZone: text.optional(),
  AvailabilityZoneId: text.optional(),
  MapPublicIpOnLaunch: bool.optional(),
  AssignIpv6AddressOnCreation: bool.optional(),
  AvailableIpAddressCount: intIn(0, 2 ** 32, 'an address count').optional(),
  DefaultForAz: bool.optional(),
  Ipv6Native: bool.optional(),
  State: text.optional(),
  Tags: tags.optional(),
});
export type Subnet = z.infer<typeof SubnetSchema>;

// --- RouteTables ----------------------------------------------------------------------------------------------

/** The target fields of API_Route, in the order the loader looks at them (ROUTE_TARGET_FIELDS in normalize.ts). */
export const RouteSchema = z.looseObject({
  DestinationCidrBlock: ipv4Cidr.optional(),
  DestinationIpv6CidrBlock: ipv6Cidr.optional(),
  DestinationPrefixListId: text.optional(),
  GatewayId: text.optional(),
  NatGatewayId: text.optional(),
  TransitGatewayId: text.optional(),
  VpcPeeringConnectionId: text.optional(),
  EgressOnlyInternetGatewayId: text.optional(),
  InstanceId: text.optional(),
  NetworkInterfaceId: text.optional(),
  /** Not in API_Route (a Gateway Load Balancer endpoint shows as GatewayId vpce-…), but CloudFormation's name. */
  VpcEndpointId: text.optional(),
  LocalGatewayId: text.optional(),
  CarrierGatewayId: text.optional(),
  CoreNetworkArn: text.optional(),
  State: text.optional(),
  Origin: text.optional(),
});
export type Route = z.infer<typeof RouteSchema>;

export const RouteTableAssociationSchema = z.looseObject({
  Main: bool.optional(),
  RouteTableAssociationId: text.optional(),
  RouteTableId: text.optional(),
  SubnetId: text.optional(),
  GatewayId: text.optional(),
  AssociationState: state.optional(),
});
export type RouteTableAssociation = z.infer<typeof RouteTableAssociationSchema>;

export const RouteTableSchema = z.looseObject({
  RouteTableId: id,
  VpcId: text.optional(),
  Routes: z.array(RouteSchema).optional(),
  Associations: z.array(RouteTableAssociationSchema).optional(),
  Tags: tags.optional(),
});
export type RouteTable = z.infer<typeof RouteTableSchema>;

// --- SecurityGroups -------------------------------------------------------------------------------------------

export const IpPermissionSchema = z.looseObject({
  IpProtocol: ipProtocol,
  FromPort: sgPort.optional(),
  ToPort: sgPort.optional(),
  IpRanges: z.array(z.looseObject({ CidrIp: ipv4Cidr, Description: text.optional() })).optional(),
  Ipv6Ranges: z.array(z.looseObject({ CidrIpv6: ipv6Cidr, Description: text.optional() })).optional(),
  UserIdGroupPairs: z
    .array(
      z.looseObject({
        GroupId: text.optional(),
        GroupName: text.optional(),
        UserId: text.optional(),
        VpcId: text.optional(),
        VpcPeeringConnectionId: text.optional(),
        PeeringStatus: text.optional(),
        Description: text.optional(),
      }),
    )
    .optional(),
  PrefixListIds: z.array(z.looseObject({ PrefixListId: id, Description: text.optional() })).optional(),
});
export type IpPermission = z.infer<typeof IpPermissionSchema>;

export const SecurityGroupSchema = z.looseObject({
  GroupId: id,
  GroupName: text.optional(),
  Description: text.optional(),
  VpcId: text.optional(),
  OwnerId: text.optional(),
  IpPermissions: z.array(IpPermissionSchema).optional(),
  IpPermissionsEgress: z.array(IpPermissionSchema).optional(),
  Tags: tags.optional(),
});
export type SecurityGroup = z.infer<typeof SecurityGroupSchema>;

// --- NetworkAcls ----------------------------------------------------------------------------------------------

/**
 * RuleNumber is 1–32766 for entries you create (CreateNetworkAclEntry); describe output also lists the default
 * "*" entries, numbered 32767 (IPv4) and 32768 (IPv6, `::/0`), so 1–32768 is accepted.
 * RuleNumber, Protocol, RuleAction and Egress are required here (the API always prints them): an entry missing
 * one of them, or with one invalid, is removed whole rather than read with a guessed default.
 */
export const NetworkAclEntrySchema = z.looseObject({
  RuleNumber: intIn(1, 32768, 'a rule number'),
  Protocol: ipProtocol,
  RuleAction: z.enum(['allow', 'deny'], { error: (iss) => `expected allow or deny, got ${show(iss.input)}` }),
  Egress: bool,
  CidrBlock: ipv4Cidr.optional(),
  Ipv6CidrBlock: ipv6Cidr.optional(),
  PortRange: z.looseObject({ From: aclPort.optional(), To: aclPort.optional() }).optional(),
  IcmpTypeCode: z.looseObject({ Type: icmpNumber.optional(), Code: icmpNumber.optional() }).optional(),
});
export type NetworkAclEntry = z.infer<typeof NetworkAclEntrySchema>;

export const NetworkAclSchema = z.looseObject({
  NetworkAclId: id,
  VpcId: text.optional(),
  IsDefault: bool.optional(),
  Entries: z.array(NetworkAclEntrySchema).optional(),
  Associations: z
    .array(z.looseObject({ NetworkAclAssociationId: text.optional(), NetworkAclId: text.optional(), SubnetId: text.optional() }))
    .optional(),
  Tags: tags.optional(),
});
export type NetworkAcl = z.infer<typeof NetworkAclSchema>;

// --- NatGateways ----------------------------------------------------------------------------------------------

const ip = z.string({ error: (iss) => `expected an IP address, got ${show(iss.input)}` }).refine((s) => isIP(s) !== 0, {
  error: (iss) => `${show(iss.input)} is not an IPv4 or IPv6 address`,
});

export const NatGatewaySchema = z.looseObject({
  NatGatewayId: id,
  VpcId: text.optional(),
  SubnetId: text.optional(),
  State: text.optional(),
  ConnectivityType: z.enum(['public', 'private'], { error: (iss) => `expected public or private, got ${show(iss.input)}` }).optional(),
  NatGatewayAddresses: z
    .array(
      z.looseObject({
        AllocationId: text.optional(),
        NetworkInterfaceId: text.optional(),
        PrivateIp: ip.optional(),
        PublicIp: ip.optional(),
        IsPrimary: bool.optional(),
        Status: text.optional(),
      }),
    )
    .optional(),
  Tags: tags.optional(),
});
export type NatGateway = z.infer<typeof NatGatewaySchema>;

// --- InternetGateways -----------------------------------------------------------------------------------------

export const InternetGatewaySchema = z.looseObject({
  InternetGatewayId: id,
  Attachments: z.array(z.looseObject({ VpcId: text.optional(), State: text.optional() })).optional(),
  OwnerId: text.optional(),
  Tags: tags.optional(),
});
export type InternetGateway = z.infer<typeof InternetGatewaySchema>;

// --- VpcPeeringConnections ------------------------------------------------------------------------------------

const vpcInfo = z.looseObject({
  VpcId: text.optional(),
  OwnerId: text.optional(),
  Region: text.optional(),
  CidrBlock: ipv4Cidr.optional(),
  CidrBlockSet: z.array(z.looseObject({ CidrBlock: ipv4Cidr.optional() })).optional(),
  Ipv6CidrBlockSet: z.array(z.looseObject({ Ipv6CidrBlock: ipv6Cidr.optional() })).optional(),
});
export type VpcPeeringConnectionVpcInfo = z.infer<typeof vpcInfo>;

export const VpcPeeringConnectionSchema = z.looseObject({
  VpcPeeringConnectionId: id,
  AccepterVpcInfo: vpcInfo.optional(),
  RequesterVpcInfo: vpcInfo.optional(),
  Status: z.looseObject({ Code: text.optional(), Message: text.optional() }).optional(),
  Tags: tags.optional(),
});
export type VpcPeeringConnection = z.infer<typeof VpcPeeringConnectionSchema>;

// --- TransitGatewayAttachments --------------------------------------------------------------------------------

export const TransitGatewayAttachmentSchema = z.looseObject({
  TransitGatewayAttachmentId: id,
  TransitGatewayId: text.optional(),
  TransitGatewayOwnerId: text.optional(),
  ResourceOwnerId: text.optional(),
  ResourceType: text.optional(),
  ResourceId: text.optional(),
  State: text.optional(),
  Association: z.looseObject({ TransitGatewayRouteTableId: text.optional(), State: text.optional() }).optional(),
  Tags: tags.optional(),
});
export type TransitGatewayAttachment = z.infer<typeof TransitGatewayAttachmentSchema>;

// --- The top-level keys ---------------------------------------------------------------------------------------

export interface DescribeSection {
  /** The response's top-level key. */
  key: string;
  /** The API shape's name, used in messages and LoadIssue.object ("Subnet/subnet-0a1b"). */
  kind: string;
  /** The field holding the record's own ID. */
  idField: string;
  schema: z.ZodType;
}

export const DESCRIBE_SECTIONS = [
  { key: 'Vpcs', kind: 'Vpc', idField: 'VpcId', schema: VpcSchema },
  { key: 'Subnets', kind: 'Subnet', idField: 'SubnetId', schema: SubnetSchema },
  { key: 'RouteTables', kind: 'RouteTable', idField: 'RouteTableId', schema: RouteTableSchema },
  { key: 'SecurityGroups', kind: 'SecurityGroup', idField: 'GroupId', schema: SecurityGroupSchema },
  { key: 'NetworkAcls', kind: 'NetworkAcl', idField: 'NetworkAclId', schema: NetworkAclSchema },
  { key: 'NatGateways', kind: 'NatGateway', idField: 'NatGatewayId', schema: NatGatewaySchema },
  { key: 'InternetGateways', kind: 'InternetGateway', idField: 'InternetGatewayId', schema: InternetGatewaySchema },
  { key: 'VpcPeeringConnections', kind: 'VpcPeeringConnection', idField: 'VpcPeeringConnectionId', schema: VpcPeeringConnectionSchema },
  {
    key: 'TransitGatewayAttachments',
    kind: 'TransitGatewayAttachment',
    idField: 'TransitGatewayAttachmentId',
    schema: TransitGatewayAttachmentSchema,
  },
] as const satisfies readonly DescribeSection[];

export type DescribeKey = (typeof DESCRIBE_SECTIONS)[number]['key'];
export const DESCRIBE_KEYS: readonly DescribeKey[] = DESCRIBE_SECTIONS.map((s) => s.key);

/**
 * validateManifest (../validate.ts) works on a Kubernetes-shaped object: it names the object by kind and
 * metadata.name, and never removes those. A describe record is validated inside a wrapper with that shape
 * (`{kind, metadata: {name: <ID>}, spec: <record>}`, see load.ts), so it gets the same sanitize-and-retry
 * and exact-location issues; the record itself is the loader's object, so locations are its own.
 */
export function wrapperSchema(section: DescribeSection): KindSchema {
  return { kind: section.kind, groups: [], namespaced: false, schema: z.looseObject({ spec: section.schema }) };
}

/**
 * A parsed document that is `aws ec2 describe-*` output: a mapping (not a Kubernetes object) with at least one
 * of the response keys. Several keys in one mapping (outputs merged into one object) are all read.
 */
export function isDescribeOutput(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.apiVersion === 'string' && typeof v.kind === 'string') return false;
  return DESCRIBE_KEYS.some((k) => Object.hasOwn(v, k));
}
