import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refOf } from '../../core/source.js';
import { parseCidr } from '../../engine/ip.js';
import { regionText } from '../region-text.js';
import { parseYaml } from '../yaml-adapter.js';
import { loadDescribeOutput } from './load.js';
import { DESCRIBE_KEYS, DESCRIBE_SECTIONS } from './schema.js';

/** Field names of every shape, so that random records reach deep into the schemas. */
const FIELDS = [
  ...DESCRIBE_SECTIONS.map((s) => s.idField),
  ...['CidrBlock', 'CidrBlockAssociationSet', 'Ipv6CidrBlockAssociationSet', 'Ipv6CidrBlock', 'CidrBlockState', 'State', 'Tags', 'Key', 'Value'],
  ...['VpcId', 'SubnetId', 'AvailabilityZone', 'MapPublicIpOnLaunch', 'AvailableIpAddressCount', 'IsDefault'],
  ...['Routes', 'Associations', 'Main', 'DestinationCidrBlock', 'DestinationIpv6CidrBlock', 'DestinationPrefixListId', 'GatewayId', 'NatGatewayId', 'InstanceId'],
  ...['IpPermissions', 'IpPermissionsEgress', 'IpProtocol', 'FromPort', 'ToPort', 'IpRanges', 'CidrIp', 'Ipv6Ranges', 'CidrIpv6', 'UserIdGroupPairs', 'GroupId', 'PrefixListIds', 'PrefixListId'],
  ...['Entries', 'RuleNumber', 'Protocol', 'RuleAction', 'Egress', 'PortRange', 'From', 'To', 'IcmpTypeCode', 'Type', 'Code'],
  ...['NatGatewayAddresses', 'PublicIp', 'PrivateIp', 'ConnectivityType', 'Attachments', 'AccepterVpcInfo', 'RequesterVpcInfo', 'CidrBlockSet', 'Ipv6CidrBlockSet', 'Status'],
  ...['Association', 'TransitGatewayRouteTableId', 'ResourceType', 'ResourceId', '__proto__', 'constructor'],
];

const scalar = fc.oneof(
  fc.constantFrom('10.0.0.0/16', '10.0.300.0/24', '::/0', 'fd00::/8', '-1', 'tcp', '6', '17', 'allow', 'deny', 'igw-1', 'local', 'vpce-1', 'public', '', 'x'),
  fc.integer({ min: -3, max: 70000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
);

const { value: arbValue } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('record')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  record: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string()), tie('value'), { maxKeys: 6 }),
}));

const LIST_FIELDS = new Set([
  'CidrBlockAssociationSet', 'Ipv6CidrBlockAssociationSet', 'Routes', 'Associations', 'IpPermissions', 'IpPermissionsEgress', 'IpRanges',
  'Ipv6Ranges', 'UserIdGroupPairs', 'PrefixListIds', 'Entries', 'NatGatewayAddresses', 'Attachments', 'CidrBlockSet', 'Ipv6CidrBlockSet', 'Tags',
]);
const OBJECT_FIELDS = new Set(['CidrBlockState', 'PortRange', 'IcmpTypeCode', 'AccepterVpcInfo', 'RequesterVpcInfo', 'Status', 'Association']);

/** The fields that rules and routes need, drawn more often so that normalisation runs. */
const CORE_FIELDS = ['IpProtocol', 'FromPort', 'ToPort', 'IpRanges', 'CidrIp', 'RuleNumber', 'Protocol', 'RuleAction', 'Egress', 'CidrBlock', 'DestinationCidrBlock', 'GatewayId', 'PortRange', 'From', 'To', 'IpPermissions', 'Entries', 'Routes'];

/** Plausible values for a field: mostly of the right shape, sometimes not. */
const plausible = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('10.0.0.0/16', '10.1.2.0/24', '0.0.0.0/0', '::/0', '2600:1f18::/56', '-1', 'tcp', 'udp', '6', '17', '132', 'icmp', '1', 'allow', 'deny', 'igw-1', 'local', 'vpce-1', 'vgw-1', 'nat-1', 'pl-1', 'active', 'blackhole', 'associated', 'disassociated', 'public', 'private', 'Name', 'x') },
  { weight: 3, arbitrary: fc.integer({ min: -1, max: 65535 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: scalar },
);

const v4 = fc.constantFrom('10.0.0.0/16', '10.1.2.0/24', '0.0.0.0/0', '10.0.0.0/33');
const protocols = fc.constantFrom('-1', 'tcp', 'udp', '6', '17', '132', 'icmp', '1', '58', '47', 'TCP');
const port = fc.integer({ min: -1, max: 65535 });
/** Field-appropriate values (right more often than not). */
const FIELD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  IpProtocol: protocols,
  Protocol: protocols,
  CidrBlock: v4,
  CidrIp: v4,
  DestinationCidrBlock: v4,
  RuleAction: fc.constantFrom('allow', 'deny'),
  Egress: fc.boolean(),
  RuleNumber: fc.integer({ min: 0, max: 32769 }),
  FromPort: port,
  ToPort: port,
  From: port,
  To: port,
  GatewayId: fc.constantFrom('igw-1', 'local', 'vpce-1', 'vgw-1', 'weird'),
};

