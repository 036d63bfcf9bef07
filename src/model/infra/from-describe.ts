/**
 * `aws ec2 describe-*` records → the infrastructure model. Describe output is the account as it is: every key is
 * the physical ID (`vpc-0abc`, `subnet-…`, `rtb-…`, `igw-…`, `nat-…`, `pcx-…`, `tgw-attach-…`, `sg-…`, `acl-…`)
 * and every value is known. References carry the ID as written, that ID as their key and `resolved: false`:
 * mergeInfra resolves them against the whole model, and derives each subnet's route table and tier.
 *
 * Choices:
 * - A reference whose field is missing (a subnet without VpcId — the schema allows it) has text "" and no key,
 *   located at the missing field (refOf falls back to the nearest ancestor that exists).
 * - A route to `local`, or one naming no target, has no key (`local` is no element).
 * - Internet gateways: one element, its VPC the first attachment's (AWS attaches an IGW to one VPC at most).
 * - Peerings: `vpc` is the local side, `peer` the remote side with its IPv4 and IPv6 blocks. The local side is the
 *   requester, unless only the accepter's VPC is among the records' VPCs (the account that accepted a peering).
 * - Transit gateway attachments: `vpc` only for ResourceType vpc. The TGW itself is no element (describe-*
 *   output here has no describe-transit-gateways).
 * - Protocols: 'all', 'TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6' by name, any other IANA number as its decimal string.
 *   Ports only for TCP/UDP (the loader's PortRange); ICMP type/code has no field in the model and is dropped.
 * - A route is located at its destination scalar (what identifies it in its table); its target reference at the
 *   target field (or the route itself when it names none).
 * - NACL entries: inbound then outbound, each in evaluation order (ascending RuleNumber).
 */
import type { SourceRef } from '../../core/source.js';
import { refOf } from '../../core/source.js';
import type {
  CidrRef,
  DescribeRecords,
  InternetGatewayRecord,
  NatGatewayRecord,
  NetworkAclRecord,
  NetworkAclRule,
  NormalizedProtocol,
  PeeringRecord,
  PeeringSide,
  RouteRecord,
  RouteTableRecord,
  RouteTargetKind as DescribeTargetKind,
  SecurityGroupPeer,
  SecurityGroupRecord,
  SecurityGroupRule,
  SubnetRecord,
  TgwAttachmentRecord,
  VpcRecord,
} from '../../loader/aws-describe/index.js';
import type {
  CidrBlock,
  GatewayElement,
  InfraModel,
  NetworkAclElement,
  NetworkAclEntryElement,
  Reference,
  RouteElement,
  RouteTableElement,
  RouteTargetKind,
  SecurityGroupElement,
  SecurityGroupRuleElement,
  SubnetElement,
  VpcElement,
} from './types.js';

const SOURCE = 'describe' as const;

export function infraFromDescribe(records: DescribeRecords): InfraModel {
  const localVpcs = new Set(records.vpcs.map((v) => v.id));
  return {
    vpcs: records.vpcs.map(vpc),
    subnets: records.subnets.map(subnet),
    routeTables: records.routeTables.map(routeTable),
    gateways: [
      ...records.internetGateways.map(internetGateway),
      ...records.natGateways.map(natGateway),
      ...records.peerings.map((p) => peering(p, localVpcs)),
      ...records.tgwAttachments.map(tgwAttachment),
    ],
    securityGroups: records.securityGroups.map(securityGroup),
    networkAcls: records.networkAcls.map(networkAcl),
    clusters: [],
    nodeGroups: [],
  };
}

/**
 * A reference to the element with physical ID `id`, written at `at`; unresolved until mergeInfra. `key: false`
 * for a name that is no element's key (a route's `local`, a security group named by GroupName only).
 */
function ref(id: string | undefined, at: SourceRef, key = true): Reference {
  const r: Reference = { text: id ?? '', resolved: false, at };
  if (key && id !== undefined && id !== '') r.key = id;
  return r;
}

