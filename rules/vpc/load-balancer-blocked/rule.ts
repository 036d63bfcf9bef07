import type { FlowStep, RelatedLocation } from '../../../src/core/finding.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { PortSet } from '../../../src/engine/ports.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { nodeGroupEndpoint, podEndpoint, vpcPath, type VpcBlocker, type VpcEndpoint } from '../../../src/engine/vpc/index.js';
import { lbClients } from '../../../src/engine/lb/sources.js';
import { clusterContexts, lbSubnets as placeLoadBalancer, type LbContext } from '../../../src/engine/vpc/lb-placement.js';
import { loadBalancerEndpoint, withoutSecurityGroups } from '../../../src/engine/vpc/load-balancer.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import { nodeGroupsFor, type NodeGroupElement, type SubnetElement } from '../../../src/model/index.js';
import { protocolOf } from '../../../src/model/ports.js';
import type { Model, ServiceNode, Workload } from '../../../src/model/types.js';
import { nodePortRange, type NodePortRange } from '../../service/node-port-range.js';
import { label } from '../infra.js';
import { blockerKey, flowOf, otherBlockersText, relatedOf } from '../paths.js';
import { isRegisteredTarget } from '../../../src/model/lb/targets.js';
import { clientIpPreserved, decidingFields, serviceLoadBalancer, serviceLoadBalancerModel, type ServiceLoadBalancer } from '../../../src/model/lb/service.js';
import { classlessServiceController, lbOptionsOf, type ClasslessServiceController } from '../../../src/model/lb/service-controller.js';


/** One Service port's traffic to one node group's targets. */
interface Target {
  nodeGroup: NodeGroupElement;
  endpoint: VpcEndpoint;
  conn: ConnSet;
  what: 'pods' | 'nodes';
}


/** One blocking setting on one Service port, with every target it cuts off. */
interface Blocked {
  blocker: VpcBlocker;
  others: string;
  port: ServicePort;
  lb: ServiceLoadBalancer;
  lbSubnets: SubnetElement[];
  sources: string;
  why: string;
  what: Set<'pods' | 'nodes'>;
  nodeGroups: NodeGroupElement[];
  subnets: SubnetElement[];
  conn: ConnSet;
  flow: FlowStep[];
}

export default defineRule({
  id: 'vpc/load-balancer-blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        "Report network ACL entries and routes that block a LoadBalancer Service's AWS load balancer from its targets (node ports, or pods with target type ip), for the source addresses the targets see",
      recommended: true,
    },
    messages: {
      targetsBlocked:
        'Service {{service}} port {{port}}: its {{scheme}} {{lb}} ({{controller}}, target type {{targetType}}) in subnet(s) {{lbSubnets}} cannot reach ' +
        '{{targets}} on {{conn}}: {{why}}, so the targets see {{sources}}; blocked by {{setting}}{{others}}; those connections fail.',
    },
    remediation:
      "Let the targets' subnet network ACLs admit the source addresses the targets see on the target port — the clients' ranges when the load " +
      "balancer preserves client IPs (instance targets, UDP, preserve_client_ip.enabled=true), else the load balancer's subnets — and let the " +
      "replies back out to them on the ephemeral ports 1024-65535; allow the same in the load balancer subnets' ACLs; or turn client IP " +
      'preservation off (service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false) so the ' +
      "targets see the load balancer's private addresses.",
    schema: {
      nodePortRange: {
        type: 'string',
        pattern: '^\\s*\\d{1,5}\\s*-\\s*\\d{1,5}\\s*$',
        description:
          "The cluster's NodePort range, `min-max` inclusive (kube-apiserver `--service-node-port-range`, Kubernetes default 30000-32767): " +
          'a Service port without a stated nodePort may be allocated any port of it, so instance targets are checked on all of it.',
      },
    },
    defaultOptions: { nodePortRange: '30000-32767' },
  },
  create: (ctx, options) => {
    const range = nodePortRange(ctx.id, options.nodePortRange);
    return {
      Model(model) {
        // Who takes a Service without loadBalancerClass: as the lb/ model decides it (netreach.yaml loadBalancers).
        const classless = classlessServiceController(model, lbOptionsOf(ctx.config));
        for (const svc of model.services) for (const finding of checkService(model, svc, range, classless)) ctx.report({ messageId: 'targetsBlocked', ...finding });
      },
    };
  },
});

/** A finding of the rule, but its messageId. */
interface Finding {
  at: VpcBlocker['at'];
  object: ServiceNode;
  key: string;
  data: Record<string, string>;
  related: RelatedLocation[];
  flow: FlowStep[];
}

