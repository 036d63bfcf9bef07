import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** An eksctl cluster in an existing VPC whose subnets are named, not keyed by zone: eksctl looks their zones up. */
const eksctlNamedSubnets = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: us-east-1
vpc:
  id: vpc-0a1b2c3d4e5f60001
  subnets:
    private:
      private-one:
        id: subnet-0prv0000000000a01
      private-two:
        id: subnet-0prv0000000000a02
`;

/** `aws ec2 describe-subnets` output for those two subnets. */
const describeSubnets = (zoneOfSecond: string) => `{
  "Subnets": [
    {
      "SubnetId": "subnet-0prv0000000000a01",
      "VpcId": "vpc-0a1b2c3d4e5f60001",
      "CidrBlock": "10.0.0.0/19",
      "AvailabilityZone": "us-east-1a"
    },
    {
      "SubnetId": "subnet-0prv0000000000a02",
      "VpcId": "vpc-0a1b2c3d4e5f60001",
      "CidrBlock": "10.0.32.0/19",
      "AvailabilityZone": "${zoneOfSecond}"
    }
  ]
}
`;

new RuleTester().run('vpc/cluster-single-az', rule, {
  valid: [
    {
      // eksctl examples/36-outposts-vpc.yaml: an EKS local cluster runs its control plane on the Outpost, in one zone.
      name: 'eksctl: a local cluster on AWS Outposts with one subnet',
      files: {
        'cluster.yaml':
          'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: outpost-vpc, region: us-west-2}\nvpc:\n  subnets:\n    private:\n      outpost-subnet-1: {id: subnet-1234}\noutpost:\n  controlPlaneOutpostARN: arn:aws:outposts:us-west-2:1234:outpost/op-1234\n  controlPlaneInstanceType: m5d.large\n',
      },
    },
    { name: 'CloudFormation: subnets in the first and the second AZ of Fn::GetAZs', files: { 'eks.yaml': f('valid/cfn-two-azs.yaml') } },
    { name: 'eksctl: existing subnets keyed by two zones', files: { 'cluster.yaml': f('valid/eksctl-existing-subnets.yaml') } },
    {
      name: 'eksctl: zones eksctl picks itself are distinct placeholders',
      files: { 'cluster.yaml': 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: shop\n  region: eu-west-1\n' },
    },
    { name: 'eksctl: zones eksctl looks up in AWS are not known to be equal', files: { 'cluster.yaml': eksctlNamedSubnets } },
    { name: 'mixed: the describe output puts the named subnets in two zones', files: { 'cluster.yaml': eksctlNamedSubnets, 'describe.json': describeSubnets('us-east-1b') } },
    {
      name: 'CloudFormation: a subnet given by ID is not in the input, so the zones are not all known',
      files: {
        'eks.yaml': f('invalid/cfn-same-az-index.yaml').replace('          - !Ref SubnetB', '          - subnet-0external00000001'),
      },
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: both subnets select the first AZ of Fn::GetAZs',
      files: { 'eks.yaml': f('invalid/cfn-same-az-index.yaml') },
      errors: [
        {
          messageId: 'singleZone',
          data: {
            cluster: 'shop (Cluster)',
            subnets: 'SubnetA, SubnetB',
            zone: 'Fn::GetAZs(Ref(AWS::Region))[0]',
          },
          line: 20,
          column: 3,
          endLine: 20,
          endColumn: 10,
          path: 'Resources.Cluster',
          object: 'EksCluster/cfn:eks.yaml#Cluster',
        },
      ],
    },
    {
      name: 'eksctl: the public and the private subnet are in one zone',
      files: { 'cluster.yaml': f('invalid/eksctl-one-zone.yaml') },
      errors: [
        {
          messageId: 'singleZone',
          data: { cluster: 'shop', zone: 'eu-west-1a' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 13,
          path: 'metadata.name',
          object: 'EksCluster/eksctl:shop',
        },
      ],
    },
    {
      name: 'mixed: the describe output puts both named subnets in us-east-1a',
      files: { 'cluster.yaml': eksctlNamedSubnets, 'describe.json': describeSubnets('us-east-1a') },
      errors: [
        {
          messageId: 'singleZone',
          data: { subnets: 'subnet-0prv0000000000a01, subnet-0prv0000000000a02', zone: 'us-east-1a' },
          file: 'cluster.yaml',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 13,
        },
      ],
    },
    {
      name: 'CloudFormation: one subnet listed twice',
      files: {
        'eks.yaml': f('valid/cfn-two-azs.yaml').replace('          - !Ref SubnetB', '          - !Ref SubnetA'),
      },
      errors: [{ messageId: 'singleZone', data: { subnets: 'SubnetA', zone: 'Fn::GetAZs(Ref(AWS::Region))[0]' }, line: 20, column: 3, endLine: 20, endColumn: 10 }],
    },
  ],
});

describe('vpc/cluster-single-az related locations', () => {
  it("point at each subnet's zone", async () => {
    const { findings } = await lintFiles({ 'cluster.yaml': eksctlNamedSubnets, 'describe.json': describeSubnets('us-east-1a') }, [rule], defaultConfig());
    expect(findings[0]?.related.map((r) => [r.at.file, r.at.region.startLine, r.message])).toEqual([
      ['describe.json', 7, 'Subnet subnet-0prv0000000000a01: Availability Zone us-east-1a'],
      ['describe.json', 13, 'Subnet subnet-0prv0000000000a02: Availability Zone us-east-1a'],
    ]);
  });
});
