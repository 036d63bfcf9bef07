/**
 * What a Service of type LoadBalancer asks AWS for, read from its spec and annotations: which controller creates the
 * load balancer, its scheme, its target type, its subnets when stated, whether the targets see the clients'
 * addresses, and which clients it admits.
 *
 * - AWS Load Balancer Controller (kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/
 *   and …/guide/service/annotations/): Services with `spec.loadBalancerClass: service.k8s.aws/nlb`, or the annotation
 *   `service.beta.kubernetes.io/aws-load-balancer-type: external` (or `nlb-ip`). An NLB; scheme from
 *   `aws-load-balancer-scheme` (`internal` | `internet-facing`), else the deprecated `aws-load-balancer-internal`
 *   boolean, else internal; target type from `aws-load-balancer-nlb-target-type` (`instance` | `ip`; `nlb-ip` = ip),
 *   else instance (the controller's `--default-target-type`).
 * - the in-tree AWS cloud provider (kubernetes/cloud-provider-aws, EnsureLoadBalancer): every other LoadBalancer
 *   Service without a loadBalancerClass. A Classic Load Balancer, or an NLB with `aws-load-balancer-type: nlb`;
 *   internal when `aws-load-balancer-internal` is set to anything but `false`, else internet-facing; instance targets.
 *   A Service whose loadBalancerClass names another controller is left alone by both.
 * - A Service without a class: the AWS Load Balancer Controller's webhook gives it `service.k8s.aws/nlb` when the
 *   controller runs with it (v2.5+, the default); which is assumed is `ClasslessServiceController`
 *   (service-controller.ts), passed in by callers that know the model and netreach.yaml.
 */
import type { RelatedLocation } from '../../core/finding.js';
import { maybeRefOf, refOf, type SourceRef } from '../../core/source.js';
import type { ServicePort } from '../../loader/schemas/index.js';
import { parseGoBool } from '../cni/values.js';
import { protocolOf } from '../ports.js';
import type { ServiceNode } from '../types.js';
import { listAnnotation as stringList, mapAnnotation, nonEmptyListAnnotation, optional, type Decided } from './annotations.js';
import { asksForLbc, IN_TREE_CLASSLESS, LB_TYPE_ANNOTATION, skippedByServiceWebhook, type ClasslessServiceController } from './service-controller.js';
import type { Inbound, LbProblem, LbTargetGroup, Listener, LoadBalancer, LoadBalancerController, LoadBalancerScheme, TargetType } from './types.js';

const A = 'service.beta.kubernetes.io/';
export const ANNOTATIONS = {
  type: LB_TYPE_ANNOTATION,
  scheme: `${A}aws-load-balancer-scheme`,
  internal: `${A}aws-load-balancer-internal`,
  targetType: `${A}aws-load-balancer-nlb-target-type`,
  subnets: `${A}aws-load-balancer-subnets`,
  targetGroupAttributes: `${A}aws-load-balancer-target-group-attributes`,
  targetNodeLabels: `${A}aws-load-balancer-target-node-labels`,
  sourceRanges: `${A}load-balancer-source-ranges`,
  prefixLists: `${A}aws-load-balancer-security-group-prefix-lists`,
} as const;

export interface ServiceLoadBalancer {
  controller: LoadBalancerController;
  kind: 'NLB' | 'CLB';
  scheme: Decided<LoadBalancerScheme>;
  targetType: Decided<TargetType>;
  /** `aws-load-balancer-subnets`, split. */
  subnets?: { names: string[]; at: SourceRef };
  /** `spec.loadBalancerSourceRanges`, else the `load-balancer-source-ranges` annotation. */
  sourceRanges?: { cidrs: string[]; at: SourceRef; why: string };
  /** `preserve_client_ip.enabled` of the target group attributes, when stated. */
  preserveClientIp?: { value: boolean; at: SourceRef };
  /** `aws-load-balancer-target-node-labels`: instance targets only on nodes with these labels. */
  targetNodeLabels?: Record<string, string>;
  /** Where the Service asks for a load balancer at all. */
  typeAt: SourceRef;
  /** Why this controller makes it, when the Service names no class and does not ask for the AWS Load Balancer Controller by annotation. */
  classless?: ClasslessServiceController;
}

