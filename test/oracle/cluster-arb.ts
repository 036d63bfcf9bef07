/**
 * fast-check generators of small random clusters for the NetworkPolicy oracle test, and the YAML the
 * engine reads for them. Vocabularies are tiny (label keys a, b; values x, y; five port numbers; three
 * port names) so that selectors, ports and ipBlocks overlap and policies actually select pods.
 */
import fc from 'fast-check';
import {
  cidrRange,
  formatIpv4,
  NAME_LABEL,
  type ContainerPort,
  type IpBlock,
  type Namespace,
  type OracleCluster,
  type Peer,
  type Policy,
  type PolicyPort,
  type Protocol,
  type Requirement,
  type Rule,
  type Selector,
  type Workload,
} from './oracle.js';

/** Namespaces in order of use: a cluster has the first 2–4; `ic` is the ingress controller's namespace. */
export const NS_POOL = ['ns-a', 'ns-b', 'ic', 'ns-c'] as const;
export const PORT_POOL = [53, 80, 443, 8080, 9090] as const;
export const PORT_NAMES = ['http', 'dns', 'metrics'] as const;
/** Names a policy may use: those containers declare, and one no container has. */
const POLICY_PORT_NAMES = [...PORT_NAMES, 'nope'] as const;
const KINDS = ['Deployment', 'Pod', 'StatefulSet', 'DaemonSet'] as const;

const protocolArb: fc.Arbitrary<Protocol> = fc.constantFrom('TCP', 'UDP', 'SCTP');
const value = fc.constantFrom('x', 'y');

/** Labels over keys a, b (each present or not). */
const labelsArb = fc.record({ a: value, b: value }, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;

/** A requirement on one key whose values come from `values`. */
function requirementArb(key: string, values: readonly string[]): fc.Arbitrary<Requirement> {
  return fc.oneof(
    { withCrossShrink: true },
    fc.record({
      key: fc.constant(key),
      operator: fc.constantFrom('In' as const, 'NotIn' as const),
      values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({ key: fc.constant(key), operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
  );
}

/** A selector over `vocab` (key → values): `{}`, matchLabels, matchExpressions, or both (possibly empty). */
function selectorArb(vocab: Record<string, readonly string[]>): fc.Arbitrary<Selector> {
  const keys = Object.keys(vocab);
  const matchLabels = fc.record(
    Object.fromEntries(keys.map((k) => [k, fc.constantFrom(...vocab[k]!)])),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;
  const expressions = fc.array(fc.oneof(...keys.map((k) => requirementArb(k, vocab[k]!))), { maxLength: 2 });
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 2, arbitrary: fc.constant({}) },
    { weight: 3, arbitrary: matchLabels.map((m) => ({ matchLabels: m })) },
    { weight: 3, arbitrary: expressions.map((e) => ({ matchExpressions: e })) },
    { weight: 2, arbitrary: fc.record({ matchLabels, matchExpressions: expressions }) },
  );
}

const podSelectorArb = selectorArb({ a: ['x', 'y'], b: ['x', 'y'] });
const nsSelectorArb = selectorArb({ a: ['x', 'y'], b: ['x', 'y'], [NAME_LABEL]: NS_POOL });

const BASES = ['10.0.0.0', '10.0.1.7', '10.1.2.3', '10.0.255.255', '192.168.1.200', '0.0.0.0'] as const;
const PREFIXES = [0, 8, 16, 23, 24, 25, 30, 32] as const;

/** A canonical CIDR, and `except` entries strictly inside it (absent, `[]`, or 1–2 of them). */
const ipBlockArb: fc.Arbitrary<IpBlock> = fc
  .record({
    base: fc.constantFrom(...BASES),
    prefix: fc.constantFrom(...PREFIXES),
    except: fc.oneof(
      { withCrossShrink: true },
      fc.constant(undefined),
      fc.array(fc.record({ extra: fc.integer({ min: 1, max: 8 }), offset: fc.nat() }), { maxLength: 2 }),
    ),
  })
  .map(({ base, prefix, except }) => {
    const cidr = `${formatIpv4(cidrRange(`${base}/${prefix}`)[0])}/${prefix}`;
    if (except === undefined) return { cidr };
    const [lo, hi] = cidrRange(cidr);
    const list: string[] = [];
    for (const { extra, offset } of except) {
      const len = Math.min(32, prefix + extra);
      if (len === prefix) continue;
      const addr = lo + (offset % (hi - lo + 1));
      list.push(`${formatIpv4(cidrRange(`${formatIpv4(addr)}/${len}`)[0])}/${len}`);
    }
    return { cidr, except: list };
  });

const peerArb: fc.Arbitrary<Peer> = fc.oneof(
  { withCrossShrink: true },
  podSelectorArb.map((podSelector) => ({ podSelector })),
  nsSelectorArb.map((namespaceSelector) => ({ namespaceSelector })),
  fc.record({ namespaceSelector: nsSelectorArb, podSelector: podSelectorArb }),
  ipBlockArb.map((ipBlock) => ({ ipBlock })),
);

const portNumber = fc.constantFrom(...PORT_POOL);
const optionalProtocol = fc.option(protocolArb, { nil: undefined, freq: 3 });

const policyPortArb: fc.Arbitrary<PolicyPort> = fc.oneof(
  { withCrossShrink: true },
  fc.constant({}), // protocol TCP by default, every port
  protocolArb.map((protocol) => ({ protocol })), // protocol only
  fc.record({ protocol: optionalProtocol, port: portNumber }),
  fc.record({ protocol: optionalProtocol, port: portNumber, delta: fc.constantFrom(0, 1, 20, 1000) }).map(({ delta, ...p }) => ({ ...p, endPort: p.port + delta })),
  fc.record({ protocol: optionalProtocol, port: fc.constantFrom(...POLICY_PORT_NAMES) }),
);

/** A list that is missing, empty, or 1..max long. */
function listArb<T>(item: fc.Arbitrary<T>, max: number): fc.Arbitrary<T[] | undefined> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant([] as T[]) },
    { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength: max }) },
  );
}

