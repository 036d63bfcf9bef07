/**
 * The Application Load Balancers the AWS Load Balancer Controller makes of Ingresses
 * (kubernetes-sigs/aws-load-balancer-controller, docs/guide/ingress/annotations.md and ingress_class.md):
 *
 * - An Ingress is the controller's when the deprecated `kubernetes.io/ingress.class` annotation says `alb` (the
 *   controller's default `--ingress-class`; the annotation, when present, decides before `ingressClassName` —
 *   pkg/ingress/group_loader.go classifyIngress), when its IngressClass names the controller `ingress.k8s.aws/alb`,
 *   when it names the class `alb` that the controller's Helm chart installs and the input does not declare, or when
 *   it names no class and the default IngressClass is the controller's.
 * - IngressClassParams referenced by the class override the Ingress's annotations (scheme, ipAddressType,
 *   inboundCIDRs, subnets, group.name); its namespaceSelector keeps Ingresses of other namespaces out.
 * - Ingresses with the same group name (IngressClassParams `group.name`, else `alb.ingress.kubernetes.io/group.name`)
 *   share one ALB; an Ingress without one is a group of its own. Members are ordered by group.order (default 0),
 *   then namespace/name.
 * - Listeners: `listen-ports` (JSON, merged across the group), default HTTP 80, or HTTPS 443 when the Ingress states
 *   certificate ARNs (IngressClassParams certificateArn, else certificate-arn; model_build_listener.go: preferTLS is
 *   "explicit TLS cert ARNs"; TLS hosts only feed certificate discovery for HTTPS listeners already asked for).
 * - Clients: `inbound-cidrs` and `security-group-prefix-lists` (per Ingress, on its own listen ports), default
 *   0.0.0.0/0 (and ::/0 dual-stack) when both are empty; ignored when `security-groups` names the load balancer's groups.
 * - Target groups: one per Ingress × backend Service port (model_build_target_group.go: the resource ID is the
 *   Ingress, the Service and the port). target-type, backend-protocol, healthcheck-*, target-group-attributes and
 *   target-node-labels are read from the Service first, then the Ingress ("Annotations applied to Service have
 *   higher priority"). target-type defaults to instance, healthcheck-port to traffic-port, healthcheck-path to `/`
 *   (`/AWS.ALB/healthcheck` for gRPC), healthcheck-protocol to the backend protocol (backend-protocol, default HTTP).
 * - A backend whose port name is `use-annotation` forwards as `alb.ingress.kubernetes.io/actions.<service name>`
 *   says: its forward targetGroups that name a Service are target groups too.
 */
import type { RelatedLocation } from '../../core/finding.js';
import { compareStrings, maybeRefOf, refOf, type SourceRef } from '../../core/source.js';
import { joinAnd } from '../../core/text.js';
import { parseCidr } from '../../engine/ip.js';
import { parseGoBool, parseGoInt } from '../cni/values.js';
import type { IngressClassParams, ServicePort } from '../../loader/schemas/index.js';
import type { LoadedObject } from '../../loader/types.js';
import { ingressBackends, type IngressServiceBackend } from '../routes.js';
import { matchesSelector } from '../selectors.js';
import type { IngressClassNode, IngressNode, Model, ServiceNode } from '../types.js';
import { groupConflicts } from './group-conflicts.js';
import { listAnnotation, mapAnnotation, nonEmptyListAnnotation, optional, splitList, type Decided } from './annotations.js';
import type { AlbMember, HealthCheck, Inbound, LbProblem, LbRoute, LbTargetGroup, Listener, ListenerProtocol, LoadBalancer, LoadBalancerScheme, TargetType } from './types.js';

export const ALB_CONTROLLER = 'ingress.k8s.aws/alb';
/** The class the controller's Helm chart creates (ingressClass: alb) and its default --ingress-class. */
const ALB_CLASS = 'alb';
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const A = 'alb.ingress.kubernetes.io/';
export const ALB_ANNOTATIONS = {
  groupName: `${A}group.name`,
  groupOrder: `${A}group.order`,
  scheme: `${A}scheme`,
  ipAddressType: `${A}ip-address-type`,
  subnets: `${A}subnets`,
  securityGroups: `${A}security-groups`,
  manageBackendSecurityGroupRules: `${A}manage-backend-security-group-rules`,
  listenPorts: `${A}listen-ports`,
  inboundCidrs: `${A}inbound-cidrs`,
  certificateArn: `${A}certificate-arn`,
  prefixLists: `${A}security-group-prefix-lists`,
  backendProtocol: `${A}backend-protocol`,
  sslRedirect: `${A}ssl-redirect`,
  targetType: `${A}target-type`,
  backendProtocolVersion: `${A}backend-protocol-version`,
  targetGroupAttributes: `${A}target-group-attributes`,
  targetNodeLabels: `${A}target-node-labels`,
  healthcheckPort: `${A}healthcheck-port`,
  healthcheckProtocol: `${A}healthcheck-protocol`,
  healthcheckPath: `${A}healthcheck-path`,
} as const;

