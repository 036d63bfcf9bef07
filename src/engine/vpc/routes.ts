/**
 * Where a subnet's route table sends a destination: longest-prefix match over its routes (AWS "Route priority",
 * docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html), blackhole routes included (they match and
 * drop), and the implicit local route for the VPC's CIDR blocks, which every table has and which CloudFormation
 * templates never write (docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html "Local route").
 */
import { ipAtoms } from '../atoms.js';
import { cidrAddresses } from './addresses.js';
import { IpSet, parseCidr } from '../ip.js';
import type { InfraModel, RouteElement, RouteTableElement, SubnetElement, VpcElement } from '../../model/infra/types.js';

export type RouteChoice =
  /** An explicit route of the table (possibly a blackhole: `route.active === false`). */
  | { kind: 'route'; table: RouteTableElement; route: RouteElement }
  /** The implicit local route of the VPC block that contains the destination. */
  | { kind: 'local'; table: RouteTableElement | undefined; vpc: VpcElement; cidr: string }
  /** No route matches: the packet is dropped. */
  | { kind: 'none'; table: RouteTableElement }
  /** The subnet's route table is not in the input. */
  | { kind: 'unknown' };

export interface RoutedRange {
  addresses: IpSet;
  choice: RouteChoice;
}


/** The VPC's statically known CIDR blocks (IPv4 and IPv6). */
export function vpcCidrs(vpc: VpcElement | undefined): string[] {
  return [...(vpc?.cidrs ?? []), ...(vpc?.ipv6Cidrs ?? [])].flatMap((b) => (b.cidr.known && parseCidr(b.cidr.value) ? [b.cidr.value] : []));
}

/** The route (or its absence) for each part of `destination`, leaving `subnet`. */
export function routeDestination(infra: InfraModel, subnet: SubnetElement, destination: IpSet): RoutedRange[] {
  const vpc = infra.vpcs.find((v) => v.key === subnet.vpc.key);
  const table = subnet.routeTable === undefined ? undefined : infra.routeTables.find((t) => t.key === subnet.routeTable);
  const locals = vpcCidrs(vpc);
  const routes = (table?.routes ?? []).filter((r) => r.destination.known && parseCidr(r.destination.value));
  const cuts = [destination, ...locals.map(cidrAddresses), ...routes.map((r) => cidrAddresses((r.destination as { value: string }).value))];
  const out: RoutedRange[] = [];
  for (const atom of ipAtoms(cuts)) {
    if (!atom.isSubsetOf(destination)) continue;
    out.push({ addresses: atom, choice: choose(atom, table, routes, vpc, locals) });
  }
  return merge(out);
}

function choose(atom: IpSet, table: RouteTableElement | undefined, routes: RouteElement[], vpc: VpcElement | undefined, locals: string[]): RouteChoice {
  let best: { route: RouteElement; prefix: number } | undefined;
  for (const route of routes) {
    const c = parseCidr((route.destination as { value: string }).value)!;
    if (!atom.isSubsetOf(cidrAddresses((route.destination as { value: string }).value))) continue;
    if (!best || c.prefix > best.prefix) best = { route, prefix: c.prefix };
  }
  const local = vpc ? locals.find((c) => atom.isSubsetOf(cidrAddresses(c))) : undefined;
  // The local route is as long as the VPC block; a more specific route may override it (middlebox routing).
  if (local !== undefined && vpc && (!best || best.prefix <= parseCidr(local)!.prefix)) return { kind: 'local', table, vpc, cidr: local };
  if (!table) return { kind: 'unknown' };
  return best ? { kind: 'route', table, route: best.route } : { kind: 'none', table };
}

const choiceKey = (c: RouteChoice): string =>
  c.kind === 'route' ? `r:${c.table.key}:${c.table.routes.indexOf(c.route)}` : c.kind === 'local' ? `l:${c.cidr}` : c.kind === 'none' ? `n:${c.table.key}` : 'u';

function merge(list: RoutedRange[]): RoutedRange[] {
  const by = new Map<string, RoutedRange>();
  for (const r of list) {
    const k = choiceKey(r.choice);
    const prev = by.get(k);
    by.set(k, prev ? { ...prev, addresses: prev.addresses.union(r.addresses) } : r);
  }
  return [...by.values()];
}