/**
 * Which controller takes the Service: the AWS Load Balancer Controller for its class, the `external` / `nlb-ip` type
 * annotation, or — without a class — when it is assumed with its webhook; the in-tree provider for other class-less
 * Services; neither for another controller's class.
 */
function controllerOf(svc: ServiceNode, classless: ClasslessServiceController): { controller: LoadBalancerController; classless?: ClasslessServiceController } | undefined {
  const spec = svc.manifest.spec;
  if (spec?.type !== 'LoadBalancer') return undefined;
  if (asksForLbc(svc)) return { controller: 'aws-load-balancer-controller' };
  if (spec.loadBalancerClass !== undefined) return undefined; // another controller's class
  if (classless.controller === 'aws-load-balancer-controller' && !skippedByServiceWebhook(svc)) return { controller: 'aws-load-balancer-controller', classless };
  return { controller: 'in-tree', classless: classless.controller === 'in-tree' ? classless : IN_TREE_CLASSLESS };
}

/**
 * The annotation values the AWS Load Balancer Controller rejects on a LoadBalancer Service it reconciles (its
 * service model builder fails, so no NLB is made): an unknown scheme or target type, a boolean it cannot parse, an
 * unknown IP address type or health check protocol, a health check port outside 1-65535.
 */
export function serviceLoadBalancerProblems(svc: ServiceNode, classless: ClasslessServiceController = IN_TREE_CLASSLESS): LbProblem[] {
  if (controllerOf(svc, classless)?.controller !== 'aws-load-balancer-controller') return [];
  const annotations = svc.manifest.metadata.annotations ?? {};
  const out: LbProblem[] = [];
  const at = (key: string): SourceRef => refOf(annotations, key);
  const problem = (key: string, message: string) => out.push({ object: svc, message: `${key}: ${message}`, at: at(key) });
  // The readers serviceLoadBalancer uses: a value they reject is the problem, and the Service gets no load balancer.
  for (const read of [lbcScheme(annotations, at, refOf(svc.manifest.spec!, 'type'), undefined), lbcPreserveClientIp(annotations, at)])
    if ('rejected' in read) problem(read.rejected.key, read.rejected.message);
  const ipType = annotations[HEALTH.ipAddressType];
  if (ipType !== undefined && ipType !== 'ipv4' && ipType !== 'dualstack') problem(HEALTH.ipAddressType, `"${ipType}" is not ipv4 or dualstack`);
  const hcProtocol = annotations[HEALTH.protocol];
  if (hcProtocol !== undefined && !['TCP', 'HTTP', 'HTTPS'].includes(hcProtocol.toUpperCase())) problem(HEALTH.protocol, `"${hcProtocol}" is not TCP, HTTP or HTTPS`);
  const hcPort = annotations[HEALTH.port];
  if (hcPort !== undefined && /^\d+$/.test(hcPort) && (Number(hcPort) < 1 || Number(hcPort) > 65535)) problem(HEALTH.port, `${hcPort} is not a port number 1-65535`);
  return out;
}

/**
 * The load balancer a Service asks for; undefined when it is not an AWS load balancer this rule can read.
 * `classless`: which controller takes a Service without a loadBalancerClass (classlessServiceController).
 */
