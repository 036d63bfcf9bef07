import type { InvariantPeer } from '../../../src/config/schema.js';
import { parseSelector } from '../../../src/config/selector.js';
import type { FlowStep, RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, type SourceRef } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { internetAddresses } from '../../../src/engine/internet.js';
import { IpSet } from '../../../src/engine/ip.js';
import { parsePortRequest, query, type PairResult, type QueryEndpoint, type QueryResult } from '../../../src/engine/query.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import type { Reachability } from '../../../src/engine/reachability.js';
import { reachabilityFor } from '../../../src/engine/shared.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { matchesSelector } from '../../../src/model/selectors.js';
import type { Model, Workload } from '../../../src/model/types.js';

export default defineRule({
  id: 'invariant/violated',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: "Check the team's reachability invariants from netreach.yaml against the NetworkPolicies", recommended: true },
    messages: {
      notAllowed: 'Invariant "{{name}}": {{from}} cannot reach {{to}} on {{ports}}: {{detail}}.',
      notDenied: 'Invariant "{{name}}": {{from}} can reach {{to}} on {{allowed}}: {{detail}}.',
      notOnly: 'Invariant "{{name}}": besides {{from}}, {{others}} can reach {{to}} on {{ports}}: {{detail}}.',
      empty: 'Invariant "{{name}}": {{side}} {{peer}} matches no pod of the input, so the invariant checks nothing.',
    },
    remediation:
      'Change the NetworkPolicies the finding names (add a rule that admits the traffic, or narrow the rule that lets it through), or correct the invariant in netreach.yaml if the requirement changed.',
    defaultOptions: {},
    precision: 'very-high',
    tags: ['kubernetes', 'networking', 'invariant', 'security'],
    securitySeverity: '8.0',
  },
  create: (ctx) => ({
    Model(model) {
      const invariants = ctx.config.invariants;
      if (invariants.length === 0) return;
      const reach = reachabilityFor(model, ctx.config);
      invariants.forEach((inv, i) => {
        const at = locate(ctx.config, i);
        const object = { id: `invariant/${inv.name}`, fqn: `netreach.yaml/invariants/${inv.name}`, name: `"${inv.name}"` };
        const from = endpoint(model, inv.from);
        const to = endpoint(model, inv.to);
        const requested = portsOf(inv);
        for (const [side, peer, e] of [['from', inv.from, from], ['to', inv.to, to]] as const) {
          if (e.type === 'workloads' && e.workloads.length === 0) {
            ctx.report({ messageId: 'empty', at, object, data: { name: inv.name, side, peer: describePeer(peer) } });
          }
        }
        if ((from.type === 'workloads' && from.workloads.length === 0) || (to.type === 'workloads' && to.workloads.length === 0)) return;
        const base = { name: inv.name, from: from.label, to: to.label, ports: requested.toString() };
        if (inv.expect === 'allow') {
          const result = query(reach, from, to, requested);
          if (result.verdict === 'allow') return;
          const blocked = result.pairs.filter((p) => !p.requested.isSubsetOf(p.allowed));
          ctx.report({ messageId: 'notAllowed', at, object, data: { ...base, detail: describePairs(blocked, 'blocked') }, ...evidence(result, blocked, from, to) });
        } else if (inv.expect === 'deny') {
          const result = query(reach, from, to, requested);
          const open = result.pairs.filter((p) => !p.allowed.isEmpty());
          if (open.length === 0) return;
          const allowed = open.reduce((acc, p) => acc.union(p.allowed), ConnSet.none());
          ctx.report({ messageId: 'notDenied', at, object, data: { ...base, allowed: allowed.toString(), detail: describePairs(open, 'allowed') }, ...evidence(result, open, from, to) });
        } else {
          const found = intruders(reach, from, to, requested);
          const results = found.ends.map((endpoint) => ({ endpoint, result: query(reach, endpoint, to, requested) }));
          if (results.length === 0) return;
          const open = results.flatMap(({ result }) => result.pairs.filter((p) => !p.allowed.isEmpty()));
          const shown = [...new Set(open.map((p) => p.from))];
          const names = found.more > 0 ? [...shown, `${found.more} more workloads`] : shown;
          ctx.report({
            messageId: 'notOnly',
            at,
            object,
            data: { ...base, others: names.join(', '), detail: describePairs(open, 'allowed') },
            ...evidence(results[0]!.result, open, results[0]!.endpoint, to),
          });
        }
      });
    },
  }),
});

/** The invariant's `expect` in netreach.yaml, or the top of the file for a config given in code. */
function locate(config: { source?: { ref(path: (string | number)[]): SourceRef }; file?: string }, index: number): SourceRef {
  if (config.source) return config.source.ref(['invariants', index, 'expect']);
  return { file: config.file ?? 'netreach.yaml', doc: 0, path: ['invariants', index, 'expect'], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } };
}

function portsOf(inv: { readonly ports?: readonly string[] | undefined }): ConnSet {
  if (!inv.ports) return ConnSet.all();
  return inv.ports.reduce((acc, p) => acc.union(parsePortRequest(p) ?? ConnSet.none()), ConnSet.none());
}

