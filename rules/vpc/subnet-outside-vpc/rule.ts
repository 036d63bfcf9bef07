import type { RelatedLocation } from '../../../src/core/finding.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { contains, InfraIndex, knownCidr, label, objectOf } from '../infra.js';

export default defineRule({
  id: 'vpc/subnet-outside-vpc',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: "Report subnets whose IPv4 CIDR is not inside any of their VPC's IPv4 CIDR blocks", recommended: true },
    messages: {
      outsideVpc:
        'Subnet {{subnet}}: CIDR {{cidr}} is not inside any IPv4 CIDR block of VPC {{vpc}}, whose blocks are {{vpcCidrs}}; ' +
        'EC2 rejects the subnet, so nothing planned in it can be created.',
    },
    remediation:
      "Choose a subnet CIDR inside one of the VPC's IPv4 CIDR blocks (the primary CidrBlock or a secondary block of " +
      'AWS::EC2::VPCCidrBlock / CidrBlockAssociationSet), or associate a secondary CIDR block with the VPC that contains it first.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const index = new InfraIndex(model.infra);
      for (const subnet of model.infra.subnets) {
        const cidr = knownCidr(subnet.cidr?.cidr);
        // IPv6 blocks of subnets are not in the model's `cidr`; an IPv6 value there is left to other rules.
        if (!subnet.cidr || !cidr || cidr.family !== 4) continue;
        const vpc = index.vpc(subnet.vpc);
        if (!vpc || vpc.cidrs.length === 0) continue;
        const blocks = vpc.cidrs.map((b) => ({ block: b, cidr: knownCidr(b.cidr) }));
        // A block only the deployed stack knows (IPAM, an import) might contain the subnet: no conclusion.
        if (blocks.some((b) => !b.block.cidr.known)) continue;
        const v4 = blocks.filter((b) => b.cidr?.family === 4);
        if (v4.length === 0 || v4.some((b) => contains(b.cidr!, cidr))) continue;
        const vpcName = label(vpc);
        const related: RelatedLocation[] = v4.map((b) => ({ at: b.block.at, message: `VPC ${vpcName}: CIDR block ${b.cidr!.text}` }));
        ctx.report({
          messageId: 'outsideVpc',
          at: subnet.cidr.at,
          object: objectOf('Subnet', subnet),
          data: { subnet: label(subnet), cidr: cidr.text, vpc: vpcName, vpcCidrs: v4.map((b) => b.cidr!.text).join(', ') },
          related,
        });
      }
    },
  }),
});
