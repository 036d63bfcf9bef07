/**
 * Whether each declared dependency gets through: the Service it names and its port, the backends behind it,
 * and the NetworkPolicies at both ends after DNAT (policies see the backend's pod address and target port,
 * never the Service's). For a host outside the cluster, or the hand-written endpoints of a selector-less Service, the
 * caller's egress toward those addresses.
 *
 * One verdict per dependency, shared by the `deps/…` rules and `netreach deps`:
 *  - allowed: every connection the reference makes is allowed at both ends;
 *  - blocked: none is; partial: some backends or Service ports are, others not (or, for an external host,
 *    the egress allows only some addresses, and the host's address is not in the input);
 *  - broken: the call cannot work whatever the policies say (no such Service, port or backend);
 *  - unknown: netreach cannot tell (a hostNetwork caller, pods an operator makes, a bare name of no Service);
 *  - local: the pod itself (localhost).
 */
import { ConnSet } from '../engine/conn-set.js';
import { IpSet, parseIp } from '../engine/ip.js';
import type { PodClass } from '../engine/policy/classes.js';
import type { CompiledPolicy } from '../engine/policy/compile.js';
import type { DirectionVerdict } from '../engine/policy/engine.js';
import { policyList } from '../engine/policy/names.js';
import { PortSet, type Protocol } from '../engine/ports.js';
import { targetConn, type Reachability } from '../engine/reachability.js';
import type { ServicePort } from '../loader/schemas/index.js';
import { displayName, qualifiedName } from '../model/identity.js';
import { protocolOf } from '../model/ports.js';
import { formatSelector } from '../model/selectors.js';
import { isHeadless, serviceTypeOf } from '../model/services.js';
import type { Model, ServiceNode, Workload } from '../model/types.js';
import { joinAnd } from '../core/text.js';
import { reachabilityFor, type ReachabilityConfig } from '../engine/shared.js';
import { whyNoBackends, type NoBackends } from './backends.js';
import { declaredDependencies, looksLikeClusterName, podOwner, type Dependency } from './infer.js';
import { podDnsOf } from './dns.js';
import { DEFAULT_DEPS_OPTIONS, depsOptionsOf } from './options.js';
import { clusterLabels } from './reference.js';

export type DependencyStatus = 'allowed' | 'blocked' | 'partial' | 'broken' | 'unknown' | 'local';

/** One connection a dependency on a Service makes: to one backend, through one Service port, on the backend's port after DNAT. */
export interface ServiceAttempt {
  backend: Workload;
  backendClass: PodClass;
  servicePort: ServicePort | undefined;
  /** What the backend's pod receives: the target port. */
  want: ConnSet;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** The caller's egress does not allow all of `want` to the backend. */
  egressBlocks: boolean;
  /** The backend's ingress does not admit all of `want` from the caller. */
  ingressBlocks: boolean;
}

/** A dependency on a host outside the cluster (or an ExternalName Service's alias): the caller's egress toward it. */
export interface ExternalAttempt {
  host: string;
  /** The addresses, when the host is an IP address; undefined: any address the name may resolve to. */
  addresses: IpSet | undefined;
  want: ConnSet;
  /** The policies isolating the caller's egress (none: everything is allowed). */
  isolatedBy: readonly CompiledPolicy[];
  /** Addresses outside the cluster the caller may send `want` to. */
  allowedTo: IpSet;
}

export interface DependencyCheck {
  dependency: Dependency;
  status: DependencyStatus;
  /** Why, in one sentence a team reads in a terminal. */
  why: string;
  /** Service targets: every connection the reference makes. */
  attempts: readonly ServiceAttempt[];
  /** The Service whose backends the attempts reach. */
  service?: ServiceNode;
  external?: ExternalAttempt;
}

/** Checks one dependency against the run's policy engine. */
export function checkDependency(dep: Dependency, reach: Reachability, clusterDomains: readonly string[] = DEFAULT_DEPS_OPTIONS.clusterDomains): DependencyCheck {
  const alias = dep.alias ? `Service ${qualifiedName(dep.alias)} is an alias of ${dep.alias.manifest.spec?.externalName ?? ''}; ` : '';
  return targetCheck(dep, { reach, clusterDomains }, alias);
}