const ruleArb: fc.Arbitrary<Rule> = fc.record({ peers: listArb(peerArb, 3), ports: listArb(policyPortArb, 3) });

const containerPortArb: fc.Arbitrary<ContainerPort> = fc.record(
  { name: fc.constantFrom(...PORT_NAMES), containerPort: portNumber, protocol: protocolArb },
  { requiredKeys: ['containerPort'] },
);

export interface ClusterShape {
  nsCount: number;
  namespaces: { labels: Record<string, string>; declared: boolean }[];
  workloads: { kind: (typeof KINDS)[number]; ns: number; labels: Record<string, string>; hostNetwork: boolean; containers: ContainerPort[][] }[];
  policies: { ns: number; podSelector: Selector | undefined; policyTypes: Policy['policyTypes']; ingress: Rule[] | undefined; egress: Rule[] | undefined }[];
}

export const policyTypesArb = fc.constantFrom<Policy['policyTypes']>(undefined, undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress']);

export function shapeArb(options: { policyTypes?: fc.Arbitrary<Policy['policyTypes']> } = {}): fc.Arbitrary<ClusterShape> {
  return fc.record({
    nsCount: fc.integer({ min: 2, max: 4 }),
    namespaces: fc.array(fc.record({ labels: labelsArb, declared: fc.constantFrom(true, true, true, false) }), { minLength: 4, maxLength: 4 }),
    workloads: fc.array(
      fc.record({
        kind: fc.constantFrom(...KINDS),
        ns: fc.nat(3),
        labels: labelsArb,
        hostNetwork: fc.constantFrom(false, false, false, true),
        containers: fc.array(fc.array(containerPortArb, { maxLength: 3 }), { minLength: 1, maxLength: 2 }),
      }),
      { minLength: 2, maxLength: 6 },
    ),
    policies: fc.array(
      fc.record({
        ns: fc.nat(3),
        podSelector: fc.option(podSelectorArb, { nil: undefined, freq: 6 }),
        policyTypes: options.policyTypes ?? policyTypesArb,
        ingress: listArb(ruleArb, 3),
        egress: listArb(ruleArb, 3),
      }),
      { maxLength: 6 },
    ),
  });
}

/** The cluster a shape describes (names assigned, indices resolved, duplicate port names dropped). */
export function clusterOf(shape: ClusterShape): OracleCluster {
  const names = NS_POOL.slice(0, shape.nsCount);
  const nsName = (i: number) => names[i % names.length]!;
  const namespaces: Namespace[] = names.map((name, i) => ({ name, labels: shape.namespaces[i]!.labels, declared: shape.namespaces[i]!.declared }));
  const workloads: Workload[] = shape.workloads.map((w, i) => {
    const seen = new Set<string>();
    const containers = w.containers.map((ports) =>
      ports.map((p) => {
        if (p.name === undefined || !seen.has(p.name)) {
          if (p.name !== undefined) seen.add(p.name);
          return p;
        }
        const { name: _dropped, ...rest } = p; // container port names are unique in a pod
        return rest;
      }),
    );
    return { kind: w.kind, name: `w${i}`, namespace: nsName(w.ns), labels: { app: `w${i}`, ...w.labels }, hostNetwork: w.hostNetwork, containers };
  });
  const perNamespace = new Map<string, number>();
  const policies: Policy[] = shape.policies.map((p) => {
    // Numbered per namespace: policies in different namespaces share names, as they do in real clusters.
    const namespace = nsName(p.ns);
    const k = perNamespace.get(namespace) ?? 0;
    perNamespace.set(namespace, k + 1);
    const out: Policy = { name: `np${k}`, namespace };
    if (p.podSelector !== undefined) out.podSelector = p.podSelector;
    if (p.policyTypes !== undefined) out.policyTypes = p.policyTypes;
    if (p.ingress !== undefined) out.ingress = p.ingress;
    if (p.egress !== undefined) out.egress = p.egress;
    return out;
  });
  return { namespaces, workloads, policies };
}

// ---------------------------------------------------------------------------------------------------
// YAML

function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T; // drops undefined-valued keys
}

