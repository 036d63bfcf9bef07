import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../../core/source.js';
import { loadClusterConfig } from '../../loader/eksctl/load.js';
import { regionText } from '../../loader/region-text.js';
import { parseYaml } from '../../loader/yaml-adapter.js';
import { infraFromEksctl } from './from-eksctl.js';
import type { InfraModel } from './types.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

function infra(text: string): InfraModel {
  const { documents, issues } = parseYaml(text, 'cluster.yaml');
  expect(issues).toEqual([]);
  const { cluster, issues: loadIssues } = loadClusterConfig(documents[0]!, { text });
  expect(loadIssues).toEqual([]);
  return infraFromEksctl(cluster!);
}

/** [line, text under the region] — what an editor would highlight. */
const shown = (text: string, ref: SourceRef) => [ref.region.startLine, regionText(text, ref.region)];

const routesOf = (m: InfraModel, key: string) =>
  m.routeTables.find((rt) => rt.key === key)!.routes.map((r) => [r.destination.known ? r.destination.value : r.destination.expr, r.target.kind, r.target.ref.key]);

describe('infraFromEksctl: a VPC eksctl creates, Single NAT', () => {
  const TEXT = lines(
    'apiVersion: eksctl.io/v1alpha5', //  1
    'kind: ClusterConfig', //             2
    'metadata:', //                       3
    '  name: shop', //                    4
    '  region: eu-west-1', //             5
    'vpc:', //                            6
    '  cidr: 10.10.0.0/16', //            7
    'kubernetesNetworkConfig:', //        8
    '  serviceIPv4CIDR: 172.30.0.0/16', // 9
    'nodeGroups:', //                     10
    '  - name: ng-pub', //                11
    '    instanceType: m5.xlarge', //     12
    '    desiredCapacity: 3', //          13
    '    maxPodsPerNode: 58', //          14
    'managedNodeGroups:', //              15
    '  - name: ng-priv', //               16
    '    privateNetworking: true', //     17
    '    labels: { role: api }', //       18
    '    taints:', //                     19
    '      - key: dedicated', //          20
    '        value: api', //              21
    '        effect: NoSchedule', //      22
  );
  const m = infra(TEXT);
  const P = 'eksctl:shop';

  it('keys the VPC and subnets by eksctl logical names; CIDRs stated, AZs symbolic', () => {
    expect(m.vpcs).toHaveLength(1);
    const vpc = m.vpcs[0]!;
    expect(vpc.key).toBe(`${P}#vpc`);
    expect(vpc.id).toBeUndefined();
    expect(vpc.cidrs.map((c) => c.cidr)).toEqual([{ known: true, value: '10.10.0.0/16' }]);
    expect(shown(TEXT, vpc.cidrs[0]!.at)).toEqual([7, '10.10.0.0/16']);
    expect(vpc.ipv6Cidrs).toEqual([]);

    expect(m.subnets.map((s) => [s.key, s.tier, s.cidr?.cidr])).toEqual([
      [`${P}#subnet/public/az-1`, 'public', { known: true, value: '10.10.0.0/19' }],
      [`${P}#subnet/private/az-1`, 'private', { known: true, value: '10.10.96.0/19' }],
      [`${P}#subnet/public/az-2`, 'public', { known: true, value: '10.10.32.0/19' }],
      [`${P}#subnet/private/az-2`, 'private', { known: true, value: '10.10.128.0/19' }],
      [`${P}#subnet/public/az-3`, 'public', { known: true, value: '10.10.64.0/19' }],
      [`${P}#subnet/private/az-3`, 'private', { known: true, value: '10.10.160.0/19' }],
    ]);
    const first = m.subnets[0]!;
    expect(first.az).toMatchObject({ known: false, expr: 'eksctl-assigned AZ 1' });
    expect(first.vpc).toMatchObject({ key: `${P}#vpc`, resolved: true });
    expect(first.tags).toEqual({ 'kubernetes.io/role/elb': '1' });
    expect(m.subnets[1]!.tags).toEqual({ 'kubernetes.io/role/internal-elb': '1' });
    // Subnet CIDRs are derived from the stated vpc.cidr: they point at it.
    expect(shown(TEXT, first.cidr!.at)).toEqual([7, '10.10.0.0/16']);
  });

  it('models the IGW, the public route table, one NAT in the first public subnet and a private table per zone', () => {
    expect(m.gateways.map((g) => [g.key, g.kind, g.subnet?.key ?? null])).toEqual([
      [`${P}#igw`, 'igw', null],
      [`${P}#nat`, 'nat', `${P}#subnet/public/az-1`],
    ]);
    const nat = m.gateways[1]!;
    expect(nat.connectivity).toBe('public');
    // The NAT gateway is eksctl's default (vpc.nat.gateway absent): it points at the nearest stated ancestor.
    expect(shown(TEXT, nat.at)).toEqual([6, 'vpc']);
    expect(nat.at.path).toEqual(['vpc', 'nat', 'gateway']);

    expect(m.routeTables.map((rt) => [rt.key, rt.subnets.map((s) => s.key)])).toEqual([
      [`${P}#routetable/public`, [`${P}#subnet/public/az-1`, `${P}#subnet/public/az-2`, `${P}#subnet/public/az-3`]],
      [`${P}#routetable/private/az-1`, [`${P}#subnet/private/az-1`]],
      [`${P}#routetable/private/az-2`, [`${P}#subnet/private/az-2`]],
      [`${P}#routetable/private/az-3`, [`${P}#subnet/private/az-3`]],
    ]);
    expect(routesOf(m, `${P}#routetable/public`)).toEqual([
      ['10.10.0.0/16', 'local', `${P}#vpc`],
      ['0.0.0.0/0', 'igw', `${P}#igw`],
    ]);
    for (const zone of ['az-1', 'az-2', 'az-3']) {
      expect(routesOf(m, `${P}#routetable/private/${zone}`)).toEqual([
        ['10.10.0.0/16', 'local', `${P}#vpc`],
        ['0.0.0.0/0', 'nat', `${P}#nat`],
      ]);
    }
    expect(m.subnets.map((s) => s.routeTable)).toEqual([
      `${P}#routetable/public`,
      `${P}#routetable/private/az-1`,
      `${P}#routetable/public`,
      `${P}#routetable/private/az-2`,
      `${P}#routetable/public`,
      `${P}#routetable/private/az-3`,
    ]);
    expect(m.routeTables.every((rt) => !rt.main && rt.vpc.key === `${P}#vpc`)).toBe(true);
  });

  it('maps the cluster: every subnet, stated service CIDR, default endpoint', () => {
    expect(m.clusters).toHaveLength(1);
    const c = m.clusters[0]!;
    expect([c.key, c.name, c.region, c.ipFamily]).toEqual([P, 'shop', 'eu-west-1', 'IPv4']);
    expect(shown(TEXT, c.at)).toEqual([4, 'shop']);
    expect(c.vpc).toMatchObject({ key: `${P}#vpc`, resolved: true });
    expect(c.subnets.map((s) => s.key)).toEqual(m.subnets.map((s) => s.key));
    expect(c.serviceIPv4Cidr).toMatchObject({ known: true, value: '172.30.0.0/16' });
    expect(shown(TEXT, c.serviceIPv4Cidr!.at)).toEqual([9, '172.30.0.0/16']);
    expect(c.endpoint).toMatchObject({ publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] });
  });

  it('places node groups in the public subnets, or the private ones with privateNetworking', () => {
    const [pub, priv] = m.nodeGroups;
    expect(pub).toMatchObject({
      key: `${P}#nodegroup/ng-pub`,
      cluster: P,
      managed: false,
      scaling: { min: 3, max: 3, desired: 3 },
      maxPodsPerNode: { value: 58 },
      privateNetworking: false,
      availabilityZones: [], // eksctl picks the zones at run time
    });
    expect(pub!.instanceTypes).toMatchObject([{ known: true, value: 'm5.xlarge' }]);
    expect(shown(TEXT, pub!.instanceTypes[0]!.at)).toEqual([12, 'm5.xlarge']);
    expect(shown(TEXT, pub!.scaling.at)).toEqual([13, '3']);
    expect(shown(TEXT, pub!.maxPodsPerNode!.at)).toEqual([14, '58']);
    expect(pub!.subnets.map((s) => [s.key, s.resolved])).toEqual([
      [`${P}#subnet/public/az-1`, true],
      [`${P}#subnet/public/az-2`, true],
      [`${P}#subnet/public/az-3`, true],
    ]);

    expect(priv).toMatchObject({
      key: `${P}#nodegroup/ng-priv`,
      managed: true,
      scaling: { min: 2, max: 2, desired: 2 },
      privateNetworking: true,
      labels: { role: 'api', 'alpha.eksctl.io/cluster-name': 'shop', 'alpha.eksctl.io/nodegroup-name': 'ng-priv' },
      taints: [{ key: 'dedicated', value: 'api', effect: 'NoSchedule' }],
    });
    expect(priv!.instanceTypes).toMatchObject([{ known: true, value: 'm5.large' }]);
    expect(priv!.maxPodsPerNode).toBeUndefined();
    expect(priv!.subnets.map((s) => s.key)).toEqual([`${P}#subnet/private/az-1`, `${P}#subnet/private/az-2`, `${P}#subnet/private/az-3`]);
    expect(shown(TEXT, priv!.at)).toEqual([16, 'ng-priv']);
  });
});

