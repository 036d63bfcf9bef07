/**
 * `npm run bench`: synthetic clusters at growing sizes (up to 10,000 workloads and 5,000 policies),
 * timed phase by phase — load, model, rules (`netreach check`), declared calls (`netreach deps`), connections — next to the time `yaml`
 * alone takes to parse the same text (the floor). Each size runs in its own process, so the peak
 * memory (max RSS) is that size's. Timing is measured here, never asserted in tests.
 *
 *   npm run bench                      # sizes 1000 2500 5000 10000
 *   node dist/test/bench/bench.js 2000 # chosen sizes
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
// The bench measures the parse floor with the YAML library itself; product code reads YAML only
// through src/loader/yaml-adapter.ts.
import { parseAllDocuments } from 'yaml';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { dependencyChecks } from '../../src/deps/check.js';
import { Reachability } from '../../src/engine/reachability.js';
import { runRules } from '../../src/lint/runner.js';
import { loadTexts } from '../../src/loader/index.js';
import { buildModel } from '../../src/model/index.js';

const TIERS = ['web', 'api', 'worker', 'db', 'cache', 'batch', 'edge'];

/** A namespace-scoped app: labels a policy can tell apart, named ports, a Service, often a policy. */
function generate(workloads: number): Record<string, string> {
  const namespaces = Math.max(2, Math.floor(workloads / 50));
  const policies = Math.floor(workloads / 2); // plus one default-deny per namespace
  const docs: Record<string, string[]> = { 'namespaces.yaml': [], 'workloads.yaml': [], 'services.yaml': [], 'policies.yaml': [], 'ingresses.yaml': [] };
  for (let n = 0; n < namespaces; n++) {
    docs['namespaces.yaml']!.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${n}\n  labels: {team: team-${n % 10}, env: ${n % 3 === 0 ? 'prod' : 'dev'}}\n`);
    // Default deny in every namespace, as security-minded teams run it: connections are what rules open.
    docs['policies.yaml']!.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ns-${n}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`);
  }
  // Each workload declares what it calls, as teams write it: a Service elsewhere, a cluster URL, an external API.
  const serviceRef = (j: number) => {
    const even = j - (j % 2); // Services exist for even indices
    return { name: `svc-${even}`, ns: `ns-${even % namespaces}` };
  };
  for (let i = 0; i < workloads; i++) {
    const ns = `ns-${i % namespaces}`;
    const tier = TIERS[i % TIERS.length]!;
    const a = serviceRef((i * 7919 + 1) % workloads);
    const b = serviceRef((i * 104729 + 3) % workloads);
    docs['workloads.yaml']!.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, namespace: ${ns}}
spec:
  replicas: ${1 + (i % 5)}
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}, tier: ${tier}, version: v${i % 3}}}
    spec:
      containers:
        - name: main
          image: example/app:${i}
          ports:
            - {name: http, containerPort: ${8000 + (i % 100)}}
            - {name: metrics, containerPort: 9090}
            - {name: dns, containerPort: 5353, protocol: UDP}
          env:
            - {name: UPSTREAM_ADDR, value: "${a.name}.${a.ns}:80"}
            - {name: REPORTS_URL, value: "http://${b.name}.${b.ns}.svc.cluster.local/reports"}
            - {name: PAYMENTS_API, value: "https://api.payments-${i % 10}.example.com/v2"}
`);
    if (i % 2 === 0) {
      docs['services.yaml']!.push(`apiVersion: v1
kind: Service
metadata: {name: svc-${i}, namespace: ${ns}}
spec:
  selector: {app: app-${i}}
  ports:
    - {name: http, port: 80, targetPort: http}
`);
    }
    if (i % 20 === 0) {
      docs['ingresses.yaml']!.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing-${i}, namespace: ${ns}}
spec:
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: svc-${i}, port: {number: 80}}}}
`);
    }
  }
  for (let p = 0; p < policies; p++) {
    const i = p * 2;
    const ns = `ns-${i % namespaces}`;
    const octet = p % 250;
    docs['policies.yaml']!.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np-${p}, namespace: ${ns}}
spec:
  podSelector:
    matchExpressions:
      - {key: app, operator: In, values: [app-${i}, app-${i + 1}]}
  policyTypes: [Ingress${p % 4 === 0 ? ', Egress' : ''}]
  ingress:
    - from:
        - podSelector: {matchLabels: {tier: ${TIERS[p % TIERS.length]}}}
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ns-${(i + 1) % namespaces}}}
          podSelector: {matchExpressions: [{key: version, operator: NotIn, values: [v0]}, {key: tier, operator: In, values: [${TIERS[(p + 1) % TIERS.length]}]}]}
        - ipBlock: {cidr: 10.${octet}.0.0/16, except: [10.${octet}.1.0/24]}
      ports:
        - {port: http}
        - {port: 8000, endPort: 8099}
  ${
    p % 4 === 0
      ? `egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
    - to:
        - podSelector: {matchLabels: {tier: db}}
      ports: [{port: http}]`
      : ''
  }
`);
  }
  return Object.fromEntries(Object.entries(docs).map(([f, list]) => [f, list.join('---\n')]));
}

function measure(workloads: number): void {
  const files = generate(workloads);
  const bytes = Object.values(files).reduce((n, t) => n + t.length, 0);
  const timings: [string, number][] = [];
  const time = <T>(label: string, fn: () => T): T => {
    const start = performance.now();
    const out = fn();
    timings.push([label, performance.now() - start]);
    return out;
  };
  time('yaml floor', () => Object.values(files).forEach((t) => parseAllDocuments(t)));
  const load = time('load', () => loadTexts(files));
  const model = time('model', () => buildModel(load));
  const findings = time('rules', () => runRules(model, allRules, defaultConfig()));
  // As `netreach deps` runs after the model: a policy engine of its own, the inference and the checks.
  const dependencies = time('deps', () => dependencyChecks(model, defaultConfig()));
  const connections = time('connections', () => new Reachability(model, { ingressController: { namespace: 'netreach-ingress-controller', labels: {} } }).connections());
  const ms = (label: string) => timings.find(([l]) => l === label)![1];
  const floor = ms('yaml floor');
  // `netreach check` analysis = model + rules (the engine is built inside the rules phase, once).
  const check = ms('model') + ms('rules');
  const line = timings.map(([l, t]) => `${l} ${t.toFixed(0)} ms`).join(', ');
  console.log(
    `${String(workloads).padStart(6)} workloads, ${String(Math.floor(workloads / 2)).padStart(5)} policies, ${(bytes / 1e6).toFixed(1)} MB: ${line}; ` +
      `check analysis/parse ${(check / floor).toFixed(2)}, connections/parse ${(ms('connections') / floor).toFixed(2)}; ` +
      `${findings.length} findings, ${dependencies.length} declared calls, ${connections.length} connections; ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 1) {
  measure(sizes[0]!);
} else {
  // One process per size: peak memory is per size, and no size warms the next one's caches.
  for (const n of sizes.length > 0 ? sizes : [1000, 2500, 5000, 10_000]) {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), String(n)], { stdio: 'inherit' });
  }
}
