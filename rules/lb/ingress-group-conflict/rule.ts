import { refOf, type SourceRef } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { lbOptionsOf, loadBalancersOf } from '../../../src/model/lb/index.js';
import type { AlbMember, LoadBalancer } from '../../../src/model/lb/types.js';

/** Where a member states something, for the finding and for the winner's related location. */
interface Claim<T> {
  member: AlbMember;
  value: T;
  at: SourceRef;
}

const name = (m: AlbMember) => `${m.ingress.namespace}/${m.ingress.name}`;

export default defineRule({
  id: 'lb/ingress-group-conflict',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        'Report Ingresses of one ALB IngressGroup that conflict: different schemes or IP address types, one listen port with two protocols or two inbound-cidrs lists, a repeated group.order, or the same host and path claimed twice',
      recommended: true,
    },
    messages: {
      conflictingScheme:
        'Ingress {{ingress}} asks IngressGroup {{group}} for scheme {{value}}, but Ingress {{winner}} asks for {{other}}: the scheme is an Exclusive setting of the group, ' +
        'so the controller fails ("conflicting scheme") and reconciles none of its Ingresses.',
      conflictingIpAddressType:
        'Ingress {{ingress}} asks IngressGroup {{group}} for IP address type {{value}}, but Ingress {{winner}} asks for {{other}}: the IP address type is an Exclusive setting ' +
        'of the group, so the controller fails ("conflicting IPAddressType") and reconciles none of its Ingresses.',
      conflictingProtocol:
        'Ingress {{ingress}} listens on port {{port}} with {{value}}, but Ingress {{winner}} of IngressGroup {{group}} listens there with {{other}}: the controller cannot merge ' +
        'the listener ("conflicting protocol") and reconciles none of the group\'s Ingresses.',
      conflictingInbound:
        'Ingress {{ingress}} admits {{value}} on port {{port}}, but Ingress {{winner}} of IngressGroup {{group}} admits {{other}} there: the controller cannot merge the ' +
        'listener ("conflicting inbound-cidrs") and reconciles none of the group\'s Ingresses.',
      duplicateOrder:
        "Ingress {{ingress}} states group.order {{value}}, as Ingress {{winner}} of IngressGroup {{group}} does: older AWS Load Balancer Controller releases refuse the group " +
        '("conflict Ingress group order"), current ones order the two by namespace/name, so which rules the ALB evaluates first depends on the Ingresses\' names.',
      shadowedRule:
        'Ingress {{ingress}} routes {{route}} (pathType {{pathType}}) on port(s) {{ports}}, but Ingress {{winner}} of IngressGroup {{group}} claims the same host and path ' +
        "earlier in the group's rule order: the ALB evaluates that rule first, so this one never receives requests.",
    },
    remediation:
      'Give the Ingresses of an IngressGroup one scheme and one IP address type (state them on one Ingress, or in IngressClassParams), one protocol ' +
      'and one inbound-cidrs list per listen port, distinct `alb.ingress.kubernetes.io/group.order` values, and distinct host/path pairs — or move ' +
      'the Ingress into a group of its own.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      for (const lb of loadBalancersOf(model, lbOptionsOf(ctx.config)).all) {
        if (lb.kind !== 'ALB' || lb.members.length < 2) continue;
        const group = lb.id.replace(/^IngressGroup\//, '');
        const report = (messageId: Parameters<typeof ctx.report>[0]['messageId'], later: Claim<string>, winner: Claim<string>, extra: Record<string, string>, key: string) =>
          ctx.report({
            messageId,
            at: later.at,
            object: later.member.ingress,
            key,
            data: { ingress: name(later.member), group, value: later.value, winner: name(winner.member), other: winner.value, ...extra },
            related: [{ at: winner.at, message: `Ingress ${name(winner.member)}: ${winner.value}` }, ...lb.decidedBy.filter((r) => r.at !== later.at)],
          } as Parameters<typeof ctx.report>[0]);

        const messageOf = { scheme: 'conflictingScheme', ipAddressType: 'conflictingIpAddressType', protocol: 'conflictingProtocol', inbound: 'conflictingInbound' } as const;
        for (const c of lb.conflicts)
          report(messageOf[c.setting], c.later, c.winner, c.port === undefined ? {} : { port: String(c.port) }, c.port === undefined ? c.setting : `${c.setting}|${c.port}`);

        const orders = new Map<number, Claim<string>>();
        for (const m of lb.members) {
          if (m.explicitOrder) {
            const first = orders.get(m.explicitOrder.value);
            const claim = { member: m, value: String(m.explicitOrder.value), at: m.explicitOrder.at };
            if (!first) orders.set(m.explicitOrder.value, claim);
            else report('duplicateOrder', claim, first, {}, 'order');
          }
        }
        for (const s of shadowedRules(lb))
          report('shadowedRule', s.later, s.winner, { route: s.route, pathType: s.pathType, ports: s.ports }, `rule|${s.route}|${s.pathType}`);
      }
    },
  }),
});

interface Shadowed {
  later: Claim<string>;
  winner: Claim<string>;
  route: string;
  pathType: string;
  ports: string;
}

/**
 * Rules of a later member (in the group's rule order) with the host, path and pathType of an earlier member's rule on
 * a listener port both serve: the ALB evaluates listener rules by priority, and the controller gives the earlier
 * member's rules the higher priorities.
 */
function shadowedRules(lb: LoadBalancer): Shadowed[] {
  const out: Shadowed[] = [];
  const claims = new Map<string, { claim: Claim<string>; ports: Set<number> }>();
  for (const m of lb.members) {
    const ports = new Set(m.listeners.map((l) => l.port));
    for (const rule of m.ingress.manifest.spec?.rules ?? [])
      for (const p of rule.http?.paths ?? []) {
        const route = `${rule.host ?? '*'}${p.path ?? '/'}`;
        const pathType = p.pathType ?? 'ImplementationSpecific';
        const key = `${route}|${pathType}`;
        const at = p.path !== undefined ? refOf(p, 'path') : refOf(rule, 'http');
        const claim = { member: m, value: route, at };
        const first = claims.get(key);
        if (!first) {
          claims.set(key, { claim, ports });
          continue;
        }
        if (first.claim.member === m) continue;
        const shared = [...ports].filter((x) => first.ports.has(x)).sort((a, b) => a - b);
        if (shared.length > 0) out.push({ later: claim, winner: first.claim, route, pathType, ports: shared.join(', ') });
      }
  }
  return out;
}
