/**
 * A target group's ip targets in one cluster: the pods of each backend on the node groups of the cluster they can run
 * on, reached on the Service port's target port. Pods on the host network have the node's address, so the target is
 * the node group's nodes.
 */
import type { ServicePort } from '../../loader/schemas/index.js';
import { nodeGroupsFor } from '../../model/infra/placement.js';
import type { NodeGroupElement } from '../../model/infra/types.js';
import type { Model, Workload } from '../../model/types.js';
import type { ConnSet } from '../conn-set.js';
import { targetConn } from '../reachability.js';
import { nodeGroupEndpoint, podEndpoint, type VpcEndpoint } from '../vpc/endpoints.js';
import type { LbContext } from '../vpc/lb-placement.js';

export interface IpTarget {
  workload: Workload;
  nodeGroup: NodeGroupElement;
  what: 'pods' | 'nodes';
  endpoint: VpcEndpoint;
  /** The target port on the pods; a backend whose pods name no such port has no target. */
  conn: ConnSet;
}

export function ipTargets(model: Model, context: LbContext, port: ServicePort, backends: readonly Workload[]): IpTarget[] {
  return backends.flatMap((w) => {
    const conn = targetConn(port, w);
    if (conn.isEmpty()) return [];
    const host = w.template.spec.hostNetwork === true;
    return nodeGroupsFor(w, model.infra)
      .filter((ng) => context.nodeGroups.includes(ng))
      .map((ng) => ({
        workload: w,
        nodeGroup: ng,
        what: host ? ('nodes' as const) : ('pods' as const),
        endpoint: host ? nodeGroupEndpoint(model.infra, ng) : podEndpoint(model.infra, model.cni, ng),
        conn,
      }));
  });
}
