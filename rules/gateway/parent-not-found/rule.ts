import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName, gatewayParentRefs, qualifiedName } from '../../../src/model/index.js';
import { formatListeners } from '../refs.js';

export default defineRule({
  id: 'gateway/parent-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report route parentRefs to a Gateway, listener or port that does not exist', recommended: true },
    messages: {
      gatewayNotFound: '{{route}}: parentRef names Gateway {{gateway}}, which is not in the input. The route attaches to nothing and serves no traffic.',
      gatewayInOtherNamespace:
        '{{route}}: parentRef names Gateway {{gateway}}, which is not in namespace {{namespace}} but in {{elsewhere}}. parentRef.namespace defaults to the route namespace; set it to reach the Gateway.',
      sectionNotFound:
        '{{route}}: parentRef sectionName {{section}} names no listener of Gateway {{gateway}}, which has {{listeners}}. The route does not attach to it.',
      portNotFound:
        '{{route}}: parentRef port {{port}} matches no listener of Gateway {{gateway}}, which has {{listeners}}. The route does not attach to it.',
      sectionPortMismatch:
        '{{route}}: parentRef port {{port}} is not the port of listener {{section}} of Gateway {{gateway}}, which listens on {{listenerPort}}. When both are set, the listener must match both, so the route does not attach to it.',
    },
    remediation:
      'Point the parentRef at an existing Gateway (`namespace` defaults to the route namespace), and set `sectionName` to one of its listener names and `port` to one of its listener ports, or leave them out to attach to every listener.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Route(route) {
      for (const p of gatewayParentRefs(route)) {
        const data = { route: displayName(route), gateway: qualifiedName(p) };
        const gw = ctx.model.gateway(p.namespace, p.name);
        if (!gw) {
          const others = ctx.model.gateways.filter((g) => g.name === p.name && g.namespace !== p.namespace);
          if (others.length === 0) {
            // No Gateway at all in the input: they are managed elsewhere (a shared platform repo), not missing.
            if (ctx.model.gateways.length === 0) continue;
            ctx.report({ messageId: 'gatewayNotFound', at: refOf(p.ref, 'name'), object: route, data });
          } else {
            ctx.report({
              messageId: 'gatewayInOtherNamespace',
              at: refOf(p.ref, 'name'),
              object: route,
              data: { ...data, namespace: p.namespace, elsewhere: others.map((g) => g.namespace).join(', ') },
              related: others.map((g) => ({ at: refOf(g.manifest, 'metadata', 'name'), message: `Gateway ${qualifiedName(g)}` })),
            });
          }
          continue;
        }
        const listeners = gw.manifest.spec.listeners;
        const related = [{ at: refOf(gw.manifest, 'spec', 'listeners'), message: `listeners of Gateway ${data.gateway}` }];
        const section = p.ref.sectionName;
        const named = section === undefined ? listeners : listeners.filter((l) => l.name === section);
        if (named.length === 0) {
          ctx.report({
            messageId: 'sectionNotFound',
            at: refOf(p.ref, 'sectionName'),
            object: route,
            data: { ...data, section: section!, listeners: formatListeners(listeners) },
            related,
          });
          continue;
        }
        const port = p.ref.port;
        if (port === undefined || named.some((l) => l.port === port)) continue;
        if (section === undefined) {
          ctx.report({ messageId: 'portNotFound', at: refOf(p.ref, 'port'), object: route, data: { ...data, port, listeners: formatListeners(listeners) }, related });
        } else {
          const listener = named[0]!;
          ctx.report({
            messageId: 'sectionPortMismatch',
            at: refOf(p.ref, 'port'),
            object: route,
            data: { ...data, port, section, listenerPort: listener.port },
            related: [{ at: refOf(listener, 'port'), message: `port of listener ${listener.name} of Gateway ${data.gateway}` }],
          });
        }
      }
    },
  }),
});
