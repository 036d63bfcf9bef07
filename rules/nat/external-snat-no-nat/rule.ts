import type { RelatedLocation } from '../../../src/core/finding.js';
import { defaultRoute } from '../../../src/engine/routing.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { RouteElement, SubnetElement } from '../../../src/model/infra/types.js';
import { cniObject, InfraIndex, label, podSubnets, settingText, targetText, vpcCniOf, type PodSubnet } from '../common.js';

export default defineRule({
  id: 'nat/external-snat-no-nat',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report AWS_VPC_K8S_CNI_EXTERNALSNAT=true while pods get addresses in public subnets that reach the internet through an internet gateway only',
      recommended: true,
    },
    messages: {
      noNat:
        '{{cni}} sets {{snat}}, but pods of {{via}} get addresses in public subnet(s) {{subnets}}, whose default route goes straight to {{gateways}}. Without the ' +
        "node's SNAT their traffic reaches the internet gateway with private pod addresses that have no public IP, so these pods cannot reach the internet.",
    },
    remediation:
      'Remove AWS_VPC_K8S_CNI_EXTERNALSNAT (or set it to false) so the VPC CNI translates pod traffic to the node address, which has a public ' +
      'IP; or move the nodes (or, with custom networking, the ENIConfig subnets) to private subnets whose default route goes to a NAT gateway.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const cni = vpcCniOf(model);
      const setting = cni?.externalSnat;
      if (!cni || !setting?.value || !setting.at) return;
      const index = new InfraIndex(model.infra);
      const owner = cniObject(model, cni);
      const bySubnet = new Map<string, { subnet: SubnetElement; users: PodSubnet[]; route: RouteElement | undefined }>();
      for (const use of podSubnets(model, index, cni)) {
        const { subnet } = use;
        const table = subnet.routeTable === undefined ? undefined : index.routeTables.get(subnet.routeTable);
        const route = table ? defaultRoute(table) : undefined;
        // Public: the default route goes to an internet gateway (eksctl states the tier where no table is known).
        const isPublic = route ? route.target.kind === 'igw' : !table && subnet.tier === 'public';
        if (!isPublic) continue;
        const entry = bySubnet.get(subnet.key) ?? { subnet, users: [], route };
        bySubnet.set(subnet.key, entry);
        entry.users.push(use);
      }
      // One finding: the setting is the one place to change, every public pod subnet is a related location.
      const entries = [...bySubnet.keys()].sort().map((k) => bySubnet.get(k)!);
      if (entries.length === 0) return;
      const related: RelatedLocation[] = [];
      for (const { subnet, users, route } of entries) {
        related.push({ at: subnet.at, message: `Subnet ${label(subnet)}${subnet.cidr?.cidr.known ? ` (${subnet.cidr.cidr.value})` : ''}: public` });
        if (route) related.push({ at: route.destination.at, message: `Default route of ${label(subnet)} to ${targetText(route)}` });
        for (const u of users) related.push({ at: u.viaAt, message: `${u.via}: pods take addresses in ${label(subnet)}` });
      }
      const unique = (xs: string[]) => [...new Set(xs)].join(', ');
      ctx.report({
        messageId: 'noNat',
        at: setting.at,
        object: owner.object,
        data: {
          cni: owner.text,
          snat: settingText('AWS_VPC_K8S_CNI_EXTERNALSNAT', setting),
          via: unique(entries.flatMap((e) => e.users.map((u) => u.via))),
          subnets: entries.map((e) => label(e.subnet)).join(', '),
          gateways: unique(entries.map((e) => (e.route ? targetText(e.route) : 'an internet gateway (eksctl public subnet)'))),
        },
        related,
      });
    },
  }),
});
