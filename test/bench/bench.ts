/**
 * `npm run bench`: load → model → rules on a synthetic cluster at the scale PRODUCT.md §5 names
 * (10,000 workloads, 5,000 services, 5,000 policies), printing the time of each phase. Timing is
 * measured here, never asserted in tests.
 */
import { performance } from 'node:perf_hooks';
import { allRules } from '../../rules/index.js';
import { defaultConfig } from '../../src/config/index.js';
import { runRules } from '../../src/lint/runner.js';
import { loadTexts } from '../../src/loader/index.js';
import { buildModel } from '../../src/model/index.js';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 10_000);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 5_000);
const POLICIES = Number(process.env.BENCH_POLICIES ?? 5_000);
const NAMESPACES = Math.max(1, Math.floor(WORKLOADS / 50));

function deployment(i: number): string {
  const ns = `ns-${i % NAMESPACES}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  replicas: ${1 + (i % 5)}
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
        tier: t${i % 7}
    spec:
      containers:
        - name: main
          image: example/app:${i}
          ports:
            - name: http
              containerPort: 8080
            - name: metrics
              containerPort: 9090
`;
}

function service(i: number): string {
  const ns = `ns-${i % NAMESPACES}`;
  return `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: ${ns}
spec:
  selector:
    app: app-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function policy(i: number): string {
  const ns = `ns-${i % NAMESPACES}`;
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np-${i}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: app-${i}
  ingress:
    - from:
        - podSelector:
            matchLabels:
              tier: t${i % 7}
      ports:
        - port: http
`;
}

function file(count: number, make: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => make(i)).join('---\n');
}

const time = <T>(label: string, fn: () => T): T => {
  const start = performance.now();
  const out = fn();
  console.log(`${label.padEnd(10)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return out;
};

const files = { 'deployments.yaml': file(WORKLOADS, deployment), 'services.yaml': file(SERVICES, service), 'policies.yaml': file(POLICIES, policy) };
const bytes = Object.values(files).reduce((n, t) => n + t.length, 0);
console.log(`${WORKLOADS} workloads, ${SERVICES} services, ${POLICIES} policies in ${NAMESPACES} namespaces (${(bytes / 1e6).toFixed(1)} MB of YAML)`);
const total = performance.now();
const load = time('load', () => loadTexts(files));
const model = time('model', () => buildModel(load));
const findings = time('rules', () => runRules(model, allRules, defaultConfig()));
console.log(`${'total'.padEnd(10)} ${(performance.now() - total).toFixed(0).padStart(7)} ms, ${load.objects.length} objects, ${findings.length} findings`);
