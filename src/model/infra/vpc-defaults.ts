/**
 * What AWS creates with every VPC and a template or eksctl config cannot write: the main route table and the
 * default network ACL. A VPC the input creates gets them as elements (located at the VPC), so subnets without an
 * explicit association are judged by what AWS gives them rather than left unknown.
 *
 * - Main route table: "When you create a VPC, it automatically has a main route table … Initially, the main route
 *   table (and every route table in a VPC) contains only a single route: a local route" (Amazon VPC User Guide,
 *   "Route tables", docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html). CloudFormation exposes no
 *   handle on it, so a template cannot add routes to it.
 * - Default network ACL: "Your VPC automatically comes with a modifiable default network ACL. By default, it allows
 *   all inbound and outbound IPv4 traffic and, if applicable, IPv6 traffic" — rule 100 (IPv4) and 101 (IPv6) allow
 *   all, then `*` denies (docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html). A template may add
 *   entries to it through `Fn::GetAtt VPC.DefaultNetworkAcl`.
 * A VPC the input only refers to (an ID, describe output) gets neither: its real tables and ACLs are whatever the
 * account has, stated by describe output or unknown.
 */
import type { NetworkAclElement, NetworkAclEntryElement, RouteTableElement, VpcElement } from './types.js';

export const mainRouteTableKey = (vpc: VpcElement): string => `${vpc.key}#main-route-table`;
export const defaultNetworkAclKey = (vpc: VpcElement): string => `${vpc.key}#default-network-acl`;

/** The main route table of a VPC the input creates: the local route only (implicit in every table). */
export function mainRouteTable(vpc: VpcElement): RouteTableElement {
  return {
    key: mainRouteTableKey(vpc),
    name: `main route table of ${vpc.name ?? vpc.key}`,
    at: vpc.at,
    source: vpc.source,
    vpc: { key: vpc.key, text: vpc.key, resolved: true, at: vpc.at },
    main: true,
    subnets: [],
    routes: [],
  };
}

/** The default network ACL of a VPC the input creates: allow all IPv4 and IPv6, both ways. */
export function defaultNetworkAcl(vpc: VpcElement): NetworkAclElement {
  const entry = (ruleNumber: number, egress: boolean, cidr: string): NetworkAclEntryElement => ({
    ruleNumber,
    action: 'allow',
    egress,
    protocol: 'all',
    cidr: { known: true, value: cidr },
    at: vpc.at,
  });
  return {
    key: defaultNetworkAclKey(vpc),
    name: `default network ACL of ${vpc.name ?? vpc.key}`,
    at: vpc.at,
    source: vpc.source,
    vpc: { key: vpc.key, text: vpc.key, resolved: true, at: vpc.at },
    isDefault: true,
    subnets: [],
    entries: [entry(100, false, '0.0.0.0/0'), entry(101, false, '::/0'), entry(100, true, '0.0.0.0/0'), entry(101, true, '::/0')],
    complete: true,
  };
}