function ruleYaml(rule: Rule, peerKey: 'from' | 'to'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (rule.peers !== undefined) out[peerKey] = rule.peers;
  if (rule.ports !== undefined) out.ports = rule.ports;
  return out;
}

export function manifestsOf(c: OracleCluster): Record<string, unknown>[] {
  const docs: Record<string, unknown>[] = [];
  for (const ns of c.namespaces) {
    if (!ns.declared) continue;
    const metadata: Record<string, unknown> = { name: ns.name };
    if (Object.keys(ns.labels).length > 0) metadata.labels = ns.labels;
    docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata });
  }
  for (const w of c.workloads) {
    const spec: Record<string, unknown> = {};
    if (w.hostNetwork) spec.hostNetwork = true;
    spec.containers = w.containers.map((ports, j) => (ports.length > 0 ? { name: `c${j}`, image: 'img', ports } : { name: `c${j}`, image: 'img' }));
    const metadata = { name: w.name, namespace: w.namespace };
    if (w.kind === 'Pod') docs.push({ apiVersion: 'v1', kind: 'Pod', metadata: { ...metadata, labels: w.labels }, spec });
    else
      docs.push({
        apiVersion: 'apps/v1',
        kind: w.kind,
        metadata,
        spec: { selector: { matchLabels: { app: w.name } }, template: { metadata: { labels: w.labels }, spec } },
      });
  }
  for (const p of c.policies) {
    const spec: Record<string, unknown> = {};
    if (p.podSelector !== undefined) spec.podSelector = p.podSelector;
    if (p.policyTypes !== undefined) spec.policyTypes = p.policyTypes;
    if (p.ingress !== undefined) spec.ingress = p.ingress.map((r) => ruleYaml(r, 'from'));
    if (p.egress !== undefined) spec.egress = p.egress.map((r) => ruleYaml(r, 'to'));
    docs.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace: p.namespace }, spec });
  }
  return docs.map(clean);
}

/**
 * Block-style YAML, written by hand (the `yaml` package's stringify costs as much as the whole engine run).
 * Strings are plain when YAML 1.1 (what the loader, like kubectl, speaks) reads them back as the same
 * string — `y`, `n`, `on`, `yes`… are booleans there — and double-quoted otherwise.
 */
export function yamlOf(c: OracleCluster): string {
  return manifestsOf(c)
    .map((d) => writeYaml(d, '').join('\n') + '\n')
    .join('---\n');
}

const PLAIN = /^[A-Za-z][A-Za-z0-9./-]*$/;
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;

function scalar(v: unknown): string {
  if (typeof v === 'string') return PLAIN.test(v) && !YAML11_WORDS.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

const isEmptyCollection = (v: unknown) => (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Lines of `v` as a block mapping or sequence at `indent` (scalars and empty collections inline). */
function writeYaml(v: unknown, indent: string): string[] {
  const inline = (x: unknown) => (Array.isArray(x) && x.length === 0 ? '[]' : isEmptyCollection(x) ? '{}' : scalar(x));
  const nested = (x: unknown) => typeof x === 'object' && x !== null && !isEmptyCollection(x);
  const lines: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (!nested(item)) lines.push(`${indent}- ${inline(item)}`);
      else {
        const inner = writeYaml(item, `${indent}  `);
        lines.push(`${indent}- ${inner[0]!.slice(indent.length + 2)}`, ...inner.slice(1));
      }
    }
  } else {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (!nested(x)) lines.push(`${indent}${scalar(k)}: ${inline(x)}`);
      else if (Array.isArray(x)) lines.push(`${indent}${scalar(k)}:`, ...writeYaml(x, `${indent}  `));
      else lines.push(`${indent}${scalar(k)}:`, ...writeYaml(x, `${indent}  `));
    }
  }
  return lines;
}
