/** `netreach capacity` (issue 6): the per-node-group and per-subnet numbers, as text, markdown and JSON. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const FIXTURE = 'fixtures/eks-capacity';

describe('netreach capacity', () => {
  it('prints node groups and subnets with what is needed, what is there and the headroom', async () => {
    const { code, stdout } = await runCli(['capacity', FIXTURE]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const row = (start: string) => lines.find((l) => l.startsWith(start))?.split(/\s{2,}/);
    // m5.xlarge: 4 × (15 − 1) + 2 = 58 (kubelet), 56 pod IPs; 10 nodes × 56 − 600 pods that can only run here.
    expect(row('web ')).toEqual(['web', 'm5.xlarge', 'secondary-ip', '58', '56', '10', '0', '56', '600', '2', '-40']);
    // t3.medium with maxPodsPerNode 40: kubelet 40, but 3 × (6 − 1) = 15 pod IPs.
    expect(row('batch ')).toEqual(['batch', 't3.medium', 'secondary-ip', '40', '15', '4', '0', '15', '0', '2', '60']);
    // 2^(32 − 24) − 5 = 251 usable; 5 web nodes × 60 + 2 batch nodes × 18 + 4 control-plane ENIs = 340.
    expect(row('us-east-1a ')).toEqual(['us-east-1a (private)', '10.50.0.0/24', '251', '7', '340', '-89']);
    expect(row('172.20.0.0/16')).toEqual(['172.20.0.0/16', 'default', '65534', '3', '65531']);
    expect(stdout).toContain('How the numbers are reached');
    expect(stdout).toContain('web, m5.xlarge: 4 × (15 − 1) + 2 = 58 pod IPs');
  });

  it('writes markdown tables for a pull request or job summary', async () => {
    const { stdout } = await runCli(['capacity', FIXTURE, '--format', 'markdown']);
    expect(stdout.startsWith('# IP capacity\n')).toBe(true);
    expect(stdout).toContain('| node group | instance type | mode | max pods | pod IPs | max nodes | DaemonSets | free/node | demand here | shared demand | headroom |');
    expect(stdout).toContain('| web | m5.xlarge | secondary-ip | 58 | 56 | 10 | 0 | 56 | 600 | 2 | -40 |');
  });

  it('gives the same numbers as JSON, every location as file:line:col', async () => {
    const { stdout } = await runCli(['capacity', FIXTURE, '--format', 'json']);
    const view = JSON.parse(stdout) as {
      nodeGroups: { group: { name: string; maxPods: number; maxPodsPerNode?: { value: number; at: string } }; headroom: number }[];
      subnets: { cidr: string; usable: number; needed: number; headroom: number; at: string }[];
    };
    expect(Object.keys(view)).toEqual(['cni', 'nodeGroups', 'subnets', 'serviceCidrs', 'podCidrs', 'notes']);
    const batch = view.nodeGroups.find((g) => g.group.name === 'batch')!;
    expect(batch.group.maxPodsPerNode).toEqual({ value: 40, at: `${FIXTURE}/cluster.yaml:35:21` });
    expect(view.subnets.find((s) => s.cidr === '10.50.1.0/24')).toMatchObject({ usable: 251, needed: 340, headroom: -89, at: `${FIXTURE}/cluster.yaml:15:15` });
  });

  it('rejects formats it does not have', async () => {
    const { code, stderr } = await runCli(['capacity', FIXTURE, '--format', 'sarif']);
    expect(code).toBe(2);
    expect(stderr).toContain('--format sarif is not available for capacity');
  });
});
