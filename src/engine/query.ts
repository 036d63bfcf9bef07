/**
 * One reachability question — can X reach Y (on these ports)? — with a verdict per direction and the
 * policy rules that decide it (`netreach query`, invariants). X and Y are workloads, a namespace, a
 * Service (resolved to its backends and target ports: policies see traffic after DNAT), an address
 * range, or the internet.
 */
import { compareStrings } from '../core/source.js';
import type { ServiceNode, Workload } from '../model/types.js';
import { ConnSet } from './conn-set.js';
import { internetAddresses } from './internet.js';
import { IpSet, parseCidr, parseIp } from './ip.js';
import { PortSet } from './ports.js';
import { isAssumedWorkload, protocolOf } from '../model/index.js';
import type { PodClass } from './policy/classes.js';
import { ruleConn, type CompiledPolicy, type CompiledRule } from './policy/compile.js';
import type { DirectionVerdict } from './policy/engine.js';
import { externalEndpointName, targetConn, type Reachability } from './reachability.js';

export type QueryEndpoint =
  | { type: 'workloads'; label: string; workloads: readonly Workload[] }
  | { type: 'service'; label: string; service: ServiceNode; workloads: readonly Workload[] }
  | { type: 'addresses'; label: string; ips: IpSet };

/** Resolves `--from`/`--to`: `internet`, a CIDR or address, `ns/Kind/name`, `ns/name`, or a namespace. */
export function resolveEndpoint(reach: Reachability, spec: string): QueryEndpoint | { error: string } {
  const model = reach.model;
  if (spec === 'internet') return { type: 'addresses', label: 'internet', ips: internetAddresses() };
  const cidr = parseCidr(spec);
  if (cidr) return { type: 'addresses', label: spec, ips: IpSet.fromRange(cidr.family, cidr.lo, cidr.hi) };
  const ip = parseIp(spec);
  if (ip) return { type: 'addresses', label: spec, ips: IpSet.fromRange(ip.family, ip.value, ip.value) };
  const parts = spec.split('/');
  if (parts.length === 3) {
    const [ns, kind, name] = parts as [string, string, string];
    if (kind === 'Service') {
      const service = model.service(ns, name);
      return service ? serviceEndpoint(reach, service) : { error: `no Service ${ns}/${name} in the input` };
    }
    const w = model.workloadsIn(ns).find((x) => x.kind === kind && x.name === name);
    return w ? { type: 'workloads', label: `${ns}/${name}[${kind}]`, workloads: [w] } : { error: `no workload ${spec} in the input` };
  }
  if (parts.length === 2) {
    const [ns, name] = parts as [string, string];
    const found = model.workloadsIn(ns).filter((x) => x.name === name);
    if (found.length === 1) return { type: 'workloads', label: `${ns}/${name}[${found[0]!.kind}]`, workloads: found };
    if (found.length > 1) return { error: `${spec} is ambiguous: ${found.map((w) => w.id).join(', ')} (write namespace/Kind/name)` };
    const service = model.service(ns, name);
    if (service) return serviceEndpoint(reach, service);
    return { error: `no workload or Service ${spec} in the input` };
  }
  if (parts.length === 1 && model.namespace(spec)) {
    // Every workload of the namespace, those known only from their Pods included; not the assumed CoreDNS.
    return { type: 'workloads', label: `namespace ${spec}`, workloads: model.workloadsIn(spec).filter((w) => !isAssumedWorkload(w)) };
  }
  return { error: `cannot resolve ${JSON.stringify(spec)}: expected internet, a CIDR, namespace/name, namespace/Kind/name or a namespace` };
}

function serviceEndpoint(reach: Reachability, service: ServiceNode): QueryEndpoint {
  return { type: 'service', label: `Service ${service.namespace}/${service.name}`, service, workloads: reach.model.backendsOf(service) };
}

/** Why a direction allows or blocks: a policy rule that allows, or a policy whose isolation blocks. */
export interface Explanation {
  effect: 'allow' | 'deny';
  /** ns/NetworkPolicy/name */
  object: string;
  /** spec.ingress[0], spec.egress[1], or spec.podSelector for the isolation itself. */
  rule: string;
  policy: CompiledPolicy;
  compiledRule?: CompiledRule;
  /** What the rule allows for this pair (allow entries). */
  allowed?: ConnSet;
  /** Why a deny entry matters: what it isolates, or what a near-miss rule would need. */
  reason?: string;
}

