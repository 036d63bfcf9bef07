import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** An eksctl cluster in an existing VPC, its node group in the two private subnets, with the given endpoint settings. */
const eksctlExisting = (endpoints = '') => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: us-east-1
vpc:
  id: vpc-0a1b2c3d4e5f60001
  subnets:
    private:
      us-east-1a:
        id: subnet-0prv0000000000a01
      us-east-1b:
        id: subnet-0prv0000000000b01
${endpoints}managedNodeGroups:
  - name: workers
    privateNetworking: true
    subnets:
      - subnet-0prv0000000000a01
      - subnet-0prv0000000000b01
`;

/** `aws ec2 describe-subnets` + `describe-route-tables` output: subnet b's table sends 0.0.0.0/0 to a NAT gateway in `state`. */
const describeOutput = (state: string) => `{
  "Subnets": [
    { "SubnetId": "subnet-0prv0000000000a01", "VpcId": "vpc-0a1b2c3d4e5f60001", "CidrBlock": "10.0.0.0/19", "AvailabilityZone": "us-east-1a" },
    { "SubnetId": "subnet-0prv0000000000b01", "VpcId": "vpc-0a1b2c3d4e5f60001", "CidrBlock": "10.0.32.0/19", "AvailabilityZone": "us-east-1b" }
  ],
  "RouteTables": [
    {
      "RouteTableId": "rtb-0private0000000a1",
      "VpcId": "vpc-0a1b2c3d4e5f60001",
      "Associations": [{ "Main": false, "RouteTableAssociationId": "rtbassoc-0prv000000000a1", "RouteTableId": "rtb-0private0000000a1", "SubnetId": "subnet-0prv0000000000a01" }],
      "Routes": [
        { "DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active" },
        { "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-0aaa0000000000001", "Origin": "CreateRoute", "State": "active" }
      ]
    },
    {
      "RouteTableId": "rtb-0private0000000b1",
      "VpcId": "vpc-0a1b2c3d4e5f60001",
      "Associations": [{ "Main": false, "RouteTableAssociationId": "rtbassoc-0prv000000000b1", "RouteTableId": "rtb-0private0000000b1", "SubnetId": "subnet-0prv0000000000b01" }],
      "Routes": [
        { "DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active" },
        { "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-0bbb0000000000002", "Origin": "CreateRoute", "State": "${state}" }
      ]
    }
  ]
}
`;

new RuleTester().run('vpc/private-nodes-no-egress', rule, {
  valid: [
    { name: 'eksctl: the default single NAT gateway gives private subnets a default route', files: { 'cluster.yaml': f('valid/eksctl-single-nat.yaml') } },
    { name: 'eksctl: no NAT, but the private endpoint keeps node traffic in the VPC', files: { 'cluster.yaml': f('valid/eksctl-private-endpoint.yaml') } },
    { name: 'CloudFormation: private subnets route 0.0.0.0/0 to a NAT gateway', files: { 'eks.yaml': f('valid/cfn-nat-per-az.yaml') } },
    {
      name: 'eksctl: a fully private cluster has no public endpoint',
      files: {
        'cluster.yaml': f('invalid/eksctl-nat-disabled.yaml').replace('  nat:\n    gateway: Disable\n', '').replace('vpc:\n', 'privateCluster:\n  enabled: true\nvpc:\n'),
      },
    },
    { name: 'mixed: both private tables of the describe output have an active default route', files: { 'cluster.yaml': eksctlExisting(), 'describe.json': describeOutput('active') } },
    { name: 'eksctl: existing subnets without route tables in the input are not judged', files: { 'cluster.yaml': eksctlExisting() } },
    {
      name: 'eksctl: public nodes (no privateNetworking) are in the public subnets',
      files: { 'cluster.yaml': f('invalid/eksctl-nat-disabled.yaml').replace('    privateNetworking: true\n', '') },
    },
  ],
  invalid: [
    {
      name: 'eksctl: NAT disabled, nodes in the private subnets, default endpoints',
      files: { 'cluster.yaml': f('invalid/eksctl-nat-disabled.yaml') },
      errors: [
        {
          messageId: 'noEgress',
          data: {
            nodeGroup: 'workers',
            subnets: 'eu-west-1a (private), eu-west-1b (private)',
            cluster: 'shop',
          },
          line: 12,
          column: 5,
          endLine: 12,
          endColumn: 18,
          object: 'NodeGroup/eksctl:shop#nodegroup/workers',
        },
      ],
    },
    {
      name: 'CloudFormation: the private route table has only the local route',
      files: { 'eks.yaml': f('invalid/cfn-no-nat-route.yaml') },
      errors: [
        {
          messageId: 'noEgress',
          data: { nodeGroup: 'Workers', subnets: 'PrivateSubnetA', tables: 'PrivateRouteTable' },
          line: 51,
          column: 16,
          endLine: 51,
          endColumn: 30,
          path: 'Resources.Workers.Properties.Subnets[0]',
        },
        {
          messageId: 'noEgress',
          data: { subnets: 'PrivateSubnetB' },
          line: 52,
          column: 16,
          endLine: 52,
          endColumn: 30,
          path: 'Resources.Workers.Properties.Subnets[1]',
        },
      ],
    },
    {
      name: 'mixed: the default route of one private table is a blackhole',
      files: { 'cluster.yaml': eksctlExisting(), 'describe.json': describeOutput('blackhole') },
      errors: [
        {
          messageId: 'noEgress',
          data: { subnets: 'subnet-0prv0000000000b01', tables: 'rtb-0private0000000b1', cluster: 'shop' },
          file: 'cluster.yaml',
          // The eksctl mapper locates each stated subnet of a node group at the \`subnets\` key.
          line: 17,
          column: 5,
          endLine: 17,
          endColumn: 12,
          path: 'managedNodeGroups[0].subnets[1]',
        },
      ],
    },
    {
      name: 'mixed: private access stated false, public access stated true',
      files: {
        'cluster.yaml': eksctlExisting('  clusterEndpoints:\n    publicAccess: true\n    privateAccess: false\n'),
        'describe.json': describeOutput('blackhole'),
      },
      errors: [{ messageId: 'noEgress', file: 'cluster.yaml', line: 20, column: 5, endLine: 20, endColumn: 12 }],
    },
  ],
});

describe('vpc/private-nodes-no-egress related locations', () => {
  it('point at the route table and at the endpoint settings', async () => {
    const { findings } = await lintFiles(
      { 'cluster.yaml': eksctlExisting('  clusterEndpoints:\n    publicAccess: true\n    privateAccess: false\n'), 'describe.json': describeOutput('blackhole') },
      [rule],
      defaultConfig(),
    );
    expect(findings[0]?.related.map((r) => [r.at.file, r.at.region.startLine, r.message])).toEqual([
      ['describe.json', 17, 'Route table rtb-0private0000000b1: no route to 0.0.0.0/0'],
      ['cluster.yaml', 15, 'EKS cluster shop: endpoint publicAccess: true, privateAccess: false'],
    ]);
  });
});