/** What a check reads besides the dependency: the run's policy engine and the cluster DNS domains. */
interface CheckContext {
  reach: Reachability;
  clusterDomains: readonly string[];
}

/** `prefix` says how the call got to its target when the reference names an ExternalName alias of it. */
function targetCheck(dep: Dependency, ctx: CheckContext, prefix: string): DependencyCheck {
  const { reach } = ctx;
  const { target } = dep;
  const base = { dependency: dep, attempts: [] as ServiceAttempt[] };
  if (target.kind === 'local') return { ...base, status: 'local', why: 'the pod itself: no network policy applies' };
  if (target.kind !== 'external') {
    // Cluster names resolve only through cluster DNS.
    const dns = podDnsOf(dep.workload);
    if (dns.kind !== 'cluster') return { ...base, status: dns.kind === 'node' ? 'broken' : 'unknown', why: `${prefix}${dns.why}, so cluster names do not resolve there` };
  }
  switch (target.kind) {
    case 'missing-service':
      return { ...base, status: 'broken', why: `${prefix}the input has no Service ${target.namespace}/${target.name}` };
    case 'api-server':
      return { ...base, status: 'unknown', why: `${prefix}the API server (Service default/kubernetes): its endpoints are the control plane's addresses, which the input does not give` };
    case 'external': {
      if (looksLikeClusterName(target.host)) {
        const labels = target.host.split('.');
        const meant = labels.length === 1 ? `Service ${target.host} in namespace ${dep.workload.namespace}` : `Service ${labels[0]} in namespace ${labels[1]}`;
        return { ...base, status: 'unknown', why: `${prefix}no ${meant} in the input: a name like ${target.host} is most likely one deployed from elsewhere` };
      }
      return externalCheck(dep, target.host, reach, prefix);
    }
    case 'service':
      return serviceCheck(dep, target.service, target.pod, ctx, prefix);
  }
}

