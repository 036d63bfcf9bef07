import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName, podContainers, podPorts, protocolOf, qualifiedName, serviceTypeOf, SERVING_CONTAINERS } from '../../../src/model/index.js';
import { describePorts, portLabel, workloadRelated } from '../shared.js';

export default defineRule({
  id: 'service/target-port-unresolved',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report named targetPorts that a selected workload does not declare as a container port', recommended: true },
    messages: {
      unresolved:
        'Service {{service}}: targetPort {{targetPort}} of port {{port}} names no {{protocol}} container port of {{workload}} ({{declared}}), ' +
        'so the endpoints controller leaves its pods out of the endpoints of this port.',
      wrongProtocol:
        'Service {{service}}: targetPort {{targetPort}} of port {{port}} is {{protocol}}, but {{workload}} declares {{targetPort}} for {{declaredProtocol}} only, ' +
        'so the endpoints controller leaves its pods out of the endpoints of this port.',
    },
    remediation:
      'Name the container port in the pod template (`ports: [{name: <targetPort>, containerPort: …, protocol: …}]` on a container or a ' +
      '`restartPolicy: Always` sidecar), with the protocol of the Service port, or set targetPort to a name or number the pods declare.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Service(svc) {
      if (serviceTypeOf(svc) === 'ExternalName') return;
      const backends = ctx.model.backendsOf(svc);
      if (backends.length === 0) return;
      for (const port of svc.manifest.spec?.ports ?? []) {
        const name = port.targetPort;
        if (typeof name !== 'string') continue;
        const protocol = protocolOf(port);
        for (const w of backends) {
          const declared = podPorts(podContainers(w.template.spec, SERVING_CONTAINERS));
          const named = declared.filter((p) => p.name === name);
          if (named.some((p) => p.protocol === protocol)) continue;
          const base = {
            at: refOf(port, 'targetPort'),
            object: svc,
            key: w.id,
            related: workloadRelated(w, `${displayName(w)}: the containers whose ports were searched`),
          };
          const common = { service: qualifiedName(svc), targetPort: name, port: portLabel(port), protocol, workload: displayName(w) };
          if (named.length > 0) {
            const declaredProtocol = [...new Set(named.map((p) => p.protocol))].join('/');
            ctx.report({ ...base, messageId: 'wrongProtocol', data: { ...common, declaredProtocol } });
          } else {
            const withNames = declared.filter((p) => p.name !== undefined);
            let list = withNames.length > 0 ? `its named ports: ${describePorts(withNames)}` : 'it declares no named ports';
            // A common slip: the name is on an ordinary init container, which has exited before the pod serves.
            const initOnly = podContainers(w.template.spec, { containers: false, sidecars: false }).filter((c) => podPorts([c]).some((p) => p.name === name));
            if (initOnly.length > 0) list += `; init container ${initOnly.map((c) => c.container.name).join(', ')} names it but is not a restartPolicy Always sidecar`;
            ctx.report({ ...base, messageId: 'unresolved', data: { ...common, declared: list } });
          }
        }
      }
    },
  }),
});
