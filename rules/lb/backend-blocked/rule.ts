import type { FlowStep, RelatedLocation } from '../../../src/core/finding.js';
import { refOf } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { IpSet } from '../../../src/engine/ip.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import type { CompiledPolicy } from '../../../src/engine/policy/compile.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { addressesText } from '../../../src/engine/vpc/path.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { infraLabel } from '../../../src/model/infra/label.js';
import type { NodeGroupElement, SecurityGroupElement, SubnetElement } from '../../../src/model/infra/types.js';
import { reconciledLoadBalancers, servicePortText } from '../common.js';
import type { LbTargetGroup, LoadBalancer } from '../../../src/model/lb/types.js';
import { protocolOf } from '../../../src/model/ports.js';
import type { Model, Workload } from '../../../src/model/types.js';
import { connText, enforcedOn, listNames, policyList, policyName, policyRelated, reachOf, workloadName, workloadRelated } from '../../netpol/engine.js';
import { nodePortRange, type NodePortRange } from '../../service/node-port-range.js';
import { placementsOf, type Placement } from './placements.js';
import { healthCheckConn } from '../../../src/engine/lb/health-check.js';
import { admittingRules, policyFieldAt, policyGap, primaryPolicy, type PolicyGap } from './policies.js';
import { loadBalancerGroups, sgGap, sgTargets } from './security-groups.js';

type Traffic = 'traffic' | 'health';

/** One NetworkPolicy finding in the making: the gaps of every placement of one target group on one workload. */
interface PolicyEntry {
  lb: LoadBalancer;
  tg: LbTargetGroup;
  w: Workload;
  cls: PodClass;
  traffic: Traffic;
  blocked: IpSet;
  conn: ConnSet;
  isolatedBy: CompiledPolicy[];
  sources: string[];
  why: string;
  subnets: SubnetElement[];
  flow: FlowStep[];
  /** Health checks blocked from the same addresses on the same ports: folded into the traffic finding. */
  alsoHealth: boolean;
}

/** One security group finding in the making: one target group's targets behind the same groups. */
interface SgEntry {
  lb: LoadBalancer;
  tg: LbTargetGroup;
  traffic: Set<Traffic>;
  blocked: IpSet;
  conn: ConnSet;
  groups: SecurityGroupElement[];
  what: Set<'pods' | 'nodes'>;
  nodeGroups: NodeGroupElement[];
  sources: Set<string>;
  subnets: SubnetElement[];
  flow: FlowStep[];
}

