/**
 * Security group evaluation (AWS "Security group rules", docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html):
 * stateful — replies to allowed traffic are allowed whatever the rules say —, allow rules only, and a network
 * interface with several groups is governed by the union of their rules. Traffic A → B is allowed when some egress
 * rule of some group of A admits it towards B and some ingress rule of some group of B admits it from A. A rule's
 * peer is a CIDR, a prefix list, or a security group, which matches an address whose interface carries that group.
 *
 * Three-valued: what is proven allowed, and what might be allowed ("maybe": a group not in the input or with rules
 * left out, a prefix list, a CIDR not statically known, a group reference that may be carried by an interface whose
 * groups are not all known). Only what is neither is blocked.
 */
import { ConnSet } from '../conn-set.js';
import { IpSet, parseCidr } from '../ip.js';
import type { Reference, SecurityGroupElement, SecurityGroupRuleElement } from '../../model/infra/types.js';
import { ruleConns } from './conns.js';

/** The security groups of an interface (or of a set of interfaces that carry the same ones). */
export interface GroupSet {
  /** Groups of the input, by key. */
  known: SecurityGroupElement[];
  /** Groups the input names but does not define, or a list only the account knows (`Ref(SecurityGroupsParam)`). */
  unknown: Reference[];
  /** Where the list is stated (a node group's launch template, an ENIConfig's securityGroups). */
  at?: import('../../core/source.js').SourceRef;
}

/** Addresses and their interfaces' groups; `groups: undefined` — no security group applies (outside the VPC). */
export interface SgHolder {
  addresses: IpSet;
  groups: GroupSet | undefined;
}

export interface SgSideVerdict {
  allowed: ConnSet;
  maybe: ConnSet;
  /** The rules that allow (part of) the traffic, each with what it allows. */
  rules: { group: SecurityGroupElement; rule: SecurityGroupRuleElement; conns: ConnSet }[];
}

const identities = (g: GroupSet): Set<string> => {
  const ids = new Set<string>();
  for (const sg of g.known) {
    ids.add(sg.key);
    if (sg.id !== undefined) ids.add(sg.id);
  }
  for (const r of g.unknown) {
    if (r.key !== undefined) ids.add(r.key);
    ids.add(r.text);
  }
  return ids;
};

/** Does an interface with `groups` carry the group `ref` names: yes, no, or maybe (its groups are not all known). */
export function carries(groups: GroupSet | undefined, ref: Reference): 'yes' | 'no' | 'maybe' {
  if (groups === undefined) return 'no';
  const ids = identities(groups);
  if ((ref.key !== undefined && ids.has(ref.key)) || ids.has(ref.text)) return 'yes';
  return groups.unknown.length > 0 ? 'maybe' : 'no';
}

/** The CIDRs the rules of `groups` in `direction` name: the cuts that make an address range decide alike. */
export function ruleCidrs(groups: GroupSet | undefined, direction: 'ingress' | 'egress'): IpSet[] {
  const out: IpSet[] = [];
  for (const sg of groups?.known ?? [])
    for (const r of sg.rules)
      if (r.direction === direction)
        for (const p of r.peers) if (p.kind === 'cidr' && p.cidr.known && parseCidr(p.cidr.value)) out.push(IpSet.fromCidr(p.cidr.value));
  return out;
}

/**
 * What `self`'s groups admit in `direction` for traffic with the peer `peer` (its addresses must be one atom of
 * `ruleCidrs`, so each CIDR peer either contains them or not). `self.groups` undefined: no group applies — all allowed.
 */
export function evaluateSide(self: SgHolder, direction: 'ingress' | 'egress', peer: SgHolder, conns: ConnSet): SgSideVerdict {
  if (self.groups === undefined) return { allowed: conns, maybe: ConnSet.none(), rules: [] };
  let allowed = ConnSet.none();
  let maybe = self.groups.unknown.length > 0 ? conns : ConnSet.none();
  const rules: SgSideVerdict['rules'] = [];
  for (const group of self.groups.known) {
    if (!group.complete) maybe = conns;
    for (const rule of group.rules) {
      if (rule.direction !== direction) continue;
      const matches = ruleConns(rule.protocol, rule.ports).intersect(conns);
      if (matches.isEmpty()) continue;
      let match: 'yes' | 'no' | 'maybe' = 'no';
      for (const p of rule.peers) {
        const m = peerMatches(p, peer);
        if (m === 'yes') match = 'yes';
        else if (m === 'maybe' && match === 'no') match = 'maybe';
      }
      if (match === 'yes') {
        allowed = allowed.union(matches);
        rules.push({ group, rule, conns: matches });
      } else if (match === 'maybe') maybe = maybe.union(matches);
    }
  }
  return { allowed, maybe: maybe.subtract(allowed), rules };
}

function peerMatches(p: SecurityGroupRuleElement['peers'][number], peer: SgHolder): 'yes' | 'no' | 'maybe' {
  switch (p.kind) {
    case 'cidr': {
      if (!p.cidr.known || !parseCidr(p.cidr.value)) return 'maybe';
      const set = IpSet.fromCidr(p.cidr.value);
      return peer.addresses.isSubsetOf(set) ? 'yes' : peer.addresses.overlaps(set) ? 'maybe' : 'no';
    }
    case 'prefix-list':
      return 'maybe';
    case 'security-group':
      return carries(peer.groups, p.ref);
  }
}

export interface SgVerdict {
  allowed: ConnSet;
  /** Neither proven allowed nor proven blocked. */
  unknown: ConnSet;
  blocked: ConnSet;
  egress: SgSideVerdict;
  ingress: SgSideVerdict;
}

/** Stateful: the request needs the source's egress and the destination's ingress; replies follow. */
export function evaluateSecurityGroups(source: SgHolder, destination: SgHolder, conns: ConnSet): SgVerdict {
  const egress = evaluateSide(source, 'egress', destination, conns);
  const ingress = evaluateSide(destination, 'ingress', source, conns);
  const allowed = egress.allowed.intersect(ingress.allowed);
  const possible = egress.allowed.union(egress.maybe).intersect(ingress.allowed.union(ingress.maybe));
  return { allowed, unknown: possible.subtract(allowed), blocked: conns.subtract(possible), egress, ingress };
}
