import { describe, expect, it } from 'vitest';
import { evaluateTemplate, type EvaluateOptions } from '../../loader/cloudformation/index.js';
import { regionText } from '../../loader/region-text.js';
import { parseYaml } from '../../loader/yaml-adapter.js';
import { EKS_DEFAULT_INSTANCE_TYPE, infraFromCloudFormation } from './from-cloudformation.js';
import { mergeInfra } from './merge.js';
import { refOf } from '../../core/source.js';
import type { InfraModel } from './types.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

function infra(text: string, options?: EvaluateOptions, file = 'vpc.yaml'): InfraModel {
  const { documents, issues } = parseYaml(text, file);
  expect(issues).toEqual([]);
  const template = evaluateTemplate(documents[0]!, options);
  expect(template.issues.map((i) => i.message)).toEqual([]);
  return infraFromCloudFormation(file, template);
}

const K = (id: string) => `cfn:vpc.yaml#${id}`;

/** An EKS VPC the way AWS's sample templates write it: two AZs, public subnets behind an IGW, a NAT gateway per AZ (written for these tests). */
const STACK = lines(
  "AWSTemplateFormatVersion: '2010-09-09'", //                                    1
  'Parameters:', //                                                               2
  '  ClusterName:', //                                                            3
  '    Type: String', //                                                          4
  '    Default: shop', //                                                         5
  '  SharedVpcId:', //                                                            6
  '    Type: AWS::EC2::VPC::Id', //                                               7
  '    Default: vpc-0abc', //                                                     8
  'Conditions:', //                                                               9
  '  IsOther: !Equals [!Ref ClusterName, other]', //                              10
  'Resources:', //                                                                11
  '  VPC:', //                                                                    12
  '    Type: AWS::EC2::VPC', //                                                   13
  '    Properties:', //                                                           14
  '      CidrBlock: 10.0.0.0/16', //                                              15
  '      Tags: [{ Key: Name, Value: shop-vpc }]', //                              16
  '  PodCidr:', //                                                                17
  '    Type: AWS::EC2::VPCCidrBlock', //                                          18
  '    Properties:', //                                                           19
  '      VpcId: !Ref VPC', //                                                     20
  '      CidrBlock: 100.64.0.0/16', //                                            21
  '  PublicSubnet1:', //                                                          22
  '    Type: AWS::EC2::Subnet', //                                                23
  '    Properties:', //                                                           24
  '      VpcId: !Ref VPC', //                                                     25
  '      CidrBlock: !Select [0, !Cidr [!GetAtt VPC.CidrBlock, 4, 8]]', //         26
  "      AvailabilityZone: !Select [0, !GetAZs '']", //                           27
  '      MapPublicIpOnLaunch: true', //                                           28
  '      Tags: [{ Key: kubernetes.io/role/elb, Value: "1" }]', //                 29
  '  PublicSubnet2:', //                                                          30
  '    Type: AWS::EC2::Subnet', //                                                31
  '    Properties:', //                                                           32
  '      VpcId: !Ref VPC', //                                                     33
  '      CidrBlock: !Select [1, !Cidr [!GetAtt VPC.CidrBlock, 4, 8]]', //         34
  "      AvailabilityZone: !Select [1, !GetAZs '']", //                           35
  '  PrivateSubnet1:', //                                                         36
  '    Type: AWS::EC2::Subnet', //                                                37
  '    Properties:', //                                                           38
  '      VpcId: !Ref VPC', //                                                     39
  '      CidrBlock: !Select [2, !Cidr [!GetAtt VPC.CidrBlock, 4, 8]]', //         40
  "      AvailabilityZone: !Select [0, !GetAZs '']", //                           41
  '  PrivateSubnet2:', //                                                         42
  '    Type: AWS::EC2::Subnet', //                                                43
  '    Properties:', //                                                           44
  '      VpcId: !Ref VPC', //                                                     45
  '      CidrBlock: !Select [3, !Cidr [!GetAtt VPC.CidrBlock, 4, 8]]', //         46
  '      AvailabilityZone: us-east-1b', //                                        47
  '  InternetGateway:', //                                                        48
  '    Type: AWS::EC2::InternetGateway', //                                       49
  '  GatewayAttachment:', //                                                      50
  '    Type: AWS::EC2::VPCGatewayAttachment', //                                  51
  '    Properties:', //                                                           52
  '      VpcId: !Ref VPC', //                                                     53
  '      InternetGatewayId: !Ref InternetGateway', //                             54
  '  PublicRouteTable:', //                                                       55
  '    Type: AWS::EC2::RouteTable', //                                            56
  '    Properties:', //                                                           57
  '      VpcId: !Ref VPC', //                                                     58
  '  PublicRoute:', //                                                            59
  '    Type: AWS::EC2::Route', //                                                 60
  '    DependsOn: GatewayAttachment', //                                          61
  '    Properties:', //                                                           62
  '      RouteTableId: !Ref PublicRouteTable', //                                 63
  '      DestinationCidrBlock: 0.0.0.0/0', //                                     64
  '      GatewayId: !Ref InternetGateway', //                                     65
  '  PublicSubnet1Assoc:', //                                                     66
  '    Type: AWS::EC2::SubnetRouteTableAssociation', //                           67
  '    Properties:', //                                                           68
  '      SubnetId: !Ref PublicSubnet1', //                                        69
  '      RouteTableId: !Ref PublicRouteTable', //                                 70
  '  PublicSubnet2Assoc:', //                                                     71
  '    Type: AWS::EC2::SubnetRouteTableAssociation', //                           72
  '    Properties:', //                                                           73
  '      SubnetId: !Ref PublicSubnet2', //                                        74
  '      RouteTableId: !Ref PublicRouteTable', //                                 75
  '  NatEip1:', //                                                                76
  '    Type: AWS::EC2::EIP', //                                                   77
  '    Properties: { Domain: vpc }', //                                           78
  '  NatGateway1:', //                                                            79
  '    Type: AWS::EC2::NatGateway', //                                            80
  '    Properties:', //                                                           81
  '      AllocationId: !GetAtt NatEip1.AllocationId', //                          82
  '      SubnetId: !Ref PublicSubnet1', //                                        83
  '  NatEip2:', //                                                                84
  '    Type: AWS::EC2::EIP', //                                                   85
  '    Properties: { Domain: vpc }', //                                           86
  '  NatGateway2:', //                                                            87
  '    Type: AWS::EC2::NatGateway', //                                            88
  '    Properties:', //                                                           89
  '      AllocationId: !GetAtt NatEip2.AllocationId', //                          90
  '      SubnetId: !Ref PublicSubnet2', //                                        91
  '  PrivateRouteTable1:', //                                                     92
  '    Type: AWS::EC2::RouteTable', //                                            93
  '    Properties: { VpcId: !Ref VPC }', //                                       94
  '  PrivateRoute1:', //                                                          95
  '    Type: AWS::EC2::Route', //                                                 96
  '    Properties:', //                                                           97
  '      RouteTableId: !Ref PrivateRouteTable1', //                               98
  '      DestinationCidrBlock: 0.0.0.0/0', //                                     99
  '      NatGatewayId: !Ref NatGateway1', //                                      100
  '  PrivateSubnet1Assoc:', //                                                    101
  '    Type: AWS::EC2::SubnetRouteTableAssociation', //                           102
  '    Properties:', //                                                           103
  '      SubnetId: !Ref PrivateSubnet1', //                                       104
  '      RouteTableId: !Ref PrivateRouteTable1', //                               105
  '  PrivateRouteTable2:', //                                                     106
  '    Type: AWS::EC2::RouteTable', //                                            107
  '    Properties: { VpcId: !Ref VPC }', //                                       108
  '  PrivateRoute2:', //                                                          109
  '    Type: AWS::EC2::Route', //                                                 110
  '    Properties:', //                                                           111
  '      RouteTableId: !Ref PrivateRouteTable2', //                               112
  '      DestinationCidrBlock: 0.0.0.0/0', //                                     113
  '      NatGatewayId: !Ref NatGateway2', //                                      114
  '  PrivateSubnet2Assoc:', //                                                    115
  '    Type: AWS::EC2::SubnetRouteTableAssociation', //                           116
  '    Properties:', //                                                           117
  '      SubnetId: !Ref PrivateSubnet2', //                                       118
  '      RouteTableId: !Ref PrivateRouteTable2', //                               119
  '  OtherRouteTable:', //                                                        120
  '    Type: AWS::EC2::RouteTable', //                                            121
  '    Condition: IsOther', //                                                    122
  '    Properties: { VpcId: !Ref VPC }', //                                       123
  '  Cluster:', //                                                                124
  '    Type: AWS::EKS::Cluster', //                                               125
  '    Properties:', //                                                           126
  '      Name: !Ref ClusterName', //                                              127
  '      RoleArn: arn:aws:iam::111122223333:role/eks', //                         128
  '      ResourcesVpcConfig:', //                                                 129
  '        SubnetIds: [!Ref PrivateSubnet1, !Ref PrivateSubnet2, subnet-0ext]', //130
  '        EndpointPrivateAccess: true', //                                       131
  '      KubernetesNetworkConfig:', //                                            132
  '        ServiceIpv4Cidr: 172.20.0.0/16', //                                    133
  '  Nodes:', //                                                                  134
  '    Type: AWS::EKS::Nodegroup', //                                             135
  '    Properties:', //                                                           136
  '      ClusterName: !Ref Cluster', //                                           137
  '      NodeRole: arn:aws:iam::111122223333:role/node', //                       138
  '      Subnets: [!Ref PrivateSubnet1, !Ref PrivateSubnet2]', //                 139
  '      Labels: { role: worker }', //                                            140
  '      Taints: [{ Key: dedicated, Value: batch, Effect: NO_SCHEDULE }]', //     141
);

