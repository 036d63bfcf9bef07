import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A second Auto Scaling group on the same launch template (so the same node security group). */
const SECOND_GROUP = `  MoreWorkers:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: "1"
      MaxSize: "3"
      LaunchTemplate:
        LaunchTemplateId: !Ref NodeLaunchTemplate
        Version: !GetAtt NodeLaunchTemplate.LatestVersionNumber
      VPCZoneIdentifier: [!Ref PrivateSubnet01, !Ref PrivateSubnet02]
      Tags:
        - Key: kubernetes.io/cluster/shop
          Value: owned
          PropagateAtLaunch: true
`;

new RuleTester().run('vpc/node-traffic-blocked', rule, {
  valid: [
    {
      name: "AWS-style EKS VPC: managed nodes on the cluster security group, self-managed nodes on AWS's NodeSecurityGroup template rules",
      files: { 'eks.yaml': f('valid/aws-style-eks-vpc.yaml') },
    },
  ],
  invalid: [
    {
      name: 'the node security group has no ingress rule from itself',
      files: { 'eks.yaml': f('invalid/node-sg-without-self-rule.yaml') },
      errors: [
        {
          messageId: 'podTrafficBlocked',
          data: { setting: 'Security group(s) NodeSecurityGroup (no ingress rule for it)', pairs: 'within node group SelfManagedWorkers', blocked: 'All Connections' },
          object: 'NodeGroup/cfn:eks.yaml#SelfManagedWorkers',
          path: 'Resources.NodeSecurityGroup',
          line: 129,
          column: 3,
          endLine: 129,
          endColumn: 20,
        },
      ],
    },
    {
      // One finding per blocking setting, naming every node-group pair it cuts.
      name: 'two self-managed node groups on the same node security group without a rule from itself',
      files: {
        'eks.yaml': f('invalid/node-sg-without-self-rule.yaml') + SECOND_GROUP,
      },
      errors: [
        {
          messageId: 'podTrafficBlocked',
          data: {
            pairs:
              'within node group MoreWorkers, from node group MoreWorkers to SelfManagedWorkers, from node group SelfManagedWorkers to MoreWorkers and within node group SelfManagedWorkers',
          },
          path: 'Resources.NodeSecurityGroup',
          line: 129,
          column: 3,
          endLine: 129,
          endColumn: 20,
        },
      ],
    },
  ],
});

describe('vpc/node-traffic-blocked flow', () => {
  it('names every hop: the source, the security groups, the subnet, the local route, the destination', async () => {
    const { findings } = await lintFiles({ 'eks.yaml': f('invalid/node-sg-without-self-rule.yaml') }, [rule], defaultConfig());
    const flow = findings[0]!.flow!.map((s) => s.message);
    expect(flow.some((m) => m.includes('egress rule allows All Connections'))).toBe(true);
    expect(flow.some((m) => m.startsWith('✗ security group(s) NodeSecurityGroup: no ingress rule'))).toBe(true);
    expect(flow.some((m) => m.includes('local route 192.168.0.0/16'))).toBe(true);
  });
});
