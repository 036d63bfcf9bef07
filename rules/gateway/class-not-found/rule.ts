import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName } from '../../../src/model/index.js';

export default defineRule({
  id: 'gateway/class-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report Gateways whose gatewayClassName is not among the GatewayClasses of the input', recommended: true },
    messages: {
      classNotFound:
        'Gateway {{gateway}}: gatewayClassName {{class}} names no GatewayClass in the input, which declares {{classes}}. No controller will program this Gateway.',
    },
    remediation:
      'Set `spec.gatewayClassName` to one of the GatewayClasses the cluster runs (`kubectl get gatewayclass`), or add the GatewayClass.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => {
    const declared = ctx.model.gatewayClasses.map((c) => c.name).join(', ');
    return {
      Gateway(gw) {
        // Without any GatewayClass in the input, the classes live elsewhere (installed with the controller).
        if (ctx.model.gatewayClasses.length === 0) return;
        const cls = gw.manifest.spec.gatewayClassName;
        if (ctx.model.gatewayClass(cls)) return;
        ctx.report({
          messageId: 'classNotFound',
          at: refOf(gw.manifest, 'spec', 'gatewayClassName'),
          object: gw,
          data: { gateway: qualifiedName(gw), class: cls, classes: declared },
        });
      },
    };
  },
});
