import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { formatServicePorts, qualifiedName, serviceTypeOf } from '../../../src/model/index.js';
import { backendLabel, serviceBackends, servicePortsAt } from '../backends.js';

export default defineRule({
  id: 'ingress/backend-port-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report Ingress backends that use a port their Service does not expose', recommended: true },
    messages: {
      portNumberNotFound:
        'Ingress {{ingress}}: {{backend}} uses port {{port}} of Service {{service}}, which exposes {{ports}}. Requests routed there fail.',
      portNameNotFound:
        'Ingress {{ingress}}: {{backend}} uses the port named {{port}} of Service {{service}}, which exposes {{ports}}. Requests routed there fail.',
      targetPortUsed:
        'Ingress {{ingress}}: {{backend}} uses port {{port}} of Service {{service}}, but {{port}} is the targetPort of its port {{servicePort}}. An Ingress backend names the Service port, not the container port.',
    },
    remediation:
      'Set `service.port.number` to one of the Service `spec.ports[].port` values (not a `targetPort`), or `service.port.name` to one of its `spec.ports[].name` values; v1beta1 `servicePort` takes either. Or add the port to the Service.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Ingress(ing) {
      for (const b of serviceBackends(ing, ctx.model)) {
        const svc = ctx.model.service(b.namespace, b.name);
        // A missing Service is ingress/backend-service-not-found; ExternalName ports are the controller's business.
        if (!svc || !b.port || serviceTypeOf(svc) === 'ExternalName') continue;
        const ports = svc.manifest.spec?.ports ?? [];
        const port = b.port;
        if (port.kind === 'number' ? ports.some((p) => p.port === port.value) : ports.some((p) => p.name === port.value)) continue;
        const data = { ingress: qualifiedName(ing), backend: backendLabel(b), service: qualifiedName(svc), port: port.value };
        const related = [{ at: servicePortsAt(svc), message: `ports of Service ${data.service}` }];
        const at = refOf(port.field.object, port.field.key);
        const target = ports.find((p) => p.targetPort === port.value);
        if (target) {
          ctx.report({ messageId: 'targetPortUsed', at, object: ing, data: { ...data, servicePort: target.port }, related });
        } else {
          ctx.report({
            messageId: port.kind === 'number' ? 'portNumberNotFound' : 'portNameNotFound',
            at,
            object: ing,
            data: { ...data, ports: formatServicePorts(svc) },
            related,
          });
        }
      }
    },
  }),
});
