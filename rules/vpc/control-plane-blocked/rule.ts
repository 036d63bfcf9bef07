import { ConnSet } from '../../../src/engine/conn-set.js';
import { PortSet } from '../../../src/engine/ports.js';
import { controlPlaneEndpoint, nodeGroupEndpoint, vpcPath, type VpcPathResult } from '../../../src/engine/vpc/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { EksClusterElement, NodeGroupElement } from '../../../src/model/index.js';
import { InfraIndex, label, objectOf } from '../infra.js';
import { blockerKey, flowOf, otherBlockersText, relatedOf } from '../paths.js';

/** AWS "Amazon EKS security group requirements" (sec-group-reqs.html): the minimum the control plane and nodes need. */
const KUBELET = ConnSet.of('TCP', PortSet.single(10250));
const API_SERVER = ConnSet.of('TCP', PortSet.single(443));

export default defineRule({
  id: 'vpc/control-plane-blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: "Report security groups and network ACLs that block the EKS control plane from the nodes' kubelet (TCP 10250) or the nodes from the API server (TCP 443)",
      recommended: true,
    },
    messages: {
      kubeletBlocked:
        'EKS cluster {{cluster}}: the control plane cannot reach the kubelet (TCP 10250) of node group {{nodeGroup}}, blocked by {{setting}}{{others}}; ' +
        'kubectl logs/exec and metrics fail.',
      apiServerBlocked:
        'EKS cluster {{cluster}}: node group {{nodeGroup}} cannot reach the API server (TCP 443 to the control plane ENIs), blocked by {{setting}}{{others}}; ' +
        'its nodes cannot join the cluster.',
    },
    remediation:
      'Allow TCP 443 from the node security group into the control plane security group and TCP 10250 (AWS recommends 1025-65535) ' +
      'from the control plane security group into the node security group — or keep the EKS cluster security group on the nodes — and ' +
      'let the subnets\' network ACLs pass both directions with the ephemeral ports 1024-65535 for replies.',
    defaultOptions: {},
  },
  create: (ctx) => {
    const report = (messageId: 'kubeletBlocked' | 'apiServerBlocked', cluster: EksClusterElement, ng: NodeGroupElement, result: VpcPathResult) => {
      for (const blocker of result.blockers)
        ctx.report({
          messageId,
          at: blocker.at,
          object: objectOf('EksCluster', cluster),
          key: `${ng.key}|${messageId}|${blockerKey(blocker)}`,
          data: { cluster: label(cluster), nodeGroup: label(ng), setting: blocker.setting, others: otherBlockersText(result, blocker) },
          related: relatedOf(blocker, [
            { at: cluster.at, message: `EKS cluster ${label(cluster)}` },
            { at: ng.at, message: `node group ${label(ng)}` },
          ]),
          flow: flowOf(result),
        });
    };
    return {
      Model(model) {
        const index = new InfraIndex(model.infra);
        for (const cluster of model.infra.clusters) {
          const controlPlane = controlPlaneEndpoint(model.infra, cluster);
          for (const ng of model.infra.nodeGroups.filter((n) => index.clusterOf(n) === cluster)) {
            const nodes = nodeGroupEndpoint(model.infra, ng);
            report('kubeletBlocked', cluster, ng, vpcPath(model.infra, model.cni, controlPlane, nodes, KUBELET));
            report('apiServerBlocked', cluster, ng, vpcPath(model.infra, model.cni, nodes, controlPlane, API_SERVER));
          }
        }
      },
    };
  },
});
