import type { RelatedLocation } from '../../../src/core/finding.js';
import { ipBackedPodDemand, podCidrCapacity, type NodeCidrPlan } from '../../../src/capacity/pod-cidr.js';
import { defineRule, type ObjectRef } from '../../../src/lint/define-rule.js';

/** Overlay pod ranges belong to the component stating them (as in the cidr/ rules). */
const objectOf = (source: string, cidr: string): ObjectRef => ({ id: `cni/${source}`, fqn: `netreach/cni/${source}`, name: cidr });
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export default defineRule({
  id: 'capacity/pod-cidr-too-small',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report overlay pod CIDRs that cannot give every node a per-node CIDR, per-node CIDRs too small for the pods a node runs, and Calico pools smaller than the pods at maximum scale',
      recommended: true,
    },
    messages: {
      tooFewNodeCidrs:
        '{{range}} cut into /{{mask}} per-node CIDRs ({{maskFrom}}) gives {{nodeCidrs}} node CIDRs ({{arithmetic}}), but the cluster can have {{nodes}} nodes ({{nodesFrom}}). Nodes beyond that get no pod CIDR and cannot run pods.',
      tooFewPodIps:
        '{{range}}: a /{{mask}} per-node CIDR ({{maskFrom}}) holds {{perNode}} pod addresses ({{size}} − {{reservedWhy}}), but a node may run {{pods}} pods ({{podsFrom}}). Pods beyond that fail to get an IP.',
      poolTooSmall:
        '{{range}} holds {{addresses}} addresses, but the workloads ask for {{needed}} pod IPs at maximum scale (replicas, HPA maxReplicas, DaemonSets on every node; hostNetwork pods excluded).',
    },
    remediation:
      'Widen the pod CIDR (flannel `Network`, kubeadm `networking.podSubnet`, Cilium `cluster-pool-ipv4-cidr`, Calico IPPool `cidr`) or shorten the per-node mask ' +
      '(flannel `SubnetLen`, kube-controller-manager `--node-cidr-mask-size`, Cilium `cluster-pool-ipv4-mask-size`) so that nodes × pods per node fit; or lower the node groups’ maximum size or maxPods.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const cap = podCidrCapacity(model);
      const maskData = (p: NodeCidrPlan) => ({ range: capitalize(p.label), mask: String(p.mask.value), maskFrom: p.mask.from });
      for (const p of cap.plans) {
        const nodes = cap.maxNodes;
        if (nodes && p.nodeCidrs < nodes.count) {
          const related: RelatedLocation[] = [...(p.mask.at ? [{ at: p.mask.at, message: `Per-node mask /${p.mask.value} (${p.mask.from})` }] : []), ...nodes.at.map((at) => ({ at, message: 'Node count' }))];
          ctx.report({
            messageId: 'tooFewNodeCidrs',
            at: p.at,
            object: objectOf(p.source, p.cidr),
            key: `nodes:${p.cidr}`,
            data: { ...maskData(p), nodeCidrs: String(p.nodeCidrs), arithmetic: p.nodeCidrsWhy, nodes: String(nodes.count), nodesFrom: nodes.from },
            related,
          });
        }
        const pods = cap.podsPerNode;
        if (p.podIpsPerNode < pods.value) {
          // The mask decides how many addresses a node gets: report there when the input states it.
          const at = p.mask.at ?? p.at;
          const related: RelatedLocation[] = [...(p.mask.at ? [{ at: p.at, message: capitalize(p.label) }] : []), ...(pods.at ? [{ at: pods.at, message: `Pods per node: ${pods.value} (${pods.from})` }] : [])];
          ctx.report({
            messageId: 'tooFewPodIps',
            at,
            object: objectOf(p.source, p.cidr),
            key: `pods:${p.cidr}`,
            data: {
              ...maskData(p),
              perNode: String(p.podIpsPerNode),
              size: String(p.podIpsPerNode + p.reservedPerNode),
              reservedWhy: p.reservedWhy,
              pods: String(pods.value),
              podsFrom: pods.from,
            },
            related,
          });
        }
      }
      if (cap.calico.length > 0) {
        const needed = ipBackedPodDemand(model);
        for (const family of [4, 6] as const) {
          const pools = cap.calico.filter((c) => c.family === family);
          const total = pools.reduce((n, c) => n + c.addresses, 0);
          const first = pools[0];
          if (!first || family !== cap.calico[0]!.family || total >= needed) continue;
          ctx.report({
            messageId: 'poolTooSmall',
            at: first.at,
            object: objectOf('calico', first.cidr),
            key: `pool:${first.cidr}`,
            data: { range: pools.length === 1 ? `Calico IPPool ${first.name} (${first.cidr})` : `Calico IPPools ${pools.map((c) => `${c.name} (${c.cidr})`).join(', ')}`, addresses: String(total), needed: String(needed) },
            related: pools.slice(1).map((c) => ({ at: c.at, message: `Calico IPPool ${c.name}` })),
          });
        }
      }
    },
  }),
});
