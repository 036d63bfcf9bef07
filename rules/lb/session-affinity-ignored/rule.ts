import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { preservation } from '../../../src/engine/lb/sources.js';
import type { LbTargetGroup, LoadBalancer } from '../../../src/model/lb/types.js';
import type { ServiceNode } from '../../../src/model/types.js';
import { reconciledLoadBalancers } from '../common.js';

const ALB_STICKY = 'alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=true,stickiness.type=lb_cookie with alb.ingress.kubernetes.io/target-type: ip';
const NLB_STICKY = 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: stickiness.enabled=true,stickiness.type=source_ip';

export default defineRule({
  id: 'lb/session-affinity-ignored',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: {
      description:
        "Report Services with sessionAffinity ClientIP behind a load balancer that makes kube-proxy's affinity useless: ip targets, or targets that see the load balancer's address instead of the client's",
      recommended: true,
    },
    messages: {
      bypassed:
        'Service {{service}}: sessionAffinity ClientIP has no effect on traffic through {{lb}} — with target type ip the load balancer sends straight to the pods, ' +
        'and kube-proxy, which keeps the affinity, is not on the path; clients are spread over the pods. Use the load balancer\'s stickiness instead: {{fix}}.',
      proxied:
        "Service {{service}}: sessionAffinity ClientIP does not pin clients behind {{lb}} — {{why}}, so kube-proxy sees the load balancer's addresses and pins " +
        "each load balancer node, not each client, to a pod. Use the load balancer's stickiness instead: {{fix}}.",
    },
    remediation:
      "Let the load balancer keep sessions: an ALB with target type ip and `stickiness.enabled=true,stickiness.type=lb_cookie` in " +
      '`alb.ingress.kubernetes.io/target-group-attributes` (the controller documents sticky sessions for target type ip); an NLB with ' +
      '`stickiness.enabled=true,stickiness.type=source_ip` in `service.beta.kubernetes.io/aws-load-balancer-target-group-attributes`. Then drop ' +
      '`sessionAffinity: ClientIP`, or keep it for in-cluster clients only.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      for (const lb of reconciledLoadBalancers(model, ctx.config)) {
        const done = new Set<string>();
        for (const tg of lb.targetGroups) {
          const svc = tg.service;
          if (!svc || (svc.manifest.spec as { sessionAffinity?: unknown } | undefined)?.sessionAffinity !== 'ClientIP') continue;
          if (done.has(svc.id)) continue;
          const finding = check(lb, tg, svc);
          if (!finding) continue;
          done.add(svc.id);
          const at = refOf(svc.manifest.spec!, 'sessionAffinity');
          const related = [
            { at: tg.targetType.at, message: tg.targetType.why },
            ...lb.decidedBy,
            ...(tg.attributes ? [{ at: tg.attributes.at, message: `target group attributes: ${Object.entries(tg.attributes.values).map(([k, v]) => `${k}=${v}`).join(',')}` }] : []),
          ];
          const data = { service: `${svc.namespace}/${svc.name}`, lb: lb.label, fix: lb.kind === 'ALB' ? ALB_STICKY : NLB_STICKY };
          if (finding.kind === 'bypassed') ctx.report({ messageId: 'bypassed', at, object: svc, key: lb.id, data, related });
          else ctx.report({ messageId: 'proxied', at, object: svc, key: lb.id, data: { ...data, why: finding.why }, related });
        }
      }
    },
  }),
});

/** Why the affinity fails behind this load balancer, or undefined when kube-proxy sees the clients (or stickiness keeps sessions). */
function check(lb: LoadBalancer, tg: LbTargetGroup, svc: ServiceNode): { kind: 'bypassed' } | { kind: 'proxied'; why: string } | undefined {
  const sticky = tg.attributes?.values['stickiness.enabled']?.toLowerCase() === 'true';
  if (tg.targetType.value === 'ip') return sticky ? undefined : { kind: 'bypassed' };
  if (lb.kind === 'ALB')
    // Stickiness with instance targets pins a client to a node; kube-proxy there still sees the ALB's address.
    return { kind: 'proxied', why: `an ALB opens its own connections to the node ports${sticky ? ', and its stickiness with instance targets pins a client to a node, not to a pod' : ''}` };
  if (sticky) return undefined;
  if (svc !== lb.object || !tg.port) return undefined;
  const preserved = preservation(lb, tg.port);
  return preserved.preserved ? undefined : { kind: 'proxied', why: preserved.why };
}