/**
 * A problem the controller would refuse the Ingress for: an annotation it cannot parse. `ingress` is the Ingress whose
 * ALB is not reconciled; `object` carries the value (the Ingress, or its backend Service for target-group annotations).
 */
export interface AlbProblem extends LbProblem {
  ingress: IngressNode;
}

/** ALB IP address types (alb.ingress.kubernetes.io/ip-address-type; IngressClassParams ipAddressType). */
const ALB_IP_ADDRESS_TYPES = ['ipv4', 'dualstack', 'dualstack-without-public-ipv4'];

interface AlbClass {
  /** Where the Ingress is tied to the class. */
  at: SourceRef;
  cls?: IngressClassNode;
  params?: { manifest: IngressClassParams; object: LoadedObject<IngressClassParams> };
}

/** The ALBs of the input's Ingresses, one per IngressGroup, and the annotation problems found on the way. */
export function albLoadBalancers(model: Model): { loadBalancers: LoadBalancer[]; problems: AlbProblem[] } {
  const problems: AlbProblem[] = [];
  const groups = new Map<string, { explicit: string | undefined; members: { member: AlbMember; cls: AlbClass }[] }>();
  for (const ing of model.ingresses) {
    const cls = albClassOf(model, ing);
    if (!cls) continue;
    if (!namespaceAdmitted(model, ing, cls)) continue; // the controller refuses to reconcile it
    const explicit = cls.params?.manifest.spec?.group?.name ?? annotation(ing, ALB_ANNOTATIONS.groupName);
    const key = explicit !== undefined ? `IngressGroup/${explicit}` : `Ingress/${ing.namespace}/${ing.name}`;
    const group = groups.get(key) ?? { explicit, members: [] };
    groups.set(key, group);
    group.members.push({ member: memberOf(ing, cls, problems), cls });
  }
  const loadBalancers = [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([id, g]) => {
      g.members.sort((a, b) => a.member.order - b.member.order || compareStrings(a.member.ingress.id, b.member.ingress.id));
      return groupLoadBalancer(model, id, g.explicit, g.members, problems);
    });
  return { loadBalancers, problems };
}

/** albClassOf per model, then per Ingress (null: not the controller's); rules ask once per backend. */
const classCache = new WeakMap<Model, WeakMap<IngressNode, AlbClass | null>>();

/** The ALB class an Ingress belongs to, or undefined when it is not the AWS Load Balancer Controller's. */
export function albClassOf(model: Model, ing: IngressNode): AlbClass | undefined {
  let byIngress = classCache.get(model);
  if (!byIngress) classCache.set(model, (byIngress = new WeakMap()));
  let found = byIngress.get(ing);
  if (found === undefined) byIngress.set(ing, (found = classify(model, ing) ?? null));
  return found ?? undefined;
}

