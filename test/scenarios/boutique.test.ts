/**
 * Issue 9's "done when" on the bundled shop: `fixtures/boutique`, an Online-Boutique-like application whose services
 * are wired through `*_ADDR` variables (literal, from a ConfigMap by key and by envFrom, `name.namespace:port` and
 * `name.namespace.svc.cluster.local:port`) and guarded by one NetworkPolicy per service. The inferred call graph is
 * the one the variables describe, nothing is reported as shipped, and each slip a team makes in a pull request —
 * a policy that locks a caller out, an egress rule dropped, a wrong port — is reported on the caller's own value.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { analyze, analyzeTexts } from '../../src/analyze.js';
import { defaultConfig } from '../../src/config/index.js';
import type { Finding } from '../../src/core/finding.js';
import { declaredDependencies } from '../../src/deps/infer.js';
import { depsOptionsOf } from '../../src/deps/options.js';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';

const DIR = 'fixtures/boutique';
const CHECKOUT = `${DIR}/boutique/checkoutservice.yaml`;
const PAYMENT = `${DIR}/boutique/paymentservice.yaml`;

/** Every manifest of the fixture, keyed by its path from the project root (what locations print). */
function fixtureTexts(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(path.join(PROJECT_ROOT, DIR), { recursive: true, encoding: 'utf8' }).sort())
    if (f.endsWith('.yaml')) out[`${DIR}/${f.split(path.sep).join('/')}`] = readFileSync(path.join(PROJECT_ROOT, DIR, f), 'utf8');
  return out;
}

/** `text` with `from` replaced by `to`; `from` must occur exactly once, so an edit can never silently miss. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function where(f: Finding): string {
  return `${f.at.file}:${f.at.region.startLine}:${f.at.region.startColumn}`;
}

/** The characters a finding points at, read back from the (edited) input. */
function marked(files: Record<string, string>, f: Finding): string {
  const { startLine, startColumn, endLine, endColumn } = f.at.region;
  expect(endLine).toBe(startLine);
  return files[f.at.file]!.split('\n')[startLine - 1]!.slice(startColumn - 1, endColumn - 1);
}

function check(files: Record<string, string>): Finding[] {
  return [...analyzeTexts(files, defaultConfig()).findings];
}

/**
 * The call graph the `*_ADDR` variables describe, read without netreach: the YAML documents as plain data, each
 * Deployment's variables (a literal value, a `configMapKeyRef`, or the keys an `envFrom` ConfigMap brings in), each
 * `host:port` split by hand and its host read the way cluster DNS does (`name`, `name.namespace`, `name.namespace.svc…`).
 */
function addrGraph(files: Record<string, string>): string[] {
  interface Container {
    env?: { name: string; value?: string; valueFrom?: { configMapKeyRef?: { name: string; key: string } } }[];
    envFrom?: { configMapRef?: { name: string } }[];
  }
  interface Obj {
    kind?: string;
    metadata: { name: string; namespace: string };
    data?: Record<string, string>;
    spec?: { template?: { spec?: { containers?: Container[] } } };
  }
  const objects = Object.values(files).flatMap((t) => parseAllDocuments(t).map((d) => d.toJS() as Obj | null)).filter((o): o is Obj => o !== null);
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o.data ?? {}]));
  const edges: string[] = [];
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const ns = d.metadata.namespace;
    const addEdge = (variable: string, value: string) => {
      const colon = value.lastIndexOf(':');
      const labels = value.slice(0, colon).replace(/\.svc(\.cluster\.local)?$/, '').split('.');
      edges.push(`${ns}/${d.metadata.name} -> ${labels[1] ?? ns}/${labels[0]}:${value.slice(colon + 1)} (${variable})`);
    };
    for (const c of d.spec?.template?.spec?.containers ?? []) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef;
        const value = e.value ?? (ref ? configMaps.get(`${ns}/${ref.name}`)?.[ref.key] : undefined);
        if (e.name.endsWith('_ADDR') && value !== undefined) addEdge(e.name, value);
      }
      for (const from of c.envFrom ?? [])
        for (const [key, value] of Object.entries(configMaps.get(`${ns}/${from.configMapRef?.name}`) ?? {})) if (key.endsWith('_ADDR')) addEdge(key, value);
    }
  }
  return edges.sort();
}

