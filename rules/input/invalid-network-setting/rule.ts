import { defineRule } from '../../../src/lint/define-rule.js';

export default defineRule({
  id: 'input/invalid-network-setting',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report CNI and cluster network settings whose value the plugin cannot use', recommended: true },
    messages: { invalidSetting: 'Setting {{setting}}: {{detail}}.' },
    remediation:
      'Write the value in the form the plugin documents (whole numbers for the WARM_*/MINIMUM_* targets, "true"/"false" for switches, comma-separated CIDRs for AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS, valid JSON in net-conf.json), or remove it to get the default.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Model(model) {
      for (const problem of model.cni.problems) {
        // "aws-node WARM_IP_TARGET: …" → the setting is what precedes the first colon.
        const colon = problem.message.indexOf(': ');
        const setting = colon > 0 ? problem.message.slice(0, colon) : 'network setting';
        const detail = colon > 0 ? problem.message.slice(colon + 2) : problem.message;
        const id = `setting/${setting}`;
        // The field path and the problem tell findings apart without line numbers, so fingerprints survive moved lines.
        const key = `${problem.at.path.join('.')}|${detail}`;
        ctx.report({ messageId: 'invalidSetting', at: problem.at, object: { id, fqn: id, name: setting }, key, data: { setting, detail: detail.replace(/[.\s]+$/, '') } });
      }
    },
  }),
});
