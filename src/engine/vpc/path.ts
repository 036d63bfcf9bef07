/**
 * `vpcPath`: what connections get from one VPC endpoint to another, through security groups, route tables and
 * network ACLs — with every hop on the way and every setting that blocks part of the traffic.
 *
 * Per pair of address ranges (the endpoints cut at every CIDR of the rules, entries and routes involved) three
 * layers decide, each three-valued (allowed / unknown / blocked):
 * - security groups (stateful): the source's egress and the destination's ingress (security-groups.ts);
 * - routes: the source subnet's table, longest prefix first, the implicit local route; through a NAT gateway, the NAT
 *   gateway's subnet's table must send the destination to an internet gateway attached to the VPC (public NAT);
 *   targets that leave the VPC (peering, transit gateway, VPN gateway, endpoints, ENIs) end the analysis there;
 * - network ACLs (stateless) at every subnet boundary the packet crosses, both ways: the request leaves through the
 *   source subnet's outbound entries and enters through the next subnet's inbound entries, on the requested ports;
 *   the reply crosses the same boundaries backwards on the client's ephemeral ports. Traffic inside one subnet
 *   crosses no ACL (docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
 * Unknown is never blocked: a group not in the input or with rules left out, a subnet whose ACL or route table is
 * not in the input (the default ACL allows all, but may have been changed), a gateway not in the input.
 *
 * Combined over pairs: `allowed` holds for every address pair, `blocked` for at least one, `unknown` is the rest.
 */
import type { SourceRef } from '../../core/source.js';
import type { CniSettings } from '../../model/cni/settings.js';
import type { GatewayElement, InfraModel, NetworkAclElement, SubnetElement } from '../../model/infra/types.js';
import { ipAtoms } from '../atoms.js';
import { ConnSet } from '../conn-set.js';
import { internetAddresses } from '../internet.js';
import { IpSet } from '../ip.js';
import { PortSet } from '../ports.js';
import { cidrAddresses } from './addresses.js';
import { replyConns } from './conns.js';
import { elementLabel, type VpcEndpoint, type VpcPlace } from './endpoints.js';
import { evaluateNacl, type NaclDirection } from './nacl.js';
import { routeDestination, vpcCidrs, type RouteChoice } from './routes.js';
import { evaluateSecurityGroups, ruleCidrs, type GroupSet, type SgSideVerdict } from './security-groups.js';

/**
 * The client's ephemeral ports that replies are addressed to. AWS: "to cover the different types of clients …
 * you can open ephemeral ports 1024-65535"; a NAT gateway and Elastic Load Balancing use 1024-65535
 * (docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html).
 */
export const DEFAULT_EPHEMERAL_PORTS = PortSet.of(1024, 65535);

export type HopKind =
  | 'endpoint'
  | 'subnet'
  | 'security-group-rule'
  | 'security-group'
  | 'route'
  | 'nat-gateway'
  | 'internet-gateway'
  | 'gateway'
  | 'network-acl-entry'
  | 'network-acl'
  | 'note';

/** One element on the way, in path order. */
export interface VpcHop {
  kind: HopKind;
  message: string;
  at?: SourceRef;
  effect: 'allow' | 'deny' | 'unknown' | 'pass';
}

/** A setting that blocks part of the traffic: the field to change, and what it blocks. */
export interface VpcBlocker {
  layer: 'security-group' | 'network-acl' | 'route';
  /** The field the user changes: the SG (or its rule list), the ACL entry, the route. */
  at: SourceRef;
  /** "network ACL acl-1 outbound entry 100 (deny TCP 443 to 0.0.0.0/0)". */
  setting: string;
  /** What it blocks: connections, on which direction and address ranges. */
  blocks: ConnSet;
  detail: string;
  /** Related elements (the other side's groups …). */
  related: { at: SourceRef; message: string }[];
}

export interface VpcPathResult {
  from: VpcEndpoint;
  to: VpcEndpoint;
  requested: ConnSet;
  /** Allowed between every pair of addresses of the two endpoints. */
  allowed: ConnSet;
  /** Blocked between at least one pair of addresses, by the `blockers`. */
  blocked: ConnSet;
  /** Blocked between every pair of addresses: with nothing else requested, the verdict is deny. */
  blockedEverywhere: ConnSet;
  /** Neither proven allowed nor blocked (something on the way is not in the input). */
  unknown: ConnSet;
  verdict: 'allow' | 'deny' | 'partial' | 'unknown';
  hops: VpcHop[];
  blockers: VpcBlocker[];
}

