import type { RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf } from '../../../src/core/source.js';
import { demandText, serviceCidrCapacity } from '../../../src/capacity/service-cidr.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { capitalize, objectOfSpace, planOf } from '../../cidr/overlap.js';

/** At most this many Services are listed as related locations. */
const RELATED_SERVICES = 10;

export default defineRule({
  id: 'capacity/service-cidr-too-small',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report service CIDRs with fewer allocatable addresses than the ClusterIPs the input’s Services need',
      recommended: true,
    },
    messages: {
      tooSmall: '{{range}}: {{allocatable}}; the input’s Services need {{needed}}: {{breakdown}}. Creating Services beyond that fails with “failed to allocate a serviceIP: range is full”.',
    },
    remediation:
      'Give the cluster a larger service CIDR (EKS: `kubernetesNetworkConfig.serviceIPv4CIDR`, /24 to /12, only at cluster creation; ' +
      'kubeadm: `networking.serviceSubnet`; or add a ServiceCIDR object on Kubernetes 1.33+), or make Services that need no virtual IP headless (`clusterIP: None`).',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const plan = planOf(model, ctx.config);
      for (const c of serviceCidrCapacity(model, ctx.config, plan)) {
        if (c.shortfall <= 0) continue;
        const d = c.needed;
        const services = [...d.clusterIp, ...d.nodePort, ...d.loadBalancer].slice(0, RELATED_SERVICES);
        const related: RelatedLocation[] = services.flatMap((s) => {
          const at = maybeRefOf(s.manifest, 'metadata', 'name');
          return at ? [{ at, message: `Service ${s.namespace}/${s.name} (${s.manifest.spec?.type ?? 'ClusterIP'}) takes a ClusterIP` }] : [];
        });
        ctx.report({
          messageId: 'tooSmall',
          at: c.space.at,
          object: objectOfSpace(c.space),
          key: c.space.cidr,
          data: {
            range: capitalize(c.space.label),
            allocatable: c.allocatable.why,
            needed: String(d.total),
            breakdown: demandText(d),
          },
          related,
        });
      }
    },
  }),
});
