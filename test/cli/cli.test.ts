/** The CLI contract (PRODUCT.md §2): formats, exit codes, stdin, usage errors, determinism. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

// The problem matcher we document for VS Code (shared/data/SARIF.md §5.2).
const TEXT_LINE = /^(.+?):(\d+):(\d+):\s+(error|warning|note):\s+(.*?)\s+\[([A-Za-z0-9_./-]+)\]$/;

describe('netreach check', () => {
  it('reports the eks-shop defects as problem-matcher lines and exits 1', async () => {
    const { code, stdout, stderr } = await runCli(['check', 'fixtures/eks-shop']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const line of lines) expect(line).toMatch(TEXT_LINE);
    expect(stderr).toMatch(/\d+ errors?, \d+ warnings?, \d+ notes?/);
    const rules = new Set(lines.map((l) => TEXT_LINE.exec(l)![6]));
    for (const id of [
      'service/selector-matches-nothing',
      'service/target-port-unresolved',
      'service/node-port-collision',
      'ingress/backend-port-not-found',
      'gateway/route-not-allowed',
      'gateway/reference-not-permitted',
      'workload/duplicate-container-port',
      'workload/host-port-conflict',
    ])
      expect(rules, id).toContain(id);
  });

  it('analyses a directory mixing valid manifests, a syntax error, a binary file and non-Kubernetes YAML', async () => {
    const { code, stdout } = await runCli(['check', 'fixtures/mixed-input', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; location: { file: string; line: number; column: number } }[] };
    const at = (file: string) => report.findings.filter((f) => f.location.file.endsWith(file));
    // The syntax error is a finding at its line, not a crash.
    expect(at('broken.yaml').map((f) => [f.ruleId, f.location.line])).toEqual([['input/invalid-yaml', 11]]);
    // The wrong type is reported on the field, and the Service's valid port is still analysed.
    expect(at('bad-types.yaml').some((f) => f.ruleId === 'input/invalid-field' && f.location.line === 11)).toBe(true);
    // The defect in the valid manifests is still found.
    expect(at('app.yaml').map((f) => f.ruleId)).toContain('service/target-port-unresolved');
    // The binary file and the docker-compose file produce nothing.
    expect(at('blob.yaml')).toEqual([]);
    expect(at('docker-compose.yaml')).toEqual([]);
  });

  it('reads eksctl, CloudFormation and the CNI settings: no input finding, the VPC defects at their lines', async () => {
    const { code, stdout } = await runCli(['check', 'fixtures/eks-infra', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; location: { file: string; line: number; column: number } }[] };
    expect(report.findings.filter((f) => f.ruleId.startsWith('input/'))).toEqual([]);
    expect(report.findings.map((f) => [f.ruleId, f.location.file, f.location.line, f.location.column])).toEqual([
      ['vpc/overlapping-subnets', 'fixtures/eks-infra/vpc-stack.yaml', 61, 36],
      ['vpc/subnet-outside-vpc', 'fixtures/eks-infra/vpc-stack.yaml', 72, 18],
      ['vpc/private-nodes-no-egress', 'fixtures/eks-infra/vpc-stack.yaml', 177, 44],
    ]);
    const model = JSON.parse((await runCli(['model', 'fixtures/eks-infra'])).stdout) as {
      infra: { subnets: { key: string; tier: string }[]; clusters: unknown[]; nodeGroups: unknown[] };
      cni: { plugins: { name: string }[]; awsVpcCni: { warmIpTarget: { value: number; at: string } } };
      edges: { from: string; to: string; kind: string }[];
    };
    // One graph: workloads run on node groups, which use subnets in a VPC, routed by route tables.
    expect(model.edges).toContainEqual({ from: 'kube-system/DaemonSet/aws-node', to: 'eksctl:shop-batch#nodegroup/workers', kind: 'runs-on' });
    expect(model.edges).toContainEqual({ from: 'cfn:fixtures/eks-infra/vpc-stack.yaml#PrivateSubnet01', to: 'cfn:fixtures/eks-infra/vpc-stack.yaml#VPC', kind: 'in-vpc' });
    expect(model.cni.plugins.map((p) => p.name)).toEqual(['aws-vpc-cni']);
    expect(model.cni.awsVpcCni.warmIpTarget).toEqual({ value: 5, source: 'input', at: 'fixtures/eks-infra/aws-node.yaml:26:22' });
    expect(model.infra.clusters).toHaveLength(2);
    expect(model.infra.nodeGroups).toHaveLength(2);
    expect(model.infra.subnets.find((s) => s.key.endsWith('#PublicSubnet01'))?.tier).toBe('public');
    expect(model.infra.subnets.find((s) => s.key.endsWith('#PrivateSubnet01'))?.tier).toBe('private');
  });

  it('exits 0 on a clean input and with --fail-on none', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, 'ok.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: quiet\n',
    );
    expect((await runCli(['check', dir])).code).toBe(0);
    expect((await runCli(['check', 'fixtures/eks-shop', '--fail-on', 'none'])).code).toBe(0);
  });

  it('reads stdin for - and names it with --stdin-filename', async () => {
    const text = readFileSync('fixtures/mixed-input/app.yaml', 'utf8');
    const unnamed = await runCli(['check', '-'], { stdin: text });
    expect(unnamed.code).toBe(1);
    expect(unnamed.stdout).toMatch(/^<stdin>:\d+:\d+: error: /m);
    const named = await runCli(['check', '-', '--stdin-filename', 'k8s/app.yaml', '--format', 'sarif'], { stdin: text });
    expect(named.stdout).toContain('"uri": "k8s/app.yaml"');
  });

  it('is deterministic: two runs print byte-identical SARIF', async () => {
    const a = await runCli(['check', 'fixtures/eks-shop', '--format', 'sarif']);
    const b = await runCli(['check', 'fixtures/eks-shop', '--format', 'sarif']);
    expect(a.stdout).toBe(b.stdout);
  });

  it('writes --output to a file and keeps stdout clean', async () => {
    const out = path.join(tempDir(), 'r.sarif');
    const { stdout } = await runCli(['check', 'fixtures/eks-shop', '--format', 'sarif', '--output', out]);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('exits 2 on usage errors and on paths that do not exist', async () => {
    expect((await runCli(['check', '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['check', '--fail-on', 'sometimes'])).code).toBe(2);
    // An option of another command is a mistake, not something to ignore.
    expect((await runCli(['check', '--focus', 'web/frontend', 'fixtures/eks-shop'])).stderr).toContain('--focus is an option of connections and deps, not of check');
    const missing = await runCli(['check', 'fixtures/does-not-exist']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does-not-exist');
  });

  it('exits 2 with a located message on a bad config file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'netreach.yaml'), 'rules:\n  service/no-such-rule: error\n');
    writeFileSync(path.join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n');
    const { code, stderr } = await runCli(['check', dir], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^netreach\.yaml:2:3: error: .*no-such-rule.* \[config\]$/m);
  });

  it('honours rule levels from netreach.yaml', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'netreach.yaml'), 'rules:\n  service/target-port-unresolved: off\n');
    writeFileSync(path.join(dir, 'app.yaml'), readFileSync('fixtures/mixed-input/app.yaml', 'utf8'));
    const { code, stdout } = await runCli(['check', '.'], { cwd: dir });
    expect(stdout).not.toContain('service/target-port-unresolved');
    expect(code).toBe(0);
  });

  it('prints GitHub workflow commands', async () => {
    const { stdout } = await runCli(['check', 'fixtures/eks-shop', '--format', 'github']);
    for (const line of stdout.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=[^:]+::.+$/);
  });
});

describe('netreach connections', () => {
  it('lists what the policies allow, in the PRODUCT.md JSON shape', async () => {
    const { code, stdout } = await runCli(['connections', 'fixtures/shop-netpol', '--format', 'json']);
    expect(code).toBe(0);
    const { connections } = JSON.parse(stdout) as { connections: { src: Record<string, unknown>; dst: Record<string, unknown>; allowed: Record<string, unknown> }[] };
    const pair = (src: string, dst: string) => connections.find((c) => `${String(c.src.namespace)}/${String(c.src.name)}` === src && `${String(c.dst.namespace)}/${String(c.dst.name)}` === dst);
    expect(pair('backend/orders', 'data/postgres')).toEqual({
      src: { type: 'workload', namespace: 'backend', name: 'orders', kind: 'Deployment' },
      dst: { type: 'workload', namespace: 'data', name: 'postgres', kind: 'StatefulSet' },
      allowed: { all: false, TCP: '5432' },
    });
    // Named port `grpc` resolved on the destination pods.
    expect(pair('storefront/web', 'backend/catalog')?.allowed).toEqual({ all: false, TCP: '50051' });
    expect(pair('backend/catalog', 'data/postgres')).toBeUndefined();
    // The webhook ipBlock: everything but 10.0.0.0/8, merged into ascending ranges.
    expect(connections.find((c) => c.src.type === 'external' && c.dst.name === 'orders')).toEqual({
      src: { type: 'external', ranges: ['0.0.0.0-9.255.255.255', '11.0.0.0-255.255.255.255'] },
      dst: { type: 'workload', namespace: 'backend', name: 'orders', kind: 'Deployment' },
      allowed: { all: false, TCP: '8443' },
    });
    // The policy admits a namespace the ingress controller does not run in.
    expect(connections.some((c) => c.src.type === 'ingress-controller')).toBe(false);
    // No self pairs.
    expect(connections.some((c) => c.src.type === 'workload' && JSON.stringify(c.src) === JSON.stringify(c.dst))).toBe(false);
    // CoreDNS is assumed in every cluster (rules check DNS egress against it) but not listed: the input does not declare it.
    expect(stdout).not.toContain('coredns');
  });

  it('reaches Ingress backends from the ingress controller when nothing isolates them', async () => {
    const { stdout } = await runCli(['connections', 'fixtures/eks-shop']);
    expect(stdout).toContain('{ingress-controller} => web/frontend[Deployment] : TCP 8080\n');
  });

  it('narrows the list with --focus', async () => {
    const { stdout } = await runCli(['connections', 'fixtures/shop-netpol', '--focus', 'data/postgres']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain('data/postgres[StatefulSet]');
    expect((await runCli(['connections', 'fixtures/shop-netpol', '--focus', 'data/nope'])).code).toBe(2);
  });
});

describe('netreach query', () => {
  const q = (...args: string[]) => runCli(['query', ...args, 'fixtures/shop-netpol']);

  it('allows, exit 0, naming the rules that allow', async () => {
    const { code, stdout } = await q('--from', 'backend/orders', '--to', 'data/postgres', '--port', 'tcp/5432', '--explain', '--format', 'json');
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as { verdict: string; explanation: { effect: string; object: string; rule: string; location: string }[] };
    expect(r.verdict).toBe('allow');
    expect(r.explanation).toContainEqual({ effect: 'allow', object: 'data/NetworkPolicy/postgres-from-orders', rule: 'spec.ingress[0]', location: 'fixtures/shop-netpol/data.yaml:42:7', allowed: { all: false, TCP: '5432' } });
  });

  it('denies, exit 1, naming every policy that isolates', async () => {
    const { code, stdout } = await q('--from', 'backend/catalog', '--to', 'data/postgres', '--explain', '--format', 'json');
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as { verdict: string; explanation: { effect: string; object: string; rule: string; reason: string }[] };
    expect(r.verdict).toBe('deny');
    // The isolation, and the rule that comes close: the right ports for another peer.
    expect(r.explanation.map((e) => [e.effect, e.object, e.rule, e.reason])).toEqual([
      ['deny', 'data/NetworkPolicy/postgres-from-orders', 'spec.ingress[0]', 'allows TCP 5432 but not for backend/catalog[Deployment]: its peers would need to select it'],
      ['deny', 'data/NetworkPolicy/postgres-from-orders', 'spec.podSelector', 'isolates data/postgres[StatefulSet] for ingress'],
    ]);
  });

  it('is partial when some requested ports are allowed', async () => {
    const { code, stdout } = await q('--from', 'storefront/web', '--to', 'backend/orders', '--port', 'tcp/8443,tcp/9090');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^storefront\/web\[Deployment\] => backend\/orders\[Deployment\]: partial \(TCP 8443\)/);
  });

  it('evaluates a Service on its backends and target ports (after DNAT), answering in Service ports', async () => {
    const { code, stdout } = await q('--from', 'storefront/web', '--to', 'backend/Service/orders', '--port', 'tcp/443', '--format', 'json');
    expect(code).toBe(0);
    // Service port 443 → targetPort https (8443), which the policies allow.
    expect((JSON.parse(stdout) as { allowed: unknown }).allowed).toEqual({ all: false, TCP: '443' });
    expect((await q('--from', 'storefront/web', '--to', 'backend/Service/orders', '--port', 'tcp/80')).code).toBe(2);
    expect((await q('--from', 'internet', '--to', '10.0.0.0/8')).code).toBe(2);
  });

  it('takes the internet and CIDRs as ends', async () => {
    expect((await q('--from', 'internet', '--to', 'backend/orders', '--port', 'tcp/8443')).code).toBe(0);
    expect((await q('--from', '10.1.2.3', '--to', 'backend/orders', '--port', 'tcp/8443')).code).toBe(1);
  });

  it('rejects bad ends and ports with exit 2', async () => {
    expect((await runCli(['query', '--from', 'storefront/web', 'fixtures/shop-netpol'])).code).toBe(2);
    expect((await q('--from', 'storefront/nope', '--to', 'data/postgres')).code).toBe(2);
    expect((await q('--from', 'storefront/web', '--to', 'data/postgres', '--port', 'http/80')).code).toBe(2);
  });
});

describe('netreach rules and model', () => {
  it('lists every rule with its level', async () => {
    const { code, stdout } = await runCli(['rules']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^service\/selector-matches-nothing\s+warning\s+\S/m);
    const json = JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as { rules: { id: string }[] };
    expect(json.rules.map((r) => r.id)).toContain('input/invalid-yaml');
  });

  it('prints the model as JSON with implicit namespaces and CoreDNS', async () => {
    const { code, stdout } = await runCli(['model', 'fixtures/eks-shop']);
    expect(code).toBe(0);
    const model = JSON.parse(stdout) as { namespaces: { id: string; implicit: boolean; labels: Record<string, string> }[]; workloads: { id: string; implicit: boolean }[]; edges: { kind: string }[] };
    expect(model.namespaces.find((n) => n.id === 'Namespace/web')?.labels['kubernetes.io/metadata.name']).toBe('web');
    expect(model.namespaces.find((n) => n.id === 'Namespace/default')?.implicit).toBe(true);
    expect(model.workloads.find((w) => w.id === 'kube-system/Deployment/coredns')?.implicit).toBe(true);
    expect(model.edges.some((e) => e.kind === 'service-selects')).toBe(true);
  });

  it('prints help and version', async () => {
    expect((await runCli(['--help'])).stdout).toContain('netreach check');
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'netreach-cli-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});
