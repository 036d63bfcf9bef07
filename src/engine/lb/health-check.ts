/**
 * Where a target group's health checks reach a backend pod (ip targets). Elastic Load Balancing health checks are
 * TCP, HTTP, HTTPS (or gRPC over HTTP/2): always TCP underneath.
 */
import { servicePortOf } from '../../model/lb/ingress.js';
import type { LbTargetGroup } from '../../model/lb/types.js';
import type { Workload } from '../../model/types.js';
import { ConnSet } from '../conn-set.js';
import { PortSet } from '../ports.js';
import { targetConn } from '../reachability.js';

/** Every port of a connection set, as TCP. */
function asTcp(conn: ConnSet): ConnSet {
  const ports = conn.protocols().reduce((acc, p) => acc.union(conn.ports(p)), PortSet.empty());
  return ports.isEmpty() ? ConnSet.none() : ConnSet.of('TCP', ports);
}

/**
 * The port a target group's health checks reach a backend pod on (ip targets): the traffic port (the target port),
 * a stated number, or a name — the target port of the Service port of that name. undefined when it resolves nowhere
 * (lb/… and service/… rules report it) or is the node's health check node port (instance targets).
 */
export function healthCheckConn(tg: LbTargetGroup, w: Workload): ConnSet | undefined {
  const value = tg.healthCheck.port.value;
  if (value === 'traffic-port') return tg.port ? asTcp(targetConn(tg.port, w)) : undefined;
  if (typeof value === 'number') return value >= 1 && value <= 65535 ? ConnSet.of('TCP', PortSet.single(value)) : undefined;
  if (value === 'health-check-node-port' || !tg.service) return undefined;
  const named = servicePortOf(tg.service, value);
  const conn = named ? asTcp(targetConn(named, w)) : ConnSet.none();
  return conn.isEmpty() ? undefined : conn;
}
