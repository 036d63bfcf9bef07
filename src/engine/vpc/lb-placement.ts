/**
 * Where a load balancer of the model (src/model/lb) lives in the VPC model: the clusters its targets' pods can run
 * in, each with its VPC and node groups, and the subnets the controller creates the load balancer in there.
 */
import { nodeGroupsFor } from '../../model/infra/placement.js';
import type { EksClusterElement, InfraModel, NodeGroupElement, Reference, SubnetElement, VpcElement } from '../../model/infra/types.js';
import type { LoadBalancer } from '../../model/lb/types.js';
import type { Model, Workload } from '../../model/types.js';
import { discoverLoadBalancerSubnets, namedLoadBalancerSubnets } from './load-balancer.js';

/** A cluster a load balancer's targets run in: the VPC the load balancer is created in, and the cluster's node groups. */
export interface LbContext {
  cluster?: EksClusterElement;
  vpc?: VpcElement;
  nodeGroups: NodeGroupElement[];
}

/** The subnets of a load balancer in one context, and how they were chosen. */
export interface LbSubnets {
  subnets: SubnetElement[];
  /** Stated names the VPC model does not have (the controller fails: no load balancer). */
  missing: string[];
  how: 'stated' | 'tags' | 'discovered';
}

/** The workloads behind a load balancer's target groups (the pods its Services select). */
export function lbBackends(model: Model, lb: LoadBalancer): Workload[] {
  const out: Workload[] = [];
  for (const tg of lb.targetGroups) if (tg.service) for (const w of model.backendsOf(tg.service)) if (!out.includes(w)) out.push(w);
  return out;
}

function resolved<T extends { key: string }>(list: readonly T[], ref: Reference | undefined): T | undefined {
  return ref?.resolved === true && ref.key !== undefined ? list.find((e) => e.key === ref.key) : undefined;
}

/** A node group's cluster: `cluster` holds the cluster's key (eksctl) or its name (CloudFormation's ClusterName). */
export function clusterOfNodeGroup(infra: InfraModel, ng: NodeGroupElement): EksClusterElement | undefined {
  if (ng.cluster === undefined) return undefined;
  return infra.clusters.find((c) => c.key === ng.cluster) ?? infra.clusters.find((c) => c.name === ng.cluster);
}

/**
 * The clusters the workloads can run in (through the node groups they fit), each with its VPC and all its node
 * groups. Node groups of no known cluster form one context of their own, in the VPC of their subnets.
 */
export function clusterContexts(infra: InfraModel, backends: readonly Workload[]): LbContext[] {
  const out = new Map<string, LbContext>();
  for (const w of backends)
    for (const ng of nodeGroupsFor(w, infra)) {
      const cluster = clusterOfNodeGroup(infra, ng);
      const key = cluster?.key ?? '';
      if (out.has(key)) continue;
      const nodeGroups = infra.nodeGroups.filter((n) => clusterOfNodeGroup(infra, n) === cluster);
      const subnetRefs = cluster ? [...cluster.subnets, ...nodeGroups.flatMap((n) => n.subnets)] : nodeGroups.flatMap((n) => n.subnets);
      const vpc = resolved(infra.vpcs, cluster?.vpc) ?? subnetRefs.map((r) => resolved(infra.vpcs, resolved(infra.subnets, r)?.vpc)).find((v) => v !== undefined);
      out.set(key, { ...(cluster ? { cluster } : {}), ...(vpc ? { vpc } : {}), nodeGroups });
    }
  return [...out.values()];
}

/** The contexts of a load balancer: where the pods behind it can run. */
export function lbContexts(model: Model, lb: LoadBalancer): LbContext[] {
  return clusterContexts(model.infra, lbBackends(model, lb));
}

/**
 * The subnets the controller puts the load balancer in: the stated ones (all must exist, or the controller fails),
 * those matching IngressClassParams tag filters (one per zone, cluster-tagged first, then lowest ID), else the
 * discovered ones. Undefined without a VPC.
 */
export function lbSubnets(infra: InfraModel, context: LbContext, lb: LoadBalancer): LbSubnets | undefined {
  const vpc = context.vpc;
  if (!vpc) return undefined;
  if (lb.subnets) {
    const { subnets, missing } = namedLoadBalancerSubnets(infra, vpc.key, lb.subnets.names);
    return { subnets, missing, how: 'stated' };
  }
  if (lb.subnetTags) {
    const tags = lb.subnetTags.tags;
    const matching = infra.subnets.filter((s) => s.vpc.resolved && s.vpc.key === vpc.key && Object.entries(tags).every(([k, values]) => Object.hasOwn(s.tags, k) && values.includes(s.tags[k]!)));
    const clusterTag = context.cluster ? `kubernetes.io/cluster/${context.cluster.name}` : undefined;
    const eligible = matching.filter((s) => {
      const clusterTags = Object.keys(s.tags).filter((k) => k.startsWith('kubernetes.io/cluster/'));
      return clusterTags.length === 0 || (clusterTag !== undefined && clusterTags.includes(clusterTag));
    });
    const byZone = new Map<string, SubnetElement>();
    const rank = (s: SubnetElement) => (clusterTag !== undefined && Object.hasOwn(s.tags, clusterTag) ? 0 : 1);
    const id = (s: SubnetElement) => s.id ?? s.key;
    for (const s of eligible) {
      const zone = s.az?.known ? s.az.value : `?${s.key}`;
      const best = byZone.get(zone);
      if (!best || rank(s) < rank(best) || (rank(s) === rank(best) && id(s) < id(best))) byZone.set(zone, s);
    }
    return { subnets: [...byZone.values()].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0)), missing: [], how: 'tags' };
  }
  return {
    subnets: discoverLoadBalancerSubnets(infra, {
      controller: lb.controller,
      scheme: lb.scheme.value,
      vpcKey: vpc.key,
      ...(context.cluster ? { clusterName: context.cluster.name } : {}),
    }),
    missing: [],
    how: 'discovered',
  };
}
