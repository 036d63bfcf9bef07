import type { RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName, formatSelector, qualifiedName, serviceSelector, serviceTypeOf, type Workload } from '../../../src/model/index.js';

/** Near misses named in one message; the rest are counted. */
const MAX_NEAR_MISSES = 3;

interface NearMiss {
  workload: Workload;
  key: string;
  want: string;
  /** The workload's value for `key`, undefined when it lacks the label. */
  has: string | undefined;
}

/**
 * A workload whose pod labels satisfy every pair of the selector but one. With a one-pair selector
 * every workload "misses by one", so there the workload must at least carry the key.
 */
function nearMiss(selector: Readonly<Record<string, string>>, w: Workload): NearMiss | undefined {
  const labels = w.template.labels;
  const misses = Object.entries(selector).filter(([k, v]) => !Object.hasOwn(labels, k) || labels[k] !== v);
  if (misses.length !== 1) return undefined;
  const [key, want] = misses[0]!;
  const has = Object.hasOwn(labels, key) ? labels[key] : undefined;
  if (has === undefined && Object.keys(selector).length === 1) return undefined;
  return { workload: w, key, want, has };
}

function describeMiss(m: NearMiss): string {
  const who = displayName(m.workload);
  return m.has === undefined
    ? `${who} has no label ${m.key} (the selector wants ${m.key}=${m.want})`
    : `${who} has ${m.key}=${m.has}, not ${m.key}=${m.want}`;
}

function relatedOf(m: NearMiss): RelatedLocation[] {
  const labels = m.workload.template.labels;
  const at = m.has === undefined ? maybeRefOf(labels) : maybeRefOf(labels, m.key);
  const what = m.has === undefined ? 'pod template labels' : `pod template label ${m.key}=${m.has}`;
  return at ? [{ at, message: `${displayName(m.workload)}: ${what}` }] : [];
}

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
      if (!selector || ctx.model.backendsOf(svc).length > 0) return;
      const spec = svc.manifest.spec!;
      const base = { at: refOf(spec, 'selector'), object: svc };
      const data = { service: qualifiedName(svc), selector: formatSelector(selector), namespace: svc.namespace };
      const misses = ctx.model
        .workloadsIn(svc.namespace)
        .map((w) => nearMiss(selector, w))
        .filter((m): m is NearMiss => m !== undefined);
      if (misses.length === 0) {
        ctx.report({ ...base, messageId: 'matchesNothing', data });
        return;
      }
      const shown = misses.slice(0, MAX_NEAR_MISSES);
      const more = misses.length - shown.length;
      const differences = shown.map(describeMiss).join('; ') + (more > 0 ? `; and ${more} more workload(s)` : '');
      ctx.report({ ...base, messageId: 'nearMiss', data: { ...data, differences }, related: shown.flatMap(relatedOf) });
    },
  }),
});
