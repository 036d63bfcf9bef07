/**
 * `aws ec2 describe-*` JSON → DescribeRecords. One document may hold several responses (Vpcs, Subnets … merged into
 * one object). Never throws on user input: a bad field is an INVALID_FIELD issue at its exact location and is
 * removed (validateManifest's sanitize-and-retry), a record without its ID is dropped, and everything else loads.
 */
import { formatPath, InternalError, originOf, refOf, registerOrigin, type SourceRef } from '../../core/source.js';
import { parseCidr } from '../../engine/ip.js';
import type { LoadIssue, ParsedDocument } from '../types.js';
import { validateManifest } from '../validate.js';
import type {
  CidrRef,
  DescribeRecord,
  DescribeRecords,
  InternetGatewayRecord,
  NatGatewayRecord,
  NetworkAclRecord,
  NetworkAclRule,
  PeeringRecord,
  PeeringSide,
  RouteRecord,
  RouteTableRecord,
  SecurityGroupPeer,
  SecurityGroupRecord,
  SecurityGroupRule,
  SubnetRecord,
  TgwAttachmentRecord,
  VpcRecord,
} from './model.js';
import { emptyRecords } from './model.js';
import { hasPorts, isIcmp, normalizeProtocol, routeDestination, routeTarget, tagRecord, type NormalizedProtocol, type PortRange } from './normalize.js';
import {
  DESCRIBE_SECTIONS,
  isDescribeOutput,
  wrapperSchema,
  type DescribeSection,
  type InternetGateway,
  type IpPermission,
  type NatGateway,
  type NetworkAcl,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type TransitGatewayAttachment,
  type Vpc,
  type VpcPeeringConnection,
  type VpcPeeringConnectionVpcInfo,
} from './schema.js';

export { isDescribeOutput } from './schema.js';

export interface DescribeLoad {
  records: DescribeRecords;
  issues: LoadIssue[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : isObj(v) ? 'a mapping' : show(v));

const SECTION_BY_KEY = new Map<string, DescribeSection>(DESCRIBE_SECTIONS.map((s) => [s.key, s]));

/** CIDR block states that make a block part of the VPC/subnet (API_VpcCidrBlockState, API_SubnetCidrBlockState). */
const LIVE_CIDR_STATES = new Set(['associated', 'associating']);

/**
 * Loads one parsed describe-* document. The loader owns the document it is given: validation removes bad
 * fields from `doc.value` (as for Kubernetes objects).
 */
export function loadDescribeOutput(doc: ParsedDocument): DescribeLoad {
  const records = emptyRecords();
  const issues: LoadIssue[] = [];
  const value = doc.value;
  if (!isDescribeOutput(value)) {
    issues.push({
      code: 'NOT_AN_OBJECT',
      message: `expected aws ec2 describe-* output: a mapping with one of ${DESCRIBE_SECTIONS.map((s) => s.key).join(', ')}`,
      at: doc.source.ref([]),
      fatal: true,
    });
    return { records, issues };
  }
  // In the order of the file, so that issues and records come out in reading order.
  for (const key of Object.keys(value)) {
    const section = SECTION_BY_KEY.get(key);
    if (!section) continue; // NextToken and anything else
    const list = value[key];
    // `"Vpcs": null` is no list at all, as null is no field for the other loaders.
    if (list === null) continue;
    if (!Array.isArray(list)) {
      issues.push({
        code: 'INVALID_FIELD',
        message: `${section.key}: expected a list of ${section.kind} objects, got ${kindOf(list)}`,
        at: refOf(value, section.key),
        fatal: true,
      });
      continue;
    }
    list.forEach((item: unknown, i) => {
      if (!isObj(item)) {
        issues.push({
          code: 'INVALID_FIELD',
          message: `${section.key}[${i}]: expected a ${section.kind} mapping, got ${kindOf(item)}`,
          at: refOf(list, i),
          fatal: true,
        });
        return;
      }
      const built = loadRecord(section, item, i);
      issues.push(...built.issues);
      if (built.add) built.add(records);
    });
  }
  return { records, issues };
}

interface RecordLoad {
  issues: LoadIssue[];
  add?: (records: DescribeRecords) => void;
}

function loadRecord(section: DescribeSection, item: Obj, index: number): RecordLoad {
  const idValue = item[section.idField];
  const name = typeof idValue === 'string' && idValue !== '' ? idValue : `${section.key}[${index}]`;
  // See wrapperSchema: validateManifest names objects by kind and metadata.name and validates the record as `spec`.
  const wrapper: Obj = { kind: section.kind, metadata: { name }, spec: item };
  const origin = originOf(item);
  if (origin) registerOrigin(wrapper, origin.source, origin.path);
  const validation = validateManifest(wrapper, wrapperSchema(section));
  if (!validation.ok) return { issues: validation.issues };
  const b = new RecordBuilder(section, item, validation.issues);
  const add = b.build();
  return { issues: [...validation.issues, ...b.issues], add };
}

/** Normalises one validated record; issues of its own for what the schema cannot see (a TCP rule without ports). */
class RecordBuilder {
  readonly issues: LoadIssue[] = [];
  readonly id: string;
  readonly object: string;
  complete: boolean;