/** A reference from the field `field` of a raw object. */
const refField = (raw: object, field: string, id: string | undefined): Reference => ref(id, refOf(raw, field));

const block = (c: CidrRef): CidrBlock => ({ cidr: { known: true, value: c.cidr }, at: c.at });

function vpc(r: VpcRecord): VpcElement {
  const el: VpcElement = { key: r.id, id: r.id, at: r.at, source: SOURCE, cidrs: r.cidrBlocks.map(block), ipv6Cidrs: r.ipv6CidrBlocks.map(block) };
  if (r.name !== undefined) el.name = r.name;
  return el;
}

function subnet(r: SubnetRecord): SubnetElement {
  const el: SubnetElement = {
    key: r.id,
    id: r.id,
    at: r.at,
    source: SOURCE,
    vpc: refField(r.raw, 'VpcId', r.vpcId),
    tier: 'unknown',
    tags: { ...r.tags },
  };
  if (r.name !== undefined) el.name = r.name;
  if (r.cidr) el.cidr = block(r.cidr);
  if (r.availabilityZone !== undefined) el.az = { known: true, value: r.availabilityZone, at: refOf(r.raw, 'AvailabilityZone') };
  return el;
}

const TARGET_KINDS: Readonly<Partial<Record<DescribeTargetKind, RouteTargetKind>>> = {
  igw: 'igw',
  eigw: 'eigw',
  nat: 'nat',
  tgw: 'tgw',
  pcx: 'pcx',
  vgw: 'vgw',
  vpce: 'vpce',
  eni: 'eni',
  instance: 'instance',
  local: 'local',
};

/** The model's target kind: lgw, cgw, core-network and unclassified GatewayIds are 'other'. */
export function targetKind(kind: DescribeTargetKind): RouteTargetKind {
  return TARGET_KINDS[kind] ?? 'other';
}

function route(r: RouteRecord): RouteElement {
  const kind = targetKind(r.target.kind);
  return {
    destination: { known: true, value: r.destination.value, at: r.destination.at },
    target: { kind, ref: ref(r.target.id, r.target.at, kind !== 'local') },
    active: r.active,
    at: r.destination.at,
  };
}

function routeTable(r: RouteTableRecord): RouteTableElement {
  return {
    key: r.id,
    id: r.id,
    at: r.at,
    source: SOURCE,
    vpc: refField(r.raw, 'VpcId', r.vpcId),
    main: r.main,
    subnets: r.subnets.map((s) => ref(s.id, s.at)),
    routes: r.routes.map(route),
  };
}

function internetGateway(r: InternetGatewayRecord): GatewayElement {
  const el: GatewayElement = { key: r.id, id: r.id, at: r.at, source: SOURCE, kind: 'igw' };
  const first = r.attachments[0];
  if (first) el.vpc = ref(first.vpcId, first.at);
  return el;
}

function natGateway(r: NatGatewayRecord): GatewayElement {
  const el: GatewayElement = { key: r.id, id: r.id, at: r.at, source: SOURCE, kind: 'nat', connectivity: r.connectivityType };
  if (r.vpcId !== undefined) el.vpc = refField(r.raw, 'VpcId', r.vpcId);
  if (r.subnetId !== undefined) el.subnet = refField(r.raw, 'SubnetId', r.subnetId);
  return el;
}

