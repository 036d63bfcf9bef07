import type { RelatedLocation } from '../../../src/core/finding.js';
import type { SourceRef } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { defaultRoute } from '../../../src/engine/routing.js';
import type { RouteTableElement, SubnetElement } from '../../../src/model/index.js';
import { InfraIndex, label, objectOf } from '../infra.js';

/** Where a reference is shown: references written at one place (one region) make one finding. */
const where = ({ file, region: r }: SourceRef) => `${file}:${r.startLine}:${r.startColumn}:${r.endLine}:${r.endColumn}`;

function endpointText(e: { publicAccess: boolean; privateAccess: boolean; publicAccessCidrs: string[] }): string {
  return `publicAccess: ${e.publicAccess}, privateAccess: ${e.privateAccess}`;
}

export default defineRule({
  id: 'vpc/private-nodes-no-egress',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: "Report node groups in private subnets without a default route while the cluster's API endpoint is public only",
      recommended: true,
    },
    messages: {
      noEgress:
        'Node group {{nodeGroup}}: its private subnet(s) {{subnets}} have no default route (route table {{tables}}) while ' +
        'the API endpoint of cluster {{cluster}} is public only, so the nodes cannot reach the API server and never join the cluster.',
    },
    remediation:
      "Give the subnets' route table a default route (0.0.0.0/0) to a NAT gateway (eksctl: `vpc.nat.gateway: Single` or " +
      '`HighlyAvailable`), or enable the private endpoint (`vpc.clusterEndpoints.privateAccess: true`, ' +
      'EndpointPrivateAccess: true) so node traffic to the API server stays in the VPC.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const index = new InfraIndex(model.infra);
      for (const ng of model.infra.nodeGroups) {
        const cluster = index.clusterOf(ng);
        if (!cluster || !cluster.endpoint.publicAccess || cluster.endpoint.privateAccess) continue;
        // Subnets written at one place (eksctl's `privateNetworking: true` picks every private subnet) give one finding.
        const groups = new Map<string, { at: SourceRef; subnets: SubnetElement[]; tables: RouteTableElement[] }>();
        for (const ref of ng.subnets) {
          const subnet = index.subnet(ref);
          if (!subnet || subnet.tier !== 'private' || subnet.routeTable === undefined) continue;
          const table = index.routeTables.get(subnet.routeTable);
          // lookupRoute skips blackhole routes: a blackhole default route is no default route.
          if (!table || defaultRoute(table) !== undefined) continue;
          const group = groups.get(where(ref.at)) ?? { at: ref.at, subnets: [], tables: [] };
          groups.set(where(ref.at), group);
          if (!group.subnets.includes(subnet)) group.subnets.push(subnet);
          if (!group.tables.includes(table)) group.tables.push(table);
        }
        for (const { at, subnets, tables } of groups.values()) {
          const related: RelatedLocation[] = [
            ...tables.map((t) => ({ at: t.at, message: `Route table ${label(t)}: no route to 0.0.0.0/0` })),
            { at: cluster.endpoint.at, message: `EKS cluster ${label(cluster)}: endpoint ${endpointText(cluster.endpoint)}` },
          ];
          ctx.report({
            messageId: 'noEgress',
            at,
            object: objectOf('NodeGroup', ng),
            key: subnets.map((s) => s.key).join(','),
            data: {
              nodeGroup: label(ng),
              subnets: subnets.map(label).join(', '),
              tables: tables.map(label).join(', '),
              cluster: label(cluster),
            },
            related,
          });
        }
      }
    },
  }),
});