function checkService(model: Model, svc: ServiceNode, range: NodePortRange, classless: ClasslessServiceController): Finding[] {
  const lb = serviceLoadBalancer(svc, classless);
  const lbModel = serviceLoadBalancerModel(svc, classless);
  if (!lb || !lbModel) return [];
  const ports = svc.manifest.spec?.ports ?? [];
  // The in-tree provider refuses a Classic Load Balancer for anything but TCP ("Only TCP LoadBalancer is supported").
  if (lb.kind === 'CLB' && ports.some((p) => protocolOf(p) !== 'TCP')) return [];
  const backends = model.backendsOf(svc);
  if (backends.length === 0) return []; // no pods: service/… rules report it; there is no path to prove
  const found = new Map<string, Blocked>();
  for (const context of clusterContexts(model.infra, backends)) {
    if (context.cluster?.ipFamily === 'IPv6' || !context.vpc) continue; // IPv6 clusters: not modelled here
    const placed = placeLoadBalancer(model.infra, context, lbModel);
    // None stated or discoverable, or a stated one missing: no load balancer (lb/ rules report it).
    if (!placed || placed.missing.length > 0 || placed.subnets.length === 0) continue;
    const lbSubnets = placed.subnets;
    ports.forEach((port, i) => {
      if (protocolOf(port) === 'SCTP') return; // NLB listeners are TCP, UDP, TLS, TCP_UDP
      const preserved = clientIpPreserved(lb, port);
      const clients = preserved.preserved ? lbClients(lbModel, context) : undefined;
      const sources = clients ? { set: clients.set, text: `the addresses of ${clients.text}` } : { set: 'own' as const, text: `the load balancer's own addresses in subnet(s) ${lbSubnets.map(label).join(', ')}` };
      if (sources.set !== 'own' && sources.set.isEmpty()) return; // no client can reach it
      const from = loadBalancerEndpoint({ label: `the ${lb.scheme.value} ${lb.kind} of Service ${svc.namespace}/${svc.name}`, at: lb.typeAt, subnets: lbSubnets, sources: sources.set, sourcesText: sources.text });
      for (const target of targetsOf(model, svc, lb, port, backends, context, range)) {
        const result = vpcPath(model.infra, model.cni, from, withoutSecurityGroups(target.endpoint), target.conn);
        for (const blocker of result.blockers) {
          const key = `${i}|${blockerKey(blocker)}`;
          const entry: Blocked = found.get(key) ?? {
            blocker,
            others: otherBlockersText(result, blocker),
            port,
            lb,
            lbSubnets,
            sources: sources.text,
            why: preserved.why,
            what: new Set(),
            nodeGroups: [],
            subnets: [],
            conn: ConnSet.none(),
            flow: flowOf(result),
          };
          found.set(key, entry);
          entry.what.add(target.what);
          entry.conn = entry.conn.union(target.conn.intersect(blocker.blocks));
          if (!entry.nodeGroups.includes(target.nodeGroup)) entry.nodeGroups.push(target.nodeGroup);
          for (const p of target.endpoint.places) if (p.subnet && !entry.subnets.includes(p.subnet)) entry.subnets.push(p.subnet);
        }
      }
    });
  }
  const out: Finding[] = [];
  for (const [key, b] of found) {
    const protocol = protocolOf(b.port);
    const what = [...b.what].sort().join(' and ');
    const related: RelatedLocation[] = [
      ...decidingFields(svc, b.lb),
      ...b.lbSubnets.map((s) => ({ at: s.at, message: `subnet ${label(s)}: the load balancer's subnet` })),
      ...b.nodeGroups.map((ng) => ({ at: ng.at, message: `node group ${label(ng)}: targets` })),
      ...b.subnets.map((s) => ({ at: s.at, message: `subnet ${label(s)}: the targets' subnet` })),
    ];
    out.push({
      at: b.blocker.at,
      object: svc,
      key,
      data: {
        service: `${svc.namespace}/${svc.name}`,
        port: `${b.port.port}/${protocol}${b.port.name ? ` (${b.port.name})` : ''}`,
        scheme: b.lb.scheme.value,
        lb: b.lb.kind === 'NLB' ? 'Network Load Balancer' : 'Classic Load Balancer',
        controller: b.lb.controller === 'in-tree' ? 'in-tree AWS cloud provider' : 'AWS Load Balancer Controller',
        targetType: b.lb.targetType.value,
        lbSubnets: b.lbSubnets.map(label).join(', '),
        targets: `${what} of node group(s) ${b.nodeGroups.map(label).join(', ')} in subnet(s) ${b.subnets.map(label).join(', ')}`,
        conn: b.conn.toString(),
        sources: b.sources,
        why: b.why,
        setting: b.blocker.setting,
        others: b.others,
      },
      related: relatedOf(b.blocker, related),
      flow: b.flow,
    });
  }
  return out;
}

/** Where one Service port's traffic goes: pod target ports (ip targets), or node ports (instance targets). */
function targetsOf(
  model: Model,
  svc: ServiceNode,
  lb: ServiceLoadBalancer,
  port: ServicePort,
  backends: readonly Workload[],
  context: LbContext,
  range: NodePortRange,
): Target[] {
  const inContext = (ng: NodeGroupElement) => context.nodeGroups.includes(ng);
  if (lb.targetType.value === 'ip') {
    return backends.flatMap((w) => {
      const conn = targetConn(port, w);
      if (conn.isEmpty()) return [];
      const host = w.template.spec.hostNetwork === true;
      return nodeGroupsFor(w, model.infra)
        .filter(inContext)
        .map((ng) => ({ nodeGroup: ng, conn, what: host ? ('nodes' as const) : ('pods' as const), endpoint: host ? nodeGroupEndpoint(model.infra, ng) : podEndpoint(model.infra, model.cni, ng) }));
    });
  }
  const spec = svc.manifest.spec!;
  // allocateLoadBalancerNodePorts: false leaves ports without a node port: the controllers cannot use them.
  if (port.nodePort === undefined && (spec as { allocateLoadBalancerNodePorts?: unknown }).allocateLoadBalancerNodePorts === false) return [];
  const conn = ConnSet.of(protocolOf(port), port.nodePort !== undefined ? PortSet.single(port.nodePort) : PortSet.of(range.min, range.max));
  // externalTrafficPolicy Local: only nodes running a backend pass the health check (healthCheckNodePort) and get traffic.
  const candidates = spec.externalTrafficPolicy === 'Local' ? [...new Set(backends.flatMap((w) => nodeGroupsFor(w, model.infra)))].filter(inContext) : context.nodeGroups;
  return candidates.filter((ng) => isRegisteredTarget(ng, lb.targetNodeLabels)).map((ng) => ({ nodeGroup: ng, conn, what: 'nodes' as const, endpoint: nodeGroupEndpoint(model.infra, ng) }));
}
