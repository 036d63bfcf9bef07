import type { RelatedLocation } from '../../../src/core/finding.js';
import { supportsPrefixDelegation } from '../../../src/capacity/pods-per-node.js';
import { instanceLimits } from '../../../src/data/eni-limits.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { objectOf, label } from '../../vpc/infra.js';
import { useRelated, vpcCniOf } from '../common.js';

export default defineRule({
  id: 'capacity/prefix-delegation-unsupported',
  meta: {
    type: 'problem',
    // A warning: on IPv4 the CNI silently falls back to secondary IPs, so nothing breaks by itself — the capacity is
    // just the secondary-IP number. A maxPods sized for prefixes on these nodes is the error capacity/max-pods-exceeds-ips reports.
    severity: 'warning',
    docs: {
      description: 'Report node groups on instance types that cannot use prefix delegation (neither Nitro nor bare metal) while ENABLE_PREFIX_DELEGATION=true',
      recommended: true,
    },
    messages: {
      fallsBack:
        'Node group {{nodeGroup}}: {{instanceType}} is a {{hypervisor}} instance type, so the VPC CNI ignores ENABLE_PREFIX_DELEGATION=true there ' +
        'and assigns secondary IPs: {{secondaryIp}} pods per node, not {{prefixes}}.',
      ipv6Refused:
        'Node group {{nodeGroup}}: {{instanceType}} is a {{hypervisor}} instance type; an IPv6 cluster needs prefix delegation, which it cannot use, so aws-node does not start and the nodes never become Ready.',
    },
    remediation: 'Use a Nitro-based (or bare-metal) instance type for node groups of a cluster with prefix delegation, or size maxPods for secondary IPs on these nodes.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const cni = vpcCniOf(model);
      if (!cni || !cni.prefixDelegation.value) return;
      const pd = { name: 'ENABLE_PREFIX_DELEGATION', value: 'true', source: cni.prefixDelegation.source, ...(cni.prefixDelegation.at ? { at: cni.prefixDelegation.at } : {}) };
      for (const ng of model.infra.nodeGroups) {
        for (const t of ng.instanceTypes) {
          if (!t.known) continue;
          const limits = instanceLimits(t.value);
          if (!limits || supportsPrefixDelegation(limits)) continue;
          const related: RelatedLocation[] = useRelated(cni, pd);
          const s = limits.ipv4PerEni - 1;
          const data = {
            nodeGroup: label(ng),
            instanceType: t.value,
            hypervisor: limits.hypervisor === 'xen' ? 'Xen' : 'non-Nitro',
            secondaryIp: `${limits.maxEnis} × (${limits.ipv4PerEni} − 1) + 2 = ${limits.maxEnis * s + 2}`,
            prefixes: `${limits.maxEnis} × ((${limits.ipv4PerEni} − 1) × 16) + 2 = ${limits.maxEnis * s * 16 + 2}`,
          };
          const base = { at: t.at, object: objectOf('NodeGroup', ng), key: t.value, related };
          if (cni.ipv6.value) ctx.report({ ...base, messageId: 'ipv6Refused', data });
          else ctx.report({ ...base, messageId: 'fallsBack', data });
        }
      }
    },
  }),
});
