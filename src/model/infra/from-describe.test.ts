import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../../core/source.js';
import { loadDescribeOutput } from '../../loader/aws-describe/index.js';
import { regionText } from '../../loader/region-text.js';
import { parseYaml } from '../../loader/yaml-adapter.js';
import { infraFromDescribe, targetKind } from './from-describe.js';
import type { InfraModel, Reference } from './types.js';

const FIXTURE = readFileSync(new URL('../../loader/aws-describe/fixtures/prod-account.json', import.meta.url), 'utf8');
const FILE = 'prod-account.json';

function load(text: string): InfraModel {
  const { documents, issues } = parseYaml(text, FILE);
  expect(issues).toEqual([]);
  const loaded = loadDescribeOutput(documents[0]!);
  expect(loaded.issues).toEqual([]);
  return infraFromDescribe(loaded.records);
}

/** [line, text under the region]. */
const shown = (ref: SourceRef, text = FIXTURE) => [ref.region.startLine, regionText(text, ref.region)];
/** 1-based line of the first line containing `needle` at or after line `from` (1-based). */
const lineOf = (needle: string, from = 1) => FIXTURE.split('\n').findIndex((l, n) => n >= from - 1 && l.includes(needle)) + 1;
const refShown = (r: Reference | undefined) => r && [r.text, r.key, r.resolved, ...shown(r.at)];

const VPC = 'vpc-0a1b2c3d4e5f60001';