function serviceCheck(dep: Dependency, svc: ServiceNode, pod: string | undefined, ctx: CheckContext, prefix: string): DependencyCheck {
  const { reach } = ctx;
  const base = { dependency: dep, attempts: [] as ServiceAttempt[] };
  const service = `Service ${qualifiedName(svc)}`;
  const spec = svc.manifest.spec;
  // An ExternalName Service is a DNS alias (a CNAME): the client resolves the name it stands for like any other.
  if (serviceTypeOf(svc) === 'ExternalName') {
    const alias = spec?.externalName?.toLowerCase().replace(/\.$/, '');
    if (!alias) return { ...base, status: 'broken', why: `${prefix}${service} is of type ExternalName without externalName` };
    const via = `${prefix}${service} is an alias of ${alias}; `;
    // "ExternalName accepts an IPv4 address string, but treats that string as a DNS name comprised of digits".
    if (parseIp(alias)) return { ...base, status: 'broken', why: `${via}an externalName is a DNS name: an IP address there does not resolve` };
    // The CNAME target is an absolute name: no search path applies, so only a .svc name is the cluster's.
    if (clusterLabels(alias, ctx.clusterDomains) === undefined) return externalCheck(dep, alias, reach, via);
    // The inference follows one alias to the Service it names (Dependency.alias); here is an alias of an alias.
    return { ...base, status: 'unknown', why: `${via}${alias} is itself an alias, not followed further` };
  }
  if (pod !== undefined && !isHeadless(svc))
    return { ...base, status: 'broken', why: `${prefix}${pod}.${svc.name} names a pod of ${service}, but pod names resolve only through a headless Service (clusterIP: None)` };
  const owner = pod !== undefined ? podOwner(reach.model, svc, pod) : undefined;
  if (pod !== undefined && !owner)
    return { ...base, status: 'broken', why: `${prefix}no pod of ${service} is named ${pod}: a StatefulSet's pods are <name>-<ordinal> below its replicas, others need hostname and subdomain` };
  const port = dep.reference.port;
  if (port !== undefined && !dep.servicePort && !isHeadless(svc)) return { ...base, status: 'broken', why: `${prefix}${service} exposes no port ${port}` };
  const missing = whyNoBackends(reach.model, svc, dep.servicePort);
  if (missing) return { ...base, status: 'broken', why: `${prefix}${noBackendsWhy(service, svc, missing)}` };
  // Backends at zero replicas run no pods (unless an HPA may scale them from zero: then they are all there is); a pod
  // name reaches that one pod's workload only.
  const all = reach.model.backendsOf(svc).filter((w) => owner === undefined || w === owner);
  const running = all.filter((w) => w.replicas !== 0);
  const backends = running.length > 0 ? running : all;
  if (backends.length === 0) {
    const operated = reach.model.operatorBackendsOf(svc);
    if (operated.length > 0)
      return { ...base, status: 'unknown', why: `${prefix}${service} selects pods an operator makes from ${joinAnd([...new Set(operated.map((o) => o.owner))])}, whose policies are not checked` };
    const destination = endpointDestination(reach, svc, dep);
    if (destination) return destinationCheck(dep, destination, reach, `${prefix}${service} has no selector; `);
    return { ...base, status: 'unknown', why: `${prefix}${service} has no selector: its endpoints are addresses given by hand, which the policies are not checked against` };
  }
  const engine = reach.engine;
  const caller = engine.classOf(dep.workload.id);
  if (!caller) return { ...base, status: 'unknown', why: `${prefix}${displayName(dep.workload)} has no pods the policies are evaluated for` };
  if (!engine.enforces(caller))
    return { ...base, status: 'unknown', why: `${prefix}${displayName(dep.workload)} uses the host network: its connections come from the node's address, which pod selectors do not match` };

  const attempts = serviceAttempts(dep, svc, backends, (w) => engine.classOf(w.id)).map(({ backend, backendClass, servicePort, want }): ServiceAttempt => {
    const egress = engine.egress(caller, backendClass);
    const ingress = engine.ingress(backendClass, caller);
    return { backend, backendClass, servicePort, want, egress, ingress, egressBlocks: !want.isSubsetOf(egress.allowed), ingressBlocks: !want.isSubsetOf(ingress.allowed) };
  });
  const withAttempts = { dependency: dep, attempts, service: svc };
  if (attempts.length === 0) {
    const self = backends.every((b) => b === dep.workload);
    return self
      ? { ...withAttempts, status: 'allowed', why: `${prefix}${displayName(dep.workload)} runs one pod and calls itself: a pod cannot block access to itself` }
      : { ...withAttempts, status: 'broken', why: `${prefix}no backend of ${service} serves the port (its targetPort names no container port)` };
  }
  const isBlocked = (a: ServiceAttempt) => a.egressBlocks || a.ingressBlocks;
  const blocked = attempts.filter(isBlocked);
  if (blocked.length === 0) return { ...withAttempts, status: 'allowed', why: `${prefix}${allowedWhy(attempts)}` };
  if (blocked.length === attempts.length) return { ...withAttempts, status: 'blocked', why: `${prefix}${blockedWhy(blocked, attempts.length)}` };
  // No port stated: the call uses one Service port, unknown which; it gets through when one port reaches every backend.
  if (port === undefined) {
    const open = [...new Set(attempts.map((a) => a.servicePort))].filter((sp) => attempts.filter((a) => a.servicePort === sp).every((a) => !isBlocked(a)));
    if (open.length > 0) {
      const ports = joinAnd(open.map((sp) => String(sp?.port)));
      return { ...withAttempts, status: 'allowed', why: `${prefix}no port stated; Service port ${ports} gets through (${blockedWhy(blocked, attempts.length)})` };
    }
  }
  return { ...withAttempts, status: 'partial', why: `${prefix}${blockedWhy(blocked, attempts.length)}` };
}

/**
 * The connections a dependency makes. Through a Service with a cluster IP, the Service port the reference names
 * (every Service port when it names none) is translated to each backend's target port. A headless Service's name
 * resolves to the pod IPs, so a stated port is called on the pods as it is. A single pod calling its own Service is
 * left out: "a pod cannot block access to itself" (Kubernetes, Network Policies).
 */
