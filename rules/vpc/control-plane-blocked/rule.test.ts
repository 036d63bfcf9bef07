import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('vpc/control-plane-blocked', rule, {
  valid: [
    {
      name: "AWS-style EKS VPC: ControlPlaneSecurityGroup ↔ NodeSecurityGroup rules of AWS's self-managed node group template, managed nodes on the cluster security group",
      files: { 'eks.yaml': f('valid/aws-style-eks-vpc.yaml') },
    },
    {
      name: 'an admission webhook on 9443: the AWS-style node security group admits 1025-65535 from the control plane',
      files: { 'eks.yaml': f('valid/aws-style-eks-vpc.yaml'), 'webhook.yaml': f('valid/webhook.yaml') },
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
    {
      // The EKS minimum (443 and 10250 from the control plane) leaves webhook ports such as 9443 closed.
      name: 'an admission webhook on 9443 behind a node security group that admits the control plane on 10250 only',
      files: {
        'eks.yaml': f('valid/aws-style-eks-vpc.yaml')
          .replace('      FromPort: 1025\n      ToPort: 65535\n', '      FromPort: 10250\n      ToPort: 10250\n')
          .replace(/  NodeSecurityGroupFromClusterIngress:\n[\s\S]*?IpProtocol: "-1"\n/, ''),
        'webhook.yaml': f('valid/webhook.yaml'),
      },
      errors: [
        {
          messageId: 'webhookBlocked',
          data: {
            webhook: 'validate.policy.example.com',
            config: 'ValidatingWebhookConfiguration policy-webhook',
            service: 'Service policy/policy-webhook:443',
            workload: 'Deployment policy/policy-webhook',
            conn: 'TCP 9443',
            nodeGroup: 'SelfManagedWorkers',
            setting: 'security group(s) NodeSecurityGroup (no ingress rule for it)',
            effect: 'with failurePolicy Fail (the default) every request the webhook intercepts is rejected',
          },
          file: 'eks.yaml',
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