  constructor(
    readonly section: DescribeSection,
    readonly raw: Obj,
    readonly validationIssues: readonly LoadIssue[],
  ) {
    this.id = raw[section.idField] as string;
    this.object = `${section.kind}/${this.id}`;
    this.complete = validationIssues.length === 0;
  }

  base<R>(): DescribeRecord<R> {
    const tags = tagRecord((this.raw as { Tags?: { Key: string; Value?: string }[] }).Tags);
    const rec: DescribeRecord<R> = {
      id: this.id,
      raw: this.raw as R,
      at: refOf(this.raw, this.section.idField),
      object: this.object,
      tags,
      complete: this.complete,
    };
    if (Object.hasOwn(tags, 'Name')) rec.name = tags.Name;
    return rec;
  }

  /** Records are assembled after their parts, so that `complete` includes what normalisation skipped. */
  build(): (records: DescribeRecords) => void {
    switch (this.section.key) {
      case 'Vpcs': {
        const r = this.vpc(this.raw as Vpc);
        return (rs) => rs.vpcs.push(r);
      }
      case 'Subnets': {
        const r = this.subnet(this.raw as Subnet);
        return (rs) => rs.subnets.push(r);
      }
      case 'RouteTables': {
        const r = this.routeTable(this.raw as RouteTable);
        return (rs) => rs.routeTables.push(r);
      }
      case 'SecurityGroups': {
        const r = this.securityGroup(this.raw as SecurityGroup);
        return (rs) => rs.securityGroups.push(r);
      }
      case 'NetworkAcls': {
        const r = this.networkAcl(this.raw as NetworkAcl);
        return (rs) => rs.networkAcls.push(r);
      }
      case 'NatGateways': {
        const r = this.natGateway(this.raw as NatGateway);
        return (rs) => rs.natGateways.push(r);
      }
      case 'InternetGateways': {
        const r = this.internetGateway(this.raw as InternetGateway);
        return (rs) => rs.internetGateways.push(r);
      }
      case 'VpcPeeringConnections': {
        const r = this.peering(this.raw as VpcPeeringConnection);
        return (rs) => rs.peerings.push(r);
      }
      case 'TransitGatewayAttachments': {
        const r = this.tgwAttachment(this.raw as TransitGatewayAttachment);
        return (rs) => rs.tgwAttachments.push(r);
      }
      default:
        throw new InternalError(`describe-* section ${this.section.key} has no record builder`);
    }
  }

