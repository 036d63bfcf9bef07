/**
 * The way in from outside: clients (the internet, a CIDR) → an AWS load balancer the input asks for (a LoadBalancer
 * Service's NLB/CLB, an Ingress's ALB) → its subnets → its targets (node ports, or pods with target type ip) →
 * kube-proxy → the pods, with the NetworkPolicies that decide at the pod for the source address the pod really sees.
 * Every hop carries the field that decides it, so `query --explain` can print the path and a failing hop names the
 * setting to change.
 *
 * Ports: the client connects to the listener ports (what `requested` speaks of); the VPC carries the target port
 * (ip) or the node port (instance) from the load balancer on; the pod is reached on the Service port's target port.
 */
import { maybeRefOf, refOf, type SourceRef } from '../../core/source.js';
import type { NodeGroupElement, SubnetElement } from '../../model/infra/types.js';
import { loadBalancersOf, type LbOptions } from '../../model/lb/index.js';
import { registeredNodeGroups } from '../../model/lb/targets.js';
import type { LbTargetGroup, Listener, LoadBalancer } from '../../model/lb/types.js';
import { infraLabel } from '../../model/infra/label.js';
import { protocolOf } from '../../model/ports.js';
import type { Model, Workload } from '../../model/types.js';
import { ConnSet } from '../conn-set.js';
import { internetAddresses } from '../internet.js';
import { IpSet } from '../ip.js';
import { PortSet } from '../ports.js';
import { query, type Explanation } from '../query.js';
import { targetConn, workloadEndpointName, type Reachability } from '../reachability.js';
import { nodeGroupEndpoint, subnetEndpoint, vpcPath, type VpcEndpoint } from '../vpc/index.js';
import { lbPlacements, type LbContext, type LbPlacement } from '../vpc/lb-placement.js';
import { addressesText } from '../vpc/path.js';
import { loadBalancerEndpoint, withoutSecurityGroups } from '../vpc/load-balancer.js';
import { healthCheckConn } from './health-check.js';
import { lbClients, lbSources, preservation } from './sources.js';
import { ipTargets } from './targets.js';

export type EdgeEffect = 'allow' | 'deny' | 'unknown' | 'pass';

export interface EdgeHop {
  /** What the hop is: clients, listener, subnets, vpc, target, kube-proxy, policy, pod. */
  step: 'clients' | 'listener' | 'subnets' | 'vpc' | 'target' | 'kube-proxy' | 'policy' | 'pod';
  effect: EdgeEffect;
  message: string;
  at?: SourceRef;
}

export interface EdgePath {
  lb: LoadBalancer;
  tg: LbTargetGroup;
  workload: Workload;
  /** The listeners the clients connect to, within the request. */
  listeners: Listener[];
  /** Listener connections that get through, for every admitted client address and every placement. */
  allowed: ConnSet;
  /** Listener connections asked for. */
  requested: ConnSet;
  verdict: 'allow' | 'deny' | 'partial' | 'unknown';
  hops: EdgeHop[];
  /** The client addresses the load balancer admits, of those asked about. */
  clients: IpSet;
  /** The pod's side: the target port the Service port forwards to. */
  podConn: ConnSet;
}

export interface EdgeQuery {
  /** The clients: the internet, a CIDR. */
  label: string;
  ips: IpSet;
  /** Only paths to these workloads (undefined: every load balancer). */
  workloads?: readonly Workload[];
  /** Listener connections asked for (ConnSet.all() = every listener). */
  requested: ConnSet;
  /** netreach.yaml `loadBalancers` (which controller serves Services without a class). */
  lb?: LbOptions;
  /** Only these load balancers and target groups (a query to a Service, or to an Ingress). */
  through?: (lb: LoadBalancer, tg: LbTargetGroup) => boolean;
}