describe('infraFromCloudFormation: an EKS VPC stack', () => {
  const m = infra(STACK);
  const subnet = (id: string) => m.subnets.find((s) => s.key === K(id))!;
  const table = (id: string) => m.routeTables.find((t) => t.key === K(id))!;

  it('keys every element by file and logical id, from the cloudformation source', () => {
    expect(m.vpcs.map((v) => v.key)).toEqual([K('VPC')]);
    expect(m.subnets.map((s) => s.key)).toEqual(['PublicSubnet1', 'PublicSubnet2', 'PrivateSubnet1', 'PrivateSubnet2'].map(K));
    // OtherRouteTable: condition false. The VPC's main table comes with it (local route only).
    expect(m.routeTables.map((t) => t.key)).toEqual([K('VPC') + '#main-route-table', ...['PublicRouteTable', 'PrivateRouteTable1', 'PrivateRouteTable2'].map(K)]);
    expect(m.routeTables[0]).toMatchObject({ main: true, routes: [], vpc: { key: K('VPC') } });
    expect(m.gateways.map((g) => [g.key, g.kind])).toEqual([
      [K('InternetGateway'), 'igw'],
      [K('NatGateway1'), 'nat'],
      [K('NatGateway2'), 'nat'],
    ]);
    expect([...m.vpcs, ...m.subnets, ...m.routeTables, ...m.gateways, ...m.clusters, ...m.nodeGroups].every((e) => e.source === 'cloudformation')).toBe(true);
    expect(m.vpcs[0]!.at.path).toEqual(['Resources', 'VPC']);
  });

  it('gives the VPC its primary and AWS::EC2::VPCCidrBlock blocks, the primary first', () => {
    const vpc = m.vpcs[0]!;
    expect(vpc.name).toBe('shop-vpc');
    expect(vpc.cidrs.map((c) => [c.cidr, c.at.region.startLine])).toEqual([
      [{ known: true, value: '10.0.0.0/16' }, 15],
      [{ known: true, value: '100.64.0.0/16' }, 21],
    ]);
    expect(vpc.ipv6Cidrs).toEqual([]);
  });

  it('computes subnet CIDRs from Fn::Cidr over the VPC block, located at the expression', () => {
    expect(m.subnets.map((s) => s.cidr?.cidr)).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.3.0/24'].map((value) => ({ known: true, value })));
    const at = subnet('PublicSubnet2').cidr!.at;
    expect(at.path.slice(0, 4)).toEqual(['Resources', 'PublicSubnet2', 'Properties', 'CidrBlock']);
    expect(at.region.startLine).toBe(34);
    expect(regionText(STACK, at.region)).toContain('!GetAtt VPC.CidrBlock');
  });

  it('keeps AZs symbolic where only the deployed stack knows them, concrete where written', () => {
    expect(subnet('PublicSubnet1').az).toMatchObject({ known: false, expr: 'Fn::GetAZs(Ref(AWS::Region))[0]' });
    expect(subnet('PublicSubnet1').az!.at.region.startLine).toBe(27);
    expect(subnet('PrivateSubnet2').az).toMatchObject({ known: true, value: 'us-east-1b' });
    expect(regionText(STACK, subnet('PrivateSubnet2').az!.at.region)).toBe('us-east-1b');
  });

  it('names the region in the expression when the stack has one', () => {
    const withRegion = infra(STACK, { region: 'eu-west-1' });
    expect(withRegion.subnets[1]!.az).toMatchObject({ known: false, expr: 'Fn::GetAZs(eu-west-1)[1]' });
  });

  it('resolves Ref/GetAtt of the template’s resources to their keys', () => {
    const vpcRef = subnet('PublicSubnet1').vpc;
    expect(vpcRef).toMatchObject({ key: K('VPC'), text: 'Ref(VPC)', resolved: true });
    expect(regionText(STACK, vpcRef.at.region)).toBe('VPC');
    expect(vpcRef.at.region.startLine).toBe(25);
    expect(subnet('PublicSubnet1').tags).toEqual({ 'kubernetes.io/role/elb': '1' });
    expect(subnet('PublicSubnet1').tier).toBe('unknown'); // MapPublicIpOnLaunch does not decide it
  });

  it('builds the public route table: its subnets and the default route to the internet gateway', () => {
    const t = table('PublicRouteTable');
    expect(t.main).toBe(false);
    expect(t.vpc).toMatchObject({ key: K('VPC'), resolved: true });
    expect(t.subnets.map((s) => s.key)).toEqual([K('PublicSubnet1'), K('PublicSubnet2')]);
    expect(t.routes).toHaveLength(1);
    const route = t.routes[0]!;
    expect(route.destination).toMatchObject({ known: true, value: '0.0.0.0/0' });
    expect(route.destination.at.region.startLine).toBe(64);
    expect(route.target).toMatchObject({ kind: 'igw', ref: { key: K('InternetGateway'), text: 'Ref(InternetGateway)', resolved: true } });
    expect(route.active).toBe(true);
    expect(route.at.path).toEqual(['Resources', 'PublicRoute']);
  });

  it('builds a private route table per AZ, each sending 0.0.0.0/0 to its NAT gateway', () => {
    for (const n of [1, 2]) {
      const t = table(`PrivateRouteTable${n}`);
      expect(t.subnets.map((s) => s.key)).toEqual([K(`PrivateSubnet${n}`)]);
      expect(t.routes.map((r) => [r.destination.known && r.destination.value, r.target.kind, r.target.ref.key])).toEqual([['0.0.0.0/0', 'nat', K(`NatGateway${n}`)]]);
    }
  });

  it('attaches the internet gateway to its VPC and puts each NAT gateway in its subnet and that subnet’s VPC', () => {
    const igw = m.gateways.find((g) => g.kind === 'igw')!;
    expect(igw.vpc).toMatchObject({ key: K('VPC'), resolved: true });
    const nat = m.gateways.find((g) => g.key === K('NatGateway2'))!;
    expect(nat.subnet).toMatchObject({ key: K('PublicSubnet2'), text: 'Ref(PublicSubnet2)', resolved: true });
    expect(nat.vpc).toMatchObject({ key: K('VPC'), resolved: true });
    expect(nat.connectivity).toBe('public');
  });

  it('maps the EKS cluster with EKS’s endpoint defaults', () => {
    expect(m.clusters).toHaveLength(1);
    const c = m.clusters[0]!;
    expect(c.key).toBe(K('Cluster'));
    expect(c.name).toBe('shop');
    expect(c.subnets.map((s) => [s.key, s.text, s.resolved])).toEqual([
      [K('PrivateSubnet1'), 'Ref(PrivateSubnet1)', true],
      [K('PrivateSubnet2'), 'Ref(PrivateSubnet2)', true],
      [undefined, 'subnet-0ext', false], // a physical ID: the merge step resolves it
    ]);
    expect(c.vpc).toMatchObject({ key: K('VPC') });
    expect(c.endpoint).toMatchObject({ publicAccess: true, privateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] });
    expect(c.serviceIPv4Cidr).toMatchObject({ known: true, value: '172.20.0.0/16' });
    expect(c.serviceIPv4Cidr!.at.region.startLine).toBe(133);
    expect(c.ipFamily).toBe('IPv4');
  });

  it('maps the managed node group with EKS’s instance type and scaling defaults', () => {
    expect(m.nodeGroups).toHaveLength(1);
    const ng = m.nodeGroups[0]!;
    expect(ng).toMatchObject({ key: K('Nodes'), name: 'Nodes', cluster: 'shop', managed: true, labels: { role: 'worker' } });
    expect(ng.instanceTypes).toMatchObject([{ known: true, value: EKS_DEFAULT_INSTANCE_TYPE }]);
    expect(EKS_DEFAULT_INSTANCE_TYPE).toBe('t3.medium');
    expect(ng.scaling).toMatchObject({ min: 1, max: 2, desired: 2 });
    expect(ng.scaling.at.path).toEqual(['Resources', 'Nodes']);
    expect(ng.subnets.map((s) => s.key)).toEqual([K('PrivateSubnet1'), K('PrivateSubnet2')]);
    expect(ng.taints).toEqual([{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }]);
  });

  it('lets the merge step derive each subnet’s route table and tier', () => {
    const merged = mergeInfra([m]);
    const tiers = Object.fromEntries(merged.subnets.map((s) => [s.key, [s.tier, s.routeTable]]));
    expect(tiers).toEqual({
      [K('PublicSubnet1')]: ['public', K('PublicRouteTable')],
      [K('PublicSubnet2')]: ['public', K('PublicRouteTable')],
      [K('PrivateSubnet1')]: ['private', K('PrivateRouteTable1')],
      [K('PrivateSubnet2')]: ['private', K('PrivateRouteTable2')],
    });
  });
});

