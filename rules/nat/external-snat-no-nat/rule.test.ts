import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('nat/external-snat-no-nat', rule, {
  valid: [
    {
      name: 'AWS-style EKS stack: private subnets behind a NAT gateway per AZ, VPC CNI defaults',
      files: { 'eks.yaml': f('valid/eks-nat-per-az.yaml'), 'aws-node.yaml': f('valid/aws-node-defaults.yaml') },
    },
    {
      name: 'EXTERNALSNAT=true with the nodes in private subnets behind a NAT gateway',
      files: { 'eks.yaml': f('valid/eks-nat-per-az.yaml'), 'aws-node.yaml': f('invalid/aws-node.yaml') },
    },
    {
      name: 'eksctl: EXTERNALSNAT=true, private node group (eksctl adds a NAT gateway)',
      files: {
        'cluster.yaml': f('invalid/eksctl-public-nodes.yaml').replace('    desiredCapacity: 2\n', '    desiredCapacity: 2\n    privateNetworking: true\n'),
        'aws-node.yaml': f('invalid/aws-node.yaml'),
      },
    },
    {
      name: 'public nodes with the default SNAT: the node address has the public IP',
      files: { 'cluster.yaml': f('invalid/eksctl-public-nodes.yaml'), 'aws-node.yaml': f('valid/aws-node-defaults.yaml') },
    },
  ],
  invalid: [
    {
      name: 'eksctl public node group with EXTERNALSNAT=true',
      files: { 'cluster.yaml': f('invalid/eksctl-public-nodes.yaml'), 'aws-node.yaml': f('invalid/aws-node.yaml') },
      errors: [
        {
          messageId: 'noNat',
          data: {
            cni: 'DaemonSet kube-system/aws-node',
            snat: 'AWS_VPC_K8S_CNI_EXTERNALSNAT=true',
            via: 'node group edge',
            subnets: 'eu-west-1a (public), eu-west-1b (public)',
            gateways: 'internet gateway eksctl:shop#igw',
          },
          file: 'aws-node.yaml',
          line: 22,
          column: 22,
          endLine: 22,
          endColumn: 28,
          object: 'kube-system/DaemonSet/aws-node',
        },
      ],
    },
    {
      name: 'CloudFormation: the node group moved to the public subnets',
      files: {
        'eks.yaml': f('valid/eks-nat-per-az.yaml').replace('Subnets: [!Ref PrivateSubnet01, !Ref PrivateSubnet02]', 'Subnets: [!Ref PublicSubnet01, !Ref PrivateSubnet02]'),
        'aws-node.yaml': f('invalid/aws-node.yaml'),
      },
      errors: [
        {
          messageId: 'noNat',
          data: { subnets: 'PublicSubnet01', gateways: 'internet gateway InternetGateway' },
          file: 'aws-node.yaml',
          line: 22,
          column: 22,
          endLine: 22,
          endColumn: 28,
        },
      ],
    },
  ],
});
