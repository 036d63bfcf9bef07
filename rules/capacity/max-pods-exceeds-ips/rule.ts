import type { RelatedLocation } from '../../../src/core/finding.js';
import { capacityReport } from '../../../src/capacity/report.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { objectOf } from '../../vpc/infra.js';
import { settingsText, useRelated, vpcCniOf } from '../common.js';

const MODE_TEXT: Record<string, string> = {
  'secondary-ip': 'secondary-IP',
  'custom-networking': 'custom-networking',
  'prefix-delegation': 'prefix-delegation',
  'prefix-delegation+custom-networking': 'prefix-delegation + custom-networking',
};

export default defineRule({
  id: 'capacity/max-pods-exceeds-ips',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: "Report node groups whose kubelet maxPods is above the pod IP addresses their ENIs can hold in the VPC CNI's mode",
      recommended: true,
    },
    messages: {
      maxPodsAboveIps:
        'Node group {{nodeGroup}}: kubelet allows {{maxPods}} pods on a {{instanceType}} node ({{maxPodsFormula}}) but its ENIs hold only ' +
        '{{ipCapacity}} in {{mode}} mode ({{formula}}; {{settings}}), so up to {{excess}} pods per node stay in ContainerCreating ("failed to assign an IP address to container").',
    },
    remediation:
      'Set the node group\'s maxPodsPerNode (kubelet maxPods) to the IP capacity of the mode in force — the AMI\'s max-pods-calculator.sh with ' +
      '--cni-custom-networking-enabled / --cni-prefix-delegation-enabled gives it — or enable prefix delegation on Nitro instance types, or choose an instance type with more ENIs or addresses per ENI.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const cni = vpcCniOf(model);
      if (!cni || cni.ipv6.value) return;
      const report = capacityReport(model);
      for (const ng of report.nodeGroups) {
        const el = model.infra.nodeGroups.find((n) => n.key === ng.key);
        if (!el) continue;
        for (const t of ng.instanceTypes) {
          const p = t.pods;
          if (!p || p.maxPods <= p.ipCapacity) continue;
          const stated = ng.maxPodsPerNode;
          const related: RelatedLocation[] = [];
          if (stated) related.push({ at: t.at, message: `instance type ${t.type}: ${p.formula}` });
          else related.push({ at: el.at, message: `${ng.managed ? 'EKS managed' : 'self-managed'} node group ${ng.label}: no maxPodsPerNode, so kubelet maxPods is ${p.maxPodsFormula}` });
          for (const s of ng.settings) related.push(...useRelated(cni, s));
          ctx.report({
            messageId: 'maxPodsAboveIps',
            at: stated ? stated.at : t.at,
            object: objectOf('NodeGroup', el),
            key: t.type,
            data: {
              nodeGroup: ng.label,
              maxPods: String(p.maxPods),
              maxPodsFormula: p.maxPodsFormula,
              instanceType: t.type,
              ipCapacity: String(p.ipCapacity),
              mode: MODE_TEXT[p.mode] ?? p.mode,
              formula: p.formula,
              settings: settingsText(ng.settings),
              excess: String(p.maxPods - p.ipCapacity),
            },
            related,
          });
        }
      }
    },
  }),
});
