import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('vpc/control-plane-blocked', rule, {
  valid: [
    {
      name: "AWS-style EKS VPC: ControlPlaneSecurityGroup ↔ NodeSecurityGroup rules of AWS's self-managed node group template, managed nodes on the cluster security group",
      files: { 'eks.yaml': f('valid/aws-style-eks-vpc.yaml') },
    },
  ],
  invalid: [
    {
      name: 'self-managed nodes without the rules to and from the control plane security group',
      files: { 'eks.yaml': f('invalid/node-sg-without-control-plane-rules.yaml') },
      errors: [
        {
          messageId: 'apiServerBlocked',
          data: { cluster: 'shop (Cluster)', nodeGroup: 'SelfManagedWorkers' },
          object: 'EksCluster/cfn:eks.yaml#Cluster',
          path: 'Resources.Cluster',
          line: 115,
          column: 3,
          endLine: 115,
          endColumn: 10,
        },
        {
          messageId: 'kubeletBlocked',
          data: { setting: 'security group(s) NodeSecurityGroup (no ingress rule for it)' },
          path: 'Resources.NodeSecurityGroup',
          line: 123,
          column: 3,
          endLine: 123,
          endColumn: 20,
        },
      ],
    },
  ],
});
