import type { RelatedLocation } from '../../../src/core/finding.js';
import type { LbContext } from '../../../src/engine/vpc/lb-placement.js';
import { CLUSTER_TAG_PREFIX as CLUSTER_TAG, hasRoleTag, ROLE_TAG } from '../../../src/engine/vpc/load-balancer.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { SubnetElement } from '../../../src/model/infra/types.js';
import { ALB_ANNOTATIONS, SERVICE_LB_ANNOTATIONS } from '../../../src/model/lb/index.js';
import type { LoadBalancer } from '../../../src/model/lb/types.js';
import { decidedBy, label, lbTitle, placementsOf, subnetsOfVpc, whereText, reconciledLoadBalancers } from '../common.js';

/** How many of the VPC's subnets a message lists. */
const LIST_MAX = 6;

export default defineRule({
  id: 'lb/no-subnets',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        'Report AWS load balancers for which the controller can discover no subnet for their scheme, whose stated subnets are not in the VPC, or whose stated subnets are private while the load balancer is internet-facing',
      recommended: true,
    },
    messages: {
      noDiscoverableSubnet:
        '{{lb}}: no subnet of {{where}} qualifies — the {{controller}} looks for {{wants}}; the VPC has {{have}}. The controller finds no subnet and creates no load balancer.',
      noTaggedSubnet:
        '{{lb}}: no subnet of {{where}} carries the IngressClassParams subnet tags {{tags}}, so the controller finds no subnet and creates no load balancer.',
      unknownSubnet:
        '{{lb}}: subnet {{subnet}} named in {{field}} is not a subnet of {{where}}, which has {{have}}; the controller cannot resolve it and creates no load balancer.',
      privateSubnet:
        '{{lb}}: subnet {{subnet}} named in {{field}} is private (route table {{table}} sends no 0.0.0.0/0 to an internet gateway), ' +
        "so the internet-facing load balancer's node there has no route from the internet and clients cannot reach it through that subnet.",
    },
    remediation:
      'Tag the subnets the load balancer belongs in — public subnets `kubernetes.io/role/elb: "1"` for internet-facing, private subnets ' +
      '`kubernetes.io/role/internal-elb: "1"` for internal load balancers (and `kubernetes.io/cluster/<cluster>: shared|owned` when other ' +
      'clusters share the VPC) — or name existing subnets of the VPC in the subnets annotation (subnet IDs or Name tags), public ones for an ' +
      'internet-facing load balancer.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      for (const lb of reconciledLoadBalancers(model, ctx.config)) {
        for (const { context, placed } of placementsOf(model, lb)) {
          const inVpc = subnetsOfVpc(model.infra, context.vpc.key);
          if (inVpc.length === 0) continue; // the input does not describe the VPC's subnets: never guess
          const where = whereText(context);
          const base = { object: lb.object, related: [...decidedBy(lb), ...inVpc.slice(0, LIST_MAX).map(subnetRelated)] };
          if (placed.how === 'stated' && lb.subnets) {
            const field = subnetsField(lb);
            for (const name of unknownNames(placed.missing, inVpc)) {
              ctx.report({
                ...base,
                messageId: 'unknownSubnet',
                at: lb.subnets.at,
                key: `${context.cluster?.key ?? ''}|${name}`,
                data: { lb: lbTitle(lb), subnet: name, field, where, have: haveText(inVpc) },
              });
            }
            if (lb.scheme.value !== 'internet-facing') continue;
            for (const s of placed.subnets.filter((x) => x.tier === 'private')) {
              const table = model.infra.routeTables.find((t) => t.key === s.routeTable);
              ctx.report({
                object: lb.object,
                messageId: 'privateSubnet',
                at: lb.subnets.at,
                key: `${context.cluster?.key ?? ''}|${s.key}`,
                data: { lb: lbTitle(lb), subnet: label(s), field, table: table ? label(table) : 'the main route table' },
                related: [...decidedBy(lb, lb.subnets.at), subnetRelated(s), ...(table ? [{ at: table.at, message: `route table ${label(table)}: no route 0.0.0.0/0 to an internet gateway` }] : [])],
              });
            }
          } else if (placed.how === 'tags' && lb.subnetTags && placed.subnets.length === 0) {
            const tags = Object.entries(lb.subnetTags.tags)
              .map(([k, v]) => `${k} in [${v.join(', ')}]`)
              .join(', ');
            ctx.report({ ...base, messageId: 'noTaggedSubnet', at: lb.subnetTags.at, key: context.cluster?.key ?? '', data: { lb: lbTitle(lb), where, tags } });
          } else if (placed.how === 'discovered' && placed.subnets.length === 0 && discoveryIsCertain(lb, inVpc)) {
            ctx.report({
              ...base,
              messageId: 'noDiscoverableSubnet',
              at: lb.scheme.at,
              key: context.cluster?.key ?? '',
              data: {
                lb: lbTitle(lb),
                where,
                controller: lb.controller === 'in-tree' ? 'in-tree AWS cloud provider' : 'AWS Load Balancer Controller',
                wants: wantsText(lb, context),
                have: haveText(inVpc),
              },
            });
          }
        }
      }
    },
  }),
});

