import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName, podContainers, podPorts, protocolOf, qualifiedName, serviceTypeOf, SERVING_CONTAINERS } from '../../../src/model/index.js';
import { describePorts, portLabel, workloadRelated } from '../shared.js';

export default defineRule({
  id: 'service/target-port-not-declared',
  meta: {
    type: 'suggestion',
    severity: 'warning',
    docs: {
      description: 'Report numeric targetPorts that a selected workload, which declares its ports, does not declare',
      recommended: true,
    },
    messages: {
      notDeclared:
        'Service {{service}}: port {{port}} forwards to {{target}}, which {{workload}} does not declare as a containerPort (it declares {{declared}}). ' +
        'Traffic still goes to that port, but readers and tools trust the declared list: declare the port, or correct targetPort if the pods listen elsewhere.',
      wrongProtocol:
        'Service {{service}}: port {{port}} forwards to {{target}}, but {{workload}} declares containerPort {{number}} for {{declaredProtocol}} only. ' +
        'Traffic still goes to that port, but readers and tools trust the declared list: check the protocol on both sides.',
    },
    remediation:
      'Add the port to the container that listens on it (`ports: [{containerPort: …, protocol: …}]`), or set the Service port\'s ' +
      '`targetPort` (and `protocol`) to what the pods declare. Declaring ports is informational for the kubelet, but reviewers, ' +
      'named-port resolution and analyzers rely on it.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Service(svc) {
      if (serviceTypeOf(svc) === 'ExternalName') return;
      const backends = ctx.model.backendsOf(svc);
      if (backends.length === 0) return;
      for (const port of svc.manifest.spec?.ports ?? []) {
        if (typeof port.targetPort === 'string') continue;
        const number = port.targetPort ?? port.port;
        const protocol = protocolOf(port);
        const target =
          port.targetPort === undefined ? `${number}/${protocol} (targetPort is unset and defaults to port)` : `targetPort ${number}/${protocol}`;
        for (const w of backends) {
          const declared = podPorts(podContainers(w.template.spec, SERVING_CONTAINERS));
          // Declaring ports is optional: a workload that declares none tells us nothing.
          if (declared.length === 0) continue;
          const same = declared.filter((p) => p.containerPort === number);
          if (same.some((p) => p.protocol === protocol)) continue;
          const base = {
            at: port.targetPort === undefined ? refOf(port, 'port') : refOf(port, 'targetPort'),
            object: svc,
            key: w.id,
            related: workloadRelated(w, `${displayName(w)}: the containers whose ports were checked`),
          };
          const common = { service: qualifiedName(svc), port: portLabel(port), target, workload: displayName(w) };
          if (same.length > 0) {
            const declaredProtocol = [...new Set(same.map((p) => p.protocol))].join('/');
            ctx.report({ ...base, messageId: 'wrongProtocol', data: { ...common, number, declaredProtocol } });
          } else {
            ctx.report({ ...base, messageId: 'notDeclared', data: { ...common, declared: describePorts(declared) } });
          }
        }
      }
    },
  }),
});