describe('fixtures/boutique: the inferred call graph', () => {
  it('equals the graph its *_ADDR variables describe, edge for edge', async () => {
    const { model, config } = await analyze({ paths: [DIR], cwd: PROJECT_ROOT });
    const deps = declaredDependencies(model, depsOptionsOf(config));
    // Every value that names something names a Service of the input: no external, local or missing target.
    expect(deps.map((d) => d.target.kind).filter((k) => k !== 'service')).toEqual([]);
    const inferred = deps
      .flatMap((d) => (d.target.kind === 'service' ? [`${d.workload.namespace}/${d.workload.name} -> ${d.target.service.namespace}/${d.target.service.name}:${d.reference.port} (${d.value.names[0]})`] : []))
      .sort();
    expect(inferred).toEqual(addrGraph(fixtureTexts()));
    // Written out, so the comparison above cannot pass on two empty lists.
    expect(inferred).toHaveLength(16);
    expect(inferred).toEqual([
      'boutique/cartservice -> data/redis-cart:6379 (REDIS_ADDR)',
      'boutique/checkoutservice -> boutique/cartservice:7070 (CART_SERVICE_ADDR)',
      'boutique/checkoutservice -> boutique/currencyservice:7000 (CURRENCY_SERVICE_ADDR)',
      'boutique/checkoutservice -> boutique/emailservice:5000 (EMAIL_SERVICE_ADDR)',
      'boutique/checkoutservice -> boutique/paymentservice:50051 (PAYMENT_SERVICE_ADDR)',
      'boutique/checkoutservice -> boutique/productcatalogservice:3550 (PRODUCT_CATALOG_SERVICE_ADDR)',
      'boutique/checkoutservice -> boutique/shippingservice:50051 (SHIPPING_SERVICE_ADDR)',
      'boutique/frontend -> boutique/adservice:9555 (AD_SERVICE_ADDR)',
      'boutique/frontend -> boutique/cartservice:7070 (CART_SERVICE_ADDR)',
      'boutique/frontend -> boutique/checkoutservice:5050 (CHECKOUT_SERVICE_ADDR)',
      'boutique/frontend -> boutique/currencyservice:7000 (CURRENCY_SERVICE_ADDR)',
      'boutique/frontend -> boutique/productcatalogservice:3550 (PRODUCT_CATALOG_SERVICE_ADDR)',
      'boutique/frontend -> boutique/recommendationservice:8080 (RECOMMENDATION_SERVICE_ADDR)',
      'boutique/frontend -> boutique/shippingservice:50051 (SHIPPING_SERVICE_ADDR)',
      'boutique/recommendationservice -> boutique/productcatalogservice:3550 (PRODUCT_CATALOG_SERVICE_ADDR)',
      'loadtest/loadgenerator -> boutique/frontend:80 (FRONTEND_ADDR)',
    ]);
    // Each edge keeps where its value is written: the ConfigMap's own line for the values it holds.
    const at = (variable: string, caller: string) => deps.find((d) => d.workload.name === caller && d.value.names[0] === variable)!.at;
    expect(at('EMAIL_SERVICE_ADDR', 'checkoutservice')).toMatchObject({ file: CHECKOUT, region: { startLine: 11, startColumn: 23, endColumn: 40 } });
    expect(at('AD_SERVICE_ADDR', 'frontend')).toMatchObject({ file: `${DIR}/boutique/frontend.yaml`, region: { startLine: 9, startColumn: 20, endColumn: 34 } });
    expect(at('REDIS_ADDR', 'cartservice')).toMatchObject({ file: `${DIR}/boutique/cartservice.yaml`, region: { startLine: 39, startColumn: 22, endColumn: 60 } });
  });
});

describe('fixtures/boutique: as shipped', () => {
  it('reports nothing at all, and the CLI exits 0', async () => {
    expect((await analyze({ paths: [DIR], cwd: PROJECT_ROOT })).findings).toEqual([]);
    const r = await runCli(['check', DIR]);
    expect([r.code, r.stdout]).toEqual([0, '']);
  });
});

