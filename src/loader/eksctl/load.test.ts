import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refOf, type SourceRef } from '../../core/source.js';
import { regionText } from '../region-text.js';
import type { LoadIssue } from '../types.js';
import { parseYaml } from '../yaml-adapter.js';
import { loadClusterConfig } from './load.js';
import type { FieldSource } from './model.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

function load(text: string, withText = true) {
  const { documents, issues } = parseYaml(text, 'cluster.yaml');
  expect(issues).toEqual([]);
  return loadClusterConfig(documents[0]!, withText ? { text } : {});
}

/** [line, text under the region] — what an editor would highlight. */
const shown = (text: string, ref: SourceRef) => [ref.region.startLine, regionText(text, ref.region)];
const src = (text: string, s: FieldSource) => [s.from, ...shown(text, s.at)];
const issue = (text: string, i: LoadIssue) => [i.code, ...shown(text, i.at), i.message];

describe('loadClusterConfig: eksctl defaults', () => {
  const BASIC = lines(
    'apiVersion: eksctl.io/v1alpha5', //  1
    'kind: ClusterConfig', //             2
    'metadata:', //                       3
    '  name: basic', //                   4
    '  region: eu-west-1', //             5
    'nodeGroups:', //                     6
    '  - name: ng-1', //                  7
  );

  it('creates the default VPC: 192.168.0.0/16, 3 placeholder AZs, /19 public then private, one NAT gateway', () => {
    const { cluster, issues } = load(BASIC);
    expect(issues).toEqual([]);
    const vpc = cluster!.vpc;
    expect(vpc.createdByEksctl).toBe(true);
    expect([vpc.cidr, vpc.cidrSource, vpc.nat]).toEqual(['192.168.0.0/16', 'default', 'Single']);
    expect(cluster!.availabilityZones).toEqual(['az-1', 'az-2', 'az-3']);
    expect(src(BASIC, cluster!.sources.availabilityZones)).toEqual(['assumed', 4, 'basic']);
    expect(vpc.subnets.map((s) => [s.tier, s.az, s.cidr, s.assumed])).toEqual([
      ['public', 'az-1', '192.168.0.0/19', true],
      ['private', 'az-1', '192.168.96.0/19', true],
      ['public', 'az-2', '192.168.32.0/19', true],
      ['private', 'az-2', '192.168.128.0/19', true],
      ['public', 'az-3', '192.168.64.0/19', true],
      ['private', 'az-3', '192.168.160.0/19', true],
    ]);
    // Defaults with no stated ancestor point at metadata.name, keeping the path of the field they stand for.
    expect(src(BASIC, vpc.sources.cidr)).toEqual(['default', 4, 'basic']);
    expect(vpc.sources.cidr.at.path).toEqual(['vpc', 'cidr']);
    expect(src(BASIC, vpc.sources.nat)).toEqual(['default', 4, 'basic']);
    expect(vpc.subnets[0]!.at.path).toEqual(['vpc', 'subnets', 'public', 'az-1']);
    expect(vpc.endpoints).toEqual({ publicAccess: true, privateAccess: false });
    expect(vpc.publicAccessCIDRs).toEqual(['0.0.0.0/0']);
    expect(cluster!.ipFamily).toBe('IPv4');
    expect(cluster!.serviceIPv4CIDR).toBeUndefined();
    expect(cluster!.sources.serviceIPv4CIDR.from).toBe('default');
  });

  it('fills a node group as eksctl does: m5.large, 2/2/2, public subnets, eksctl labels', () => {
    const { cluster } = load(BASIC);
    const [ng] = cluster!.nodeGroups;
    expect(ng).toMatchObject({
      name: 'ng-1',
      managed: false,
      instanceTypes: ['m5.large'],
      minSize: 2,
      desiredCapacity: 2,
      maxSize: 2,
      privateNetworking: false,
      subnets: [],
      availabilityZones: [],
      taints: [],
      labels: { 'alpha.eksctl.io/cluster-name': 'basic', 'alpha.eksctl.io/nodegroup-name': 'ng-1' },
    });
    expect(ng!.maxPodsPerNode).toBeUndefined();
    expect(src(BASIC, ng!.sources.instanceTypes)).toEqual(['default', 7, 'name: ng-1']);
    expect(src(BASIC, ng!.sources.desiredCapacity)).toEqual(['default', 7, 'name: ng-1']);
    expect(src(BASIC, ng!.sources.name)).toEqual(['stated', 7, 'ng-1']);
  });

  it('takes 2 zones in us-east-1, and the zones stated', () => {
    const east = load(BASIC.replace('eu-west-1', 'us-east-1')).cluster!;
    expect(east.availabilityZones).toEqual(['az-1', 'az-2']);
    expect(east.vpc.subnets.map((s) => s.cidr)).toEqual(['192.168.0.0/19', '192.168.64.0/19', '192.168.32.0/19', '192.168.96.0/19']);

    const text = lines(
      'apiVersion: eksctl.io/v1alpha5', //                       1
      'kind: ClusterConfig', //                                  2
      'metadata: {name: zones, region: us-east-1}', //           3
      'availabilityZones: [us-east-1a, us-east-1c, us-east-1d]', // 4
      'vpc:', //                                                 5
      '  cidr: 10.10.0.0/16', //                                 6
      '  nat:', //                                               7
      '    gateway: HighlyAvailable', //                         8
    );
    const { cluster, issues } = load(text);
    expect(issues).toEqual([]);
    expect(cluster!.vpc.nat).toBe('HighlyAvailable');
    expect(src(text, cluster!.vpc.sources.nat)).toEqual(['stated', 8, 'HighlyAvailable']);
    const sub = cluster!.vpc.subnets.find((s) => s.tier === 'private' && s.az === 'us-east-1c')!;
    expect([sub.cidr, sub.assumed]).toEqual(['10.10.128.0/19', false]);
    expect(src(text, sub.sources.az)).toEqual(['stated', 4, 'us-east-1c']);
    expect(src(text, sub.sources.cidr)).toEqual(['derived', 6, '10.10.0.0/16']);
    // A field missing under a stated section points at the section's key.
    expect(src(text, cluster!.vpc.sources.publicAccess)).toEqual(['default', 5, 'vpc']);
  });

  it('an existing VPC: subnets as stated, zones from the keys, no NAT gateway, CIDR unknown unless stated', () => {
    const text = lines(
      'apiVersion: eksctl.io/v1alpha5', //    1
      'kind: ClusterConfig', //               2
      'metadata:', //                         3
      '  name: existing', //                  4
      'vpc:', //                              5
      '  id: vpc-0dd338ecf29863c55', //       6
      '  subnets:', //                        7
      '    private:', //                      8
      '      eu-north-1a:', //                9
      '        id: subnet-0b2512f8c6ae9bf30', // 10
      '      db-b:', //                      11
      '        az: eu-north-1b', //          12
      '        cidr: 10.0.64.0/19', //       13
      '    public:', //                      14
      '      lb-one:', //                    15
      '        id: subnet-0153e560b3129a696', // 16
    );
    const { cluster, issues } = load(text);
    expect(issues).toEqual([]);
    const vpc = cluster!.vpc;
    expect([vpc.createdByEksctl, vpc.id, vpc.cidr, vpc.cidrSource, vpc.nat]).toEqual([false, 'vpc-0dd338ecf29863c55', undefined, 'unknown', 'Disable']);
    expect(vpc.subnets.map((s) => [s.tier, s.name, s.az ?? null, s.cidr ?? null, s.id ?? null, s.assumed])).toEqual([
      ['public', 'lb-one', null, null, 'subnet-0153e560b3129a696', false],
      ['private', 'eu-north-1a', 'eu-north-1a', null, 'subnet-0b2512f8c6ae9bf30', false],
      ['private', 'db-b', 'eu-north-1b', '10.0.64.0/19', null, false],
    ]);
    const [lb, a, b] = vpc.subnets;
    expect(shown(text, a!.at)).toEqual([9, 'eu-north-1a']);
    expect(src(text, a!.sources.az)).toEqual(['derived', 9, 'eu-north-1a']);
    expect(src(text, b!.sources.az)).toEqual(['stated', 12, 'eu-north-1b']);
    expect(src(text, b!.sources.cidr)).toEqual(['stated', 13, '10.0.64.0/19']);
    expect(src(text, lb!.sources.az)).toEqual(['unknown', 15, 'lb-one']);
    expect(cluster!.availabilityZones).toEqual(['eu-north-1a', 'eu-north-1b']);
    expect(cluster!.sources.availabilityZones.from).toBe('derived');
  });

  it('a fully-private cluster: private subnets only, private endpoint only, no NAT gateway', () => {
    const text = lines('apiVersion: eksctl.io/v1alpha5', 'kind: ClusterConfig', 'metadata: {name: p}', 'privateCluster:', '  enabled: true');
    const { cluster } = load(text);
    expect(cluster!.fullyPrivate).toBe(true);
    expect(cluster!.vpc.subnets.map((s) => `${s.tier} ${s.cidr}`)).toEqual(['private 192.168.96.0/19', 'private 192.168.128.0/19', 'private 192.168.160.0/19']);
    expect(cluster!.vpc.endpoints).toEqual({ publicAccess: false, privateAccess: true });
    expect(cluster!.vpc.nat).toBe('Disable');
    expect(src(text, cluster!.sources.fullyPrivate)).toEqual(['stated', 5, 'true']);
  });

  it('reads ipFamily case-insensitively, the service CIDR and the version', () => {
    const text = lines(
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata: {name: v6, version: "1.31"}',
      'kubernetesNetworkConfig:',
      '  ipFamily: ipv6',
    );
    const r = load(text);
    expect(r.issues).toEqual([]);
    expect(r.cluster!.ipFamily).toBe('IPv6');
    expect(load(text).cluster!.version).toBe('1.31');
    const v4 = load(text.replace('ipFamily: ipv6', 'serviceIPv4CIDR: 10.50.0.0/16')).cluster!;
    expect([v4.ipFamily, v4.serviceIPv4CIDR]).toEqual(['IPv4', '10.50.0.0/16']);
  });
});