export interface VpcPathOptions {
  ephemeralPorts?: PortSet;
}

interface Layer {
  allowed: ConnSet;
  blocked: ConnSet;
}

/** A hop that speaks of an address range: `{addresses}` in its message stands for the union of every range it is recorded with. */
interface RangedHop extends VpcHop {
  addresses: IpSet;
}

const PUBLIC = internetAddresses();

/** An address set for messages: "the internet", its CIDRs or ranges when few, else the first CIDRs and how many more. */
export function addressesText(set: IpSet, max = 3): string {
  if (set.equals(PUBLIC)) return 'the internet (every public address)';
  if (set.v6.isEmpty() && set.v4.equals(PUBLIC.v4)) return 'the internet (every public IPv4 address)';
  if (set.v4.isEmpty() && set.v6.equals(PUBLIC.v6)) return 'the internet (every public IPv6 address)';
  const cidrs = set.toCidrs();
  if (cidrs.length <= max) return cidrs.join(', ');
  const ranges = set.toRanges();
  if (ranges.length <= max) return ranges.join(', ');
  return `${cidrs.slice(0, max).join(', ')} and ${cidrs.length - max} more blocks`;
}

/** Collects one pair's (or the whole query's) verdicts, hops and blockers. */
class Trace {
  hops: (VpcHop | RangedHop)[] = [];
  readonly hopKeys = new Map<string, VpcHop | RangedHop>();
  readonly blockers = new Map<string, VpcBlocker>();
  allowed: ConnSet;
  blocked = ConnSet.none();

  constructor(readonly requested: ConnSet) {
    this.allowed = requested;
  }

  /** Records a hop once; a ranged hop seen again (another address atom, the same entry) widens its range instead. */
  hop(h: VpcHop | RangedHop): void {
    const k = `${h.kind}|${h.effect}|${h.message}|${h.at ? `${h.at.file}:${h.at.region.startLine}:${h.at.region.startColumn}` : ''}`;
    const prev = this.hopKeys.get(k);
    if (prev && 'addresses' in prev && 'addresses' in h) (prev as RangedHop).addresses = prev.addresses.union(h.addresses);
    if (prev) return;
    const own = 'addresses' in h ? { ...h } : h;
    this.hopKeys.set(k, own);
    this.hops.push(own);
  }

  /** The hops with every ranged message written out. */
  rendered(): VpcHop[] {
    return this.hops.map((h) => ('addresses' in h ? { kind: h.kind, effect: h.effect, message: h.message.replace('{addresses}', addressesText(h.addresses)), ...(h.at ? { at: h.at } : {}) } : h));
  }

  block(b: VpcBlocker): void {
    if (b.blocks.isEmpty()) return;
    const k = `${b.layer}|${b.at.file}:${b.at.region.startLine}:${b.at.region.startColumn}|${b.setting}`;
    const prev = this.blockers.get(k);
    this.blockers.set(k, prev ? { ...prev, blocks: prev.blocks.union(b.blocks), detail: prev.detail === b.detail ? prev.detail : `${prev.detail}; ${b.detail}` } : b);
  }

  layer(l: Layer): void {
    this.allowed = this.allowed.intersect(l.allowed);
    this.blocked = this.blocked.union(l.blocked);
    this.pairBlocked = this.pairBlocked.union(l.blocked);
  }

  /** What every address pair so far blocks (undefined before the first pair). */
  blockedEverywhere: ConnSet | undefined;
  pairBlocked = ConnSet.none();

  beginPair(): void {
    this.pairBlocked = ConnSet.none();
  }

  endPair(): void {
    this.blockedEverywhere = this.blockedEverywhere === undefined ? this.pairBlocked : this.blockedEverywhere.intersect(this.pairBlocked);
  }
}