function classify(model: Model, ing: IngressNode): AlbClass | undefined {
  // classifyIngress (pkg/ingress/group_loader.go): the "kubernetes.io/ingress.class" annotation takes higher priority
  // than ingressClassName; a matching annotation means no IngressClass and so no IngressClassParams.
  const legacy = ing.manifest.metadata.annotations?.[CLASS_ANNOTATION];
  if (legacy !== undefined) return legacy === ALB_CLASS ? { at: refOf(ing.manifest.metadata.annotations!, CLASS_ANNOTATION) } : undefined;
  const named = ing.manifest.spec?.ingressClassName;
  if (named !== undefined) {
    const at = refOf(ing.manifest, 'spec', 'ingressClassName');
    const cls = model.ingressClass(named);
    if (cls) return cls.manifest.spec?.controller === ALB_CONTROLLER ? withParams(model, { at, cls }) : undefined;
    return named === ALB_CLASS ? { at } : undefined;
  }
  const defaults = model.ingressClasses.filter((c) => c.manifest.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  const cls = defaults.length === 1 ? defaults[0] : undefined;
  return cls && cls.manifest.spec?.controller === ALB_CONTROLLER ? withParams(model, { at: ing.object.at, cls }) : undefined;
}

function withParams(model: Model, c: AlbClass): AlbClass {
  const ref = c.cls?.manifest.spec?.parameters;
  if (!ref || ref.kind !== 'IngressClassParams') return c;
  const object = model.objects.find((o) => o.kind === 'IngressClassParams' && o.manifest.metadata.name === ref.name) as LoadedObject<IngressClassParams> | undefined;
  return object ? { ...c, params: { manifest: object.manifest, object } } : c;
}

function namespaceAdmitted(model: Model, ing: IngressNode, cls: AlbClass): boolean {
  const selector = cls.params?.manifest.spec?.namespaceSelector;
  if (!selector) return true;
  const labels = model.namespace(ing.namespace)?.labels ?? { 'kubernetes.io/metadata.name': ing.namespace };
  return matchesSelector(selector, labels);
}

function annotation(ing: IngressNode, key: string): string | undefined {
  return ing.manifest.metadata.annotations?.[key];
}

function annotationAt(obj: IngressNode | ServiceNode, key: string): SourceRef {
  return refOf(obj.manifest.metadata.annotations!, key);
}

function memberOf(ing: IngressNode, cls: AlbClass, problems: AlbProblem[]): AlbMember {
  const params = cls.params?.manifest.spec;
  const paramsAt = (...path: string[]) => refOf(cls.params!.manifest, 'spec', ...path);
  const problem = (message: string, at: SourceRef) => problems.push({ ingress: ing, object: ing, message, at });

  let order = 0;
  let explicitOrder: AlbMember['explicitOrder'];
  const rawOrder = annotation(ing, ALB_ANNOTATIONS.groupOrder);
  if (rawOrder !== undefined) {
    // The controller parses it with strconv.ParseInt (base 10, optional sign) and accepts [-1000, 1000].
    const n = parseGoInt(rawOrder);
    if (n !== undefined && n >= -1000 && n <= 1000) {
      order = n;
      explicitOrder = { value: n, at: annotationAt(ing, ALB_ANNOTATIONS.groupOrder) };
    } else problem(`${ALB_ANNOTATIONS.groupOrder}: "${rawOrder}" is not an integer between -1000 and 1000`, annotationAt(ing, ALB_ANNOTATIONS.groupOrder));
  }

  let scheme: Decided<LoadBalancerScheme> | undefined;
  if (params?.scheme) scheme = { value: params.scheme, why: `IngressClassParams ${cls.params!.object.manifest.metadata.name} scheme: ${params.scheme}`, at: paramsAt('scheme') };
  else {
    const raw = annotation(ing, ALB_ANNOTATIONS.scheme);
    if (raw === 'internal' || raw === 'internet-facing') scheme = { value: raw, why: `${ALB_ANNOTATIONS.scheme}: ${raw}`, at: annotationAt(ing, ALB_ANNOTATIONS.scheme) };
    else if (raw !== undefined) problem(`${ALB_ANNOTATIONS.scheme}: "${raw}" is not internal or internet-facing`, annotationAt(ing, ALB_ANNOTATIONS.scheme));
  }

  let ipAddressType: Decided<string> | undefined;
  if (params?.ipAddressType) ipAddressType = { value: params.ipAddressType, why: `IngressClassParams ipAddressType: ${params.ipAddressType}`, at: paramsAt('ipAddressType') };
  else {
    const raw = annotation(ing, ALB_ANNOTATIONS.ipAddressType);
    if (raw !== undefined && ALB_IP_ADDRESS_TYPES.includes(raw)) ipAddressType = { value: raw, why: `${ALB_ANNOTATIONS.ipAddressType}: ${raw}`, at: annotationAt(ing, ALB_ANNOTATIONS.ipAddressType) };
    else if (raw !== undefined) problem(`${ALB_ANNOTATIONS.ipAddressType}: "${raw}" is not ${ALB_IP_ADDRESS_TYPES.join(', ')}`, annotationAt(ing, ALB_ANNOTATIONS.ipAddressType));
  }

  const listeners = listenersOf(ing, cls, problem);
  // The controller drops empty items of a stringList: `security-groups: ""` means its own managed group.
  const securityGroups = nonEmptyListAnnotation(ing.manifest.metadata.annotations ?? {}, ALB_ANNOTATIONS.securityGroups);
  const prefixLists = securityGroups ? undefined : nonEmptyListAnnotation(ing.manifest.metadata.annotations ?? {}, ALB_ANNOTATIONS.prefixLists);
  const dualstack = (ipAddressType?.value ?? 'ipv4') !== 'ipv4';
  let inbound: Inbound | undefined;
  // computeIngressExplicitInboundCIDRs: IngressClassParams inboundCIDRs count only when non-empty.
  if (params?.inboundCIDRs && params.inboundCIDRs.length > 0)
    inbound = { cidrs: params.inboundCIDRs, why: 'IngressClassParams inboundCIDRs', at: paramsAt('inboundCIDRs'), ports: listeners.map((l) => l.port) };
  else {
    const stated = listAnnotation(ing.manifest.metadata.annotations ?? {}, ALB_ANNOTATIONS.inboundCidrs);
    // The controller parses every entry with Go's net.ParseCIDR and fails the Ingress on the first bad one.
    const bad = stated?.names.filter((c) => parseCidr(c) === undefined) ?? [];
    if (stated && bad.length > 0) problem(`${ALB_ANNOTATIONS.inboundCidrs}: ${bad.map((c) => `"${c}"`).join(', ')} ${bad.length === 1 ? 'is not a CIDR' : 'are not CIDRs'}`, stated.at);
    if (stated && !securityGroups && stated.names.length > 0) inbound = { cidrs: stated.names, why: ALB_ANNOTATIONS.inboundCidrs, at: stated.at, ports: listeners.map((l) => l.port) };
  }
  // Prefix lists are admitted beside the stated CIDRs; with either, the 0.0.0.0/0 default is not added.
  if (prefixLists) {
    const why = `${ALB_ANNOTATIONS.prefixLists}: ${prefixLists.names.join(', ')}`;
    inbound = inbound
      ? { ...inbound, prefixLists: prefixLists.names, why: `${inbound.why}; ${why}` }
      : { cidrs: [], prefixLists: prefixLists.names, why, at: prefixLists.at, ports: listeners.map((l) => l.port) };
  }
  if (!inbound && !securityGroups)
    inbound = {
      cidrs: dualstack ? ['0.0.0.0/0', '::/0'] : ['0.0.0.0/0'],
      why: `no ${ALB_ANNOTATIONS.inboundCidrs}: the controller's default`,
      at: listeners[0]?.at ?? cls.at,
      ports: listeners.map((l) => l.port),
      default: true,
    };

  let subnets: AlbMember['subnets'];
  // IngressClassParams subnets: ids, else tags, count only when non-empty (the controller tests len != 0).
  if (params?.subnets?.ids && params.subnets.ids.length > 0) subnets = { names: params.subnets.ids, at: paramsAt('subnets', 'ids') };
  else if (!hasSubnetTags(params)) subnets = listAnnotation(ing.manifest.metadata.annotations ?? {}, ALB_ANNOTATIONS.subnets);

  return {
    ingress: ing,
    order,
    ...optional('explicitOrder', explicitOrder),
    classAt: cls.at,
    listeners,
    ...optional('scheme', scheme),
    ...optional('ipAddressType', ipAddressType),
    ...optional('inbound', inbound),
    ...optional('subnets', subnets),
    ...optional('securityGroups', securityGroups),
  };
}

function hasSubnetTags(spec: IngressClassParams['spec'] | undefined): boolean {
  return Object.keys(spec?.subnets?.tags ?? {}).length > 0;
}

const LISTENER_PROTOCOLS: readonly ListenerProtocol[] = ['HTTP', 'HTTPS'];

/** `listen-ports`: a JSON list of one-key objects `{"HTTP": 80}`; the default depends on whether there is a certificate. */
function listenersOf(ing: IngressNode, cls: AlbClass, problem: (message: string, at: SourceRef) => void): Listener[] {
  const raw = annotation(ing, ALB_ANNOTATIONS.listenPorts);
  if (raw !== undefined) {
    const at = annotationAt(ing, ALB_ANNOTATIONS.listenPorts);
    const parsed = parseListenPorts(raw);
    if (typeof parsed === 'string') {
      problem(`${ALB_ANNOTATIONS.listenPorts}: ${parsed}`, at);
      return [];
    }
    return parsed.map((l) => ({ ...l, at }));
  }
  // computeIngressListenPorts: HTTPS 443 only with explicit certificate ARNs (preferTLS); spec.tls does not change it.
  const certificate = explicitCertificateArns(ing, cls).length > 0;
  return [{ port: certificate ? 443 : 80, protocol: certificate ? 'HTTPS' : 'HTTP', at: cls.at }];
}

/** computeIngressExplicitTLSCertARNs: IngressClassParams certificateArn when non-empty, else the certificate-arn list. */
function explicitCertificateArns(ing: IngressNode, cls: AlbClass): string[] {
  const fromParams = (cls.params?.manifest.spec as { certificateArn?: unknown } | undefined)?.certificateArn;
  if (Array.isArray(fromParams) && fromParams.length > 0) return fromParams.filter((a): a is string => typeof a === 'string');
  if (typeof fromParams === 'string' && fromParams !== '') return [fromParams];
  return splitList(annotation(ing, ALB_ANNOTATIONS.certificateArn) ?? '');
}

/** The listeners of a listen-ports value, or why the controller rejects it. */
export function parseListenPorts(raw: string): { port: number; protocol: ListenerProtocol }[] | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return `"${raw}" is not JSON (expected e.g. '[{"HTTP": 80}, {"HTTPS": 443}]')`;
  }
  // Go's json.Unmarshal into []map[string]int32: null is an empty list, a null item an empty object.
  if (value === null) return 'empty listen-ports configuration';
  if (!Array.isArray(value)) return 'expected a JSON list such as [{"HTTP": 80}]';
  const out = new Map<number, ListenerProtocol>();
  for (const item of value as unknown[]) {
    if (item === null) continue;
    if (typeof item !== 'object' || Array.isArray(item)) return `expected objects such as {"HTTPS": 443}, got ${JSON.stringify(item)}`;
    for (const [protocol, port] of Object.entries(item as Record<string, unknown>)) {
      if (typeof port !== 'number' || !Number.isInteger(port)) return `listen port ${JSON.stringify(port)} is not an integer`;
      if (port < 1 || port > 65535) return `listen port must be within [1, 65535]: ${port}`;
      if (!LISTENER_PROTOCOLS.includes(protocol as ListenerProtocol)) return `listen protocol must be HTTP or HTTPS: ${protocol}`;
      // The controller keeps a map port → protocol: a port listed again takes the later protocol.
      out.set(port, protocol as ListenerProtocol);
    }
  }
  if (value.length === 0) return 'empty listen-ports configuration';
  return [...out.entries()].map(([port, protocol]) => ({ port, protocol }));
}

