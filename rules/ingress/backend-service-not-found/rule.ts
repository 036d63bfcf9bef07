import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName } from '../../../src/model/index.js';
import { backendLabel, serviceBackends } from '../backends.js';

export default defineRule({
  id: 'ingress/backend-service-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report Ingress backends that name a Service not in the Ingress namespace', recommended: true },
    messages: {
      serviceNotFound:
        'Ingress {{ingress}}: {{backend}} names Service {{service}}, which is not in the input. Requests routed there fail.',
      serviceInOtherNamespace:
        'Ingress {{ingress}}: {{backend}} names Service {{service}}, which is not in namespace {{namespace}} but in {{elsewhere}}. An Ingress backend can only name a Service in its own namespace.',
    },
    remediation:
      'Point `service.name` (v1beta1: `serviceName`) at a Service in the same namespace as the Ingress, or add that Service. To reach a Service in another namespace, create the Ingress in that namespace, or use an ExternalName Service or the Gateway API with a ReferenceGrant.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Ingress(ing) {
      for (const b of serviceBackends(ing)) {
        if (ctx.model.service(b.namespace, b.name)) continue;
        const data = { ingress: qualifiedName(ing), backend: backendLabel(b), service: qualifiedName(b) };
        const nameAt = refOf(b.nameField.object, b.nameField.key);
        // Services are sorted by id, so these come in namespace order.
        const others = ctx.model.services.filter((s) => s.name === b.name);
        if (others.length === 0) {
          ctx.report({ messageId: 'serviceNotFound', at: nameAt, object: ing, data });
          continue;
        }
        ctx.report({
          messageId: 'serviceInOtherNamespace',
          at: nameAt,
          object: ing,
          data: { ...data, namespace: b.namespace, elsewhere: others.map((s) => s.namespace).join(', ') },
          related: others.map((s) => ({ at: refOf(s.manifest, 'metadata', 'name'), message: `Service ${qualifiedName(s)}` })),
        });
      }
    },
  }),
});