export default defineRule({
  id: 'lb/backend-blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        "Report NetworkPolicies and security groups of a load balancer's backends that do not admit the source addresses the backends really see: the load balancer's own addresses (ALB, NLB without client IP preservation, health checks), the clients' (NLB with preservation), or the nodes' (instance targets with externalTrafficPolicy Cluster)",
      recommended: true,
    },
    messages: {
      trafficBlocked:
        'NetworkPolicy {{policy}} keeps {{lb}} from {{workload}}: {{via}}Service {{service}} port {{servicePort}} reaches the pods on {{conn}} from ' +
        '{{sources}} ({{why}}), and the ingress rules of {{policies}} do not admit {{blocked}}; those connections are dropped{{healthChecks}}.',
      healthChecksBlocked:
        'NetworkPolicy {{policy}} blocks the health checks of {{lb}} to {{workload}}: the target group of Service {{service}} port {{servicePort}} checks the pods on ' +
        '{{conn}} ({{healthCheck}}) from {{sources}}, and the ingress rules of {{policies}} do not admit {{blocked}}; the targets fail their health checks and ' +
        'the load balancer stops sending them traffic.',
      securityGroupsBlocked:
        '{{object}}: the security groups {{groups}} of the {{targets}} behind {{lb}} do not admit {{blocked}} on {{conn}} — the {{what}} of Service {{service}} port ' +
        '{{servicePort}} come from {{sources}} — and the controller adds no rule for the load balancer ({{manage}}); those connections are dropped.',
    },
    remediation:
      "Admit the addresses the backends really see. An ALB, a Classic Load Balancer and an NLB without client IP preservation send from their own private addresses in their subnets: allow those subnets' CIDRs (ipBlock) " +
      "in the pods' NetworkPolicy on the target port — and on the health check port, whose checks always come from there. An NLB with client IP preservation (instance targets, UDP, preserve_client_ip.enabled=true) " +
      "keeps the clients' addresses: allow the clients' CIDRs. Instance targets with externalTrafficPolicy Cluster reach the pods from the node addresses after kube-proxy's masquerade: allow the node subnets, " +
      "or set externalTrafficPolicy: Local. For security groups, let the controller manage the backend rules (drop manage-backend-security-group-rules: \"false\"), or add an inbound rule on the targets' groups " +
      "that references the load balancer's security group.",
    schema: {
      nodePortRange: {
        type: 'string',
        pattern: '^\\s*\\d{1,5}\\s*-\\s*\\d{1,5}\\s*$',
        description:
          "The cluster's NodePort range, `min-max` inclusive (kube-apiserver `--service-node-port-range`, Kubernetes default 30000-32767): instance targets of a Service port without a " +
          'stated nodePort are checked on all of it in the security groups.',
      },
    },
    defaultOptions: { nodePortRange: '30000-32767' },
  },
  create: (ctx, options) => {
    const range = nodePortRange(ctx.id, options.nodePortRange);
    return {
      Model(model) {
        const engine = reachOf(ctx).engine;
        const policyEntries = new Map<string, PolicyEntry>();
        const sgEntries = new Map<string, SgEntry>();
        for (const lb of reconciledLoadBalancers(model, ctx.config))
          mergedTargetGroups(lb).forEach((tg, tgIndex) => {
            // A Service or port that does not resolve carries no traffic (ingress/… and lb/… rules report it).
            if (!tg.service || !tg.port) return;
            const backends = model.backendsOf(tg.service);
            if (backends.length === 0) return;
            for (const placement of placementsOf(model, lb, tg)) {
              for (const w of backends) {
                const cls = engine.classOf(w.id);
                if (!cls || !enforcedOn(cls, ctx.config)) continue; // hostNetwork pods: outside NetworkPolicy
                checkPolicies(policyEntries, engine, lb, tg, tgIndex, w, cls, placement);
              }
              checkSecurityGroups(sgEntries, model, lb, tg, tgIndex, backends, placement, range);
            }
          });
        for (const e of policyEntries.values()) ctx.report(policyReport(e));
        for (const e of sgEntries.values()) ctx.report(securityGroupReport(e));
      },
    };
  },
});

type Engine = ReturnType<typeof reachOf>['engine'];

/**
 * An ALB has a target group per Ingress and Service port (src/model/lb): those of one Service port with the same
 * target type and health check carry the same traffic, so they make one finding that names every route.
 */
function mergedTargetGroups(lb: LoadBalancer): LbTargetGroup[] {
  const out = new Map<string, LbTargetGroup>();
  for (const tg of lb.targetGroups) {
    const hc = tg.healthCheck;
    const key = [tg.namespace, tg.serviceName, tg.portRef, tg.targetType.value, hc.port.value, hc.protocol.value, hc.path?.value ?? ''].join('|');
    const seen = out.get(key);
    out.set(key, seen ? { ...seen, routes: [...seen.routes, ...tg.routes] } : tg);
  }
  return [...out.values()];
}

