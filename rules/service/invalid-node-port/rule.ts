import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { nodePortRange } from '../node-port-range.js';
import { qualifiedName, serviceTypeOf } from '../../../src/model/index.js';
import { portLabel } from '../shared.js';

export default defineRule({
  id: 'service/invalid-node-port',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: "Report nodePorts outside the cluster's NodePort range or on Services that cannot have one", recommended: true },
    messages: {
      outOfRange:
        "Service {{service}}: nodePort {{nodePort}} of port {{port}} is outside the cluster's NodePort range {{range}}; " +
        'the API server rejects it (provided port is not in the valid range).',
      healthCheckOutOfRange:
        "Service {{service}}: healthCheckNodePort {{nodePort}} is outside the cluster's NodePort range {{range}}; " +
        'the API server rejects it (provided port is not in the valid range).',
      clusterIpType:
        "Service {{service}}: nodePort {{nodePort}} of port {{port}} may not be used when type is ClusterIP{{typeNote}}; the API server rejects it. " +
        'Use type NodePort or LoadBalancer, or remove the nodePort.',
      externalNameType:
        'Service {{service}}: nodePort {{nodePort}} of port {{port}} has no effect on an ExternalName Service, which gets no node port, ' +
        'no cluster IP and no proxying.',
    },
    remediation:
      'Pick a nodePort inside the range kube-apiserver allocates from (`--service-node-port-range`, 30000-32767 unless changed), ' +
      'or leave nodePort out and let the API server pick one. Only Services of type NodePort or LoadBalancer have node ports.',
    schema: {
      range: {
        type: 'string',
        pattern: '^\\s*\\d{1,5}\\s*-\\s*\\d{1,5}\\s*$',
        description:
          "The cluster's NodePort range, `min-max` inclusive, as given to kube-apiserver's `--service-node-port-range` " +
          '(Kubernetes default 30000-32767). Both ends are port numbers from 1 to 65535 and min ≤ max.',
      },
    },
    defaultOptions: { range: '30000-32767' },
    precision: 'very-high',
  },
  create: (ctx, options) => {
    const range = nodePortRange(ctx.id, options.range);
    const inRange = (n: number) => n >= range.min && n <= range.max;
    const rangeText = `${range.min}-${range.max}`;
    return {
      Service(svc) {
        const spec = svc.manifest.spec;
        if (!spec) return;
        const type = serviceTypeOf(svc);
        const service = qualifiedName(svc);
        for (const port of spec.ports ?? []) {
          const nodePort = port.nodePort;
          if (nodePort === undefined) continue;
          const base = { at: refOf(port, 'nodePort'), object: svc };
          const data = { service, nodePort, port: portLabel(port) };
          if (type === 'ClusterIP') {
            const typeNote = spec.type === undefined ? ' (the default when type is not set)' : '';
            ctx.report({ ...base, messageId: 'clusterIpType', data: { ...data, typeNote } });
          } else if (type === 'ExternalName') {
            ctx.report({ ...base, messageId: 'externalNameType', data });
          } else if (!inRange(nodePort)) {
            ctx.report({ ...base, messageId: 'outOfRange', data: { ...data, range: rangeText } });
          }
        }
        // Allocated from the same range, only for LoadBalancer Services with externalTrafficPolicy Local.
        const health = spec.healthCheckNodePort;
        if (health !== undefined && type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !inRange(health)) {
          ctx.report({
            messageId: 'healthCheckOutOfRange',
            at: refOf(spec, 'healthCheckNodePort'),
            object: svc,
            data: { service, nodePort: health, range: rangeText },
          });
        }
      },
    };
  },
});