  /**
   * A part (`scope`: a route, permission or entry) the schema let through but the model cannot use: the record is
   * marked incomplete, and the problem reported at `at` unless validation already reported something inside
   * `scope` (a removed FromPort is why the permission has none).
   */
  skip(scope: object, at: SourceRef, message: string): void {
    this.complete = false;
    const prefix = originOf(scope)?.path ?? at.path;
    const already = this.validationIssues.some((i) => prefix.every((seg, n) => i.at.path[n] === seg));
    if (already) return;
    const root = originOf(this.raw)?.path ?? [];
    const where = formatPath(at.path.slice(root.length));
    this.issues.push({
      code: 'INVALID_FIELD',
      message: `${this.section.kind} ${this.id}: ${where}: ${message}`,
      at,
      fatal: false,
      object: this.object,
    });
  }

  cidrRef(obj: object, field: string, value: string): CidrRef | undefined {
    const parsed = parseCidr(value);
    if (!parsed) return undefined; // validated already: unreachable for the loader's own documents
    return { cidr: value, family: parsed.family, at: refOf(obj, field) };
  }

  /** Blocks of an association set whose state is live (or not stated). */
  liveBlocks<A extends object>(set: readonly A[] | undefined, field: keyof A & string, stateField: keyof A & string): CidrRef[] {
    const out: CidrRef[] = [];
    for (const a of set ?? []) {
      const v = a[field];
      const st = (a[stateField] as { State?: string } | undefined)?.State;
      if (typeof v !== 'string' || (st !== undefined && !LIVE_CIDR_STATES.has(st))) continue;
      const ref = this.cidrRef(a, field, v);
      if (ref) out.push(ref);
    }
    return out;
  }

  vpc(v: Vpc): VpcRecord {
    const primary = v.CidrBlock !== undefined ? this.cidrRef(v, 'CidrBlock', v.CidrBlock) : undefined;
    const cidrBlocks = uniqueCidrs([...(primary ? [primary] : []), ...this.liveBlocks(v.CidrBlockAssociationSet, 'CidrBlock', 'CidrBlockState')]);
    const ipv6CidrBlocks = uniqueCidrs(this.liveBlocks(v.Ipv6CidrBlockAssociationSet, 'Ipv6CidrBlock', 'Ipv6CidrBlockState'));
    const rec: VpcRecord = { ...this.base<Vpc>(), cidrBlocks, ipv6CidrBlocks, isDefault: v.IsDefault === true };
    if (v.State !== undefined) rec.state = v.State;
    return withComplete(rec, this.complete);
  }

  subnet(s: Subnet): SubnetRecord {
    const rec: SubnetRecord = {
      ...this.base<Subnet>(),
      ipv6CidrBlocks: uniqueCidrs(this.liveBlocks(s.Ipv6CidrBlockAssociationSet, 'Ipv6CidrBlock', 'Ipv6CidrBlockState')),
      mapPublicIpOnLaunch: s.MapPublicIpOnLaunch === true,
    };
    const cidr = s.CidrBlock !== undefined ? this.cidrRef(s, 'CidrBlock', s.CidrBlock) : undefined;
    if (cidr) rec.cidr = cidr;
    if (s.VpcId !== undefined) rec.vpcId = s.VpcId;
    if (s.AvailabilityZone !== undefined) rec.availabilityZone = s.AvailabilityZone;
    if (s.AvailabilityZoneId !== undefined) rec.availabilityZoneId = s.AvailabilityZoneId;
    if (s.AvailableIpAddressCount !== undefined) rec.availableIpAddressCount = s.AvailableIpAddressCount;
    if (s.State !== undefined) rec.state = s.State;
    return withComplete(rec, this.complete);
  }