describe('infraFromCloudFormation: references outside the template', () => {
  it('keeps a concrete ID unresolved and unkeyed, an import as its expression', () => {
    const m = infra(
      lines(
        'Parameters:',
        '  VpcId: { Type: "AWS::EC2::VPC::Id", Default: vpc-0abc }',
        'Resources:',
        '  Subnet:',
        '    Type: AWS::EC2::Subnet',
        '    Properties:',
        '      VpcId: !Ref VpcId',
        '      CidrBlock: 10.1.0.0/24',
        '  Other:',
        '    Type: AWS::EC2::Subnet',
        '    Properties:',
        '      VpcId: !ImportValue network-VpcId',
        '      CidrBlock: 10.1.1.0/24',
      ),
    );
    expect(m.subnets[0]!.vpc).toEqual({ text: 'vpc-0abc', resolved: false, at: expect.anything() });
    expect(m.subnets[0]!.vpc.key).toBeUndefined();
    expect(m.subnets[1]!.vpc).toMatchObject({ text: 'ImportValue(network-VpcId)', resolved: false });
    expect(m.subnets[1]!.vpc.key).toBeUndefined();
  });

  it('includes resources whose condition is not known statically', () => {
    const m = infra(
      lines(
        'Parameters:',
        '  Env: { Type: String }',
        'Conditions:',
        '  Prod: !Equals [!Ref Env, prod]',
        'Resources:',
        '  VPC:',
        '    Type: AWS::EC2::VPC',
        '    Condition: Prod',
        '    Properties: { CidrBlock: 10.0.0.0/16 }',
      ),
    );
    expect(m.vpcs.map((v) => v.key)).toEqual([K('VPC')]);
  });

  it('marks an unknown VPC block (IPAM) symbolic', () => {
    const m = infra(lines('Resources:', '  VPC:', '    Type: AWS::EC2::VPC', '    Properties: { Ipv4IpamPoolId: ipam-pool-1, Ipv4NetmaskLength: 20 }'));
    expect(m.vpcs[0]!.cidrs.map((c) => c.cidr)).toEqual([{ known: false, expr: 'GetAtt(VPC.CidrBlock)' }]);
  });
});

