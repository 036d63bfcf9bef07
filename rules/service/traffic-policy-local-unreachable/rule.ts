import type { RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, refOf } from '../../../src/core/source.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { infraLabel } from '../../../src/model/infra/label.js';
import { isWellKnownNodeLabel, nodeGroupsFor } from '../../../src/model/infra/placement.js';
import type { NodeGroupElement } from '../../../src/model/infra/types.js';
import { isHeadless, displayName, qualifiedName, serviceTypeOf } from '../../../src/model/index.js';
import { classlessServiceController, lbOptionsOf, serviceLoadBalancer, type ClasslessServiceController } from '../../../src/model/lb/index.js';
import { EXCLUDE_FROM_LOAD_BALANCERS, isRegisteredTarget } from '../../../src/model/lb/targets.js';
import type { Model, ServiceNode, Workload } from '../../../src/model/types.js';
import { listNames, reachOf } from '../../netpol/engine.js';
import { allocatesNodePorts } from '../shared.js';

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
/** "node group a" / "node groups a, b". */
const groupNames = (groups: readonly NodeGroupElement[]) => `node group${groups.length === 1 ? '' : 's'} ${listNames(groups.map(infraLabel))}`;
const labelsText = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(',');

/**
 * The node groups external traffic enters: every node for a NodePort; for a load balancer with instance targets the
 * nodes it registers (isRegisteredTarget). Load balancers with ip targets send to the pods directly: no node is
 * entered and externalTrafficPolicy does not choose among nodes. 'unknown' when the target node labels name a custom
 * label no node group of the input states: the nodes carrying it (another node group, Karpenter nodes) are not in the
 * input, so which nodes the traffic enters is not known.
 */
function entryGroups(svc: ServiceNode, groups: readonly NodeGroupElement[], classless: ClasslessServiceController): { groups: NodeGroupElement[]; labels?: Record<string, string> } | 'ip-targets' | 'unknown' {
  if (serviceTypeOf(svc) !== 'LoadBalancer') return { groups: [...groups] };
  const lb = serviceLoadBalancer(svc, classless);
  if (lb?.targetType.value === 'ip') return 'ip-targets';
  const labels = lb?.targetNodeLabels;
  // A custom label (not one the kubelet or EKS sets, whose value the model may not know) that no group states.
  if (labels && Object.keys(labels).some((k) => !isWellKnownNodeLabel(k) && !groups.some((ng) => Object.hasOwn(ng.labels, k)))) return 'unknown';
  const entry = groups.filter((ng) => isRegisteredTarget(ng, labels));
  return labels && Object.keys(labels).length > 0 ? { groups: entry, labels } : { groups: entry };
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
        'Service {{service}}: externalTrafficPolicy Local, but no backend ({{backends}}) can run on the nodes external traffic enters ({{entry}}; the backends fit {{fit}}): ' +
        'each node forwards only to pods on itself, so the traffic is dropped and load balancer health checks fail.',
      internalNoBackend:
        'Service {{service}}: internalTrafficPolicy Local, but {{clients}} can run on {{stranded}}, where no backend ({{backends}}) can run: ' +
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
      // Headless Services get no cluster IP and "kube-proxy does not handle these Services" (Kubernetes Services,
      // headless Services): no traffic policy applies.
      if (isHeadless(svc)) return;
      const backends = model.backendsOf(svc);
      if (backends.length === 0) return; // service/selector-matches-nothing
      const fit = backendGroups(backends, model);
      // Backends that fit no node group of the input run on nodes it does not describe (Karpenter node pools, Fargate,
      // other node groups): where they run, and so which nodes have a local endpoint, is not known.
      if (fit.length === 0) return;
      const service = qualifiedName(svc);
      const backendNames = listNames(backends.map(displayName));

      const entry = spec.externalTrafficPolicy === 'Local' && allocatesNodePorts(svc) ? entryGroups(svc, model.infra.nodeGroups, classlessServiceController(model, lbOptionsOf(ctx.config))) : undefined;
      if (typeof entry === 'object') {
        if (!entry.groups.some((ng) => fit.includes(ng))) {
          const labels = entry.labels ? ` (target node labels ${labelsText(entry.labels)})` : '';
          const entryText =
            entry.groups.length > 0 ? `${groupNames(entry.groups)}${labels}` : `none: the load balancer registers no node group${labels || ` (all carry ${EXCLUDE_FROM_LOAD_BALANCERS})`}`;
          const related = [
            ...backends.slice(0, 3).flatMap(placementRelated),
            ...entry.groups.map((ng) => groupRelated(ng, 'traffic enters here, no backend can run here')),
            ...fit.map((ng) => groupRelated(ng, 'backends can run here, no traffic enters')),
          ];
          ctx.report({
            messageId: 'externalNoBackend',
            at: refOf(spec, 'externalTrafficPolicy'),
            object: svc,
            data: { service, backends: backendNames, entry: entryText, fit: groupNames(fit) },
            related,
          });
        }
      }

      if (spec.internalTrafficPolicy === 'Local' && serviceTypeOf(svc) !== 'ExternalName') {
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
            data: { service, clients: `client${clients.length === 1 ? '' : 's'} ${listNames(clients.map(displayName))}`, stranded: groupNames(strandedGroups), backends: backendNames },
            related,
          });
        }
      }
    },
  }),
});
