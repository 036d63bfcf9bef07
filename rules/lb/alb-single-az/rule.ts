import type { SourceRef } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { SubnetElement } from '../../../src/model/infra/types.js';

import type { LoadBalancer } from '../../../src/model/lb/types.js';
import { zoneIdentity, zoneText } from '../../vpc/infra.js';
import { decidedBy, label, lbTitle, placementsOf, whereText, reconciledLoadBalancers } from '../common.js';

export default defineRule({
  id: 'lb/alb-single-az',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report Application Load Balancers whose subnets, stated or discovered, cover fewer than two Availability Zones',
      recommended: true,
    },
    messages: {
      singleZone:
        '{{lb}}: its {{how}} subnet(s) {{subnets}} in {{where}} cover only the Availability Zone {{zone}}; Elastic Load Balancing requires ' +
        'subnets in at least two Availability Zones for an Application Load Balancer, so the controller cannot create it.',
    },
    remediation:
      'Give the ALB subnets in at least two Availability Zones: tag a public (internet-facing) or private (internal) subnet in a second zone ' +
      'with `kubernetes.io/role/elb: "1"` or `kubernetes.io/role/internal-elb: "1"`, or name subnets of two zones in ' +
      '`alb.ingress.kubernetes.io/subnets` / IngressClassParams `spec.subnets`.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      for (const lb of reconciledLoadBalancers(model, ctx.config)) {
        if (lb.kind !== 'ALB') continue; // NLBs and Classic Load Balancers may use one zone
        for (const { context, placed } of placementsOf(model, lb)) {
          // No subnet, or a stated one missing: lb/no-subnets reports it.
          if (placed.subnets.length === 0 || placed.missing.length > 0) continue;
          // A subnet whose zone the input does not state might be in another zone: never guess.
          if (placed.subnets.some((s) => s.az === undefined)) continue;
          const zones = new Set(placed.subnets.map((s) => zoneIdentity(s.az!)));
          if (zones.size >= 2) continue;
          const at = findingAt(lb, placed.how);
          ctx.report({
            messageId: 'singleZone',
            at,
            object: lb.object,
            key: context.cluster?.key ?? context.vpc.key,
            data: {
              lb: lbTitle(lb),
              how: placed.how === 'stated' ? 'stated' : placed.how === 'tags' ? 'tag-selected' : 'discovered',
              subnets: placed.subnets.map(label).join(', '),
              where: whereText(context),
              zone: zoneText(placed.subnets[0]!.az!),
            },
            related: [...decidedBy(lb, at), ...placed.subnets.map((s: SubnetElement) => ({ at: s.az!.at, message: `subnet ${label(s)}: Availability Zone ${zoneText(s.az!)}` }))],
          });
        }
      }
    },
  }),
});

/** The stated subnets, the tag filter, or — for discovered subnets — the scheme (or the class field when defaulted). */
function findingAt(lb: LoadBalancer, how: 'stated' | 'tags' | 'discovered'): SourceRef {
  if (how === 'stated' && lb.subnets) return lb.subnets.at;
  if (how === 'tags' && lb.subnetTags) return lb.subnetTags.at;
  return lb.scheme.at;
}
