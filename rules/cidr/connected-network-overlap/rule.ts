import { compareRefs } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { ipsOf, type AddressSpace } from '../../../src/model/address-plan.js';
import { capitalize, keyOf, objectOfSpace, planOf, rangesText, sameScope } from '../overlap.js';
import type { RelatedLocation } from '../../../src/core/finding.js';

/**
 * Where a connected network is reported: a peering at the connection (PeerVpcId, the peering record), a
 * route at its destination, an external network at its CIDR in netreach.yaml.
 */
const reportAt = (s: AddressSpace) => (s.kind === 'peered' && s.via ? s.via.at : s.at);

/**
 * Whether a connected network clashes with a CIDR of the VPC it is connected to. A peering clashes on any
 * overlap (AWS fails a peering between VPCs with overlapping IPv4 CIDRs). A route or a declared network
 * clashes when it lies inside the VPC's block: a wider one (10.0.0.0/8 to a transit gateway around a
 * 10.1.0.0/16 VPC) is a summary that longest-prefix match resolves, the local route winning for the VPC.
 */
function clashesWithVpc(network: AddressSpace, vpc: AddressSpace): boolean {
  if (network.kind === 'peered') return true;
  return ipsOf(network).isSubsetOf(ipsOf(vpc));
}

function effectOf(network: AddressSpace, other: AddressSpace): string {
  if (other.kind === 'peered') return 'Replies to these addresses can only be routed to one of the two peered VPCs';
  if (network.kind === 'peered') return 'AWS fails a VPC peering connection between VPCs with overlapping IPv4 CIDR blocks';
  // Amazon VPC user guide, subnet route tables: a route more specific than the local route must match a whole
  // subnet CIDR and target a NAT gateway, network interface or Gateway Load Balancer endpoint.
  if (network.kind === 'routed')
    return 'These addresses belong to the VPC itself: AWS takes a route inside a VPC CIDR only for a whole subnet through a NAT gateway, network interface or Gateway Load Balancer endpoint, so the network behind this route cannot be reached there';
  return 'Hosts of the external network at these addresses cannot be told apart from VPC hosts: traffic to them stays in the VPC';
}

export default defineRule({
  id: 'cidr/connected-network-overlap',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        "Report peered VPCs, routed networks and declared external networks whose CIDRs overlap the VPC's own CIDRs, and peered VPCs overlapping each other",
      recommended: true,
    },
    messages: {
      overlaps: '{{network}} overlaps {{other}}: {{overlap}}. {{effect}}.',
    },
    remediation:
      'Readdress one side so that every network joined by peering, a transit gateway or a VPN has CIDRs of its own; where that is ' +
      'impossible, connect through a private NAT gateway and route only to the translated range.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const spaces = planOf(model, ctx.config).spaces;
      const vpcs = spaces.filter((s) => s.kind === 'vpc');
      const networks = spaces.filter((s) => s.kind === 'peered' || s.kind === 'routed' || s.kind === 'external');
      const report = (network: AddressSpace, other: AddressSpace, extra: RelatedLocation[] = []) => {
        const common = ipsOf(network).intersect(ipsOf(other));
        ctx.report({
          messageId: 'overlaps',
          at: reportAt(network),
          object: objectOfSpace(network),
          key: keyOf(other),
          data: { network: capitalize(network.label), other: other.label, overlap: rangesText(common), effect: effectOf(network, other) },
          related: [
            ...(reportAt(network) !== network.at ? [{ at: network.at, message: capitalize(network.label) }] : []),
            { at: reportAt(other), message: capitalize(other.label) },
            ...extra,
          ],
        });
      };
      const peeringKeys = new Set(networks.filter((s) => s.kind === 'peered').map((s) => s.owner.key));
      for (const network of networks) {
        // A route to a peering whose CIDRs the plan knows: the peering is reported, not each route to it.
        if (network.kind === 'routed' && network.via?.kind === 'pcx' && network.via.key !== undefined && peeringKeys.has(network.via.key)) continue;
        for (const vpc of vpcs) {
          if (!sameScope(network, vpc) || !ipsOf(network).overlaps(ipsOf(vpc)) || !clashesWithVpc(network, vpc)) continue;
          report(network, vpc);
        }
      }
      // Two peerings of one VPC to overlapping ranges: each pair once, at the later peering.
      const peered = networks.filter((s) => s.kind === 'peered').sort((a, b) => compareRefs(reportAt(a), reportAt(b)));
      peered.forEach((p, j) => {
        for (const q of peered.slice(0, j)) {
          if (q.owner.key === p.owner.key || p.vpc === undefined || p.vpc !== q.vpc || !ipsOf(p).overlaps(ipsOf(q))) continue;
          report(p, q);
        }
      });
    },
  }),
});
