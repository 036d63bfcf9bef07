import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName } from '../../../src/model/index.js';

export default defineRule({
  id: 'ingress/no-backend',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report Ingresses with neither a default backend nor any HTTP path', recommended: true },
    messages: {
      noBackend:
        'Ingress {{ingress}}: it has neither `{{defaultField}}` nor `rules`. The API server rejects it: "either `{{defaultField}}` or `rules` must be specified".',
      noPaths:
        'Ingress {{ingress}}: none of its rules (hosts {{hosts}}) has `http.paths`, and it has no `{{defaultField}}`. The API server accepts it, but it routes no request to a Service of its own.',
    },
    remediation:
      'Add `rules[].http.paths` with a backend Service, or a `spec.defaultBackend` (v1beta1: `spec.backend`) that takes every request; otherwise delete the Ingress.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Ingress(ing) {
      const spec = ing.manifest.spec;
      // networking.k8s.io/v1beta1 and extensions/v1beta1 call the default backend `backend`.
      const defaultField = ing.object.apiVersion.endsWith('/v1beta1') ? 'backend' : 'defaultBackend';
      if (spec?.defaultBackend !== undefined || spec?.backend !== undefined) return;
      const data = { ingress: qualifiedName(ing), defaultField };
      const rules = spec?.rules ?? [];
      if (rules.length === 0) {
        const at = spec === undefined ? refOf(ing.manifest, 'kind') : refOf(ing.manifest, 'spec');
        ctx.report({ messageId: 'noBackend', at, object: ing, data });
        return;
      }
      if (rules.some((r) => (r.http?.paths.length ?? 0) > 0)) return;
      ctx.report({ messageId: 'noPaths', at: refOf(ing.manifest, 'spec', 'rules'), object: ing, data: { ...data, hosts: rules.map((r) => r.host ?? '*').join(', ') } });
    },
  }),
});