export function vpcPath(infra: InfraModel, _cni: CniSettings | undefined, from: VpcEndpoint, to: VpcEndpoint, conns: ConnSet, options: VpcPathOptions = {}): VpcPathResult {
  const ephemeral = options.ephemeralPorts ?? DEFAULT_EPHEMERAL_PORTS;
  const trace = new Trace(conns);
  const ctx = new PathContext(infra, ephemeral, trace);
  for (const note of [...from.notes, ...to.notes]) trace.hop({ kind: 'note', message: note, effect: 'unknown' });
  if (from.places.length === 0 || to.places.length === 0) trace.layer({ allowed: ConnSet.none(), blocked: ConnSet.none() });
  for (const src of from.places)
    for (const dst of to.places) {
      for (const a of ctx.atoms(src, dst, 'source'))
        for (const b of ctx.atoms(dst, src, 'destination')) {
          // An address talks to addresses of its own family only (an IPv4 pod never sends to an IPv6 destination).
          if (a.isEmpty() || b.isEmpty() || a.v4.isEmpty() !== b.v4.isEmpty()) continue;
          trace.beginPair();
          ctx.pair({ ...src, addresses: a }, { ...dst, addresses: b }, conns);
          trace.endPair();
        }
    }
  const allowed = trace.allowed;
  const blocked = trace.blocked.subtract(allowed);
  const unknown = conns.subtract(allowed).subtract(blocked);
  const blockedEverywhere = trace.blockedEverywhere ?? ConnSet.none();
  // deny: every address pair is blocked (pods that may land on a node group with an open path are only partly blocked).
  const verdict = allowed.equals(conns) ? 'allow' : blockedEverywhere.equals(conns) ? 'deny' : !blocked.isEmpty() || !allowed.isEmpty() ? 'partial' : 'unknown';
  return { from, to, requested: conns, allowed, blocked, blockedEverywhere, unknown, verdict, hops: trace.rendered(), blockers: [...trace.blockers.values()] };
}


class PathContext {
  readonly aclBySubnet = new Map<string, NetworkAclElement>();
  readonly allAclCidrs: IpSet[];

  constructor(
    readonly infra: InfraModel,
    readonly ephemeral: PortSet,
    readonly trace: Trace,
  ) {
    for (const acl of infra.networkAcls) for (const s of acl.subnets) if (s.key !== undefined && !this.aclBySubnet.has(s.key)) this.aclBySubnet.set(s.key, acl);
    this.allAclCidrs = infra.networkAcls.flatMap((a) => a.entries.flatMap((e) => (e.cidr.known ? [cidrAddresses(e.cidr.value)] : [])));
  }

  /** `place`'s addresses cut where any rule, entry or route involved in a path with `other` changes its answer. */
  atoms(place: VpcPlace, other: VpcPlace, role: 'source' | 'destination'): IpSet[] {
    const cuts: IpSet[] = [place.addresses, ...this.allAclCidrs, ...this.infra.subnets.map((s) => cidrAddresses(s.cidr?.cidr.known ? s.cidr.cidr.value : ''))];
    cuts.push(...ruleCidrs(other.groups, role === 'source' ? 'ingress' : 'egress'));
    if (role === 'destination' && other.subnet) {
      const table = this.infra.routeTables.find((t) => t.key === other.subnet!.routeTable);
      for (const r of table?.routes ?? []) if (r.destination.known) cuts.push(cidrAddresses(r.destination.value));
      for (const nat of this.infra.gateways.filter((g) => g.kind === 'nat')) {
        const natSubnet = this.subnet(nat.subnet?.key);
        const t = this.infra.routeTables.find((x) => x.key === natSubnet?.routeTable);
        for (const r of t?.routes ?? []) if (r.destination.known) cuts.push(cidrAddresses(r.destination.value));
      }
      for (const v of this.infra.vpcs) cuts.push(...vpcCidrs(v).map(cidrAddresses));
    }
    return ipAtoms(cuts).filter((a) => a.isSubsetOf(place.addresses));
  }

  subnet(key: string | undefined): SubnetElement | undefined {
    return key === undefined ? undefined : this.infra.subnets.find((s) => s.key === key);
  }

  gateway(key: string | undefined): GatewayElement | undefined {
    return key === undefined ? undefined : this.infra.gateways.find((g) => g.key === key);
  }

