import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** `aws ec2 describe-subnets` output (JSON): one subnet per [id, vpc, cidr]. */
const describeSubnets = (subnets: readonly (readonly [string, string, string])[]) => `{
  "Subnets": [
${subnets
  .map(
    ([id, vpc, cidr]) => `    {
      "SubnetId": "${id}",
      "VpcId": "${vpc}",
      "CidrBlock": "${cidr}",
      "AvailabilityZone": "us-east-1a"
    }`,
  )
  .join(',\n')}
  ]
}
`;

const VPC = 'vpc-0a1b2c3d4e5f60001';

new RuleTester().run('vpc/overlapping-subnets', rule, {
  valid: [
    {
      name: 'CloudFormation: distinct Fn::Cidr indexes; the same ranges in another VPC are fine',
      files: { 'vpc.yaml': f('valid/cfn-distinct-cidr-indexes.yaml') },
    },
    { name: 'eksctl: the subnets eksctl plans in its own VPC never overlap', files: { 'cluster.yaml': f('valid/eksctl-planned-subnets.yaml') } },
    {
      name: 'describe: adjacent blocks touch but do not overlap',
      files: {
        'describe.json': describeSubnets([
          ['subnet-0aaa0000000000001', VPC, '10.0.0.0/20'],
          ['subnet-0aaa0000000000002', VPC, '10.0.16.0/20'],
        ]),
      },
    },
    {
      name: 'describe: the same CIDR in two VPCs',
      files: {
        'describe.json': describeSubnets([
          ['subnet-0aaa0000000000001', VPC, '10.0.0.0/20'],
          ['subnet-0aaa0000000000002', 'vpc-0ffffffffffffffff', '10.0.0.0/20'],
        ]),
      },
    },
    {
      name: 'CloudFormation: a symbolic CIDR is not compared',
      files: {
        'param.yaml': `Parameters:
  SubnetBlock:
    Type: String
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/20
  SubnetB:
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
      name: 'CloudFormation: two subnets select the same Fn::Cidr block, a third overlaps the first',
      files: { 'vpc.yaml': f('invalid/cfn-same-cidr-index.yaml') },
      errors: [
        {
          messageId: 'overlap',
          data: { subnet: 'PrivateSubnet02', cidr: '10.0.0.0/20', other: 'PrivateSubnet01', vpc: 'Vpc' },
          line: 22,
          column: 36,
          endLine: 22,
          endColumn: 58,
          path: 'Resources.PrivateSubnet02.Properties.CidrBlock[1]',
          object: 'Subnet/cfn:vpc.yaml#PrivateSubnet02',
        },
        {
          messageId: 'overlap',
          data: { subnet: 'PublicSubnet01', cidr: '10.0.12.0/22', other: 'PrivateSubnet01' },
          line: 28,
          column: 18,
          endLine: 28,
          endColumn: 30,
        },
        {
          messageId: 'overlap',
          data: { subnet: 'PublicSubnet01', other: 'PrivateSubnet02' },
          line: 28,
          column: 18,
          endLine: 28,
          endColumn: 30,
        },
      ],
    },
    {
      name: 'eksctl: a public subnet inside a private one of the same zone',
      files: { 'cluster.yaml': f('invalid/eksctl-overlapping.yaml') },
      errors: [
        {
          messageId: 'overlap',
          data: {
            subnet: 'eu-west-1a (public)',
            cidr: '10.10.16.0/20',
            other: 'eu-west-1a (private)',
            otherCidr: '10.10.0.0/19',
            vpc: 'eksctl:shop#vpc',
          },
          line: 16,
          column: 15,
          endLine: 16,
          endColumn: 28,
          path: 'vpc.subnets.public.eu-west-1a.cidr',
        },
      ],
    },
    {
      name: 'describe: subnets of a VPC absent from the input still share it',
      files: {
        'describe.json': describeSubnets([
          ['subnet-0aaa0000000000001', VPC, '10.0.0.0/20'],
          ['subnet-0aaa0000000000002', VPC, '10.0.8.0/24'],
        ]),
      },
      errors: [
        {
          messageId: 'overlap',
          data: { subnet: 'subnet-0aaa0000000000002', other: 'subnet-0aaa0000000000001', vpc: VPC },
          line: 12,
          column: 20,
          endLine: 12,
          endColumn: 33,
          object: 'Subnet/subnet-0aaa0000000000002',
        },
      ],
    },
  ],
});

describe('vpc/overlapping-subnets findings', () => {
  it("carry the other subnet's key and point at its CIDR", async () => {
    const { findings } = await lintFiles({ 'cluster.yaml': f('invalid/eksctl-overlapping.yaml') }, [rule], defaultConfig());
    expect(findings.map((x) => [x.related.map((r) => [r.at.region.startLine, r.message])])).toEqual([
      [[[11, 'Subnet eu-west-1a (private): CIDR 10.10.0.0/19']]],
    ]);
  });

  it('of the same subnet against two others have different fingerprints', async () => {
    const { findings } = await lintFiles({ 'vpc.yaml': f('invalid/cfn-same-cidr-index.yaml') }, [rule], defaultConfig());
    const [, second, third] = findings;
    expect(second?.fingerprint).toBeDefined();
    expect(second?.fingerprint).not.toBe(third?.fingerprint);
  });
});
