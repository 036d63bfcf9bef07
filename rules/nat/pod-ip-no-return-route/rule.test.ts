import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const stack = () => f('invalid/peered-secondary-cidr.yaml');
const awsNode = (name: string, value: string) =>
  f('invalid/aws-node.yaml').replace(/            - name: AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS\n.*\n/, `            - name: ${name}\n              value: "${value}"\n`);

/** A return route for the pod block in the shared VPC's table. */
const withReturnRoute = (dest: string) =>
  stack().replace(
    '  SharedSubnetRoutes:\n',
    `  BackToPods:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref SharedRouteTable\n      DestinationCidrBlock: ${dest}\n      VpcPeeringConnectionId: !Ref Peering\n  SharedSubnetRoutes:\n`,
  );

new RuleTester().run('nat/pod-ip-no-return-route', rule, {
  valid: [
    {
      name: 'AWS-style EKS stack: private subnets behind a NAT gateway per AZ, VPC CNI defaults',
      files: { 'eks.yaml': f('valid/eks-nat-per-az.yaml'), 'aws-node.yaml': f('valid/aws-node-defaults.yaml') },
    },
    { name: 'the peer routes the pod block back through the peering', files: { 'eks.yaml': withReturnRoute('100.64.0.0/16'), 'aws-node.yaml': f('invalid/aws-node.yaml') } },
    { name: 'default SNAT: the peer sees node addresses', files: { 'eks.yaml': stack(), 'aws-node.yaml': f('valid/aws-node-defaults.yaml') } },
    {
      name: 'the excluded ranges are not behind the peering',
      files: { 'eks.yaml': stack(), 'aws-node.yaml': awsNode('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS', '192.168.0.0/16') },
    },
    {
      name: "the peer's subnets are not in the input: nothing is proven",
      files: { 'eks.yaml': stack().replace(/  SharedSubnet:\n[\s\S]*?CidrBlock: 10.50.0.0\/20\n/, '').replace(/  SharedSubnetRoutes:\n[\s\S]*$/, ''), 'aws-node.yaml': f('invalid/aws-node.yaml') },
    },
  ],
  invalid: [
    {
      name: 'pod block excluded from SNAT toward a peer that only routes the primary block back',
      files: { 'eks.yaml': stack(), 'aws-node.yaml': f('invalid/aws-node.yaml') },
      errors: [
        {
          messageId: 'noReturn',
          data: {
            cni: 'DaemonSet kube-system/aws-node',
            destination: '10.50.0.0/16',
            because: 'AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS lists 10.50.0.0/16',
            peerTable: 'SharedRouteTable',
            peerVpc: 'SharedVpc',
            missing: '100.64.0.0/19',
            podSubnet: 'NodeSubnet',
            via: 'node group Workers',
            peering: 'Peering',
          },
          file: 'aws-node.yaml',
          line: 22,
          column: 38,
          endLine: 22,
          endColumn: 50,
          object: 'kube-system/DaemonSet/aws-node',
        },
      ],
    },
    {
      name: 'EXTERNALSNAT=true; the return route covers only part of the pod subnet',
      files: { 'eks.yaml': withReturnRoute('100.64.0.0/20'), 'aws-node.yaml': awsNode('AWS_VPC_K8S_CNI_EXTERNALSNAT', 'true') },
      errors: [
        {
          messageId: 'noReturn',
          data: { because: 'AWS_VPC_K8S_CNI_EXTERNALSNAT=true', missing: '100.64.16.0/20' },
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