  pair(src: VpcPlace, dst: VpcPlace, conns: ConnSet): void {
    const t = this.trace;
    t.hop({ kind: 'endpoint', message: `from ${src.label}`, ...(src.at ? { at: src.at } : {}), effect: 'pass' });
    this.securityGroups(src, dst, conns);
    if (src.subnet) this.route(src, dst, conns);
    else if (dst.subnet) {
      t.hop({ kind: 'note', message: `from outside the VPC into subnet ${elementLabel(dst.subnet)} (the way in is not analysed)`, effect: 'unknown' });
      this.boundary(undefined, dst.subnet, dst.addresses, src.addresses, conns);
    }
    t.hop({ kind: 'endpoint', message: `to ${dst.label}`, ...(dst.at ? { at: dst.at } : {}), effect: 'pass' });
  }

  // --- security groups ----------------------------------------------------------------------------

  securityGroups(src: VpcPlace, dst: VpcPlace, conns: ConnSet): void {
    if (src.groups === undefined && dst.groups === undefined) return;
    const v = evaluateSecurityGroups({ addresses: src.addresses, groups: src.groups }, { addresses: dst.addresses, groups: dst.groups }, conns);
    this.sgSide(src, dst, 'egress', v.egress, conns);
    this.sgSide(dst, src, 'ingress', v.ingress, conns);
    this.trace.layer({ allowed: v.allowed, blocked: v.blocked });
  }

  sgSide(self: VpcPlace, peer: VpcPlace, direction: 'egress' | 'ingress', side: SgSideVerdict, conns: ConnSet): void {
    const groups = self.groups;
    if (!groups) return;
    for (const { group, rule, conns: c } of side.rules)
      this.trace.hop({ kind: 'security-group-rule', message: `security group ${elementLabel(group)} ${direction} rule allows ${c.toString()}`, at: rule.at, effect: 'allow' });
    for (const u of groups.unknown)
      this.trace.hop({ kind: 'security-group', message: `security group ${u.text} is not in the input (its rules are unknown)`, at: u.at, effect: 'unknown' });
    for (const g of groups.known.filter((x) => !x.complete))
      this.trace.hop({ kind: 'security-group', message: `security group ${elementLabel(g)}: rules not all known${g.managedBy === 'eksctl' ? ' (created by eksctl)' : ''}`, at: g.at, effect: 'unknown' });
    const blocks = conns.subtract(side.allowed).subtract(side.maybe);
    if (blocks.isEmpty()) return;
    const names = groups.known.map(elementLabel).join(', ') || '(none)';
    const at = groups.known.length === 1 ? groups.known[0]!.at : (groups.at ?? groups.known[0]?.at);
    if (!at) return;
    const towards = direction === 'egress' ? `to ${peer.label}` : `from ${peer.label}`;
    this.trace.block({
      layer: 'security-group',
      at,
      setting: `security group(s) ${names} (no ${direction} rule for it)`,
      blocks,
      detail: `${direction} ${towards}`,
      related: groups.known.filter((g) => g.at !== at).map((g) => ({ at: g.at, message: `security group ${elementLabel(g)}` })),
    });
    this.trace.hop({ kind: 'security-group', message: `security group(s) ${names}: no ${direction} rule ${towards} for ${blocks.toString()}`, at, effect: 'deny' });
  }

  // --- routes -------------------------------------------------------------------------------------

  route(src: VpcPlace, dst: VpcPlace, conns: ConnSet): void {
    const t = this.trace;
    const subnet = src.subnet!;
    t.hop({ kind: 'subnet', message: `subnet ${elementLabel(subnet)}`, at: subnet.at, effect: 'pass' });
    for (const { addresses, choice } of routeDestination(this.infra, subnet, dst.addresses)) {
      const part = { ...dst, addresses };
      this.follow(src, part, conns, choice, subnet);
    }
  }

