import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/load.js';
import { lintFiles } from '../../lint/rule-tester.js';
import { IpSet } from '../ip.js';
import { discoverLoadBalancerSubnets, loadBalancerEndpoint, namedLoadBalancerSubnets, withoutSecurityGroups } from './load-balancer.js';

const VPC = 'vpc-0a1b2c3d4e5f60001';

interface SubnetSpec {
  id: string;
  zone: string;
  cidr: string;
  public?: boolean;
  tags?: Record<string, string>;
}

/** `aws ec2 describe-*` output: subnets with these tags and zones; `public` ones route 0.0.0.0/0 to an internet gateway. */
function describeOutput(subnets: SubnetSpec[]): string {
  const tags = (t: Record<string, string> = {}) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
  const table = (id: string, members: typeof subnets, routes: object[]) => ({
    RouteTableId: id,
    VpcId: VPC,
    Associations: members.map((s, i) => ({ Main: false, RouteTableAssociationId: `rtbassoc-${id.slice(4)}${i}`, RouteTableId: id, SubnetId: s.id })),
    Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }, ...routes],
  });
  return JSON.stringify({
    Vpcs: [{ VpcId: VPC, CidrBlock: '10.0.0.0/16' }],
    Subnets: subnets.map((s) => ({ SubnetId: s.id, VpcId: VPC, CidrBlock: s.cidr, AvailabilityZone: s.zone, Tags: tags(s.tags) })),
    InternetGateways: [{ InternetGatewayId: 'igw-0a000000000000001', Attachments: [{ VpcId: VPC, State: 'available' }] }],
    RouteTables: [
      table('rtb-0public00000000001', subnets.filter((s) => s.public), [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-0a000000000000001', Origin: 'CreateRoute', State: 'active' }]),
      table('rtb-0private0000000001', subnets.filter((s) => !s.public), []),
    ],
  });
}

async function infraOf(json: string) {
  return (await lintFiles({ 'describe.json': json }, [], defaultConfig())).model.infra;
}

const ids = (subnets: readonly { id?: string }[]) => subnets.map((s) => s.id);

describe('discoverLoadBalancerSubnets', () => {
  const layout: SubnetSpec[] = [
    { id: 'subnet-0b00000000000pub', zone: 'eu-west-1b', cidr: '10.0.1.0/24', public: true, tags: { 'kubernetes.io/role/elb': '1' } },
    { id: 'subnet-0a00000000000pub', zone: 'eu-west-1a', cidr: '10.0.0.0/24', public: true, tags: { 'kubernetes.io/role/elb': '' } },
    { id: 'subnet-0a00000000001pub', zone: 'eu-west-1a', cidr: '10.0.2.0/24', public: true, tags: { 'kubernetes.io/role/elb': '1' } },
    { id: 'subnet-0a0000000000priv', zone: 'eu-west-1a', cidr: '10.0.16.0/20', tags: { 'kubernetes.io/role/internal-elb': '1', 'kubernetes.io/cluster/shop': 'shared' } },
    { id: 'subnet-0b0000000000priv', zone: 'eu-west-1b', cidr: '10.0.32.0/20', tags: { 'kubernetes.io/role/internal-elb': '1', 'kubernetes.io/cluster/other': 'owned' } },
  ];

  it('AWS Load Balancer Controller: role-tagged subnets of the scheme, one per zone by subnet ID, not those of other clusters only', async () => {
    const infra = await infraOf(describeOutput(layout));
    const lbc = { controller: 'aws-load-balancer-controller' as const, vpcKey: VPC, clusterName: 'shop' };
    expect(ids(discoverLoadBalancerSubnets(infra, { ...lbc, scheme: 'internet-facing' }))).toEqual(['subnet-0a00000000000pub', 'subnet-0b00000000000pub']);
    expect(ids(discoverLoadBalancerSubnets(infra, { ...lbc, scheme: 'internal' }))).toEqual(['subnet-0a0000000000priv']);
  });

  it('AWS Load Balancer Controller: within a zone the subnet tagged for this cluster wins over a lower subnet ID (Final Selection)', async () => {
    const tagged = layout.map((s) => (s.id === 'subnet-0a00000000001pub' ? { ...s, tags: { ...s.tags, 'kubernetes.io/cluster/shop': 'shared' } } : s));
    const infra = await infraOf(describeOutput(tagged));
    const lbc = { controller: 'aws-load-balancer-controller' as const, vpcKey: VPC, clusterName: 'shop' };
    expect(ids(discoverLoadBalancerSubnets(infra, { ...lbc, scheme: 'internet-facing' }))).toEqual(['subnet-0a00000000001pub', 'subnet-0b00000000000pub']);
  });

  it('AWS Load Balancer Controller ≥ 2.12.1: without role tags, the subnets whose reachability matches the scheme', async () => {
    const infra = await infraOf(describeOutput(layout.map(({ tags: _t, ...s }) => s)));
    const lbc = { controller: 'aws-load-balancer-controller' as const, vpcKey: VPC, clusterName: 'shop' };
    expect(ids(discoverLoadBalancerSubnets(infra, { ...lbc, scheme: 'internet-facing' }))).toEqual(['subnet-0a00000000000pub', 'subnet-0b00000000000pub']);
    expect(ids(discoverLoadBalancerSubnets(infra, { ...lbc, scheme: 'internal' }))).toEqual(['subnet-0a0000000000priv', 'subnet-0b0000000000priv']);
  });

  it('in-tree provider: public subnets only for internet-facing; internal prefers the internal-elb tag, then the cluster tag', async () => {
    const infra = await infraOf(describeOutput(layout));
    const inTree = { controller: 'in-tree' as const, vpcKey: VPC, clusterName: 'shop' };
    expect(ids(discoverLoadBalancerSubnets(infra, { ...inTree, scheme: 'internet-facing' }))).toEqual(['subnet-0a00000000000pub', 'subnet-0b00000000000pub']);
    // zone b's private subnet is tagged for another cluster only: the public one is all that is left there.
    expect(ids(discoverLoadBalancerSubnets(infra, { ...inTree, scheme: 'internal' }))).toEqual(['subnet-0a0000000000priv', 'subnet-0b00000000000pub']);
  });

  it('finds nothing in another VPC', async () => {
    const infra = await infraOf(describeOutput(layout));
    expect(discoverLoadBalancerSubnets(infra, { controller: 'in-tree', scheme: 'internal', vpcKey: 'vpc-0ffffffffffffffff' })).toEqual([]);
  });
});

describe('namedLoadBalancerSubnets', () => {
  it('resolves subnet IDs and Name tags, and lists what the input does not have', async () => {
    const infra = await infraOf(describeOutput([{ id: 'subnet-0a00000000000pub', zone: 'eu-west-1a', cidr: '10.0.0.0/24', public: true, tags: { Name: 'edge-a' } }]));
    const r = namedLoadBalancerSubnets(infra, VPC, ['edge-a', 'subnet-0a00000000000pub', 'subnet-0missing000000000']);
    expect(ids(r.subnets)).toEqual(['subnet-0a00000000000pub']);
    expect(r.missing).toEqual(['subnet-0missing000000000']);
  });
});

describe('loadBalancerEndpoint', () => {
  it("sends from its subnets' addresses, or from the clients' when they are preserved; no security groups", async () => {
    const infra = await infraOf(describeOutput([{ id: 'subnet-0a00000000000pub', zone: 'eu-west-1a', cidr: '10.0.0.0/24', public: true }]));
    const own = loadBalancerEndpoint({ label: 'the NLB', subnets: infra.subnets, sources: 'own' });
    expect(own.places.map((p) => p.addresses.toCidrs())).toEqual([['10.0.0.0/24']]);
    expect(own.places[0]!.groups).toBeUndefined();
    const clients = loadBalancerEndpoint({ label: 'the NLB', subnets: infra.subnets, sources: IpSet.fromCidr('81.2.69.0/24'), sourcesText: 'office clients' });
    expect(clients.places.map((p) => [p.addresses.toCidrs(), p.subnet?.id, p.label])).toEqual([[['81.2.69.0/24'], 'subnet-0a00000000000pub', 'the NLB in subnet subnet-0a00000000000pub, forwarding office clients']]);
  });

  it('withoutSecurityGroups drops the groups of every place', () => {
    const e = withoutSecurityGroups({
      kind: 'nodegroup',
      label: 'x',
      places: [{ label: 'p', addresses: IpSet.fromCidr('10.0.0.0/24'), groups: { known: [], unknown: [] } }],
      notes: [],
    });
    expect(e.places[0]!.groups).toBeUndefined();
  });
});
