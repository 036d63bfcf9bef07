import type { SourceRef } from '../../../src/core/source.js';
import { parseCidr } from '../../../src/engine/ip.js';
import { defineRule } from '../../../src/lint/define-rule.js';

import type { Inbound, Listener } from '../../../src/model/lb/types.js';
import { locationText } from '../../../src/reporters/locations.js';
import { decidedBy, lbTitle, reconciledLoadBalancers } from '../common.js';

export default defineRule({
  id: 'lb/internet-open-non-web',
  meta: {
    type: 'problem',
    severity: 'warning',
    securitySeverity: '7.5',
    docs: {
      description: 'Report internet-facing load balancers that admit every address (0.0.0.0/0 or ::/0) on listener ports other than the web ports 80 and 443',
      recommended: true,
    },
    messages: {
      openNonWeb:
        '{{lb}} admits every internet address ({{cidrs}}; {{why}}) on {{ports}}, which {{verb}} not a web port: whatever listens there behind the load balancer — ' +
        'a database, SSH, an admin console — is reachable by anyone on the internet.',
    },
    remediation:
      'Limit who can connect: `spec.loadBalancerSourceRanges` (or `service.beta.kubernetes.io/load-balancer-source-ranges`) on a LoadBalancer ' +
      'Service, `alb.ingress.kubernetes.io/inbound-cidrs` (or IngressClassParams `inboundCIDRs`) on an ALB Ingress; or make the load balancer ' +
      'internal (`service.beta.kubernetes.io/aws-load-balancer-scheme: internal`, `alb.ingress.kubernetes.io/scheme: internal`) and reach it over ' +
      'a VPN, peering or a bastion.',
    schema: {
      allowPorts: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        description: 'Listener ports that may be open to the whole internet (the web ports by default).',
      },
    },
    defaultOptions: { allowPorts: [80, 443] as number[] },
  },
  create: (ctx, { allowPorts }) => ({
    Model(model) {
      for (const lb of reconciledLoadBalancers(model, ctx.config)) {
        // Stated security groups decide who connects; the input does not hold their rules.
        if (lb.scheme.value !== 'internet-facing' || lb.securityGroups) continue;
        const byAt = new Map<string, { at: SourceRef; inbound: Inbound; listeners: Listener[] }>();
        // IPv6 rules exist only on a dual-stack load balancer (the controllers add ::/0 and IPv6 inbound CIDRs only then).
        const dual = lb.ipAddressType.value !== 'ipv4';
        for (const inbound of lb.inbound) {
          const open = inbound.cidrs.filter((c) => {
            const parsed = parseCidr(c.trim());
            return parsed?.prefix === 0 && (dual || parsed.family === 4);
          });
          if (open.length === 0) continue;
          const ports = inbound.ports ?? lb.listeners.map((l) => l.port);
          const listeners = lb.listeners.filter((l) => ports.includes(l.port) && !allowPorts.includes(l.port));
          for (const l of listeners) {
            // A default admits everyone without a field saying so: the finding goes on the listener.
            const at = inbound.default ? l.at : inbound.at;
            const key = locationText(at);
            const entry = byAt.get(key) ?? { at, inbound: { ...inbound, cidrs: open }, listeners: [] };
            byAt.set(key, entry);
            if (!entry.listeners.some((x) => x.port === l.port && x.protocol === l.protocol)) entry.listeners.push(l);
          }
        }
        for (const [key, { at, inbound, listeners }] of byAt) {
          const sorted = [...listeners].sort((a, b) => a.port - b.port);
          ctx.report({
            messageId: 'openNonWeb',
            at,
            object: lb.object,
            key,
            data: {
              lb: lbTitle(lb),
              cidrs: inbound.cidrs.join(', '),
              why: inbound.why,
              ports: sorted.map((l) => `${l.protocol} ${l.port}`).join(', '),
              verb: sorted.length === 1 ? 'is' : 'are',
            },
            related: [...decidedBy(lb, at), ...sorted.filter((l) => locationText(l.at) !== key).map((l) => ({ at: l.at, message: `listener ${l.protocol} ${l.port}` }))],
          });
        }
      }
    },
  }),
});
