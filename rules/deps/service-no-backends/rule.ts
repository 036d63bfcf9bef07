import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf } from '../../../src/core/source.js';
import { depsOptionsOf } from '../../../src/deps/options.js';
import { declaredDependencies, type Dependency } from '../../../src/deps/infer.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { SERVICE_NAME_LABEL } from '../../../src/model/build.js';
import { displayName, qualifiedName } from '../../../src/model/identity.js';
import { podContainers, podPorts, protocolOf, SERVING_CONTAINERS } from '../../../src/model/ports.js';
import { formatSelector } from '../../../src/model/selectors.js';
import type { ServiceNode, Workload } from '../../../src/model/types.js';
import { configMapRelated, dependencyKey, referenceText } from '../shared.js';
import { whyNoBackends, type IdleBackend, type NoBackends } from '../../../src/deps/backends.js';
import { isHeadless } from '../../../src/model/services.js';
import { describeNearMiss, describePorts, nearMissRelated, workloadRelated } from '../../service/shared.js';

export default defineRule({
  id: 'deps/service-no-backends',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report configuration values that call a Service which has no backends to answer',
      recommended: true,
    },
    messages: {
      selectorMatchesNothing:
        '{{workload}}: {{via}} names {{reference}}, Service {{service}}, whose selector {{selector}} matches the pod labels of no workload in namespace {{namespace}}; ' +
        'the Service has no endpoints, so {{outcome}}.',
      selectorNearMiss:
        '{{workload}}: {{via}} names {{reference}}, Service {{service}}, whose selector {{selector}} matches the pod labels of no workload in namespace {{namespace}} ' +
        '(closest: {{closest}}); the Service has no endpoints, so {{outcome}}.',
      scaledToZero:
        '{{workload}}: {{via}} names {{reference}}, Service {{service}}, whose selector {{selector}} matches only workloads that run no pods: {{idle}}; ' +
        'the Service has no endpoints, so {{outcome}}.',
      noEndpoints:
        '{{workload}}: {{via}} names {{reference}}, Service {{service}}, which has no selector, and the input has no Endpoints {{name}} and no EndpointSlice labelled {{label}}; ' +
        'the Service has no endpoints, so {{outcome}}.',
      noReadyEndpoints:
        '{{workload}}: {{via}} names {{reference}}, Service {{service}}, which has no selector, and no address in {{listed}} is ready; ' +
        'the Service has no endpoints, so {{outcome}}.',
      targetPortUnresolved:
        '{{workload}}: {{via}} names {{reference}}, port {{port}} of Service {{service}}, whose targetPort {{targetPort}} names no {{protocol}} container port of {{backends}}; ' +
        'the endpoints controller leaves every pod out of that port, so {{outcome}}.',
    },
    remediation:
      "Give the Service backends that run: make its `spec.selector` pairs appear in the pod template labels of the workload that serves it, scale that workload above zero " +
      "(`spec.replicas`; an HPA does not revive a target at 0), name its container port as the Service's `targetPort` says, or — for a Service without a selector — ship the " +
      'EndpointSlice (labelled `kubernetes.io/service-name`) or Endpoints that list its ready addresses. If the backends are deployed from other manifests, lint them together.',
    defaultOptions: {},
    precision: 'high',
  },
  create: (ctx) => ({
    Model(model) {
      for (const dep of declaredDependencies(model, depsOptionsOf(ctx.config))) {
        if (dep.target.kind !== 'service' || !dep.workload.object) continue;
        const svc = dep.target.service;
        // A port the Service does not expose is deps/port-not-exposed's finding (a headless Service has no port to miss).
        if (dep.reference.port !== undefined && !dep.servicePort && !isHeadless(svc)) continue;
        const why = whyNoBackends(model, svc, dep.servicePort);
        if (why) report(dep, svc, why);
      }

      function report(dep: Dependency, svc: ServiceNode, why: NoBackends): void {
        const base = { at: dep.at, object: dep.workload, key: dependencyKey(dep) };
        const data = {
          workload: displayName(dep.workload),
          via: dep.value.via,
          reference: referenceText(dep),
          service: qualifiedName(svc),
          // kube-proxy installs a REJECT rule for a Service port without endpoints; a headless name has no A records.
          outcome: isHeadless(svc) ? 'its name resolves to no address' : 'connections to it are refused',
        };
        const related = (...rest: RelatedLocation[]) => [...configMapRelated(model, dep), ...rest];
        const spec = svc.manifest.spec;
        const selectorAt = (selector: string) => ({ at: refOf(spec!, 'selector'), message: `Service ${data.service}: selector ${selector}` });
        switch (why.kind) {
          case 'selector-matches-nothing': {
            const selector = formatSelector(why.selector);
            const common = { ...data, selector, namespace: svc.namespace };
            if (why.closest.length === 0) ctx.report({ ...base, messageId: 'selectorMatchesNothing', data: common, related: related(selectorAt(selector)) });
            else
              ctx.report({
                ...base,
                messageId: 'selectorNearMiss',
                data: { ...common, closest: why.closest.map(describeNearMiss).join('; ') },
                related: related(selectorAt(selector), ...why.closest.flatMap(nearMissRelated)),
              });
            return;
          }
          case 'scaled-to-zero': {
            const selector = formatSelector(why.selector);
            ctx.report({
              ...base,
              messageId: 'scaledToZero',
              data: { ...data, selector, idle: why.idle.map(describeIdle).join('; ') },
              related: related(selectorAt(selector), ...why.idle.flatMap(idleRelated)),
            });
            return;
          }
          case 'no-endpoints': {
            const serviceAt = { at: spec ? refOf(svc.manifest, 'spec') : refOf(svc.manifest, 'metadata', 'name'), message: `Service ${data.service}: no selector` };
            const listed = [...(why.endpoints ? [why.endpoints] : []), ...why.slices];
            if (listed.length === 0) {
              ctx.report({ ...base, messageId: 'noEndpoints', data: { ...data, name: svc.name, label: `${SERVICE_NAME_LABEL}=${svc.name}` }, related: related(serviceAt) });
              return;
            }
            const names = listed.map((e) => `${e === why.endpoints ? 'Endpoints' : 'EndpointSlice'} ${e.name}`);
            ctx.report({
              ...base,
              messageId: 'noReadyEndpoints',
              data: { ...data, listed: `its ${names.join(', ')}` },
              related: related(serviceAt, ...listed.map((e, i) => ({ at: refOf(e.manifest, 'metadata', 'name'), message: `${names[i]}: no ready address` }))),
            });
            return;
          }
          case 'target-port-unresolved': {
            const protocol = protocolOf(why.port);
            ctx.report({
              ...base,
              messageId: 'targetPortUnresolved',
              data: {
                ...data,
                port: why.port.name ? `${why.port.port} (${why.port.name})` : why.port.port,
                targetPort: why.name,
                protocol,
                backends: why.backends.map((w) => `${displayName(w)} (${namedPorts(w)})`).join(', '),
              },
              related: related(
                { at: refOf(why.port, 'targetPort'), message: `Service ${data.service} port ${why.port.port}: targetPort ${why.name}` },
                ...why.backends.flatMap((w) => workloadRelated(w, `${displayName(w)}: the containers whose ports were searched for ${why.name}`)),
              ),
            });
            return;
          }
        }
      }
    },
  }),
});

function describeIdle(b: IdleBackend): string {
  const hpas = b.pausedHpas.map((h) => `HorizontalPodAutoscaler ${qualifiedName(h)}`);
  const paused = hpas.length > 0 ? ` (${hpas.join(', ')} stays inactive while the target is at 0 replicas)` : '';
  return `${displayName(b.workload)} has ${b.field} 0${paused}`;
}

function idleRelated(b: IdleBackend): RelatedLocation[] {
  const out: RelatedLocation[] = b.at ? [{ at: b.at, message: `${displayName(b.workload)}: ${b.field} 0` }] : [];
  for (const h of b.pausedHpas)
    out.push({ at: refOf(h.manifest.spec, 'scaleTargetRef'), message: `HorizontalPodAutoscaler ${qualifiedName(h)}: inactive while its target is at 0 replicas` });
  return out;
}

/** `named ports: http 8080/TCP`, or `no named ports`. */
function namedPorts(w: Workload): string {
  const named = podPorts(podContainers(w.template.spec, SERVING_CONTAINERS)).filter((p) => p.name !== undefined);
  return named.length === 0 ? 'no named ports' : `named ports: ${describePorts(named)}`;
}
