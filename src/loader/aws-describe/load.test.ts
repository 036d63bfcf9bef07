import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refOf, type SourceRef } from '../../core/source.js';
import { regionText } from '../region-text.js';
import type { LoadIssue } from '../types.js';
import { parseYaml } from '../yaml-adapter.js';
import { isDescribeOutput, loadDescribeOutput } from './load.js';

const FIXTURE = readFileSync(new URL('./fixtures/prod-account.json', import.meta.url), 'utf8');

function load(text: string, file = 'describe.json') {
  const { documents, issues } = parseYaml(text, file);
  expect(issues).toEqual([]);
  return loadDescribeOutput(documents[0]!);
}

/** [line, text under the region] — what an editor would highlight. */
const shown = (text: string, ref: SourceRef) => [ref.region.startLine, regionText(text, ref.region)];
const issue = (text: string, i: LoadIssue) => [i.code, ...shown(text, i.at), i.fatal, i.message];
/** 1-based line of the first line containing `needle` (after line `from`). */
const lineOf = (text: string, needle: string, from = 0) => text.split('\n').findIndex((l, n) => n >= from && l.includes(needle)) + 1;

describe('loadDescribeOutput: a whole account (several top-level keys in one file)', () => {
  const { records, issues } = load(FIXTURE);

  it('loads every response with no issue', () => {
    expect(issues).toEqual([]);
    expect(Object.fromEntries(Object.entries(records).map(([k, v]) => [k, v.length]))).toEqual({
      vpcs: 1,
      subnets: 4,
      routeTables: 2,
      securityGroups: 1,
      networkAcls: 1,
      natGateways: 1,
      internetGateways: 1,
      peerings: 1,
      tgwAttachments: 1,
    });
    for (const list of Object.values(records)) for (const r of list) expect(r.complete).toBe(true);
  });

  it('VPC: primary and secondary IPv4 blocks once each, disassociated ones left out, IPv6 block, tags', () => {
    const vpc = records.vpcs[0]!;
    expect(vpc.id).toBe('vpc-0a1b2c3d4e5f60001');
    expect(vpc.object).toBe('Vpc/vpc-0a1b2c3d4e5f60001');
    expect(vpc.cidrBlocks.map((c) => [c.cidr, c.family, ...shown(FIXTURE, c.at)])).toEqual([
      ['10.0.0.0/16', 4, 4, '"10.0.0.0/16"'],
      ['100.64.0.0/16', 4, lineOf(FIXTURE, '"100.64.0.0/16"'), '"100.64.0.0/16"'],
    ]);
    expect(vpc.ipv6CidrBlocks.map((c) => [c.cidr, c.family])).toEqual([['2600:1f18:abcd:1200::/56', 6]]);
    expect(vpc.name).toBe('prod-eks');
    expect(vpc.tags).toEqual({ Name: 'prod-eks', 'kubernetes.io/cluster/prod': 'shared' });
    expect([vpc.isDefault, vpc.state]).toEqual([false, 'available']);
    expect(shown(FIXTURE, vpc.at)).toEqual([lineOf(FIXTURE, '"VpcId": "vpc-0a1b2c3d4e5f60001"'), '"vpc-0a1b2c3d4e5f60001"']);
    // The validated object is the loader's own: refOf gives exact locations into the JSON text.
    expect(shown(FIXTURE, refOf(vpc.raw, 'CidrBlock'))).toEqual([4, '"10.0.0.0/16"']);
  });

  it('subnets: public and private in two AZs, with their CIDRs, AZ ids and tags', () => {
    expect(
      records.subnets.map((s) => [s.id, s.cidr?.cidr, s.availabilityZone, s.availabilityZoneId, s.mapPublicIpOnLaunch, s.name, s.vpcId]),
    ).toEqual([
      ['subnet-0pub0000000000a01', '10.0.0.0/20', 'us-east-1a', 'use1-az1', true, 'prod-public-us-east-1a', 'vpc-0a1b2c3d4e5f60001'],
      ['subnet-0pub0000000000b01', '10.0.16.0/20', 'us-east-1b', 'use1-az2', true, 'prod-public-us-east-1b', 'vpc-0a1b2c3d4e5f60001'],
      ['subnet-0prv0000000000a01', '10.0.64.0/18', 'us-east-1a', 'use1-az1', false, 'prod-private-us-east-1a', 'vpc-0a1b2c3d4e5f60001'],
      ['subnet-0prv0000000000b01', '10.0.128.0/18', 'us-east-1b', 'use1-az2', false, 'prod-private-us-east-1b', 'vpc-0a1b2c3d4e5f60001'],
    ]);
    expect(records.subnets[0]!.ipv6CidrBlocks.map((c) => c.cidr)).toEqual(['2600:1f18:abcd:1200::/64']);
    expect(records.subnets[0]!.availableIpAddressCount).toBe(4086);
    expect(records.subnets[2]!.tags['kubernetes.io/role/internal-elb']).toBe('1');
    const cidr = records.subnets[3]!.cidr!;
    expect(shown(FIXTURE, cidr.at)).toEqual([lineOf(FIXTURE, '"10.0.128.0/18"'), '"10.0.128.0/18"']);
  });

  it('route tables: main flag, explicit associations, targets by field and by GatewayId prefix, blackhole', () => {
    const [pub, prv] = records.routeTables;
    expect([pub!.id, pub!.main, pub!.subnets.map((s) => s.id), pub!.name]).toEqual([
      'rtb-0public00000000001',
      true,
      ['subnet-0pub0000000000a01', 'subnet-0pub0000000000b01'],
      'prod-public',
    ]);
    expect([prv!.main, prv!.subnets.map((s) => s.id)]).toEqual([false, ['subnet-0prv0000000000a01', 'subnet-0prv0000000000b01']]);
    expect(pub!.routes.map((r) => [r.destination.kind, r.destination.value, r.target.kind, r.target.id])).toEqual([
      ['ipv4', '10.0.0.0/16', 'local', 'local'],
      ['ipv4', '100.64.0.0/16', 'local', 'local'],
      ['ipv4', '0.0.0.0/0', 'igw', 'igw-0f00dfeed00000001'],
      ['ipv6', '2600:1f18:abcd:1200::/56', 'local', 'local'],
    ]);
    expect(prv!.routes.map((r) => [r.destination.value, r.target.kind, r.target.id, r.active, r.origin])).toEqual([
      ['10.0.0.0/16', 'local', 'local', true, 'CreateRouteTable'],
      ['0.0.0.0/0', 'nat', 'nat-0abc0000000000a01', true, 'CreateRoute'],
      ['10.100.0.0/16', 'tgw', 'tgw-0123456789abcdef0', true, 'CreateRoute'],
      ['172.31.0.0/16', 'pcx', 'pcx-0peer000000000001', true, 'CreateRoute'],
      ['::/0', 'eigw', 'eigw-0e000000000000001', true, 'CreateRoute'],
      ['pl-63a5400a', 'vpce', 'vpce-0s3gateway000001', true, 'CreateRoute'],
      // A NAT instance route names the instance and its ENI: the instance wins.
      ['192.168.0.0/16', 'instance', 'i-0natinstance00001', false, 'CreateRoute'],
      ['10.200.0.0/16', 'vgw', 'vgw-0vpn00000000001', true, 'EnableVgwRoutePropagation'],
    ]);
    const nat = prv!.routes[1]!;
    expect(shown(FIXTURE, nat.target.at)).toEqual([lineOf(FIXTURE, '"NatGatewayId": "nat-0abc'), '"nat-0abc0000000000a01"']);
    expect(shown(FIXTURE, nat.destination.at)).toEqual([lineOf(FIXTURE, '"NatGatewayId": "nat-0abc') - 1, '"0.0.0.0/0"']);
    expect(prv!.routes[6]!.state).toBe('blackhole');
  });

  it('security group: tcp/udp/-1/"6"/icmp/"132" rules normalised, CIDR, IPv6, group-pair and prefix-list peers', () => {
    const sg = records.securityGroups[0]!;
    expect([sg.id, sg.groupName, sg.vpcId, sg.name]).toEqual(['sg-0nodes00000000001', 'prod-nodes', 'vpc-0a1b2c3d4e5f60001', 'prod-nodes']);
    expect(sg.ingress.map((r) => [r.protocol, r.ports, r.icmp, r.peers.map((p) => (p.kind === 'cidr' ? p.cidr : p.kind === 'security-group' ? p.groupId : p.prefixListId))])).toEqual([
      ['TCP', { from: 443, to: 443 }, undefined, ['10.0.0.0/16', '2600:1f18:abcd:1200::/56']],
      ['UDP', { from: 53, to: 53 }, undefined, ['sg-0cluster000000001']],
      ['all', undefined, undefined, ['sg-0nodes00000000001']],
      ['TCP', { from: 10250, to: 10250 }, undefined, ['sg-0cluster000000001']],
      ['ICMP', undefined, { type: 3, code: 4 }, ['0.0.0.0/0']],
      // AWS: a protocol number other than tcp/udp/icmp/icmpv6 allows all ports, whatever the range says.
      ['SCTP', undefined, undefined, ['10.0.64.0/18']],
    ]);
    expect(sg.egress.map((r) => [r.direction, r.protocol, r.peers.map((p) => p.kind)])).toEqual([['egress', 'all', ['cidr', 'cidr', 'prefix-list']]]);
    const pair = sg.ingress[1]!.peers[0]!;
    expect(pair.kind === 'security-group' && pair.userId).toBe('111122223333');
    expect(shown(FIXTURE, sg.ingress[0]!.at)).toEqual([lineOf(FIXTURE, '"IpProtocol": "tcp"'), '"tcp"']);
    expect(sg.ingress[0]!.peers[0]!.kind === 'cidr' && (sg.ingress[0]!.peers[0] as { description?: string }).description).toBe('VPC');
  });

  it('network ACL: entries per direction in RuleNumber order, ports and ICMP type/code, associations', () => {
    const acl = records.networkAcls[0]!;
    expect(acl.ingress.map((e) => [e.ruleNumber, e.action, e.protocol, e.cidr.cidr, e.ports, e.icmp])).toEqual([
      [90, 'deny', 'TCP', '203.0.113.0/24', { from: 22, to: 22 }, undefined],
      [100, 'allow', 'TCP', '0.0.0.0/0', { from: 443, to: 443 }, undefined],
      [110, 'allow', 'ICMP', '0.0.0.0/0', undefined, { type: 8, code: -1 }],
      [120, 'allow', 'UDP', '0.0.0.0/0', { from: 1024, to: 65535 }, undefined],
      [32767, 'deny', 'all', '0.0.0.0/0', undefined, undefined],
      [32768, 'deny', 'all', '::/0', undefined, undefined],
    ]);
    expect(acl.egress.map((e) => [e.ruleNumber, e.action])).toEqual([
      [100, 'allow'],
      [32767, 'deny'],
    ]);
    expect(acl.subnets.map((s) => s.id)).toEqual(['subnet-0pub0000000000a01', 'subnet-0pub0000000000b01']);
    expect(acl.isDefault).toBe(false);
    expect(shown(FIXTURE, acl.ingress[0]!.at)).toEqual([lineOf(FIXTURE, '"RuleNumber": 90'), '90']);
  });

  it('NAT gateway, internet gateway, peering and TGW attachment', () => {
    const nat = records.natGateways[0]!;
    expect([nat.id, nat.subnetId, nat.vpcId, nat.state, nat.connectivityType, nat.publicIps, nat.privateIps]).toEqual([
      'nat-0abc0000000000a01',
      'subnet-0pub0000000000a01',
      'vpc-0a1b2c3d4e5f60001',
      'available',
      'public',
      ['198.51.100.10'],
      ['10.0.1.17'],
    ]);
    const igw = records.internetGateways[0]!;
    expect(igw.attachments.map((a) => [a.vpcId, a.state])).toEqual([['vpc-0a1b2c3d4e5f60001', 'available']]);
    const pcx = records.peerings[0]!;
    expect([pcx.status, pcx.active, pcx.accepter.vpcId, pcx.accepter.ownerId, pcx.accepter.region]).toEqual([
      'active',
      true,
      'vpc-0shared0000000001',
      '444455556666',
      'us-east-1',
    ]);
    expect(pcx.accepter.cidrBlocks.map((c) => c.cidr)).toEqual(['172.31.0.0/16', '172.30.0.0/16']);
    expect(pcx.requester.cidrBlocks.map((c) => c.cidr)).toEqual(['10.0.0.0/16', '100.64.0.0/16']);
    expect(pcx.requester.ipv6CidrBlocks.map((c) => c.cidr)).toEqual(['2600:1f18:abcd:1200::/56']);
    const tgw = records.tgwAttachments[0]!;
    expect([tgw.id, tgw.transitGatewayId, tgw.resourceType, tgw.resourceId, tgw.state, tgw.routeTableId, tgw.tags]).toEqual([
      'tgw-attach-0prod000000001',
      'tgw-0123456789abcdef0',
      'vpc',
      'vpc-0a1b2c3d4e5f60001',
      'available',
      'tgw-rtb-0core00000000001',
      {},
    ]);
    expect(tgw.name).toBeUndefined();
  });
});

