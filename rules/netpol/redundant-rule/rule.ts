import { ConnSet } from '../../../src/engine/conn-set.js';
import { Bitset } from '../../../src/engine/policy/bitset.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import { ruleConn, type CompiledPolicy, type CompiledRule, type Direction } from '../../../src/engine/policy/compile.js';
import type { PolicyEngine } from '../../../src/engine/policy/engine.js';
import { PortSet, PROTOCOLS } from '../../../src/engine/ports.js';
import { IpSet } from '../../../src/engine/ip.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { joinAnd, policyName, qualifiedRuleName, reachOf, ruleAt, ruleName, ruleRelated, rulesOf } from '../engine.js';

export default defineRule({
  id: 'netpol/redundant-rule',
  meta: {
    type: 'suggestion',
    severity: 'note',
    docs: { description: 'Report NetworkPolicy rules whose every connection other rules already allow', recommended: false },
    messages: {
      redundant:
        'NetworkPolicy {{policy}}: {{rule}} is redundant: {{others}} already {{allow}} every connection it allows {{direction}} the pods it applies to.',
    },
    remediation:
      'Delete the rule, or narrow the rules that shadow it if they allow more than intended. Redundancy is judged on the pods in the input ' +
      '(and the ingress controller): check that no pod deployed from elsewhere depends on the rule.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model() {
      const engine = reachOf(ctx).engine;
      const ordered = engine.policies.flatMap((p) => (['ingress', 'egress'] as const).flatMap((d) => rulesOf(p, d).map((rule) => ({ p, rule }))));
      // Latest first: a rule found redundant leaves the set, so two identical rules yield one finding (on the later one),
      // and removing every reported rule together leaves what the policies allow unchanged.
      const removed = new Set<CompiledRule>();
      for (const { p, rule } of ordered.reverse()) {
        const coverers = shadowedBy(engine, p, rule, removed);
        if (!coverers) continue;
        removed.add(rule);
        const np = p.node;
        const others = joinAnd(coverers.map((o) => (o.policy === np ? ruleName(o) : qualifiedRuleName(o))));
        ctx.report({
          messageId: 'redundant',
          at: ruleAt(rule),
          object: np,
          data: {
            policy: policyName(np),
            rule: ruleName(rule),
            others,
            allow: coverers.length > 1 ? 'allow' : 'allows',
            direction: rule.direction === 'ingress' ? 'to' : 'from',
          },
          related: coverers.map((o) => ruleRelated(o)),
        });
      }
    },
  }),
});

/**
 * The rules that together allow everything `rule` allows, for every pod class its policy applies to in
 * its direction; undefined when it allows something they do not, or allows nothing at all (a rule whose
 * peers or named ports select nothing is another rule's finding).
 */
function shadowedBy(engine: PolicyEngine, p: CompiledPolicy, rule: CompiledRule, removed: ReadonlySet<CompiledRule>): CompiledRule[] | undefined {
  const dir = rule.direction;
  const targets = [...p.selects].map((i) => engine.classes[i]!).filter((c) => engine.isolating(c, dir).includes(p));
  if (targets.length === 0) return undefined;
  const coverers = new Set<CompiledRule>();
  let allowsSomething = false;
  // Classes isolated by the same policies see the same rules; with named ports, the destination's ports matter too.
  const seen = new Set<string>();
  for (const c of targets) {
    const isolating = engine.isolating(c, dir);
    const key = isolating.map((x) => x.node.id).join('\n') + (dir === 'ingress' ? `\n${JSON.stringify([...c.namedPorts])}` : '');
    if (seen.has(key)) continue;
    seen.add(key);
    const others = isolating.flatMap((x) => rulesOf(x, dir)).filter((o) => o !== rule && !removed.has(o));
    const result = coveredFor(engine, rule, others, dir, c);
    if (!result) return undefined;
    if (result.allowsSomething) allowsSomething = true;
    for (const o of result.coverers) coverers.add(o);
  }
  if (!allowsSomething) return undefined;
  const order = new Map(engine.policies.flatMap((x) => [...x.ingress, ...x.egress]).map((r, i) => [r, i]));
  return [...coverers].sort((a, b) => order.get(a)! - order.get(b)!);
}

interface Coverage {
  allowsSomething: boolean;
  /** The other rules that allow part of what `rule` allows. */
  coverers: CompiledRule[];
}

