import type { RelatedLocation } from '../../../src/core/finding.js';
import { IpSet } from '../../../src/engine/ip.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { NodeGroupElement, RouteElement, RouteTableElement, SubnetElement, VpcElement } from '../../../src/model/infra/types.js';
import { objectOf } from '../../vpc/infra.js';
import {
  effectiveDestinations,
  InfraIndex,
  label,
  nodeGroupSubnets,
  PRIVATE_SPACE,
  rangesText,
  settingRelated,
  settingText,
  targetText,
  vpcCidrs,
  vpcCniOf,
} from '../common.js';

/**
 * Route targets that lead to other private networks where the pod address could have been seen: peerings,
 * transit and virtual private gateways (VPN, Direct Connect), appliances (ENI / instance). NAT gateways are
 * left out: they translate the source themselves, so the CNI's SNAT does not change what the peer sees.
 */
const PRIVATE_PATHS = new Set(['pcx', 'tgw', 'vgw', 'eni', 'instance']);

interface TableUse {
  table: RouteTableElement;
  vpc: VpcElement;
  subnets: SubnetElement[];
  nodeGroups: NodeGroupElement[];
}

export default defineRule({
  id: 'nat/pod-ip-snat',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: {
      description: "Report private routes out of the VPC on which the VPC CNI replaces pod addresses with the node's address",
      recommended: true,
    },
    messages: {
      podIpSnat:
        'Route table {{table}}: pods of node group(s) {{nodeGroups}} reach {{ranges}} through route {{destination}} to {{target}} with their ' +
        "node's address, not their own: with {{snat}} the VPC CNI translates pod traffic to addresses outside the VPC's CIDR blocks to the " +
        "primary IP of the node's primary network interface, so firewalls, security groups and NetworkPolicies on the other side cannot tell the pods apart.",
    },
    remediation:
      'If the other side must see pod addresses, list its ranges in AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS on the aws-node DaemonSet (the pods ' +
      'then need a return route there), or set AWS_VPC_K8S_CNI_EXTERNALSNAT=true when the nodes are in private subnets behind a NAT ' +
      'gateway. If node addresses are intended, allow the node subnets on the other side and ignore this finding for that route.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const cni = vpcCniOf(model);
      // EXTERNALSNAT=true: no SNAT rule at all, pods keep their address everywhere (nat/external-snat-no-nat and
      // nat/pod-ip-no-return-route judge that case).
      if (!cni || cni.externalSnat.value) return;
      const index = new InfraIndex(model.infra);
      const excluded = IpSet.fromCidrs(cni.excludeSnatCidrs.value.map((i) => i.value));

      // The SNATed packets leave through the primary ENI (the CNI's off-VPC ip rule sends them to the main
      // routing table), so the node subnets' route tables decide where they go — also with custom networking.
      const uses = new Map<string, TableUse>();
      for (const ng of model.infra.nodeGroups)
        for (const subnet of nodeGroupSubnets(index, ng)) {
          const table = subnet.routeTable === undefined ? undefined : index.routeTables.get(subnet.routeTable);
          const vpc = index.vpc(subnet.vpc);
          if (!table || !vpc) continue;
          const use = uses.get(table.key) ?? { table, vpc, subnets: [], nodeGroups: [] };
          uses.set(table.key, use);
          if (!use.subnets.includes(subnet)) use.subnets.push(subnet);
          if (!use.nodeGroups.includes(ng)) use.nodeGroups.push(ng);
        }

      for (const key of [...uses.keys()].sort()) {
        const { table, vpc, subnets, nodeGroups } = uses.get(key)!;
        const inVpc = vpcCidrs(vpc);
        if (!inVpc) continue; // a symbolic VPC block: "outside the VPC" is not known
        const carried = effectiveDestinations(table);
        for (const route of table.routes) {
          if (!route.active || !PRIVATE_PATHS.has(route.target.kind)) continue;
          let dest = carried.get(route);
          if (!dest) continue;
          // A default route to a private path (centralised egress through a TGW, on-prem over a VGW): the internet
          // part gets translated by whatever NAT gives it a public address anyway; the private ranges behind it do not.
          if (isDefault(route)) dest = dest.intersect(PRIVATE_SPACE);
          const snatted = IpSet.allV4().intersect(dest).subtract(inVpc).subtract(excluded);
          if (snatted.isEmpty()) continue;
          ctx.report({
            messageId: 'podIpSnat',
            at: route.destination.at,
            object: objectOf('RouteTable', table),
            key: `${route.destination.known ? route.destination.value : route.destination.expr}>${route.target.ref.text}`,
            data: {
              table: label(table),
              destination: route.destination.known ? route.destination.value : route.destination.expr,
              target: targetText(route),
              snat: settingText('AWS_VPC_K8S_CNI_EXTERNALSNAT', cni.externalSnat),
              ranges: rangesText(snatted),
              nodeGroups: nodeGroups.map(label).join(', '),
            },
            related: related(cni, route, subnets, nodeGroups),
          });
        }
      }
    },
  }),
});

function isDefault(route: RouteElement): boolean {
  return route.destination.known && /\/0$/.test(route.destination.value);
}

function related(
  cni: NonNullable<ReturnType<typeof vpcCniOf>>,
  route: RouteElement,
  subnets: readonly SubnetElement[],
  nodeGroups: readonly NodeGroupElement[],
): RelatedLocation[] {
  const out: RelatedLocation[] = [settingRelated(cni, 'AWS_VPC_K8S_CNI_EXTERNALSNAT', cni.externalSnat)];
  if (cni.excludeSnatCidrs.at) out.push(settingRelated(cni, 'AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS', cni.excludeSnatCidrs));
  out.push({ at: route.target.ref.at, message: `Route target: ${targetText(route)}` });
  for (const s of subnets) out.push({ at: s.at, message: `Subnet ${label(s)}${s.cidr?.cidr.known ? ` (${s.cidr.cidr.value})` : ''}, which uses this route table` });
  for (const ng of nodeGroups) out.push({ at: ng.at, message: `Node group ${label(ng)}, whose pods are SNATed on this route` });
  return out;
}
