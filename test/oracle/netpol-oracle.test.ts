/**
 * Oracle test of the NetworkPolicy engine (issue 3): fast-check generates small random clusters
 * (./cluster-arb.ts), the engine analyses their YAML through the real pipeline, and a brute-force
 * evaluator written independently of the engine (./oracle.ts, which imports nothing) decides every
 * concrete (source, destination, protocol, port) question. They must agree on every pod pair, every
 * sampled address in both directions, the ingress controller's pseudo-pod and the `connections()`
 * listing, with hostNetwork pods unenforced and enforced (./compare.ts).
 *
 * On failure fast-check prints the shrunk cluster as the YAML the engine read, and the disagreements.
 * ORACLE_RUNS=<n> overrides the number of clusters of the main property.
 */
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { clusterOf, manifestsOf, policyTypesArb, shapeArb, yamlOf } from './cluster-arb.js';
import { clusterArb, disagreements, modelOf, type CompareOptions } from './compare.js';
import { ALL_PROTOCOLS, Oracle, type OracleCluster } from './oracle.js';

/** Clusters generated; each is checked in both hostNetwork modes on every pair, sampled port and sampled address. */
const RUNS = Number(process.env.ORACLE_RUNS ?? 1000);

function agrees(options: CompareOptions = {}) {
  return (c: OracleCluster): void => {
    const diffs = disagreements(c, options);
    if (diffs.length > 0) throw new Error(`engine and oracle disagree:\n  ${diffs.join('\n  ')}`);
  };
}

describe('NetworkPolicy engine vs brute-force oracle', () => {
  // Without policyTypes the API server adds Egress only when `len(spec.egress) != 0`
  // (SetDefaults_NetworkPolicy), so the oracle runs with that default ('nonEmpty').
  it(`agrees on random clusters in both hostNetwork modes (${RUNS} clusters)`, () => {
    fc.assert(fc.property(clusterArb(), agrees({ egressDefault: 'nonEmpty' })), { numRuns: RUNS });
  });

  // The API server defaults an empty `policyTypes: []` exactly like a missing one
  // (kubernetes pkg/apis/networking/v1/defaults.go, SetDefaults_NetworkPolicy: `if len(PolicyTypes) == 0`),
  // so such a policy isolates the pods it selects for Ingress (and Egress when it has egress rules).
  it('`policyTypes: []` is defaulted like a missing policyTypes (upstream SetDefaults_NetworkPolicy)', () => {
    const withEmptyTypes = shapeArb({ policyTypes: fc.oneof(policyTypesArb, fc.constant([] as ('Ingress' | 'Egress')[])) });
    fc.assert(fc.property(clusterArb(withEmptyTypes), agrees({ egressDefault: 'nonEmpty' })), { numRuns: 200 });
  });

});