const PUBLIC = internetAddresses();
/** Where a load balancer's own addresses are when the input has no VPC: private space somewhere. */
const PRIVATE = IpSet.fromCidrs(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10']);

/** Every path from the clients through a load balancer to the pods behind it, load balancers in model order. */
export function edgePaths(reach: Reachability, q: EdgeQuery): EdgePath[] {
  const model = reach.model;
  const out: EdgePath[] = [];
  for (const lb of loadBalancersOf(model, q.lb).reconciled) {
    const placements = lbPlacements(model, lb);
    for (const tg of lb.targetGroups) {
      if (!tg.service || !tg.port || (q.through && !q.through(lb, tg))) continue;
      const listeners = uniqueListeners(tg).filter((l) => !listenerConn([l]).intersect(q.requested).isEmpty());
      if (listeners.length === 0) continue;
      for (const w of model.backendsOf(tg.service)) {
        if (q.workloads && !q.workloads.includes(w)) continue;
        out.push(edgePath(reach, q, lb, placements, tg, w, listeners));
      }
    }
  }
  return out;
}

function uniqueListeners(tg: LbTargetGroup): Listener[] {
  const out: Listener[] = [];
  for (const r of tg.routes) for (const l of r.listeners) if (!out.some((x) => x.port === l.port)) out.push(l);
  return out.sort((a, b) => a.port - b.port);
}

function listenerConn(listeners: readonly Listener[]): ConnSet {
  return listeners.reduce((acc, l) => acc.union(ConnSet.of(l.protocol === 'UDP' ? 'UDP' : 'TCP', PortSet.single(l.port))), ConnSet.none());
}

/** One load balancer → target group → workload path, over every cluster the workload's pods can run in. */
function edgePath(reach: Reachability, q: EdgeQuery, lb: LoadBalancer, placements: readonly LbPlacement[], tg: LbTargetGroup, w: Workload, listeners: Listener[]): EdgePath {
  const requested = listenerConn(listeners).intersect(q.requested);
  const hops: EdgeHop[] = [];
  const hop = (h: EdgeHop) => hops.push(h);
  const service = tg.service!;
  const port = tg.port!;
  const route = tg.routes[0]!;
  hop({
    step: 'listener',
    effect: 'pass',
    message: `${lb.label} listens on ${listeners.map((l) => `${l.protocol} ${l.port}`).join(', ')}; ${route.ingress ? `${route.via} → Service ${service.namespace}/${service.name} port ${port.port}` : route.via} (target type ${tg.targetType.value}: ${tg.targetType.why})`,
    at: route.at,
  });

  let okEverywhere = true;
  let okSomewhere = false;
  let partial = false;
  let unknown = false;
  const podConn = targetConn(port, w);
  if (podConn.isEmpty()) {
    hop({ step: 'pod', effect: 'deny', message: `Service ${service.namespace}/${service.name} port ${port.port}: target port ${String(port.targetPort ?? port.port)} names no port of ${workloadEndpointName(w)}`, at: tg.portAt });
    return { lb, tg, workload: w, listeners, requested, hops, clients: IpSet.empty(), podConn, allowed: ConnSet.none(), verdict: 'deny' };
  }
  let clients = IpSet.empty();
  for (const placement of placements) {
    const r = throughContext(reach, q, lb, tg, w, placement, requested, podConn, hop, () => (partial = true));
    clients = clients.union(r.admitted);
    if (r.step === 'allow') okSomewhere = true;
    else okEverywhere = false;
    if (r.step === 'unknown') unknown = true;
  }
  const verdict = okEverywhere ? (partial ? 'partial' : 'allow') : unknown && !okSomewhere ? 'unknown' : okSomewhere ? 'partial' : 'deny';
  return { lb, tg, workload: w, listeners, requested, hops, clients, podConn, allowed: okEverywhere ? requested : ConnSet.none(), verdict };
}

/** The clients asked about that can be: an ipv4 load balancer has IPv4 addresses only. */
function askedOf(q: EdgeQuery, lb: LoadBalancer): IpSet {
  return lb.ipAddressType.value === 'ipv4' ? q.ips.intersect(IpSet.allV4()) : q.ips;
}

type Step = 'allow' | 'deny' | 'unknown';

/**
 * The path within one cluster context (or, without infrastructure, with what the manifests alone say), and the
 * clients asked about that the load balancer admits there: its inbound ranges, its address family, and no internet
 * for an internal one. `requested`: the listener connections asked for.
 */
function throughContext(
  reach: Reachability,
  q: EdgeQuery,
  lb: LoadBalancer,
  tg: LbTargetGroup,
  w: Workload,
  { context, placed }: LbPlacement,
  requested: ConnSet,
  podConn: ConnSet,
  hop: (h: EdgeHop) => void,
  somePartial: () => void,
): { step: Step; admitted: IpSet } {
  const model = reach.model;
  const where = context.cluster ? ` (cluster ${infraLabel(context.cluster)})` : '';
  // 1. Clients the load balancer admits.
  const clients = lbClients(lb, context, tg);
  const asked = askedOf(q, lb);
  const inRange = asked.intersect(clients.set);
  const admitted = lb.scheme.value === 'internal' ? inRange.subtract(PUBLIC) : inRange;
  const done = (step: Step) => ({ step, admitted });
  const inboundAt = lb.inbound[0]?.at ?? lb.at;
  if (lb.scheme.value === 'internal' && !asked.intersect(PUBLIC).isEmpty())
    hop({ step: 'clients', effect: 'deny', message: `${lb.label}${where}: an internal load balancer has only private addresses — ${addressesText(asked.intersect(PUBLIC))} cannot reach it (${lb.scheme.why})`, at: lb.scheme.at });
  if (admitted.isEmpty()) {
    if (lb.inbound.some((i) => i.vpc) && !context.vpc) {
      // An internal NLB admits the VPC's CIDRs by default, and the input has no VPC: who gets in is not known.
      hop({ step: 'clients', effect: 'unknown', message: `${lb.label} admits ${clients.text}: whether ${q.label} is in the VPC is not known`, at: inboundAt });
      return done('unknown');
    }
    hop({ step: 'clients', effect: 'deny', message: `${lb.label} admits ${clients.text}: none of ${q.label}`, at: inboundAt });
    return done('deny');
  }
  const partClients = !admitted.equals(asked);
  hop({
    step: 'clients',
    effect: 'allow',
    message: `${lb.label} admits ${clients.text}${partClients ? `: of ${q.label}, only ${addressesText(admitted)}` : ''}`,
    at: inboundAt,
  });
  // Only part of the clients asked about gets in: the path is judged for that part, and the answer is partial.
  if (partClients) somePartial();
  let result: Step = 'allow';

  // 2. Where the load balancer is, and 3. what the VPC carries from it to the targets.
  let atPod: { set: IpSet; text: string; why: string };
  let health: { set: IpSet; text: string } | undefined;
  if (context.vpc && placed) {
    if (placed.missing.length > 0 || placed.subnets.length === 0) {
      const why = placed.missing.length > 0 ? `stated subnet(s) ${placed.missing.join(', ')} are not in VPC ${infraLabel(context.vpc)}` : `no subnet of VPC ${infraLabel(context.vpc)} is discoverable for the ${lb.scheme.value} scheme`;
      hop({ step: 'subnets', effect: 'deny', message: `${lb.label}${where}: ${why} — the controller creates no load balancer`, at: lb.subnets?.at ?? lb.scheme.at });
      return done('deny');
    }
    const privateOnes = lb.scheme.value === 'internet-facing' ? placed.subnets.filter((s) => s.tier === 'private') : [];
    if (privateOnes.length === placed.subnets.length) {
      hop({ step: 'subnets', effect: 'deny', message: `${lb.label} in subnet(s) ${placed.subnets.map(infraLabel).join(', ')} (${placed.how}): no route to an internet gateway there, clients cannot reach it`, at: lb.subnets?.at ?? placed.subnets[0]!.at });
      return done('deny');
    }
    const tier = privateOnes.length > 0 ? `; ${privateOnes.map(infraLabel).join(', ')} without a route to an internet gateway` : lb.scheme.value === 'internet-facing' ? '; public: routed to an internet gateway' : '';
    hop({ step: 'subnets', effect: privateOnes.length > 0 ? 'unknown' : 'pass', message: `${lb.label} in subnet(s) ${placed.subnets.map(infraLabel).join(', ')} (${placed.how}${tier})`, at: lb.subnets?.at ?? placed.subnets[0]!.at });
    // The clients' leg: the load balancer subnets' network ACLs must let the request in on the listener ports and
    // the replies out (the route to the internet gateway is the subnet tier above).
    const clientsEnd: VpcEndpoint = { kind: 'cidr', label: q.label, places: [{ label: q.label, addresses: admitted }], notes: [] };
    for (const subnet of placed.subnets) {
      const leg = vpcPath(model.infra, model.cni, clientsEnd, withoutSecurityGroups(subnetEndpoint(subnet)), requested);
      for (const b of leg.blockers) {
        hop({ step: 'subnets', effect: 'deny', message: `clients → ${lb.label} in subnet ${infraLabel(subnet)}: ${b.setting} blocks ${b.blocks.toString()}: ${b.detail}`, at: b.at });
        result = 'deny';
      }
    }
    hop({
      step: 'target',
      effect: 'pass',
      message: lb.manageBackendSecurityGroupRules.value
        ? `security groups: the AWS Load Balancer Controller admits the load balancer to the targets' security groups (${lb.manageBackendSecurityGroupRules.why})`
        : `security groups: the targets' security groups must admit the load balancer themselves (${lb.manageBackendSecurityGroupRules.why})`,
      at: lb.manageBackendSecurityGroupRules.at,
    });
    const sources = lbSources(model.infra, lb, context, placed.subnets, tg);
    const vpc = targetsLeg(model, lb, tg, w, context, placed.subnets, sources.preserved.preserved ? admitted : 'own', podConn);
    hop({ step: 'target', effect: 'pass', message: `the targets see ${sources.atTarget.text} (${sources.preserved.why})`, at: tg.targetType.at });
    const seen = new Set<string>();
    const once = (h: EdgeHop) => {
      if (seen.has(h.message)) return;
      seen.add(h.message);
      hop(h);
    };
    for (const v of vpc) {
      for (const h of v.result.hops) once({ step: 'vpc', effect: h.effect, message: h.message, ...(h.at ? { at: h.at } : {}) });
      for (const b of v.result.blockers) once({ step: 'vpc', effect: 'deny', message: `${b.setting} blocks ${b.blocks.toString()}: ${b.detail}`, at: b.at });
      if (v.result.verdict === 'deny') result = 'deny';
      else if (v.result.verdict !== 'allow' && result === 'allow') result = v.result.verdict === 'partial' ? 'deny' : 'unknown';
    }
    if (vpc.length === 0) {
      const why =
        tg.targetType.value === 'ip'
          ? `no node group of the cluster can run pods of ${workloadEndpointName(w)}`
          : `no node group of the cluster is a registered target${tg.targetNodeLabels ? ` (target node labels ${Object.entries(tg.targetNodeLabels.labels).map(([k, v]) => `${k}=${v}`).join(',')})` : ''}${tg.service!.manifest.spec?.externalTrafficPolicy === 'Local' ? ` that runs pods of ${workloadEndpointName(w)} (externalTrafficPolicy Local: the others fail the health checks)` : ''}`;
      hop({ step: 'target', effect: 'deny', message: why, at: tg.targetNodeLabels?.at ?? tg.targetType.at });
      return done('deny');
    }
    atPod = sources.atPod;
    health = sources.healthChecks;
  } else {
    // No VPC in the input: the load balancer's own addresses are private addresses somewhere in it.
    const preserved = preservation(lb, tg.port);
    atPod =
      tg.targetType.value === 'instance' && tg.service!.manifest.spec?.externalTrafficPolicy !== 'Local'
        ? { set: PRIVATE, text: 'a node address (private, the input has no VPC)', why: 'target type instance with externalTrafficPolicy Cluster: kube-proxy masquerades node-port traffic to the node address' }
        : preserved.preserved
          ? { set: admitted, text: `the clients' addresses ${addressesText(admitted)}`, why: preserved.why }
          : { set: PRIVATE, text: "the load balancer's private addresses (the input has no VPC)", why: preserved.why };
    hop({ step: 'target', effect: 'pass', message: `the pods see ${atPod.text} (${atPod.why})`, at: tg.targetType.at });
  }
  if (tg.targetType.value === 'instance') {
    const spec = tg.service!.manifest.spec!;
    const nodePort = tg.port!.nodePort;
    hop({
      step: 'kube-proxy',
      effect: 'pass',
      message: `kube-proxy forwards node port ${nodePort ?? '(allocated)'} to the pods on ${podConn.toString()}; ${atPod.why}`,
      at: spec.externalTrafficPolicy !== undefined ? refOf(spec, 'externalTrafficPolicy') : tg.portAt,
    });
  }

  // Health checks come from the load balancer's own addresses: a policy that admits the clients but not those marks
  // every target unhealthy (and a load balancer whose targets are all unhealthy sends to all of them: fail-open).
  const hc = tg.targetType.value === 'ip' && health ? healthCheckConn(tg, w) : undefined;
  if (hc && health) {
    const checked = query(reach, { type: 'addresses', label: health.text, ips: health.set }, { type: 'workloads', label: workloadEndpointName(w), workloads: [w] }, hc);
    if (checked.verdict !== 'allow') {
      hop({ step: 'policy', effect: 'deny', message: `health checks (${tg.healthCheck.port.why}) from ${health.text} on ${hc.toString()}: the NetworkPolicies of ${workloadEndpointName(w)} do not admit them, so the targets are marked unhealthy`, at: tg.healthCheck.port.at });
      if (result === 'allow') result = 'unknown';
    } else hop({ step: 'policy', effect: 'allow', message: `health checks from ${health.text} on ${hc.toString()} are admitted`, at: tg.healthCheck.port.at });
  }

  // 4. The pod's NetworkPolicies, for the source it sees.
  const policy = query(reach, { type: 'addresses', label: atPod.text, ips: atPod.set }, { type: 'workloads', label: workloadEndpointName(w), workloads: [w] }, podConn);
  for (const e of policy.explanation) hop(policyHop(e));
  if (policy.verdict === 'allow') hop({ step: 'policy', effect: 'allow', message: `NetworkPolicies admit ${atPod.text} to ${workloadEndpointName(w)} on ${podConn.toString()}` });
  else {
    hop({ step: 'policy', effect: 'deny', message: `NetworkPolicies of ${workloadEndpointName(w)} ${policy.verdict === 'deny' ? 'admit none' : 'admit only part'} of ${atPod.text} on ${podConn.toString()}` });
    result = 'deny';
  }
  hop({ step: 'pod', effect: result === 'allow' ? 'allow' : result, message: `pods of ${workloadEndpointName(w)} on ${podConn.toString()}` });
  return done(result);
}

/** A policy explanation as a hop, at the rule that allows or the selector whose isolation denies. */
function policyHop(e: Explanation): EdgeHop {
  const what = e.effect === 'allow' ? `allows ${e.allowed?.toString() ?? ''}` : (e.reason ?? 'isolates the pods');
  const spec = e.policy.node.manifest.spec;
  const at = e.compiledRule ? maybeRefOf(e.compiledRule.source) : spec ? maybeRefOf(spec, 'podSelector') : undefined;
  return { step: 'policy', effect: e.effect, message: `${e.object} ${e.rule} ${what}`, ...(at ? { at } : {}) };
}

/** The VPC legs from the load balancer's subnets to the targets of one workload, per node group. */
function targetsLeg(
  model: Model,
  lb: LoadBalancer,
  tg: LbTargetGroup,
  w: Workload,
  context: LbContext,
  subnets: readonly SubnetElement[],
  sources: IpSet | 'own',
  podConn: ConnSet,
): { nodeGroup: NodeGroupElement; result: ReturnType<typeof vpcPath> }[] {
  const from = loadBalancerEndpoint({ label: lb.label, at: lb.at, subnets, sources, ...(sources === 'own' ? {} : { sourcesText: `clients ${addressesText(sources)}` }) });
  // Instance targets: the node ports of the nodes that get the traffic (registeredNodeGroups: with
  // externalTrafficPolicy Local only those running a pod of `w`); ip targets: the pods.
  const port = tg.port!;
  const targets: { nodeGroup: NodeGroupElement; endpoint: VpcEndpoint; conn: ConnSet }[] =
    tg.targetType.value === 'instance'
      ? registeredNodeGroups(model.infra, context, tg, [w]).map((ng) => ({
          nodeGroup: ng,
          endpoint: nodeGroupEndpoint(model.infra, ng),
          conn: ConnSet.of(protocolOf(port), port.nodePort !== undefined ? PortSet.single(port.nodePort) : PortSet.of(30000, 32767)),
        }))
      : ipTargets(model, context, port, [w]);
  return targets.map(({ nodeGroup, endpoint, conn }) => {
    const to = lb.manageBackendSecurityGroupRules.value ? withoutSecurityGroups(endpoint) : endpoint;
    return { nodeGroup, result: vpcPath(model.infra, model.cni, from, to, conn) };
  });
}
