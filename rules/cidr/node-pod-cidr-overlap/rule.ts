import { compareRefs } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { ipsOf } from '../../../src/model/address-plan.js';
import { capitalize, keyOf, objectOfSpace, planOf, rangesText } from '../overlap.js';

export default defineRule({
  id: 'cidr/node-pod-cidr-overlap',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: "Report Nodes whose spec.podCIDR(s) overlap another Node's, so that two nodes hand out the same pod IPs",
      recommended: true,
    },
    messages: {
      overlaps: 'Node {{node}}: {{range}} overlaps {{other}}: {{overlap}}. Both nodes assign pod IPs from these addresses, so two pods can get the same IP and traffic to it reaches only one of them.',
    },
    remediation:
      'Let kube-controller-manager allocate node pod CIDRs (`--allocate-node-cidrs` with `--cluster-cidr`), or give every Node a ' +
      '`spec.podCIDR` / `spec.podCIDRs` range of its own that no other Node uses.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      // In location order: each pair is reported once, at the later of the two ranges.
      const ranges = planOf(model, ctx.config)
        .spaces.filter((s) => s.kind === 'node-pod')
        .sort((a, b) => compareRefs(a.at, b.at));
      ranges.forEach((range, j) => {
        for (const earlier of ranges.slice(0, j)) {
          if (earlier.owner.key === range.owner.key) continue; // one Node's IPv4 and IPv6 ranges
          const common = ipsOf(range).intersect(ipsOf(earlier));
          if (common.isEmpty()) continue;
          ctx.report({
            messageId: 'overlaps',
            at: range.at,
            object: objectOfSpace(range),
            key: keyOf(earlier),
            data: { node: range.owner.key, range: range.label, other: earlier.label, overlap: rangesText(common) },
            related: [{ at: earlier.at, message: capitalize(earlier.label) }],
          });
        }
      });
    },
  }),
});
