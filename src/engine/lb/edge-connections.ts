/**
 * The ways in from an address range through the load balancers in front of pods, as connections in the
 * `connections` notation: clients → `{ALB ns/name}` on the listener ports, `{ALB ns/name}` → the pods on the target
 * ports — one pair per load balancer and workload whose path gets through (edge-path.ts). Used by
 * `connections --focus <range>` and by `diff`, where a load balancer turned internet-facing is new exposure.
 */
import { ConnSet } from '../conn-set.js';
import type { IpSet } from '../ip.js';
import { endpointName, type Connection, type Endpoint, type Reachability } from '../reachability.js';
import type { LbOptions } from '../../model/lb/index.js';
import { edgePaths } from './edge-path.js';

export function edgeConnections(reach: Reachability, range: IpSet, lb?: LbOptions): Connection[] {
  const out = new Map<string, Connection>();
  const add = (c: Connection) => {
    const key = `${endpointName(c.src)}|${endpointName(c.dst)}`;
    const prev = out.get(key);
    out.set(key, prev ? { ...prev, allowed: prev.allowed.union(c.allowed) } : c);
  };
  for (const p of edgePaths(reach, { label: 'the range', ips: range, requested: ConnSet.all(), ...(lb ? { lb } : {}) })) {
    if (p.allowed.isEmpty()) continue;
    const clients = range.intersect(p.clients);
    if (clients.isEmpty()) continue;
    const lb: Endpoint = { type: 'load-balancer', kind: p.lb.kind, name: p.lb.id.replace(/^(Service|Ingress|IngressGroup)\//, '') };
    add({ src: { type: 'external', atoms: [clients] }, dst: lb, allowed: p.allowed });
    add({ src: lb, dst: { type: 'workload', workload: p.workload }, allowed: p.podConn });
  }
  return [...out.values()];
}