function serviceAttempts(dep: Dependency, svc: ServiceNode, backends: readonly Workload[], classOf: (w: Workload) => PodClass | undefined) {
  const spec = svc.manifest.spec;
  const headless = isHeadless(svc);
  const port = dep.reference.port;
  const out: { backend: Workload; backendClass: PodClass; servicePort: ServicePort | undefined; want: ConnSet }[] = [];
  const sorted = [...backends].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const backend of sorted) {
    const backendClass = classOf(backend);
    // A pod cannot block access to itself; a workload of several pods calls its other replicas, which policies govern.
    if ((backend === dep.workload && backend.replicas === 1) || !backendClass) continue;
    if (headless && port !== undefined) {
      const protocol = dep.servicePort ? protocolOf(dep.servicePort) : schemeProtocol(dep.reference.scheme);
      out.push({ backend, backendClass, servicePort: dep.servicePort, want: ConnSet.of(protocol, PortSet.single(port)) });
      continue;
    }
    const ports = port === undefined ? (spec?.ports ?? []) : dep.servicePort ? [dep.servicePort] : [];
    for (const servicePort of ports) {
      const want = targetConn(servicePort, backend);
      // A named targetPort the backend does not declare forwards nothing (service/target-port-unresolved).
      if (!want.isEmpty()) out.push({ backend, backendClass, servicePort, want });
    }
  }
  return out;
}

/** Where a call outside the policies' pods goes: a host's addresses when known, and the ports on them. */
interface Destination {
  host: string;
  addresses: IpSet | undefined;
  protocol: Protocol;
  /** undefined: any port of the protocol counts as the call (the client decides it). */
  ports: PortSet | undefined;
}

function hostDestination(dep: Dependency, host: string): Destination {
  const ip = parseIp(host);
  const port = dep.reference.port;
  return {
    host,
    addresses: ip ? IpSet.fromCidr(`${host}/${ip.family === 4 ? 32 : 128}`) : undefined,
    protocol: schemeProtocol(dep.reference.scheme),
    ports: port !== undefined ? PortSet.single(port) : undefined,
  };
}

function externalCheck(dep: Dependency, host: string, reach: Reachability, prefix = ''): DependencyCheck {
  return destinationCheck(dep, hostDestination(dep, host), reach, prefix);
}

function destinationCheck(dep: Dependency, destination: Destination, reach: Reachability, prefix: string): DependencyCheck {
  const base = { dependency: dep, attempts: [] as ServiceAttempt[] };
  const { host, addresses, protocol } = destination;
  const portStated = destination.ports !== undefined;
  const want = ConnSet.of(protocol, destination.ports ?? PortSet.all());
  const caller = reach.engine.classOf(dep.workload.id);
  if (!caller) return { ...base, status: 'unknown', why: `${prefix}${displayName(dep.workload)} has no pods the policies are evaluated for` };
  if (!reach.engine.enforces(caller))
    return { ...base, status: 'allowed', why: `${prefix}${displayName(dep.workload)} uses the host network: NetworkPolicy does not apply to its connections` };
  const isolatedBy = reach.engine.isolating(caller, 'egress');
  const { allowedTo, partlyAllowed } = egressReach(reach, caller, want, protocol, portStated);
  const external: ExternalAttempt = { host, addresses, want, isolatedBy, allowedTo };
  const withExternal = { ...base, external };
  const wantText = portStated ? want.toString() : protocol;
  if (isolatedBy.length === 0) return { ...withExternal, status: 'allowed', why: `${prefix}no NetworkPolicy isolates the egress of ${displayName(dep.workload)}` };
  const policies = policyList(isolatedBy);
  const space = addressSpace(reach);
  if (addresses) {
    if (addresses.isSubsetOf(allowedTo)) return { ...withExternal, status: 'allowed', why: `${prefix}the egress of ${displayName(dep.workload)} allows ${wantText} to ${host}` };
    const some = addresses.overlaps(partlyAllowed);
    return { ...withExternal, status: some ? 'partial' : 'blocked', why: `${prefix}the egress of ${displayName(dep.workload)}, isolated by ${policies}, ${some ? 'allows only part of' : 'does not allow'} ${wantText} to ${host}` };
  }
  if (space.isSubsetOf(allowedTo)) return { ...withExternal, status: 'allowed', why: `${prefix}the egress of ${displayName(dep.workload)} allows ${wantText} to every address outside the cluster` };
  if (allowedTo.isEmpty() && partlyAllowed.isEmpty())
    return { ...withExternal, status: 'blocked', why: `${prefix}the egress of ${displayName(dep.workload)}, isolated by ${policies}, allows ${wantText} to no address outside the cluster, so ${host} is unreachable whatever it resolves to` };
  const ranges = allowedTo.toCidrs();
  const allowedText = ranges.length > 0 ? `only to ${joinAnd(ranges)}` : 'only part of it';
  return { ...withExternal, status: 'partial', why: `${prefix}the egress of ${displayName(dep.workload)}, isolated by ${policies}, allows ${wantText} ${allowedText}: it depends on the addresses ${host} resolves to` };
}