describe('the oracle test is sound', () => {
  it('the YAML the engine reads is exactly the generated cluster', () => {
    for (const c of fc.sample(shapeArb(), { numRuns: 100, seed: 1 }).map(clusterOf)) {
      const manifests = manifestsOf(c);
      // YAML 1.1 (what the loader and kubectl read: `y` is a boolean there) gives back the same documents…
      expect(yamlOf(c).split('---\n').map((d) => parse(d, { version: '1.1' }))).toEqual(manifests);
      // …and the model holds every workload, namespace and policy, nothing else.
      const model = modelOf(c);
      expect(model.workloads.map((w) => `${w.namespace}/${w.name}`).sort()).toEqual(c.workloads.map((w) => `${w.namespace}/${w.name}`).sort());
      expect(model.networkPolicies.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual(c.policies.map((p) => `${p.namespace}/${p.name}`).sort());
      for (const ns of c.namespaces) if (ns.declared) expect(model.namespaces.get(ns.name)?.labels).toEqual({ ...ns.labels, 'kubernetes.io/metadata.name': ns.name });
    }
  });

  it('the generator exercises every feature, and policies isolate pods', () => {
    const clusters = fc.sample(shapeArb(), { numRuns: 400, seed: 2 }).map(clusterOf);
    const share = new Map<string, number>();
    for (const c of clusters) for (const f of featuresOf(c)) share.set(f, (share.get(f) ?? 0) + 1 / clusters.length);
    const low = FEATURES.filter((f) => (share.get(f) ?? 0) < 0.15).map((f) => `${f}: ${((share.get(f) ?? 0) * 100).toFixed(0)}%`);
    expect(low).toEqual([]);
    expect(share.get('a pod is ingress-isolated')).toBeGreaterThan(0.4);
    expect(share.get('a pod is egress-isolated')).toBeGreaterThan(0.4);
    expect(share.get('pod pairs both allowed and denied')).toBeGreaterThan(0.4);
  });
});

/** Every feature of issue 3 the generator must produce, each in at least 15% of clusters. */
const FEATURES = [
  'policyTypes absent',
  'policyTypes Ingress only',
  'policyTypes Egress only',
  'policyTypes both',
  'podSelector absent',
  'podSelector {}',
  'ingress missing',
  'ingress []',
  'egress missing',
  'egress []',
  'rule without from/to',
  'rule with from/to []',
  'several peers',
  'peer podSelector alone',
  'peer namespaceSelector alone',
  'peer podSelector and namespaceSelector',
  'peer ipBlock',
  'ipBlock except',
  'selector {}',
  'matchLabels',
  'In',
  'NotIn',
  'Exists',
  'DoesNotExist',
  'namespace name selector',
  'ports missing',
  'ports []',
  'port {}',
  'protocol-only port',
  'numeric port',
  'endPort range',
  'named port resolving',
  'named port on another protocol only',
  'named port resolving nowhere',
  'SCTP port',
  'UDP port',
  'hostNetwork pod',
  'undeclared namespace',
  'ic namespace',
  'a pod is ingress-isolated',
  'a pod is egress-isolated',
  'pod pairs both allowed and denied',
] as const;

function featuresOf(c: OracleCluster): Set<string> {
  const out = new Set<string>();
  const selector = (s: { matchLabels?: object; matchExpressions?: { operator: string }[] } | undefined) => {
    if (!s) return;
    if (Object.keys(s.matchLabels ?? {}).length === 0 && (s.matchExpressions ?? []).length === 0) out.add('selector {}');
    if (Object.keys(s.matchLabels ?? {}).length > 0) out.add('matchLabels');
    for (const e of s.matchExpressions ?? []) out.add(e.operator);
  };
  const containerPorts = c.workloads.flatMap((w) => w.containers.flat());
  for (const p of c.policies) {
    const types = p.policyTypes;
    out.add(types === undefined ? 'policyTypes absent' : types.length === 2 ? 'policyTypes both' : types[0] === 'Ingress' ? 'policyTypes Ingress only' : 'policyTypes Egress only');
    if (p.podSelector === undefined) out.add('podSelector absent');
    else if (Object.keys(p.podSelector).length === 0) out.add('podSelector {}');
    selector(p.podSelector);
    for (const dir of ['ingress', 'egress'] as const) {
      const rules = p[dir];
      if (rules === undefined) out.add(`${dir} missing`);
      else if (rules.length === 0) out.add(`${dir} []`);
      for (const r of rules ?? []) {
        if (r.peers === undefined) out.add('rule without from/to');
        else if (r.peers.length === 0) out.add('rule with from/to []');
        else if (r.peers.length > 1) out.add('several peers');
        if (r.ports === undefined) out.add('ports missing');
        else if (r.ports.length === 0) out.add('ports []');
        for (const peer of r.peers ?? []) {
          if (peer.ipBlock) out.add('peer ipBlock');
          else if (peer.podSelector && peer.namespaceSelector) out.add('peer podSelector and namespaceSelector');
          else out.add(peer.podSelector ? 'peer podSelector alone' : 'peer namespaceSelector alone');
          if ((peer.ipBlock?.except ?? []).length > 0) out.add('ipBlock except');
          if (Object.keys(peer.namespaceSelector?.matchLabels ?? {}).includes('kubernetes.io/metadata.name') || (peer.namespaceSelector?.matchExpressions ?? []).some((e) => e.key === 'kubernetes.io/metadata.name'))
            out.add('namespace name selector');
          selector(peer.podSelector);
          selector(peer.namespaceSelector);
        }
        for (const pp of r.ports ?? []) {
          const protocol = pp.protocol ?? 'TCP';
          if (protocol !== 'TCP') out.add(`${protocol} port`);
          if (pp.port === undefined) out.add(pp.protocol === undefined ? 'port {}' : 'protocol-only port');
          else if (typeof pp.port === 'number') out.add(pp.endPort === undefined ? 'numeric port' : 'endPort range');
          else {
            const named = containerPorts.filter((cp) => cp.name === pp.port);
            if (named.some((cp) => (cp.protocol ?? 'TCP') === protocol)) out.add('named port resolving');
            else if (named.length > 0) out.add('named port on another protocol only');
            else out.add('named port resolving nowhere');
          }
        }
      }
    }
  }
  if (c.workloads.some((w) => w.hostNetwork)) out.add('hostNetwork pod');
  if (c.namespaces.some((n) => !n.declared)) out.add('undeclared namespace');
  if (c.workloads.some((w) => w.namespace === 'ic')) out.add('ic namespace');
  const oracle = new Oracle(c, 'unenforced');
  const pods = c.workloads.map(Oracle.podOf);
  if (pods.some((p) => oracle.isolating(p, 'ingress').length > 0)) out.add('a pod is ingress-isolated');
  if (pods.some((p) => oracle.isolating(p, 'egress').length > 0)) out.add('a pod is egress-isolated');
  const verdicts = new Set(pods.flatMap((a) => pods.flatMap((b) => ALL_PROTOCOLS.flatMap((pr) => [53, 80, 443, 8080].map((port) => oracle.podToPod(a, b, pr, port))))));
  if (verdicts.size === 2) out.add('pod pairs both allowed and denied');
  return out;
}