function checkPolicies(entries: Map<string, PolicyEntry>, engine: Engine, lb: LoadBalancer, tg: LbTargetGroup, tgIndex: number, w: Workload, cls: PodClass, p: Placement): void {
  const conn = targetConn(tg.port!, w);
  if (conn.isEmpty()) return; // a target port that names no container port: service/target-port-unresolved
  const { atPod, healthChecks } = p.sources;
  const traffic = policyGap(engine, cls, atPod.set, conn);
  // Health checks reach the pods themselves only with ip targets (instance targets: the node port, or kube-proxy's health check node port).
  const hcConn = tg.targetType.value === 'ip' ? healthCheckConn(tg, w) : undefined;
  const health = hcConn ? policyGap(engine, cls, healthChecks.set, hcConn) : undefined;
  // The same addresses on the same ports: one finding says both.
  const folded = traffic !== undefined && health !== undefined && health.blocked.isSubsetOf(traffic.blocked) && health.conn.isSubsetOf(traffic.conn);
  const add = (kind: Traffic, gap: PolicyGap, sources: string, why: string) => {
    const key = `${lb.id}|${tgIndex}|${w.id}|${kind}`;
    const entry: PolicyEntry = entries.get(key) ?? {
      lb,
      tg,
      w,
      cls,
      traffic: kind,
      blocked: IpSet.empty(),
      conn: ConnSet.none(),
      isolatedBy: [],
      sources: [],
      why,
      subnets: [],
      flow: policyFlow(lb, tg, w, p, kind),
      alsoHealth: false,
    };
    entries.set(key, entry);
    entry.blocked = entry.blocked.union(gap.blocked);
    entry.conn = entry.conn.union(gap.conn);
    for (const pol of gap.isolatedBy) if (!entry.isolatedBy.includes(pol)) entry.isolatedBy.push(pol);
    if (!entry.sources.includes(sources)) entry.sources.push(sources);
    for (const s of p.subnets) if (!entry.subnets.includes(s)) entry.subnets.push(s);
    if (kind === 'traffic' && folded) entry.alsoHealth = true;
  };
  if (traffic) add('traffic', traffic, atPod.text, atPod.why);
  if (health && !folded) add('health', health, healthChecks.text, '');
}

function checkSecurityGroups(entries: Map<string, SgEntry>, model: Model, lb: LoadBalancer, tg: LbTargetGroup, tgIndex: number, backends: readonly Workload[], p: Placement, range: NodePortRange): void {
  // With its own security groups the controller admits the load balancer to the targets (AWS Load Balancer
  // Controller, "Security Groups for Load Balancers": backend security group rules); only stated groups without
  // managed backend rules leave it to the files.
  if (lb.manageBackendSecurityGroupRules.value || !lb.securityGroups || !p.context.vpc) return;
  const lbGroups = loadBalancerGroups(model.infra, lb);
  const { atTarget, healthChecks } = p.sources;
  for (const target of sgTargets(model, p.context, tg, backends, range))
    for (const place of target.places) {
      const checks: [Traffic, ConnSet | undefined, IpSet, string][] = [
        ['traffic', target.traffic, atTarget.set, atTarget.text],
        ['health', target.health, healthChecks.set, healthChecks.text],
      ];
      for (const [kind, conn, sources, text] of checks) {
        if (!conn) continue;
        const gap = sgGap(place, sources, lbGroups, conn);
        if (!gap) continue;
        const groups = place.groups!.known;
        const key = `${lb.id}|${tgIndex}|${groups.map((g) => g.key).join(',')}`;
        const entry: SgEntry = entries.get(key) ?? {
          lb,
          tg,
          traffic: new Set(),
          blocked: IpSet.empty(),
          conn: ConnSet.none(),
          groups,
          what: new Set(),
          nodeGroups: [],
          sources: new Set(),
          subnets: [],
          flow: sgFlow(lb, tg, p, target.what, place.label),
        };
        entries.set(key, entry);
        entry.traffic.add(kind);
        entry.blocked = entry.blocked.union(gap.blocked);
        entry.conn = entry.conn.union(gap.conn);
        entry.what.add(target.what);
        entry.sources.add(text);
        if (!entry.nodeGroups.includes(target.nodeGroup)) entry.nodeGroups.push(target.nodeGroup);
        for (const s of p.subnets) if (!entry.subnets.includes(s)) entry.subnets.push(s);
      }
    }
}

// --- reports ---------------------------------------------------------------------------------------