  follow(src: VpcPlace, dst: VpcPlace, conns: ConnSet, choice: RouteChoice, from: SubnetElement): void {
    const t = this.trace;
    const none: Layer = { allowed: ConnSet.none(), blocked: ConnSet.none() };
    const dstText = dst.addresses.toCidrs().slice(0, 3).join(',') + (dst.addresses.toCidrs().length > 3 ? ',…' : '');
    switch (choice.kind) {
      case 'unknown':
        t.hop({ kind: 'note', message: `route table of subnet ${elementLabel(from)} is not in the input`, at: from.at, effect: 'unknown' });
        return t.layer(none);
      case 'none':
        t.hop({ kind: 'route', message: `route table ${elementLabel(choice.table)}: no route to ${dstText}`, at: choice.table.at, effect: 'deny' });
        t.block({ layer: 'route', at: choice.table.at, setting: `route table ${elementLabel(choice.table)} (no route to the destination)`, blocks: conns, detail: dstText, related: [] });
        return t.layer({ allowed: ConnSet.none(), blocked: conns });
      case 'local': {
        t.hop({ kind: 'route', message: `${choice.table ? `route table ${elementLabel(choice.table)}: ` : ''}local route ${choice.cidr}`, at: choice.table?.at ?? choice.vpc.at, effect: 'allow' });
        if (!dst.subnet) {
          t.hop({ kind: 'note', message: `${dstText} is in the VPC but in no subnet of the input`, effect: 'unknown' });
          return t.layer(none);
        }
        return this.boundary(from, dst.subnet, dst.addresses, src.addresses, conns);
      }
      case 'route':
        break;
    }
    const { table, route } = choice;
    const dest = route.destination.known ? route.destination.value : route.destination.expr;
    const routeText = `route table ${elementLabel(table)}: ${dest} → ${route.target.ref.text}`;
    if (!route.active) {
      t.hop({ kind: 'route', message: `${routeText} (blackhole)`, at: route.at, effect: 'deny' });
      t.block({ layer: 'route', at: route.at, setting: `route ${dest} in ${elementLabel(table)} (blackhole: its target ${route.target.ref.text} is gone)`, blocks: conns, detail: dstText, related: [{ at: table.at, message: `route table ${elementLabel(table)}` }] });
      return t.layer({ allowed: ConnSet.none(), blocked: conns });
    }
    t.hop({ kind: 'route', message: routeText, at: route.at, effect: 'pass' });
    const gw = this.gateway(route.target.ref.resolved ? route.target.ref.key : undefined) ?? this.infra.gateways.find((g) => g.id === route.target.ref.text);
    const vpcKey = from.vpc.key;
    switch (route.target.kind) {
      case 'igw':
      case 'eigw': {
        if (!gw) {
          t.hop({ kind: 'note', message: `gateway ${route.target.ref.text} is not in the input`, at: route.target.ref.at, effect: 'unknown' });
          return t.layer(none);
        }
        if (gw.vpc?.key === undefined || gw.vpc.key !== vpcKey || !gw.vpc.resolved) {
          const why = gw.vpc === undefined ? 'is attached to no VPC' : `is attached to ${gw.vpc.text}, not to this subnet's VPC`;
          t.hop({ kind: 'internet-gateway', message: `internet gateway ${elementLabel(gw)} ${why}`, at: gw.at, effect: 'deny' });
          t.block({ layer: 'route', at: route.target.ref.at, setting: `route ${dest} in ${elementLabel(table)} to internet gateway ${elementLabel(gw)}, which ${why}`, blocks: conns, detail: dstText, related: [{ at: gw.at, message: `internet gateway ${elementLabel(gw)}` }] });
          return t.layer({ allowed: ConnSet.none(), blocked: conns });
        }
        t.hop({ kind: 'internet-gateway', message: `${gw.kind === 'igw' ? 'internet gateway' : 'egress-only internet gateway'} ${elementLabel(gw)}`, at: gw.at, effect: 'pass' });
        if (dst.subnet) {
          t.hop({ kind: 'note', message: `${dstText} is inside a VPC subnet but routed to a gateway`, effect: 'unknown' });
          return t.layer(none);
        }
        return this.boundary(from, undefined, dst.addresses, src.addresses, conns);
      }
      case 'nat':
        return this.throughNat(src, dst, conns, from, gw, route.target.ref.text, route.at);
      default: {
        const what = gw ? `${gw.kind} ${elementLabel(gw)}` : `${route.target.kind} ${route.target.ref.text}`;
        t.hop({ kind: 'gateway', message: `leaves the VPC through ${what} (beyond it is not analysed)`, at: gw?.at ?? route.target.ref.at, effect: 'pass' });
        return this.boundary(from, undefined, dst.addresses, src.addresses, conns);
      }
    }
  }