export interface PairResult {
  from: string;
  to: string;
  /** What the source side lets out (everything when the source is not egress-isolated or is an address). */
  egress: ConnSet;
  /** What the destination side lets in. */
  ingress: ConnSet;
  /** egress ∩ ingress ∩ requested. */
  allowed: ConnSet;
  requested: ConnSet;
  explanation: Explanation[];
}

export type Verdict = 'allow' | 'deny' | 'partial';

export interface QueryResult {
  verdict: Verdict;
  /** Allowed for every matched pair (∩). */
  allowed: ConnSet;
  egress: ConnSet;
  ingress: ConnSet;
  pairs: PairResult[];
  /** Deduplicated across pairs, allows first. */
  explanation: Explanation[];
}

type Side = { label: string; cls?: PodClass; ips?: IpSet; workload?: Workload };

/**
 * The verdict for every (source, destination) pair: `allow` when each pair allows every requested
 * port, `deny` when none allows any, `partial` otherwise. A Service destination is evaluated on its
 * backends and target ports (the request names Service ports; DNAT maps them).
 */
export function query(reach: Reachability, from: QueryEndpoint, to: QueryEndpoint, requested: ConnSet = ConnSet.all()): QueryResult {
  const pairs: PairResult[] = [];
  const sources = sides(reach, from, 'egress');
  const destinations = sides(reach, to, 'ingress');
  for (const s of sources)
    for (const d of destinations) {
      if (s.workload && s.workload === d.workload) continue;
      if (to.type === 'service' && d.workload) {
        // Policies see the backend and its target ports (after DNAT); the answer speaks of Service ports.
        const onBackend = evaluatePair(reach, s, d, serviceRequest(to.service, d.workload, requested));
        pairs.push(inServicePorts(onBackend, to.service, d.workload, requested));
      } else {
        pairs.push(evaluatePair(reach, s, d, requested));
      }
    }
  const intersectAll = (f: (p: PairResult) => ConnSet) => (pairs.length === 0 ? ConnSet.none() : pairs.map(f).reduce((a, b) => a.intersect(b)));
  const allGranted = pairs.length > 0 && pairs.every((p) => p.requested.isSubsetOf(p.allowed) && !p.requested.isEmpty());
  const noneGranted = pairs.every((p) => p.allowed.isEmpty());
  return {
    verdict: allGranted ? 'allow' : noneGranted ? 'deny' : 'partial',
    allowed: intersectAll((p) => p.allowed),
    egress: intersectAll((p) => p.egress),
    ingress: intersectAll((p) => p.ingress),
    pairs,
    explanation: dedupe(pairs.flatMap((p) => p.explanation)),
  };
}

/** A backend's verdict (target ports) restated in Service ports: a Service port is allowed when its target is. */
function inServicePorts(pair: PairResult, service: ServiceNode, w: Workload, requested: ConnSet): PairResult {
  const translate = (target: ConnSet) => {
    let out = ConnSet.none();
    for (const port of service.manifest.spec?.ports ?? []) {
      const conn = targetConn(port, w);
      if (!conn.isEmpty() && conn.isSubsetOf(target)) out = out.union(ConnSet.of(protocolOf(port), PortSet.single(port.port)));
    }
    return out;
  };
  return {
    ...pair,
    egress: translate(pair.egress),
    ingress: translate(pair.ingress),
    allowed: translate(pair.allowed).intersect(requested),
    requested: servicePorts(service).intersect(requested),
  };
}

/** The ports a Service exposes (its own port numbers, by protocol). */
export function servicePorts(service: ServiceNode): ConnSet {
  return (service.manifest.spec?.ports ?? []).reduce((acc, p) => acc.union(ConnSet.of(protocolOf(p), PortSet.single(p.port))), ConnSet.none());
}

/** Service ports requested → the target ports on one backend. */
function serviceRequest(service: ServiceNode, w: Workload, requested: ConnSet): ConnSet {
  let out = ConnSet.none();
  for (const port of service.manifest.spec?.ports ?? [])
    if (requested.ports(protocolOf(port)).contains(port.port)) out = out.union(targetConn(port, w));
  return out;
}

function sides(reach: Reachability, e: QueryEndpoint, direction: 'egress' | 'ingress'): Side[] {
  if (e.type === 'addresses') {
    const atoms = direction === 'egress' ? reach.atoms.ingress : reach.atoms.egress;
    return atoms
      .map((atom) => atom.intersect(e.ips))
      .filter((part) => !part.isEmpty())
      .map((part) => ({ label: externalEndpointName([part]), ips: part }));
  }
  return e.workloads.flatMap((w) => {
    const cls = reach.engine.classOf(w.id);
    return cls ? [{ label: `${w.namespace}/${w.name}[${w.kind}]`, cls, workload: w }] : [];
  });
}