function groupLoadBalancer(model: Model, id: string, explicit: string | undefined, entries: { member: AlbMember; cls: AlbClass }[], problems: AlbProblem[]): LoadBalancer {
  const members = entries.map((e) => e.member);
  const first = members[0]!;
  const firstCls = entries[0]!.cls;
  const scheme: Decided<LoadBalancerScheme> = members.find((m) => m.scheme)?.scheme ?? {
    value: 'internal',
    why: `no ${ALB_ANNOTATIONS.scheme}: the controller's default scheme is internal`,
    at: first.classAt,
  };
  const ipAddressType: Decided<string> = members.find((m) => m.ipAddressType)?.ipAddressType ?? { value: 'ipv4', why: 'the default IP address type ipv4', at: first.classAt };
  const listeners: Listener[] = [];
  for (const m of members) for (const l of m.listeners) if (!listeners.some((x) => x.port === l.port)) listeners.push(l);
  const subnetsOf = members.find((m) => m.subnets)?.subnets;
  const paramsTags = hasSubnetTags(firstCls.params?.manifest.spec) ? firstCls.params?.manifest.spec?.subnets?.tags : undefined;
  const securityGroups = members.find((m) => m.securityGroups)?.securityGroups;
  const manage = manageBackendRules(members, securityGroups !== undefined);
  const name = explicit !== undefined ? `IngressGroup ${explicit}` : `Ingress ${first.ingress.namespace}/${first.ingress.name}`;
  const decidedBy: RelatedLocation[] = [{ at: first.classAt, message: `${name}: Ingress ${first.ingress.namespace}/${first.ingress.name} of the AWS Load Balancer Controller's ALB class` }];
  if (scheme.at !== first.classAt) decidedBy.push({ at: scheme.at, message: `${name}: ${scheme.why}` });
  if (subnetsOf) decidedBy.push({ at: subnetsOf.at, message: `${name}: subnets ${subnetsOf.names.join(', ')}` });
  if (securityGroups) decidedBy.push({ at: securityGroups.at, message: `${name}: security groups ${securityGroups.names.join(', ')}` });
  return {
    id,
    kind: 'ALB',
    controller: 'aws-load-balancer-controller',
    label: `the ${scheme.value} ALB of ${explicit !== undefined ? `${name} (${memberNames(members)})` : name}`,
    object: first.ingress,
    at: first.classAt,
    scheme,
    ipAddressType,
    ...(subnetsOf ? { subnets: { ...subnetsOf, why: 'stated' } } : {}),
    ...(paramsTags ? { subnetTags: { tags: paramsTags, at: refOf(firstCls.params!.manifest, 'spec', 'subnets', 'tags') } } : {}),
    ...optional('securityGroups', securityGroups),
    manageBackendSecurityGroupRules: manage,
    inbound: securityGroups ? [] : mergedInbound(members),
    listeners,
    targetGroups: targetGroupsOf(model, members, problems),
    members,
    conflicts: groupConflicts(members),
    decidedBy,
  };
}