function policyReport(e: PolicyEntry) {
  const gap: PolicyGap = { blocked: e.blocked, conn: e.conn, isolatedBy: e.isolatedBy };
  const primary = primaryPolicy(gap, e.cls);
  const np = primary.node;
  const port = e.tg.port!;
  const common = {
    policy: policyName(np),
    lb: e.lb.label,
    workload: workloadName(e.w),
    service: `${e.tg.namespace}/${e.tg.serviceName}`,
    servicePort: servicePortText(e.tg.port!),
    conn: connText(e.conn),
    sources: e.sources.join('; '),
    policies: policyList(e.isolatedBy),
    blocked: addressesText(e.blocked),
  };
  const related: RelatedLocation[] = [
    ...workloadRelated(e.w, `${workloadName(e.w)}, a backend of ${e.lb.label}`),
    ...e.isolatedBy.filter((p) => p !== primary).map((p) => policyRelated(p, `NetworkPolicy ${policyName(p.node)} also isolates the ingress of ${workloadName(e.w)}`)),
    ...admittingRules(gap, e.cls),
    ...lbRelated(e.lb, e.tg, e.subnets),
  ];
  const key = `${e.lb.id}|${e.tg.namespace}/${e.tg.serviceName}:${port.port}/${protocolOf(port)}|${e.w.id}`;
  const flow = [...e.flow, { at: policyFieldAt(np), message: `✗ no ingress rule of ${policyList(e.isolatedBy)} admits ${addressesText(e.blocked)} on ${connText(e.conn)}` }];
  if (e.traffic === 'traffic')
    return {
      messageId: 'trafficBlocked' as const,
      at: policyFieldAt(np),
      object: np,
      key: `${key}|traffic`,
      related,
      flow,
      data: {
        ...common,
        // An ALB's routes are Ingress rules worth naming; a Service's own load balancer has only the port itself.
        via: e.lb.kind === 'ALB' ? `through ${listNames([...new Set(e.tg.routes.map((r) => r.via))], 2)}, ` : '',
        why: e.why,
        healthChecks: e.alsoHealth ? ", and so are the load balancer's health checks from the same addresses: the targets are marked unhealthy" : '',
      },
    };
  return {
      messageId: 'healthChecksBlocked' as const,
      at: policyFieldAt(np),
      object: np,
      key: `${key}|health`,
      related: [...related, { at: e.tg.healthCheck.port.at, message: `health check port: ${e.tg.healthCheck.port.why}` }],
      flow,
      data: { ...common, healthCheck: `${e.tg.healthCheck.protocol.value} health checks, ${e.tg.healthCheck.port.why}` },
    };
}

function securityGroupReport(e: SgEntry) {
  const manage = e.lb.manageBackendSecurityGroupRules;
  const obj = e.lb.object;
  const kind = e.lb.kind === 'ALB' ? 'Ingress' : 'Service';
  const what = [...e.what].sort().join(' and ');
  const related: RelatedLocation[] = [
    ...e.groups.map((g) => ({ at: g.at, message: `security group ${infraLabel(g)} of the ${what}` })),
    ...e.nodeGroups.map((ng) => ({ at: ng.at, message: `node group ${infraLabel(ng)}: targets` })),
    ...lbRelated(e.lb, e.tg, e.subnets),
  ];
  const traffic = e.traffic.has('traffic') && e.traffic.has('health') ? 'connections and health checks' : e.traffic.has('traffic') ? 'connections' : 'health checks';
  return {
    messageId: 'securityGroupsBlocked' as const,
    at: manage.at,
    object: obj,
    key: `${e.lb.id}|${e.tg.namespace}/${e.tg.serviceName}:${e.tg.port!.port}|${e.groups.map((g) => g.key).join(',')}`,
    related,
    flow: [...e.flow, { at: e.groups[0]?.at ?? manage.at, message: `✗ security group(s) ${e.groups.map(infraLabel).join(', ')}: no inbound rule for ${addressesText(e.blocked)} on ${connText(e.conn)}` }],
    data: {
      object: `${kind} ${obj.namespace}/${obj.name}`,
      groups: e.groups.map(infraLabel).join(', '),
      targets: `${what} of node group(s) ${e.nodeGroups.map(infraLabel).join(', ')}`,
      lb: e.lb.label,
      blocked: addressesText(e.blocked),
      conn: connText(e.conn),
      what: traffic,
      service: `${e.tg.namespace}/${e.tg.serviceName}`,
      servicePort: servicePortText(e.tg.port!),
      sources: [...e.sources].join('; '),
      manage: manage.why,
    },
  };
}

