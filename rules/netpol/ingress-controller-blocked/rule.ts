import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf, type SourceRef } from '../../../src/core/source.js';
import type { ConnSet } from '../../../src/engine/conn-set.js';
import { targetConn } from '../../../src/engine/reachability.js';
import type * as M from '../../../src/loader/schemas/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { referencePermitted, displayName, ingressBackends, protocolOf, qualifiedName, serviceBackendRefs, serviceTypeOf } from '../../../src/model/index.js';
import { albClassOf } from '../../../src/model/lb/index.js';
import type { IngressNode, RouteNode, ServiceNode } from '../../../src/model/types.js';
import { connText, controllerText, policyList, policyRelated, reachOf, type EngineInput, workloadName, workloadRelated } from '../engine.js';

export default defineRule({
  id: 'netpol/ingress-controller-blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report Ingress and Gateway route backends that the ingress controller cannot reach because of NetworkPolicies', recommended: true },
    messages: {
      blocked:
        '{{source}}: the ingress controller cannot reach {{backend}}: Service {{service}} port {{servicePort}} goes to {{blocked}} on {{workload}}, ' +
        'whose ingress is isolated by {{policies}}, and no ingress rule admits the controller ({{controller}}) there.',
    },
    remediation:
      "Allow the controller in the backend pods' ingress: a rule with `from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: <controller namespace>}}, " +
      'podSelector: {matchLabels: <controller labels>}}]` and the target port (policies see the backend pod and its targetPort, after DNAT). ' +
      'Tell netreach who the controller is with `ingressController: {namespace, labels}` in netreach.yaml.',
    defaultOptions: {},
  },
  create: (ctx) => {
    const check = (source: IngressNode | RouteNode, sourceName: string, backend: string, svc: ServiceNode | undefined, ports: (p: M.ServicePort) => boolean, at: SourceRef) => {
      if (!svc || serviceTypeOf(svc) === 'ExternalName') return; // missing Services and ports are ingress/… and gateway/… findings
      for (const port of svc.manifest.spec?.ports ?? []) {
        if (!ports(port)) continue;
        for (const w of ctx.model.backendsOf(svc)) {
          const blocked = blockedConn(ctx, w.id, targetConn(port, w));
          if (!blocked) continue;
          const related: RelatedLocation[] = [
            { at: refOf(svc.manifest, 'metadata', 'name'), message: `Service ${qualifiedName(svc)}` },
            ...workloadRelated(w),
            ...blocked.isolatedBy.map((p) => policyRelated(p, `NetworkPolicy ${qualifiedName(p.node)} isolates the ingress of ${workloadName(w)}`)),
          ];
          ctx.report({
            messageId: 'blocked',
            at,
            object: source,
            key: `${w.id}|${port.port}/${protocolOf(port)}`,
            related,
            data: {
              source: sourceName,
              backend,
              service: qualifiedName(svc),
              servicePort: `${port.port}/${protocolOf(port)}${port.name ? ` (${port.name})` : ''}`,
              blocked: connText(blocked.conn),
              workload: workloadName(w),
              policies: policyList(blocked.isolatedBy),
              controller: controllerText(ctx.config),
            },
          });
        }
      }
    };
    return {
      Ingress(ing) {
        // An ALB Ingress has no controller pod in the data path: the ALB connects from its subnets (lb/backend-blocked).
        if (albClassOf(ctx.model, ing)) return;
        for (const b of ingressBackends(ing)) {
          if (!b.port) continue;
          const port = b.port;
          const where = b.rule ? `the backend for ${b.rule.host ?? '*'}${b.rule.path ?? ''}` : 'the default backend';
          // Ingress controllers proxy HTTP(S): TCP Service ports only.
          const matches = (p: M.ServicePort) => protocolOf(p) === 'TCP' && (port.kind === 'number' ? p.port === port.value : p.name === port.value);
          check(ing, `Ingress ${qualifiedName(ing)}`, where, ctx.model.service(b.namespace, b.name), matches, refOf(b.nameField.object, b.nameField.key));
        }
      },
      Route(route) {
        for (const b of serviceBackendRefs(route)) {
          // A reference no ReferenceGrant permits carries no traffic: gateway/reference-not-permitted reports it.
          if (b.port === undefined || !referencePermitted(ctx.model.referenceGrants, route, b)) continue;
          const where = `${b.via === 'requestMirror' ? 'the mirror backendRef' : 'backendRef'} ${qualifiedName(b)}`;
          // A UDPRoute forwards UDP; every other route kind (HTTP, gRPC, TLS, TCP) forwards over TCP.
          const protocol = route.kind === 'UDPRoute' ? 'UDP' : 'TCP';
          const matches = (p: M.ServicePort) => protocolOf(p) === protocol && p.port === b.port;
          check(route, displayName(route), where, ctx.model.service(b.namespace, b.name), matches, refOf(b.ref, 'name'));
        }
      },
    };
  },
});

/** What of `wanted` the backend's ingress policies refuse the ingress controller, with the isolating policies; undefined when nothing. */
function blockedConn(ctx: EngineInput, workloadId: string, wanted: ConnSet) {
  if (wanted.isEmpty()) return undefined; // a named targetPort that resolves nowhere: service/target-port-unresolved
  const engine = reachOf(ctx).engine;
  const dst = engine.classOf(workloadId);
  if (!dst) return undefined;
  // Both sides: the backend's ingress policies, and the controller's own egress policies when its namespace has them.
  const ingress = engine.ingress(dst, engine.ingressController);
  const egress = engine.egress(engine.ingressController, dst);
  const conn = wanted.subtract(ingress.allowed.intersect(egress.allowed));
  if (conn.isEmpty()) return undefined;
  const blocking = [...(conn.overlaps(ingress.allowed.complement()) ? ingress.isolatedBy : []), ...(conn.overlaps(egress.allowed.complement()) ? egress.isolatedBy : [])];
  return { conn, isolatedBy: blocking };
}