function describePeer(peer: InvariantPeer): string {
  if (peer === 'internet') return 'internet';
  return `${peer.selector ? `pods ${peer.selector}` : 'all pods'} in ${peer.namespace ? `namespace ${peer.namespace}` : 'every namespace'}`;
}

/** The pods an invariant peer names: in its namespace (all when absent), matching its selector (all when absent). */
function endpoint(model: Model, peer: InvariantPeer): QueryEndpoint {
  if (peer === 'internet') return { type: 'addresses', label: 'the internet', ips: internetAddresses() };
  const parsed = peer.selector === undefined ? undefined : parseSelector(peer.selector);
  const selector = parsed?.ok ? { matchExpressions: parsed.matchExpressions } : {};
  const workloads = model.workloads.filter(
    (w) => (peer.namespace === undefined || w.namespace === peer.namespace) && w.podLabels.some((labels) => matchesSelector(selector, labels)),
  );
  return { type: 'workloads', label: describePeer(peer), workloads };
}

/**
 * Who else reaches `to` on the requested ports: workloads outside `from` and `to` (traffic inside `to`
 * is not "from elsewhere"), and address ranges outside the cluster that `from` does not cover. Only the
 * candidate senders of each destination class are evaluated (PolicyEngine.candidateSources), so the
 * cost follows the policies, not all pairs of workloads. Returns small query ends for the offenders
 * (at most a few: they make the message and the evidence).
 */
function intruders(reach: Reachability, from: QueryEndpoint, to: QueryEndpoint, requested: ConnSet, max = 3): { ends: QueryEndpoint[]; more: number } {
  if (to.type === 'addresses') return { ends: [], more: 0 };
  const engine = reach.engine;
  const excluded = new Set<Workload>([...(from.type === 'addresses' ? [] : from.workloads), ...to.workloads]);
  const targets = [...new Set(to.workloads.map((w) => engine.classOf(w.id)).filter((c): c is PodClass => c !== undefined))];
  const workloads = new Set<Workload>();
  let addresses = IpSet.empty();
  for (const d of targets) {
    for (const si of engine.candidateSources(d)) {
      const s = engine.classes[si]!;
      if (s.ingressController) continue;
      const others = s.workloads.filter((w) => !excluded.has(w) && !workloads.has(w));
      if (others.length === 0 || engine.connection(s, d).intersect(requested).isEmpty()) continue;
      for (const w of others) workloads.add(w);
    }
    for (const { atoms, allowed } of reach.addressConnections(d, 'ingress')) {
      if (allowed.intersect(requested).isEmpty()) continue;
      for (const atom of atoms) addresses = addresses.union(from.type === 'addresses' ? atom.subtract(from.ips) : atom);
    }
  }
  const out: QueryEndpoint[] = [...workloads]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, max)
    .map((w) => ({ type: 'workloads', label: `${w.namespace}/${w.name}[${w.kind}]`, workloads: [w] }));
  if (!addresses.isEmpty()) out.push({ type: 'addresses', label: 'addresses outside the cluster', ips: addresses });
  return { ends: out, more: Math.max(0, workloads.size - max) };
}

function describePairs(pairs: readonly PairResult[], what: 'allowed' | 'blocked'): string {
  const shown = pairs.slice(0, 3).map((p) => `${p.from} => ${p.to} ${what === 'allowed' ? `allows ${p.allowed.toString()}` : `allows only ${p.allowed.toString()}`}`);
  return `${shown.join('; ')}${pairs.length > 3 ? `; and ${pairs.length - 3} more pairs` : ''}`;
}

/** Related locations (the deciding policies) and a code flow: source → deciding rules → destination. */
function evidence(result: QueryResult, pairs: readonly PairResult[], from: QueryEndpoint, to: QueryEndpoint): { related: RelatedLocation[]; flow: FlowStep[] } {
  const related: RelatedLocation[] = [];
  const flow: FlowStep[] = [];
  const first = pairs[0];
  const workloadStep = (e: QueryEndpoint, label: string | undefined): FlowStep | undefined => {
    if (e.type === 'addresses') return undefined;
    const w = e.workloads.find((x) => `${x.namespace}/${x.name}[${x.kind}]` === label) ?? e.workloads[0];
    const at = w?.object ? maybeRefOf(w.object.manifest, 'metadata', 'name') : undefined;
    return at && w ? { at, message: `${w.kind} ${w.namespace}/${w.name}` } : undefined;
  };
  const start = workloadStep(from, first?.from);
  if (start) flow.push(start);
  for (const e of first?.explanation ?? result.explanation) {
    const at = e.compiledRule ? maybeRefOf(e.compiledRule.source) : maybeRefOf(e.policy.node.manifest.spec, 'podSelector');
    if (!at) continue;
    const message =
      e.effect === 'allow' ? `${e.object} ${e.rule} allows ${e.allowed?.toString() ?? ''}` : e.reason ? `${e.object} ${e.rule}: ${e.reason}` : `${e.object} isolates the pods`;
    related.push({ at, message });
    flow.push({ at, message });
  }
  const end = workloadStep(to, first?.to);
  if (end) flow.push(end);
  return { related, flow };
}
