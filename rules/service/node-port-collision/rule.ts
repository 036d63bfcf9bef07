import { refOf, type SourceRef } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName, serviceTypeOf, type ServiceNode } from '../../../src/model/index.js';
import { allocatesNodePorts, portLabel } from '../shared.js';

interface NodePortUse {
  svc: ServiceNode;
  at: SourceRef;
  /** "port http (80/TCP)" or "the health check" (healthCheckNodePort). */
  what: string;
}

/** The node ports a Service takes from the cluster-wide pool, each number once, in the order written. */
function nodePortsOf(svc: ServiceNode): Map<number, NodePortUse> {
  const uses = new Map<number, NodePortUse>();
  const spec = svc.manifest.spec;
  if (!spec || !allocatesNodePorts(svc)) return uses;
  for (const port of spec.ports ?? []) {
    if (port.nodePort === undefined || uses.has(port.nodePort)) continue;
    uses.set(port.nodePort, { svc, at: refOf(port, 'nodePort'), what: `port ${portLabel(port)}` });
  }
  const health = spec.healthCheckNodePort;
  if (health !== undefined && serviceTypeOf(svc) === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !uses.has(health)) {
    uses.set(health, { svc, at: refOf(spec, 'healthCheckNodePort'), what: 'the health check' });
  }
  return uses;
}

export default defineRule({
  id: 'service/node-port-collision',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report node ports that two Services of the cluster ask for', recommended: true },
    messages: {
      collision:
        'Service {{service}}: nodePort {{nodePort}} of {{what}} is already taken by {{otherWhat}} of Service {{other}}; ' +
        'node ports are allocated once per cluster whatever the protocol, so whichever Service is applied second is rejected ' +
        '(provided port is already allocated).',
    },
    remediation:
      'Give each Service its own nodePort, or leave nodePort out and let the API server pick a free one. A node port opens the same ' +
      'number on every node, so it cannot be shared between Services, not even for different protocols.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Model(model) {
      // model.services is sorted by id: the first Service (by id) to ask for a number keeps it.
      const owners = new Map<number, NodePortUse>();
      for (const svc of model.services) {
        for (const [nodePort, use] of nodePortsOf(svc)) {
          const owner = owners.get(nodePort);
          if (!owner) {
            owners.set(nodePort, use);
            continue;
          }
          // The same Service twice in the input is a duplicate object, not a collision.
          if (owner.svc.id === svc.id) continue;
          ctx.report({
            messageId: 'collision',
            at: use.at,
            object: svc,
            related: [{ at: owner.at, message: `Service ${qualifiedName(owner.svc)}: nodePort ${nodePort} of ${owner.what}` }],
            data: { service: qualifiedName(svc), nodePort, what: use.what, other: qualifiedName(owner.svc), otherWhat: owner.what },
          });
        }
      }
    },
  }),
});
