import { refOf } from '../../../src/core/source.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { compiledOf, enforcedOn, listNames, policyName, reachOf, ruleName, workloadName, workloadRelated, workloadsOf } from '../engine.js';

export default defineRule({
  id: 'netpol/named-port-unresolved',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report named ports in NetworkPolicy rules that no destination pod declares with that protocol', recommended: true },
    messages: {
      unresolved:
        'NetworkPolicy {{policy}}: port {{port}} of {{rule}} names no {{protocol}} container port of {{pods}}, so this port entry allows nothing.',
      wrongProtocol:
        'NetworkPolicy {{policy}}: port {{port}} of {{rule}} is {{protocol}}, but {{pods}} declare {{port}} for {{declared}} only, ' +
        'so this port entry allows nothing.',
      addressesOnly:
        'NetworkPolicy {{policy}}: port {{port}} of {{rule}} is a name, but every peer of the rule is an ipBlock; a port name resolves only on ' +
        'the container ports of a destination pod, so this port entry allows nothing.',
    },
    remediation:
      'Use the name a container port of the destination pods declares (`ports: [{name: http, containerPort: 8080}]`) with the same protocol ' +
      '(TCP unless `protocol` says otherwise), or write the port number. Ingress rules resolve names on the pods the policy selects; egress ' +
      'rules on the pods their peers select; ipBlock destinations need numbers.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    NetworkPolicy(np) {
      const engine = reachOf(ctx).engine;
      const policy = compiledOf(engine, np);
      const classes = (indices: Iterable<number>): PodClass[] => [...indices].map((i) => engine.classes[i]!);
      for (const rule of [...policy.ingress, ...policy.egress]) {
        // Names resolve on the destination: the selected pods for ingress, the peers for egress (PRODUCT.md §3).
        const destinations =
          rule.direction === 'ingress'
            ? classes(policy.selects).filter((c) => enforcedOn(c, ctx.config))
            : classes(rule.pods).filter((c) => !c.ingressController);
        const pods = (list: readonly PodClass[]) =>
          `${rule.direction === 'ingress' ? 'the pods the policy selects' : 'the pods its peers select'} (${listNames(workloadsOf(list).map(workloadName))})`;
        for (const spec of rule.ports) {
          if (spec.kind !== 'named') continue;
          const common = { policy: policyName(np), port: spec.name, rule: ruleName(rule) };
          const at = refOf(spec.source, 'port');
          if (destinations.length === 0) {
            // No pod to resolve on: only addresses (an ipBlock never has named ports), or nothing at all (peer-selects-nothing).
            if (rule.direction === 'egress' && !rule.ips.isEmpty()) ctx.report({ messageId: 'addressesOnly', at, object: np, data: common });
            continue;
          }
          const declaring = (c: PodClass) => c.namedPorts.get(spec.name) ?? [];
          if (destinations.some((c) => declaring(c).some((p) => p.protocol === spec.protocol))) continue;
          const related = workloadsOf(destinations).slice(0, 3).flatMap((w) => workloadRelated(w));
          const otherProtocol = destinations.filter((c) => declaring(c).length > 0);
          if (otherProtocol.length > 0) {
            const declared = [...new Set(otherProtocol.flatMap((c) => declaring(c).map((p) => p.protocol)))].sort().join('/');
            ctx.report({ messageId: 'wrongProtocol', at, object: np, related, data: { ...common, protocol: spec.protocol, pods: pods(otherProtocol), declared } });
          } else {
            ctx.report({ messageId: 'unresolved', at, object: np, related, data: { ...common, protocol: spec.protocol, pods: pods(destinations) } });
          }
        }
      }
    },
  }),
});
