import type { RelatedLocation } from '../../../src/core/finding.js';
import { compareStrings, maybeRefOf } from '../../../src/core/source.js';
import { podDemand, totalPods, type WorkloadDemand } from '../../../src/capacity/demand.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { isHeadless, qualifiedName, serviceSelector, serviceTypeOf } from '../../../src/model/index.js';
import { kubeProxyPlans, modeLocation } from '../../../src/model/kube-proxy.js';
import type { Model, ServiceNode } from '../../../src/model/types.js';
import { planObject, planSubject } from '../common.js';

/** One Service's share of the ruleset: its ports (one KUBE-SERVICES rule each) and ports × backend pods (endpoint rules). */
interface ServiceShare {
  svc: ServiceNode;
  ports: number;
  pods: number;
  endpoints: number;
}

/**
 * kube-proxy programs Services with a cluster IP: not ExternalName (a DNS alias) and not headless ones (clusterIP None,
 * resolved by DNS to the pods). A port of a selector Service has one endpoint per backend pod; pods at maximum scale
 * come from capacity/demand.ts (replicas raised to HPA maxReplicas; a DaemonSet once per node of its node groups).
 */
function shares(model: Model): ServiceShare[] {
  const demand = new Map<string, WorkloadDemand>(podDemand(model).map((d) => [d.workload, d]));
  const maxNodes = new Map(model.infra.nodeGroups.map((ng) => [ng.key, ng.scaling.max]));
  // A per-node workload counts at least once, even when its node groups state no maximum size.
  const podsOf = (d: WorkloadDemand | undefined): number => (d ? Math.max(totalPods([d], (key) => maxNodes.get(key) ?? 0), d.pods) : 1);
  const out: ServiceShare[] = [];
  for (const svc of model.services) {
    if (serviceTypeOf(svc) === 'ExternalName' || isHeadless(svc)) continue;
    const ports = svc.manifest.spec?.ports?.length ?? 0;
    if (ports === 0) continue;
    const pods = serviceSelector(svc) ? model.backendsOf(svc).reduce((n, w) => n + podsOf(demand.get(w.id)), 0) : 0;
    out.push({ svc, ports, pods, endpoints: ports * pods });
  }
  return out;
}

export default defineRule({
  id: 'kube-proxy/iptables-scale',
  meta: {
    type: 'suggestion',
    severity: 'note',
    precision: 'medium',
    docs: {
      description: 'Report kube-proxy in iptables mode once the Services and their endpoints at maximum scale pass the sizes where iptables slows down',
      recommended: true,
    },
    messages: {
      tooLarge:
        '{{subject}}: iptables mode with {{servicePorts}} Service ports and up to {{endpoints}} endpoints at maximum scale ({{arithmetic}}), past {{limits}}: ' +
        'every new connection walks one rule per Service port and every resync rewrites rules for every endpoint. Consider mode nftables (Linux 5.13 or later) or ipvs.',
    },
    remediation:
      'Switch kube-proxy to nftables mode (Kubernetes 1.31+, nodes with Linux 5.13 or later such as Amazon Linux 2023) or ipvs mode: EKS add-on ' +
      'configurationValues `{"mode": "nftables"}`, KubeProxyConfiguration `mode: nftables`; or raise the thresholds if the cluster is known to cope.',
    schema: {
      maxServicePorts: {
        type: 'integer',
        minimum: 1,
        description:
          'Service ports (cluster IP and port pairs) above which iptables mode is reported; default 1000, where EKS best practices place the latency problem of iptables mode.',
      },
      maxEndpoints: {
        type: 'integer',
        minimum: 1,
        description: 'Endpoints (Service ports × backend pods at maximum scale) above which iptables mode is reported; default 10000 ("tens of thousands" of rules, kubernetes.io virtual-ips).',
      },
    },
    defaultOptions: { maxServicePorts: 1000, maxEndpoints: 10000 },
  },
  create: (ctx, { maxServicePorts, maxEndpoints }) => ({
    Model(model) {
      // Services name no cluster: with several clusters in the input, their counts cannot be attributed.
      if (model.infra.clusters.length > 1) return;
      const plans = kubeProxyPlans(model).filter((p) => p.effective && p.mode.value === 'iptables');
      if (plans.length === 0) return;
      const all = shares(model);
      const servicePorts = all.reduce((n, s) => n + s.ports, 0);
      const endpoints = all.reduce((n, s) => n + s.endpoints, 0);
      const limits: string[] = [];
      if (servicePorts > maxServicePorts) limits.push(`${maxServicePorts} Service ports`);
      if (endpoints > maxEndpoints) limits.push(`${maxEndpoints} endpoints`);
      if (limits.length === 0) return;

      const top = [...all].sort((a, b) => b.endpoints - a.endpoints || b.ports - a.ports || compareStrings(a.svc.id, b.svc.id)).slice(0, 3);
      const shown = top.map((s) => `${qualifiedName(s.svc)} ${s.ports} × ${s.pods}`);
      const rest = all.length - top.length;
      const arithmetic = `${all.length} Services; ports × pods: ${shown.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
      const related: RelatedLocation[] = top.flatMap((s) => {
        const at = maybeRefOf(s.svc.manifest, 'spec', 'ports');
        return at ? [{ at, message: `Service ${qualifiedName(s.svc)}: ${s.ports} port(s) × ${s.pods} backend pod(s) = ${s.endpoints} endpoints` }] : [];
      });
      for (const plan of plans) {
        ctx.report({
          messageId: 'tooLarge',
          at: modeLocation(plan),
          object: planObject(plan),
          data: { subject: planSubject(plan), servicePorts: String(servicePorts), endpoints: String(endpoints), arithmetic, limits: limits.join(' and ') },
          related,
        });
      }
    },
  }),
});
