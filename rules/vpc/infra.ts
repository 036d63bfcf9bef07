/**
 * What the `vpc/` rules share: how an infrastructure element is named in messages and as a finding's
 * object, lookups by key, and CIDR and AZ values as the rules compare them.
 */
import { parseCidr, type Cidr } from '../../src/engine/ip.js';
import { infraLabel } from '../../src/model/infra/label.js';
import type { ObjectRef } from '../../src/lint/define-rule.js';
import type {
  EksClusterElement,
  InfraModel,
  Known,
  NodeGroupElement,
  Reference,
  RouteTableElement,
  SubnetElement,
  VpcElement,
} from '../../src/model/index.js';

/** The CloudFormation type of each element kind: the finding's fully qualified name (SARIF logicalLocations). */
const TYPES = {
  VPC: 'AWS::EC2::VPC',
  Subnet: 'AWS::EC2::Subnet',
  RouteTable: 'AWS::EC2::RouteTable',
  EksCluster: 'AWS::EKS::Cluster',
  NodeGroup: 'AWS::EKS::Nodegroup',
} as const;

export type InfraKind = keyof typeof TYPES;

/** How an element is named in messages (src/model/infra/label.ts). */
export const label = infraLabel;

/** The finding's object: `Subnet/<key>`, fqn `AWS::EC2::Subnet/<key>`, named as in the message. */
export function objectOf(kind: InfraKind, el: { key: string; id?: string; name?: string }): ObjectRef {
  return { id: `${kind}/${el.key}`, fqn: `${TYPES[kind]}/${el.key}`, name: label(el) };
}

/** Elements of the model by key, for following resolved references. */
export class InfraIndex {
  readonly vpcs: ReadonlyMap<string, VpcElement>;
  readonly subnets: ReadonlyMap<string, SubnetElement>;
  readonly routeTables: ReadonlyMap<string, RouteTableElement>;
  readonly clusters: ReadonlyMap<string, EksClusterElement>;

  constructor(readonly infra: InfraModel) {
    this.vpcs = byKey(infra.vpcs);
    this.subnets = byKey(infra.subnets);
    this.routeTables = byKey(infra.routeTables);
    this.clusters = byKey(infra.clusters);
  }

  vpc(ref: Reference | undefined): VpcElement | undefined {
    return resolvedKey(ref, (k) => this.vpcs.get(k));
  }

  subnet(ref: Reference | undefined): SubnetElement | undefined {
    return resolvedKey(ref, (k) => this.subnets.get(k));
  }

  /** A node group's cluster: `cluster` holds the cluster's key (eksctl) or its name (CloudFormation's ClusterName). */
  clusterOf(ng: NodeGroupElement): EksClusterElement | undefined {
    if (ng.cluster === undefined) return undefined;
    return this.clusters.get(ng.cluster) ?? this.infra.clusters.find((c) => c.name === ng.cluster);
  }
}

function byKey<T extends { key: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((el) => [el.key, el]));
}

function resolvedKey<T>(ref: Reference | undefined, get: (key: string) => T | undefined): T | undefined {
  return ref?.resolved === true && ref.key !== undefined ? get(ref.key) : undefined;
}

/** A statically known, valid CIDR; undefined for symbolic or invalid values (input rules report those). */
export function knownCidr(value: Known<string> | undefined): (Cidr & { text: string }) | undefined {
  if (value === undefined || !value.known) return undefined;
  const c = parseCidr(value.value);
  return c ? { ...c, text: value.value } : undefined;
}

export const contains = (outer: Cidr, inner: Cidr): boolean => outer.family === inner.family && outer.lo <= inner.lo && inner.hi <= outer.hi;

export const overlaps = (a: Cidr, b: Cidr): boolean => a.family === b.family && a.lo <= b.hi && b.lo <= a.hi;

/**
 * The identity of an Availability Zone for comparison: its name when known, else the expression that
 * names it (`Fn::GetAZs(us-east-1)[0]` and `[1]` are different zones; the same expression is the same zone).
 */
export function zoneIdentity(az: Known<string>): string {
  return az.known ? `=${az.value}` : `?${az.expr}`;
}

export function zoneText(az: Known<string>): string {
  return az.known ? az.value : az.expr;
}
