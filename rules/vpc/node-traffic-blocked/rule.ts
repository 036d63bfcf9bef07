import type { FlowStep } from '../../../src/core/finding.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { podEndpoint, vpcPath, type VpcBlocker } from '../../../src/engine/vpc/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { NodeGroupElement } from '../../../src/model/index.js';
import { InfraIndex, label, objectOf } from '../infra.js';
import { blockerKey, flowOf, otherBlockersText, relatedOf } from '../paths.js';

/** How many node-group pairs a message names before "and N more". */
const PAIRS_NAMED = 4;

/** One blocking setting and every node-group pair whose pod traffic it cuts: one finding. */
interface Blocked {
  blocker: VpcBlocker;
  blocks: ConnSet;
  pairs: [NodeGroupElement, NodeGroupElement][];
  others: string;
  flow: FlowStep[];
}

export default defineRule({
  id: 'vpc/node-traffic-blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report security groups and network ACLs that block pod-to-pod traffic between the node groups of one EKS cluster',
      recommended: true,
    },
    messages: {
      podTrafficBlocked:
        '{{setting}} blocks pod traffic {{pairs}} for {{blocked}}{{others}}. ' +
        'The Kubernetes network model needs every pod to reach every other pod on all protocols and ports.',
    },
    remediation:
      'Let the node groups\' security groups admit each other on all traffic (a shared node security group with an ingress rule ' +
      'from itself, or the EKS cluster security group on every node group), and let the network ACLs of the node subnets allow the ' +
      'VPC CIDR both ways; narrow pod traffic with NetworkPolicies instead.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const index = new InfraIndex(model.infra);
      // One finding per blocking setting: a security group missing a rule cuts every pair it stands between.
      const found = new Map<string, Blocked>();
      for (const cluster of model.infra.clusters) {
        const groups = model.infra.nodeGroups.filter((ng) => index.clusterOf(ng) === cluster);
        const pods = new Map(groups.map((ng) => [ng, podEndpoint(model.infra, model.cni, ng)]));
        for (const a of groups)
          for (const b of groups) {
            const result = vpcPath(model.infra, model.cni, pods.get(a)!, pods.get(b)!, ConnSet.all());
            for (const blocker of result.blockers) {
              const key = blockerKey(blocker);
              const entry = found.get(key) ?? { blocker, blocks: ConnSet.none(), pairs: [], others: otherBlockersText(result, blocker), flow: flowOf(result) };
              found.set(key, entry);
              entry.blocks = entry.blocks.union(blocker.blocks);
              entry.pairs.push([a, b]);
            }
          }
      }
      for (const [key, { blocker, blocks, pairs, others, flow }] of found) {
        const involved = [...new Set(pairs.flat())];
        ctx.report({
          messageId: 'podTrafficBlocked',
          at: blocker.at,
          object: objectOf('NodeGroup', pairs[0]![0]),
          key,
          data: { setting: capitalize(blocker.setting), pairs: pairsText(pairs), blocked: blocks.toString(), others },
          related: relatedOf(
            blocker,
            involved.map((ng) => ({ at: ng.at, message: `node group ${label(ng)}` })),
          ),
          flow,
        });
      }
    },
  }),
});

/** "from node group a to node group b, from b to a and 3 more pairs"; "within node group a" for a group with itself. */
function pairsText(pairs: readonly [NodeGroupElement, NodeGroupElement][]): string {
  const one = ([a, b]: [NodeGroupElement, NodeGroupElement]) => (a === b ? `within node group ${label(a)}` : `from node group ${label(a)} to ${label(b)}`);
  const named = pairs.slice(0, PAIRS_NAMED).map(one);
  const more = pairs.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more node-group pair${more === 1 ? '' : 's'}` : named.join(', ').replace(/, ([^,]*)$/, ' and $1');
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