describe('infraFromDescribe: the prod-account fixture', () => {
  const m = load(FIXTURE);

  it('maps every record to one element keyed by its physical ID, source describe', () => {
    expect(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.map((e: { key: string }) => e.key)]))).toEqual({
      vpcs: [VPC],
      subnets: ['subnet-0pub0000000000a01', 'subnet-0pub0000000000b01', 'subnet-0prv0000000000a01', 'subnet-0prv0000000000b01'],
      routeTables: ['rtb-0public00000000001', 'rtb-0private0000000001'],
      gateways: ['igw-0f00dfeed00000001', 'nat-0abc0000000000a01', 'pcx-0peer000000000001', 'tgw-attach-0prod000000001'],
      securityGroups: ['sg-0nodes00000000001'],
      networkAcls: ['acl-0public000000001'],
      clusters: [],
      nodeGroups: [],
    });
    const located = [...m.vpcs, ...m.subnets, ...m.routeTables, ...m.gateways, ...m.securityGroups, ...m.networkAcls];
    for (const el of located) {
      expect(el.source).toBe('describe');
      expect(el.id).toBe(el.key);
      // Declared at its ID field (VpcId, SubnetId, RouteTableId, GroupId …).
      expect([regionText(FIXTURE, el.at.region), String(el.at.path.at(-1)).endsWith('Id')]).toEqual([`"${el.key}"`, true]);
    }
    expect(m.gateways.map((g) => g.kind)).toEqual(['igw', 'nat', 'pcx', 'tgw-attachment']);
    expect(shown(m.routeTables[0]!.at)).toEqual([lineOf('"RouteTableId": "rtb-0public00000000001"', lineOf('"PropagatingVgws"')), '"rtb-0public00000000001"']);
  });

  it('VPC: IPv4 blocks (primary first, disassociated left out) and the IPv6 block, known and located', () => {
    const vpc = m.vpcs[0]!;
    expect(vpc.name).toBe('prod-eks');
    expect(vpc.cidrs.map((c) => [c.cidr, ...shown(c.at)])).toEqual([
      [{ known: true, value: '10.0.0.0/16' }, 4, '"10.0.0.0/16"'],
      [{ known: true, value: '100.64.0.0/16' }, lineOf('"100.64.0.0/16"'), '"100.64.0.0/16"'],
    ]);
    expect(vpc.ipv6Cidrs.map((c) => [c.cidr, ...shown(c.at)])).toEqual([
      [{ known: true, value: '2600:1f18:abcd:1200::/56' }, lineOf('"2600:1f18:abcd:1200::/56"'), '"2600:1f18:abcd:1200::/56"'],
    ]);
  });

  it('subnets: VPC reference at VpcId, CIDR and AZ located, tags, tier and route table left to the merge', () => {
    const s = m.subnets.find((x) => x.key === 'subnet-0prv0000000000b01')!;
    const from = lineOf('"SubnetId": "subnet-0prv0000000000b01"') - 7;
    expect(s.cidr?.cidr).toEqual({ known: true, value: '10.0.128.0/18' });
    expect(shown(s.cidr!.at)).toEqual([lineOf('"10.0.128.0/18"'), '"10.0.128.0/18"']);
    expect([s.az?.known, s.az?.known && s.az.value]).toEqual([true, 'us-east-1b']);
    expect(shown(s.az!.at)).toEqual([lineOf('"AvailabilityZone": "us-east-1b"', from), '"us-east-1b"']);
    expect(refShown(s.vpc)).toEqual([VPC, VPC, false, lineOf(`"VpcId": "${VPC}"`, from), `"${VPC}"`]);
    expect(s.name).toBe('prod-private-us-east-1b');
    expect(s.tags).toEqual({ Name: 'prod-private-us-east-1b', 'kubernetes.io/role/internal-elb': '1' });
    expect(s.tier).toBe('unknown');
    expect(s.routeTable).toBeUndefined();
  });

  it('route tables: main flag, explicit subnets, every route with its destination and target', () => {
    const [pub, prv] = m.routeTables;
    expect([pub!.main, prv!.main]).toEqual([true, false]);
    expect(pub!.subnets.map(refShown)).toEqual(
      ['subnet-0pub0000000000a01', 'subnet-0pub0000000000b01'].map((id) => [id, id, false, lineOf(`"SubnetId": "${id}"`, lineOf('"RouteTables"')), `"${id}"`]),
    );
    expect(refShown(prv!.vpc)?.slice(0, 3)).toEqual([VPC, VPC, false]);
    expect(prv!.routes.map((r) => [r.destination.known && r.destination.value, r.target.kind, r.target.ref.text, r.target.ref.key, r.active])).toEqual([
      ['10.0.0.0/16', 'local', 'local', undefined, true],
      ['0.0.0.0/0', 'nat', 'nat-0abc0000000000a01', 'nat-0abc0000000000a01', true],
      ['10.100.0.0/16', 'tgw', 'tgw-0123456789abcdef0', 'tgw-0123456789abcdef0', true],
      ['172.31.0.0/16', 'pcx', 'pcx-0peer000000000001', 'pcx-0peer000000000001', true],
      ['::/0', 'eigw', 'eigw-0e000000000000001', 'eigw-0e000000000000001', true],
      ['pl-63a5400a', 'vpce', 'vpce-0s3gateway000001', 'vpce-0s3gateway000001', true],
      // A NAT instance route: the instance wins over its ENI; blackhole → inactive.
      ['192.168.0.0/16', 'instance', 'i-0natinstance00001', 'i-0natinstance00001', false],
      ['10.200.0.0/16', 'vgw', 'vgw-0vpn00000000001', 'vgw-0vpn00000000001', true],
    ]);
    for (const r of [...pub!.routes, ...prv!.routes]) expect(r.target.ref.resolved).toBe(false);
  });

  it('a route to the internet gateway: target and destination located at their scalars, the route at its destination', () => {
    const r = m.routeTables[0]!.routes[2]!;
    expect(r.target.kind).toBe('igw');
    expect(refShown(r.target.ref)).toEqual(['igw-0f00dfeed00000001', 'igw-0f00dfeed00000001', false, lineOf('"GatewayId": "igw-0f00dfeed00000001"'), '"igw-0f00dfeed00000001"']);
    expect(shown(r.destination.at)).toEqual([lineOf('"0.0.0.0/0"', lineOf('"RouteTables"')), '"0.0.0.0/0"']);
    expect(r.at).toEqual(r.destination.at);
    expect(r.target.ref.at.path.at(-1)).toBe('GatewayId');
  });

  it('gateways: IGW in its VPC, NAT with subnet and connectivity, peering local/remote sides, TGW attachment VPC', () => {
    const [igw, nat, pcx, tgw] = m.gateways;
    expect(refShown(igw!.vpc)).toEqual([VPC, VPC, false, lineOf(`"VpcId": "${VPC}"`, lineOf('"InternetGateways"')), `"${VPC}"`]);
    expect(nat!.connectivity).toBe('public');
    expect(refShown(nat!.subnet)).toEqual([
      'subnet-0pub0000000000a01',
      'subnet-0pub0000000000a01',
      false,
      lineOf('"SubnetId": "subnet-0pub0000000000a01"', lineOf('"NatGateways"')),
      '"subnet-0pub0000000000a01"',
    ]);
    expect(refShown(nat!.vpc)?.slice(0, 3)).toEqual([VPC, VPC, false]);
    // The requester is this account's VPC: it is `vpc`, the accepter the peer with its blocks.
    expect(refShown(pcx!.vpc)).toEqual([VPC, VPC, false, lineOf(`"VpcId": "${VPC}"`, lineOf('"RequesterVpcInfo"')), `"${VPC}"`]);
    expect(refShown(pcx!.peer?.vpc)).toEqual(['vpc-0shared0000000001', 'vpc-0shared0000000001', false, lineOf('"vpc-0shared0000000001"'), '"vpc-0shared0000000001"']);
    expect(pcx!.peer?.cidrs.map((c) => [c.cidr, ...shown(c.at)])).toEqual([
      [{ known: true, value: '172.31.0.0/16' }, lineOf('"172.31.0.0/16"', lineOf('"VpcPeeringConnections"')), '"172.31.0.0/16"'],
      [{ known: true, value: '172.30.0.0/16' }, lineOf('"172.30.0.0/16"'), '"172.30.0.0/16"'],
    ]);
    expect(refShown(tgw!.vpc)).toEqual([VPC, VPC, false, lineOf(`"ResourceId": "${VPC}"`), `"${VPC}"`]);
    expect([igw!.subnet, igw!.peer, tgw!.subnet, tgw!.peer]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('security group: rules in order, protocols named, ports for TCP/UDP, peers by kind, complete', () => {
    const sg = m.securityGroups[0]!;
    expect([sg.name, sg.complete, refShown(sg.vpc)?.slice(0, 3)]).toEqual(['prod-nodes', true, [VPC, VPC, false]]);
    expect(sg.rules.map((r) => [r.direction, r.protocol, r.ports, r.peers.map((p) => (p.kind === 'cidr' ? p.cidr : p.kind === 'prefix-list' ? p.id : p.ref.key))])).toEqual([
      ['ingress', 'TCP', { from: 443, to: 443 }, [{ known: true, value: '10.0.0.0/16' }, { known: true, value: '2600:1f18:abcd:1200::/56' }]],
      ['ingress', 'UDP', { from: 53, to: 53 }, ['sg-0cluster000000001']],
      ['ingress', 'all', undefined, ['sg-0nodes00000000001']],
      ['ingress', 'TCP', { from: 10250, to: 10250 }, ['sg-0cluster000000001']],
      ['ingress', 'ICMP', undefined, [{ known: true, value: '0.0.0.0/0' }]],
      ['ingress', 'SCTP', undefined, [{ known: true, value: '10.0.64.0/18' }]],
      ['egress', 'all', undefined, [{ known: true, value: '0.0.0.0/0' }, { known: true, value: '::/0' }, 'pl-63a5400a']],
    ]);
    const sgPeer = sg.rules[1]!.peers[0]!;
    expect(sgPeer.kind === 'security-group' && refShown(sgPeer.ref)).toEqual([
      'sg-0cluster000000001',
      'sg-0cluster000000001',
      false,
      lineOf('"GroupId": "sg-0cluster000000001"'),
      '"sg-0cluster000000001"',
    ]);
    // Each rule at its IpProtocol scalar.
    expect(sg.rules.map((r) => regionText(FIXTURE, r.at.region))).toEqual(['"tcp"', '"udp"', '"-1"', '"6"', '"icmp"', '"132"', '"-1"']);
  });

  it('network ACL: inbound then outbound entries in evaluation order, default flag, subnets, complete', () => {
    const acl = m.networkAcls[0]!;
    expect([acl.isDefault, acl.complete, refShown(acl.vpc)?.slice(0, 3)]).toEqual([false, true, [VPC, VPC, false]]);
    expect(acl.subnets.map((s) => [s.key, ...shown(s.at)])).toEqual(
      ['subnet-0pub0000000000a01', 'subnet-0pub0000000000b01'].map((id) => [id, lineOf(`"aclassoc-0${id.slice(-3, -2)}01"`), `"${id}"`]),
    );
    expect(acl.entries.map((e) => [e.ruleNumber, e.egress, e.action, e.protocol, e.cidr.known && e.cidr.value, e.ports])).toEqual([
      [90, false, 'deny', 'TCP', '203.0.113.0/24', { from: 22, to: 22 }],
      [100, false, 'allow', 'TCP', '0.0.0.0/0', { from: 443, to: 443 }],
      [110, false, 'allow', 'ICMP', '0.0.0.0/0', undefined],
      [120, false, 'allow', 'UDP', '0.0.0.0/0', { from: 1024, to: 65535 }],
      [32767, false, 'deny', 'all', '0.0.0.0/0', undefined],
      [32768, false, 'deny', 'all', '::/0', undefined],
      [100, true, 'allow', 'all', '0.0.0.0/0', undefined],
      [32767, true, 'deny', 'all', '0.0.0.0/0', undefined],
    ]);
    expect(shown(acl.entries[0]!.at)).toEqual([lineOf('"RuleNumber": 90'), '90']);
  });
});

describe('infraFromDescribe: edge cases', () => {
  it('a missing VpcId is an empty, keyless reference at the record; an IGW without attachment has no VPC', () => {
    const m = load(
      JSON.stringify({
        Subnets: [{ SubnetId: 'subnet-1', CidrBlock: '10.1.0.0/24' }],
        InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [] }],
      }),
    );
    const s = m.subnets[0]!;
    expect([s.vpc.text, s.vpc.key, s.vpc.resolved, s.vpc.at.path]).toEqual(['', undefined, false, ['Subnets', 0, 'VpcId']]);
    expect(s.az).toBeUndefined();
    expect(m.gateways[0]!.vpc).toBeUndefined();
  });

  it('a peering accepted by this account: the accepter is the local side', () => {
    const text = JSON.stringify(
      {
        Vpcs: [{ VpcId: 'vpc-mine', CidrBlock: '10.9.0.0/16' }],
        VpcPeeringConnections: [
          {
            VpcPeeringConnectionId: 'pcx-1',
            RequesterVpcInfo: { VpcId: 'vpc-theirs', CidrBlock: '172.16.0.0/16' },
            AccepterVpcInfo: { VpcId: 'vpc-mine', CidrBlock: '10.9.0.0/16' },
            Status: { Code: 'active' },
          },
        ],
      },
      null,
      2,
    );
    const pcx = load(text).gateways[0]!;
    expect([pcx.vpc?.key, pcx.peer?.vpc?.key, pcx.peer?.cidrs.map((c) => c.cidr.known && c.cidr.value)]).toEqual(['vpc-mine', 'vpc-theirs', ['172.16.0.0/16']]);
    expect(pcx.vpc?.at.path.slice(-2)).toEqual(['AccepterVpcInfo', 'VpcId']);
  });

  it('a TGW attachment to a VPN has no VPC; a security group pair named by GroupName only has no key', () => {
    const m = load(
      JSON.stringify({
        TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1', ResourceType: 'vpn', ResourceId: 'vpn-1' }],
        SecurityGroups: [
          { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: '47', UserIdGroupPairs: [{ GroupName: 'legacy' }] }], IpPermissionsEgress: [] },
        ],
      }),
    );
    expect(m.gateways[0]!.vpc).toBeUndefined();
    const rule = m.securityGroups[0]!.rules[0]!;
    expect(rule.protocol).toBe('47');
    const peer = rule.peers[0]!;
    expect(peer.kind === 'security-group' && [peer.ref.text, peer.ref.key]).toEqual(['legacy', undefined]);
  });

  it('route target kinds the model does not name are other', () => {
    expect(['lgw', 'cgw', 'core-network', 'unknown'].map((k) => targetKind(k as never))).toEqual(['other', 'other', 'other', 'other']);
    expect(targetKind('igw')).toBe('igw');
  });
});
