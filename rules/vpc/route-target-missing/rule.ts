import { defineRule } from '../../../src/lint/define-rule.js';
import type { GatewayKind, RouteTargetKind } from '../../../src/model/index.js';
import { label, objectOf } from '../infra.js';

/** Route targets that are gateways of the model, with the prefix of their physical IDs and their name. */
const GATEWAYS: Partial<Record<RouteTargetKind, { kind: GatewayKind; prefix: string; name: string }>> = {
  igw: { kind: 'igw', prefix: 'igw-', name: 'internet gateway' },
  eigw: { kind: 'eigw', prefix: 'eigw-', name: 'egress-only internet gateway' },
  nat: { kind: 'nat', prefix: 'nat-', name: 'NAT gateway' },
  tgw: { kind: 'tgw', prefix: 'tgw-', name: 'transit gateway' },
  pcx: { kind: 'pcx', prefix: 'pcx-', name: 'VPC peering connection' },
  vgw: { kind: 'vgw', prefix: 'vgw-', name: 'virtual private gateway' },
  vpce: { kind: 'vpce', prefix: 'vpce-', name: 'VPC endpoint' },
};

/** A physical ID of that kind (`nat-0abc…`): what describe output and parameter values write. */
const isIdOf = (text: string, prefix: string): boolean => text.startsWith(prefix) && /^[a-z]+-[0-9A-Za-z]+$/.test(text);

export default defineRule({
  id: 'vpc/route-target-missing',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report routes whose target gateway is not among the gateways of that kind in the input', recommended: true },
    messages: {
      targetMissing:
        'Route table {{table}}: the route to {{destination}} targets {{kind}} {{target}}, which is not among the ' +
        "{{kind}}s of the input, so the route's traffic has nowhere to go.",
      blackhole:
        'Route table {{table}}: the route to {{destination}} targets {{kind}} {{target}}, which is not among the ' +
        '{{kind}}s of the input, and AWS reports the route as a blackhole: its traffic is dropped.',
    },
    remediation:
      'Point the route at a gateway that exists (the ID of the current NAT gateway, internet gateway, peering …), ' +
      'or delete the route; if the gateway lives in another export or stack, lint that file together with this one.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const { infra } = model;
      const declared = new Set(infra.gateways.map((g) => g.kind));
      for (const table of infra.routeTables) {
        for (const route of table.routes) {
          const { kind, ref } = route.target;
          const gateway = GATEWAYS[kind];
          // Only IDs: a Ref to a missing resource is an input/… finding, a symbolic value (an import, a
          // parameter without value) cannot be checked. And only kinds the input declares: an export
          // without NatGateways says nothing about the NAT gateways of the account.
          if (ref.resolved || !gateway || !declared.has(gateway.kind) || !isIdOf(ref.text, gateway.prefix)) continue;
          const destination = route.destination.known ? route.destination.value : route.destination.expr;
          ctx.report({
            messageId: route.active ? 'targetMissing' : 'blackhole',
            at: ref.at,
            object: objectOf('RouteTable', table),
            key: destination,
            data: { table: label(table), destination, kind: gateway.name, target: ref.text },
            related: [
              { at: route.destination.at, message: `Route table ${label(table)}: route to ${destination}` },
              { at: table.at, message: `Route table ${label(table)}` },
            ],
          });
        }
      }
    },
  }),
});