describe('loadClusterConfig: node groups', () => {
  const TEXT = lines(
    'apiVersion: eksctl.io/v1alpha5', //           1
    'kind: ClusterConfig', //                      2
    'metadata: {name: groups, region: us-west-2}', // 3
    'nodeGroups:', //                              4
    '  - name: tainted', //                        5
    '    instanceType: c5.xlarge', //              6
    '    maxPodsPerNode: 50', //                   7
    '    taints:', //                              8
    '      dedicated: "gpu:NoSchedule"', //        9
    '      key2: ":NoExecute"', //                10
    '  - name: mixed', //                         11
    '    instancesDistribution:', //              12
    '      instanceTypes: [m5.large, m5a.large]', // 13
    '    availabilityZones: [us-west-2a]', //     14
    'managedNodeGroups:', //                      15
    '  - name: managed', //                       16
    '    instanceTypes: [t3.large, t3a.large]', // 17
    '    minSize: 1', //                          18
    '    maxSize: 5', //                          19
    '    privateNetworking: true', //             20
    '    spot: true', //                          21
    '    labels: {role: worker}', //              22
    '    taints:', //                             23
    '      - key: only', //                       24
    '        effect: NoExecute', //               25
    '  - name: selected', //                      26
    '    instanceSelector: {vCPUs: 2}', //        27
    '    maxPodsPerNode: 0', //                   28
  );

  it('reads types, sizes, taints (map and list) and labels, with their lines', () => {
    const { cluster, issues } = load(TEXT);
    expect(issues).toEqual([]);
    const [tainted, mixed, managed, selected] = cluster!.nodeGroups;
    expect(tainted).toMatchObject({ instanceTypes: ['c5.xlarge'], maxPodsPerNode: 50, managed: false });
    expect(tainted!.taints.map((t) => [t.key, t.value ?? null, t.effect, ...shown(TEXT, t.at)])).toEqual([
      ['dedicated', 'gpu', 'NoSchedule', 9, '"gpu:NoSchedule"'],
      ['key2', null, 'NoExecute', 10, '":NoExecute"'],
    ]);
    expect(mixed!.instanceTypes).toEqual(['m5.large', 'm5a.large']);
    // A list is reported on its key (its range can overrun; STYLE.md).
    expect(src(TEXT, mixed!.sources.instanceTypes)).toEqual(['stated', 13, 'instanceTypes']);
    expect(mixed!.availabilityZones).toEqual(['us-west-2a']);
    expect(managed).toMatchObject({ managed: true, instanceTypes: ['t3.large', 't3a.large'], minSize: 1, desiredCapacity: 1, maxSize: 5, privateNetworking: true, spot: true });
    expect(managed!.labels).toEqual({ role: 'worker', 'alpha.eksctl.io/cluster-name': 'groups', 'alpha.eksctl.io/nodegroup-name': 'managed' });
    expect(managed!.taints.map((t) => [t.key, t.effect, t.at.region.startLine])).toEqual([['only', 'NoExecute', 24]]);
    expect(src(TEXT, managed!.sources.desiredCapacity)).toEqual(['default', 16, 'name: managed']);
    expect(src(TEXT, managed!.sources.maxSize)).toEqual(['stated', 19, '5']);
    // Instance types eksctl resolves at run time stay unknown; maxPodsPerNode 0 is Go's "unset".
    expect(selected!.instanceTypes).toEqual([]);
    expect(selected!.sources.instanceTypes.from).toBe('unknown');
    expect(selected!.maxPodsPerNode).toBeUndefined();
  });
});

