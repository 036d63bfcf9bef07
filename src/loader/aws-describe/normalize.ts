/**
 * Pure helpers that turn describe-* fields into the normalised values of model.ts: protocols, route targets
 * and destinations, tags. No locations here (load.ts attaches them).
 */
import type { Route } from './schema.js';

/**
 * An IP protocol: the ones the engine models by name, or any other IANA number. `all` is the API's "-1".
 * Names and numbers both occur: security groups print the name for tcp/udp/icmp/icmpv6 and the number for the
 * rest; network ACLs always print the number ("6", "17", "1", "58").
 */
export type IpProtocolName = 'all' | 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6';
export type NormalizedProtocol = IpProtocolName | number;

const BY_NAME: Readonly<Record<string, IpProtocolName>> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmp: 'ICMP', icmpv6: 'ICMPv6' };
/** IANA protocol numbers: 6 TCP, 17 UDP, 132 SCTP, 1 ICMP, 58 IPv6-ICMP. */
const BY_NUMBER: Readonly<Record<number, IpProtocolName>> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP', 1: 'ICMP', 58: 'ICMPv6' };

/** "-1" → all, "6"/"tcp" → TCP, "17"/"udp" → UDP, "132"/"sctp" → SCTP, "1"/"icmp" → ICMP, "58"/"icmpv6" → ICMPv6. */
export function normalizeProtocol(s: string): NormalizedProtocol | undefined {
  if (s === '-1') return 'all';
  const named = BY_NAME[s.toLowerCase()];
  if (named) return named;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(s)) return undefined;
  const n = Number(s);
  if (n > 255) return undefined;
  return BY_NUMBER[n] ?? n;
}

/**
 * The protocols whose AWS rules carry a port range: TCP and UDP only. For security groups, "specifying -1 or a
 * protocol number other than tcp, udp, icmp, or icmpv6 allows traffic on all ports, regardless of any port range
 * you specify" (API_IpPermission); NACL PortRange applies to "TCP or UDP protocols" (API_NetworkAclEntry). So an
 * SCTP rule covers every SCTP port.
 */
export const hasPorts = (p: NormalizedProtocol): p is 'TCP' | 'UDP' => p === 'TCP' || p === 'UDP';

/** ICMP and ICMPv6 rules carry a type and a code instead of ports. */
export const isIcmp = (p: NormalizedProtocol): p is 'ICMP' | 'ICMPv6' => p === 'ICMP' || p === 'ICMPv6';

export interface PortRange {
  from: number;
  to: number;
}

/** The full port range (a rule that names no ports). */
export const ALL_PORTS: Readonly<PortRange> = Object.freeze({ from: 0, to: 65535 });

export type RouteTargetKind =
  | 'igw'
  | 'vgw'
  | 'eigw'
  | 'nat'
  | 'tgw'
  | 'pcx'
  | 'eni'
  | 'instance'
  | 'vpce'
  | 'local'
  | 'lgw'
  | 'cgw'
  | 'core-network'
  | 'unknown';

/**
 * Route fields that name a target, most specific first. A NAT-instance route prints InstanceId and its
 * NetworkInterfaceId together: the instance wins. GatewayId is last, classified by its prefix.
 */
export const ROUTE_TARGET_FIELDS = [
  ['NatGatewayId', 'nat'],
  ['TransitGatewayId', 'tgw'],
  ['VpcPeeringConnectionId', 'pcx'],
  ['EgressOnlyInternetGatewayId', 'eigw'],
  ['InstanceId', 'instance'],
  ['NetworkInterfaceId', 'eni'],
  ['VpcEndpointId', 'vpce'],
  ['LocalGatewayId', 'lgw'],
  ['CarrierGatewayId', 'cgw'],
  ['CoreNetworkArn', 'core-network'],
  ['GatewayId', 'unknown'],
] as const satisfies readonly (readonly [keyof Route & string, RouteTargetKind])[];

/** GatewayId holds an internet gateway, a virtual private gateway, a gateway/GWLB endpoint or `local`. */
export function gatewayKind(id: string): RouteTargetKind {
  if (id === 'local') return 'local';
  if (id.startsWith('igw-')) return 'igw';
  if (id.startsWith('vgw-')) return 'vgw';
  if (id.startsWith('vpce-')) return 'vpce';
  if (id.startsWith('eigw-')) return 'eigw';
  if (id.startsWith('nat-')) return 'nat';
  if (id.startsWith('tgw-')) return 'tgw';
  return 'unknown';
}

export interface RouteTargetRef {
  kind: RouteTargetKind;
  /** The ID as written ("" when the route names no target). */
  id: string;
  /** The Route field it came from, undefined when none is set. */
  field?: string;
}

export function routeTarget(route: Route): RouteTargetRef {
  for (const [field, kind] of ROUTE_TARGET_FIELDS) {
    const id = route[field];
    if (typeof id !== 'string' || id === '') continue;
    return { kind: field === 'GatewayId' ? gatewayKind(id) : kind, id, field };
  }
  return { kind: 'unknown', id: '' };
}

export type RouteDestinationKind = 'ipv4' | 'ipv6' | 'prefix-list';

export function routeDestination(route: Route): { kind: RouteDestinationKind; value: string; field: string } | undefined {
  if (route.DestinationCidrBlock !== undefined) return { kind: 'ipv4', value: route.DestinationCidrBlock, field: 'DestinationCidrBlock' };
  if (route.DestinationIpv6CidrBlock !== undefined) return { kind: 'ipv6', value: route.DestinationIpv6CidrBlock, field: 'DestinationIpv6CidrBlock' };
  if (route.DestinationPrefixListId !== undefined) return { kind: 'prefix-list', value: route.DestinationPrefixListId, field: 'DestinationPrefixListId' };
  return undefined;
}

/** The Tags list as a record; a repeated key keeps its last value (AWS itself does not allow repeats). */
export function tagRecord(tags: readonly { Key: string; Value?: string | undefined }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  // defineProperty, so that a tag named "__proto__" is a tag and not the object's prototype.
  for (const t of tags ?? []) Object.defineProperty(out, t.Key, { value: t.Value ?? '', enumerable: true, writable: true, configurable: true });
  return out;
}