function evaluatePair(reach: Reachability, s: Side, d: Side, requested: ConnSet): PairResult {
  const engine = reach.engine;
  let egress: DirectionVerdict | undefined;
  let ingress: DirectionVerdict | undefined;
  if (s.cls && d.cls) {
    egress = engine.egress(s.cls, d.cls);
    ingress = engine.ingress(d.cls, s.cls);
  } else if (s.cls && d.ips) {
    egress = engine.egressToAddresses(s.cls, d.ips);
  } else if (s.ips && d.cls) {
    ingress = engine.ingressFromAddresses(d.cls, s.ips);
  }
  const eg = egress?.allowed ?? ConnSet.all();
  const ing = ingress?.allowed ?? ConnSet.all();
  const allowed = eg.intersect(ing).intersect(requested);
  const explanation: Explanation[] = [];
  for (const v of [egress, ingress]) {
    if (!v) continue;
    for (const c of v.contributions) {
      if (c.conn.intersect(requested).isEmpty()) continue;
      explanation.push({
        effect: 'allow',
        object: c.rule.policy.id,
        rule: `spec.${c.rule.direction}[${c.rule.index}]`,
        policy: findPolicy(reach, c.rule),
        compiledRule: c.rule,
        allowed: c.conn.intersect(requested),
      });
    }
    // What blocks: every policy isolating this side (any could add a rule; all would have to go to lift
    // the isolation), and each rule that comes close — the right peer on other ports, or the right ports
    // for other peers: the settings that would have to change.
    const missing = requested.subtract(v.allowed);
    if (missing.isEmpty()) continue;
    for (const p of v.isolatedBy) {
      explanation.push({ effect: 'deny', object: p.node.id, rule: 'spec.podSelector', policy: p, reason: `isolates ${v.direction === 'ingress' ? d.label : s.label} for ${v.direction}` });
      for (const r of v.direction === 'ingress' ? p.ingress : p.egress) {
        const peer = v.direction === 'ingress' ? s : d;
        const admitsPeer = peer.cls ? r.pods.has(peer.cls.index) : peer.ips !== undefined && peer.ips.isSubsetOf(r.ips);
        const conn = ruleConn(r, d.cls);
        const rule = `spec.${r.direction}[${r.index}]`;
        if (admitsPeer && !conn.overlaps(missing)) {
          const only = conn.isEmpty() ? 'no port (its named ports resolve nowhere here)' : conn.toString();
          explanation.push({ effect: 'deny', object: p.node.id, rule, policy: p, compiledRule: r, reason: `admits ${peer.label} but only on ${only}; ${missing.toString()} would need a port entry` });
        } else if (!admitsPeer && conn.overlaps(missing)) {
          explanation.push({ effect: 'deny', object: p.node.id, rule, policy: p, compiledRule: r, reason: `allows ${conn.intersect(missing).toString()} but not for ${peer.label}: its peers would need to select it` });
        }
      }
    }
  }
  return { from: s.label, to: d.label, egress: eg, ingress: ing, allowed, requested, explanation };
}

function findPolicy(reach: Reachability, rule: CompiledRule): CompiledPolicy {
  return reach.engine.compiledOf(rule.policy);
}

function dedupe(list: readonly Explanation[]): Explanation[] {
  const seen = new Map<string, Explanation>();
  for (const e of list) {
    const key = `${e.effect}|${e.object}|${e.rule}|${e.reason ?? ''}`;
    const prev = seen.get(key);
    if (!prev) seen.set(key, e);
    else if (e.allowed && prev.allowed) seen.set(key, { ...prev, allowed: prev.allowed.union(e.allowed) });
  }
  return [...seen.values()].sort((a, b) => compareStrings(a.effect, b.effect) || compareStrings(a.object, b.object) || compareStrings(a.rule, b.rule));
}

/** `tcp/443`, `udp/53`, `sctp/9000-9100` (protocol case-insensitive) → the ports they name. */
export function parsePortRequest(spec: string): ConnSet | undefined {
  const m = /^(tcp|udp|sctp)\/(\d{1,5})(?:-(\d{1,5}))?$/i.exec(spec.trim());
  if (!m) return undefined;
  const lo = Number(m[2]);
  const hi = m[3] === undefined ? lo : Number(m[3]);
  if (lo < 1 || hi > 65535 || lo > hi) return undefined;
  return ConnSet.of(m[1]!.toUpperCase() as 'TCP' | 'UDP' | 'SCTP', PortSet.of(lo, hi));
}