describe('loadClusterConfig: invalid input at exact positions', () => {
  const BAD = lines(
    'apiVersion: eksctl.io/v1alpha5', //     1
    'kind: ClusterConfig', //                2
    'metadata:', //                          3
    '  name: bad', //                        4
    'vpc:', //                               5
    '  cidr: 10.0.0.0/33', //                6
    '  nat:', //                             7
    '    gateway: Double', //                8
    'kubernetesNetworkConfig:', //           9
    '  ipFamily: IPv5', //                  10
    'nodeGroups:', //                       11
    '  - name: ng', //                      12
    '    desiredCapacity: "3"', //          13
    '    taints:', //                       14
    '      a: "b:Bogus"', //                15
    'managedNodeGroups:', //                16
    '  - name: m', //                       17
    '    taints: {a: "b:NoSchedule"}', //   18
    'addons:', //                           19
    '  - name: vpc-cni', //                 20
    '    configurationValues: {env: {}}', // 21
    '  - version: "1.0"', //                22
  );

  it('reports each bad field where it is, and keeps the rest', () => {
    const { cluster, issues } = load(BAD);
    expect(issues.map((i) => issue(BAD, i).slice(0, 3))).toEqual([
      ['INVALID_FIELD', 6, '10.0.0.0/33'],
      ['INVALID_FIELD', 8, 'Double'],
      ['INVALID_FIELD', 10, 'IPv5'],
      ['INVALID_FIELD', 13, '"3"'],
      ['INVALID_FIELD', 15, '"b:Bogus"'],
      ['INVALID_FIELD', 18, 'taints'],
      ['INVALID_FIELD', 21, 'configurationValues'],
      ['INVALID_FIELD', 22, 'version: "1.0"'],
    ]);
    expect(issues.every((i) => !i.fatal && i.object === 'ClusterConfig/bad')).toBe(true);
    expect(issues[0]!.message).toBe('ClusterConfig bad: vpc.cidr: "10.0.0.0/33" is not an IPv4 CIDR such as 192.168.0.0/16');
    expect(issues[3]!.message).toBe('ClusterConfig bad: nodeGroups[0].desiredCapacity: expected a whole number, got "3"');
    expect(issues[7]!.message).toBe('ClusterConfig bad: addons[1].name: required: an addon needs a name');
    // What was removed falls back to eksctl's defaults, located at the value that was rejected.
    expect(cluster!.vpc.cidr).toBe('192.168.0.0/16');
    expect(src(BAD, cluster!.vpc.sources.cidr)).toEqual(['default', 6, '10.0.0.0/33']);
    expect(cluster!.vpc.nat).toBe('Single');
    expect(cluster!.ipFamily).toBe('IPv4');
    expect(cluster!.nodeGroups.map((n) => [n.name, n.desiredCapacity, n.taints.length])).toEqual([
      ['ng', 2, 0],
      ['m', 2, 0],
    ]);
    expect(cluster!.addons.map((a) => a.name)).toEqual(['vpc-cni']);
  });

  it('reports what eksctl refuses: too few zones, a CIDR it cannot split, sizes out of order, conflicting fields', () => {
    const text = lines(
      'apiVersion: eksctl.io/v1alpha5', //      1
      'kind: ClusterConfig', //                 2
      'metadata: {name: refused}', //           3
      'availabilityZones: [us-west-2a]', //     4
      'vpc: {cidr: 10.0.0.0/12}', //            5
      'kubernetesNetworkConfig:', //            6
      '  ipFamily: IPv6', //                    7
      '  serviceIPv4CIDR: 10.100.0.0/16', //    8
      'nodeGroups:', //                         9
      '  - name: a', //                        10
      '    desiredCapacity: 5', //             11
      '    maxSize: 3', //                     12
      '    subnets: [one]', //                 13
      '    availabilityZones: [us-west-2a]', // 14
      'managedNodeGroups:', //                 15
      '  - name: b', //                        16
      '    instanceType: m5.large', //         17
      '    instanceTypes: [m5.xlarge]', //     18
      '    minSize: 3', //                     19
      '    desiredCapacity: 1', //             20
    );
    const { issues } = load(text);
    expect(issues.map((i) => issue(text, i))).toEqual([
      ['INVALID_FIELD', 8, '10.100.0.0/16', 'ClusterConfig refused: kubernetesNetworkConfig.serviceIPv4CIDR: service IPv4 CIDR is not supported with IPv6'],
      ['INVALID_FIELD', 4, 'availabilityZones', 'ClusterConfig refused: availabilityZones: only 1 zone(s) specified, 2 are required (can be non-unique)'],
      ['INVALID_FIELD', 5, '10.0.0.0/12', 'ClusterConfig refused: vpc.cidr: eksctl cannot create the subnets of its VPC: VPC CIDR prefix must be between /16 and /24'],
      ['INVALID_FIELD', 11, '5', 'ClusterConfig refused: nodeGroups[0].desiredCapacity: desiredCapacity 5 is above maxSize 3'],
      ['INVALID_FIELD', 14, 'availabilityZones', 'ClusterConfig refused: nodeGroups[0].availabilityZones: only one of nodeGroups.subnets or nodeGroups.availabilityZones should be set'],
      ['INVALID_FIELD', 18, 'instanceTypes', 'ClusterConfig refused: managedNodeGroups[0].instanceTypes: only one of instanceType or instanceTypes can be specified'],
      ['INVALID_FIELD', 20, '1', 'ClusterConfig refused: managedNodeGroups[0].desiredCapacity: desiredCapacity 1 is below minSize 3'],
    ]);
  });

  it('drops what is not a ClusterConfig, or has no name', () => {
    const notOne = parseYaml(lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}'), 'x.yaml').documents[0]!;
    const r1 = loadClusterConfig(notOne);
    expect(r1.cluster).toBeUndefined();
    expect(r1.issues.map((i) => [i.code, i.fatal])).toEqual([['NOT_AN_OBJECT', true]]);

    const text = lines('apiVersion: eksctl.io/v1alpha5', 'kind: ClusterConfig', 'metadata:', '  region: eu-west-1');
    const r2 = load(text);
    expect(r2.cluster).toBeUndefined();
    expect(r2.issues.map((i) => [i.code, i.fatal, ...shown(text, i.at)])).toEqual([['INVALID_FIELD', true, 3, 'metadata']]);
  });
});

