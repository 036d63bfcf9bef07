/**
 * Issue 5 scenarios (NAT-freedom, the address plan, VPC-level reachability), end to end through the CLI:
 * the AWS-style stack is clean, and each planted defect of the other two fixtures is reported at its line.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

interface JsonFinding {
  ruleId: string;
  level: string;
  location: { file: string; line: number; column: number };
}

async function findings(fixture: string): Promise<string[]> {
  const { stdout } = await runCli(['check', `fixtures/${fixture}`, '--format', 'json', '--fail-on', 'none']);
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings.map(
    (f) => `${f.ruleId} ${f.level} ${f.location.file.replace(`fixtures/${fixture}/`, '')}:${f.location.line}:${f.location.column}`,
  );
}

describe('fixtures/eks-aws-vpc: a VPC laid out as the EKS templates do it', () => {
  it('produces no NAT-freedom, address-plan or reachability finding (and no other)', async () => {
    expect(await findings('eks-aws-vpc')).toEqual([]);
  });

  it("plans EKS's default service CIDR: 10.100.0.0/16, since the VPC (192.168.0.0/16) is outside 10.0.0.0/8", async () => {
    const { stdout } = await runCli(['model', 'fixtures/eks-aws-vpc']);
    const plan = (JSON.parse(stdout) as { addressPlan: { kind: string; cidr: string; origin: string; at: string }[] }).addressPlan;
    expect(plan.filter((s) => s.kind === 'service')).toEqual([
      expect.objectContaining({ cidr: '10.100.0.0/16', origin: 'default', at: 'fixtures/eks-aws-vpc/vpc-stack.yaml:171:3' }),
    ]);
    expect(plan.filter((s) => s.kind === 'vpc').map((s) => s.cidr)).toEqual(['192.168.0.0/16']);
    expect(plan.filter((s) => s.kind === 'node').map((s) => s.cidr)).toEqual(['192.168.128.0/18', '192.168.192.0/18']);
  });
});

describe('fixtures/eks-hybrid: connected to on-prem (transit gateway) and a peered VPC, custom networking', () => {
  it('reports the service CIDR inside the on-prem range, SNAT toward on-prem, and pod subnets the peer cannot answer', async () => {
    expect(await findings('eks-hybrid')).toEqual([
      'cidr/service-overlap error cluster.yaml:9:20',
      // Custom networking without maxPodsPerNode: kubelet's 58 pods per m6i.xlarge against 44 pod IPs (issue 6).
      'capacity/max-pods-exceeds-ips error cluster.yaml:28:19',
      'nat/pod-ip-snat warning network.json:85:35',
      'nat/pod-ip-no-return-route error vpc-cni.yaml:25:23',
      'nat/pod-ip-no-return-route error vpc-cni.yaml:25:23',
    ]);
  });

  it('lists every address space with the field that defines it', async () => {
    const { stdout } = await runCli(['model', 'fixtures/eks-hybrid']);
    const plan = (JSON.parse(stdout) as { addressPlan: { kind: string; cidr: string; at: string }[] }).addressPlan;
    expect(plan.map((s) => `${s.kind} ${s.cidr} ${s.at.replace('fixtures/eks-hybrid/', '')}`)).toEqual([
      'vpc 10.0.0.0/16 network.json:5:20',
      'vpc 10.1.0.0/16 network.json:15:20',
      'vpc 100.64.0.0/16 network.json:8:64',
      'node 10.0.0.0/19 network.json:28:94',
      'node 10.0.32.0/19 network.json:30:94',
      'pod 100.64.0.0/17 vpc-cni.yaml:32:11',
      'pod 100.64.128.0/17 vpc-cni.yaml:39:11',
      'service 172.20.0.0/16 cluster.yaml:9:20',
      'peered 10.1.0.0/16 network.json:51:75',
      'routed 10.0.0.0/16 network.json:97:35',
      'routed 10.1.0.0/16 network.json:84:35',
      'routed 172.16.0.0/12 network.json:85:35',
    ]);
  });
});

describe('fixtures/eks-locked-down: a hardening pass that cut the cluster apart', () => {
  it('reports the ACL without replies (pod egress, the NLB), and the batch nodes cut off from the control plane and the other nodes', async () => {
    expect(await findings('eks-locked-down')).toEqual([
      // NodeAcl: inbound only from the VPC, so no reply from the internet gets back, and the NLB's instance
      // targets (client addresses preserved) never see the partners' connections on node port 31443.
      'vpc/load-balancer-blocked error cluster-stack.yaml:120:3',
      'vpc/pod-egress-blocked error cluster-stack.yaml:120:3',
      // The cluster security group (on the control plane and the managed nodes) admits only itself.
      'vpc/control-plane-blocked error cluster-stack.yaml:157:3',
      'vpc/node-traffic-blocked error cluster-stack.yaml:157:3',
      // The batch nodes' groups (launch template SecurityGroupIds) admit the cluster only on 443.
      'vpc/control-plane-blocked error cluster-stack.yaml:205:33',
      'vpc/node-traffic-blocked error cluster-stack.yaml:205:33',
      'netpol/not-isolated note ledger-api.yaml:5:9',
      'netpol/not-isolated note ledger-api.yaml:5:9',
    ]);
  });
});
