/**
 * The settings of an ALB IngressGroup that its members must agree on, or the controller refuses the whole group
 * (kubernetes-sigs/aws-load-balancer-controller, docs/guide/ingress/annotations.md, "MergeBehavior: Exclusive";
 * errors "conflicting scheme", "conflicting IPAddressType", "conflicting protocol", "conflicting inbound-cidrs"):
 * the scheme and the IP address type; per listen port, the protocol and the inbound CIDRs stated for it.
 */
import type { AlbMember, Decided, GroupConflict, GroupClaim } from './types.js';

export function groupConflicts(members: readonly AlbMember[]): GroupConflict[] {
  const out: GroupConflict[] = [];
  exclusive(members, (m) => m.scheme, (later, winner) => out.push({ setting: 'scheme', later, winner }));
  exclusive(members, (m) => m.ipAddressType, (later, winner) => out.push({ setting: 'ipAddressType', later, winner }));
  const protocols = new Map<number, GroupClaim>();
  const inbound = new Map<number, GroupClaim>();
  for (const m of members) {
    for (const l of m.listeners) {
      const claim = { member: m, value: l.protocol, at: l.at };
      const first = protocols.get(l.port);
      if (!first) protocols.set(l.port, claim);
      else if (first.member !== m && first.value !== l.protocol) out.push({ setting: 'protocol', port: l.port, later: claim, winner: first });
    }
    // Defaults (no inbound-cidrs) merge with anything; stated lists must be equal.
    // An Ingress with prefix lists only states no CIDRs: nothing to conflict with (the controller compares non-empty lists).
    if (m.inbound && !m.inbound.default && m.inbound.cidrs.length > 0)
      for (const port of m.inbound.ports ?? []) {
        const claim = { member: m, value: [...new Set(m.inbound.cidrs)].sort().join(', '), at: m.inbound.at };
        const first = inbound.get(port);
        if (!first) inbound.set(port, claim);
        else if (first.member !== m && first.value !== claim.value) out.push({ setting: 'inbound', port, later: claim, winner: first });
      }
  }
  return out;
}

/** The first member (in rule order) that states the setting wins; every later different value conflicts. */
function exclusive(members: readonly AlbMember[], get: (m: AlbMember) => Decided<string> | undefined, conflict: (later: GroupClaim, winner: GroupClaim) => void): void {
  let first: GroupClaim | undefined;
  for (const m of members) {
    const d = get(m);
    if (!d) continue;
    const claim = { member: m, value: d.value, at: d.at };
    if (!first) first = claim;
    else if (d.value !== first.value) conflict(claim, first);
  }
}
