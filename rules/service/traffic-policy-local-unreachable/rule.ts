import type { RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, refOf } from '../../../src/core/source.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { infraLabel } from '../../../src/model/infra/label.js';
import { nodeGroupsFor } from '../../../src/model/infra/placement.js';
import type { NodeGroupElement } from '../../../src/model/infra/types.js';
import { displayName, qualifiedName, serviceTypeOf } from '../../../src/model/index.js';
import { serviceLoadBalancer } from '../../../src/model/lb/service.js';
import { isRegisteredTarget } from '../../../src/model/lb/targets.js';
import type { Model, ServiceNode, Workload } from '../../../src/model/types.js';
import { listNames, reachOf } from '../../netpol/engine.js';

/** The field that pins a workload's pods to nodes (nodeSelector, else affinity, else tolerations), else its name. */
function placementRelated(w: Workload): RelatedLocation[] {
  const manifest = w.object?.manifest;
  if (!manifest) return [];
  const spec = w.template.spec;
  const field = spec.nodeSelector ? 'nodeSelector' : spec.affinity ? 'affinity' : spec.tolerations ? 'tolerations' : undefined;
  const at = field ? maybeRefOf(manifest, ...w.template.specPath, field) : maybeRefOf(manifest, 'metadata', 'name');
  return at ? [{ at, message: `${displayName(w)}: ${field ?? 'no node placement'}` }] : [];
}

const groupRelated = (ng: NodeGroupElement, what: string): RelatedLocation => ({ at: ng.at, message: `Node group ${infraLabel(ng)}: ${what}` });
const names = (groups: readonly NodeGroupElement[]) => (groups.length === 0 ? 'none' : listNames(groups.map(infraLabel)));

/**
 * The node groups external traffic enters: every node for a NodePort; for a load balancer with instance targets the
 * nodes it registers (isRegisteredTarget). Load balancers with ip targets send to the pods directly: no node is
 * entered and externalTrafficPolicy does not choose among nodes.
 */
function entryGroups(svc: ServiceNode, groups: readonly NodeGroupElement[]): NodeGroupElement[] | 'ip-targets' {
  if (serviceTypeOf(svc) !== 'LoadBalancer') return [...groups];
  const lb = serviceLoadBalancer(svc);
  if (lb?.targetType.value === 'ip') return 'ip-targets';
  return groups.filter((ng) => isRegisteredTarget(ng, lb?.targetNodeLabels));
}

function backendGroups(backends: readonly Workload[], model: Model): NodeGroupElement[] {
  const out = new Set<NodeGroupElement>();
  for (const w of backends) for (const ng of nodeGroupsFor(w, model.infra)) out.add(ng);
  return model.infra.nodeGroups.filter((ng) => out.has(ng));
}

export default defineRule({
  id: 'service/traffic-policy-local-unreachable',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report traffic policies Local on Services whose traffic enters nodes where no backend can run', recommended: true },
    messages: {
      externalNoBackend:
        'Service {{service}}: externalTrafficPolicy Local, but no backend ({{backends}}) can run on the nodes external traffic enters (node groups {{entry}}; backends fit {{fit}}): ' +
        'each node forwards only to pods on itself, so the traffic is dropped and load balancer health checks fail.',
      internalNoBackend:
        'Service {{service}}: internalTrafficPolicy Local, but clients {{clients}} can run on node groups {{stranded}} where no backend ({{backends}}) can run: ' +
        'their connections to the Service are dropped there (no node-local endpoint).',
    },
    remediation:
      'Use the Cluster traffic policy, or make a backend run on every node the traffic enters (a DaemonSet, matching nodeSelector/affinity ' +
      'and tolerations), or restrict the entry nodes (aws-load-balancer-target-node-labels) and the clients to the backends\' node groups.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Service(svc) {
      const model = ctx.model;
      const spec = svc.manifest.spec;
      // Placement is only known from node groups, and node groups name their cluster: one cluster at most.
      if (!spec || model.infra.nodeGroups.length === 0 || model.infra.clusters.length > 1) return;
      const backends = model.backendsOf(svc);
      if (backends.length === 0) return; // service/selector-matches-nothing
      const fit = backendGroups(backends, model);
      const service = qualifiedName(svc);
      const backendNames = listNames(backends.map(displayName));
      const type = serviceTypeOf(svc);

      const entry = entryGroups(svc, model.infra.nodeGroups);
      if (spec.externalTrafficPolicy === 'Local' && (type === 'NodePort' || type === 'LoadBalancer') && entry !== 'ip-targets') {
        if (!entry.some((ng) => fit.includes(ng))) {
          const related = [
            ...backends.slice(0, 3).flatMap(placementRelated),
            ...entry.map((ng) => groupRelated(ng, 'traffic enters here, no backend can run here')),
            ...fit.map((ng) => groupRelated(ng, 'backends can run here, no traffic enters')),
          ];
          ctx.report({
            messageId: 'externalNoBackend',
            at: refOf(spec, 'externalTrafficPolicy'),
            object: svc,
            data: { service, backends: backendNames, entry: entry.length > 0 ? names(entry) : 'none: the load balancer registers no node group (target node labels, exclude-from-external-load-balancers)', fit: names(fit) },
            related,
          });
        }
      }

      if (spec.internalTrafficPolicy === 'Local' && type !== 'ExternalName') {
        const engine = reachOf(ctx).engine;
        const clients: Workload[] = [];
        const stranded = new Set<NodeGroupElement>();
        for (const client of model.workloads) {
          // Workloads not in the input (the implicit CoreDNS) are nobody's client here.
          if (client.implicit || backends.includes(client)) continue;
          const src = engine.classOf(client.id);
          if (!src) continue;
          const groups = nodeGroupsFor(client, model.infra).filter((ng) => !fit.includes(ng));
          if (groups.length === 0) continue;
          // A client counts when the policies let it reach some backend on some target port (Service traffic is filtered after DNAT).
          const reaches = backends.some((b) => {
            const dst = engine.classOf(b.id);
            return dst !== undefined && (spec.ports ?? []).some((p) => engine.connection(src, dst).overlaps(targetConn(p, b)));
          });
          if (!reaches) continue;
          clients.push(client);
          for (const ng of groups) stranded.add(ng);
        }
        if (clients.length > 0) {
          const strandedGroups = model.infra.nodeGroups.filter((ng) => stranded.has(ng));
          const related = [
            ...backends.slice(0, 3).flatMap(placementRelated),
            ...strandedGroups.map((ng) => groupRelated(ng, 'clients can run here, no backend can')),
            ...clients.slice(0, 3).flatMap(placementRelated),
          ];
          ctx.report({
            messageId: 'internalNoBackend',
            at: refOf(spec, 'internalTrafficPolicy'),
            object: svc,
            data: { service, clients: listNames(clients.map(displayName)), stranded: names(strandedGroups), backends: backendNames },
            related,
          });
        }
      }
    },
  }),
});
