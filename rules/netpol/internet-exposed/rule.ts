import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf, type SourceRef } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { internetAddresses } from '../../../src/engine/internet.js';
import { ruleConn, type CompiledRule } from '../../../src/engine/policy/compile.js';
import { PortSet, PROTOCOLS } from '../../../src/engine/ports.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName } from '../../../src/model/index.js';
import type { Workload } from '../../../src/model/types.js';
import { connText, enforcedOn, pathOf, policyName, reachOf, ruleAt, ruleName, workloadName, workloadRelated } from '../engine.js';

export default defineRule({
  id: 'netpol/internet-exposed',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report workloads whose ingress policies admit internet addresses', recommended: true },
    messages: {
      viaIpBlock:
        '{{workload}} is reachable from the internet on {{ports}}: ipBlock {{cidr}} of {{rule}} in NetworkPolicy {{policy}} admits public addresses.',
      viaAnyPeer:
        '{{workload}} is reachable from the internet on {{ports}}: {{rule}} of NetworkPolicy {{policy}} lists no peers, so it admits every address.',
    },
    remediation:
      'Narrow the ipBlock to the ranges that must connect (a load balancer subnet, an office range) or carve public space out with ' +
      '`except:`; give a rule without peers a `from:` list. List ports that are public on purpose in `allowPorts` and public ' +
      'workloads in `allowWorkloads`.',
    schema: {
      allowPorts: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        description: 'Ports that may be open to the internet (any protocol), e.g. [443].',
      },
      allowWorkloads: {
        type: 'array',
        items: { type: 'string', pattern: '^[^/]+/[^/]+$' },
        description: 'Workloads that may be reachable from the internet, as namespace/name.',
      },
    },
    defaultOptions: { allowPorts: [] as number[], allowWorkloads: [] as string[] },
    securitySeverity: '7.5',
  },
  create: (ctx, { allowPorts, allowWorkloads }) => {
    const internet = internetAddresses();
    const accepted = allowPorts.reduce((acc, p) => acc.union(PortSet.single(p)), PortSet.empty());
    const acceptedConn = ConnSet.fromEntries(PROTOCOLS.map((p) => [p, accepted] as const));
    return {
      Workload(w) {
        if (w.implicit && !w.object) return;
        if (allowWorkloads.includes(qualifiedName(w))) return;
        const engine = reachOf(ctx).engine;
        const c = engine.classOf(w.id);
        // Not isolated for ingress (or outside enforcement): netpol/not-isolated says so.
        if (!c || !enforcedOn(c, ctx.config)) return;
        for (const p of engine.isolating(c, 'ingress'))
          for (const rule of p.ingress) {
            const conn = ruleConn(rule, c).subtract(acceptedConn);
            if (conn.isEmpty()) continue;
            const common = { workload: workloadName(w), ports: connText(conn), rule: ruleName(rule), policy: policyName(p.node) };
            if (rule.anyPeer) {
              ctx.report({ messageId: 'viaAnyPeer', at: ruleAt(rule), object: w, key: p.node.id, data: common, related: related(w, rule) });
              continue;
            }
            for (const peer of rule.peers) {
              const block = peer.source.ipBlock;
              if (!block || !peer.ips.overlaps(internet)) continue;
              const at: SourceRef = refOf(block, 'cidr');
              ctx.report({ messageId: 'viaIpBlock', at, object: w, key: p.node.id, data: { ...common, cidr: block.cidr, rule: pathOf(peer.source) }, related: related(w, rule) });
            }
          }
      },
    };
  },
});

/** The exposed workload and the policy of the rule (the finding itself points into the policy). */
function related(w: Workload, rule: CompiledRule): RelatedLocation[] {
  return [
    ...workloadRelated(w, `${workloadName(w)}, the exposed workload`),
    { at: refOf(rule.policy.manifest, 'metadata', 'name'), message: `NetworkPolicy ${qualifiedName(rule.policy)}, which selects it` },
  ];
}
