/**
 * Issue 8 scenarios (the edge): `fixtures/eks-edge` — an AWS-style VPC with a public ALB Ingress in front of the
 * storefront and an internal NLB in front of the ledger database — answered end to end through the CLI: every hop
 * from the internet to the pods, each with the field that decides it, and the same path broken at the pod's policy.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';

const EDGE = 'fixtures/eks-edge';
const BROKEN = 'fixtures/eks-edge-broken';

interface JsonFinding {
  ruleId: string;
  level: string;
  location: { file: string; line: number; column: number };
}

async function findings(dir: string): Promise<string[]> {
  const { stdout } = await runCli(['check', dir, '--format', 'json', '--fail-on', 'none']);
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings
    .filter((f) => f.ruleId !== 'netpol/not-isolated')
    .map((f) => `${f.ruleId} ${f.level} ${f.location.file.replace(`${dir}/`, '')}:${f.location.line}:${f.location.column}`);
}

interface Hop {
  step: string;
  effect: string;
  message: string;
  location: string | null;
}

interface EdgeJson {
  verdict: string;
  direct: string;
  loadBalancers: { loadBalancer: string; kind: string; scheme: string; listeners: { protocol: string; port: number }[]; targetType: string; verdict: string; hops: Hop[] }[];
}

async function edge(args: string[]): Promise<{ code: number; json: EdgeJson }> {
  const r = await runCli(['query', ...args, '--explain', '--format', 'json']);
  return { code: r.code, json: JSON.parse(r.stdout) as EdgeJson };
}

describe('fixtures/eks-edge: internet → ALB Ingress → pods', () => {
  it('answers allow through the ALB and names every hop and the setting that decides it', async () => {
    const { code, json } = await edge([EDGE, '--from', 'internet', '--to', 'shop/storefront']);
    expect(code).toBe(0);
    expect(json.verdict).toBe('allow');
    expect(json.direct).toBe('deny'); // the pods' own addresses are private: no way in without the ALB
    expect(json.loadBalancers).toHaveLength(1);
    const alb = json.loadBalancers[0]!;
    // ssl-redirect: HTTP 80 only redirects, so the pods are reached through HTTPS 443.
    expect([alb.loadBalancer, alb.kind, alb.scheme, alb.targetType, alb.listeners]).toEqual(['Ingress/shop/storefront', 'ALB', 'internet-facing', 'ip', [{ protocol: 'HTTPS', port: 443 }]]);
    const at = (step: string, text: string) => alb.hops.find((h) => h.step === step && h.message.includes(text));
    expect(at('listener', 'listens on HTTPS 443')?.location).toBe(`${EDGE}/shop.yaml:66:23`); // the Ingress backend
    expect(at('clients', 'admits clients in 0.0.0.0/0')?.location).toBe(`${EDGE}/shop.yaml:52:45`); // listen-ports (default inbound-cidrs)
    expect(at('subnets', 'shop-public-1 (PublicSubnet01), shop-public-2 (PublicSubnet02) (discovered; public')?.location).toBe(`${EDGE}/vpc-stack.yaml:37:3`);
    expect(at('target', 'security groups: the AWS Load Balancer Controller admits')).toBeDefined();
    expect(at('target', "the targets see the load balancer's own addresses")?.location).toBe(`${EDGE}/shop.yaml:51:44`); // target-type: ip
    expect(at('vpc', 'allows the request TCP 8080 from 192.168.0.0/17')).toBeDefined(); // the private subnets' ACL
    expect(at('policy', 'shop/NetworkPolicy/storefront spec.ingress[0] allows TCP 8080')?.location).toBe(`${EDGE}/shop.yaml:134:7`);
    expect(alb.hops.at(-1)).toMatchObject({ step: 'pod', effect: 'allow', message: 'pods of shop/storefront[Deployment] on TCP 8080' });
    // In path order: listener, clients, subnets, target, VPC, policy, pod.
    const order = ['listener', 'clients', 'subnets', 'target', 'vpc', 'policy', 'pod'];
    const firsts = order.map((s) => alb.hops.findIndex((h) => h.step === s));
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  });

  it('text --explain prints the same path, one hop per line with its location', async () => {
    const r = await runCli(['query', EDGE, '--from', 'internet', '--to', 'shop/storefront', '--explain']);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('internet => shop/storefront[Deployment]: allow through load balancers (1 way in)');
    expect(lines[1]).toBe(
      '  through the internet-facing ALB of Ingress shop/storefront (HTTPS 443) → Service shop/storefront port 80 → pods of shop/storefront[Deployment]: allow',
    );
    expect(lines).toContain(`    + policy: shop/NetworkPolicy/storefront spec.ingress[0] allows TCP 8080 at ${EDGE}/shop.yaml:134:7`);
    expect(lines.at(-2)).toBe("  directly, to the pods' own addresses: deny (No Connections)");
  });

  it('takes an Ingress as the end (its backends, through its ALB) and a Service with a listener port', async () => {
    const ingress = await edge([EDGE, '--from', 'internet', '--to', 'shop/Ingress/storefront']);
    expect([ingress.code, ingress.json.verdict, ingress.json.loadBalancers.map((l) => l.loadBalancer)]).toEqual([0, 'allow', ['Ingress/shop/storefront']]);
    // --port names the listener the clients connect to (HTTPS 443), not the Service port (80).
    const service = await edge([EDGE, '--from', 'internet', '--to', 'shop/Service/storefront', '--port', 'tcp/443']);
    expect([service.code, service.json.verdict, service.json.loadBalancers[0]!.listeners]).toEqual([0, 'allow', [{ protocol: 'HTTPS', port: 443 }]]);
    const none = await runCli(['query', EDGE, '--from', 'internet', '--to', 'shop/Ingress/nope']);
    expect([none.code, none.stderr.split('\n')[0]]).toEqual([2, 'netreach: --to: no Ingress shop/nope in the input']);
  });

  it('a policy that admits only the internet blocks the ALB, which connects from its own subnets', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netreach-edge-'));
    cpSync(path.join(PROJECT_ROOT, EDGE), dir, { recursive: true });
    const shop = path.join(dir, 'shop.yaml');
    writeFileSync(shop, readFileSync(shop, 'utf8').replace('- ipBlock: { cidr: 192.168.0.0/17 }', '- ipBlock: { cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16] }'));
    const { code, json } = await edge([dir, '--from', 'internet', '--to', 'shop/storefront']);
    expect([code, json.verdict]).toEqual([1, 'deny']);
    const hops = json.loadBalancers[0]!.hops;
    expect(hops.find((h) => h.step === 'policy' && h.message.startsWith('NetworkPolicies of'))?.message).toBe(
      "NetworkPolicies of shop/storefront[Deployment] admit none of the load balancer's own addresses in subnet(s) shop-public-1 (PublicSubnet01), shop-public-2 (PublicSubnet02) on TCP 8080",
    );
    expect(hops.at(-1)).toMatchObject({ step: 'pod', effect: 'deny' });
  });
});

describe('fixtures/eks-edge: the internal NLB in front of the ledger', () => {
  it('is out of reach from the internet, at the scheme annotation', async () => {
    const { code, json } = await edge([EDGE, '--from', 'internet', '--to', 'shop/ledger']);
    expect([code, json.verdict]).toEqual([1, 'deny']);
    const nlb = json.loadBalancers[0]!;
    expect([nlb.loadBalancer, nlb.kind, nlb.scheme]).toEqual(['Service/shop/ledger', 'NLB', 'internal']);
    expect(nlb.hops.find((h) => h.step === 'clients' && h.effect === 'deny')).toMatchObject({
      message: expect.stringContaining('an internal load balancer has only private addresses'),
      location: `${EDGE}/shop.yaml:97:58`, // aws-load-balancer-scheme: internal
    });
  });

  it('lets the VPC in: its default source range is the VPC, the NLB connects from the private subnets', async () => {
    const { code, json } = await edge([EDGE, '--from', '192.168.10.0/24', '--to', 'shop/ledger']);
    expect([code, json.verdict]).toEqual([0, 'allow']);
    const hops = json.loadBalancers[0]!.hops;
    expect(hops.find((h) => h.step === 'clients')?.message).toContain("192.168.0.0/16 (an internal NLB's default source range: the VPC's CIDRs)");
    expect(hops.find((h) => h.step === 'target' && h.message.includes('the targets see'))?.message).toContain('shop-private-1 (PrivateSubnet01), shop-private-2 (PrivateSubnet02)');
  });

  it('connections --focus lists the ways in through both load balancers', async () => {
    const r = await runCli(['connections', EDGE, '--focus', '192.168.200.0/24']);
    expect(r.stdout.split('\n').filter((l) => l.includes('{'))).toEqual([
      '192.168.200.0-192.168.200.255[External] => {NLB shop/ledger} : TCP 5432',
      '{NLB shop/ledger} => shop/ledger[StatefulSet] : TCP 5432',
    ]);
  });
});

describe('fixtures/eks-edge: the valid scenario', () => {
  it('has no finding at all', async () => {
    expect(await findings(EDGE)).toEqual([]);
  });
});

describe('fixtures/eks-edge-broken: each planted defect reported on the field to change', () => {
  it('reports every defect at its line', async () => {
    expect(await findings(BROKEN)).toEqual([
      'lb/session-affinity-ignored warning shop.yaml:42:20', // ClientIP affinity behind the ALB (ip targets)
      'lb/health-check-port-not-served error shop.yaml:55:49', // healthcheck-port 8081, served by no container
      'lb/ingress-group-conflict error shop.yaml:101:39', // IngressGroup tools: internal vs internet-facing
      'lb/internet-open-non-web warning shop.yaml:151:31', // the ledger database on a public NLB
      'service/traffic-policy-local-unreachable error shop.yaml:187:26', // Local, but no registered node runs reports
      'lb/backend-blocked error shop.yaml:201:3', // the ALB's health checks (8081) from its subnets
      'lb/backend-blocked error shop.yaml:201:3', // the ALB's traffic (8080) from its subnets
      'netpol/internet-exposed warning shop.yaml:203:28', // the same policy admits the internet itself
      'kube-proxy/nftables-unsupported error vpc-stack.yaml:190:28', // nftables (1.31) on Amazon Linux 2 (Linux 5.10)
    ]);
  });

  it('the refused IngressGroup makes no ALB: no way in through it, no finding about its backends', async () => {
    const { json } = await edge([BROKEN, '--from', 'internet', '--to', 'shop/storefront']);
    expect(json.loadBalancers.map((l) => l.loadBalancer)).toEqual(['Ingress/shop/storefront']);
  });
});

describe('netreach diff: a load balancer turned internet-facing is new exposure', () => {
  it('lists the way in through the NLB and the workload behind it', async () => {
    const head = mkdtempSync(path.join(tmpdir(), 'netreach-edge-head-'));
    cpSync(path.join(PROJECT_ROOT, EDGE), head, { recursive: true });
    const shop = path.join(head, 'shop.yaml');
    // Public, and its policy widened to the VPC so the NLB's public-subnet addresses get in.
    const text = readFileSync(shop, 'utf8').replace('aws-load-balancer-scheme: internal', 'aws-load-balancer-scheme: internet-facing').replace('{ cidr: 192.168.128.0/17 }', '{ cidr: 192.168.0.0/16 }');
    writeFileSync(shop, text);
    const r = await runCli(['diff', path.join(PROJECT_ROOT, EDGE), head, '--format', 'json', '--fail-on-exposure']);
    expect(r.code).toBe(1);
    const diff = JSON.parse(r.stdout) as { newExposure: { workloads: string[]; connections: { src: { type: string; internet?: boolean }; dst: { type: string; kind?: string; name?: string } }[] } };
    expect(diff.newExposure.workloads).toEqual(['shop/ledger[StatefulSet]']);
    expect(diff.newExposure.connections.filter((c) => c.dst.type === 'load-balancer').map((c) => [c.src.internet, c.dst.kind, c.dst.name])).toContainEqual([true, 'NLB', 'shop/ledger']);
  });
});
