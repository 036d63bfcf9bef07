/**
 * The harness of the oracle test (netpol-oracle.test.ts): runs a generated cluster through the real
 * pipeline (its YAML → loadTexts → buildModel → Reachability) and compares every answer of the engine
 * with the brute-force oracle (./oracle.ts) on a sampled universe of ports and IPv4 addresses.
 *
 * The port universe holds every boundary of every interval an answer can be made of (rule ports and
 * endPorts, container ports, 1 and 65535) and their neighbours, so "nothing sampled is allowed" means
 * "nothing is allowed"; the address universe holds every ipBlock / except boundary ± 1.
 */
import fc from 'fast-check';
import { loadTexts } from '../../src/loader/index.js';
import { buildModel } from '../../src/model/index.js';
import { Reachability } from '../../src/engine/reachability.js';
import type { ConnSet } from '../../src/engine/conn-set.js';
import type { IpSet } from '../../src/engine/ip.js';
import type { Model } from '../../src/model/types.js';
import { clusterOf, shapeArb, yamlOf, type ClusterShape } from './cluster-arb.js';
import { ALL_PROTOCOLS, cidrRange, formatIpv4, Oracle, parseIpv4, type EgressDefault, type HostNetworkMode, type OracleCluster, type Pod, type Protocol } from './oracle.js';

const MAX_IP = 2 ** 32 - 1;
const IC_NAMESPACE = 'ic';

// ---------------------------------------------------------------------------------------------------
// Sampled universes

function portUniverse(c: OracleCluster): number[] {
  const out = new Set<number>([1, 2, 1000, 30000, 65534, 65535]);
  const near = (p: number) => {
    for (const q of [p - 1, p, p + 1]) if (q >= 1 && q <= 65535) out.add(q);
  };
  for (const w of c.workloads) for (const ports of w.containers) for (const p of ports) near(p.containerPort);
  for (const p of c.policies)
    for (const r of [...(p.ingress ?? []), ...(p.egress ?? [])])
      for (const pp of r.ports ?? []) {
        if (typeof pp.port === 'number') near(pp.port);
        if (pp.endPort !== undefined) near(pp.endPort);
      }
  return [...out].sort((a, b) => a - b);
}