describe('loadClusterConfig: addon configurationValues', () => {
  const TEXT = lines(
    'apiVersion: eksctl.io/v1alpha5', //                                         1
    'kind: ClusterConfig', //                                                    2
    'metadata: {name: cni}', //                                                  3
    'addons:', //                                                                4
    '  - name: vpc-cni', //                                                      5
    '    version: 1.19.2', //                                                    6
    '    configurationValues: |-', //                                            7
    '      env:', //                                                             8
    '        ENABLE_PREFIX_DELEGATION: "true"', //                               9
    '        WARM_PREFIX_TARGET: "1"', //                                       10
    '  - name: coredns', //                                                     11
    '    configurationValues: "{\\"replicaCount\\": 3, \\"tolerations\\": []}"', // 12
    '  - name: kube-proxy', //                                                  13
    '    configurationValues: "[1, 2]"', //                                     14
    '  - name: broken', //                                                      15
    '    configurationValues: |', //                                            16
    '      {"a": 1,', //                                                        17
    '       "b" 2}', //                                                         18
  );

  it('parses YAML and JSON strings, each value on its own line and column', () => {
    const { cluster, issues } = load(TEXT);
    const [cni, coredns, proxy, broken] = cluster!.addons;
    expect(cni!.version).toBe('1.19.2');
    expect(cni!.configurationValues).toEqual({ env: { ENABLE_PREFIX_DELEGATION: 'true', WARM_PREFIX_TARGET: '1' } });
    expect(cni!.configurationValuesExact).toBe(true);
    const env = cni!.configurationValues!.env as object;
    expect(shown(TEXT, refOf(env, 'ENABLE_PREFIX_DELEGATION'))).toEqual([9, '"true"']);
    expect(shown(TEXT, refOf(env, 'WARM_PREFIX_TARGET'))).toEqual([10, '"1"']);
    expect(refOf(env, 'WARM_PREFIX_TARGET').path).toEqual(['addons', 0, 'configurationValues', 'env', 'WARM_PREFIX_TARGET']);
    expect(shown(TEXT, refOf(coredns!.configurationValues!, 'replicaCount'))).toEqual([12, '3']);
    expect(shown(TEXT, refOf(coredns!.configurationValues!, 'tolerations'))).toEqual([12, '\\"tolerations\\"']);

    expect(proxy!.configurationValues).toBeUndefined();
    expect(broken!.configurationValues).toBeUndefined();
    expect(issues.map((i) => [i.code, i.at.region.startLine, i.object])).toEqual([
      ['INVALID_FIELD', 14, 'ClusterConfig/cni'],
      ...issues.slice(1).map(() => ['YAML_SYNTAX', 18, 'ClusterConfig/cni']),
    ]);
    expect(issues.length).toBeGreaterThan(1);
    expect(issues[0]!.message).toBe('ClusterConfig cni: addons[2].configurationValues: configurationValues must hold a JSON or YAML mapping, got a list');
    // A syntax error inside the string costs only the string: not fatal, named by the host field.
    expect(issues[1]!.message).toMatch(/^ClusterConfig cni: addons\[3\]\.configurationValues: YAML syntax error: /);
    expect(issues.every((i) => !i.fatal)).toBe(true);
    expect(shown(TEXT, issues[1]!.at)[1]).toBe('2');
  });

  it('without the file text, inner values point at the configurationValues scalar', () => {
    const { cluster } = load(TEXT, false);
    const cni = cluster!.addons[0]!;
    expect(cni.configurationValuesExact).toBe(false);
    expect(shown(TEXT, refOf(cni.configurationValues!.env as object, 'WARM_PREFIX_TARGET'))).toEqual([7, '|-']);
  });
});

