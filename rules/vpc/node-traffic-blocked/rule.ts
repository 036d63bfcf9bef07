import { ConnSet } from '../../../src/engine/conn-set.js';
import { podEndpoint, vpcPath } from '../../../src/engine/vpc/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { InfraIndex, label, objectOf } from '../infra.js';
import { blockerKey, flowOf, otherBlockersText, relatedOf } from '../paths.js';

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
        'Node group {{from}}: pod traffic to node group {{to}} is blocked for {{blocked}} by {{setting}}{{others}}. ' +
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
      for (const cluster of model.infra.clusters) {
        const groups = model.infra.nodeGroups.filter((ng) => index.clusterOf(ng) === cluster);
        for (const a of groups)
          for (const b of groups) {
            const result = vpcPath(model.infra, model.cni, podEndpoint(model.infra, model.cni, a), podEndpoint(model.infra, model.cni, b), ConnSet.all());
            for (const blocker of result.blockers) {
              ctx.report({
                messageId: 'podTrafficBlocked',
                at: blocker.at,
                object: objectOf('NodeGroup', a),
                key: `${b.key}|${blockerKey(blocker)}`,
                data: { from: label(a), to: label(b), blocked: blocker.blocks.toString(), setting: blocker.setting, others: otherBlockersText(result, blocker) },
                related: relatedOf(blocker, [
                  { at: a.at, message: `node group ${label(a)}` },
                  ...(a === b ? [] : [{ at: b.at, message: `node group ${label(b)}` }]),
                ]),
                flow: flowOf(result),
              });
            }
          }
      }
    },
  }),
});
