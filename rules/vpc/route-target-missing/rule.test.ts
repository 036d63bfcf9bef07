import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** `aws ec2 describe-internet-gateways` + `describe-route-tables` output (JSON): a public table whose default route names `igw`. */
const describeOutput = (igw: string) => `{
  "InternetGateways": [
    {
      "InternetGatewayId": "igw-0a1b2c3d4e5f60001",
      "Attachments": [{ "State": "available", "VpcId": "vpc-0a1b2c3d4e5f60001" }]
    }
  ],
  "RouteTables": [
    {
      "RouteTableId": "rtb-0public00000000001",
      "VpcId": "vpc-0a1b2c3d4e5f60001",
      "Associations": [{ "Main": true, "RouteTableAssociationId": "rtbassoc-0main000000000001", "RouteTableId": "rtb-0public00000000001" }],
      "Routes": [
        { "DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active" },
        { "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "${igw}", "Origin": "CreateRoute", "State": "active" }
      ]
    }
  ]
}
`;

new RuleTester().run('vpc/route-target-missing', rule, {
  valid: [
    { name: "CloudFormation: Refs to the stack's gateways, and a transit gateway ID given at deploy time", files: { 'vpc.yaml': f('valid/cfn-refs-and-open-parameters.yaml') } },
    { name: 'describe: an export without gateways says nothing about them', files: { 'routes.yaml': f('valid/describe-without-gateways.yaml') } },
    { name: 'describe: the default route targets the exported internet gateway', files: { 'describe.json': describeOutput('igw-0a1b2c3d4e5f60001') } },
    {
      name: 'eksctl: the route tables eksctl plans target its own gateways',
      files: {
        'cluster.yaml': 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: shop\n  region: eu-west-1\nvpc:\n  nat:\n    gateway: HighlyAvailable\n',
      },
    },
    {
      name: 'CloudFormation: a Ref to a missing resource is an input finding, not this rule',
      files: {
        'vpc.yaml': f('valid/cfn-refs-and-open-parameters.yaml').replace('GatewayId: !Ref InternetGateway\n  CorporateRoute', 'GatewayId: !Ref InternetGatewy\n  CorporateRoute'),
      },
    },
  ],
  invalid: [
    {
      name: 'describe: an active route to a NAT gateway that is exported, a blackhole to one that is not',
      files: { 'routes.yaml': f('invalid/describe-deleted-nat.yaml') },
      errors: [
        {
          messageId: 'blackhole',
          data: { table: 'rtb-0private0000000b1', destination: '0.0.0.0/0', kind: 'NAT gateway', target: 'nat-0bbb0000000000002' },
          line: 38,
          column: 23,
          endLine: 38,
          endColumn: 44,
          path: 'RouteTables[1].Routes[1].NatGatewayId',
          object: 'RouteTable/rtb-0private0000000b1',
        },
      ],
    },
    {
      name: 'describe: the default route names an internet gateway the export does not hold',
      files: { 'describe.json': describeOutput('igw-0ffffffffffffffff') },
      errors: [
        {
          messageId: 'targetMissing',
          data: { table: 'rtb-0public00000000001', kind: 'internet gateway', target: 'igw-0ffffffffffffffff' },
          line: 15,
          column: 61,
          endLine: 15,
          endColumn: 84,
        },
      ],
    },
    {
      name: 'CloudFormation: a parameter default names an internet gateway while the stack creates its own',
      files: { 'vpc.yaml': f('invalid/cfn-parameter-id.yaml') },
      errors: [
        {
          messageId: 'targetMissing',
          data: { table: 'PublicRouteTable', kind: 'internet gateway', target: 'igw-0ddd0000000000004' },
          line: 28,
          column: 23,
          endLine: 28,
          endColumn: 40,
          path: 'Resources.PublicRoute.Properties.GatewayId',
          object: 'RouteTable/cfn:vpc.yaml#PublicRouteTable',
        },
      ],
    },
  ],
});

describe('vpc/route-target-missing related locations', () => {
  it("point at the route's destination and at its table", async () => {
    const { findings } = await lintFiles({ 'routes.yaml': f('invalid/describe-deleted-nat.yaml') }, [rule], defaultConfig());
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.message])).toEqual([
      [37, 'Route table rtb-0private0000000b1: route to 0.0.0.0/0'],
      [25, 'Route table rtb-0private0000000b1'],
    ]);
  });
});