export function serviceLoadBalancer(svc: ServiceNode, classless: ClasslessServiceController = IN_TREE_CLASSLESS): ServiceLoadBalancer | undefined {
  const decided = controllerOf(svc, classless);
  if (!decided) return undefined;
  const spec = svc.manifest.spec!;
  const annotations = svc.manifest.metadata.annotations ?? {};
  const at = (key: string): SourceRef => refOf(annotations, key);
  const typeAt = refOf(spec, 'type');
  const lbType = annotations[ANNOTATIONS.type];
  const lbc = decided.controller === 'aws-load-balancer-controller';
  const common = {
    typeAt,
    ...optional('classless', decided.classless),
    ...optional('subnets', stringList(annotations, ANNOTATIONS.subnets)),
    ...optional('sourceRanges', sourceRangesOf(svc, annotations)),
    ...optional('targetNodeLabels', mapAnnotation(annotations[ANNOTATIONS.targetNodeLabels])),
  };
  if (lbc) {
    const scheme = lbcScheme(annotations, at, typeAt, decided.classless);
    const preserve = lbcPreserveClientIp(annotations, at);
    // The controller rejects the Service (serviceLoadBalancerProblems says why): no load balancer.
    if ('rejected' in scheme || 'rejected' in preserve) return undefined;
    return {
      controller: 'aws-load-balancer-controller',
      kind: 'NLB',
      scheme: scheme.value,
      targetType: lbcTargetType(annotations, at, typeAt),
      ...common,
      ...optional('preserveClientIp', preserve.value),
    };
  }
  const internal = annotations[ANNOTATIONS.internal];
  const scheme: Decided<LoadBalancerScheme> =
    internal === undefined || internal === ''
      ? { value: 'internet-facing', why: 'the in-tree cloud provider creates internet-facing load balancers unless aws-load-balancer-internal is set', at: typeAt }
      : internal === 'false'
        ? { value: 'internet-facing', why: `${ANNOTATIONS.internal}: "false"`, at: at(ANNOTATIONS.internal) }
        : { value: 'internal', why: `${ANNOTATIONS.internal}: "${internal}"`, at: at(ANNOTATIONS.internal) };
  return {
    controller: 'in-tree',
    kind: lbType === 'nlb' ? 'NLB' : 'CLB',
    scheme,
    targetType: { value: 'instance', why: 'the in-tree cloud provider registers instances on the node ports', at: typeAt },
    ...common,
  };
}

/** What an annotation reader of the AWS Load Balancer Controller gives: the value, or the annotation it rejects and why. */
type Read<T> = { value: T } | { rejected: { key: string; message: string } };

function lbcScheme(annotations: Record<string, string>, at: (k: string) => SourceRef, typeAt: SourceRef, classless: ClasslessServiceController | undefined): Read<Decided<LoadBalancerScheme>> {
  const scheme = annotations[ANNOTATIONS.scheme];
  if (scheme !== undefined) {
    if (scheme !== 'internal' && scheme !== 'internet-facing') return { rejected: { key: ANNOTATIONS.scheme, message: `"${scheme}" is not internal or internet-facing` } }; // "unknown scheme"
    return { value: { value: scheme, why: `${ANNOTATIONS.scheme}: ${scheme}`, at: at(ANNOTATIONS.scheme) } };
  }
  const legacy = annotations[ANNOTATIONS.internal];
  if (legacy !== undefined) {
    const internal = parseGoBool(legacy);
    if (internal === undefined) return { rejected: { key: ANNOTATIONS.internal, message: `"${legacy}" is not a boolean` } };
    return { value: { value: internal ? 'internal' : 'internet-facing', why: `${ANNOTATIONS.internal}: "${legacy}"`, at: at(ANNOTATIONS.internal) } };
  }
  const assumed = classless ? ` (assumed for a Service without loadBalancerClass: ${classless.why})` : '';
  return { value: { value: 'internal', why: `the AWS Load Balancer Controller's default scheme (internal) since v2.2.0${assumed}`, at: typeAt } };
}

/** `preserve_client_ip.enabled` of the target group attributes, when stated; a value that is no boolean fails ("failed to parse attribute"). */
function lbcPreserveClientIp(annotations: Record<string, string>, at: (k: string) => SourceRef): Read<{ value: boolean; at: SourceRef } | undefined> {
  const raw = mapAnnotation(annotations[ANNOTATIONS.targetGroupAttributes])?.['preserve_client_ip.enabled'];
  if (raw === undefined) return { value: undefined };
  const parsed = parseGoBool(raw);
  if (parsed === undefined) return { rejected: { key: ANNOTATIONS.targetGroupAttributes, message: `preserve_client_ip.enabled="${raw}" is not a boolean` } };
  return { value: { value: parsed, at: at(ANNOTATIONS.targetGroupAttributes) } };
}

