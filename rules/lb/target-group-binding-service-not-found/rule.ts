import type { RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { bindingName, targetGroupBindings, targetGroupText, type TargetGroupBindingModel } from '../../../src/model/lb/target-group-binding.js';
import { protocolOf } from '../../../src/model/ports.js';
import { serviceTypeOf } from '../../../src/model/services.js';
import type { ServiceNode } from '../../../src/model/types.js';
import { allocatesNodePorts } from '../../service/shared.js';

export default defineRule({
  id: 'lb/target-group-binding-service-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        "Report TargetGroupBindings whose serviceRef names a Service not in the binding's namespace or a port the Service does not have, and instance bindings to a Service without node ports",
      recommended: true,
    },
    messages: {
      serviceNotFound:
        '{{binding}}: serviceRef names Service {{service}}, which is not in the input. The AWS Load Balancer Controller finds no backend ' +
        '("backend not found", a BackendNotFound event) and deregisters every target from {{targetGroup}}: the load balancer has nothing to send to.',
      serviceInOtherNamespace:
        '{{binding}}: serviceRef names Service {{service}}, which is not in namespace {{namespace}} but in {{elsewhere}}. serviceRef can only name a Service ' +
        "in the binding's own namespace: the controller finds no backend and deregisters every target from {{targetGroup}}.",
      portNotFound:
        '{{binding}}: serviceRef.port {{port}} is not a {{what}} of Service {{service}} (its ports: {{ports}}){{hint}}. The controller finds no backend ' +
        '("unable to find port {{port}} on service {{service}}", a BackendNotFound event) and deregisters every target from {{targetGroup}}.',
      noNodePort:
        '{{binding}}: target type instance registers the nodes on the node port of Service {{service}} port {{servicePort}}, but the Service is of type {{type}} and has no node ports; ' +
        "the controller fails (\"service type must be either 'NodePort' or 'LoadBalancer'\") and registers no targets in {{targetGroup}}.",
    },
    remediation:
      'Point `spec.serviceRef.name` at a Service in the namespace of the TargetGroupBinding (or create the binding in the Service’s namespace), and `spec.serviceRef.port` at one of its ports: ' +
      'a number is the Service `port` (not the targetPort), a string is the Service port `name`. With `targetType: instance` make the Service `type: NodePort` (or LoadBalancer), ' +
      'or use `targetType: ip` with a target group of type ip.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Model(model) {
      // Bindings the controller made for an Ingress, Service or Gateway follow their owner, which the ingress/ and lb/ rules check.
      for (const b of targetGroupBindings(model)) {
        if (b.generatedBy) continue;
        const common = { binding: bindingName(b), service: `${b.namespace}/${b.serviceRef.name}`, targetGroup: targetGroupText(b) };
        const svc = b.service;
        if (!svc) {
          reportMissingService(b, common);
          continue;
        }
        const port = b.servicePort;
        if (!port) {
          // Newer controllers make up a port for a number on an ExternalName Service (k8s.LookupServicePort).
          if (svc.manifest.spec?.type === 'ExternalName' && typeof b.serviceRef.port === 'number') continue;
          reportMissingPort(b, svc, common);
          continue;
        }
        if (b.targetType?.value !== 'instance' || allocatesNodePorts(svc)) continue;
        const type = serviceTypeOf(svc);
        ctx.report({
          messageId: 'noNodePort',
          at: b.targetType.at,
          object: b,
          data: { ...common, type, servicePort: `${port.port}/${protocolOf(port)}${port.name ? ` (${port.name})` : ''}` },
          related: [
            { at: b.serviceRef.nameAt, message: `serviceRef: Service ${common.service}` },
            serviceTypeRelated(svc, type),
          ],
        });
      }

      function reportMissingService(b: TargetGroupBindingModel, common: { binding: string; service: string; targetGroup: string }): void {
        // Services are sorted by id, so these come in namespace order.
        const others = model.services.filter((s) => s.name === b.serviceRef.name);
        if (others.length === 0) {
          ctx.report({ messageId: 'serviceNotFound', at: b.serviceRef.nameAt, object: b, data: common });
          return;
        }
        ctx.report({
          messageId: 'serviceInOtherNamespace',
          at: b.serviceRef.nameAt,
          object: b,
          data: { ...common, namespace: b.namespace, elsewhere: others.map((s) => s.namespace).join(', ') },
          related: others.map((s) => ({ at: refOf(s.manifest, 'metadata', 'name'), message: `Service ${s.namespace}/${s.name}` })),
        });
      }

      function reportMissingPort(b: TargetGroupBindingModel, svc: ServiceNode, common: { binding: string; service: string; targetGroup: string }): void {
        const ports = svc.manifest.spec?.ports ?? [];
        const ref = b.serviceRef.port;
        const byNumber = typeof ref === 'number';
        // The usual slip: the target port (or, for a name, a port number written as a string).
        const viaTarget = byNumber ? ports.find((p) => p.targetPort === ref) : undefined;
        const asNumber = !byNumber && /^\d+$/.test(ref) ? ports.find((p) => p.port === Number(ref)) : undefined;
        const hint = viaTarget
          ? `; ${ref} is the targetPort of port ${viaTarget.port}, and serviceRef.port names the Service port`
          : asNumber
            ? `; "${ref}" is a string, so it is read as a port name, not as port ${asNumber.port}`
            : '';
        const listed = ports.map((p) => (p.name ? `${p.port} (${p.name})` : `${p.port}`));
        const related: RelatedLocation[] = [
          { at: b.serviceRef.nameAt, message: `serviceRef: Service ${common.service}` },
          ...ports.flatMap((p) => {
            const at = maybeRefOf(p, byNumber ? 'port' : p.name !== undefined ? 'name' : 'port');
            return at ? [{ at, message: `Service ${common.service} port ${p.port}${p.name ? ` (${p.name})` : ''}` }] : [];
          }),
        ];
        if (ports.length === 0) related.push({ at: maybeRefOf(svc.manifest, 'metadata', 'name') ?? svc.object.at, message: `Service ${common.service}: no ports` });
        ctx.report({
          messageId: 'portNotFound',
          at: b.serviceRef.portAt,
          object: b,
          data: { ...common, port: String(ref), what: byNumber ? 'port number' : 'port name', ports: listed.length > 0 ? listed.join(', ') : 'none', hint },
          related,
        });
      }
    },
  }),
});

/** The Service's `type` field, or its name when the type is the ClusterIP default. */
function serviceTypeRelated(svc: ServiceNode, type: string): RelatedLocation {
  const spec = svc.manifest.spec;
  const at = (spec?.type !== undefined && spec ? maybeRefOf(spec, 'type') : undefined) ?? maybeRefOf(svc.manifest, 'metadata', 'name') ?? svc.object.at;
  return { at, message: `Service ${svc.namespace}/${svc.name}: type ${type}${spec?.type === undefined ? ' (the default)' : ''}` };
}