/** The load balancer's deciding fields, the routes to the target group, the Service port and the load balancer's subnets. */
function lbRelated(lb: LoadBalancer, tg: LbTargetGroup, subnets: readonly SubnetElement[]): RelatedLocation[] {
  return uniqueRelated([
    ...lb.decidedBy,
    ...tg.routes.map((r) => ({ at: r.at, message: r.via })),
    { at: refOf(tg.port!, 'port'), message: `Service ${tg.namespace}/${tg.serviceName} port ${servicePortText(tg.port!)}` },
    ...subnets.map((s) => ({ at: s.at, message: `subnet ${infraLabel(s)}: the load balancer's subnet` })),
  ]);
}

/** One related location per place: a Service's route and its port are the same field. */
function uniqueRelated(list: readonly RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const k = `${r.at.file}:${r.at.region.startLine}:${r.at.region.startColumn}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// --- code flows ------------------------------------------------------------------------------------

/** clients → the load balancer (listener, scheme) → its subnets → the target, with the source it sees. */
function edgeFlow(lb: LoadBalancer, tg: LbTargetGroup, p: Placement, kind: Traffic): FlowStep[] {
  const route = tg.routes[0];
  const listeners = [...new Set((route?.listeners ?? lb.listeners).map((l) => `${l.protocol} ${l.port}`))].join(', ');
  const steps: FlowStep[] = [];
  if (kind === 'traffic') steps.push({ at: lb.inbound[0]?.at ?? lb.at, message: `clients: ${p.sources.clients.text}` });
  steps.push({ at: lb.scheme.at, message: `${lb.label} (${lb.scheme.why})` });
  if (route) steps.push({ at: route.at, message: `${route.via}: listener ${listeners} → Service ${tg.namespace}/${tg.serviceName} port ${servicePortText(tg.port!)}` });
  const where = p.subnets.length > 0 ? `subnet(s) ${p.subnets.map(infraLabel).join(', ')}` : 'subnets not in the input';
  steps.push({ at: lb.subnets?.at ?? p.subnets[0]?.at ?? lb.at, message: `${lb.label} in ${where}` });
  if (kind === 'health') steps.push({ at: tg.healthCheck.port.at, message: `health checks (${tg.healthCheck.port.why}) from ${p.sources.healthChecks.text}` });
  else steps.push({ at: tg.targetType.at, message: `target type ${tg.targetType.value} (${tg.targetType.why}): the targets see ${p.sources.atTarget.text} (${p.sources.preserved.why})` });
  return steps;
}

function policyFlow(lb: LoadBalancer, tg: LbTargetGroup, w: Workload, p: Placement, kind: Traffic): FlowStep[] {
  const steps = edgeFlow(lb, tg, p, kind);
  const spec = tg.service!.manifest.spec!;
  if (kind === 'traffic' && tg.targetType.value === 'instance') {
    const at = spec.externalTrafficPolicy !== undefined ? refOf(spec, 'externalTrafficPolicy') : refOf(tg.port!, 'port');
    steps.push({ at, message: `kube-proxy on the node port ${tg.port!.nodePort ?? '(allocated)'}: ${p.sources.atPod.why}` });
  }
  const pods = workloadRelated(w)[0];
  steps.push({ at: pods?.at ?? refOf(tg.port!, 'port'), message: `pods of ${workloadName(w)}, from ${kind === 'traffic' ? p.sources.atPod.text : p.sources.healthChecks.text}` });
  return steps;
}

function sgFlow(lb: LoadBalancer, tg: LbTargetGroup, p: Placement, what: 'pods' | 'nodes', place: string): FlowStep[] {
  const steps = edgeFlow(lb, tg, p, 'traffic');
  steps.push({ at: lb.manageBackendSecurityGroupRules.at, message: `${lb.manageBackendSecurityGroupRules.why}: the controller adds no inbound rule to the targets' security groups` });
  steps.push({ at: tg.targetType.at, message: `${what}: ${place}` });
  return steps;
}

