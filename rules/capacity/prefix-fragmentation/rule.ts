import type { RelatedLocation } from '../../../src/core/finding.js';
import { capacityReport } from '../../../src/capacity/report.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { objectOf } from '../../vpc/infra.js';
import { consumerRelated, useRelated, vpcCniOf } from '../common.js';

export default defineRule({
  id: 'capacity/prefix-fragmentation',
  meta: {
    type: 'problem',
    // A warning: the certain case (not enough aligned /28 blocks even when every individual address is packed) and
    // the risky one (scattered /32s can take the blocks) share the cause; how EC2 places /32s is not in the files.
    severity: 'warning',
    precision: 'medium',
    docs: {
      description: 'Report subnets that cannot offer, or may not offer once fragmented, the aligned /28 blocks prefix delegation needs at maximum scale',
      recommended: true,
    },
    messages: {
      notEnoughBlocks:
        'Subnet {{subnet}} ({{cidr}}): prefix delegation needs {{prefixes}} aligned /28 blocks at maximum scale ({{breakdown}}) but the subnet offers {{blocks}} ' +
        '({{blocksFormula}}), {{bestCase}} at best once its {{singles}} individual addresses are placed, so prefix allocation fails with InsufficientCidrBlocks.',
      thinMargin:
        'Subnet {{subnet}} ({{cidr}}): prefix delegation needs {{prefixes}} aligned /28 blocks at maximum scale ({{breakdown}}); the subnet offers {{blocks}} ' +
        '({{blocksFormula}}), but its {{singles}} individual addresses can each land in a different block and leave {{worstCase}}, so allocation can fail with InsufficientCidrBlocks.',
    },
    remediation:
      'Give prefix-delegation nodes larger (or dedicated) subnets, or reserve the blocks with a subnet CIDR reservation of type prefix ' +
      '(aws ec2 create-subnet-cidr-reservation --reservation-type prefix) so individual addresses cannot fragment them.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const report = capacityReport(model);
      const cni = vpcCniOf(model);
      for (const row of report.subnets) {
        const p = row.prefixes;
        if (!p || p.needed <= p.worstCase) continue;
        const el = model.infra.subnets.find((s) => s.key === row.key);
        if (!el) continue;
        const related: RelatedLocation[] = [...row.consumers.map(consumerRelated), ...row.settings.flatMap((s) => useRelated(cni, s))];
        const data = {
          subnet: row.label,
          cidr: row.cidr,
          prefixes: String(p.needed),
          breakdown: row.consumers
            .filter((c) => c.prefixesPerNode > 0)
            .map((c) => `${c.label}: ${c.nodes} nodes × ${c.prefixesPerNode} prefixes`)
            .join('; '),
          blocks: String(p.blocks),
          blocksFormula:
            row.prefixLength <= 28
              ? `2^(28 − ${row.prefixLength}) − 2 = ${p.blocks}: all /28s but the first and the last, which hold reserved addresses`
              : 'no /28 fits in a subnet this small',
          singles: String(p.singles),
          bestCase: String(p.bestCase),
          worstCase: String(p.worstCase),
        };
        const base = { at: row.at, object: objectOf('Subnet', el), related };
        if (p.needed > p.bestCase) ctx.report({ ...base, messageId: 'notEnoughBlocks', data });
        else ctx.report({ ...base, messageId: 'thinMargin', data });
      }
    },
  }),
});
