/**
 * Issue 5 item 4: `query` and `connections` take subnets, node groups, their pods, control planes, CIDRs and the
 * internet as ends, and the explanations name the VPC hops (subnet, route, gateway, security group, ACL entry).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const LOCKED = 'fixtures/eks-locked-down';
const AWS = 'fixtures/eks-aws-vpc';
const stack = (line: number, column = 3) => `${LOCKED}/cluster-stack.yaml:${line}:${column}`;
const vpcStack = (line: number, column = 3) => `${AWS}/vpc-stack.yaml:${line}:${column}`;

// Workloads without NetworkPolicies, to put on the locked-down cluster: the VPC alone decides for them.
const APP = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: app }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: nginx, ports: [{ name: http, containerPort: 8080 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: app }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: http }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: client, namespace: app }
spec:
  selector: { matchLabels: { app: client } }
  template:
    metadata: { labels: { app: client } }
    spec:
      containers: [{ name: client, image: curl }]
---
# A label no node group sets: these pods run nowhere in the input.
apiVersion: apps/v1
kind: Deployment
metadata: { name: batch, namespace: app }
spec:
  selector: { matchLabels: { app: batch } }
  template:
    metadata: { labels: { app: batch } }
    spec:
      nodeSelector: { role: batch }
      containers: [{ name: batch, image: busybox }]
`;
const tempDir = mkdtempSync(path.join(os.tmpdir(), 'netreach-vpc-'));
const APP_FILE = path.join(tempDir, 'app.yaml');
writeFileSync(APP_FILE, APP);
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const lines = (text: string) => text.trimEnd().split('\n');

interface VpcJson {
  verdict: string;
  allowed: unknown;
  blocked: unknown;
  unknown: unknown;
  hops: { kind: string; effect: string; message: string; location: string | null }[];
  blockers: { layer: string; setting: string; blocks: unknown; detail: string; location: string }[];
  explanation: { effect: string; object: string; rule: string; location: string | null }[];
}

describe('netreach query between infrastructure ends', () => {
  it('batch nodes → internet on the locked-down cluster: deny, exit 1, naming the ACL whose default entry drops the replies', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'nodegroup:BatchNodes', '--to', 'internet', '--port', 'tcp/443', '--explain', LOCKED]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out.slice(0, 2)).toEqual(['node group BatchNodes => the internet: deny (No Connections)', '  blocked TCP 443']);
    // The request leaves (outbound entry 100), the reply is dropped at the node subnet's inbound default entry.
    expect(out).toContain(
      `  + network ACL NodeAcl of subnet nodes-a (NodeSubnetA): outbound entry 100 (allow all 0.0.0.0/0) allows the request TCP 443 to the internet (every public IPv4 address) at ${stack(135)}`,
    );
    expect(out).toContain(
      `  - network ACL NodeAcl of subnet nodes-a (NodeSubnetA): inbound default entry * (deny all) denies the reply TCP 1024-65535 from the internet (every public IPv4 address) at ${stack(120)}`,
    );
    // Blockers come last, one line each.
    expect(out.at(-1)).toBe(`  ✗ network ACL NodeAcl inbound default entry * (deny all) blocks TCP 443 at ${stack(120)}`);
    expect(out.filter((l) => l.startsWith('  ✗'))).toHaveLength(1);
  });

  it('control plane → batch nodes on the kubelet port: deny, naming the security groups without an ingress rule', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'controlplane:ledger', '--to', 'nodegroup:BatchNodes', '--port', 'tcp/10250', '--explain', LOCKED]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out.slice(0, 8)).toEqual([
      'control plane of EKS cluster ledger (Cluster) => node group BatchNodes: deny (No Connections)',
      '  blocked TCP 10250',
      `  · from control plane ENIs of ledger (Cluster) in subnet nodes-a (NodeSubnetA) at ${stack(157)}`,
      `  + security group eks-cluster-sg-ledger (Cluster#cluster-security-group) egress rule allows TCP 10250 at ${stack(157)}`,
      `  - security group(s) BatchNodeSecurityGroup, BatchNodeSecurityGroupSelf: no ingress rule from control plane ENIs of ledger (Cluster) in subnet nodes-a (NodeSubnetA) for TCP 10250 at ${stack(205, 33)}`,
      `  · subnet nodes-a (NodeSubnetA) at ${stack(41)}`,
      `  + route table NodeRouteTable: local route 10.40.0.0/16 at ${stack(95)}`,
      `  · to node group BatchNodes in subnet nodes-a (NodeSubnetA) at ${stack(207)}`,
    ]);
    expect(out.at(-1)).toBe(`  ✗ security group(s) BatchNodeSecurityGroup, BatchNodeSecurityGroupSelf (no ingress rule for it) blocks TCP 10250 at ${stack(205, 33)}`);
  });

  it('pods of the managed node group → internet on the AWS-style VPC: allow, exit 0, every hop in path order', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'pods:general', '--to', 'internet', '--port', 'tcp/443', '--explain', AWS]);
    expect(code).toBe(0);
    const acl = 'network ACL default network ACL of orders-vpc (VPC#default-network-acl)';
    expect(lines(stdout).slice(0, 16)).toEqual([
      'pods of node group general (ManagedNodegroup) => the internet: allow (TCP 443)',
      `  · from pods on node group general (ManagedNodegroup) in subnet orders-private-1 (PrivateSubnet01) at ${vpcStack(183)}`,
      `  + security group eks-cluster-sg-orders (Cluster#cluster-security-group) egress rule allows TCP 443 at ${vpcStack(171)}`,
      `  · subnet orders-private-1 (PrivateSubnet01) at ${vpcStack(59)}`,
      `  · route table PrivateRouteTable01: 0.0.0.0/0 → Ref(NatGateway01) at ${vpcStack(133)}`,
      `  · NAT gateway NatGateway01 in subnet orders-public-1 (PublicSubnet01) at ${vpcStack(116)}`,
      `  + ${acl} of subnet orders-private-1 (PrivateSubnet01): outbound entry 100 (allow all 0.0.0.0/0) allows the request TCP 443 to the internet (every public IPv4 address) at ${vpcStack(19)}`,
      `  + ${acl} of subnet orders-public-1 (PublicSubnet01): inbound entry 100 (allow all 0.0.0.0/0) allows the request TCP 443 from 192.168.128.0/18 at ${vpcStack(19)}`,
      `  + ${acl} of subnet orders-public-1 (PublicSubnet01): outbound entry 100 (allow all 0.0.0.0/0) allows the reply TCP 1024-65535 to 192.168.128.0/18 at ${vpcStack(19)}`,
      `  + ${acl} of subnet orders-private-1 (PrivateSubnet01): inbound entry 100 (allow all 0.0.0.0/0) allows the reply TCP 1024-65535 from the internet (every public IPv4 address) at ${vpcStack(19)}`,
      `  · route table PublicRouteTable: 0.0.0.0/0 → Ref(InternetGateway) at ${vpcStack(84)}`,
      `  · internet gateway InternetGateway at ${vpcStack(28)}`,
      `  + ${acl} of subnet orders-public-1 (PublicSubnet01): outbound entry 100 (allow all 0.0.0.0/0) allows the request TCP 443 to the internet (every public IPv4 address) at ${vpcStack(19)}`,
      `  + ${acl} of subnet orders-public-1 (PublicSubnet01): inbound entry 100 (allow all 0.0.0.0/0) allows the reply TCP 1024-65535 from the internet (every public IPv4 address) at ${vpcStack(19)}`,
      '  · to the internet',
      // The second subnet's path: the hops it shares with the first (the same ACL entries for the same ranges) are not repeated.
      `  · from pods on node group general (ManagedNodegroup) in subnet orders-private-2 (PrivateSubnet02) at ${vpcStack(183)}`,
    ]);
    expect(stdout).not.toContain('✗');
  });

  it('takes two addresses as ends when the input has a VPC', async () => {
    const { code, stdout } = await runCli(['query', '--from', '10.40.16.10', '--to', '10.40.32.10', '--port', 'tcp/22', LOCKED]);
    expect(code).toBe(0);
    expect(stdout).toBe('10.40.16.10/32 => 10.40.32.10/32: allow (TCP 22)\n');
  });

  it('prints JSON with the policy query keys that apply, the hops and the blockers', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'nodegroup:BatchNodes', '--to', 'internet', '--port', 'tcp/443', '--explain', '--format', 'json', LOCKED]);
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as VpcJson;
    expect(Object.keys(r)).toEqual(['verdict', 'allowed', 'blocked', 'unknown', 'hops', 'blockers', 'explanation']);
    expect([r.verdict, r.allowed, r.blocked, r.unknown]).toEqual(['deny', { all: false }, { all: false, TCP: '443' }, { all: false }]);
    expect(r.hops[0]).toEqual({ kind: 'endpoint', effect: 'pass', message: 'from node group BatchNodes in subnet nodes-a (NodeSubnetA)', location: stack(207) });
    expect(r.hops.map((h) => h.kind)).toEqual(expect.arrayContaining(['subnet', 'route', 'nat-gateway', 'internet-gateway', 'network-acl-entry', 'security-group-rule']));
    expect(r.blockers.map(({ detail: _detail, ...b }) => b)).toEqual([
      { layer: 'network-acl', setting: 'network ACL NodeAcl inbound default entry * (deny all)', blocks: { all: false, TCP: '443' }, location: stack(120) },
    ]);
    expect(r.explanation).toContainEqual({ effect: 'deny', object: 'network ACL NodeAcl inbound default entry * (deny all)', rule: 'network-acl', location: stack(120), blocks: { all: false, TCP: '443' } });
    // Without --explain: the answer and what blocks it, no hops.
    const brief = JSON.parse((await runCli(['query', '--from', 'nodegroup:BatchNodes', '--to', 'internet', '--port', 'tcp/443', '--format', 'json', LOCKED])).stdout) as VpcJson;
    expect([brief.hops, brief.explanation, brief.blockers.length]).toEqual([[], [], 1]);
  });
});

describe('netreach query with pods: the NetworkPolicy answer and the VPC layer under it', () => {
  it('keeps the policy verdict when the VPC lets the traffic through, and lists the VPC hops after the policy rules', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'orders/storefront', '--to', 'orders/Service/orders-api', '--port', 'tcp/9090', '--explain', AWS]);
    expect(code).toBe(0);
    expect(lines(stdout).slice(0, 8)).toEqual([
      'orders/storefront[Deployment] => Service orders/orders-api: allow (TCP 9090)',
      '  orders/storefront[Deployment] => orders/orders-api[Deployment]: TCP 9090 (egress TCP 9090; ingress TCP 9090)',
      '  VPC layer: allow (TCP 9090)',
      `  + orders/NetworkPolicy/orders-api spec.ingress[0] allows TCP 9090 at ${AWS}/orders.yaml:118:7`,
      `  + orders/NetworkPolicy/storefront spec.egress[0] allows TCP 9090 at ${AWS}/orders.yaml:103:7`,
      `  · from pods on node group general (ManagedNodegroup) in subnet orders-private-1 (PrivateSubnet01) at ${vpcStack(183)}`,
      `  + security group eks-cluster-sg-orders (Cluster#cluster-security-group) egress rule allows TCP 9090 at ${vpcStack(171)}`,
      `  + security group eks-cluster-sg-orders (Cluster#cluster-security-group) ingress rule allows TCP 9090 at ${vpcStack(171)}`,
    ]);
    // The self-managed nodes reach the backends through their own group's self-reference.
    expect(lines(stdout)).toContain(`  + security group NodeSecurityGroup ingress rule allows TCP 9090 at ${vpcStack(203)}`);
  });

  it('takes a VPC endpoint facing pods as its address range for the policies', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'controlplane:orders', '--to', 'orders/storefront', '--port', 'tcp/8080', AWS]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      'control plane of EKS cluster orders (Cluster) => orders/storefront[Deployment]: allow (TCP 8080)\n' +
        '  192.168.0.0-192.168.255.255[External] => orders/storefront[Deployment]: TCP 8080 (egress All Connections; ingress TCP 8080)\n' +
        '  VPC layer: allow (TCP 8080)\n',
    );
  });

  it('removes what the VPC blocks: pods allowed out by policy but whose replies the node ACL drops → deny', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'app/web', '--to', 'internet', '--port', 'tcp/443', '--explain', LOCKED, APP_FILE]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out[0]).toBe('app/web[Deployment] => internet: deny (No Connections)');
    expect(out[1]).toMatch(/^ {2}app\/web\[Deployment\] => 1\.0\.0\.0-9\.255\.255\.255,.*\[External\]: TCP 443 \(egress All Connections; ingress All Connections\)$/);
    expect(out.slice(2, 4)).toEqual(['  VPC layer: deny (No Connections)', '  VPC layer blocked TCP 443']);
    expect(out.at(-1)).toBe(`  ✗ network ACL NodeAcl inbound default entry * (deny all) blocks TCP 443 at ${stack(120)}`);
  });

  it('sees a Service destination on its backends’ target ports and answers in Service ports', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'app/client', '--to', 'app/Service/web', '--port', 'tcp/80', '--format', 'json', '--explain', LOCKED, APP_FILE]);
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as { verdict: string; allowed: unknown; pairs: { allowed: unknown }[]; explanation: unknown[]; vpc: Omit<VpcJson, 'explanation'> };
    expect(Object.keys(r)).toEqual(['verdict', 'allowed', 'egress', 'ingress', 'pairs', 'explanation', 'vpc']);
    // No policy isolates these pods; the batch nodes' groups and the cluster group do not admit each other.
    expect(r.pairs.map((p) => p.allowed)).toEqual([{ all: false, TCP: '80' }]);
    // Both may run on either node group: blocked when they land on different ones, open when on the same one.
    expect([r.verdict, r.allowed]).toEqual(['partial', { all: false }]);
    expect([r.vpc.verdict, r.vpc.blocked]).toEqual(['partial', { all: false, TCP: '80' }]);
    // The hops speak of the target port (8080): kube-proxy DNATs on the source node.
    expect(r.vpc.hops).toContainEqual({
      kind: 'security-group',
      effect: 'deny',
      message: 'security group(s) eks-cluster-sg-ledger (Cluster#cluster-security-group): no ingress rule from pods on node group BatchNodes in subnet nodes-a (NodeSubnetA) for TCP 8080',
      location: stack(157),
    });
    expect(r.vpc.blockers.map((b) => [b.layer, b.location, b.blocks])).toEqual([
      ['security-group', stack(157), { all: false, TCP: '8080' }],
      ['security-group', stack(205, 33), { all: false, TCP: '8080' }],
    ]);
  });

  it('says the VPC layer is unknown for pods that fit no node group, without changing the policy verdict', async () => {
    const { code, stdout } = await runCli(['query', '--from', 'app/batch', '--to', 'app/Service/web', '--port', 'tcp/80', '--explain', LOCKED, APP_FILE]);
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out.slice(0, 4)).toEqual([
      'app/batch[Deployment] => Service app/web: allow (TCP 80)',
      '  app/batch[Deployment] => app/web[Deployment]: TCP 80 (egress TCP 80; ingress TCP 80)',
      '  VPC layer: unknown (No Connections)',
      '  VPC layer unknown TCP 80',
    ]);
    expect(out).toContain('  ? pods of app/Deployment/batch fit no node group of the input (nodeSelector, affinity, tolerations)');
  });

  it('adds nothing when the input has no node groups (output as before)', async () => {
    const { stdout } = await runCli(['query', '--from', 'storefront/web', '--to', 'backend/orders', '--format', 'json', 'fixtures/shop-netpol']);
    expect(Object.keys(JSON.parse(stdout) as object)).toEqual(['verdict', 'allowed', 'egress', 'ingress', 'pairs', 'explanation']);
  });

  it('rejects unknown infrastructure ends with exit 2', async () => {
    const nodegroup = await runCli(['query', '--from', 'nodegroup:nope', '--to', 'internet', LOCKED]);
    expect([nodegroup.code, nodegroup.stderr]).toEqual([2, "netreach: --from: no node group named nope\nRun 'netreach --help' for usage.\n"]);
    const subnet = await runCli(['query', '--from', 'app/web', '--to', 'subnet:nope', LOCKED, APP_FILE]);
    expect([subnet.code, subnet.stderr]).toEqual([2, "netreach: --to: no subnet named nope\nRun 'netreach --help' for usage.\n"]);
    expect((await runCli(['query', '--from', 'controlplane:nope', '--to', 'internet', LOCKED])).code).toBe(2);
    // Without a VPC in the input, two addresses are still a usage error.
    expect((await runCli(['query', '--from', 'internet', '--to', '10.0.0.0/8', 'fixtures/shop-netpol'])).code).toBe(2);
  });
});

describe('netreach connections --focus on infrastructure', () => {
  it('nodegroup:NAME keeps the connections of the workloads that can run on it', async () => {
    const all = await runCli(['connections', AWS, APP_FILE]);
    expect(all.stdout).toContain('app/batch[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections\n');
    const { code, stdout } = await runCli(['connections', '--focus', 'nodegroup:general', AWS, APP_FILE]);
    expect(code).toBe(0);
    // app/batch fits no node group: only its connections with workloads that do remain.
    expect(lines(stdout).filter((l) => l.includes('app/batch'))).toEqual([
      'app/batch[Deployment] => app/client[Deployment] : All Connections',
      'app/batch[Deployment] => app/web[Deployment] : All Connections',
      'app/batch[Deployment] => kube-system/aws-node[DaemonSet] : All Connections',
      'app/client[Deployment] => app/batch[Deployment] : All Connections',
      'app/web[Deployment] => app/batch[Deployment] : All Connections',
      'kube-system/aws-node[DaemonSet] => app/batch[Deployment] : All Connections',
    ]);
    expect(lines(stdout)).toContain('orders/storefront[Deployment] => orders/orders-api[Deployment] : TCP 9090');
  });

  it('subnet:NAME keeps those on node groups using the subnet (none use the public ones)', async () => {
    expect((await runCli(['connections', '--focus', 'subnet:orders-private-1', AWS])).stdout).toBe((await runCli(['connections', AWS])).stdout);
    expect(await runCli(['connections', '--focus', 'subnet:orders-public-1', AWS])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('internet or a CIDR keeps the connections whose external side overlaps it, and adds the ways in through load balancers', async () => {
    const internet = await runCli(['connections', '--focus', 'internet', AWS]);
    const publicV4 =
      '1.0.0.0-9.255.255.255,11.0.0.0-100.63.255.255,100.128.0.0-126.255.255.255,128.0.0.0-169.253.255.255,169.255.0.0-172.15.255.255,' +
      '172.32.0.0-191.255.255.255,192.0.1.0-192.0.1.255,192.0.3.0-192.167.255.255,192.169.0.0-198.17.255.255,198.20.0.0-198.51.99.255,' +
      '198.51.101.0-203.0.112.255,203.0.114.0-223.255.255.255';
    expect(internet.stdout).toBe(
      '0.0.0.0-192.167.255.255[External] => kube-system/aws-node[DaemonSet] : All Connections\n' +
        // The internet-facing NLB (ip targets) of Service orders/storefront: public IPv4 clients on its listener, and
        // the NLB on to the pods' target port (its own addresses, which orders/storefront's policy admits).
        `${publicV4}[External] => {NLB orders/storefront} : TCP 80\n` +
        '192.169.0.0-255.255.255.255[External] => kube-system/aws-node[DaemonSet] : All Connections\n' +
        'kube-system/aws-node[DaemonSet] => 0.0.0.0-255.255.255.255[External] : All Connections\n' +
        '{NLB orders/storefront} => orders/storefront[Deployment] : TCP 8080\n',
    );
    const vpc = await runCli(['connections', '--focus', '192.168.0.0/16', AWS]);
    expect(vpc.stdout).toBe(
      '192.168.0.0-192.168.255.255[External] => kube-system/aws-node[DaemonSet] : All Connections\n' +
        '192.168.0.0-192.168.255.255[External] => orders/storefront[Deployment] : TCP 8080\n' +
        'kube-system/aws-node[DaemonSet] => 0.0.0.0-255.255.255.255[External] : All Connections\n',
    );
  });

  it('rejects unknown node groups and subnets with exit 2', async () => {
    const r = await runCli(['connections', '--focus', 'subnet:nope', AWS]);
    expect([r.code, r.stderr]).toEqual([2, "netreach: --focus subnet:nope: no subnet named nope\nRun 'netreach --help' for usage.\n"]);
    expect((await runCli(['connections', '--focus', 'nodegroup:nope', AWS])).code).toBe(2);
    expect((await runCli(['connections', '--focus', 'orders/nope', AWS])).code).toBe(2);
  });
});