/**
 * The clients of each listener port, merged as the controller merges the group (mergeListenPortConfigs): the
 * inbound-cidrs a member states for a port apply to the whole listener; only a port no member states CIDRs for
 * keeps the default (0.0.0.0/0, and ::/0 dual-stack). Conflicting stated values are lb/ingress-group-conflict's.
 */
function mergedInbound(members: readonly AlbMember[]): Inbound[] {
  const stated = members.flatMap((m) => (m.inbound && !m.inbound.default ? [m.inbound] : []));
  const statedPorts = new Set(stated.flatMap((i) => i.ports ?? []));
  const defaults = members.flatMap((m) => {
    if (!m.inbound?.default) return [];
    const ports = (m.inbound.ports ?? []).filter((p) => !statedPorts.has(p));
    return ports.length > 0 ? [{ ...m.inbound, ports }] : [];
  });
  return [...stated, ...defaults];
}

/**
 * `manage-backend-security-group-rules`: with the controller's own security group the backend rules are always
 * managed; with `security-groups` stated, only when this annotation says true (default false).
 */
function manageBackendRules(members: readonly AlbMember[], statedGroups: boolean): Decided<boolean> {
  const first = members[0]!;
  if (!statedGroups) return { value: true, why: 'the controller creates the security group and admits it to the targets', at: first.classAt };
  for (const m of members) {
    const raw = annotation(m.ingress, ALB_ANNOTATIONS.manageBackendSecurityGroupRules);
    if (raw === undefined) continue;
    const v = parseGoBool(raw) ?? false;
    return { value: v, why: `${ALB_ANNOTATIONS.manageBackendSecurityGroupRules}: "${raw}"`, at: annotationAt(m.ingress, ALB_ANNOTATIONS.manageBackendSecurityGroupRules) };
  }
  return { value: false, why: `${ALB_ANNOTATIONS.securityGroups} is set and ${ALB_ANNOTATIONS.manageBackendSecurityGroupRules} is not true`, at: members.find((m) => m.securityGroups)!.securityGroups!.at };
}