  throughNat(src: VpcPlace, dst: VpcPlace, conns: ConnSet, from: SubnetElement, nat: GatewayElement | undefined, text: string, routeAt: SourceRef): void {
    const t = this.trace;
    const none: Layer = { allowed: ConnSet.none(), blocked: ConnSet.none() };
    if (!nat) {
      t.hop({ kind: 'note', message: `NAT gateway ${text} is not in the input`, at: routeAt, effect: 'unknown' });
      return t.layer(none);
    }
    const natSubnet = this.subnet(nat.subnet?.resolved ? nat.subnet.key : undefined) ?? this.infra.subnets.find((s) => s.id === nat.subnet?.text);
    t.hop({ kind: 'nat-gateway', message: `NAT gateway ${elementLabel(nat)}${natSubnet ? ` in subnet ${elementLabel(natSubnet)}` : ''}${nat.connectivity === 'private' ? ' (private)' : ''}`, at: nat.at, effect: 'pass' });
    if (!natSubnet) {
      t.hop({ kind: 'note', message: `the subnet of NAT gateway ${elementLabel(nat)} is not in the input`, at: nat.at, effect: 'unknown' });
      return t.layer(none);
    }
    // Request pod → NAT gateway: a boundary between the two subnets (the NAT gateway's ACL sees the pod's address).
    this.boundary(from, natSubnet, dst.addresses, src.addresses, conns);
    for (const { addresses, choice } of routeDestination(this.infra, natSubnet, dst.addresses)) {
      const part = { ...dst, addresses };
      const onward = choice.kind === 'route' && choice.route.active ? choice.route : undefined;
      if (nat.connectivity === 'private' && onward?.target.kind === 'igw') {
        t.hop({ kind: 'nat-gateway', message: `private NAT gateway ${elementLabel(nat)} cannot reach the internet through an internet gateway`, at: nat.at, effect: 'deny' });
        t.block({ layer: 'route', at: routeAt, setting: `route to private NAT gateway ${elementLabel(nat)}, which has no internet access`, blocks: conns, detail: part.addresses.toString(), related: [{ at: nat.at, message: `NAT gateway ${elementLabel(nat)}` }] });
        t.layer({ allowed: ConnSet.none(), blocked: conns });
        continue;
      }
      if (onward?.target.kind === 'nat' || choice.kind === 'none') {
        // A NAT gateway reaches the internet through its own subnet's route to an internet gateway
        // (docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-scenarios.html): a NAT gateway in a private subnet cannot.
        const why = choice.kind === 'none' ? 'has no route to the destination' : 'routes it to a NAT gateway, not to an internet gateway';
        const subnetAt = nat.subnet?.at ?? nat.at;
        t.hop({ kind: 'nat-gateway', message: `the subnet ${elementLabel(natSubnet)} of NAT gateway ${elementLabel(nat)} ${why}`, at: subnetAt, effect: 'deny' });
        t.block({ layer: 'route', at: subnetAt, setting: `NAT gateway ${elementLabel(nat)} placed in subnet ${elementLabel(natSubnet)}, whose route table ${why}`, blocks: conns, detail: part.addresses.toString(), related: [{ at: nat.at, message: `NAT gateway ${elementLabel(nat)}` }, ...(choice.kind === 'route' ? [{ at: choice.route.at, message: `route ${choice.route.destination.known ? choice.route.destination.value : ''} of ${elementLabel(choice.table)}` }] : choice.kind === 'none' ? [{ at: choice.table.at, message: `route table ${elementLabel(choice.table)}` }] : [])] });
        t.layer({ allowed: ConnSet.none(), blocked: conns });
        continue;
      }
      // The NAT gateway is the client from here on: its own address (in its subnet) is the source.
      const natPlace: VpcPlace = { label: `NAT gateway ${elementLabel(nat)}`, at: nat.at, addresses: natSubnet.cidr?.cidr.known ? cidrAddresses(natSubnet.cidr.cidr.value) : IpSet.empty(), subnet: natSubnet };
      this.follow(natPlace, part, conns, choice, natSubnet);
    }
  }

  // --- network ACLs -------------------------------------------------------------------------------

  aclOf(subnet: SubnetElement): NetworkAclElement | undefined {
    return this.aclBySubnet.get(subnet.key) ?? this.infra.networkAcls.find((a) => a.isDefault && a.vpc?.key === subnet.vpc.key && a.subnets.length === 0);
  }

