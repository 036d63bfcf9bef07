import { defineRule } from '../../../src/lint/define-rule.js';
import { kubeProxyPlans } from '../../../src/model/kube-proxy.js';
import { planObject, planSubject } from '../common.js';

/**
 * The schedulers kube-proxy's configuration validation accepts (pkg/proxy/apis/config/validation validateIPVSSchedulerMethod:
 * rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed, nq; "" = the default, rr). Since the IPVS section is validated only in
 * ipvs mode (`if config.Mode == ProxyModeIPVS`), another value stops kube-proxy from starting in ipvs mode and is
 * ignored in the others.
 */
const IPVS_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq'] as const;

export default defineRule({
  id: 'kube-proxy/invalid-ipvs-scheduler',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report IPVS schedulers kube-proxy does not accept, and (optionally) schedulers set outside ipvs mode', recommended: true },
    messages: {
      invalidScheduler:
        '{{subject}}: ipvs.scheduler "{{scheduler}}" is not one kube-proxy accepts ({{allowed}}); in ipvs mode kube-proxy fails its configuration validation and does not start.',
      schedulerIgnored: '{{subject}}: ipvs.scheduler "{{scheduler}}" has no effect: kube-proxy runs in {{mode}} mode and only the ipvs mode uses a scheduler.',
    },
    remediation:
      'Use one of rr, wrr, lc, wlc, lblc, lblcr, sh, dh, sed or nq (or leave ipvs.scheduler empty for rr); set `mode: ipvs` ' +
      'if IPVS load balancing was intended, or remove the ipvs section.',
    schema: {
      reportIgnored: {
        type: 'boolean',
        description: 'Also report an ipvs.scheduler set while kube-proxy runs in another mode (a setting with no effect, not an error).',
      },
    },
    defaultOptions: { reportIgnored: false as boolean },
  },
  create: (ctx, { reportIgnored }) => ({
    Model(model) {
      for (const plan of kubeProxyPlans(model)) {
        const scheduler = plan.ipvsScheduler;
        if (!plan.effective || !scheduler?.at || scheduler.value === '') continue;
        const base = { at: scheduler.at, object: planObject(plan), key: 'ipvs.scheduler' };
        const subject = planSubject(plan);
        if (plan.mode.value === 'ipvs') {
          if ((IPVS_SCHEDULERS as readonly string[]).includes(scheduler.value)) continue;
          const related = plan.mode.at ? [{ at: plan.mode.at, message: 'mode: ipvs' }] : [];
          ctx.report({ ...base, messageId: 'invalidScheduler', data: { subject, scheduler: scheduler.value, allowed: IPVS_SCHEDULERS.join(', ') }, related });
        } else if (reportIgnored) {
          const related = plan.mode.at ? [{ at: plan.mode.at, message: `mode: ${plan.mode.value}` }] : [];
          ctx.report({ ...base, messageId: 'schedulerIgnored', data: { subject, scheduler: scheduler.value, mode: plan.mode.value }, related });
        }
      }
    },
  }),
});
