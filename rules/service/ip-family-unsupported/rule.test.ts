import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const service = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: web\nspec:\n${spec}`;
const dualKubeadm = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112\n';

new RuleTester().run('service/ip-family-unsupported', rule, {
  valid: [
    { name: 'PreferDualStack falls back to IPv4 on an IPv4 EKS cluster', files: { 'all.yaml': f('valid/eks-prefer-dual-stack.yaml') } },
    { name: 'no cluster in the input: its families are not known', files: { 'svc.yaml': f('invalid/eks-ipv4-dual-stack.yaml').split('---\n')[1]! } },
    { name: 'a dual-stack kubeadm cluster takes RequireDualStack', files: { 'kubeadm.yaml': dualKubeadm, 'svc.yaml': service('  selector: {app: db}\n  ipFamilyPolicy: RequireDualStack\n  ports: [{port: 5432}]\n') } },
    {
      name: 'a headless Service without selector may name any family',
      files: { 'cluster.yaml': f('valid/eks-prefer-dual-stack.yaml').split('---\n')[0]!, 'svc.yaml': service('  clusterIP: None\n  ipFamilyPolicy: RequireDualStack\n  ipFamilies: [IPv6]\n') },
    },
    {
      name: 'a CloudFormation IpFamily from a parameter without a value: the family is not known',
      files: {
        'stack.yaml': `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Family:
    Type: String
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: shop
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a]
      KubernetesNetworkConfig:
        IpFamily: !Ref Family
`,
        'svc.yaml': f('invalid/eks-ipv4-dual-stack.yaml').split('---\n')[1]!,
      },
    },
  ],
  invalid: [
    {
      name: 'EKS IPv4 cluster: RequireDualStack and IPv6',
      files: { 'all.yaml': f('invalid/eks-ipv4-dual-stack.yaml') },
      errors: [
        { messageId: 'dualStackRequired', data: { service: 'web/api', cluster: 'EKS cluster shop (ipFamily IPv4, single-stack)' }, line: 15, column: 19, endLine: 15, endColumn: 35 },
        { messageId: 'familyMissing', data: { family: 'IPv6' }, line: 18, column: 7, endLine: 18, endColumn: 11 },
      ],
    },
    {
      name: 'kubeadm IPv6 service subnet: IPv4 requested',
      files: { 'all.yaml': f('invalid/kubeadm-ipv6-only.yaml') },
      errors: [{ messageId: 'familyMissing', data: { family: 'IPv4', cluster: 'the cluster (kubeadm serviceSubnet fd00:10:96::/112)' }, line: 15, column: 16, endLine: 15, endColumn: 20 }],
    },
  ],
});
