import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName, formatServicePorts, qualifiedName, serviceBackendRefs, serviceTypeOf } from '../../../src/model/index.js';
import { serviceRelated, servicesElsewhere } from '../refs.js';

export default defineRule({
  id: 'gateway/backend-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report route backendRefs to a Service that does not exist, or without a port it exposes', recommended: true },
    messages: {
      serviceNotFound: '{{route}}: backendRef names Service {{service}}, which is not in the input. Requests routed to it fail.',
      serviceInOtherNamespace:
        '{{route}}: backendRef names Service {{service}}, which is not in namespace {{namespace}} but in {{elsewhere}}. backendRef.namespace defaults to the route namespace.',
      portRequired:
        '{{route}}: backendRef to Service {{service}} has no port. A Service backendRef must name the Service port ("Must have port for Service reference").',
      portNotFound: '{{route}}: backendRef uses port {{port}} of Service {{service}}, which exposes {{ports}}. Requests routed to it fail.',
      targetPortUsed:
        '{{route}}: backendRef uses port {{port}} of Service {{service}}, but {{port}} is the targetPort of its port {{servicePort}}. A backendRef names the Service port, not the container port.',
    },
    remediation:
      'Point the backendRef at an existing Service (`namespace` defaults to the route namespace) and set `port` to one of its `spec.ports[].port` values, not a `targetPort`.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Route(route) {
      for (const b of serviceBackendRefs(route)) {
        const data = { route: displayName(route), service: qualifiedName(b) };
        const nameAt = refOf(b.ref, 'name');
        // The CRD rejects a Service reference without a port, whether or not the Service exists.
        if (b.port === undefined) ctx.report({ messageId: 'portRequired', at: nameAt, object: route, data });
        const svc = ctx.model.service(b.namespace, b.name);
        if (!svc) {
          const others = servicesElsewhere(ctx.model, b.namespace, b.name);
          if (others.length === 0) ctx.report({ messageId: 'serviceNotFound', at: nameAt, object: route, data });
          else {
            ctx.report({
              messageId: 'serviceInOtherNamespace',
              at: nameAt,
              object: route,
              data: { ...data, namespace: b.namespace, elsewhere: others.map((s) => s.namespace).join(', ') },
              related: others.map(serviceRelated),
            });
          }
          continue;
        }
        const port = b.port;
        // ExternalName Services are DNS aliases (Implementation-specific support): their ports are not checked.
        if (port === undefined || serviceTypeOf(svc) === 'ExternalName') continue;
        const ports = svc.manifest.spec?.ports ?? [];
        if (ports.some((p) => p.port === port)) continue;
        const related = [{ at: refOf(svc.manifest, 'spec', 'ports'), message: `ports of Service ${data.service}` }];
        const target = ports.find((p) => p.targetPort === port);
        if (target) {
          ctx.report({ messageId: 'targetPortUsed', at: refOf(b.ref, 'port'), object: route, data: { ...data, port, servicePort: target.port }, related });
        } else {
          ctx.report({
            messageId: 'portNotFound',
            at: refOf(b.ref, 'port'),
            object: route,
            data: { ...data, port, ports: formatServicePorts(svc) },
            related,
          });
        }
      }
    },
  }),
});
