import type { RelatedLocation } from '../../../src/core/finding.js';
import type { SourceRef } from '../../../src/core/source.js';
import { IpSet } from '../../../src/engine/ip.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { GatewayElement, RouteElement, RouteTableElement, SubnetElement, VpcElement } from '../../../src/model/infra/types.js';
import {
  cniObject,
  effectiveDestinations,
  gatewayOf,
  InfraIndex,
  label,
  podSubnets,
  rangesText,
  settingText,
  subnetRange,
  targetText,
  vpcCidrs,
  vpcCniOf,
  type PodSubnet,
} from '../common.js';

/** Route targets a reply can take back toward the pods' VPC: private paths, not the internet. */
const RETURN_PATHS = new Set(['local', 'pcx', 'tgw', 'vgw', 'eni', 'instance']);

export default defineRule({
  id: 'nat/pod-ip-no-return-route',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: "Report pod addresses kept toward a peered VPC whose route tables have no route back to them",
      recommended: true,
    },
    messages: {
      noReturn:
        '{{cni}} keeps the pod address toward {{destination}} ({{because}}), but route table {{peerTable}} of peered VPC {{peerVpc}} has no ' +
        'route back to {{missing}}: replies to pods in subnet {{podSubnet}} ({{via}}) are dropped or leave for the internet, so connections ' +
        'from these pods through {{peering}} never complete.',
    },
    remediation:
      "Add a route for the pod subnets' CIDR (for custom networking, the secondary block such as 100.64.0.0/16) to the peer VPC's route tables " +
      'through the same peering connection; or let the VPC CNI translate pod traffic to the node address for this destination (remove it ' +
      'from AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS, or unset AWS_VPC_K8S_CNI_EXTERNALSNAT) when the peer routes the node subnets back.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const cni = vpcCniOf(model);
      if (!cni) return;
      const index = new InfraIndex(model.infra);
      const owner = cniObject(model, cni);
      const excluded = cni.excludeSnatCidrs.value.map((i) => ({ ...i, set: IpSet.fromCidr(i.value) }));
      const keptAll = cni.externalSnat.value;
      if (!keptAll && excluded.length === 0) return; // every destination outside the VPC sees the node address

      for (const use of podSubnets(model, index, cni)) {
        const { subnet } = use;
        const podRange = subnetRange(subnet);
        const vpc = index.vpc(subnet.vpc);
        const table = subnet.routeTable === undefined ? undefined : index.routeTables.get(subnet.routeTable);
        const inVpc = vpc && vpcCidrs(vpc);
        if (!podRange || !vpc || !table || !inVpc) continue;
        const carried = effectiveDestinations(table);
        for (const route of table.routes) {
          if (!route.active || route.target.kind !== 'pcx') continue;
          const gw = gatewayOf(model, route);
          const peerVpc = gw ? index.vpc(gw.peer?.vpc) : undefined;
          const dest = carried.get(route)?.subtract(inVpc);
          if (!gw || !peerVpc || !dest || dest.isEmpty()) continue;
          // Where the pod address survives the CNI: everywhere with EXTERNALSNAT, else the excluded blocks.
          const keeping = keptAll ? [] : excluded.filter((e) => e.set.overlaps(dest));
          const kept = keptAll ? dest : dest.intersect(IpSet.fromCidrs(keeping.map((e) => e.value)));
          if (kept.isEmpty()) continue;
          for (const peer of peerTables(index, peerVpc, kept)) {
            const missing = podRange.subtract(returnable(peer.table));
            if (missing.isEmpty()) continue;
            const at: SourceRef = keptAll ? cni.externalSnat.at! : keeping[0]!.at;
            const because = keptAll
              ? settingText('AWS_VPC_K8S_CNI_EXTERNALSNAT', cni.externalSnat)
              : `AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS lists ${keeping.map((e) => e.value).join(', ')}`;
            ctx.report({
              messageId: 'noReturn',
              at,
              object: owner.object,
              key: `${subnet.key}>${gw.key}>${peer.table.key}`,
              data: {
                cni: owner.text,
                destination: rangesText(kept),
                because,
                peerTable: label(peer.table),
                peerVpc: label(peerVpc),
                missing: rangesText(missing),
                podSubnet: label(subnet),
                via: use.via,
                peering: label(gw),
              },
              related: related(use, subnet, route, gw, peer.table, peer.subnets),
            });
          }
        }
      }
    },
  }),
});

/**
 * The peer VPC's route tables that replies start from: those of its subnets holding addresses the pods talk
 * to. Only tables the model has, with their subnets: nothing is concluded about a part of the peer not in the input.
 */
function peerTables(index: InfraIndex, peerVpc: VpcElement, kept: IpSet): { table: RouteTableElement; subnets: SubnetElement[] }[] {
  const out = new Map<string, { table: RouteTableElement; subnets: SubnetElement[] }>();
  for (const s of index.infra.subnets) {
    if (index.vpc(s.vpc) !== peerVpc || s.routeTable === undefined) continue;
    const range = subnetRange(s);
    const table = index.routeTables.get(s.routeTable);
    if (!range || !table || !range.overlaps(kept)) continue;
    const entry = out.get(table.key) ?? { table, subnets: [] };
    out.set(table.key, entry);
    entry.subnets.push(s);
  }
  return [...out.keys()].sort().map((k) => out.get(k)!);
}

/** The addresses a table sends over a private path (longest prefix decides): where replies can find their way back. */
function returnable(table: RouteTableElement): IpSet {
  let out = IpSet.empty();
  for (const [route, set] of effectiveDestinations(table)) if (route.active && RETURN_PATHS.has(route.target.kind)) out = out.union(set);
  return out;
}

function related(
  use: PodSubnet,
  subnet: SubnetElement,
  route: RouteElement,
  gw: GatewayElement,
  peerTable: RouteTableElement,
  peerSubnets: readonly SubnetElement[],
): RelatedLocation[] {
  return [
    { at: subnet.cidr?.at ?? subnet.at, message: `Subnet ${label(subnet)}: the pods' addresses (${use.via})` },
    { at: use.viaAt, message: `${use.via} puts pods in ${label(subnet)}` },
    { at: route.destination.at, message: `Route to ${targetText(route)}` },
    { at: gw.at, message: `VPC peering connection ${label(gw)}` },
    { at: peerTable.at, message: `Route table ${label(peerTable)} of the peer: no route back to the pods` },
    ...peerSubnets.map((s) => ({ at: s.at, message: `Peer subnet ${label(s)}, which uses that route table` })),
  ];
}