/**
 * One target group per Ingress × backend Service port (buildTargetGroupResourceID: Ingress, Service, port), each with
 * the routes of that Ingress that forward to it; its annotations are the Service's over that Ingress's.
 */
function targetGroupsOf(model: Model, members: readonly AlbMember[], problems: AlbProblem[]): LbTargetGroup[] {
  const out = new Map<string, LbTargetGroup>();
  // ssl-redirect (exclusive across the group): every HTTP listener answers with a redirect, its rules are ignored.
  const redirect = members.some((m) => annotation(m.ingress, ALB_ANNOTATIONS.sslRedirect) !== undefined);
  for (const m of members) {
    for (const b of albBackends(m.ingress, problems)) {
      const key = `${m.ingress.id}|${b.namespace}/${b.name}:${b.portRef}`;
      const route: LbRoute = {
        via: `Ingress ${m.ingress.namespace}/${m.ingress.name}, ${b.host === undefined && b.path === undefined && b.isDefault ? 'default backend' : `rule ${b.host ?? '*'}${b.path ?? ''}`}`,
        at: b.at,
        listeners: redirect ? m.listeners.filter((l) => l.protocol !== 'HTTP') : m.listeners,
        ingress: m.ingress,
        ...optional('host', b.host),
        ...optional('path', b.path),
        ...optional('pathType', b.pathType),
      };
      const existing = out.get(key);
      if (existing) {
        existing.routes.push(route);
        continue;
      }
      const service = model.service(b.namespace, b.name);
      const port = service ? servicePortOf(service, b.portRef) : undefined;
      out.set(key, {
        namespace: b.namespace,
        serviceName: b.name,
        ...optional('service', service),
        portRef: b.portRef,
        ...optional('port', port),
        portAt: b.portAt,
        targetType: targetTypeOf(m.ingress, service, problems),
        healthCheck: healthCheckOf(m.ingress, service, problems),
        routes: [route],
        ...optional('attributes', stringMapOf(m.ingress, service, ALB_ANNOTATIONS.targetGroupAttributes)),
        ...optional('targetNodeLabels', labelsOf(m.ingress, service)),
      });
    }
  }
  return [...out.values()];
}

interface AlbBackend {
  namespace: string;
  name: string;
  portRef: number | string;
  portAt: SourceRef;
  at: SourceRef;
  host?: string;
  path?: string;
  pathType?: string;
  isDefault: boolean;
}

/** The Service backends of an Ingress as the ALB sees them: `use-annotation` backends through their actions. */
function albBackends(ing: IngressNode, problems: AlbProblem[]): AlbBackend[] {
  const out: AlbBackend[] = [];
  for (const b of ingressBackends(ing)) {
    if (b.backend.resource !== undefined || !b.port) continue;
    const host = b.rule?.host;
    const path = b.rule?.path;
    const pathType = b.rule?.pathType;
    const where = { ...optional('host', host), ...optional('path', path), ...optional('pathType', pathType), isDefault: b.rule === undefined, at: refOf(b.nameField.object, b.nameField.key) };
    if (b.port.kind === 'name' && b.port.value === USE_ANNOTATION) {
      out.push(...actionBackends(ing, b.name, problems).map((a) => ({ ...a, ...where })));
      continue;
    }
    out.push({ namespace: b.namespace, name: b.name, portRef: b.port.value, portAt: refOf(b.port.field.object, b.port.field.key), ...where });
  }
  return out;
}

/** The port name that makes an ALB backend an action: `alb.ingress.kubernetes.io/actions.<service name>`. */
const USE_ANNOTATION = 'use-annotation';