/**
 * Whether `others` allow every (peer, connection) `rule` allows for the pods of class `c`: for the pod
 * classes of the input (and the ingress controller) and for addresses. The connection space is cut into
 * atoms at every port boundary, so each check is a bitset or address-set inclusion per atom.
 */
function coveredFor(engine: PolicyEngine, rule: CompiledRule, others: readonly CompiledRule[], dir: Direction, c: PodClass): Coverage | undefined {
  let allowsSomething = false;
  const coverers = new Set<CompiledRule>();
  // Pod peers, in groups whose connections do not depend on the peer: named ports resolve on the destination,
  // which is `c` for ingress and the peer for egress.
  for (const group of peerGroups(engine, rule, others, dir, c)) {
    const mine = group.conn(rule);
    if (mine.isEmpty() || group.members.isEmpty()) continue;
    allowsSomething = true;
    const theirs = others.map((o) => ({ o, conn: group.conn(o) }));
    for (const atom of connAtoms(mine, theirs.map((t) => t.conn))) {
      let cover = Bitset.empty(group.members.size);
      for (const { o, conn } of theirs) if (atom.isSubsetOf(conn)) cover = cover.or(o.pods);
      if (!group.members.andNot(cover).isEmpty()) return undefined;
    }
    for (const { o, conn } of theirs) if (conn.overlaps(mine) && !o.pods.and(group.members).isEmpty()) coverers.add(o);
  }
  // Address peers (ipBlock, or every address for a rule without peers); a name never resolves on an address.
  const ipConn = (r: CompiledRule) => ruleConn(r, dir === 'ingress' ? c : undefined);
  const mine = ipConn(rule);
  if (!mine.isEmpty() && !rule.ips.isEmpty()) {
    allowsSomething = true;
    const theirs = others.map((o) => ({ o, conn: ipConn(o) }));
    for (const atom of connAtoms(mine, theirs.map((t) => t.conn))) {
      let cover = IpSet.empty();
      for (const { o, conn } of theirs) if (atom.isSubsetOf(conn)) cover = cover.union(o.ips);
      if (!rule.ips.isSubsetOf(cover)) return undefined;
    }
    for (const { o, conn } of theirs) if (conn.overlaps(mine) && o.ips.overlaps(rule.ips)) coverers.add(o);
  }
  return { allowsSomething, coverers: [...coverers] };
}

interface PeerGroup {
  /** Pod classes among the rule's peers with the same connections from every rule. */
  members: Bitset;
  conn: (r: CompiledRule) => ConnSet;
}

function peerGroups(engine: PolicyEngine, rule: CompiledRule, others: readonly CompiledRule[], dir: Direction, c: PodClass): PeerGroup[] {
  if (dir === 'ingress') return [{ members: rule.pods, conn: (r) => ruleConn(r, c) }];
  const named = [rule, ...others].filter((r) => r.fixed === undefined);
  if (named.length === 0) return [{ members: rule.pods, conn: (r) => r.fixed! }];
  const groups = new Map<string, { rep: PodClass; members: number[] }>();
  for (const i of rule.pods) {
    const peer = engine.classes[i]!;
    const key = named.map((r) => ruleConn(r, peer).key()).join('|');
    const g = groups.get(key);
    if (g) g.members.push(i);
    else groups.set(key, { rep: peer, members: [i] });
  }
  return [...groups.values()].map((g) => ({ members: Bitset.of(rule.pods.size, g.members), conn: (r: CompiledRule) => ruleConn(r, g.rep) }));
}

/**
 * `within` cut at every port boundary of `others`: disjoint single-range connection sets, each inside
 * or outside every one of `others`.
 */
function connAtoms(within: ConnSet, others: readonly ConnSet[]): ConnSet[] {
  const out: ConnSet[] = [];
  for (const protocol of PROTOCOLS) {
    const ports = within.ports(protocol);
    if (ports.isEmpty()) continue;
    const cuts = new Set<number>();
    for (const set of [ports, ...others.map((o) => o.ports(protocol))])
      for (const [lo, hi] of set.ranges()) {
        cuts.add(lo);
        cuts.add(hi + 1);
      }
    const sorted = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i++) {
      const lo = sorted[i]!;
      if (ports.contains(lo)) out.push(ConnSet.of(protocol, PortSet.of(lo, sorted[i + 1]! - 1)));
    }
  }
  return out;
}
