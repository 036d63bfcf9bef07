/**
 * `netreach query`: resolve the two ends, ask the engines, print the verdict (text or JSON).
 *
 * Pods on one side (a workload, a namespace, a Service): the NetworkPolicy answer, and — when the input has node
 * groups, or the other end is a VPC endpoint — the VPC layer between where those pods run and the other end.
 * Infrastructure on both sides (a subnet, node group, its pods, a control plane; or two address ends when the input
 * has a VPC): the VPC answer alone.
 */
import { maybeRefOf } from '../core/source.js';
import { ConnSet } from '../engine/conn-set.js';
import { IpSet } from '../engine/ip.js';
import { parsePortRequest, query, resolveEndpoint, servicePorts, type Explanation, type QueryEndpoint, type QueryResult, type Verdict } from '../engine/query.js';
import { vpcLayer, withVpcLayer, type LayerEnd, type VpcLayer } from '../engine/query-vpc.js';
import type { Reachability } from '../engine/reachability.js';
import { edgePaths, type EdgePath } from '../engine/lb/edge-path.js';
import { resolveVpcEndpoint, vpcPath, type VpcEndpoint } from '../engine/vpc/index.js';
import { DEFAULT_LB_OPTIONS, loadBalancersOf, type LbOptions, type LbTargetGroup, type LoadBalancer } from '../model/lb/index.js';
import { ingressBackends } from '../model/routes.js';
import type { IngressNode, Model, Workload } from '../model/types.js';
import { UsageError, type CliOptions } from './args.js';
import { vpcExplainLines, vpcLayerJson, vpcQueryJson, vpcQueryText, vpcSummaryLines, where } from './vpc-query.js';
import { edgeJson, edgeTextLines, edgeVerdict } from './edge-query.js';

/** Endpoints only the VPC model knows (resolveVpcEndpoint); everything else is read by the policy query first. */
const VPC_ENDPOINT = /^(subnet|nodegroup|pods|controlplane):/;

/** One end: what the policy query takes, what the VPC layer takes, or both (addresses). */
interface Side {
  spec: string;
  policy?: QueryEndpoint;
  vpc?: VpcEndpoint;
  /** `namespace/Ingress/name`: the Ingress whose load balancer the way in must go through. */
  ingress?: IngressNode;
}

const INGRESS_END = /^([^/]+)\/Ingress\/([^/]+)$/;

export function runQuery(reach: Reachability, options: CliOptions, lb: LbOptions = DEFAULT_LB_OPTIONS): { text: string; code: number } {
  const model = reach.model;
  const from = resolveSide(reach, options.from!, '--from', lb);
  const to = resolveSide(reach, options.to!, '--to', lb);
  let requested = options.ports.length === 0 ? ConnSet.all() : ConnSet.none();
  for (const spec of options.ports) {
    const conn = parsePortRequest(spec);
    if (!conn) throw new UsageError(`--port ${spec}: expected tcp/PORT, udp/PORT, sctp/PORT or a range such as tcp/8000-8100`);
    requested = requested.union(conn);
  }
  if (!hasPods(from) && !hasPods(to)) {
    if (from.vpc === undefined && to.vpc === undefined && !hasVpcModel(model)) {
      throw new UsageError('--from and --to are both addresses: NetworkPolicy decides only traffic to or from pods (and the input has no VPC)');
    }
    const source = vpcSide(model, from, '--from');
    const destination = vpcSide(model, to, '--to');
    const result = vpcPath(model.infra, model.cni, source, destination, requested);
    const text = options.format === 'json' ? vpcQueryJson(result, options.explain) : vpcQueryText(result, source.label, destination.label, options.explain);
    return { text, code: result.verdict === 'allow' ? 0 : 1 };
  }
  const fromEnd = policySide(from);
  const toEnd = policySide(to);
  // Clients outside the cluster reach pods through the load balancers in front of them: the answer is that way in
  // (--port then names the load balancers' listener ports).
  const through = (l: LoadBalancer, tg: LbTargetGroup) =>
    (to.ingress === undefined || l.members.some((m) => m.ingress === to.ingress)) && (toEnd.type !== 'service' || tg.service === toEnd.service);
  const edges =
    fromEnd.type === 'addresses' && toEnd.type !== 'addresses' && from.vpc === undefined
      ? edgePaths(reach, { label: fromEnd.label, ips: fromEnd.ips, workloads: toEnd.workloads, requested, lb, through })
      : [];
  if (toEnd.type === 'service' && options.ports.length > 0 && edges.length === 0 && servicePorts(toEnd.service).intersect(requested).isEmpty()) {
    throw new UsageError(`--port ${options.ports.join(',')}: ${toEnd.label} exposes ${servicePorts(toEnd.service).toString()}`);
  }
  const result = query(reach, fromEnd, toEnd, requested);
  // The VPC layer needs pods to connect and to know where they run: node groups in the input (or a VPC endpoint
  // named on the other side).
  const layered = result.pairs.length > 0 && (from.vpc !== undefined || to.vpc !== undefined || model.infra.nodeGroups.length > 0);
  const vpc = layered ? withLayer(result, vpcLayer(model, layerSide(model, from, '--from'), layerSide(model, to, '--to'), requested)) : undefined;
  const answer: Answer = { direct: vpc?.verdict ?? result.verdict, edges, ...(edges.length > 0 ? { throughLoadBalancers: edgeVerdict(edges) } : {}) };
  const text =
    options.format === 'json'
      ? toJson(result, options.explain, vpc, answer)
      : toText(result, fromEnd.label, toEnd.label, options.explain, vpc, answer);
  return { text, code: (answer.throughLoadBalancers ?? answer.direct) === 'allow' ? 0 : 1 };
}

