import type { RelatedLocation } from '../../../src/core/finding.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { SubnetElement } from '../../../src/model/index.js';
import { InfraIndex, label, objectOf, zoneIdentity, zoneText } from '../infra.js';

/** EKS CreateCluster: "at least two subnets that are in different Availability Zones". */
const MIN_ZONES = 2;

export default defineRule({
  id: 'vpc/cluster-single-az',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report EKS clusters whose subnets are all in one Availability Zone', recommended: true },
    messages: {
      singleZone:
        'EKS cluster {{cluster}}: its subnets ({{subnets}}) are all in Availability Zone {{zone}}, but EKS requires ' +
        'subnets in at least two Availability Zones, so the cluster cannot be created.',
    },
    remediation:
      'Give the cluster subnets in at least two Availability Zones (ResourcesVpcConfig.SubnetIds in CloudFormation, ' +
      '`vpc.subnets` or `availabilityZones` in an eksctl ClusterConfig); in CloudFormation pick them with distinct ' +
      '`!Select [i, !GetAZs ""]` indexes.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const index = new InfraIndex(model.infra);
      for (const cluster of model.infra.clusters) {
        // A local cluster on AWS Outposts runs its control plane on the Outpost, in one zone by design.
        if (cluster.controlPlaneOutpost !== undefined) continue;
        if (cluster.subnets.length === 0) continue;
        // Only a complete picture: every subnet in the model and its zone stated (or symbolic).
        const subnets = cluster.subnets.map((ref) => index.subnet(ref));
        if (subnets.some((s) => s?.az === undefined)) continue;
        const zoned = [...new Set(subnets as (SubnetElement & { az: NonNullable<SubnetElement['az']> })[])];
        const zones = new Set(zoned.map((s) => zoneIdentity(s.az)));
        if (zones.size >= MIN_ZONES) continue;
        const related: RelatedLocation[] = zoned.map((s) => ({ at: s.az.at, message: `Subnet ${label(s)}: Availability Zone ${zoneText(s.az)}` }));
        ctx.report({
          messageId: 'singleZone',
          at: cluster.at,
          object: objectOf('EksCluster', cluster),
          data: { cluster: label(cluster), subnets: zoned.map(label).join(', '), zone: zoneText(zoned[0]!.az) },
          related,
        });
      }
    },
  }),
});
