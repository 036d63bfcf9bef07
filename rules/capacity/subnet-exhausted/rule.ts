import type { RelatedLocation } from '../../../src/core/finding.js';
import { capacityReport } from '../../../src/capacity/report.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { objectOf } from '../../vpc/infra.js';
import { consumerRelated, useRelated, vpcCniOf } from '../common.js';

export default defineRule({
  id: 'capacity/subnet-exhausted',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report subnets with fewer usable addresses than their nodes, pods, warm pools and EKS ENIs take at maximum scale',
      recommended: true,
    },
    messages: {
      exhausted:
        'Subnet {{subnet}} ({{cidr}}): needs {{needed}} addresses at maximum scale but has {{usable}} usable (2^(32 − {{prefixLength}}) − 5): {{breakdown}}.',
    },
    remediation:
      'Give the node group larger subnets (or more of them), lower its maxSize, or shrink the warm pool the VPC CNI keeps per node ' +
      '(WARM_IP_TARGET with MINIMUM_IP_TARGET instead of WARM_ENI_TARGET); custom networking moves pod addresses to ENIConfig subnets in a secondary CIDR.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const report = capacityReport(model);
      const cni = vpcCniOf(model);
      for (const row of report.subnets) {
        if (row.headroom >= 0) continue;
        const el = model.infra.subnets.find((s) => s.key === row.key);
        if (!el) continue;
        const related: RelatedLocation[] = [...row.consumers.map(consumerRelated), ...row.settings.flatMap((s) => useRelated(cni, s))];
        ctx.report({
          messageId: 'exhausted',
          at: row.at,
          object: objectOf('Subnet', el),
          data: {
            subnet: row.label,
            cidr: row.cidr,
            needed: String(row.needed),
            usable: String(row.usable),
            prefixLength: String(row.prefixLength),
            breakdown: row.consumers.map((c) => `${c.label} ${c.formula}`).join('; '),
          },
          related,
        });
      }
    },
  }),
});
