/**
 * The NetworkPolicy side: which of a set of source addresses a pod's ingress policies do not admit on a port, and
 * where a finding about it belongs. Addresses are the load balancer's, the clients' or the nodes' — outside the pod
 * ranges — so policies match them by ipBlock (PRODUCT.md §3).
 */
import type { RelatedLocation } from '../../../src/core/finding.js';
import { compareStrings, maybeRefOf, refOf, type SourceRef } from '../../../src/core/source.js';
import { ipAtoms } from '../../../src/engine/atoms.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { IpSet } from '../../../src/engine/ip.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import { ruleConn, type CompiledPolicy } from '../../../src/engine/policy/compile.js';
import type { PolicyEngine } from '../../../src/engine/policy/engine.js';
import type { NetworkPolicyNode } from '../../../src/model/types.js';
import { ruleRelated } from '../../netpol/engine.js';

/** What the policies isolating a pod class refuse from `sources` on `conn`. */
export interface PolicyGap {
  /** The source addresses refused (on at least one port of `conn`). */
  blocked: IpSet;
  /** The ports refused to some of them. */
  conn: ConnSet;
  isolatedBy: readonly CompiledPolicy[];
}

/** undefined when the pod is not isolated for ingress or every address of `sources` is admitted on all of `conn`. */
export function policyGap(engine: PolicyEngine, cls: PodClass, sources: IpSet, conn: ConnSet): PolicyGap | undefined {
  const isolatedBy = engine.isolating(cls, 'ingress');
  if (isolatedBy.length === 0 || sources.isEmpty() || conn.isEmpty()) return undefined;
  // Cut the sources where any ipBlock of the isolating policies starts or ends: each atom is then decided alike.
  const cuts = [sources, ...isolatedBy.flatMap((p) => p.ingress.map((r) => r.ips)).filter((ips) => !ips.isEmpty())];
  let blocked = IpSet.empty();
  let refused = ConnSet.none();
  for (const atom of ipAtoms(cuts)) {
    if (!atom.isSubsetOf(sources)) continue;
    const missing = conn.subtract(engine.ingressFromAddresses(cls, atom).allowed);
    if (missing.isEmpty()) continue;
    blocked = blocked.union(atom);
    refused = refused.union(missing);
  }
  return blocked.isEmpty() ? undefined : { blocked, conn: refused, isolatedBy };
}

/**
 * The policy a user edits to admit the sources: the first (by id) that already admits some addresses on the port —
 * it means to let outside traffic in —, else the first isolating one.
 */
export function primaryPolicy(gap: PolicyGap, cls: PodClass): CompiledPolicy {
  const sorted = [...gap.isolatedBy].sort((a, b) => compareStrings(a.node.id, b.node.id));
  return sorted.find((p) => p.ingress.some((r) => !r.ips.isEmpty() && ruleConn(r, cls).overlaps(gap.conn))) ?? sorted[0]!;
}

/** Where a missing ingress rule goes: `spec.ingress`, else `spec.policyTypes` (it isolates), else `spec.podSelector`. */
export function policyFieldAt(np: NetworkPolicyNode): SourceRef {
  const spec = np.manifest.spec;
  if (spec.ingress !== undefined) return refOf(spec, 'ingress');
  if (spec.policyTypes !== undefined) return refOf(spec, 'policyTypes');
  return maybeRefOf(spec, 'podSelector') ?? refOf(np.manifest, 'spec');
}

/** The isolating policies' rules that admit something on the ports: what the user reads next to the finding. */
export function admittingRules(gap: PolicyGap, cls: PodClass): RelatedLocation[] {
  return gap.isolatedBy.flatMap((p) => p.ingress.filter((r) => ruleConn(r, cls).overlaps(gap.conn)).map((r) => ruleRelated(r)));
}