function lbcTargetType(annotations: Record<string, string>, at: (k: string) => SourceRef, typeAt: SourceRef): Decided<TargetType> {
  if (annotations[ANNOTATIONS.type] === 'nlb-ip') return { value: 'ip', why: `${ANNOTATIONS.type}: nlb-ip`, at: at(ANNOTATIONS.type) };
  const t = annotations[ANNOTATIONS.targetType];
  if (t === undefined) return { value: 'instance', why: "the AWS Load Balancer Controller's default target type (instance)", at: typeAt };
  // buildTargetType (pkg/service/model_build_target_group.go): only the exact value `ip` gives ip targets; anything
  // else — `IP`, a typo — falls back to instance without an error.
  if (t !== 'ip' && t !== 'instance')
    return { value: 'instance', why: `${ANNOTATIONS.targetType}: "${t}" is not "ip", so the AWS Load Balancer Controller uses instance targets`, at: at(ANNOTATIONS.targetType) };
  return { value: t, why: `${ANNOTATIONS.targetType}: ${t}`, at: at(ANNOTATIONS.targetType) };
}

/** `spec.loadBalancerSourceRanges` wins over the annotation (Kubernetes GetLoadBalancerSourceRanges). */
function sourceRangesOf(svc: ServiceNode, annotations: Record<string, string>): ServiceLoadBalancer['sourceRanges'] {
  const spec = svc.manifest.spec!;
  if (spec.loadBalancerSourceRanges && spec.loadBalancerSourceRanges.length > 0)
    return { cidrs: spec.loadBalancerSourceRanges.map((c) => c.trim()), at: refOf(spec, 'loadBalancerSourceRanges'), why: 'spec.loadBalancerSourceRanges' };
  const list = stringList(annotations, ANNOTATIONS.sourceRanges);
  return list && list.names.length > 0 ? { cidrs: list.names, at: list.at, why: ANNOTATIONS.sourceRanges } : undefined;
}

/**
 * Do the targets see the clients' addresses (Elastic Load Balancing, "Edit target group attributes for your Network
 * Load Balancer" — client IP preservation)? NLB: always for UDP; for TCP/TLS as `preserve_client_ip.enabled` says,
 * by default on for instance targets and off for ip targets. A Classic Load Balancer opens its own connection to
 * the instance, so the instance sees the load balancer's address.
 */
export function clientIpPreserved(lb: Pick<ServiceLoadBalancer, 'kind' | 'targetType' | 'preserveClientIp'>, port: ServicePort): { preserved: boolean; why: string } {
  if (lb.kind === 'CLB') return { preserved: false, why: 'a Classic Load Balancer opens its own connections to the instances' };
  if (protocolOf(port) === 'UDP') return { preserved: true, why: 'an NLB always preserves client addresses for UDP' };
  if (lb.preserveClientIp) return { preserved: lb.preserveClientIp.value, why: `preserve_client_ip.enabled=${lb.preserveClientIp.value}` };
  return lb.targetType.value === 'instance'
    ? { preserved: true, why: 'an NLB preserves client addresses for instance targets by default' }
    : { preserved: false, why: 'an NLB does not preserve client addresses for TCP ip targets by default' };
}

/** The fields of the Service that decide the load balancer, for related locations. */
export function decidingFields(svc: ServiceNode, lb: ServiceLoadBalancer): RelatedLocation[] {
  const name = `Service ${svc.namespace}/${svc.name}`;
  const out: RelatedLocation[] = [{ at: lb.typeAt, message: `${name}: type LoadBalancer (${lb.controller === 'in-tree' ? 'in-tree cloud provider' : 'AWS Load Balancer Controller'}, ${lb.kind})` }];
  // Which controller a class-less Service gets is assumed: say so, with what made the choice (unless it is the plain in-tree default).
  if (lb.classless && lb.classless !== IN_TREE_CLASSLESS) out.push({ at: lb.classless.at ?? lb.typeAt, message: `${name}: ${lb.classless.why}` });
  const classAt = maybeRefOf(svc.manifest.spec!, 'loadBalancerClass');
  if (svc.manifest.spec?.loadBalancerClass !== undefined && classAt) out.push({ at: classAt, message: `${name}: loadBalancerClass ${svc.manifest.spec.loadBalancerClass}` });
  for (const d of [lb.scheme, lb.targetType]) if (d.at !== lb.typeAt) out.push({ at: d.at, message: `${name}: ${d.why}` });
  if (lb.subnets) out.push({ at: lb.subnets.at, message: `${name}: load balancer subnets ${lb.subnets.names.join(', ')}` });
  if (lb.sourceRanges) out.push({ at: lb.sourceRanges.at, message: `${name}: clients ${lb.sourceRanges.cidrs.join(', ')}` });
  if (lb.preserveClientIp) out.push({ at: lb.preserveClientIp.at, message: `${name}: preserve_client_ip.enabled=${lb.preserveClientIp.value}` });
  return out;
}

