import type { FlowStep, RelatedLocation } from '../../../src/core/finding.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { PortSet } from '../../../src/engine/ports.js';
import { nodeGroupEndpoint, vpcPath, type VpcBlocker, type VpcEndpoint } from '../../../src/engine/vpc/index.js';
import { lbClients } from '../../../src/engine/lb/sources.js';
import { ipTargets } from '../../../src/engine/lb/targets.js';
import { lbPlacements, type LbContext } from '../../../src/engine/vpc/lb-placement.js';
import { loadBalancerEndpoint, withoutSecurityGroups } from '../../../src/engine/vpc/load-balancer.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import type { NodeGroupElement, SubnetElement } from '../../../src/model/index.js';
import { clientIpPreserved } from '../../../src/model/lb/service.js';
import { lbOptionsOf, loadBalancersOf } from '../../../src/model/lb/index.js';
import { registeredNodeGroups } from '../../../src/model/lb/targets.js';
import type { LbTargetGroup, LoadBalancer } from '../../../src/model/lb/types.js';
import { protocolOf } from '../../../src/model/ports.js';
import type { Model, ServiceNode, Workload } from '../../../src/model/types.js';
import { servicePortText } from '../../lb/common.js';
import { nodePortRange, type NodePortRange } from '../../service/node-port-range.js';
import { label } from '../infra.js';
import { blockerKey, flowOf, otherBlockersText, relatedOf } from '../paths.js';

/** A Service's Network or Classic Load Balancer (the ALBs of Ingresses are lb/backend-blocked's). */
type ServiceLb = LoadBalancer & { kind: 'NLB' | 'CLB'; object: ServiceNode };

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
  lbSubnets: SubnetElement[];
  sources: string;
  why: string;
  what: Set<'pods' | 'nodes'>;
  nodeGroups: NodeGroupElement[];
  subnets: SubnetElement[];
  conn: ConnSet;
  flow: FlowStep[];
  targetType: string;
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
        // The Services' load balancers as the lb/ model decides them (netreach.yaml loadBalancers: who takes a Service
        // without loadBalancerClass); rejected Services have none.
        for (const lb of loadBalancersOf(model, lbOptionsOf(ctx.config)).reconciled)
          if (isServiceLb(lb)) for (const finding of checkLoadBalancer(model, lb, range)) ctx.report({ messageId: 'targetsBlocked', ...finding });
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

/** NLBs and Classic Load Balancers come from Services only (src/model/lb/service.ts); ALBs from Ingresses. */
function isServiceLb(lb: LoadBalancer): lb is ServiceLb {
  return lb.kind !== 'ALB';
}

function checkLoadBalancer(model: Model, lb: ServiceLb, range: NodePortRange): Finding[] {
  const svc = lb.object;
  const ports = svc.manifest.spec?.ports ?? [];
  // The in-tree provider refuses a Classic Load Balancer for anything but TCP ("Only TCP LoadBalancer is supported").
  if (lb.kind === 'CLB' && ports.some((p) => protocolOf(p) !== 'TCP')) return [];
  const backends = model.backendsOf(svc);
  if (backends.length === 0) return []; // no pods: service/… rules report it; there is no path to prove
  const found = new Map<string, Blocked>();
  for (const { context, placed } of lbPlacements(model, lb)) {
    if (context.cluster?.ipFamily === 'IPv6' || !context.vpc) continue; // IPv6 clusters: not modelled here
    // None stated or discoverable, or a stated one missing: no load balancer (lb/ rules report it).
    if (!placed || placed.missing.length > 0 || placed.subnets.length === 0) continue;
    const lbSubnets = placed.subnets;
    // One target group per Service port, in port order (serviceLoadBalancerModel).
    lb.targetGroups.forEach((tg, i) => {
      const port = tg.port!;
      if (protocolOf(port) === 'SCTP') return; // NLB listeners are TCP, UDP, TLS, TCP_UDP
      const preserved = clientIpPreserved({ kind: lb.kind, targetType: tg.targetType, ...(lb.preserveClientIp ? { preserveClientIp: lb.preserveClientIp } : {}) }, port);
      const clients = preserved.preserved ? lbClients(lb, context) : undefined;
      const sources = clients ? { set: clients.set, text: `the addresses of ${clients.text}` } : { set: 'own' as const, text: `the load balancer's own addresses in subnet(s) ${lbSubnets.map(label).join(', ')}` };
      if (sources.set !== 'own' && sources.set.isEmpty()) return; // no client can reach it
      const from = loadBalancerEndpoint({ label: `the ${lb.scheme.value} ${lb.kind} of Service ${svc.namespace}/${svc.name}`, at: lb.at, subnets: lbSubnets, sources: sources.set, sourcesText: sources.text });
      for (const target of targetsOf(model, tg, backends, context, range)) {
        const result = vpcPath(model.infra, model.cni, from, withoutSecurityGroups(target.endpoint), target.conn);
        for (const blocker of result.blockers) {
          const key = `${i}|${blockerKey(blocker)}`;
          const entry: Blocked = found.get(key) ?? {
            blocker,
            others: otherBlockersText(result, blocker),
            port,
            lbSubnets,
            sources: sources.text,
            why: preserved.why,
            what: new Set(),
            nodeGroups: [],
            subnets: [],
            conn: ConnSet.none(),
            flow: flowOf(result),
            targetType: tg.targetType.value,
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
    const what = [...b.what].sort().join(' and ');
    const related: RelatedLocation[] = [
      ...lb.decidedBy,
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
        port: servicePortText(b.port),
        scheme: lb.scheme.value,
        lb: lb.kind === 'NLB' ? 'Network Load Balancer' : 'Classic Load Balancer',
        controller: lb.controller === 'in-tree' ? 'in-tree AWS cloud provider' : 'AWS Load Balancer Controller',
        targetType: b.targetType,
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
function targetsOf(model: Model, tg: LbTargetGroup, backends: readonly Workload[], context: LbContext, range: NodePortRange): Target[] {
  const port = tg.port!;
  if (tg.targetType.value === 'ip') return ipTargets(model, context, port, backends);
  const spec = tg.service!.manifest.spec!;
  // allocateLoadBalancerNodePorts: false leaves ports without a node port: the controllers cannot use them.
  if (port.nodePort === undefined && (spec as { allocateLoadBalancerNodePorts?: unknown }).allocateLoadBalancerNodePorts === false) return [];
  const conn = ConnSet.of(protocolOf(port), port.nodePort !== undefined ? PortSet.single(port.nodePort) : PortSet.of(range.min, range.max));
  return registeredNodeGroups(model.infra, context, tg, backends).map((ng) => ({ nodeGroup: ng, conn, what: 'nodes' as const, endpoint: nodeGroupEndpoint(model.infra, ng) }));
}