function ipUniverse(c: OracleCluster): number[] {
  const out = new Set<number>([0, MAX_IP, parseIpv4('8.8.8.8'), parseIpv4('10.0.0.1'), parseIpv4('172.16.0.1'), parseIpv4('192.168.1.1')]);
  const around = (cidr: string) => {
    const [lo, hi] = cidrRange(cidr);
    for (const v of [lo - 1, lo, hi, hi + 1]) if (v >= 0 && v <= MAX_IP) out.add(v);
  };
  for (const p of c.policies)
    for (const r of [...(p.ingress ?? []), ...(p.egress ?? [])])
      for (const peer of r.peers ?? [])
        if (peer.ipBlock) {
          around(peer.ipBlock.cidr);
          for (const e of peer.ipBlock.except ?? []) around(e);
        }
  return [...out].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------
// Engine vs oracle

/** loadTexts → buildModel, the way the CLI does it (no implicit CoreDNS: the oracle's cluster is all there is). */
export function modelOf(c: OracleCluster): Model {
  const load = loadTexts({ 'cluster.yaml': yamlOf(c) });
  if (load.issues.length > 0 || load.failures.length > 0)
    throw new Error(`the generator wrote input the loader rejects: ${JSON.stringify([...load.issues.map((i) => i.message), ...load.failures])}`);
  const model = buildModel(load, { implicitCoreDns: false });
  if (model.workloads.length !== c.workloads.length) throw new Error(`model has ${model.workloads.length} workloads, cluster ${c.workloads.length}`);
  return model;
}

const ipHas = (set: IpSet, ip: number) => set.has({ family: 4, value: BigInt(ip) });
const verdict = (b: boolean) => (b ? 'allows' : 'denies');

/**
 * The oracle's answers to one question ("may X send to Y?") over the sampled universe: one flag per
 * (protocol, port), protocol-major in ALL_PROTOCOLS order.
 */
type Answers = Uint8Array;

/** Every disagreement between the engine (in `mode`) and the oracle on one cluster (capped), or [] when they agree. */
function disagreementsIn(c: OracleCluster, model: Model, mode: HostNetworkMode, limit: number, egressDefault: EgressDefault): string[] {
  const reach = new Reachability(model, { ingressController: { namespace: IC_NAMESPACE, labels: {} }, hostNetwork: mode });
  const engine = reach.engine;
  const workloads = c.workloads.map((w) => {
    const m = model.workloads.find((x) => x.namespace === w.namespace && x.name === w.name && x.kind === w.kind);
    if (!m) throw new Error(`workload ${w.namespace}/${w.name} missing from the model`);
    return m;
  });
  const classes = workloads.map((m) => {
    const cls = engine.classOf(m.id);
    if (!cls) throw new Error(`no class for ${m.id}`);
    return cls;
  });
  const oracle = new Oracle(c, mode, egressDefault);
  const pods: Pod[] = c.workloads.map(Oracle.podOf);
  const names = c.workloads.map((w) => `${w.namespace}/${w.name}`);
  const ports = portUniverse(c);
  const ips = ipUniverse(c);
  const n = pods.length;

  const answers = (allows: (protocol: Protocol, port: number) => boolean): Answers => {
    const out = new Uint8Array(ALL_PROTOCOLS.length * ports.length);
    ALL_PROTOCOLS.forEach((protocol, pi) => ports.forEach((port, k) => (out[pi * ports.length + k] = allows(protocol, port) ? 1 : 0)));
    return out;
  };
  const anyAllowed = (a: Answers) => a.includes(1);
  // The oracle's answers, each computed once.
  const pairs = pods.map((src) => pods.map((dst) => answers((pr, p) => oracle.podToPod(src, dst, pr, p))));
  const fromIp = pods.map((dst) => ips.map((ip) => answers((pr, p) => oracle.ingressAllows(dst, { kind: 'ip', ip }, pr, p))));
  const toIp = pods.map((src) => ips.map((ip) => answers((pr, p) => oracle.egressAllows(src, { kind: 'ip', ip }, pr, p))));
  const controller: Pod = { namespace: IC_NAMESPACE, labels: {}, hostNetwork: false, containers: [] };
  const fromController = pods.map((dst) => answers((pr, p) => oracle.ingressAllows(dst, { kind: 'pod', pod: controller }, pr, p)));

  const out: string[] = [];
  const full = () => out.length >= limit;
  /** `what` is a thunk: the label is only built for a disagreement. */
  const compare = (what: () => string, conn: ConnSet, expected: Answers) => {
    for (let pi = 0; pi < ALL_PROTOCOLS.length; pi++) {
      const protocol = ALL_PROTOCOLS[pi]!;
      const set = conn.ports(protocol);
      for (let k = 0; k < ports.length; k++) {
        const port = ports[k]!;
        const e = set.contains(port);
        const o = expected[pi * ports.length + k] === 1;
        if (e !== o) {
          out.push(`[${mode}] ${what()} ${protocol}/${port}: engine ${verdict(e)} (${conn.toString()}), oracle ${verdict(o)}`);
          return; // one line per question
        }
      }
    }
  };

  // 1. Pod to pod, through PolicyEngine.connection (also a pod to another replica of its own workload).
  for (let i = 0; i < n && !full(); i++)
    for (let j = 0; j < n && !full(); j++) compare(() => `${names[i]} -> ${names[j]}`, engine.connection(classes[i]!, classes[j]!), pairs[i]![j]!);

  // 2. Addresses, both directions: the engine answers per atom (the one holding the address), the oracle per address.
  const atomOf = (atoms: readonly IpSet[], ip: number, dir: string) => {
    const found = atoms.filter((a) => ipHas(a, ip));
    if (found.length !== 1) throw new Error(`${found.length} ${dir} atoms hold ${formatIpv4(ip)}`);
    return found[0]!;
  };
  for (let i = 0; i < n && !full(); i++)
    ips.forEach((ip, k) => {
      if (full()) return;
      compare(() => `${formatIpv4(ip)} -> ${names[i]}`, engine.ingressFromAddresses(classes[i]!, atomOf(reach.atoms.ingress, ip, 'ingress')).allowed, fromIp[i]![k]!);
      compare(() => `${names[i]} -> ${formatIpv4(ip)}`, engine.egressToAddresses(classes[i]!, atomOf(reach.atoms.egress, ip, 'egress')).allowed, toIp[i]![k]!);
    });

  // 3. The ingress controller's pseudo-pod (namespace ic, no labels) as a source: the destination's ingress side.
  for (let i = 0; i < n && !full(); i++)
    compare(() => `{ingress-controller} -> ${names[i]}`, engine.ingress(classes[i]!, engine.ingressController).allowed, fromController[i]!);

  // 4. The connections() listing: workload pairs and external ranges.
  const listedPairs = new Map<string, ConnSet>();
  const external = new Map<string, { atoms: readonly IpSet[]; allowed: ConnSet }[]>();
  for (const conn of reach.connections()) {
    const { src, dst } = conn;
    if (conn.allowed.isEmpty()) out.push(`[${mode}] connections() lists an empty connection`);
    if (src.type === 'workload' && dst.type === 'workload') {
      if (src.workload === dst.workload) out.push(`[${mode}] connections() pairs ${src.workload.id} with itself`);
      const key = `${src.workload.id} -> ${dst.workload.id}`;
      if (listedPairs.has(key)) out.push(`[${mode}] connections() lists ${key} twice`);
      listedPairs.set(key, conn.allowed);
    } else if (src.type === 'external' && dst.type === 'workload') {
      const key = `ext -> ${dst.workload.id}`;
      external.set(key, [...(external.get(key) ?? []), { atoms: src.atoms, allowed: conn.allowed }]);
    } else if (src.type === 'workload' && dst.type === 'external') {
      const key = `${src.workload.id} -> ext`;
      external.set(key, [...(external.get(key) ?? []), { atoms: dst.atoms, allowed: conn.allowed }]);
    } else out.push(`[${mode}] connections() lists ${src.type} -> ${dst.type} (there is no Ingress or route in the input)`);
  }
  for (let i = 0; i < n && !full(); i++)
    for (let j = 0; j < n && !full(); j++) {
      if (i === j) continue;
      const entry = listedPairs.get(`${workloads[i]!.id} -> ${workloads[j]!.id}`);
      if (entry) compare(() => `connections() ${names[i]} -> ${names[j]}`, entry, pairs[i]![j]!);
      else if (anyAllowed(pairs[i]![j]!)) out.push(`[${mode}] connections() omits ${names[i]} -> ${names[j]}, which the oracle allows`);
    }
  for (let i = 0; i < n && !full(); i++) {
    const sides = [
      { groups: external.get(`ext -> ${workloads[i]!.id}`) ?? [], answers: fromIp[i]!, what: (ip: string) => `connections() ${ip} -> ${names[i]}` },
      { groups: external.get(`${workloads[i]!.id} -> ext`) ?? [], answers: toIp[i]!, what: (ip: string) => `connections() ${names[i]} -> ${ip}` },
    ];
    for (const { groups, answers: expected, what } of sides)
      ips.forEach((ip, k) => {
        if (full()) return;
        const holding = groups.filter((g) => g.atoms.some((a) => ipHas(a, ip)));
        if (holding.length > 1) out.push(`[${mode}] ${what(formatIpv4(ip))}: ${holding.length} entries hold the address`);
        else if (holding.length === 1) compare(() => what(formatIpv4(ip)), holding[0]!.allowed, expected[k]!);
        else if (anyAllowed(expected[k]!)) out.push(`[${mode}] ${what(formatIpv4(ip))}: not listed, but the oracle allows it`);
      });
  }
  return out;
}

export interface CompareOptions {
  modes?: readonly HostNetworkMode[];
  /** See EgressDefault: 'present' is PRODUCT.md §3, the spec the engine follows. */
  egressDefault?: EgressDefault;
  /** Stop after this many disagreements. */
  limit?: number;
}

/** Disagreements in each hostNetwork mode (the cluster is loaded once); [] when engine and oracle agree. */
export function disagreements(c: OracleCluster, options: CompareOptions = {}): string[] {
  const { modes = ['unenforced', 'enforced'], egressDefault = 'nonEmpty', limit = 8 } = options;
  const model = modelOf(c);
  const out: string[] = [];
  for (const mode of modes) if (out.length < limit) out.push(...disagreementsIn(c, model, mode, limit - out.length, egressDefault));
  return out;
}

/** Counterexamples print as the YAML the engine read. */
function withYaml(c: OracleCluster): OracleCluster {
  return Object.assign(c, { [fc.toStringMethod]: () => `\n---\n${yamlOf(c)}` });
}

export const clusterArb = (shape: fc.Arbitrary<ClusterShape> = shapeArb()) => shape.map((s) => withYaml(clusterOf(s)));

