import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { formatSelector, qualifiedName, serviceSelector, serviceTypeOf } from '../../../src/model/index.js';
import { nearMisses } from '../../../src/model/selectors.js';
import { describeNearMiss, nearMissRelated } from '../shared.js';

/** Near misses named in one message; the rest are counted. */
const MAX_NEAR_MISSES = 3;

export default defineRule({
  id: 'service/selector-matches-nothing',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report Services whose selector matches no pod template in their namespace', recommended: true },
    messages: {
      matchesNothing:
        'Service {{service}}: selector {{selector}} matches the pod labels of no workload in namespace {{namespace}}, ' +
        'so the Service gets no endpoints and connections to it are rejected.',
      nearMiss:
        'Service {{service}}: selector {{selector}} matches the pod labels of no workload in namespace {{namespace}}; ' +
        'closest: {{differences}}.',
    },
    remediation:
      "Make every key=value pair of `spec.selector` appear among the pod template labels of the intended workload " +
      "(`spec.template.metadata.labels`, not the workload's own `metadata.labels`) in the Service's namespace. If the pods are deployed from another repository, " +
      'lint both together or turn this rule off for the Service.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Service(svc) {
      if (serviceTypeOf(svc) === 'ExternalName') return;
      const selector = serviceSelector(svc);
      // Pods an operator makes from a custom resource (a Prometheus, an Argo Rollout) match it without a workload.
      if (!selector || ctx.model.backendsOf(svc).length > 0 || ctx.model.operatorBackendsOf(svc).length > 0) return;
      const spec = svc.manifest.spec!;
      const base = { at: refOf(spec, 'selector'), object: svc };
      const data = { service: qualifiedName(svc), selector: formatSelector(selector), namespace: svc.namespace };
      const misses = nearMisses(selector, ctx.model.workloadsIn(svc.namespace));
      if (misses.length === 0) {
        ctx.report({ ...base, messageId: 'matchesNothing', data });
        return;
      }
      const shown = misses.slice(0, MAX_NEAR_MISSES);
      const more = misses.length - shown.length;
      const differences = shown.map(describeNearMiss).join('; ') + (more > 0 ? `; and ${more} more workload(s)` : '');
      ctx.report({ ...base, messageId: 'nearMiss', data: { ...data, differences }, related: shown.flatMap(nearMissRelated) });
    },
  }),
});
