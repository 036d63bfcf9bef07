import type { FlowStep, RelatedLocation } from '../../../src/core/finding.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { PortSet } from '../../../src/engine/ports.js';
import { internetEndpoint, podEndpoint, vpcPath, type VpcBlocker } from '../../../src/engine/vpc/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { NodeGroupElement, SubnetElement } from '../../../src/model/index.js';
import { InfraIndex, label, objectOf } from '../infra.js';
import { blockerKey, flowOf, otherBlockersText, relatedOf } from '../paths.js';

const HTTPS = ConnSet.of('TCP', PortSet.single(443));
const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

/** One blocking setting and every node group and subnet whose internet path it breaks: one finding. */
interface Blocked {
  blocker: VpcBlocker;
  others: string;
  nodeGroups: NodeGroupElement[];
  subnets: SubnetElement[];
  flow: FlowStep[];
}

export default defineRule({
  id: 'vpc/pod-egress-blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report node-group subnets whose default route does not take pod traffic to the internet (TCP 443) because of a route, gateway, network ACL or security group',
      recommended: true,
    },
    messages: {
      egressBlocked:
        'Node group(s) {{nodeGroups}}: pods in subnet(s) {{subnets}} have a default route but cannot reach the internet on TCP 443, blocked by ' +
        '{{setting}}{{others}}; image pulls and AWS API calls fail.',
    },
    remediation:
      "Route the subnet's 0.0.0.0/0 to a public NAT gateway whose own subnet routes 0.0.0.0/0 to the VPC's attached internet gateway; " +
      'let the network ACLs allow the request out and the replies back on ports 1024-65535; give the nodes an egress rule to 0.0.0.0/0 on TCP 443.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const index = new InfraIndex(model.infra);
      const found = new Map<string, Blocked>();
      for (const ng of model.infra.nodeGroups) {
        const pods = podEndpoint(model.infra, model.cni, ng);
        for (const place of pods.places) {
          const subnet = place.subnet;
          const table = subnet?.routeTable === undefined ? undefined : index.routeTables.get(subnet.routeTable);
          // Only subnets meant to reach the internet: a default route, blackholes included (no route at all is private-nodes-no-egress).
          if (!subnet || !table?.routes.some((r) => r.destination.known && DEFAULT_ROUTES.has(r.destination.value))) continue;
          const result = vpcPath(model.infra, model.cni, { ...pods, places: [place] }, internetEndpoint(), HTTPS);
          for (const blocker of result.blockers) {
            const key = blockerKey(blocker);
            const entry = found.get(key) ?? { blocker, others: otherBlockersText(result, blocker), nodeGroups: [], subnets: [], flow: flowOf(result) };
            found.set(key, entry);
            if (!entry.nodeGroups.includes(ng)) entry.nodeGroups.push(ng);
            if (!entry.subnets.includes(subnet)) entry.subnets.push(subnet);
          }
        }
      }
      for (const [key, { blocker, others, nodeGroups, subnets, flow }] of found) {
        const related: RelatedLocation[] = [
          ...nodeGroups.map((ng) => ({ at: ng.at, message: `node group ${label(ng)}` })),
          ...subnets.map((s) => ({ at: s.at, message: `subnet ${label(s)}` })),
        ];
        ctx.report({
          messageId: 'egressBlocked',
          at: blocker.at,
          object: objectOf('NodeGroup', nodeGroups[0]!),
          key,
          data: { nodeGroups: nodeGroups.map(label).join(', '), subnets: subnets.map(label).join(', '), setting: blocker.setting, others },
          related: relatedOf(blocker, related),
          flow,
        });
      }
    },
  }),
});