describe('loadClusterConfig: any document shape', () => {
  // Property: whatever is put where eksctl expects its fields, loading never throws, and every location it
  // gives (issues, field sources, node groups, subnets) is a one-line region inside the file.
  const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -5, max: 100 }), fc.boolean(), fc.constant(null), fc.constantFrom('10.0.0.0/16', 'm5.large', 'k:NoSchedule', 'IPv6', '{"env": {"A": "1"}}', 'env:\n  X: "1"\n', '{"a": ', '[1]'));
  const anyValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('name', 'id', 'cidr', 'az', 'key', 'effect', 'env', 'x'), scalar, { maxKeys: 3 }));
  const fieldPaths = [
    ['vpc'], ['vpc', 'cidr'], ['vpc', 'id'], ['vpc', 'subnets'], ['vpc', 'subnets', 'public'], ['vpc', 'subnets', 'private', 'us-west-2a'],
    ['vpc', 'nat'], ['vpc', 'clusterEndpoints'], ['availabilityZones'], ['localZones'], ['kubernetesNetworkConfig'], ['privateCluster'],
    ['nodeGroups'], ['nodeGroups', 0], ['nodeGroups', 0, 'taints'], ['nodeGroups', 0, 'desiredCapacity'], ['managedNodeGroups', 0, 'instanceTypes'],
    ['managedNodeGroups', 0, 'taints'], ['addons', 0, 'configurationValues'], ['addons', 0], ['metadata', 'region'],
  ];
  const edits = fc.array(fc.tuple(fc.constantFrom(...fieldPaths), anyValue), { maxLength: 5 });

  it('never throws and only gives locations inside the file', () => {
    fc.assert(
      fc.property(edits, fc.boolean(), (changes, asJson) => {
        const config: Record<string, unknown> = { apiVersion: 'eksctl.io/v1alpha5', kind: 'ClusterConfig', metadata: { name: 'fuzz' } };
        for (const [path, value] of changes) {
          let cur: Record<string | number, unknown> = config;
          for (const seg of path.slice(0, -1)) {
            const next = cur[seg];
            if (typeof next !== 'object' || next === null) cur[seg] = typeof path[path.indexOf(seg) + 1] === 'number' ? [] : {};
            cur = cur[seg] as Record<string | number, unknown>;
          }
          cur[path[path.length - 1]!] = value;
        }
        const text = asJson ? JSON.stringify(config, null, 2) : toYaml(config);
        const { documents } = parseYaml(text, 'fuzz.yaml');
        if (!documents[0]) return;
        const { cluster, issues } = loadClusterConfig(documents[0], { text });
        const refs: SourceRef[] = issues.map((i) => i.at);
        if (cluster) {
          refs.push(cluster.at, ...Object.values(cluster.sources).map((s) => s.at), ...Object.values(cluster.vpc.sources).map((s) => s.at));
          for (const ng of cluster.nodeGroups) refs.push(ng.at, ...Object.values(ng.sources).map((s) => s.at), ...ng.taints.map((t) => t.at));
          for (const s of cluster.vpc.subnets) refs.push(s.at, ...Object.values(s.sources).map((x) => x.at));
          for (const a of cluster.addons) refs.push(a.at, ...Object.values(a.sources).map((x) => x.at));
        }
        const count = text.split('\n').length;
        for (const r of refs) {
          expect(r.file).toBe('fuzz.yaml');
          expect(r.region.startLine).toBe(r.region.endLine);
          expect(r.region.startLine).toBeGreaterThanOrEqual(1);
          expect(r.region.startLine).toBeLessThanOrEqual(count);
          expect(regionText(text, r.region).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** A small block-style YAML writer for the property test (scalars as JSON, which YAML reads the same). */
function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((v) => `\n${indent}- ${typeof v === 'object' && v !== null ? toYaml(v, `${indent}  `).trimStart() : JSON.stringify(v)}`).join('');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return entries
      .map(([k, v]) => {
        const child = typeof v === 'object' && v !== null ? toYaml(v, `${indent}  `) : ` ${JSON.stringify(v)}`;
        return `\n${indent}${JSON.stringify(k)}:${child.startsWith('\n') || child === '[]' || child === '{}' ? (child.startsWith('\n') ? child : ` ${child}`) : child}`;
      })
      .join('');
  }
  return JSON.stringify(value);
}
