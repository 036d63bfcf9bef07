/**
 * EC2 protocol and port fields (security group rules, network ACL entries) as connection sets.
 *
 * The connection algebra (ConnSet) knows TCP, UDP and SCTP: protocol `all` (-1) is every connection, a
 * TCP/UDP/SCTP rule its ports (no port range: every port), and any other protocol — ICMP, ICMPv6, GRE, ESP … —
 * allows nothing the algebra can express, so it is left out (stated in the README of every `vpc/` path rule).
 * EC2 writes port ranges from 0; port 0 is outside the algebra's 1–65535 and is clamped away.
 */
import { ConnSet } from '../conn-set.js';
import { MAX_PORT, MIN_PORT, PortSet, type Protocol } from '../ports.js';

const ALGEBRA: ReadonlySet<string> = new Set(['TCP', 'UDP', 'SCTP']);

/** The connections one rule or entry matches: `protocol` in the model's spelling ('all', 'TCP' …). */
export function ruleConns(protocol: string, ports?: { from: number; to: number }): ConnSet {
  if (protocol === 'all') return ConnSet.all();
  if (!ALGEBRA.has(protocol)) return ConnSet.none();
  if (ports === undefined) return ConnSet.of(protocol as Protocol);
  const lo = Math.max(MIN_PORT, ports.from);
  const hi = Math.min(MAX_PORT, ports.to);
  return lo > hi ? ConnSet.none() : ConnSet.of(protocol as Protocol, PortSet.of(lo, hi));
}

/** The same ports for every protocol the request uses: what replies to `request` travel on (their destination ports). */
export function replyConns(request: ConnSet, ephemeral: PortSet): ConnSet {
  return ConnSet.fromEntries(request.protocols().map((p) => [p, ephemeral] as const));
}