/** A mapping of `depth` levels (3 reach IpPermissions[].IpRanges[].CidrIp): field values shaped by the field's name. */
function shapedObject(depth: number): fc.Arbitrary<Record<string, unknown>> {
  const keys = fc.uniqueArray(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...CORE_FIELDS) }, { weight: 1, arbitrary: fc.constantFrom(...FIELDS) }), {
    maxLength: 8,
  });
  const inner = depth > 1 ? shapedObject(depth - 1) : fc.constant({});
  const valueFor = (k: string): fc.Arbitrary<unknown> =>
    depth > 1 && LIST_FIELDS.has(k)
      ? fc.oneof({ weight: 4, arbitrary: fc.array(inner, { maxLength: 3 }) }, { weight: 1, arbitrary: plausible })
      : depth > 1 && OBJECT_FIELDS.has(k)
        ? fc.oneof({ weight: 4, arbitrary: inner }, { weight: 1, arbitrary: plausible })
        : Object.hasOwn(FIELD_VALUES, k)
          ? fc.oneof({ weight: 3, arbitrary: FIELD_VALUES[k]! }, { weight: 1, arbitrary: plausible })
          : plausible;
  return keys.chain((ks) =>
    fc.tuple(...ks.map(valueFor)).map((vs) => {
      const out: Record<string, unknown> = {};
      ks.forEach((k, i) => Object.defineProperty(out, k, { value: vs[i], enumerable: true, writable: true, configurable: true }));
      return out;
    }),
  );
}
const arbShapedObject = shapedObject(3);

/** The list of each shape where rules, routes and blocks live. */
const SECTION_LISTS: Record<string, string> = {
  Vpcs: 'CidrBlockAssociationSet',
  Subnets: 'Ipv6CidrBlockAssociationSet',
  RouteTables: 'Routes',
  SecurityGroups: 'IpPermissions',
  NetworkAcls: 'Entries',
  NatGateways: 'NatGatewayAddresses',
  InternetGateways: 'Attachments',
  VpcPeeringConnections: 'Tags',
  TransitGatewayAttachments: 'Tags',
};

/** Records of each section with their ID set, so that most of them load and normalisation runs. */
const arbShapedDocument = fc
  .uniqueArray(fc.constantFrom(...DESCRIBE_SECTIONS), { minLength: 1, maxLength: 4 })
  .chain((sections) =>
    fc.tuple(
      ...sections.map((s) =>
        fc.array(
          fc
            .tuple(arbShapedObject, fc.string({ minLength: 1, maxLength: 8 }), fc.array(shapedObject(2), { maxLength: 4 }))
            .map(([o, id, parts]) => ({ ...o, [s.idField]: `${s.key.toLowerCase()}-${id}`, [SECTION_LISTS[s.key]!]: parts })),
          { maxLength: 3 },
        ).map((records) => [s.key, records] as const),
      ),
    ),
  )
  .map((entries) => Object.fromEntries(entries));

const arbDocument = fc.dictionary(fc.oneof(fc.constantFrom(...DESCRIBE_KEYS, 'NextToken'), fc.string()), fc.oneof(fc.array(arbValue, { maxLength: 4 }), arbValue), {
  minKeys: 1,
  maxKeys: 5,
});

describe('loadDescribeOutput properties', () => {
  it('never throws on any JSON with describe keys; issues slice back into the text; loaded CIDRs parse', () => {
    fc.assert(
      fc.property(fc.oneof(arbDocument, arbShapedDocument), fc.boolean(), (doc, pretty) => {
        const text = JSON.stringify(doc, null, pretty ? 2 : undefined);
        const { documents } = parseYaml(text, 'any.json');
        for (const d of documents) {
          const { records, issues } = loadDescribeOutput(d);
          for (const i of issues) {
            expect(['INVALID_FIELD', 'NOT_AN_OBJECT']).toContain(i.code);
            expect(i.at.region.startLine).toBeGreaterThanOrEqual(1);
            expect(i.at.region.startLine).toBe(i.at.region.endLine);
            expect(regionText(text, i.at.region).length).toBeGreaterThan(0);
          }
          for (const v of records.vpcs) for (const c of [...v.cidrBlocks, ...v.ipv6CidrBlocks]) expect(parseCidr(c.cidr)?.family).toBe(c.family);
          for (const s of records.subnets) if (s.cidr) expect(parseCidr(s.cidr.cidr)?.family).toBe(4);
          for (const t of records.routeTables) for (const r of t.routes) if (r.destination.kind !== 'prefix-list') expect(parseCidr(r.destination.value)).toBeDefined();
          for (const g of records.securityGroups) {
            for (const r of [...g.ingress, ...g.egress]) {
              if (r.ports) expect(r.ports.from <= r.ports.to && r.ports.from >= 0 && r.ports.to <= 65535).toBe(true);
              for (const p of r.peers) if (p.kind === 'cidr') expect(parseCidr(p.cidr)?.family).toBe(p.family);
            }
          }
          for (const n of records.networkAcls) {
            for (const list of [n.ingress, n.egress]) {
              for (let k = 1; k < list.length; k++) expect(list[k - 1]!.ruleNumber).toBeLessThanOrEqual(list[k]!.ruleNumber);
            }
          }
          // Every record's ID is where its `at` says.
          for (const list of Object.values(records)) {
            for (const r of list) expect(regionText(text, refOf(r.raw as object, r.at.path.at(-1)!).region)).toBe(JSON.stringify(r.id));
          }
        }
      }),
      { numRuns: 400 },
    );
  });
});
