/**
 * Network ACL evaluation (AWS "Network ACL rules", docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html):
 * stateless, one list per direction, entries evaluated in ascending rule number, the first entry that matches the
 * packet decides, and a packet no entry matches is denied by the final `*` entry. An entry matches on the remote
 * address (its CIDR), the protocol and — for TCP/UDP — the destination port.
 *
 * Evaluated exactly per address range: the remote addresses are cut into atoms at every entry's CIDR bounds, so each
 * atom is either inside or outside each entry; each atom gets the entries that decide each of its connections.
 */
import { ipAtoms } from '../atoms.js';
import { ConnSet } from '../conn-set.js';
import { knownAddresses } from './addresses.js';
import { IpSet } from '../ip.js';
import type { NetworkAclElement, NetworkAclEntryElement } from '../../model/infra/types.js';
import { ruleConns } from './conns.js';

export type NaclDirection = 'inbound' | 'outbound';

/** One entry's say on part of the traffic; `entry` undefined is the implicit final deny (`*`). */
export interface NaclDecision {
  entry: NetworkAclEntryElement | undefined;
  action: 'allow' | 'deny';
  conns: ConnSet;
}

/** The verdict for remote addresses on which every entry decides alike. */
export interface NaclAtomVerdict {
  addresses: IpSet;
  allowed: ConnSet;
  denied: ConnSet;
  decisions: NaclDecision[];
}

/** The entries of one direction, in evaluation order (ascending rule number). */
export function entriesOf(acl: NetworkAclElement, direction: NaclDirection): NetworkAclEntryElement[] {
  return acl.entries.filter((e) => e.egress === (direction === 'outbound')).sort((a, b) => a.ruleNumber - b.ruleNumber);
}

const entrySet = (e: NetworkAclEntryElement): IpSet => knownAddresses(e.cidr);

/**
 * How the ACL treats `conns` to (outbound) or from (inbound) `remote`, per address range. An entry whose CIDR is
 * not known or not valid matches nothing here: callers treat such an ACL as incomplete (`complete: false`).
 */
export function evaluateNacl(acl: NetworkAclElement, direction: NaclDirection, remote: IpSet, conns: ConnSet): NaclAtomVerdict[] {
  const entries = entriesOf(acl, direction).map((e) => ({ e, set: entrySet(e), conns: ruleConns(e.protocol, e.ports) }));
  const out = new Map<string, NaclAtomVerdict>();
  for (const atom of ipAtoms([remote, ...entries.map((x) => x.set)])) {
    if (!atom.isSubsetOf(remote)) continue;
    let remaining = conns;
    let allowed = ConnSet.none();
    const decisions: NaclDecision[] = [];
    for (const { e, set, conns: matches } of entries) {
      if (remaining.isEmpty()) break;
      if (!atom.isSubsetOf(set)) continue;
      const decided = remaining.intersect(matches);
      if (decided.isEmpty()) continue;
      decisions.push({ entry: e, action: e.action, conns: decided });
      if (e.action === 'allow') allowed = allowed.union(decided);
      remaining = remaining.subtract(decided);
    }
    if (!remaining.isEmpty()) decisions.push({ entry: undefined, action: 'deny', conns: remaining });
    const verdict = { allowed, denied: conns.subtract(allowed), decisions };
    // Atoms with the same decisions are one range of the answer.
    const key = decisions.map((d) => `${d.entry ? entries.findIndex((x) => x.e === d.entry) : '*'}:${d.conns.key()}`).join('|');
    const prev = out.get(key);
    out.set(key, prev ? { ...prev, addresses: prev.addresses.union(atom) } : { addresses: atom, ...verdict });
  }
  return [...out.values()];
}