  /**
   * A packet from `from` (a subnet, or outside) into `to` (a subnet, or outside): the request with `conns` to
   * `dstAddresses` from `srcAddresses`, the reply backwards on the ephemeral ports. Inside one subnet: no ACL.
   */
  boundary(from: SubnetElement | undefined, to: SubnetElement | undefined, dstAddresses: IpSet, srcAddresses: IpSet, conns: ConnSet): void {
    if (from && to && from.key === to.key) return;
    const reply = replyConns(conns, this.ephemeral);
    let allowed = conns;
    let blocked = ConnSet.none();
    const crossings: [SubnetElement | undefined, NaclDirection, IpSet, ConnSet, string][] = [
      [from, 'outbound', dstAddresses, conns, 'request'],
      [to, 'inbound', srcAddresses, conns, 'request'],
      [to, 'outbound', srcAddresses, reply, 'reply'],
      [from, 'inbound', dstAddresses, reply, 'reply'],
    ];
    for (const [subnet, direction, remote, c, phase] of crossings) {
      if (!subnet) continue;
      const r = this.crossing(subnet, direction, remote, c, phase, conns);
      allowed = allowed.intersect(r.allowed);
      blocked = blocked.union(r.blocked);
    }
    this.trace.layer({ allowed, blocked });
  }

  /** One ACL crossing; for replies, a protocol whose ephemeral ports are not all allowed fails for every requested port of it. */
  crossing(subnet: SubnetElement, direction: NaclDirection, remote: IpSet, c: ConnSet, phase: string, request: ConnSet): Layer {
    const t = this.trace;
    const acl = this.aclOf(subnet);
    if (!acl) {
      t.hop({ kind: 'network-acl', message: `subnet ${elementLabel(subnet)}: its network ACL is not in the input (the default ACL allows all unless changed)`, at: subnet.at, effect: 'unknown' });
      return { allowed: ConnSet.none(), blocked: ConnSet.none() };
    }
    if (!acl.complete) {
      t.hop({ kind: 'network-acl', message: `network ACL ${elementLabel(acl)}: entries not all known`, at: acl.at, effect: 'unknown' });
      return { allowed: ConnSet.none(), blocked: ConnSet.none() };
    }
    let allowed = c;
    for (const v of evaluateNacl(acl, direction, remote, c)) {
      allowed = allowed.intersect(v.allowed);
      for (const d of v.decisions) {
        const entryText = d.entry ? `${direction} entry ${d.entry.ruleNumber} (${d.entry.action} ${d.entry.protocol}${d.entry.ports ? ` ${d.entry.ports.from}-${d.entry.ports.to}` : ''} ${d.entry.cidr.known ? d.entry.cidr.value : d.entry.cidr.expr})` : `${direction} default entry * (deny all)`;
        const template = `network ACL ${elementLabel(acl)} of subnet ${elementLabel(subnet)}: ${entryText} ${d.action === 'allow' ? 'allows' : 'denies'} the ${phase} ${d.conns.toString()} ${direction === 'outbound' ? 'to' : 'from'} {addresses}`;
        const msg = template.replace('{addresses}', addressesText(v.addresses));
        const at = d.entry?.at ?? acl.at;
        t.hop({ kind: 'network-acl-entry', message: template, addresses: v.addresses, at, effect: d.action === 'allow' ? 'allow' : 'deny' });
        if (d.action === 'deny') {
          const blocks = phase === 'reply' ? ConnSet.fromEntries(d.conns.protocols().map((p) => [p, request.ports(p)] as const)) : d.conns;
          t.block({ layer: 'network-acl', at, setting: `network ACL ${elementLabel(acl)} ${entryText}`, blocks, detail: msg, related: [{ at: acl.at, message: `network ACL ${elementLabel(acl)}` }, { at: subnet.at, message: `subnet ${elementLabel(subnet)}` }] });
        }
      }
    }
    if (phase === 'reply') {
      // A reply protocol with a denied ephemeral port: its connections fail whenever the client picks that port.
      const failing = c.subtract(allowed).protocols();
      const blocked = ConnSet.fromEntries(failing.map((p) => [p, request.ports(p)] as const));
      return { allowed: request.subtract(blocked), blocked };
    }
    return { allowed, blocked: c.subtract(allowed) };
  }
}

export type { GroupSet };