function noBackendsWhy(service: string, svc: ServiceNode, missing: NoBackends): string {
  switch (missing.kind) {
    case 'selector-matches-nothing':
      return `${service}'s selector ${formatSelector(missing.selector)} matches no workload of namespace ${svc.namespace}`;
    case 'scaled-to-zero':
      return `${service}'s backends run no pods (${joinAnd(missing.idle.map((b) => `${displayName(b.workload)} ${b.field}: 0`))})`;
    case 'no-endpoints':
      return `${service} has no selector and the input has no ready endpoint for it`;
    case 'target-port-unresolved':
      return `no backend of ${service} declares a container port named ${missing.name} (port ${missing.port.port}'s targetPort)`;
  }
}

interface EgressReach {
  /** Addresses outside the cluster the caller may send all of `want` to. */
  allowedTo: IpSet;
  /** Addresses it may send only some of `want` to. */
  partlyAllowed: IpSet;
}

/** Per run, caller class and wanted connection: many calls share them, and each answer walks every address atom. */
const egressCache = new WeakMap<Reachability, Map<string, EgressReach>>();

function egressReach(reach: Reachability, caller: PodClass, want: ConnSet, protocol: Protocol, portStated: boolean): EgressReach {
  let byKey = egressCache.get(reach);
  if (!byKey) egressCache.set(reach, (byKey = new Map()));
  const key = `${caller.index}|${want.key()}|${portStated}`;
  let found = byKey.get(key);
  if (!found) {
    let allowedTo = IpSet.empty();
    let partlyAllowed = IpSet.empty();
    for (const group of reach.addressConnections(caller, 'egress')) {
      const atoms = group.atoms.reduce((a, b) => a.union(b), IpSet.empty());
      // Without a port, any port of the protocol counts as the call.
      const fits = portStated ? want.isSubsetOf(group.allowed) : !group.allowed.ports(protocol).isEmpty();
      if (fits) allowedTo = allowedTo.union(atoms);
      else if (!group.allowed.intersect(want).isEmpty()) partlyAllowed = partlyAllowed.union(atoms);
    }
    byKey.set(key, (found = { allowedTo, partlyAllowed }));
  }
  return found;
}

const spaceCache = new WeakMap<Reachability, IpSet>();

/** Every address outside the cluster the policies are evaluated over (IPv4, and IPv6 when in play). */
function addressSpace(reach: Reachability): IpSet {
  let space = spaceCache.get(reach);
  if (!space) spaceCache.set(reach, (space = reach.atoms.egress.reduce((a, b) => a.union(b), IpSet.empty())));
  return space;
}

/**
 * A selector-less Service's endpoints, written by hand (Endpoints, EndpointSlices): the ready IP addresses and the
 * endpoint port of the Service port called (matched by name, as the endpoints controller and kube-proxy do). Policies
 * judge such addresses by `ipBlock`, like any address that is not a pod's; undefined when none is an IP address.
 */