describe('infraFromEksctl: an existing VPC with stated subnets', () => {
  const TEXT = lines(
    'apiVersion: eksctl.io/v1alpha5', //          1
    'kind: ClusterConfig', //                     2
    'metadata:', //                               3
    '  name: legacy', //                          4
    '  region: us-west-2', //                     5
    'vpc:', //                                    6
    '  id: vpc-0abc', //                          7
    '  subnets:', //                              8
    '    private:', //                            9
    '      us-west-2a: { id: subnet-0a1, cidr: 10.0.0.0/20 }', // 10
    '      us-west-2b: { id: subnet-0b1 }', //    11
    '    public:', //                             12
    '      lb: { id: subnet-0c1, az: us-west-2a }', // 13
    '  clusterEndpoints:', //                     14
    '    privateAccess: true', //                 15
    'nodeGroups:', //                             16
    '  - name: by-name', //                       17
    '    privateNetworking: true', //             18
    '    subnets: [us-west-2b, subnet-0a1, subnet-0zz]', // 19
    '  - name: by-zone', //                       20
    '    privateNetworking: true', //             21
    '    availabilityZones: [us-west-2a]', //     22
    '  - name: default', //                       23
  );
  const m = infra(TEXT);

  it('keys elements by their physical IDs; the VPC CIDR stays unknown', () => {
    expect(m.vpcs.map((v) => [v.key, v.id, v.cidrs])).toEqual([['vpc-0abc', 'vpc-0abc', []]]);
    expect(shown(TEXT, m.vpcs[0]!.at)).toEqual([7, 'vpc-0abc']);
    expect(m.subnets.map((s) => [s.key, s.id, s.name, s.tier, s.cidr?.cidr.known ? s.cidr.cidr.value : null])).toEqual([
      ['subnet-0c1', 'subnet-0c1', 'lb', 'public', null],
      ['subnet-0a1', 'subnet-0a1', 'us-west-2a', 'private', '10.0.0.0/20'],
      ['subnet-0b1', 'subnet-0b1', 'us-west-2b', 'private', null],
    ]);
    const [lb, a] = m.subnets;
    expect(lb!.az).toMatchObject({ known: true, value: 'us-west-2a' });
    expect(shown(TEXT, lb!.az!.at)).toEqual([13, 'us-west-2a']);
    expect(a!.az).toMatchObject({ known: true, value: 'us-west-2a' });
    expect(lb!.vpc).toMatchObject({ key: 'vpc-0abc', text: 'vpc-0abc', resolved: true });
    expect(lb!.tags).toEqual({});
    expect(lb!.routeTable).toBeUndefined();
  });

  it('creates no gateway or route table in a VPC eksctl does not own', () => {
    expect(m.gateways).toEqual([]);
    expect(m.routeTables).toEqual([]);
  });

  it('maps the cluster endpoint and leaves the service CIDR to EKS', () => {
    const c = m.clusters[0]!;
    expect(c.vpc).toMatchObject({ key: 'vpc-0abc', resolved: true });
    expect(c.subnets.map((s) => s.key)).toEqual(['subnet-0c1', 'subnet-0a1', 'subnet-0b1']);
    expect(c.serviceIPv4Cidr).toBeUndefined();
    expect(c.endpoint).toMatchObject({ publicAccess: true, privateAccess: true });
    expect(shown(TEXT, c.endpoint.at)).toEqual([15, 'true']);
  });

  it('resolves node group subnets by name, by ID, or leaves an unknown ID unresolved', () => {
    const [byName, byZone, dflt] = m.nodeGroups;
    expect(byName!.subnets.map((s) => [s.text, s.key ?? null, s.resolved])).toEqual([
      ['subnet-0b1', 'subnet-0b1', true],
      ['subnet-0a1', 'subnet-0a1', true],
      ['subnet-0zz', null, false],
    ]);
    expect(shown(TEXT, byName!.subnets[2]!.at)[0]).toBe(19);
    expect(byName!.subnets[2]!.at.path).toEqual(['nodeGroups', 0, 'subnets', 2]);
    expect(byName!.availabilityZones).toEqual(['us-west-2b', 'us-west-2a']);

    expect(byZone!.subnets.map((s) => s.key)).toEqual(['subnet-0a1']);
    expect(byZone!.availabilityZones).toEqual(['us-west-2a']);

    // No subnets, zones or privateNetworking: every public subnet.
    expect(dflt!.subnets.map((s) => s.key)).toEqual(['subnet-0c1']);
    expect(dflt!.availabilityZones).toEqual(['us-west-2a']);
  });
});

