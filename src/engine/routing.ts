/**
 * Route lookup as a VPC router does it: among the routes whose destination contains the address, the
 * longest prefix wins (AWS "Route priority": the most specific route that matches the traffic).
 * Routes whose destination is not statically known (a prefix list, a symbolic CIDR) never match.
 */
import type { RouteElement, RouteTableElement } from '../model/infra/types.js';
import { parseCidr, parseIp } from './ip.js';

export function lookupRoute(table: RouteTableElement, address: string): RouteElement | undefined {
  const ip = parseIp(address);
  if (!ip) return undefined;
  let best: { route: RouteElement; prefix: number } | undefined;
  for (const route of table.routes) {
    if (!route.active || !route.destination.known) continue;
    const dest = parseCidr(route.destination.value);
    if (!dest || dest.family !== ip.family || ip.value < dest.lo || ip.value > dest.hi) continue;
    if (!best || dest.prefix > best.prefix) best = { route, prefix: dest.prefix };
  }
  return best?.route;
}

/** The route a table uses for traffic to the internet (0.0.0.0/0, or ::/0 for IPv6), if any. */
export function defaultRoute(table: RouteTableElement, family: 4 | 6 = 4): RouteElement | undefined {
  return lookupRoute(table, family === 4 ? '8.8.8.8' : '2001:4860:4860::8888');
}