describe('infraFromCloudFormation: security groups and network ACLs', () => {
  const TEXT = lines(
    'Resources:', //                                                                    1
    '  VPC:', //                                                                        2
    '    Type: AWS::EC2::VPC', //                                                       3
    '    Properties: { CidrBlock: 10.0.0.0/16, AmazonProvidedIpv6CidrBlock: false }', //4
    '  V6:', //                                                                         5
    '    Type: AWS::EC2::VPCCidrBlock', //                                              6
    '    Properties: { VpcId: !Ref VPC, AmazonProvidedIpv6CidrBlock: true }', //        7
    '  NodeSG:', //                                                                     8
    '    Type: AWS::EC2::SecurityGroup', //                                             9
    '    Properties:', //                                                               10
    '      GroupDescription: nodes', //                                                 11
    '      VpcId: !Ref VPC', //                                                         12
    '      SecurityGroupIngress:', //                                                   13
    '        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/16 }', //14
    '        - { IpProtocol: "-1", SourceSecurityGroupId: !GetAtt LbSG.GroupId }', //   15
    '        - { IpProtocol: udp, FromPort: 53, ToPort: 53, SourcePrefixListId: pl-1 }', //16
    '  LbSG:', //                                                                       17
    '    Type: AWS::EC2::SecurityGroup', //                                             18
    '    Properties:', //                                                               19
    '      GroupDescription: lb', //                                                    20
    '      VpcId: !Ref VPC', //                                                         21
    '      SecurityGroupEgress:', //                                                    22
    '        - { IpProtocol: tcp, FromPort: 0, ToPort: 65535, DestinationSecurityGroupId: !Ref NodeSG }', //23
    '  NodeSelf:', //                                                                   24
    '    Type: AWS::EC2::SecurityGroupIngress', //                                      25
    '    Properties:', //                                                               26
    '      GroupId: !Ref NodeSG', //                                                    27
    '      IpProtocol: "6"', //                                                         28
    '      FromPort: 10250', //                                                         29
    '      ToPort: 10250', //                                                           30
    '      CidrIp: !ImportValue mgmt-cidr', //                                          31
    '  Acl:', //                                                                        32
    '    Type: AWS::EC2::NetworkAcl', //                                                33
    '    Properties: { VpcId: !Ref VPC }', //                                           34
    '  AclIn:', //                                                                      35
    '    Type: AWS::EC2::NetworkAclEntry', //                                           36
    '    Properties:', //                                                               37
    '      NetworkAclId: !Ref Acl', //                                                  38
    '      RuleNumber: 100', //                                                         39
    '      Protocol: 6', //                                                             40
    '      RuleAction: allow', //                                                       41
    '      CidrBlock: 0.0.0.0/0', //                                                    42
    '      PortRange: { From: 443, To: 443 }', //                                       43
    '  AclOut:', //                                                                     44
    '    Type: AWS::EC2::NetworkAclEntry', //                                           45
    '    Properties: { NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: -1, RuleAction: deny, Egress: true, CidrBlock: 0.0.0.0/0 }', //46
    '  Sub:', //                                                                        47
    '    Type: AWS::EC2::Subnet', //                                                    48
    '    Properties: { VpcId: !Ref VPC, CidrBlock: 10.0.0.0/24 }', //                   49
    '  SubAcl:', //                                                                     50
    '    Type: AWS::EC2::SubnetNetworkAclAssociation', //                               51
    '    Properties: { SubnetId: !Ref Sub, NetworkAclId: !Ref Acl }', //                52
  );
  const m = infra(TEXT);

  it('adds an Amazon-provided IPv6 block as a symbolic block', () => {
    expect(m.vpcs[0]!.ipv6Cidrs.map((c) => c.cidr)).toEqual([{ known: false, expr: 'GetAtt(V6.Ipv6CidrBlock)' }]);
  });

  it('maps inline and separate rules, with the default egress where SecurityGroupEgress is not written', () => {
    const node = m.securityGroups.find((g) => g.key === K('NodeSG'))!;
    expect(node.vpc).toMatchObject({ key: K('VPC'), resolved: true });
    expect(node.rules.map((r) => [r.direction, r.protocol, r.ports, r.peers, r.at.region.startLine])).toEqual([
      ['ingress', 'TCP', { from: 443, to: 443 }, [{ kind: 'cidr', cidr: { known: true, value: '10.0.0.0/16' } }], 14],
      ['ingress', 'all', undefined, [{ kind: 'security-group', ref: expect.objectContaining({ key: K('LbSG'), text: 'GetAtt(LbSG.GroupId)', resolved: true }) }], 15],
      ['ingress', 'UDP', { from: 53, to: 53 }, [{ kind: 'prefix-list', id: 'pl-1' }], 16],
      ['egress', 'all', undefined, [{ kind: 'cidr', cidr: { known: true, value: '0.0.0.0/0' } }], 8],
      ['ingress', 'TCP', { from: 10250, to: 10250 }, [{ kind: 'cidr', cidr: { known: false, expr: 'ImportValue(mgmt-cidr)' } }], 24],
    ]);
    expect(node.complete).toBe(false); // the imported CIDR
    const lb = m.securityGroups.find((g) => g.key === K('LbSG'))!;
    expect(lb.rules.map((r) => [r.direction, r.protocol, r.ports])).toEqual([['egress', 'TCP', { from: 0, to: 65535 }]]);
    expect(lb.complete).toBe(true);
  });

  it('maps network ACL entries and associations', () => {
    expect(m.networkAcls.map((a) => a.key)).toEqual([K('VPC') + '#default-network-acl', K('Acl')]);
    const acl = m.networkAcls[1]!;
    expect(acl).toMatchObject({ key: K('Acl'), isDefault: false, complete: true });
    expect(acl.subnets.map((s) => s.key)).toEqual([K('Sub')]);
    expect(acl.entries.map((e) => [e.ruleNumber, e.action, e.egress, e.protocol, e.cidr, e.ports])).toEqual([
      [100, 'allow', false, 'TCP', { known: true, value: '0.0.0.0/0' }, { from: 443, to: 443 }],
      [100, 'deny', true, 'all', { known: true, value: '0.0.0.0/0' }, undefined],
    ]);
  });

  // docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html: rule 100 (IPv4) and 101 (IPv6) allow all, both ways.
  it("gives the template's VPC its default network ACL, which GetAtt VPC.DefaultNetworkAcl entries extend", () => {
    const withEntry = infra(
      lines(
        'Resources:',
        '  VPC:',
        '    Type: AWS::EC2::VPC',
        '    Properties: { CidrBlock: 10.0.0.0/16 }',
        '  DenySsh:',
        '    Type: AWS::EC2::NetworkAclEntry',
        '    Properties: { NetworkAclId: !GetAtt VPC.DefaultNetworkAcl, RuleNumber: 90, Protocol: 6, RuleAction: deny, CidrBlock: 0.0.0.0/0, PortRange: { From: 22, To: 22 } }',
      ),
    );
    const acl = withEntry.networkAcls[0]!;
    expect(acl).toMatchObject({ isDefault: true, complete: true, subnets: [], vpc: { key: K('VPC'), resolved: true } });
    expect(acl.entries.map((e) => [e.ruleNumber, e.action, e.egress, e.protocol, e.cidr.known ? e.cidr.value : '?'])).toEqual([
      [100, 'allow', false, 'all', '0.0.0.0/0'],
      [101, 'allow', false, 'all', '::/0'],
      [100, 'allow', true, 'all', '0.0.0.0/0'],
      [101, 'allow', true, 'all', '::/0'],
      [90, 'deny', false, 'TCP', '0.0.0.0/0'],
    ]);
  });
});

