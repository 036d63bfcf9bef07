import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName } from '../../../src/model/index.js';
import { albActionOf } from '../../../src/model/lb/ingress.js';
import { albActionBackends, backendLabel, serviceBackends } from '../backends.js';

export default defineRule({
  id: 'ingress/backend-service-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report Ingress backends that name a Service not in the Ingress namespace, or an ALB action (`use-annotation`) the Ingress does not define',
      recommended: true,
    },
    messages: {
      serviceNotFound:
        'Ingress {{ingress}}: {{backend}} names Service {{service}}, which is not in the input. Requests routed there fail.',
      serviceInOtherNamespace:
        'Ingress {{ingress}}: {{backend}} names Service {{service}}, which is not in namespace {{namespace}} but in {{elsewhere}}. An Ingress backend can only name a Service in its own namespace.',
      actionNotFound:
        'Ingress {{ingress}}: {{backend}} uses port `use-annotation`, so it names the ALB action {{action}}, which the Ingress does not define. The AWS Load Balancer Controller answers those requests with a fixed 503 response ("Backend action does not exist").',
      actionServiceNotFound:
        'Ingress {{ingress}}: the ALB action {{action}} of {{backend}} forwards to Service {{service}}, which is not in the input. Requests routed there fail.',
    },
    remediation:
      'Point `service.name` (v1beta1: `serviceName`) at a Service in the same namespace as the Ingress, or add that Service. To reach a Service in another namespace, create the Ingress in that namespace, or use an ExternalName Service or the Gateway API with a ReferenceGrant. ' +
      'For an ALB backend with port `use-annotation`, add the annotation `alb.ingress.kubernetes.io/actions.<service.name>` with the action, or fix the name.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Ingress(ing) {
      for (const b of serviceBackends(ing, ctx.model)) {
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
      // ALB backends with port `use-annotation` name an action (enhanced_backend_builder.go buildActionViaAnnotation).
      const seen = new Set<string>(); // an action used by several paths is reported once
      for (const b of albActionBackends(ing, ctx.model)) {
        const action = albActionOf(ing, b.name);
        if (action.kind !== 'missing' && seen.has(action.key)) continue;
        seen.add(action.key);
        const data = { ingress: qualifiedName(ing), backend: backendLabel(b), action: action.key };
        if (action.kind === 'missing') {
          ctx.report({ messageId: 'actionNotFound', at: refOf(b.nameField.object, b.nameField.key), object: ing, key: action.key, data });
          continue;
        }
        if (action.kind !== 'action') continue; // JSON the controller cannot read: lb/invalid-annotation
        for (const target of action.services) {
          if (ctx.model.service(ing.namespace, target.name)) continue;
          ctx.report({
            messageId: 'actionServiceNotFound',
            at: action.at,
            object: ing,
            key: `${action.key}|${target.name}`,
            data: { ...data, service: `${ing.namespace}/${target.name}` },
            related: [{ at: refOf(b.nameField.object, b.nameField.key), message: `${backendLabel(b)}: port use-annotation` }],
          });
        }
      }
    },
  }),
});