  routeTable(t: RouteTable): RouteTableRecord {
    const routes: RouteRecord[] = [];
    for (const r of t.Routes ?? []) {
      const dest = routeDestination(r);
      if (!dest) {
        this.skip(r, refOf(r), 'a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId (the route is ignored)');
        continue;
      }
      const target = routeTarget(r);
      const route: RouteRecord = {
        destination: { kind: dest.kind, value: dest.value, at: refOf(r, dest.field) },
        target: { kind: target.kind, id: target.id, at: target.field ? refOf(r, target.field) : refOf(r) },
        active: r.State !== 'blackhole',
        raw: r,
      };
      if (r.State !== undefined) route.state = r.State;
      if (r.Origin !== undefined) route.origin = r.Origin;
      routes.push(route);
    }
    const assocs = t.Associations ?? [];
    const rec: RouteTableRecord = {
      ...this.base<RouteTable>(),
      main: assocs.some((a) => a.Main === true),
      subnets: assocs.flatMap((a) => (a.SubnetId !== undefined ? [{ id: a.SubnetId, at: refOf(a, 'SubnetId') }] : [])),
      gateways: assocs.flatMap((a) => (a.GatewayId !== undefined ? [{ id: a.GatewayId, at: refOf(a, 'GatewayId') }] : [])),
      routes,
    };
    if (t.VpcId !== undefined) rec.vpcId = t.VpcId;
    return withComplete(rec, this.complete);
  }

  securityGroup(g: SecurityGroup): SecurityGroupRecord {
    const ingress = this.sgRules(g.IpPermissions, 'ingress');
    const egress = this.sgRules(g.IpPermissionsEgress, 'egress');
    const rec: SecurityGroupRecord = { ...this.base<SecurityGroup>(), ingress, egress };
    if (g.GroupName !== undefined) rec.groupName = g.GroupName;
    if (g.VpcId !== undefined) rec.vpcId = g.VpcId;
    return withComplete(rec, this.complete);
  }

  sgRules(perms: readonly IpPermission[] | undefined, direction: 'ingress' | 'egress'): SecurityGroupRule[] {
    const out: SecurityGroupRule[] = [];
    for (const p of perms ?? []) {
      const protocol = normalizeProtocol(p.IpProtocol);
      if (protocol === undefined) continue; // validated: unreachable
      const rule: SecurityGroupRule = { direction, protocol, peers: sgPeers(p), at: refOf(p, 'IpProtocol'), raw: p };
      if (hasPorts(protocol)) {
        const ports = this.sgPorts(p, protocol);
        if (!ports) continue;
        rule.ports = ports;
      } else if (isIcmp(protocol)) {
        rule.icmp = { type: p.FromPort ?? -1, code: p.ToPort ?? -1 };
      }
      out.push(rule);
    }
    return out;
  }

  /**
   * FromPort–ToPort of a TCP/UDP permission. The API requires both for tcp and udp; a permission without them,
   * or with FromPort > ToPort, is ignored (it would otherwise be read as more than it says). -1/-1 is every port.
   */
  sgPorts(p: IpPermission, protocol: NormalizedProtocol): PortRange | undefined {
    const from = p.FromPort;
    const to = p.ToPort;
    if (from === -1 && to === -1) return { from: 0, to: 65535 };
    if (from === undefined || to === undefined || from < 0 || to < 0 || from > to) {
      const field = from === undefined || from < 0 || (to !== undefined && to >= 0 && from > to) ? 'FromPort' : 'ToPort';
      this.skip(
        p,
        Object.hasOwn(p, field) ? refOf(p, field) : refOf(p, 'IpProtocol'),
        `a ${String(protocol)} permission needs FromPort and ToPort from 0 to 65535 with FromPort <= ToPort, got ${show(from)}-${show(to)} (the permission is ignored)`,
      );
      return undefined;
    }
    return { from, to };
  }

