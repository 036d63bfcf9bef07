/** `netreach deps` (issue 9): the declared call graph of fixtures/boutique, each call with its verdict, in every format. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';

const FIXTURE = 'fixtures/boutique';

interface DepJson {
  from: { namespace: string; name: string; kind: string; container?: string };
  via: string;
  reference: string;
  at: { file: string; line: number; column: number; endLine: number; endColumn: number };
  to: { type: string; namespace?: string; name?: string; host?: string; port?: number };
  status: string;
  why: string;
  connections?: { backend: { name: string }; servicePort?: number; conn: Record<string, unknown>; egress: { allowed: boolean }; ingress: { allowed: boolean } }[];
}

/** The fixture copied to a temporary directory with one edit, as a pull request would make it. */
const copies: string[] = [];
function editedCopy(file: string, from: string, to: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'netreach-deps-'));
  copies.push(dir);
  cpSync(path.join(PROJECT_ROOT, FIXTURE), dir, { recursive: true });
  const target = path.join(dir, file);
  const text = readFileSync(target, 'utf8');
  expect(text.split(from)).toHaveLength(2); // the edit applies exactly once
  writeFileSync(target, text.replace(from, to));
  return dir;
}
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('netreach deps on fixtures/boutique', () => {
  it('lists every declared call by caller, each with where it is written and why it is allowed; exit 0', async () => {
    const { code, stdout } = await runCli(['deps', FIXTURE]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const at = lines.indexOf('boutique/checkoutservice[Deployment]');
    expect(at).toBeGreaterThan(0);
    const payment = lines.indexOf('  -> Service boutique/paymentservice:50051  allowed', at);
    expect(lines.slice(payment, payment + 3)).toEqual([
      '  -> Service boutique/paymentservice:50051  allowed',
      `       container server, env PAYMENT_SERVICE_ADDR at ${FIXTURE}/boutique/checkoutservice.yaml:55:22`,
      '       egress allowed by NetworkPolicy boutique/checkoutservice; ingress allowed by NetworkPolicy boutique/paymentservice',
    ]);
    expect(lines.at(-2)).toBe('16 dependencies of 5 workloads: 16 allowed');
  });

  it('text: a Service whose pods listen on another port shows the target port the policies see', async () => {
    const lines = (await runCli(['deps', FIXTURE])).stdout.split('\n');
    expect(lines).toContain('  -> Service boutique/emailservice:5000 (→ TCP 8080)  allowed');
    expect(lines).toContain('  -> Service boutique/frontend:80 (→ TCP 8080)  allowed');
    // Same port on both sides: nothing added.
    expect(lines).toContain('  -> Service boutique/paymentservice:50051  allowed');
    expect(lines.filter((l) => l.includes('→'))).toHaveLength(2);
  });

  it('JSON: each call with its caller, reference, exact location, target and the connections after DNAT', async () => {
    const { code, stdout } = await runCli(['deps', FIXTURE, '--format', 'json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { dependencies: DepJson[]; summary: Record<string, number> };
    expect(out.summary).toEqual({ dependencies: 16, workloads: 5, allowed: 16, blocked: 0, partial: 0, broken: 0, unknown: 0, local: 0 });
    const redis = out.dependencies.find((d) => d.via === 'env REDIS_ADDR')!;
    expect(redis).toMatchObject({
      from: { namespace: 'boutique', name: 'cartservice', kind: 'Deployment', container: 'server' },
      reference: 'redis-cart.data.svc.cluster.local:6379',
      at: { file: `${FIXTURE}/boutique/cartservice.yaml`, line: 39, column: 22, endLine: 39, endColumn: 60 },
      to: { type: 'service', namespace: 'data', name: 'redis-cart', port: 6379 },
      status: 'allowed',
    });
    // emailservice: Service port 5000 → container port 8080, which is what the policies see.
    const email = out.dependencies.find((d) => d.reference === 'emailservice:5000')!;
    expect(email.connections).toEqual([
      expect.objectContaining({ backend: expect.objectContaining({ name: 'emailservice' }), servicePort: 5000, conn: { all: false, TCP: '8080' }, egress: expect.objectContaining({ allowed: true }) }),
    ]);
  });

  it('Mermaid and DOT: one node per workload, one edge per caller and backend, labelled with the port', async () => {
    const mermaid = (await runCli(['deps', FIXTURE, '--format', 'mermaid'])).stdout.split('\n');
    expect(mermaid[0]).toBe('flowchart LR');
    expect(mermaid.filter((l) => /^ {2}n\d+\[/.test(l))).toHaveLength(12);
    expect(mermaid.filter((l) => l.includes('-->'))).toHaveLength(16);
    expect(mermaid).toContain('  linkStyle 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 stroke:#2e7d32');
    // Service port → target port where they differ: the pods, and the policies teams write, see the target port.
    expect(mermaid).toContain('  n2["boutique/checkoutservice[Deployment]"]');
    expect(mermaid).toContain('  n4["boutique/emailservice[Deployment]"]');
    expect(mermaid).toContain('  n2 -->|"5000→8080"| n4');
    expect(mermaid).toContain('  n11 -->|"80→8080"| n5');
    expect(mermaid).toContain('  n2 -->|"50051"| n6');
    const dot = (await runCli(['deps', FIXTURE, '--format', 'dot'])).stdout;
    expect(dot.startsWith('digraph netreach_deps {\n  rankdir=LR;\n  node [fontname="Helvetica"];\n  edge [fontname="Helvetica"];\n')).toBe(true);
    expect(dot).toContain('"boutique/checkoutservice[Deployment]" -> "boutique/emailservice[Deployment]" [label="5000→8080", color="#2e7d32", fontcolor="#2e7d32"];');
    expect(dot).toContain('"loadtest/loadgenerator[Deployment]" -> "boutique/frontend[Deployment]" [label="80→8080", color="#2e7d32", fontcolor="#2e7d32"];');
    expect(dot).toContain('"boutique/checkoutservice[Deployment]" -> "boutique/paymentservice[Deployment]" [label="50051", color="#2e7d32", fontcolor="#2e7d32"];');
    expect(dot.split('\n').filter((l) => l.includes(' -> '))).toHaveLength(16);
  });

  it('a name of no Service in the input is said so, not called a host outside the cluster', async () => {
    const dir = editedCopy(
      'boutique/frontend.yaml',
      '              value: shippingservice:50051\n',
      '              value: shippingservice:50051\n' +
        '            - name: SHOPPING_ASSISTANT_SERVICE_ADDR\n              value: shoppingassistantservice:80\n' +
        '            - name: REPORTS_ADDR\n              value: reports.analytics:8080\n' +
        '            - name: PAYMENTS_API\n              value: https://api.stripe.com:443\n',
    );
    const lines = (await runCli(['deps', dir])).stdout.split('\n');
    expect(lines).toContain('  -> shoppingassistantservice:80 (no such Service in the input)  unknown');
    expect(lines).toContain('  -> reports.analytics:8080 (no such Service in the input)  unknown');
    expect(lines.filter((l) => l.startsWith('  -> api.stripe.com:443 (outside the cluster)  '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('  -> ') && l.includes('outside the cluster'))).toHaveLength(1);
  });

  it('a policy change that locks checkoutservice out of paymentservice: blocked, with the policy; exit 1', async () => {
    const dir = editedCopy('boutique/paymentservice.yaml', 'app: checkoutservice', 'app: frontend');
    const text = await runCli(['deps', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      '  -> Service boutique/paymentservice:50051  blocked\n' +
        `       container server, env PAYMENT_SERVICE_ADDR at ${dir}/boutique/checkoutservice.yaml:55:22\n` +
        "       the backend's ingress (isolated by NetworkPolicy boutique/default-deny and NetworkPolicy boutique/paymentservice) blocks TCP 50051 on Deployment boutique/paymentservice\n",
    );
    expect(text.stdout).toContain('16 dependencies of 5 workloads: 15 allowed, 1 blocked');
    const mermaid = (await runCli(['deps', dir, '--format', 'mermaid'])).stdout;
    expect(mermaid).toMatch(/ {2}n2 -\.->\|"50051 blocked"\| n6\n/);
    expect(mermaid).toMatch(/linkStyle \d+ stroke:#c62828/);
    const dot = (await runCli(['deps', dir, '--format', 'dot'])).stdout;
    expect(dot).toContain('"boutique/checkoutservice[Deployment]" -> "boutique/paymentservice[Deployment]" [label="50051 blocked", color="#c62828", fontcolor="#c62828", style=dashed];');
  });

  it('a Service renamed away: the call is broken, drawn to the missing Service', async () => {
    const dir = editedCopy('boutique/currencyservice.yaml', 'kind: Service\nmetadata:\n  name: currencyservice', 'kind: Service\nmetadata:\n  name: currency');
    const json = JSON.parse((await runCli(['deps', dir, '--format', 'json'])).stdout) as { dependencies: DepJson[] };
    const broken = json.dependencies.filter((d) => d.status === 'broken');
    expect(broken.map((d) => `${d.from.name} ${d.via}: ${d.why}`)).toEqual([
      'checkoutservice env CURRENCY_SERVICE_ADDR: the input has no Service boutique/currencyservice',
      'frontend env CURRENCY_SERVICE_ADDR: the input has no Service boutique/currencyservice',
    ]);
    expect((await runCli(['deps', dir, '--format', 'mermaid'])).stdout).toMatch(/\[\/"Service boutique\/currencyservice"\/\]/);
  });

  it('--focus keeps the calls touching a workload, a Service or a namespace; an unknown name is a usage error', async () => {
    const focused = JSON.parse((await runCli(['deps', FIXTURE, '--format', 'json', '--focus', 'boutique/paymentservice'])).stdout) as { dependencies: DepJson[] };
    expect(focused.dependencies.map((d) => `${d.from.name} -> ${d.reference}`)).toEqual(['checkoutservice -> paymentservice:50051']);
    const ns = JSON.parse((await runCli(['deps', FIXTURE, '--format', 'json', '--focus', 'loadtest'])).stdout) as { dependencies: DepJson[] };
    expect(ns.dependencies.map((d) => d.reference)).toEqual(['frontend.boutique:80']);
    const wrong = await runCli(['deps', FIXTURE, '--focus', 'boutique/paymentsvc']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--focus boutique/paymentsvc: no namespace, workload, Service or host of the dependencies has that name');
  });
});

describe('netreach deps on an input without declared calls', () => {
  it('says so, and where it looked; exit 0', async () => {
    const { code, stdout } = await runCli(['deps', 'fixtures/shop-netpol']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      'No declared dependencies: no env value, ConfigMap value or file, command or argument of a container names a host netreach reads, and no workload has a netreach.io/depends-on annotation.\n',
    );
  });
});