const HEALTH = {
  port: `${A}aws-load-balancer-healthcheck-port`,
  protocol: `${A}aws-load-balancer-healthcheck-protocol`,
  path: `${A}aws-load-balancer-healthcheck-path`,
  securityGroups: `${A}aws-load-balancer-security-groups`,
  manageBackendRules: `${A}aws-load-balancer-manage-backend-security-group-rules`,
  ipAddressType: `${A}aws-load-balancer-ip-address-type`,
} as const;

/**
 * The Service's load balancer in the shape shared with ALBs: one listener and one target group per Service port.
 * Health checks (…/guide/service/annotations/#health-check): `aws-load-balancer-healthcheck-port` (default
 * traffic-port), `-protocol` (default TCP), `-path` (default `/`); with `externalTrafficPolicy: Local` and instance
 * targets the controllers check the kube-proxy health check node port over HTTP on `/healthz`. Clients: the source
 * ranges; else everyone for an internet-facing load balancer; for an internal NLB of the AWS Load Balancer Controller
 * the VPC's CIDRs, for the in-tree provider everyone (it opens 0.0.0.0/0 by default).
 */
export function serviceLoadBalancerModel(svc: ServiceNode, classless: ClasslessServiceController = IN_TREE_CLASSLESS): LoadBalancer | undefined {
  const lb = serviceLoadBalancer(svc, classless);
  if (!lb) return undefined;
  const spec = svc.manifest.spec!;
  const annotations = svc.manifest.metadata.annotations ?? {};
  const name = `Service ${svc.namespace}/${svc.name}`;
  const ports = spec.ports ?? [];
  const listeners: Listener[] = ports.map((p) => ({ port: p.port, protocol: protocolOf(p) === 'UDP' ? 'UDP' : 'TCP', at: refOf(p, 'port') }));
  const local = spec.externalTrafficPolicy === 'Local';
  const stated = (key: string, fallback: Decided<string>): Decided<string> =>
    annotations[key] !== undefined ? { value: annotations[key]!, why: `${key}: ${annotations[key]}`, at: refOf(annotations, key) } : fallback;
  const targetGroups: LbTargetGroup[] = ports.map((p) => {
    const instanceLocal = local && lb.targetType.value === 'instance';
    const rawPort = stated(HEALTH.port, instanceLocal ? { value: 'health-check-node-port', why: 'externalTrafficPolicy Local: the healthCheckNodePort', at: refOf(spec, 'externalTrafficPolicy') } : { value: 'traffic-port', why: 'the default health check port (traffic-port)', at: lb.typeAt });
    const port: Decided<'traffic-port' | number | string> = {
      ...rawPort,
      value: rawPort.value === 'traffic-port' ? 'traffic-port' : /^\d+$/.test(rawPort.value) ? Number(rawPort.value) : rawPort.value,
    };
    return {
      namespace: svc.namespace,
      serviceName: svc.name,
      service: svc,
      portRef: p.port,
      port: p,
      portAt: refOf(p, 'port'),
      targetType: lb.targetType,
      healthCheck: {
        port,
        protocol: stated(HEALTH.protocol, instanceLocal ? { value: 'HTTP', why: 'externalTrafficPolicy Local: HTTP on the health check node port', at: refOf(spec, 'externalTrafficPolicy') } : { value: 'TCP', why: 'the default health check protocol (TCP)', at: lb.typeAt }),
        path: stated(HEALTH.path, { value: instanceLocal ? '/healthz' : '/', why: 'the default health check path', at: lb.typeAt }),
      },
      routes: [{ via: `${name} port ${p.port}/${protocolOf(p)}`, at: refOf(p, 'port'), listeners: listeners.filter((l) => l.port === p.port) }],
      ...(annotations[ANNOTATIONS.targetGroupAttributes] !== undefined
        ? { attributes: { values: mapAnnotation(annotations[ANNOTATIONS.targetGroupAttributes]) ?? {}, at: refOf(annotations, ANNOTATIONS.targetGroupAttributes) } }
        : {}),
      ...(lb.targetNodeLabels ? { targetNodeLabels: { labels: lb.targetNodeLabels, at: refOf(annotations, ANNOTATIONS.targetNodeLabels) } } : {}),
    };
  });
  // Both controllers split the list and drop empty items: an empty value means the controller's own group.
  const securityGroups = nonEmptyListAnnotation(annotations, HEALTH.securityGroups);
  // Prefix lists (…/guide/service/annotations/#security-group-prefix-lists) admit their entries instead of the default
  // range; the managed group's rules are the source ranges plus the prefix lists, the default only when both are empty.
  const prefixLists = lb.controller === 'aws-load-balancer-controller' && !securityGroups ? nonEmptyListAnnotation(annotations, ANNOTATIONS.prefixLists) : undefined;
  const manageRaw = annotations[HEALTH.manageBackendRules];
  // The manage annotation only matters with stated frontend groups: with its own group the controller always adds
  // the backend rules (…/guide/service/annotations/#security-groups).
  const manage: Decided<boolean> = !securityGroups
    ? { value: true, why: 'the controller admits the load balancer to the targets', at: lb.typeAt }
    : manageRaw !== undefined
      ? { value: parseGoBool(manageRaw) ?? false, why: `${HEALTH.manageBackendRules}: "${manageRaw}"`, at: refOf(annotations, HEALTH.manageBackendRules) }
      : { value: false, why: `${HEALTH.securityGroups} is set and ${HEALTH.manageBackendRules} is not true`, at: securityGroups.at };
  const inbound: Inbound[] = prefixLists
    ? [
        ...(lb.sourceRanges ? [{ cidrs: lb.sourceRanges.cidrs, why: lb.sourceRanges.why, at: lb.sourceRanges.at }] : []),
        { cidrs: [], prefixLists: prefixLists.names, why: `${ANNOTATIONS.prefixLists}: ${prefixLists.names.join(', ')}`, at: prefixLists.at },
      ]
    : lb.sourceRanges
    ? [{ cidrs: lb.sourceRanges.cidrs, why: lb.sourceRanges.why, at: lb.sourceRanges.at }]
    : lb.scheme.value === 'internal' && lb.controller === 'aws-load-balancer-controller'
      ? [{ cidrs: [], vpc: true, why: "an internal NLB's default source range: the VPC's CIDRs", at: lb.scheme.at, default: true }]
      : [{ cidrs: ['0.0.0.0/0'], why: 'no loadBalancerSourceRanges: open to every client', at: lb.scheme.at, default: true }];
  return {
    id: `Service/${svc.namespace}/${svc.name}`,
    kind: lb.kind,
    controller: lb.controller,
    label: `the ${lb.scheme.value} ${lb.kind} of ${name}`,
    object: svc,
    at: lb.typeAt,
    scheme: lb.scheme,
    ipAddressType: stated(HEALTH.ipAddressType, { value: 'ipv4', why: 'the default IP address type ipv4', at: lb.typeAt }),
    ...(lb.subnets ? { subnets: { ...lb.subnets, why: ANNOTATIONS.subnets } } : {}),
    ...optional('securityGroups', securityGroups),
    manageBackendSecurityGroupRules: manage,
    inbound,
    listeners,
    targetGroups,
    members: [],
    conflicts: [],
    decidedBy: decidingFields(svc, lb),
    ...optional('preserveClientIp', lb.preserveClientIp),
  };
}
