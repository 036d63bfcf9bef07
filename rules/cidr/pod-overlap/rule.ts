import { defineRule } from '../../../src/lint/define-rule.js';
import type { AddressSpace } from '../../../src/model/address-plan.js';
import { capitalize, hitsOf, keyOf, objectOfSpace, planOf, rangesText, relatedOf, sortHits } from '../overlap.js';

/** Ranges an overlay pod network must stay clear of: the VPC and every network pods talk to. Services: cidr/service-overlap. */
const AGAINST: ReadonlySet<AddressSpace['kind']> = new Set(['vpc', 'node', 'peered', 'routed', 'external']);

function effectOf(other: AddressSpace): string {
  const where = other.kind === 'vpc' || other.kind === 'node' ? 'VPC hosts (nodes, load balancers, endpoints)' : 'the hosts of that network';
  return (
    `every node routes the pod network into the overlay, so pods cannot reach ${where} at these addresses, ` +
    'and traffic addressed to pod IPs from outside the cluster is delivered to those hosts instead'
  );
}

export default defineRule({
  id: 'cidr/pod-overlap',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: "Report overlay pod networks that overlap the VPC's CIDRs, node subnets, peered or routed networks, or declared external networks",
      recommended: true,
    },
    messages: {
      overlaps: '{{range}} overlaps {{other}}: {{overlap}}. {{effect}}.',
    },
    remediation:
      'Give the overlay a pod network that no VPC, peered, routed or on-premises network uses (flannel `Network`, Calico IPPool `cidr`, ' +
      'Cilium `cluster-pool-ipv4-cidr`, kubeadm `networking.podSubnet` and kube-proxy `clusterCIDR` together), ' +
      'or use the AWS VPC CNI, whose pod IPs are VPC addresses.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const { spaces } = planOf(model, ctx.config);
      const others = spaces.filter((s) => AGAINST.has(s.kind));
      // With the VPC CNI pod IPs are VPC addresses: only overlay pod networks must stay clear of the VPC.
      for (const pods of spaces.filter((s) => s.kind === 'pod' && s.pod?.overlay === true)) {
        for (const hit of sortHits(hitsOf(pods, others))) {
          ctx.report({
            messageId: 'overlaps',
            at: pods.at,
            object: objectOfSpace(pods),
            key: keyOf(hit.space),
            data: { range: capitalize(pods.label), other: hit.space.label, overlap: rangesText(hit.common), effect: capitalize(effectOf(hit.space)) },
            related: relatedOf(hit),
          });
        }
      }
    },
  }),
});