function resolveSide(reach: Reachability, spec: string, flag: string, lb: LbOptions): Side {
  if (VPC_ENDPOINT.test(spec.trim())) {
    const model = reach.model;
    const r = resolveVpcEndpoint(model.infra, spec, spec.trim().startsWith('pods:') ? model.cni : undefined);
    if (!r.ok) throw new UsageError(`${flag}: ${r.error}`);
    return { spec, vpc: r.endpoint };
  }
  const ingress = INGRESS_END.exec(spec.trim());
  if (ingress) return ingressSide(reach, spec, ingress[1]!, ingress[2]!, flag, lb);
  const policy = resolveEndpoint(reach, spec);
  if ('error' in policy) throw new UsageError(`${flag}: ${policy.error}`);
  return { spec, policy };
}

/**
 * An Ingress as an end: the pods of the Services it sends to, reached through its load balancer — for an ALB the
 * Services of its target groups (forward actions included), else those its rules name.
 */
function ingressSide(reach: Reachability, spec: string, namespace: string, name: string, flag: string, lb: LbOptions): Side {
  const model = reach.model;
  const ingress = model.ingresses.find((i) => i.namespace === namespace && i.name === name);
  if (!ingress) throw new UsageError(`${flag}: no Ingress ${namespace}/${name} in the input`);
  const alb = loadBalancersOf(model, lb).reconciled.find((l) => l.members.some((m) => m.ingress === ingress));
  const services = alb
    ? alb.targetGroups.filter((tg) => tg.routes.some((r) => r.ingress === ingress)).flatMap((tg) => (tg.service ? [tg.service] : []))
    : ingressBackends(ingress).flatMap((b) => model.service(b.namespace, b.name) ?? []);
  const workloads: Workload[] = [];
  for (const svc of services) for (const w of model.backendsOf(svc)) if (!workloads.includes(w)) workloads.push(w);
  return { spec, ingress, policy: { type: 'workloads', label: `the backends of Ingress ${namespace}/${name}`, workloads } };
}

const hasPods = (s: Side) => s.policy !== undefined && s.policy.type !== 'addresses';

const hasVpcModel = (model: Model) => model.infra.vpcs.length > 0 || model.infra.subnets.length > 0;

/** An address end (a CIDR, an address, internet) or a VPC endpoint as the VPC sees it. */
function vpcSide(model: Model, s: Side, flag: string): VpcEndpoint {
  if (s.vpc) return s.vpc;
  const r = resolveVpcEndpoint(model.infra, s.spec);
  if (!r.ok) throw new UsageError(`${flag}: ${r.error}`);
  return r.endpoint;
}

