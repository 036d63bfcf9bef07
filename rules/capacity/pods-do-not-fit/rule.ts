import type { RelatedLocation } from '../../../src/core/finding.js';
import { capacityReport } from '../../../src/capacity/index.js';
import { podDemand, type WorkloadDemand } from '../../../src/capacity/demand.js';
import { overcommits, type FitDemand, type FitSupply, type Overcommit } from '../../../src/capacity/fit.js';
import { roomOf, slotsOf, type GroupRoom, type Limit } from '../../../src/capacity/room.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { SourceRef } from '../../../src/core/source.js';
import type { Workload } from '../../../src/model/types.js';
import type { Model } from '../../../src/model/types.js';
import { objectOf } from '../../vpc/infra.js';


/** The `doNotFit` finding's parts. */
interface OvercommitFinding {
  at: SourceRef;
  object: Workload;
  key: string;
  data: { workloads: string; groups: string; slots: string; unit: string; supply: string; demand: string; short: string };
  related: RelatedLocation[];
}

export default defineRule({
  id: 'capacity/pods-do-not-fit',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report workloads whose pods at their maximum scale do not fit the node groups they can run on at those groups’ maximum size',
      recommended: true,
    },
    messages: {
      doNotFit:
        '{{workloads}} can run only on node group(s) {{groups}}, which hold {{slots}} {{unit}} at their maximum size ({{supply}}); at their maximum these ' +
        'workloads ask for {{demand}} pods, so {{short}} stay Pending.',
      daemonSetsDoNotFit:
        'Node group {{group}}: its DaemonSets need {{needed}} {{unit}} on every node ({{daemonSets}}), but a {{instanceType}} node has {{available}} ({{why}}), ' +
        'so some DaemonSet pods stay Pending on every node.',
    },
    remediation:
      "Raise the node groups' maximum size (maxSize / ScalingConfig.MaxSize), choose an instance type with more pod IPs or enable prefix delegation, " +
      "widen the workloads' node selectors or tolerations to more node groups, or lower replicas / HPA maxReplicas.",
    defaultOptions: {},
    precision: 'medium',
  },
  create: (ctx) => ({
    Model(model) {
      const report = capacityReport(model);
      if (report.nodeGroups.length === 0) return;
      const demand = podDemand(model);
      const rooms = report.nodeGroups.map((g) => roomOf(g, demand, model));

      for (const room of rooms) {
        for (const limit of ['ips', 'kubelet'] as const) {
          const left = room[limit];
          if (!left || left.perNode >= 0) continue;
          const g = room.group;
          const type = g.smallest?.instanceType ?? '?';
          const typeAt = g.instanceTypes.find((t) => t.type === type)?.at ?? g.at;
          ctx.report({
            messageId: 'daemonSetsDoNotFit',
            at: typeAt,
            object: objectOf('NodeGroup', { key: g.key, name: g.name }),
            key: limit,
            data: {
              group: g.label,
              needed: String(limit === 'ips' ? room.daemonSets.filter((d) => !d.hostNetwork).length : room.daemonSets.length + room.missingAgents.length),
              unit: limit === 'ips' ? 'pod IPs' : 'pod slots',
              daemonSets: [
                ...room.daemonSets.filter((d) => limit === 'kubelet' || !d.hostNetwork).map(nameOf),
                ...(limit === 'kubelet' ? room.missingAgents.map((a) => `${a}, which EKS runs on every node`) : []),
              ].join(', '),
              instanceType: type,
              available: String(limit === 'ips' ? g.smallest!.ipBacked : g.maxPods),
              why:
                limit === 'ips'
                  ? `${g.smallest!.formula}, less the 2 host-network agents aws-node and kube-proxy, which use the node's address`
                  : (g.smallest?.maxPodsFormula ?? `maxPods ${g.maxPods}`),
            },
            related: room.daemonSets.flatMap((d) => (d.at ? [{ at: d.at, message: `${nameOf(d)}: one pod per node` }] : [])).slice(0, 10),
          });
        }
      }

      const workloads = demand.filter((d) => !d.perNode && d.pods > 0 && d.nodeGroups.length > 0);
      const seen = new Set<string>();
      for (const limit of ['ips', 'kubelet'] as const) {
        const supply: FitSupply[] = rooms.map((r) => ({ key: r.group.key, slots: slotsOf(r, limit) }));
        const asks: FitDemand[] = workloads.filter((d) => limit === 'kubelet' || !d.hostNetwork).map((d) => ({ key: d.workload, pods: d.pods, groups: d.nodeGroups }));
        for (const over of overcommits(asks, supply)) {
          const groupsKey = over.groups.join(',');
          if (seen.has(groupsKey)) continue; // the pod-IP shortfall already explains this set
          seen.add(groupsKey);
          ctx.report({ messageId: 'doNotFit', ...overcommitFinding(model, over, limit, rooms, workloads) });
        }
      }
    },
  }),
});

/** The finding for one over-committed set of node groups: on the largest workload's count, the others related. */
function overcommitFinding(
  model: Model,
  over: Overcommit,
  limit: Limit,
  rooms: readonly GroupRoom[],
  demand: readonly WorkloadDemand[],
): OvercommitFinding {
  const byKey = new Map(demand.map((d) => [d.workload, d]));
  const inSet = over.workloads.map((k) => byKey.get(k)!);
  const lead = inSet.find((d) => d.at !== undefined) ?? inSet[0]!;
  const workload = model.workloads.find((w) => w.id === lead.workload)!;
  const groups = over.groups.map((k) => rooms.find((r) => r.group.key === k)!);
  const named = inSet.slice(0, 3).map((d) => `${nameOf(d)} (${d.pods}: ${d.explanation})`);
  const more = inSet.length > 3 ? ` and ${inSet.length - 3} more workloads` : '';
  const supply = groups
    .map((r) => `${r.group.label}: ${r.group.scaling.max} nodes × ${r[limit]!.perNode} (${r[limit]!.text})`)
    .join('; ');
  const related: RelatedLocation[] = [
    ...inSet.filter((d) => d !== lead && d.at).slice(0, 8).map((d) => ({ at: d.at!, message: `${nameOf(d)}: ${d.pods} pods (${d.explanation})` })),
    ...groups.map((r) => ({ at: r.group.scaling.at, message: `node group ${r.group.label}: max ${r.group.scaling.max} nodes` })),
  ];
  return {
    // A workload netreach only assumes (CoreDNS) has no field: the node group's size is the value to change.
    at: lead.at ?? workload.object?.at ?? groups[0]!.group.scaling.at,
    object: workload,
    key: `${limit}|${over.groups.join(',')}`,
    data: {
      workloads: capitalize(`${named.join(', ')}${more}`),
      groups: groups.map((r) => r.group.label).join(', '),
      slots: String(over.slots),
      unit: limit === 'ips' ? 'pod IPs' : 'pods (kubelet maxPods)',
      supply,
      demand: String(over.demand),
      short: String(over.demand - over.slots),
    },
    related,
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const nameOf = (d: WorkloadDemand) => `${d.kind} ${d.namespace}/${d.name}`;