describe('infraFromEksctl: HighlyAvailable NAT and other VPC shapes', () => {
  const HA = lines(
    'apiVersion: eksctl.io/v1alpha5', //  1
    'kind: ClusterConfig', //             2
    'metadata:', //                       3
    '  name: ha', //                      4
    '  region: us-east-1', //             5
    'availabilityZones: [us-east-1a, us-east-1b]', // 6
    'vpc:', //                            7
    '  extraCIDRs: [100.64.0.0/16]', //   8
    '  nat:', //                          9
    '    gateway: HighlyAvailable', //    10
  );
  const P = 'eksctl:ha';

  it('one NAT gateway per zone, in its public subnet; each private table routes to its zone’s NAT', () => {
    const m = infra(HA);
    expect(m.vpcs[0]!.cidrs.map((c) => (c.cidr.known ? c.cidr.value : null))).toEqual(['192.168.0.0/16', '100.64.0.0/16']);
    expect(shown(HA, m.vpcs[0]!.cidrs[1]!.at)[0]).toBe(8);
    expect(m.subnets.map((s) => [s.key, s.az?.known ? s.az.value : null])).toEqual([
      [`${P}#subnet/public/us-east-1a`, 'us-east-1a'],
      [`${P}#subnet/private/us-east-1a`, 'us-east-1a'],
      [`${P}#subnet/public/us-east-1b`, 'us-east-1b'],
      [`${P}#subnet/private/us-east-1b`, 'us-east-1b'],
    ]);
    const nats = m.gateways.filter((g) => g.kind === 'nat');
    expect(nats.map((g) => [g.key, g.subnet?.key])).toEqual([
      [`${P}#nat/us-east-1a`, `${P}#subnet/public/us-east-1a`],
      [`${P}#nat/us-east-1b`, `${P}#subnet/public/us-east-1b`],
    ]);
    expect(shown(HA, nats[0]!.at)).toEqual([10, 'HighlyAvailable']);
    expect(routesOf(m, `${P}#routetable/private/us-east-1a`)).toEqual([
      ['192.168.0.0/16', 'local', `${P}#vpc`],
      ['100.64.0.0/16', 'local', `${P}#vpc`],
      ['0.0.0.0/0', 'nat', `${P}#nat/us-east-1a`],
    ]);
    expect(routesOf(m, `${P}#routetable/private/us-east-1b`).at(-1)).toEqual(['0.0.0.0/0', 'nat', `${P}#nat/us-east-1b`]);
    const natRoute = m.routeTables.find((rt) => rt.key === `${P}#routetable/private/us-east-1b`)!.routes.at(-1)!;
    expect(natRoute.target.ref).toMatchObject({ text: 'NATGatewayUSEAST1B', resolved: true });
    expect(shown(HA, natRoute.at)).toEqual([10, 'HighlyAvailable']);
  });

  it('NAT Disable: private tables without a default route', () => {
    const m = infra(HA.replace('HighlyAvailable', 'Disable'));
    expect(m.gateways.map((g) => g.kind)).toEqual(['igw']);
    expect(routesOf(m, `${P}#routetable/private/us-east-1a`)).toEqual([
      ['192.168.0.0/16', 'local', `${P}#vpc`],
      ['100.64.0.0/16', 'local', `${P}#vpc`],
    ]);
    expect(routesOf(m, `${P}#routetable/public`).at(-1)).toEqual(['0.0.0.0/0', 'igw', `${P}#igw`]);
  });

  it('IPv6: one NAT whatever vpc.nat says, an egress-only IGW, ::/0 routes', () => {
    const text = lines(
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata:',
      '  name: six',
      '  region: eu-west-1',
      'kubernetesNetworkConfig:',
      '  ipFamily: IPv6',
    );
    const m = infra(text);
    expect(m.gateways.map((g) => [g.key, g.kind])).toEqual([
      ['eksctl:six#igw', 'igw'],
      ['eksctl:six#eigw', 'eigw'],
      ['eksctl:six#nat', 'nat'],
    ]);
    expect(m.vpcs[0]!.ipv6Cidrs.map((c) => c.cidr.known)).toEqual([false]);
    expect(routesOf(m, 'eksctl:six#routetable/public').slice(1)).toEqual([
      ['0.0.0.0/0', 'igw', 'eksctl:six#igw'],
      ['::/0', 'igw', 'eksctl:six#igw'],
    ]);
    expect(routesOf(m, 'eksctl:six#routetable/private/az-2').slice(1)).toEqual([
      ['0.0.0.0/0', 'nat', 'eksctl:six#nat'],
      ['::/0', 'eigw', 'eksctl:six#eigw'],
    ]);
    expect(m.clusters[0]!.ipFamily).toBe('IPv6');
  });

  it('a fully-private cluster: private subnets and tables only, no gateway', () => {
    const text = lines(
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata:',
      '  name: dark',
      '  region: eu-west-1',
      'privateCluster:',
      '  enabled: true',
    );
    const m = infra(text);
    expect(m.gateways).toEqual([]);
    expect(m.subnets.every((s) => s.tier === 'private')).toBe(true);
    expect(m.routeTables.map((rt) => [rt.key, rt.routes.map((r) => r.target.kind)])).toEqual([
      ['eksctl:dark#routetable/private/az-1', ['local']],
      ['eksctl:dark#routetable/private/az-2', ['local']],
      ['eksctl:dark#routetable/private/az-3', ['local']],
    ]);
    expect(m.clusters[0]!.endpoint).toMatchObject({ publicAccess: false, privateAccess: true });
  });

  it('an existing VPC found through subnet IDs only: placeholder VPC key, unresolved, CIDR unknown', () => {
    const text = lines(
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata:',
      '  name: bare',
      '  region: eu-west-1',
      'vpc:',
      '  subnets:',
      '    private:',
      '      app-a: { id: subnet-1 }',
      '      app-b: { id: subnet-2 }',
    );
    const m = infra(text);
    expect(m.vpcs.map((v) => [v.key, v.cidrs])).toEqual([['eksctl:bare#vpc', []]]);
    expect(m.subnets[0]!.vpc).toMatchObject({ key: 'eksctl:bare#vpc', resolved: false });
    expect(m.subnets[0]!.az).toMatchObject({ known: false });
    expect(m.routeTables).toEqual([]);
  });
});
