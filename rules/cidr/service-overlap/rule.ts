import { defineRule } from '../../../src/lint/define-rule.js';
import type { AddressSpace } from '../../../src/model/address-plan.js';
import { capitalize, hitsOf, keyOf, objectOfSpace, planOf, rangesText, relatedOf, sortHits } from '../overlap.js';

/** What sharing addresses with the service CIDR does, by the kind of the other range. */
function effectOf(service: AddressSpace, other: AddressSpace): string {
  const shadow =
    'kube-proxy on every node redirects traffic to a Service IP to that Service’s pods, so a Service given one of these addresses hides the host that has it from every pod';
  switch (other.kind) {
    case 'vpc':
    case 'node':
      return service.owner.type === 'cluster' && service.owner.key !== ''
        ? `EKS requires the service CIDR not to overlap any CIDR block of the cluster’s VPC; ${shadow}`
        : shadow;
    case 'pod':
    case 'node-pod':
      return 'pod and Service addresses must be distinct: a pod holding one of these addresses is shadowed by any Service given it, and replies from it are mistaken for Service traffic';
    default:
      return shadow;
  }
}

export default defineRule({
  id: 'cidr/service-overlap',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report service CIDRs that overlap pod ranges, node subnets, VPC CIDRs, peered or routed networks, or declared external networks',
      recommended: true,
    },
    messages: {
      overlaps: '{{range}} overlaps {{other}}: {{overlap}}. {{effect}}.',
    },
    remediation:
      'Choose a service CIDR that no VPC, pod range, peered VPC, routed or on-premises network uses (EKS: set ' +
      '`kubernetesNetworkConfig.serviceIPv4CIDR` / `KubernetesNetworkConfig.ServiceIpv4Cidr` at cluster creation — it cannot be changed later; ' +
      'kubeadm: `networking.serviceSubnet`), or move the other network.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const { spaces } = planOf(model, ctx.config);
      const others = spaces.filter((s) => s.kind !== 'service');
      for (const service of spaces.filter((s) => s.kind === 'service')) {
        for (const hit of sortHits(hitsOf(service, others))) {
          ctx.report({
            messageId: 'overlaps',
            at: service.at,
            object: objectOfSpace(service),
            key: keyOf(hit.space),
            data: {
              range: capitalize(service.label),
              other: hit.space.label,
              overlap: rangesText(hit.common),
              effect: capitalize(effectOf(service, hit.space)),
            },
            related: relatedOf(hit),
          });
        }
      }
    },
  }),
});
