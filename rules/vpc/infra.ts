/**
 * What the `vpc/` rules share: how an infrastructure element is named in messages and as a finding's
 * object, lookups by key, and CIDR and AZ values as the rules compare them.
 */
import { parseCidr, type Cidr } from '../../src/engine/ip.js';
import { infraLabel } from '../../src/model/infra/label.js';
import type { ObjectRef } from '../../src/lint/define-rule.js';
import type { Known } from '../../src/model/index.js';

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

/** Elements of the model by key (src/model/infra/index-lookup.ts). */
export { InfraIndex } from '../../src/model/infra/index-lookup.js';

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