  networkAcl(n: NetworkAcl): NetworkAclRecord {
    const rules: NetworkAclRule[] = [];
    for (const e of n.Entries ?? []) {
      const protocol = normalizeProtocol(e.Protocol);
      if (protocol === undefined) continue; // validated: unreachable
      const cidr =
        e.CidrBlock !== undefined ? this.cidrRef(e, 'CidrBlock', e.CidrBlock) : e.Ipv6CidrBlock !== undefined ? this.cidrRef(e, 'Ipv6CidrBlock', e.Ipv6CidrBlock) : undefined;
      if (!cidr) {
        this.skip(e, refOf(e, 'RuleNumber'), 'a network ACL entry needs CidrBlock or Ipv6CidrBlock (the entry is ignored)');
        continue;
      }
      const rule: NetworkAclRule = { ruleNumber: e.RuleNumber, action: e.RuleAction, egress: e.Egress, protocol, cidr, at: refOf(e, 'RuleNumber'), raw: e };
      if (hasPorts(protocol)) {
        const from = e.PortRange?.From;
        const to = e.PortRange?.To;
        if (from === undefined || to === undefined || from > to) {
          this.skip(
            e,
            e.PortRange ? refOf(e.PortRange, from === undefined ? 'From' : 'To') : refOf(e, 'Protocol'),
            `a ${protocol} entry needs PortRange From and To with From <= To (the entry is ignored)`,
          );
          continue;
        }
        rule.ports = { from, to };
      } else if (isIcmp(protocol)) {
        rule.icmp = { type: e.IcmpTypeCode?.Type ?? -1, code: e.IcmpTypeCode?.Code ?? -1 };
      }
      rules.push(rule);
    }
    // Entries are evaluated per direction in ascending RuleNumber; the sort is stable for (invalid) duplicates.
    const byNumber = (a: NetworkAclRule, b: NetworkAclRule) => a.ruleNumber - b.ruleNumber;
    const rec: NetworkAclRecord = {
      ...this.base<NetworkAcl>(),
      isDefault: n.IsDefault === true,
      ingress: rules.filter((r) => !r.egress).sort(byNumber),
      egress: rules.filter((r) => r.egress).sort(byNumber),
      subnets: (n.Associations ?? []).flatMap((a) => (a.SubnetId !== undefined ? [{ id: a.SubnetId, at: refOf(a, 'SubnetId') }] : [])),
    };
    if (n.VpcId !== undefined) rec.vpcId = n.VpcId;
    return withComplete(rec, this.complete);
  }

  natGateway(g: NatGateway): NatGatewayRecord {
    const addrs = g.NatGatewayAddresses ?? [];
    const rec: NatGatewayRecord = {
      ...this.base<NatGateway>(),
      connectivityType: g.ConnectivityType ?? 'public',
      publicIps: addrs.flatMap((a) => (a.PublicIp !== undefined ? [a.PublicIp] : [])),
      privateIps: addrs.flatMap((a) => (a.PrivateIp !== undefined ? [a.PrivateIp] : [])),
    };
    if (g.VpcId !== undefined) rec.vpcId = g.VpcId;
    if (g.SubnetId !== undefined) rec.subnetId = g.SubnetId;
    if (g.State !== undefined) rec.state = g.State;
    return withComplete(rec, this.complete);
  }

  internetGateway(g: InternetGateway): InternetGatewayRecord {
    const attachments = (g.Attachments ?? []).flatMap((a) => {
      if (a.VpcId === undefined) return [];
      const att: InternetGatewayRecord['attachments'][number] = { vpcId: a.VpcId, at: refOf(a, 'VpcId') };
      if (a.State !== undefined) att.state = a.State;
      return [att];
    });
    return withComplete({ ...this.base<InternetGateway>(), attachments }, this.complete);
  }

