import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { LabelSelector, Listener } from '../../../src/loader/schemas/index.js';
import {
  displayName,
  formatSelector,
  GATEWAY_GROUP,
  gatewayParentRefs,
  matchesSelector,
  NAMESPACE_NAME_LABEL,
  qualifiedName,
  type GatewayNode,
  type Model,
  type RouteNode,
} from '../../../src/model/index.js';
import { routeGroup } from '../refs.js';

/**
 * Route kinds a listener admits when `allowedRoutes.kinds` is unset: "the kinds of Routes selected are
 * determined using the Listener protocol" (apis/v1 AllowedRoutes.Kinds). Core protocols are
 * case-insensitive (ProtocolType). GRPCRoute runs over HTTPS, or HTTP with h2c (GRPCRoute docs);
 * TLS passthrough carries TLSRoute, TLS terminate TLSRoute (Extended) or TCPRoute (guides/tls.md).
 * Other (domain-prefixed) protocols are implementation-specific: undefined = not judged.
 */
function defaultKinds(listener: Listener): readonly string[] | undefined {
  switch (listener.protocol.toUpperCase()) {
    case 'HTTP':
    case 'HTTPS':
      return ['HTTPRoute', 'GRPCRoute'];
    case 'TLS':
      return (listener as { tls?: { mode?: unknown } }).tls?.mode === 'Passthrough' ? ['TLSRoute'] : ['TLSRoute', 'TCPRoute'];
    case 'TCP':
      return ['TCPRoute'];
    case 'UDP':
      return ['UDPRoute'];
    default:
      return undefined;
  }
}

/** Why one listener refuses the route; `undefined` = it admits it, as far as the input tells. */
interface Refusal {
  why: string;
  related: RelatedLocation[];
}

function refusal(model: Model, gw: GatewayNode, listener: Listener, route: RouteNode): Refusal | undefined {
  const whys: string[] = [];
  const related: RelatedLocation[] = [];
  const where = `listener ${listener.name} of Gateway ${qualifiedName(gw)}`;

  // Namespaces: `from` defaults to Same.
  const namespaces = listener.allowedRoutes?.namespaces;
  const from = namespaces?.from;
  if ((from ?? 'Same') === 'Same') {
    if (route.namespace !== gw.namespace) {
      whys.push(`only routes from namespace ${gw.namespace} (${from === undefined ? 'from defaults to Same' : 'from: Same'})`);
      related.push({ at: refOf(listener, 'allowedRoutes', 'namespaces', 'from'), message: `allowedRoutes of ${where}` });
    }
  } else if (from === 'Selector') {
    const selector = namespaces?.selector;
    const ns = model.namespace(route.namespace);
    const labels = ns?.labels ?? { [NAMESPACE_NAME_LABEL]: route.namespace };
    if (selector === undefined) {
      whys.push('no namespace (from: Selector without a selector)');
      related.push({ at: refOf(listener, 'allowedRoutes', 'namespaces', 'from'), message: `allowedRoutes of ${where}` });
    } else if (!matchesSelector(selector, labels) && (ns?.object || onlyNameLabel(selector))) {
      // A namespace without a manifest in the input may carry labels netreach does not see: then only a
      // selector on its name is decided; otherwise the namespace check is left open (kinds may still refuse).
      const shown = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      whys.push(`only routes from namespaces matching ${formatSelector(selector)}, and namespace ${route.namespace} has ${shown}`);
      related.push({ at: refOf(listener, 'allowedRoutes', 'namespaces', 'selector'), message: `namespace selector of ${where}` });
      if (ns?.object) related.push({ at: refOf(ns.object.manifest, 'metadata', 'name'), message: `Namespace ${ns.name}` });
    }
  }

  // Kinds: the listed ones (group defaults to gateway.networking.k8s.io), else those of the protocol.
  const group = routeGroup(route);
  const listed = listener.allowedRoutes?.kinds;
  if (listed && listed.length > 0) {
    if (!listed.some((k) => k.kind === route.kind && (k.group ?? GATEWAY_GROUP) === group)) {
      const names = listed.map((k) => ((k.group ?? GATEWAY_GROUP) === GATEWAY_GROUP ? k.kind : `${k.group}/${k.kind}`));
      whys.push(`only ${names.join(', ')} (allowedRoutes.kinds)`);
      related.push({ at: refOf(listener, 'allowedRoutes', 'kinds'), message: `allowedRoutes.kinds of ${where}` });
    }
  } else {
    const kinds = defaultKinds(listener);
    if (kinds !== undefined && (group !== GATEWAY_GROUP || !kinds.includes(route.kind))) {
      whys.push(`only ${kinds.join(', ')} (protocol ${listener.protocol})`);
      related.push({ at: refOf(listener, 'protocol'), message: `protocol of ${where}` });
    }
  }
  return whys.length > 0 ? { why: whys.join(' and '), related } : undefined;
}

/** The selector only tests `kubernetes.io/metadata.name`, a label every namespace has and netreach knows. */
function onlyNameLabel(selector: LabelSelector): boolean {
  const keys = [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)];
  return keys.length > 0 && keys.every((k) => k === NAMESPACE_NAME_LABEL);
}

export default defineRule({
  id: 'gateway/route-not-allowed',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: "Report routes that a Gateway's listeners do not admit (allowedRoutes namespaces and kinds)", recommended: true },
    messages: {
      listenerRefuses:
        '{{route}}: listener {{listener}} of Gateway {{gateway}} does not admit it; it admits {{why}}. The route does not attach (NotAllowedByListeners).',
      noListenerAdmits:
        '{{route}}: no listener of Gateway {{gateway}} admits it: {{why}}. The route does not attach (NotAllowedByListeners).',
    },
    remediation:
      "Widen the listener's `allowedRoutes` (`namespaces.from: All`, or `Selector` with a selector that matches the route's namespace; add the route kind to `kinds`), move the route into the Gateway's namespace, or point `sectionName` at a listener that admits it.",
    defaultOptions: {},
    precision: 'high',
  },
  create: (ctx) => ({
    Route(route) {
      for (const p of gatewayParentRefs(route)) {
        const gw = ctx.model.gateway(p.namespace, p.name);
        if (!gw) continue; // gateway/parent-not-found
        const section = p.ref.sectionName;
        const port = p.ref.port;
        const relevant = gw.manifest.spec.listeners.filter((l) => (section === undefined || l.name === section) && (port === undefined || l.port === port));
        if (relevant.length === 0) continue; // gateway/parent-not-found
        const refusals: { listener: Listener; refusal: Refusal }[] = [];
        for (const listener of relevant) {
          const r = refusal(ctx.model, gw, listener, route);
          if (!r) break;
          refusals.push({ listener, refusal: r });
        }
        // Attached when any relevant listener admits it (ParentReference.SectionName / Port).
        if (refusals.length < relevant.length) continue;
        const data = { route: displayName(route), gateway: qualifiedName(gw) };
        const related = refusals.flatMap((r) => r.refusal.related);
        if (section !== undefined) {
          const only = refusals[0]!;
          ctx.report({
            messageId: 'listenerRefuses',
            at: refOf(p.ref, 'sectionName'),
            object: route,
            data: { ...data, listener: only.listener.name, why: only.refusal.why },
            related,
          });
        } else {
          ctx.report({
            messageId: 'noListenerAdmits',
            at: refOf(p.ref, 'name'),
            object: route,
            data: { ...data, why: refusals.map((r) => `${r.listener.name} admits ${r.refusal.why}`).join('; ') },
            related,
          });
        }
      }
    },
  }),
});