/** Where the stated subnets are written, as messages name it. */
function subnetsField(lb: LoadBalancer): string {
  if (lb.kind !== 'ALB') return SERVICE_LB_ANNOTATIONS.subnets;
  return lb.subnets?.at.path.includes('ids') ? 'IngressClassParams spec.subnets.ids' : ALB_ANNOTATIONS.subnets;
}

/**
 * Stated names the VPC model does not have. Subnet IDs are judged only when every subnet of the VPC in the input has
 * a known ID (a template's subnets get theirs at deploy time); Name tags whenever the input describes the VPC's subnets.
 */
function unknownNames(missing: readonly string[], inVpc: readonly SubnetElement[]): string[] {
  const allIds = inVpc.every((s) => s.id !== undefined);
  return missing.filter((n) => !n.startsWith('subnet-') || allIds);
}

/**
 * Discovery falls back on the subnets' reachability (LBC without role tags; the in-tree provider for internet-facing
 * load balancers): a subnet whose route table the input does not know might qualify, so then nothing is reported.
 */
function discoveryIsCertain(lb: LoadBalancer, inVpc: readonly SubnetElement[]): boolean {
  const unknownTier = inVpc.some((s) => s.tier === 'unknown');
  if (!unknownTier) return true;
  if (lb.controller === 'in-tree') return lb.scheme.value !== 'internet-facing';
  return inVpc.some((s) => hasRoleTag(s, lb.scheme.value));
}

function wantsText(lb: LoadBalancer, context: LbContext): string {
  const scheme = lb.scheme.value;
  const tier = scheme === 'internet-facing' ? 'public' : 'private';
  const cluster = context.cluster ? `${CLUSTER_TAG}${context.cluster.name}` : `${CLUSTER_TAG}<cluster>`;
  if (lb.controller === 'in-tree')
    return `${scheme === 'internet-facing' ? 'public subnets (a default route to an internet gateway) ' : 'subnets '}tagged ${cluster} or for no cluster, one per zone`;
  return (
    `subnets tagged ${ROLE_TAG[scheme]} with value "1" or "" (${scheme}), or — when no subnet has that tag (controller v2.12.1+) — ${tier} subnets, ` +
    `leaving out subnets tagged ${CLUSTER_TAG}<name> only for other clusters than ${cluster}`
  );
}

/** "2 subnets: private-a (PrivateA, private), private-b (PrivateB, private, kubernetes.io/cluster/other)". */
function haveText(inVpc: readonly SubnetElement[]): string {
  const shown = inVpc.slice(0, LIST_MAX).map((s) => {
    const tags = Object.entries(s.tags)
      .filter(([k]) => k.startsWith('kubernetes.io/role/') || k.startsWith(CLUSTER_TAG))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    return `${label(s)} [${[s.tier, ...tags].join(', ')}]`;
  });
  const more = inVpc.length > LIST_MAX ? `, and ${inVpc.length - LIST_MAX} more` : '';
  return `${inVpc.length} subnet${inVpc.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
}

function subnetRelated(s: SubnetElement): RelatedLocation {
  const tags = Object.entries(s.tags).filter(([k]) => k.startsWith('kubernetes.io/'));
  return { at: s.at, message: `subnet ${label(s)}: ${s.tier}${tags.length > 0 ? `, ${tags.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}` : ', no kubernetes.io/ tags'}` };
}
