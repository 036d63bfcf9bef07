import { defineRule } from '../../../src/lint/define-rule.js';
import { lbOptionsOf, loadBalancersOf } from '../../../src/model/lb/index.js';
import type { IngressNode, ServiceNode } from '../../../src/model/types.js';

const nameOf = (o: IngressNode | ServiceNode) => `${o.object.kind} ${o.namespace}/${o.name}`;

export default defineRule({
  id: 'lb/invalid-annotation',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        'Report load balancer annotation values the AWS Load Balancer Controller rejects (listen-ports, scheme, target type, IP address type, group.order, inbound-cidrs, health check protocol, target group attributes …), so it makes no load balancer',
      recommended: true,
    },
    messages: {
      rejected: '{{object}}: {{problem}}. The AWS Load Balancer Controller rejects the value and does not reconcile {{target}}, so no load balancer is made or updated for it.',
    },
    remediation:
      "Write the value as the controller's annotation reference documents it: listen-ports as JSON like `[{\"HTTP\": 80}, {\"HTTPS\": 443}]`, " +
      'scheme `internal` or `internet-facing`, target type `instance` or `ip`, group.order an integer from -1000 to 1000, booleans `true`/`false`, ' +
      'CIDRs with a prefix length.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      for (const p of loadBalancersOf(model, lbOptionsOf(ctx.config)).problems) {
        const ingress = 'ingress' in p ? (p.ingress as IngressNode) : undefined;
        const target = ingress && ingress !== p.object ? `${nameOf(ingress)}, whose backend it is,` : nameOf(p.object);
        ctx.report({
          messageId: 'rejected',
          at: p.at,
          object: p.object,
          key: p.message,
          data: { object: nameOf(p.object), problem: p.message, target },
          ...(ingress && ingress !== p.object ? { related: [{ at: ingress.object.at, message: `${nameOf(ingress)}: not reconciled` }] } : {}),
        });
      }
    },
  }),
});
