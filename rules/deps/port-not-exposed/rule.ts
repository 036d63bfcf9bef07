import { refOf } from '../../../src/core/source.js';
import { depsOptionsOf, type DepsOptions } from '../../../src/deps/options.js';
import { declaredDependencies, type Dependency } from '../../../src/deps/infer.js';
import { clusterLabels } from '../../../src/deps/reference.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName } from '../../../src/model/identity.js';
import { podContainers, podPorts } from '../../../src/model/ports.js';
import { formatServicePorts, isHeadless, serviceTypeOf } from '../../../src/model/services.js';
import type { Model, ServiceNode } from '../../../src/model/types.js';
import { configMapRelated, dependencyKey, referenceText } from '../shared.js';

export default defineRule({
  id: 'deps/port-not-exposed',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report configuration values that call a Service on a port the Service does not expose',
      recommended: true,
    },
    messages: {
      portNotExposed:
        '{{workload}}: {{via}} names {{reference}}, {{port}} of Service {{service}}, which exposes {{ports}}; no Service port matches, so kube-proxy forwards nothing and the connection is refused or times out.',
      targetPortCalled:
        '{{workload}}: {{via}} names {{reference}}, {{port}} of Service {{service}}, which exposes {{ports}}; {{number}} is the targetPort of Service port {{servicePort}}, the container port behind it: through the Service, call port {{servicePort}}.',
    },
    remediation:
      'Call the Service on one of its `spec.ports[].port` values (kube-proxy translates it to the targetPort), or add a Service port for the number the clients use. ' +
      'For a URL without a port, the scheme\'s default port is used: state the port in the URL when the Service exposes another one.',
    defaultOptions: {},
    precision: 'high',
  },
  create: (ctx) => ({
    Model(model) {
      const options = depsOptionsOf(ctx.config);
      for (const dep of declaredDependencies(model, options)) {
        const number = dep.reference.port;
        if (dep.target.kind !== 'service' || number === undefined || dep.servicePort || !dep.workload.object) continue;
        const svc = dep.target.service;
        if (!forwardsByServicePort(svc) || namesPod(dep, options)) continue;
        const data = {
          workload: displayName(dep.workload),
          via: dep.value.via,
          reference: referenceText(dep),
          port: dep.reference.portStated ? `port ${number}` : `port ${number} (the default of ${dep.reference.scheme ?? 'its scheme'}://, none is stated)`,
          service: `${svc.namespace}/${svc.name}`,
          ports: formatServicePorts(svc),
        };
        const ports = svc.manifest.spec?.ports ?? [];
        const related = [
          ...configMapRelated(model, dep),
          ...(ports.length > 0
            ? ports.map((p) => ({ at: refOf(p, 'port'), message: `Service ${data.service} port ${p.port}${p.name ? ` (${p.name})` : ''}` }))
            : [{ at: refOf(svc.manifest, 'metadata', 'name'), message: `Service ${data.service}: no ports` }]),
        ];
        const base = { at: dep.at, object: dep.workload, key: dependencyKey(dep), related };
        const behind = ports.find((p) => targetsNumber(model, svc, p, number));
        if (behind) ctx.report({ ...base, messageId: 'targetPortCalled', data: { ...data, number, servicePort: behind.port } });
        else ctx.report({ ...base, messageId: 'portNotExposed', data });
      }
    },
  }),
});

/**
 * Only a Service with a cluster IP forwards by Service port. A headless Service's name resolves to the pod IPs, which
 * are called directly on any port; an ExternalName Service is a DNS alias (CNAME) whose ports nothing enforces.
 */
function forwardsByServicePort(svc: ServiceNode): boolean {
  return serviceTypeOf(svc) !== 'ExternalName' && !isHeadless(svc);
}

/**
 * `pod.service.ns.svc[.<cluster domain>]`: a single pod's own address, called on its container port, not through the
 * Service. The cluster domains are netreach.yaml's `dependencies.clusterDomains` (cluster.local by default).
 */
function namesPod(dep: Dependency, options: DepsOptions): boolean {
  return clusterLabels(dep.reference.host.replace(/\.$/, '').toLowerCase(), options.clusterDomains)?.length === 3;
}

/** Whether the Service port forwards to `number`: a numeric targetPort, or a named one a backend declares with that number. */
function targetsNumber(model: Model, svc: ServiceNode, p: ServicePort, number: number): boolean {
  const target = p.targetPort ?? p.port; // targetPort defaults to port
  if (typeof target === 'number') return target === number;
  return model.backendsOf(svc).some((w) => podPorts(podContainers(w.template.spec)).some((c) => c.port.name === target && c.containerPort === number));
}