function endpointDestination(reach: Reachability, svc: ServiceNode, dep: Dependency): Destination | undefined {
  const { endpoints, slices } = reach.model.endpointsOf(svc);
  const sets: { ips: string[]; ports: { name?: string | undefined; port?: number | undefined; protocol?: string | undefined }[] }[] = [
    ...(endpoints?.manifest.subsets ?? []).map((s) => ({ ips: (s.addresses ?? []).map((a) => a.ip), ports: s.ports ?? [] })),
    ...slices.filter((sl) => sl.manifest.addressType !== 'FQDN').map((sl) => ({
      ips: (sl.manifest.endpoints ?? []).filter((e) => e.conditions?.ready !== false).flatMap((e) => e.addresses),
      ports: sl.manifest.ports ?? [],
    })),
  ];
  let addresses = IpSet.empty();
  let ports = PortSet.empty();
  let protocol: Protocol = dep.servicePort ? protocolOf(dep.servicePort) : 'TCP';
  for (const set of sets) {
    const matching = set.ports.filter((p) => p.port !== undefined && (dep.servicePort === undefined || (p.name ?? '') === (dep.servicePort.name ?? '')));
    if (matching.length === 0) continue;
    for (const ip of set.ips) {
      const parsed = parseIp(ip);
      if (parsed) addresses = addresses.union(IpSet.fromCidr(`${ip}/${parsed.family === 4 ? 32 : 128}`));
    }
    for (const p of matching) ports = ports.union(PortSet.single(p.port!));
    protocol = (matching[0]!.protocol as Protocol | undefined) ?? protocol;
  }
  if (addresses.isEmpty() || ports.isEmpty()) return undefined;
  const listed = addresses.toCidrs().map((c) => c.replace(/\/(32|128)$/, ''));
  return { host: `its endpoints ${joinAnd(listed)}`, addresses, protocol, ports: dep.reference.port !== undefined ? ports : undefined };
}

/** `udp://statsd:8125`, `sctp://…`: the scheme names the transport; everything else here runs over TCP. */
function schemeProtocol(scheme: string | undefined): Protocol {
  return scheme === 'udp' ? 'UDP' : scheme === 'sctp' ? 'SCTP' : 'TCP';
}

/** "egress allowed by NetworkPolicy a/b; ingress: not isolated". */
function allowedWhy(attempts: readonly ServiceAttempt[]): string {
  const side = (verdicts: readonly DirectionVerdict[], name: string) => {
    const rules = new Set(verdicts.flatMap((v) => v.contributions.map((c) => `NetworkPolicy ${qualifiedName(c.rule.policy)}`)));
    if (verdicts.every((v) => v.isolatedBy.length === 0)) return `${name} not isolated`;
    return `${name} allowed by ${joinAnd([...rules].sort())}`;
  };
  return `${side(attempts.map((a) => a.egress), 'egress')}; ${side(attempts.map((a) => a.ingress), 'ingress')}`;
}

/** "the caller's egress (NetworkPolicy a/b) blocks TCP 50051 on Deployment x/y". */
function blockedWhy(blocked: readonly ServiceAttempt[], total: number): string {
  const parts = blocked.map((a) => {
    const where = `${a.want.toString()} on ${displayName(a.backend)}`;
    const sides = [
      ...(a.egressBlocks ? [`the caller's egress (isolated by ${policyList(a.egress.isolatedBy)})`] : []),
      ...(a.ingressBlocks ? [`the backend's ingress (isolated by ${policyList(a.ingress.isolatedBy)})`] : []),
    ];
    return `${joinAnd(sides)} blocks ${where}`;
  });
  const of = blocked.length < total ? ` (${blocked.length} of ${total} connections)` : '';
  return `${joinAnd([...new Set(parts)], 2)}${of}`;
}

/** Every declared dependency of the input with its verdict, in workload and document order. */
export function dependencyChecks(model: Model, config: DepsConfig): DependencyCheck[] {
  const reach = reachabilityFor(model, config);
  const options = depsOptionsOf(config);
  return declaredDependencies(model, options).map((dep) => checkDependency(dep, reach, options.clusterDomains));
}

/** The parts of netreach.yaml the checks read: the policy engine's and the inference's. */
export type DepsConfig = ReachabilityConfig & Parameters<typeof depsOptionsOf>[0];