describe('fixtures/boutique: a pull request that locks a caller out', () => {
  it("paymentservice's policy admitting frontend instead of checkoutservice: reported on PAYMENT_SERVICE_ADDR", () => {
    const files = fixtureTexts();
    files[PAYMENT] = edit(files[PAYMENT]!, 'app: checkoutservice', 'app: frontend');
    const findings = check(files);
    expect(findings.map((f) => `${f.ruleId} ${where(f)}`)).toEqual([
      `deps/blocked ${CHECKOUT}:55:22`,
      // Correct as well: frontend, now admitted, has no egress toward paymentservice, so nothing reaches it.
      `netpol/service-unreachable ${PAYMENT}:71:3`,
    ]);
    const blocked = findings[0]!;
    expect(marked(files, blocked)).toBe('paymentservice:50051');
    expect(blocked.messageId).toBe('ingressBlocked');
    expect(blocked.message).toBe(
      'Deployment boutique/checkoutservice: env PAYMENT_SERVICE_ADDR names paymentservice:50051, which reaches Service boutique/paymentservice ' +
        "port 50051 → TCP 50051 on Deployment boutique/paymentservice; the backend's ingress, isolated by NetworkPolicy boutique/default-deny and " +
        'NetworkPolicy boutique/paymentservice, does not admit Deployment boutique/checkoutservice there. To let it through, add an ingress rule at ' +
        'Deployment boutique/paymentservice (from: podSelector app=checkoutservice, ports: TCP 50051).',
    );
    // The code flow: the value, the Service port, the container port, the policy whose ingress rules leave it out.
    expect(blocked.flow?.map((s) => `${s.at.file}:${s.at.region.startLine}:${s.at.region.startColumn}`)).toEqual([
      `${CHECKOUT}:55:22`,
      `${PAYMENT}:73:13`,
      `${PAYMENT}:36:30`,
      `${PAYMENT}:86:3`,
    ]);
    expect(blocked.flow?.at(-1)?.message).toBe(
      'NetworkPolicy boutique/paymentservice isolates the ingress of Deployment boutique/paymentservice and blocks the connection',
    );
    // The Service finding names the policy whose rules admit frontend, not the default-deny that has none.
    expect(findings[1]!.message).toContain('the ingress rules of NetworkPolicy boutique/paymentservice admit Deployment boutique/frontend there');
  });

  it("checkoutservice's egress rule toward shippingservice dropped: reported on SHIPPING_SERVICE_ADDR, at the caller's egress", () => {
    const files = fixtureTexts();
    const shippingRule = ['    - to:', '        - podSelector:', '            matchLabels:', '              app: shippingservice', '      ports:', '        - protocol: TCP', '          port: 50051', ''].join('\n');
    files[CHECKOUT] = edit(files[CHECKOUT]!, shippingRule, '');
    // frontend still reaches shippingservice: the only finding is the checkout's own.
    const findings = check(files);
    expect(findings.map((f) => `${f.ruleId} ${where(f)}`)).toEqual([`deps/blocked ${CHECKOUT}:53:22`]);
    const blocked = findings[0]!;
    expect(marked(files, blocked)).toBe('shippingservice:50051');
    expect(blocked.messageId).toBe('egressBlocked');
    expect(blocked.message).toContain(
      "env SHIPPING_SERVICE_ADDR names shippingservice:50051, which reaches Service boutique/shippingservice port 50051 → TCP 50051 on Deployment boutique/shippingservice; the caller's egress, isolated by NetworkPolicy boutique/allow-dns, NetworkPolicy boutique/checkoutservice and NetworkPolicy boutique/default-deny, does not allow it.",
    );
    expect(blocked.message).toContain('add an egress rule at Deployment boutique/checkoutservice (to: podSelector app=shippingservice, ports: TCP 50051)');
    expect(blocked.related.map((r) => `${r.at.file}:${r.at.region.startLine}:${r.at.region.startColumn}`)).toEqual([
      `${DIR}/baseline.yaml:21:3`, // allow-dns: its egress rules
      `${CHECKOUT}:118:3`, // checkoutservice: its egress rules (one fewer now)
      `${DIR}/baseline.yaml:10:3`, // default-deny: its podSelector
      `${DIR}/boutique/shippingservice.yaml:73:13`, // the Service port
    ]);
    // The flow ends at the policy a team would edit: the caller's own, not the namespace's DNS or default-deny policy.
    expect(blocked.flow?.at(-1)?.message).toBe('NetworkPolicy boutique/checkoutservice isolates the egress of Deployment boutique/checkoutservice and blocks the connection');
  });
});

describe('fixtures/boutique: a port slip', () => {
  it('currencyservice:7001 in checkoutservice: deps/port-not-exposed on that value', () => {
    const files = fixtureTexts();
    files[CHECKOUT] = edit(files[CHECKOUT]!, 'currencyservice:7000', 'currencyservice:7001');
    const findings = check(files);
    expect(findings.map((f) => `${f.ruleId} ${where(f)}`)).toEqual([`deps/port-not-exposed ${CHECKOUT}:62:22`]);
    expect(marked(files, findings[0]!)).toBe('currencyservice:7001');
    expect(findings[0]!.message).toBe(
      'Deployment boutique/checkoutservice: env CURRENCY_SERVICE_ADDR names currencyservice:7001, port 7001 of Service boutique/currencyservice, ' +
        'which exposes 7000/TCP (grpc); no Service port matches, so kube-proxy forwards nothing and the connection is refused or times out.',
    );
  });

  it("the email relay's container port in the ConfigMap: reported on the ConfigMap value, pointing at the Service port to call", () => {
    const files = fixtureTexts();
    files[CHECKOUT] = edit(files[CHECKOUT]!, 'email-service-addr: emailservice:5000', 'email-service-addr: emailservice:8080');
    const findings = check(files);
    expect(findings.map((f) => `${f.ruleId} ${where(f)}`)).toEqual([`deps/port-not-exposed ${CHECKOUT}:11:23`]);
    const slip = findings[0]!;
    expect(marked(files, slip)).toBe('emailservice:8080');
    expect(slip.messageId).toBe('targetPortCalled');
    expect(slip.message).toContain('env EMAIL_SERVICE_ADDR from ConfigMap boutique/checkout-upstreams key email-service-addr names emailservice:8080');
    expect(slip.message).toContain('8080 is the targetPort of Service port 5000');
    // The Deployment's configMapKeyRef that pulls the value in is a related location.
    expect(slip.related.map((r) => `${r.at.file}:${r.at.region.startLine}:${r.at.region.startColumn}`)).toContain(`${CHECKOUT}:59:25`);
  });
});
