import { refOf } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import { Bitset } from '../../../src/engine/policy/bitset.js';
import { ruleConn, type CompiledPolicy } from '../../../src/engine/policy/compile.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName, serviceTypeOf } from '../../../src/model/index.js';
import { connText, joinWorkloads, listNames, policyList, policyRelated, reachOf, workloadName, workloadRelated } from '../engine.js';

export default defineRule({
  id: 'netpol/service-unreachable',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report Services whose backends no pod and no outside address can reach on any target port', recommended: true },
    messages: {
      unreachable:
        'Service {{service}}: no pod of the input, not the ingress controller and no address outside the cluster can reach its backends ' +
        '({{workloads}}) on {{targets}}: their ingress is isolated by {{policies}}, whose rules admit nobody on those ports.',
      clientsBlocked:
        'Service {{service}}: no pod of the input, not the ingress controller and no address outside the cluster can reach its backends ' +
        '({{workloads}}) on {{targets}}: the ingress rules of {{policies}} admit {{clients}} there, but their own egress policies do not let them out.',
    },
    remediation:
      "Add an ingress rule to the backends' policies that admits the Service's clients on the target port (policies see the backend pod " +
      'and its targetPort, after DNAT), and check that the clients are not themselves blocked by their egress policies.',
    defaultOptions: {},
  },
  create: (ctx) => {
    const cache = new Map<string, boolean>();
    /**
     * What the ingress side of `dst` admits on some of `want`: an outside address (which has no egress
     * policy), or these pod classes (the ingress controller among them); undefined when `dst` is not
     * isolated for ingress.
     */
    const admitted = (dst: PodClass, want: ConnSet): { addresses: boolean; pods: Bitset } | undefined => {
      const engine = reachOf(ctx).engine;
      const isolatedBy = engine.isolating(dst, 'ingress');
      if (isolatedBy.length === 0) return undefined;
      let pods = Bitset.empty(engine.index.size);
      let addresses = false;
      for (const p of isolatedBy)
        for (const rule of p.ingress) {
          if (!ruleConn(rule, dst).overlaps(want)) continue;
          if (!rule.ips.isEmpty()) addresses = true;
          pods = pods.or(rule.pods);
        }
      // A pod reaching itself through its own Service does not count (and a pod cannot block itself anyway).
      if (dst.workloads.length < 2) pods = pods.andNot(Bitset.of(pods.size, [dst.index]));
      return { addresses, pods };
    };
    /** Whether any source reaches `dst` on some of `want` (the first success ends the search). */
    const reachable = (dst: PodClass, want: ConnSet): boolean => {
      const key = `${dst.index}|${want.key()}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const engine = reachOf(ctx).engine;
      const sides = admitted(dst, want);
      let result = sides === undefined || sides.addresses;
      if (!result && sides)
        for (const i of sides.pods) {
          const src = engine.classes[i]!;
          if (src.ingressController || engine.connection(src, dst).overlaps(want)) {
            result = true;
            break;
          }
        }
      cache.set(key, result);
      return result;
    };
    return {
      Service(svc) {
        if (serviceTypeOf(svc) === 'ExternalName') return;
        const backends = ctx.model.backendsOf(svc);
        if (backends.length === 0) return; // service/selector-matches-nothing
        const engine = reachOf(ctx).engine;
        let targets = ConnSet.none();
        const isolatedBy = new Set<CompiledPolicy>();
        const wanted: { c: PodClass; want: ConnSet }[] = [];
        for (const port of svc.manifest.spec?.ports ?? [])
          for (const w of backends) {
            const want = targetConn(port, w);
            const c = engine.classOf(w.id);
            if (want.isEmpty() || !c) continue; // unresolved named targetPorts: service/target-port-unresolved
            if (reachable(c, want)) return;
            targets = targets.union(want);
            wanted.push({ c, want });
            for (const p of engine.isolating(c, 'ingress')) isolatedBy.add(p);
          }
        if (targets.isEmpty()) return;
        const policies = [...isolatedBy].sort((a, b) => (a.node.id < b.node.id ? -1 : 1));
        // Pods the ingress side admits, whose egress then keeps them in.
        let admittedPods = Bitset.empty(engine.index.size);
        for (const { c, want } of wanted) admittedPods = admittedPods.or(admitted(c, want)?.pods ?? admittedPods);
        const clients = [...admittedPods].map((i) => engine.classes[i]!);
        const data = {
          service: qualifiedName(svc),
          workloads: listNames(backends.map(workloadName)),
          targets: connText(targets),
          policies: policyList(policies),
        };
        const at = refOf(svc.manifest, 'spec', 'ports');
        const related = [...backends.slice(0, 3).flatMap((w) => workloadRelated(w)), ...policies.map((p) => policyRelated(p))];
        if (clients.length === 0) {
          ctx.report({ messageId: 'unreachable', at, object: svc, data, related });
        } else {
          const names = joinWorkloads(clients);
          // Only policies with ingress rules admit anyone; a default-deny policy isolates without admitting.
          const admitting = policies.filter((p) => p.ingress.length > 0);
          ctx.report({ messageId: 'clientsBlocked', at, object: svc, data: { ...data, policies: policyList(admitting.length > 0 ? admitting : policies), clients: names }, related });
        }
      },
    };
  },
});
