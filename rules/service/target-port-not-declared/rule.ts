import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { describePorts, portLabel, protocolOf, serviceName, serviceTypeOf, servingPorts, workloadName, workloadRelated } from '../shared.js';

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
          const declared = servingPorts(w);
          // Declaring ports is optional: a workload that declares none tells us nothing.
          if (declared.length === 0) continue;
          const same = declared.filter((p) => p.port.containerPort === number);
          if (same.some((p) => protocolOf(p.port) === protocol)) continue;
          const base = {
            at: port.targetPort === undefined ? refOf(port, 'port') : refOf(port, 'targetPort'),
            object: svc,
            key: w.id,
            related: workloadRelated(w, `${workloadName(w)}: the containers whose ports were checked`),
          };
          const common = { service: serviceName(svc), port: portLabel(port), target, workload: workloadName(w) };
          if (same.length > 0) {
            const declaredProtocol = [...new Set(same.map((p) => protocolOf(p.port)))].join('/');
            ctx.report({ ...base, messageId: 'wrongProtocol', data: { ...common, number, declaredProtocol } });
          } else {
            ctx.report({ ...base, messageId: 'notDeclared', data: { ...common, declared: describePorts(declared) } });
          }
        }
      }
    },
  }),
});