/** A VPC endpoint facing pods enters the policy query as its address range. */
function policySide(s: Side): QueryEndpoint {
  if (s.policy) return s.policy;
  const ips = s.vpc!.places.reduce((acc, p) => acc.union(p.addresses), IpSet.empty());
  return { type: 'addresses', label: s.vpc!.label, ips };
}

function layerSide(model: Model, s: Side, flag: string): LayerEnd {
  if (s.policy && s.policy.type !== 'addresses') return s.policy;
  return { type: 'vpc', endpoint: vpcSide(model, s, flag) };
}

/** The verdicts: to the pods' own addresses (policies and VPC layer), and through load balancers when any fronts them. */
interface Answer {
  direct: Verdict;
  edges: readonly EdgePath[];
  throughLoadBalancers?: ReturnType<typeof edgeVerdict>;
}

interface Layered {
  layer: VpcLayer;
  verdict: Verdict;
  allowed: ConnSet;
}

function withLayer(result: QueryResult, layer: VpcLayer): Layered {
  return { layer, ...withVpcLayer(result, layer) };
}

function locationOf(e: Explanation): string | undefined {
  if (e.compiledRule) return where(maybeRefOf(e.compiledRule.source));
  const spec = e.policy.node.manifest.spec;
  return where(maybeRefOf(spec, 'podSelector'));
}

function explanationJson(e: Explanation) {
  return {
    effect: e.effect,
    object: e.object,
    rule: e.rule,
    location: locationOf(e) ?? null,
    ...(e.allowed ? { allowed: e.allowed.toJSON() } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
  };
}

function toJson(r: QueryResult, explain: boolean, vpc: Layered | undefined, answer: Answer): string {
  const out = {
    verdict: answer.throughLoadBalancers ?? answer.direct,
    ...(answer.throughLoadBalancers ? { direct: answer.direct, loadBalancers: edgeJson(answer.edges, explain) } : {}),
    allowed: (vpc?.allowed ?? r.allowed).toJSON(),
    egress: r.egress.toJSON(),
    ingress: r.ingress.toJSON(),
    pairs: r.pairs.map((p) => ({ from: p.from, to: p.to, allowed: p.allowed.toJSON(), egress: p.egress.toJSON(), ingress: p.ingress.toJSON() })),
    explanation: explain ? r.explanation.map(explanationJson) : [],
    ...(vpc ? { vpc: vpcLayerJson(vpc.layer, explain) } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function toText(r: QueryResult, from: string, to: string, explain: boolean, vpc: Layered | undefined, answer: Answer): string {
  const lines: string[] = [];
  const allowed = (vpc?.allowed ?? r.allowed).toString();
  if (answer.throughLoadBalancers) {
    const ways = answer.edges.length === 1 ? '1 way in' : `${answer.edges.length} ways in`;
    lines.push(`${from} => ${to}: ${answer.throughLoadBalancers} through load balancers (${ways})`, ...edgeTextLines(answer.edges, explain));
    // The pods' own addresses are the other way in; its details are in the JSON (and in a query from inside the VPC).
    lines.push(`  directly, to the pods' own addresses: ${answer.direct} (${allowed})`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${from} => ${to}: ${answer.direct} (${allowed})`);
  for (const p of r.pairs) lines.push(`  ${p.from} => ${p.to}: ${p.allowed.toString()} (egress ${p.egress.toString()}; ingress ${p.ingress.toString()})`);
  if (r.pairs.length === 0) lines.push('  no pods on one side: nothing to connect');
  if (vpc) lines.push(`  VPC layer: ${vpc.layer.verdict} (${vpc.layer.allowed.toString()})`, ...vpcSummaryLines(vpc.layer, 'VPC layer '));
  if (explain)
    for (const e of r.explanation) {
      const what = e.effect === 'allow' ? `allows ${e.allowed?.toString() ?? ''}` : (e.reason ?? 'isolates the pods');
      lines.push(`  ${e.effect === 'allow' ? '+' : '-'} ${e.object} ${e.rule} ${what}${locationOf(e) ? ` at ${locationOf(e)}` : ''}`);
    }
  if (vpc && explain) lines.push(...vpcExplainLines(vpc.layer));
  return `${lines.join('\n')}\n`;
}