describe('infraFromCloudFormation: node groups', () => {
  it('takes instance types and scaling as written, or from the launch template', () => {
    const m = infra(
      lines(
        'Resources:',
        '  Cluster:',
        '    Type: AWS::EKS::Cluster',
        '    Properties:',
        '      RoleArn: arn:aws:iam::111122223333:role/eks',
        '      ResourcesVpcConfig: { SubnetIds: [subnet-1, subnet-2], EndpointPublicAccess: false, EndpointPrivateAccess: true }',
        '      KubernetesNetworkConfig: { IpFamily: ipv6 }',
        '  LT:',
        '    Type: AWS::EC2::LaunchTemplate',
        '    Properties:',
        '      LaunchTemplateData: { InstanceType: m5.large }',
        '  Big:',
        '    Type: AWS::EKS::Nodegroup',
        '    Properties:',
        '      NodegroupName: big',
        '      ClusterName: prod',
        '      NodeRole: arn:aws:iam::111122223333:role/node',
        '      Subnets: [subnet-1]',
        '      InstanceTypes: [c5.xlarge, c5a.xlarge]',
        '      ScalingConfig: { MinSize: 3, MaxSize: 10, DesiredSize: 4 }',
        '  FromLT:',
        '    Type: AWS::EKS::Nodegroup',
        '    Properties:',
        '      ClusterName: !Ref Cluster',
        '      NodeRole: arn:aws:iam::111122223333:role/node',
        '      Subnets: [subnet-1]',
        '      LaunchTemplate: { Id: !Ref LT, Version: !GetAtt LT.LatestVersionNumber }',
      ),
    );
    const c = m.clusters[0]!;
    expect(c.name).toBe('Cluster'); // no Name: CloudFormation generates one
    expect(c.endpoint).toMatchObject({ publicAccess: false, privateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] });
    expect(c.ipFamily).toBe('IPv6');
    expect(c.vpc).toBeUndefined();
    const [big, fromLt] = m.nodeGroups;
    expect(big).toMatchObject({ name: 'big', cluster: 'prod', scaling: { min: 3, max: 10, desired: 4 } });
    expect(big!.instanceTypes.map((t) => t.known && t.value)).toEqual(['c5.xlarge', 'c5a.xlarge']);
    expect(fromLt).toMatchObject({ name: 'FromLT', cluster: 'Cluster' });
    expect(fromLt!.instanceTypes).toMatchObject([{ known: true, value: 'm5.large' }]);
  });

  it('reads a self-managed Auto Scaling group tagged for a cluster', () => {
    const m = infra(
      lines(
        'Resources:',
        '  LT:',
        '    Type: AWS::EC2::LaunchTemplate',
        '    Properties: { LaunchTemplateData: { InstanceType: m5.2xlarge } }',
        '  Nodes:',
        '    Type: AWS::AutoScaling::AutoScalingGroup',
        '    Properties:',
        '      MinSize: "2"',
        '      MaxSize: "6"',
        '      VPCZoneIdentifier: [subnet-1, subnet-2]',
        '      LaunchTemplate: { LaunchTemplateId: !Ref LT, Version: !GetAtt LT.LatestVersionNumber }',
        '      Tags: [{ Key: kubernetes.io/cluster/prod, Value: owned, PropagateAtLaunch: true }]',
        '  Web:',
        '    Type: AWS::AutoScaling::AutoScalingGroup',
        '    Properties: { MinSize: "1", MaxSize: "1", VPCZoneIdentifier: [subnet-1] }',
      ),
    );
    expect(m.nodeGroups).toHaveLength(1);
    expect(m.nodeGroups[0]).toMatchObject({ key: K('Nodes'), managed: false, cluster: 'prod', scaling: { min: 2, max: 6, desired: 2 } });
    expect(m.nodeGroups[0]!.instanceTypes).toMatchObject([{ known: true, value: 'm5.2xlarge' }]);
    expect(m.nodeGroups[0]!.subnets.map((s) => s.text)).toEqual(['subnet-1', 'subnet-2']);
  });
});