/** The action an ALB backend with port `use-annotation` names. */
export type AlbAction =
  /** No such annotation: the controller answers with a fixed 503 "Backend action does not exist". */
  | { kind: 'missing'; key: string }
  /** Not JSON: the controller fails the Ingress. */
  | { kind: 'invalid'; key: string; at: SourceRef }
  /** The Services its forward targetGroups name (serviceName/servicePort). */
  | { kind: 'action'; key: string; at: SourceRef; services: { name: string; portRef: number | string }[] };

/** Is this backend of an ALB Ingress an action (port name `use-annotation`) rather than a Service? */
export function isAlbActionBackend(model: Model, ing: IngressNode, b: IngressServiceBackend): boolean {
  return b.port?.kind === 'name' && b.port.value === USE_ANNOTATION && albClassOf(model, ing) !== undefined;
}

/**
 * The action `actions.<name>` of an Ingress (enhanced_backend_builder.go buildActionViaAnnotation). A missing action
 * is tolerated with a fixed 503 response (tolerateNonExistentBackendAction, on by default); JSON it cannot parse fails.
 */
export function albActionOf(ing: IngressNode, actionName: string): AlbAction {
  const key = `${A}actions.${actionName}`;
  const raw = annotation(ing, key);
  if (raw === undefined) return { kind: 'missing', key };
  const at = annotationAt(ing, key);
  let action: unknown;
  try {
    action = JSON.parse(raw);
  } catch {
    return { kind: 'invalid', key, at };
  }
  const groups = (action as { forwardConfig?: { targetGroups?: unknown } } | null)?.forwardConfig?.targetGroups;
  if (!Array.isArray(groups)) return { kind: 'action', key, at, services: [] };
  const services = groups.flatMap((g: { serviceName?: unknown; servicePort?: unknown } | null) => {
    if (typeof g?.serviceName !== 'string' || (typeof g.servicePort !== 'string' && typeof g.servicePort !== 'number')) return [];
    // normalizeServicePortForBackwardsCompatibility: a numeric string is the port number.
    const portRef = typeof g.servicePort === 'string' && /^\d+$/.test(g.servicePort) ? Number(g.servicePort) : g.servicePort;
    return [{ name: g.serviceName, portRef }];
  });
  return { kind: 'action', key, at, services };
}

/** The Services an `actions.<name>` forward action sends to (targetGroups naming serviceName/servicePort). */
function actionBackends(ing: IngressNode, actionName: string, problems: AlbProblem[]): Omit<AlbBackend, 'at' | 'isDefault'>[] {
  const action = albActionOf(ing, actionName);
  if (action.kind === 'missing') return [];
  if (action.kind === 'invalid') {
    problems.push({ ingress: ing, object: ing, message: `${action.key}: not JSON`, at: action.at });
    return [];
  }
  return action.services.map((svc) => ({ namespace: ing.namespace, name: svc.name, portRef: svc.portRef, portAt: action.at }));
}

/** The Service port a backend names (by number, or by the Service port's name). */
export function servicePortOf(svc: ServiceNode, ref: number | string): ServicePort | undefined {
  return (svc.manifest.spec?.ports ?? []).find((p) => (typeof ref === 'number' ? p.port === ref : p.name === ref));
}

/** A target-group annotation: the Service's value wins over the Ingress's. */
function targetGroupAnnotation(ing: IngressNode, svc: ServiceNode | undefined, key: string): { value: string; at: SourceRef; on: string; object: IngressNode | ServiceNode } | undefined {
  const fromService = svc?.manifest.metadata.annotations?.[key];
  if (svc && fromService !== undefined) return { value: fromService, at: annotationAt(svc, key), on: `Service ${svc.namespace}/${svc.name}`, object: svc };
  const fromIngress = annotation(ing, key);
  return fromIngress === undefined ? undefined : { value: fromIngress, at: annotationAt(ing, key), on: `Ingress ${ing.namespace}/${ing.name}`, object: ing };
}

function targetTypeOf(ing: IngressNode, svc: ServiceNode | undefined, problems: AlbProblem[]): Decided<TargetType> {
  const a = targetGroupAnnotation(ing, svc, ALB_ANNOTATIONS.targetType);
  if (a && (a.value === 'ip' || a.value === 'instance')) return { value: a.value, why: `${ALB_ANNOTATIONS.targetType}: ${a.value} (${a.on})`, at: a.at };
  // The controller's buildTargetGroupTargetType: "unknown targetType" for anything else.
  if (a) problems.push({ ingress: ing, object: a.object, message: `${ALB_ANNOTATIONS.targetType}: "${a.value}" is not instance or ip`, at: a.at });
  return { value: 'instance', why: "the AWS Load Balancer Controller's default target type (instance)", at: a?.at ?? maybeRefOf(ing.manifest, 'spec') ?? ing.object.at };
}

