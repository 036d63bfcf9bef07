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
 */
import type { RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, refOf, type SourceRef } from '../../../src/core/source.js';
import type { LoadBalancerController, LoadBalancerScheme } from '../../../src/engine/vpc/load-balancer.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import { protocolOf } from '../../../src/model/ports.js';
import type { ServiceNode } from '../../../src/model/types.js';

const A = 'service.beta.kubernetes.io/';
export const ANNOTATIONS = {
  type: `${A}aws-load-balancer-type`,
  scheme: `${A}aws-load-balancer-scheme`,
  internal: `${A}aws-load-balancer-internal`,
  targetType: `${A}aws-load-balancer-nlb-target-type`,
  subnets: `${A}aws-load-balancer-subnets`,
  targetGroupAttributes: `${A}aws-load-balancer-target-group-attributes`,
  targetNodeLabels: `${A}aws-load-balancer-target-node-labels`,
  sourceRanges: `${A}load-balancer-source-ranges`,
} as const;
export const LBC_CLASS = 'service.k8s.aws/nlb';

export type TargetType = 'ip' | 'instance';

/** A decided value, why it is what it is, and where that is stated (the Service's type when it is a default). */
interface Decided<T> {
  value: T;
  why: string;
  at: SourceRef;
}

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
}

/** The load balancer a Service asks for; undefined when it is not an AWS load balancer this rule can read. */
export function serviceLoadBalancer(svc: ServiceNode): ServiceLoadBalancer | undefined {
  const spec = svc.manifest.spec;
  if (spec?.type !== 'LoadBalancer') return undefined;
  const annotations = svc.manifest.metadata.annotations ?? {};
  const at = (key: string): SourceRef => refOf(annotations, key);
  const typeAt = refOf(spec, 'type');
  const lbType = annotations[ANNOTATIONS.type];
  const lbClass = spec.loadBalancerClass;
  const lbc = lbClass === LBC_CLASS || (lbClass === undefined && (lbType === 'external' || lbType === 'nlb-ip'));
  if (!lbc && lbClass !== undefined) return undefined; // another controller's class
  const common = {
    typeAt,
    ...optional('subnets', listAnnotation(annotations, ANNOTATIONS.subnets, at)),
    ...optional('sourceRanges', sourceRangesOf(svc, annotations, at)),
    ...optional('targetNodeLabels', mapAnnotation(annotations[ANNOTATIONS.targetNodeLabels])),
  };
  if (lbc) {
    const scheme = lbcScheme(annotations, at, typeAt);
    const targetType = lbcTargetType(annotations, at, typeAt);
    if (!scheme || !targetType) return undefined; // the controller rejects the Service
    const attrs = mapAnnotation(annotations[ANNOTATIONS.targetGroupAttributes]);
    const preserve = attrs?.['preserve_client_ip.enabled'];
    const parsed = preserve === undefined ? undefined : goBool(preserve);
    if (preserve !== undefined && parsed === undefined) return undefined; // "failed to parse attribute": not reconciled
    return {
      controller: 'aws-load-balancer-controller',
      kind: 'NLB',
      scheme,
      targetType,
      ...common,
      ...(parsed === undefined ? {} : { preserveClientIp: { value: parsed, at: at(ANNOTATIONS.targetGroupAttributes) } }),
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

function lbcScheme(annotations: Record<string, string>, at: (k: string) => SourceRef, typeAt: SourceRef): Decided<LoadBalancerScheme> | undefined {
  const scheme = annotations[ANNOTATIONS.scheme];
  if (scheme !== undefined) {
    if (scheme !== 'internal' && scheme !== 'internet-facing') return undefined; // "unknown scheme"
    return { value: scheme, why: `${ANNOTATIONS.scheme}: ${scheme}`, at: at(ANNOTATIONS.scheme) };
  }
  const legacy = annotations[ANNOTATIONS.internal];
  if (legacy !== undefined) {
    const internal = goBool(legacy);
    if (internal === undefined) return undefined;
    return { value: internal ? 'internal' : 'internet-facing', why: `${ANNOTATIONS.internal}: "${legacy}"`, at: at(ANNOTATIONS.internal) };
  }
  return { value: 'internal', why: "the AWS Load Balancer Controller's default scheme (internal) since v2.2.0", at: typeAt };
}

function lbcTargetType(annotations: Record<string, string>, at: (k: string) => SourceRef, typeAt: SourceRef): Decided<TargetType> | undefined {
  if (annotations[ANNOTATIONS.type] === 'nlb-ip') return { value: 'ip', why: `${ANNOTATIONS.type}: nlb-ip`, at: at(ANNOTATIONS.type) };
  const t = annotations[ANNOTATIONS.targetType];
  if (t === undefined) return { value: 'instance', why: "the AWS Load Balancer Controller's default target type (instance)", at: typeAt };
  if (t !== 'ip' && t !== 'instance') return undefined;
  return { value: t, why: `${ANNOTATIONS.targetType}: ${t}`, at: at(ANNOTATIONS.targetType) };
}

/** `spec.loadBalancerSourceRanges` wins over the annotation (Kubernetes GetLoadBalancerSourceRanges). */
function sourceRangesOf(svc: ServiceNode, annotations: Record<string, string>, at: (k: string) => SourceRef): ServiceLoadBalancer['sourceRanges'] {
  const spec = svc.manifest.spec!;
  if (spec.loadBalancerSourceRanges && spec.loadBalancerSourceRanges.length > 0)
    return { cidrs: spec.loadBalancerSourceRanges.map((c) => c.trim()), at: refOf(spec, 'loadBalancerSourceRanges'), why: 'spec.loadBalancerSourceRanges' };
  const list = listAnnotation(annotations, ANNOTATIONS.sourceRanges, at);
  return list && list.names.length > 0 ? { cidrs: list.names, at: list.at, why: ANNOTATIONS.sourceRanges } : undefined;
}

/** A comma-separated annotation ("stringList"), when present. */
function listAnnotation(annotations: Record<string, string>, key: string, at: (k: string) => SourceRef): { names: string[]; at: SourceRef } | undefined {
  const raw = annotations[key];
  if (raw === undefined) return undefined;
  return { names: raw.split(',').map((s) => s.trim()).filter((s) => s !== ''), at: at(key) };
}

/** A "stringMap" annotation: `k1=v1,k2=v2`. */
function mapAnnotation(raw: string | undefined): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const part of raw.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    out[(eq < 0 ? item : item.slice(0, eq)).trim()] = eq < 0 ? '' : item.slice(eq + 1).trim();
  }
  return out;
}

/** Go's strconv.ParseBool, which the controllers parse boolean annotations with. */
function goBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Do the targets see the clients' addresses (Elastic Load Balancing, "Edit target group attributes for your Network
 * Load Balancer" — client IP preservation)? NLB: always for UDP; for TCP/TLS as `preserve_client_ip.enabled` says,
 * by default on for instance targets and off for ip targets. A Classic Load Balancer opens its own connection to
 * the instance, so the instance sees the load balancer's address.
 */
export function clientIpPreserved(lb: ServiceLoadBalancer, port: ServicePort): { preserved: boolean; why: string } {
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
  const classAt = maybeRefOf(svc.manifest.spec!, 'loadBalancerClass');
  if (svc.manifest.spec?.loadBalancerClass !== undefined && classAt) out.push({ at: classAt, message: `${name}: loadBalancerClass ${svc.manifest.spec.loadBalancerClass}` });
  for (const d of [lb.scheme, lb.targetType]) if (d.at !== lb.typeAt) out.push({ at: d.at, message: `${name}: ${d.why}` });
  if (lb.subnets) out.push({ at: lb.subnets.at, message: `${name}: load balancer subnets ${lb.subnets.names.join(', ')}` });
  if (lb.sourceRanges) out.push({ at: lb.sourceRanges.at, message: `${name}: clients ${lb.sourceRanges.cidrs.join(', ')}` });
  if (lb.preserveClientIp) out.push({ at: lb.preserveClientIp.at, message: `${name}: preserve_client_ip.enabled=${lb.preserveClientIp.value}` });
  return out;
}