function peering(r: PeeringRecord, localVpcs: ReadonlySet<string>): GatewayElement {
  const accepterLocal = r.accepter.vpcId !== undefined && localVpcs.has(r.accepter.vpcId);
  const requesterLocal = r.requester.vpcId !== undefined && localVpcs.has(r.requester.vpcId);
  const [local, localField, remote, remoteField] =
    accepterLocal && !requesterLocal
      ? ([r.accepter, 'AccepterVpcInfo', r.requester, 'RequesterVpcInfo'] as const)
      : ([r.requester, 'RequesterVpcInfo', r.accepter, 'AccepterVpcInfo'] as const);
  const el: GatewayElement = {
    key: r.id,
    id: r.id,
    at: r.at,
    source: SOURCE,
    kind: 'pcx',
    peer: { cidrs: [...remote.cidrBlocks, ...remote.ipv6CidrBlocks].map(block) },
  };
  const sideRef = (side: PeeringSide, field: string): Reference | undefined =>
    side.vpcId === undefined ? undefined : ref(side.vpcId, refOf(r.raw, field, 'VpcId'));
  const localRef = sideRef(local, localField);
  const remoteRef = sideRef(remote, remoteField);
  if (localRef) el.vpc = localRef;
  if (remoteRef && el.peer) el.peer.vpc = remoteRef;
  return el;
}

function tgwAttachment(r: TgwAttachmentRecord): GatewayElement {
  const el: GatewayElement = { key: r.id, id: r.id, at: r.at, source: SOURCE, kind: 'tgw-attachment' };
  if (r.resourceType === 'vpc' && r.resourceId !== undefined) el.vpc = refField(r.raw, 'ResourceId', r.resourceId);
  return el;
}

/** 'all' and the named protocols as they are; any other IANA number as its decimal string ("47"). */
const protocolName = (p: NormalizedProtocol): string => (typeof p === 'number' ? String(p) : p);

function sgPeer(p: SecurityGroupPeer): SecurityGroupRuleElement['peers'][number] {
  switch (p.kind) {
    case 'cidr':
      return { kind: 'cidr', cidr: { known: true, value: p.cidr } };
    case 'prefix-list':
      return { kind: 'prefix-list', id: p.prefixListId };
    case 'security-group': {
      // A pair names its group by ID (VPC groups) or, in EC2-Classic/default-VPC output, by name only: a name is no key.
      return { kind: 'security-group', ref: ref(p.groupId ?? p.groupName, p.at, p.groupId !== undefined) };
    }
  }
}

function sgRule(r: SecurityGroupRule): SecurityGroupRuleElement {
  const el: SecurityGroupRuleElement = { direction: r.direction, protocol: protocolName(r.protocol), peers: r.peers.map(sgPeer), at: r.at };
  if (r.ports) el.ports = { from: r.ports.from, to: r.ports.to };
  return el;
}

function securityGroup(r: SecurityGroupRecord): SecurityGroupElement {
  const el: SecurityGroupElement = {
    key: r.id,
    id: r.id,
    at: r.at,
    source: SOURCE,
    rules: [...r.ingress, ...r.egress].map(sgRule),
    complete: r.complete,
  };
  const name = r.groupName ?? r.name;
  if (name !== undefined) el.name = name;
  if (r.vpcId !== undefined) el.vpc = refField(r.raw, 'VpcId', r.vpcId);
  return el;
}

function aclEntry(e: NetworkAclRule): NetworkAclEntryElement {
  const el: NetworkAclEntryElement = {
    ruleNumber: e.ruleNumber,
    action: e.action,
    egress: e.egress,
    protocol: protocolName(e.protocol),
    cidr: { known: true, value: e.cidr.cidr },
    at: e.at,
  };
  if (e.ports) el.ports = { from: e.ports.from, to: e.ports.to };
  return el;
}

function networkAcl(r: NetworkAclRecord): NetworkAclElement {
  const el: NetworkAclElement = {
    key: r.id,
    id: r.id,
    at: r.at,
    source: SOURCE,
    isDefault: r.isDefault,
    subnets: r.subnets.map((s) => ref(s.id, s.at)),
    entries: [...r.ingress, ...r.egress].map(aclEntry),
    complete: r.complete,
  };
  if (r.vpcId !== undefined) el.vpc = refField(r.raw, 'VpcId', r.vpcId);
  return el;
}