  peeringSide(info: VpcPeeringConnectionVpcInfo | undefined): PeeringSide {
    const side: PeeringSide = { cidrBlocks: [], ipv6CidrBlocks: [] };
    if (!info) return side;
    const v4: CidrRef[] = [];
    if (info.CidrBlock !== undefined) {
      const ref = this.cidrRef(info, 'CidrBlock', info.CidrBlock);
      if (ref) v4.push(ref);
    }
    for (const c of info.CidrBlockSet ?? []) {
      const ref = c.CidrBlock !== undefined ? this.cidrRef(c, 'CidrBlock', c.CidrBlock) : undefined;
      if (ref) v4.push(ref);
    }
    side.cidrBlocks = uniqueCidrs(v4);
    side.ipv6CidrBlocks = uniqueCidrs(
      (info.Ipv6CidrBlockSet ?? []).flatMap((c) => {
        const ref = c.Ipv6CidrBlock !== undefined ? this.cidrRef(c, 'Ipv6CidrBlock', c.Ipv6CidrBlock) : undefined;
        return ref ? [ref] : [];
      }),
    );
    if (info.VpcId !== undefined) side.vpcId = info.VpcId;
    if (info.OwnerId !== undefined) side.ownerId = info.OwnerId;
    if (info.Region !== undefined) side.region = info.Region;
    return side;
  }

  peering(p: VpcPeeringConnection): PeeringRecord {
    const status = p.Status?.Code;
    const rec: PeeringRecord = {
      ...this.base<VpcPeeringConnection>(),
      active: status === 'active',
      accepter: this.peeringSide(p.AccepterVpcInfo),
      requester: this.peeringSide(p.RequesterVpcInfo),
    };
    if (status !== undefined) rec.status = status;
    return withComplete(rec, this.complete);
  }

  tgwAttachment(a: TransitGatewayAttachment): TgwAttachmentRecord {
    const rec: TgwAttachmentRecord = { ...this.base<TransitGatewayAttachment>() };
    if (a.TransitGatewayId !== undefined) rec.transitGatewayId = a.TransitGatewayId;
    if (a.ResourceType !== undefined) rec.resourceType = a.ResourceType;
    if (a.ResourceId !== undefined) rec.resourceId = a.ResourceId;
    if (a.State !== undefined) rec.state = a.State;
    if (a.Association?.TransitGatewayRouteTableId !== undefined) rec.routeTableId = a.Association.TransitGatewayRouteTableId;
    return withComplete(rec, this.complete);
  }
}

/** `complete` is final only after the record's parts are normalised (base() ran before them). */
function withComplete<R extends { complete: boolean }>(rec: R, complete: boolean): R {
  rec.complete = complete;
  return rec;
}

function uniqueCidrs(refs: readonly CidrRef[]): CidrRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const c = parseCidr(r.cidr);
    const key = c ? `${c.family}/${c.lo}/${c.prefix}` : r.cidr;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sgPeers(p: IpPermission): SecurityGroupPeer[] {
  const peers: SecurityGroupPeer[] = [];
  for (const r of p.IpRanges ?? []) {
    const peer: SecurityGroupPeer = { kind: 'cidr', cidr: r.CidrIp, family: 4, at: refOf(r, 'CidrIp') };
    if (r.Description !== undefined) peer.description = r.Description;
    peers.push(peer);
  }
  for (const r of p.Ipv6Ranges ?? []) {
    const peer: SecurityGroupPeer = { kind: 'cidr', cidr: r.CidrIpv6, family: 6, at: refOf(r, 'CidrIpv6') };
    if (r.Description !== undefined) peer.description = r.Description;
    peers.push(peer);
  }
  for (const g of p.UserIdGroupPairs ?? []) {
    const peer: SecurityGroupPeer = { kind: 'security-group', at: refOf(g, g.GroupId !== undefined ? 'GroupId' : 'GroupName') };
    if (g.GroupId !== undefined) peer.groupId = g.GroupId;
    if (g.GroupName !== undefined) peer.groupName = g.GroupName;
    if (g.UserId !== undefined) peer.userId = g.UserId;
    if (g.VpcId !== undefined) peer.vpcId = g.VpcId;
    if (g.VpcPeeringConnectionId !== undefined) peer.vpcPeeringConnectionId = g.VpcPeeringConnectionId;
    peers.push(peer);
  }
  for (const l of p.PrefixListIds ?? []) peers.push({ kind: 'prefix-list', prefixListId: l.PrefixListId, at: refOf(l, 'PrefixListId') });
  return peers;
}
