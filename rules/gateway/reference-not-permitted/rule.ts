import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName, qualifiedName, referencePermitted, serviceBackendRefs } from '../../../src/model/index.js';
import { serviceRelated } from '../refs.js';

export default defineRule({
  id: 'gateway/reference-not-permitted',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report cross-namespace backendRefs that no ReferenceGrant permits', recommended: true },
    messages: {
      notPermitted:
        '{{route}}: backendRef to Service {{service}} crosses from namespace {{from}} to {{to}}, and no ReferenceGrant in {{to}} lets {{kind}}s in {{from}} reference it. The reference is refused (RefNotPermitted) and requests routed to it fail.',
    },
    remediation:
      'Add a ReferenceGrant in the Service namespace with `from: [{group: gateway.networking.k8s.io, kind: <route kind>, namespace: <route namespace>}]` and `to: [{group: "", kind: Service, name: <service>}]` (leave `name` out to allow every Service there), or move the route or the Service so they share a namespace.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Route(route) {
      for (const b of serviceBackendRefs(route)) {
        if (referencePermitted(ctx.model.referenceGrants, route, b)) continue;
        const grants = ctx.model.referenceGrants.filter((g) => g.namespace === b.namespace);
        const related: RelatedLocation[] = [];
        const svc = ctx.model.service(b.namespace, b.name);
        if (svc) related.push(serviceRelated(svc));
        for (const g of grants) {
          related.push({ at: refOf(g.manifest, 'metadata', 'name'), message: `ReferenceGrant ${g.namespace}/${g.name}, which does not cover this reference` });
        }
        ctx.report({
          messageId: 'notPermitted',
          at: refOf(b.ref, 'namespace'),
          object: route,
          data: { route: displayName(route), service: qualifiedName(b), from: route.namespace, to: b.namespace, kind: route.kind },
          related,
        });
      }
    },
  }),
});