describe('infraFromCloudFormation: EKS add-ons', () => {
  const ADDONS = lines(
    'Resources:', //                                                                   1
    '  Cluster:', //                                                                   2
    '    Type: AWS::EKS::Cluster', //                                                  3
    '    Properties:', //                                                              4
    '      Name: shop', //                                                             5
    '      ResourcesVpcConfig: { SubnetIds: [subnet-1, subnet-2] }', //               6
    '  KubeProxy:', //                                                                 7
    '    Type: AWS::EKS::Addon', //                                                    8
    '    Properties:', //                                                              9
    '      AddonName: kube-proxy', //                                                  10
    '      ClusterName: !Ref Cluster', //                                              11
    '      ConfigurationValues: \'{"mode": "ipvs", "ipvs": {"scheduler": "lc"}}\'', // 12
    '  VpcCni:', //                                                                    13
    '    Type: AWS::EKS::Addon', //                                                    14
    '    Properties:', //                                                              15
    '      AddonName: vpc-cni', //                                                     16
    '      ClusterName: shop', //                                                      17
    '  Other:', //                                                                     18
    '    Type: AWS::EKS::Addon', //                                                    19
    '    Properties:', //                                                              20
    '      AddonName: coredns', //                                                     21
    '      ClusterName: elsewhere', //                                                 22
    '      ConfigurationValues: not a mapping', //                                     23
  );

  it("attaches each add-on to its cluster (by Ref or by name) with its ConfigurationValues, located at the property", () => {
    const cluster = infra(ADDONS).clusters[0]!;
    expect(cluster.addons.map((a) => [a.name, a.at.region.startLine])).toEqual([
      ['kube-proxy', 7],
      ['vpc-cni', 13],
    ]);
    const values = cluster.addons[0]!.configurationValues!;
    expect(values).toEqual({ mode: 'ipvs', ipvs: { scheduler: 'lc' } });
    // Everything inside the string points at the property (the evaluated string's lines are not the file's).
    expect(refOf(values, 'mode').region.startLine).toBe(12);
    expect(refOf(values['ipvs'] as object, 'scheduler').region.startLine).toBe(12);
    expect(cluster.addons[1]!.configurationValues).toBeUndefined();
  });
});