describe('loadDescribeOutput: invalid values at their exact location', () => {
  it('a bad subnet CidrBlock: INVALID_FIELD on the scalar, the subnet loads without it', () => {
    const text = [
      '{', //                                                    1
      '  "Subnets": [', //                                       2
      '    {', //                                                3
      '      "SubnetId": "subnet-0bad",', //                     4
      '      "VpcId": "vpc-1",', //                              5
      '      "CidrBlock": "10.0.300.0/24",', //                  6
      '      "AvailabilityZone": "eu-west-1a"', //               7
      '    },', //                                               8
      '    { "SubnetId": "subnet-0ok", "CidrBlock": "fd00::/64" }', // 9
      '  ]', //                                                  10
      '}', //                                                    11
    ].join('\n');
    const { records, issues } = load(text);
    expect(issues.map((i) => issue(text, i))).toEqual([
      ['INVALID_FIELD', 6, '"10.0.300.0/24"', false, 'Subnet subnet-0bad: CidrBlock: "10.0.300.0/24" is not a CIDR such as 10.0.0.0/16 or fd00::/8'],
      ['INVALID_FIELD', 9, '"fd00::/64"', false, 'Subnet subnet-0ok: CidrBlock: "fd00::/64" is not an IPv4 CIDR such as 10.0.0.0/16'],
    ]);
    expect(issues[0]!.object).toBe('Subnet/subnet-0bad');
    expect(issues[0]!.at.path).toEqual(['Subnets', 0, 'CidrBlock']);
    expect(records.subnets.map((s) => [s.id, s.cidr, s.availabilityZone, s.complete])).toEqual([
      ['subnet-0bad', undefined, 'eu-west-1a', false],
      ['subnet-0ok', undefined, undefined, false],
    ]);
  });

  it('a non-numeric FromPort: one issue on the FromPort scalar, that permission is left out, the others load', () => {
    const text = [
      '{"SecurityGroups": [{', //                                                          1
      '  "GroupId": "sg-1", "GroupName": "web",', //                                       2
      '  "IpPermissions": [', //                                                           3
      '    {"IpProtocol": "tcp", "FromPort": "ssh", "ToPort": 22,', //                     4
      '     "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},', //                                   5
      '    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,', //                      6
      '     "IpRanges": [{"CidrIp": "10.0.0.0/8"}, {"CidrIp": "10.0.0.0/33"}]},', //       7
      '    {"IpProtocol": "tls", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}', //               8
      '  ]', //                                                                            9
      '}]}', //                                                                            10
    ].join('\n');
    const { records, issues } = load(text);
    expect(issues.map((i) => issue(text, i))).toEqual([
      ['INVALID_FIELD', 4, '"ssh"', false, 'SecurityGroup sg-1: IpPermissions[0].FromPort: expected a port, ICMP type or code (a whole number from -1 to 65535), got "ssh"'],
      ['INVALID_FIELD', 7, '"10.0.0.0/33"', false, 'SecurityGroup sg-1: IpPermissions[1].IpRanges[1].CidrIp: "10.0.0.0/33" is not a CIDR such as 10.0.0.0/16 or fd00::/8'],
      ['INVALID_FIELD', 8, '"tls"', false, 'SecurityGroup sg-1: IpPermissions[2].IpProtocol: "tls" is not "-1", tcp, udp, icmp, icmpv6 or a protocol number 0-255'],
    ]);
    const sg = records.securityGroups[0]!;
    expect(sg.complete).toBe(false);
    // The bad range is gone (the rule admits less, never more); the permission without a FromPort is ignored.
    expect(sg.ingress.map((r) => [r.protocol, r.ports, r.peers.map((p) => p.kind === 'cidr' && p.cidr)])).toEqual([['TCP', { from: 443, to: 443 }, ['10.0.0.0/8']]]);
  });

  it('a TCP permission without ports or with FromPort > ToPort is reported and ignored', () => {
    const text = [
      '{"SecurityGroups": [{"GroupId": "sg-2", "IpPermissionsEgress": [', // 1
      '  {"IpProtocol": "udp", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},', //   2
      '  {"IpProtocol": "6", "FromPort": 90, "ToPort": 80}', //              3
      ']}]}', //                                                            4
    ].join('\n');
    const { records, issues } = load(text);
    expect(issues.map((i) => issue(text, i).slice(0, 4))).toEqual([
      ['INVALID_FIELD', 2, '"udp"', false],
      ['INVALID_FIELD', 3, '90', false],
    ]);
    expect(issues[1]!.message).toBe(
      'SecurityGroup sg-2: IpPermissionsEgress[1].FromPort: a TCP permission needs FromPort and ToPort from 0 to 65535 with FromPort <= ToPort, got 90-80 (the permission is ignored)',
    );
    expect(records.securityGroups[0]!.egress).toEqual([]);
    expect(records.securityGroups[0]!.complete).toBe(false);
  });

  it('a NACL entry with a bad RuleAction is removed whole; a route without destination is ignored', () => {
    const text = [
      '{"NetworkAcls": [{"NetworkAclId": "acl-1", "Entries": [', //                                                  1
      '  {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "permit", "Egress": false, "CidrBlock": "0.0.0.0/0"},', // 2
      '  {"RuleNumber": 200, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"}', //    3
      ']}],', //                                                                                                      4
      ' "RouteTables": [{"RouteTableId": "rtb-1", "Routes": [{"GatewayId": "igw-1"}]}]}', //                           5
    ].join('\n');
    const { records, issues } = load(text);
    expect(issues.map((i) => issue(text, i))).toEqual([
      ['INVALID_FIELD', 2, '"permit"', false, 'NetworkAcl acl-1: Entries[0].RuleAction: expected allow or deny, got "permit"'],
      [
        'INVALID_FIELD',
        5,
        '{"GatewayId": "igw-1"}',
        false,
        'RouteTable rtb-1: Routes[0]: a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId (the route is ignored)',
      ],
    ]);
    expect(records.networkAcls[0]!.ingress.map((e) => e.ruleNumber)).toEqual([200]);
    expect(records.networkAcls[0]!.complete).toBe(false);
    expect(records.routeTables[0]!.routes).toEqual([]);
  });

  it('a record without its ID is dropped (fatal); a non-list section and a non-mapping item are reported', () => {
    const text = [
      '{', //                                                    1
      '  "Vpcs": [{"CidrBlock": "10.0.0.0/16"}, "vpc-2"],', //   2
      '  "NatGateways": {"NatGatewayId": "nat-1"},', //          3
      '  "InternetGateways": [{"InternetGatewayId": 42}],', //   4
      '  "NextToken": "abc"', //                                 5
      '}', //                                                    6
    ].join('\n');
    const { records, issues } = load(text);
    expect(issues.map((i) => issue(text, i))).toEqual([
      ['INVALID_FIELD', 2, '{"CidrBlock": "10.0.0.0/16"}', true, 'Vpc Vpcs[0]: VpcId: required, expected an ID string'],
      ['INVALID_FIELD', 2, '"vpc-2"', true, 'Vpcs[1]: expected a Vpc mapping, got "vpc-2"'],
      ['INVALID_FIELD', 3, '"NatGateways"', true, 'NatGateways: expected a list of NatGateway objects, got a mapping'],
      ['INVALID_FIELD', 4, '42', true, 'InternetGateway InternetGateways[0]: InternetGatewayId: expected an ID string, got 42'],
    ]);
    expect(Object.values(records).every((l) => l.length === 0)).toBe(true);
  });

  it('a document that is not describe output is one fatal NOT_AN_OBJECT issue', () => {
    const { records, issues } = load('{"Resources": {}}');
    expect(issues.map((i) => [i.code, i.fatal])).toEqual([['NOT_AN_OBJECT', true]]);
    expect(records.vpcs).toEqual([]);
  });

  it('works on YAML too (aws --output yaml)', () => {
    const text = ['Subnets:', '- SubnetId: subnet-1', '  CidrBlock: 10.1.0.0/24', '  AvailabilityZone: eu-west-1a', ''].join('\n');
    const { records, issues } = load(text, 'subnets.yaml');
    expect(issues).toEqual([]);
    expect(shown(text, records.subnets[0]!.cidr!.at)).toEqual([3, '10.1.0.0/24']);
  });
});

describe('isDescribeOutput', () => {
  it('recognises a mapping with a response key, and nothing else', () => {
    expect(isDescribeOutput({ Vpcs: [] })).toBe(true);
    expect(isDescribeOutput({ TransitGatewayAttachments: [], NextToken: 'x' })).toBe(true);
    expect(isDescribeOutput({ Subnets: [], RouteTables: [] })).toBe(true);
    expect(isDescribeOutput({ apiVersion: 'v1', kind: 'List', Vpcs: [] })).toBe(false);
    expect(isDescribeOutput({ Resources: {} })).toBe(false);
    expect(isDescribeOutput([{ Vpcs: [] }])).toBe(false);
    expect(isDescribeOutput(null)).toBe(false);
    expect(isDescribeOutput('Vpcs')).toBe(false);
  });
});
