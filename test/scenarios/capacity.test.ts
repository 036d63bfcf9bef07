/**
 * Issue 6 scenario: a cluster sized for its peak in subnets too small for it. Each planted capacity defect is
 * reported at the line that sets the value.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

describe('fixtures/eks-capacity', () => {
  it('reports the full subnets, the kubelet above the pod IPs and the HPA beyond the node group, at their lines', async () => {
    const { stdout } = await runCli(['check', 'fixtures/eks-capacity', '--format', 'json', '--fail-on', 'none']);
    const findings = (JSON.parse(stdout) as { findings: { ruleId: string; location: { file: string; line: number; column: number } }[] }).findings
      .filter((f) => f.ruleId.startsWith('capacity/'))
      .map((f) => `${f.ruleId} ${f.location.file.replace('fixtures/eks-capacity/', '')}:${f.location.line}:${f.location.column}`);
    expect(findings).toEqual([
      // HPA maxReplicas 600 on the web group: 10 m5.xlarge nodes × 56 pod IPs = 560.
      'capacity/pods-do-not-fit checkout.yaml:29:16',
      // Each /24 (251 usable) would need 340 addresses: 5 web nodes × 60, 2 batch nodes × 18, 4 control-plane ENIs.
      'capacity/subnet-exhausted cluster.yaml:13:15',
      'capacity/subnet-exhausted cluster.yaml:15:15',
      // maxPodsPerNode 40 on t3.medium, whose ENIs hold 17.
      'capacity/max-pods-exceeds-ips cluster.yaml:35:21',
    ]);
  });
});
