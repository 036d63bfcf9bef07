import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** `aws ec2 describe-vpcs` + `describe-subnets` output (JSON), one VPC with a secondary block. */
const describeOutput = (subnetCidr: string, vpcBlocks = ['10.0.0.0/16', '100.64.0.0/16']) => `{
  "Vpcs": [
    {
      "VpcId": "vpc-0a1b2c3d4e5f60001",
      "CidrBlock": "${vpcBlocks[0]}",
      "State": "available",
      "CidrBlockAssociationSet": [
${vpcBlocks
  .map(
    (c, i) => `        {
          "AssociationId": "vpc-cidr-assoc-0a1b2c3d4e5f6000${i + 1}",
          "CidrBlock": "${c}",
          "CidrBlockState": { "State": "associated" }
        }`,
  )
  .join(',\n')}
      ],
      "Tags": [{ "Key": "Name", "Value": "prod-eks" }]
    }
  ],
  "Subnets": [
    {
      "SubnetId": "subnet-0prv0000000000a01",
      "VpcId": "vpc-0a1b2c3d4e5f60001",
      "CidrBlock": "${subnetCidr}",
      "AvailabilityZone": "us-east-1a",
      "State": "available"
    }
  ]
}
`;

new RuleTester().run('vpc/subnet-outside-vpc', rule, {
  valid: [
    { name: 'CloudFormation: subnets cut with Fn::Cidr from the primary block, one in a secondary block', files: { 'vpc.yaml': f('valid/cfn-fn-cidr-subnets.yaml') } },
    { name: 'eksctl: the subnets eksctl cuts from vpc.cidr', files: { 'cluster.yaml': f('valid/eksctl-default-vpc.yaml') } },
    { name: 'describe: a subnet in the secondary block', files: { 'describe.json': describeOutput('100.64.128.0/17') } },
    { name: 'describe: a subnet as large as the VPC block', files: { 'describe.json': describeOutput('10.0.0.0/16') } },
    {
      name: 'describe: a subnet whose VPC is not in the input',
      files: { 'describe.json': describeOutput('192.168.0.0/24').replace(/"Vpcs": \[[\s\S]*?\n {2}\],\n/, '') },
    },
    {
      name: 'CloudFormation: a VPC block only the stack knows (IPAM pool) may contain the subnet',
      files: {
        'ipam.yaml': `Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      Ipv4IpamPoolId: ipam-pool-0123456789abcdef0
      Ipv4NetmaskLength: 16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.99.0.0/24
`,
      },
    },
    {
      name: 'CloudFormation: a subnet CIDR from a parameter without value is not judged',
      files: {
        'param.yaml': `Parameters:
  SubnetBlock:
    Type: String
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Ref SubnetBlock
`,
      },
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: a subnet outside the primary and the secondary block',
      files: { 'vpc.yaml': f('invalid/cfn-subnet-outside.yaml') },
      errors: [
        {
          messageId: 'outsideVpc',
          data: { cidr: '10.1.32.0/19', vpc: 'shop (Vpc)', vpcCidrs: '10.0.0.0/16, 100.64.0.0/16' },
          line: 32,
          column: 18,
          endLine: 32,
          endColumn: 30,
          path: 'Resources.PrivateSubnetB.Properties.CidrBlock',
          object: 'Subnet/cfn:vpc.yaml#PrivateSubnetB',
        },
      ],
    },
    {
      name: 'eksctl: a stated subnet CIDR outside vpc.cidr',
      files: { 'cluster.yaml': f('invalid/eksctl-subnet-outside.yaml') },
      errors: [
        {
          messageId: 'outsideVpc',
          data: { subnet: 'eu-west-1b (private)', cidr: '10.20.32.0/19', vpcCidrs: '10.10.0.0/16' },
          line: 13,
          column: 15,
          endLine: 13,
          endColumn: 28,
          path: 'vpc.subnets.private.eu-west-1b.cidr',
        },
      ],
    },
    {
      name: 'describe: a subnet outside every associated block',
      files: { 'describe.json': describeOutput('10.1.0.0/20') },
      errors: [
        {
          messageId: 'outsideVpc',
          data: { subnet: 'subnet-0prv0000000000a01', vpc: 'prod-eks (vpc-0a1b2c3d4e5f60001)', vpcCidrs: '10.0.0.0/16, 100.64.0.0/16' },
          line: 26,
          column: 20,
          endLine: 26,
          endColumn: 33,
          object: 'Subnet/subnet-0prv0000000000a01',
        },
      ],
    },
    {
      name: 'describe: a subnet that spans two adjacent VPC blocks is inside neither',
      files: { 'describe.json': describeOutput('10.0.0.0/16', ['10.0.0.0/17', '10.0.128.0/17']) },
      errors: [{ messageId: 'outsideVpc', data: { vpcCidrs: '10.0.0.0/17, 10.0.128.0/17' }, line: 26, column: 20, endLine: 26, endColumn: 33 }],
    },
    {
      name: 'mixed: an eksctl cluster in an existing VPC that the describe output shows',
      files: {
        'describe.json': describeOutput('10.0.0.0/20'),
        'cluster.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: us-east-1
vpc:
  id: vpc-0a1b2c3d4e5f60001
  subnets:
    private:
      us-east-1b:
        id: subnet-0prv0000000000b01
        cidr: 10.2.0.0/20
`,
      },
      errors: [{ messageId: 'outsideVpc', data: { cidr: '10.2.0.0/20' }, file: 'cluster.yaml', line: 12, column: 15, endLine: 12, endColumn: 26 }],
    },
  ],
});

describe('vpc/subnet-outside-vpc related locations', () => {
  it("point at each of the VPC's IPv4 blocks", async () => {
    const { findings } = await lintFiles({ 'vpc.yaml': f('invalid/cfn-subnet-outside.yaml') }, [rule], defaultConfig());
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.at.region.startColumn, r.message])).toEqual([
      [7, 18, 'VPC shop (Vpc): CIDR block 10.0.0.0/16'],
      [15, 18, 'VPC shop (Vpc): CIDR block 100.64.0.0/16'],
    ]);
  });
});
