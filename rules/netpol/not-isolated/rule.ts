import { refOf } from '../../../src/core/source.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import type { CompiledPolicy, Direction } from '../../../src/engine/policy/compile.js';
import type { PolicyEngine } from '../../../src/engine/policy/engine.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { Workload } from '../../../src/model/types.js';
import { enforcedOn, joinAnd, policyName, policyRelated, reachOf, workloadName } from '../engine.js';

export default defineRule({
  id: 'netpol/not-isolated',
  meta: {
    type: 'suggestion',
    severity: 'note',
    docs: { description: 'Report workloads that no NetworkPolicy isolates for ingress or for egress', recommended: false },
    messages: {
      ingress: '{{workload}} is not isolated for ingress: {{why}}, so every pod and every address may connect to it.',
      egress: '{{workload}} is not isolated for egress: {{why}}, so it may connect to every pod and every address.',
    },
    remediation:
      'Add a NetworkPolicy in its namespace that selects its pods with the direction in `policyTypes` (a default deny such as ' +
      '`podSelector: {}` with `policyTypes: [Ingress, Egress]`), then allow what it needs; remember DNS to CoreDNS for egress.',
    schema: {
      directions: {
        type: 'array',
        items: { type: 'string', enum: ['ingress', 'egress'] },
        description: 'The directions to check: ingress, egress or both.',
      },
    },
    defaultOptions: { directions: ['ingress', 'egress'] as ('ingress' | 'egress')[] },
  },
  create: (ctx, { directions }) => {
    // Built on first use: the policies that select each class, and how many policies each namespace has.
    let selecting: Map<PodClass, CompiledPolicy[]> | undefined;
    let perNamespace: Map<string, number> | undefined;
    const selectingOf = (engine: PolicyEngine, c: PodClass): CompiledPolicy[] => {
      if (!selecting) {
        selecting = new Map();
        for (const p of engine.policies)
          for (const i of p.selects) {
            const cls = engine.classes[i]!;
            const list = selecting.get(cls);
            if (list) list.push(p);
            else selecting.set(cls, [p]);
          }
      }
      return selecting.get(c) ?? [];
    };
    const policiesIn = (ns: string): number => {
      perNamespace ??= ctx.model.networkPolicies.reduce((m, np) => m.set(np.namespace, (m.get(np.namespace) ?? 0) + 1), new Map<string, number>());
      return perNamespace.get(ns) ?? 0;
    };
    return {
      Workload(w) {
        // Implicit workloads (CoreDNS, owners known only from their pods) are not the input's to fix.
        if (w.implicit || !w.object) return;
        const engine = reachOf(ctx).engine;
        const c = engine.classOf(w.id);
        if (!c || !enforcedOn(c, ctx.config)) return; // hostNetwork pods are outside enforcement (networkPolicy.hostNetwork)
        for (const direction of ['ingress', 'egress'] as const) {
          if (!directions.includes(direction) || engine.isolating(c, direction).length > 0) continue;
          const selects = selectingOf(engine, c);
          const at = refOf(w.object.manifest, 'metadata', 'name');
          const data = { workload: workloadName(w), why: why(w, direction, selects, policiesIn(w.namespace)) };
          const related = selects.map((p) => policyRelated(p, `NetworkPolicy ${policyName(p.node)} selects it for ${typesOf(p)} only`));
          ctx.report({ messageId: direction, at, object: w, key: direction, data, related });
        }
      },
    };
  },
});

function typesOf(p: CompiledPolicy): string {
  return [p.isolatesIngress ? 'Ingress' : undefined, p.isolatesEgress ? 'Egress' : undefined].filter((t) => t !== undefined).join(' and ') || 'no direction';
}

/** Why nothing isolates it: no policy in the namespace, none selecting it, or only policies for the other direction. */
function why(w: Workload, direction: Direction, selecting: readonly CompiledPolicy[], inNamespace: number): string {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  if (selecting.length > 0) {
    const names = joinAnd(selecting.map((p) => `NetworkPolicy ${policyName(p.node)}`));
    const defaulted = direction === 'egress' && selecting.some((p) => (p.node.manifest.spec.policyTypes ?? []).length === 0);
    return (
      `${names} ${selecting.length > 1 ? 'select' : 'selects'} it, but without ${type} in policyTypes` +
      (defaulted ? ' (without policyTypes, Egress is only set when spec.egress has rules)' : '')
    );
  }
  if (inNamespace === 0) return `namespace ${w.namespace} has no NetworkPolicy`;
  if (inNamespace === 1) return `the NetworkPolicy in namespace ${w.namespace} does not select its pods`;
  return `none of the ${inNamespace} NetworkPolicies in namespace ${w.namespace} selects its pods`;
}