function healthCheckOf(ing: IngressNode, svc: ServiceNode | undefined, problems: AlbProblem[]): HealthCheck {
  const dflt = ing.object.at;
  const port = targetGroupAnnotation(ing, svc, ALB_ANNOTATIONS.healthcheckPort);
  const protocol = targetGroupAnnotation(ing, svc, ALB_ANNOTATIONS.healthcheckProtocol);
  // buildTargetGroupHealthCheckProtocol: "healthCheckProtocol must be within [HTTP, HTTPS]" (case-sensitive).
  if (protocol && protocol.value !== 'HTTP' && protocol.value !== 'HTTPS')
    problems.push({ ingress: ing, object: protocol.object, message: `${ALB_ANNOTATIONS.healthcheckProtocol}: "${protocol.value}" is not HTTP or HTTPS`, at: protocol.at });
  // A numeric port out of range fails when the target group is created (HealthCheckPort 1-65535).
  if (port && /^\d+$/.test(port.value) && (Number(port.value) < 1 || Number(port.value) > 65535))
    problems.push({ ingress: ing, object: port.object, message: `${ALB_ANNOTATIONS.healthcheckPort}: ${port.value} is not a port number 1-65535`, at: port.at });
  const path = targetGroupAnnotation(ing, svc, ALB_ANNOTATIONS.healthcheckPath);
  const version = targetGroupAnnotation(ing, svc, ALB_ANNOTATIONS.backendProtocolVersion);
  // buildTargetGroupProtocolVersion: "backend protocol version must be within [HTTP1, HTTP2, GRPC]" (case-sensitive).
  if (version && !['HTTP1', 'HTTP2', 'GRPC'].includes(version.value))
    problems.push({ ingress: ing, object: version.object, message: `${ALB_ANNOTATIONS.backendProtocolVersion}: "${version.value}" is not HTTP1, HTTP2 or GRPC`, at: version.at });
  const grpc = version?.value === 'GRPC';
  // buildTargetGroupProtocol: "backend protocol must be within [HTTP, HTTPS]" (case-sensitive), default HTTP; the
  // health check protocol defaults to it (buildTargetGroupHealthCheckProtocol).
  const backend = targetGroupAnnotation(ing, svc, ALB_ANNOTATIONS.backendProtocol);
  const backendOk = backend === undefined || backend.value === 'HTTP' || backend.value === 'HTTPS';
  if (!backendOk) problems.push({ ingress: ing, object: backend.object, message: `${ALB_ANNOTATIONS.backendProtocol}: "${backend.value}" is not HTTP or HTTPS`, at: backend.at });
  const defaultProtocol: Decided<string> =
    backend && backendOk
      ? { value: backend.value, why: `the health check protocol defaults to the backend protocol (${ALB_ANNOTATIONS.backendProtocol}: ${backend.value}, ${backend.on})`, at: backend.at }
      : { value: 'HTTP', why: 'the default health check protocol (HTTP, the default backend protocol)', at: dflt };
  const portValue = port === undefined || port.value === 'traffic-port' ? 'traffic-port' : /^\d+$/.test(port.value) ? Number(port.value) : port.value;
  return {
    port: port ? { value: portValue, why: `${ALB_ANNOTATIONS.healthcheckPort}: ${port.value} (${port.on})`, at: port.at } : { value: 'traffic-port', why: 'the default health check port (traffic-port)', at: dflt },
    protocol: protocol ? { value: protocol.value, why: `${ALB_ANNOTATIONS.healthcheckProtocol}: ${protocol.value} (${protocol.on})`, at: protocol.at } : defaultProtocol,
    path: path
      ? { value: path.value, why: `${ALB_ANNOTATIONS.healthcheckPath}: ${path.value} (${path.on})`, at: path.at }
      : { value: grpc ? '/AWS.ALB/healthcheck' : '/', why: 'the default health check path', at: dflt },
  };
}

function stringMapOf(ing: IngressNode, svc: ServiceNode | undefined, key: string): { values: Record<string, string>; at: SourceRef } | undefined {
  const a = targetGroupAnnotation(ing, svc, key);
  const values = mapAnnotation(a?.value);
  return a && values ? { values, at: a.at } : undefined;
}

function labelsOf(ing: IngressNode, svc: ServiceNode | undefined): LbTargetGroup['targetNodeLabels'] {
  const m = stringMapOf(ing, svc, ALB_ANNOTATIONS.targetNodeLabels);
  return m ? { labels: m.values, at: m.at } : undefined;
}

/** "Ingress shop/a", "Ingresses shop/a, shop/b and 2 more": the members in rule order (the first is the finding's object). */
function memberNames(members: readonly AlbMember[]): string {
  const names = members.map((m) => `${m.ingress.namespace}/${m.ingress.name}`);
  return `${names.length === 1 ? 'Ingress' : 'Ingresses'} ${joinAnd(names)}`;
}
