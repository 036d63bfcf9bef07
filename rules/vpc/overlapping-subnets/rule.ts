import { defineRule } from '../../../src/lint/define-rule.js';
import type { Reference, SubnetElement } from '../../../src/model/index.js';
import { knownCidr, label, objectOf, overlaps } from '../infra.js';

/**
 * Which VPC a subnet is in, as far as the input says: the reference's key (also kept when it did not
 * resolve: a describe file's `vpc-0abc`, an eksctl cluster's existing VPC), else the text it is written
 * with — two subnets naming the same VPC absent from the input are in one VPC all the same.
 */
function vpcIdentity(ref: Reference): string | undefined {
  const id = ref.key ?? ref.text;
  return id === '' ? undefined : id;
}

export default defineRule({
  id: 'vpc/overlapping-subnets',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report subnets of one VPC whose IPv4 CIDRs overlap', recommended: true },
    messages: {
      overlap:
        'Subnet {{subnet}}: CIDR {{cidr}} overlaps CIDR {{otherCidr}} of subnet {{other}} in the same VPC {{vpc}}, ' +
        'so EC2 refuses to create the second of the two.',
    },
    remediation:
      'Give every subnet of a VPC its own, disjoint CIDR block: cut them from the VPC block with Fn::Cidr (distinct ' +
      '`Fn::Select` indexes) or plan the ranges by hand so that no two share an address.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      // Subnets come sorted by key: the later one of a pair is reported.
      const byVpc = new Map<string, { subnet: SubnetElement; cidr: NonNullable<ReturnType<typeof knownCidr>> }[]>();
      for (const subnet of model.infra.subnets) {
        const cidr = knownCidr(subnet.cidr?.cidr);
        const vpc = vpcIdentity(subnet.vpc);
        if (!cidr || vpc === undefined) continue;
        const list = byVpc.get(vpc) ?? [];
        byVpc.set(vpc, list);
        for (const earlier of list) {
          if (!overlaps(earlier.cidr, cidr)) continue;
          ctx.report({
            messageId: 'overlap',
            at: subnet.cidr!.at,
            object: objectOf('Subnet', subnet),
            key: earlier.subnet.key,
            data: {
              subnet: label(subnet),
              cidr: cidr.text,
              other: label(earlier.subnet),
              otherCidr: earlier.cidr.text,
              vpc: vpcLabel(model.infra.vpcs, subnet.vpc),
            },
            related: [{ at: earlier.subnet.cidr!.at, message: `Subnet ${label(earlier.subnet)}: CIDR ${earlier.cidr.text}` }],
          });
        }
        list.push({ subnet, cidr });
      }
    },
  }),
});

function vpcLabel(vpcs: readonly { key: string; id?: string; name?: string }[], ref: Reference): string {
  const vpc = ref.resolved ? vpcs.find((v) => v.key === ref.key) : undefined;
  return vpc ? label(vpc) : ref.text;
}
