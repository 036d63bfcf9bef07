/**
 * Where a load balancer of the model (src/model/lb) lives in the VPC model: the clusters its targets' pods can run
 * in, each with its VPC and node groups, and the subnets the controller creates the load balancer in there.
 */
import { InfraIndex } from '../../model/infra/index-lookup.js';
import { nodeGroupsFor } from '../../model/infra/placement.js';
import type { EksClusterElement, InfraModel, NodeGroupElement, SubnetElement, VpcElement } from '../../model/infra/types.js';
import type { LoadBalancer } from '../../model/lb/types.js';
import type { Model, Workload } from '../../model/types.js';
import { discoverLoadBalancerSubnets, namedLoadBalancerSubnets, selectLbcSubnets } from './load-balancer.js';

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

/** One context of a load balancer and its subnets there; `placed` is undefined without a VPC. */
export interface LbPlacement {
  context: LbContext;
  placed: LbSubnets | undefined;
}

/** The workloads behind a load balancer's target groups (the pods its Services select). */
function lbBackends(model: Model, lb: LoadBalancer): Workload[] {
  const out: Workload[] = [];
  for (const tg of lb.targetGroups) if (tg.service) for (const w of model.backendsOf(tg.service)) if (!out.includes(w)) out.push(w);
  return out;
}

/**
 * A cluster with all its node groups and its VPC (the cluster's, else that of its or its node groups' subnets).
 * `cluster` undefined: the node groups of no known cluster, in the VPC of their subnets.
 */
export function contextOfCluster(index: InfraIndex, cluster: EksClusterElement | undefined): LbContext {
  const nodeGroups = index.infra.nodeGroups.filter((n) => index.clusterOf(n) === cluster);
  const subnetRefs = [...(cluster?.subnets ?? []), ...nodeGroups.flatMap((n) => n.subnets)];
  const vpc = index.vpc(cluster?.vpc) ?? subnetRefs.map((r) => index.vpc(index.subnet(r)?.vpc)).find((v) => v !== undefined);
  return { ...(cluster ? { cluster } : {}), ...(vpc ? { vpc } : {}), nodeGroups };
}

/**
 * The clusters the workloads can run in (through the node groups they fit), each with its VPC and all its node
 * groups. Node groups of no known cluster form one context of their own, in the VPC of their subnets.
 */
function clusterContexts(infra: InfraModel, backends: readonly Workload[]): LbContext[] {
  const index = new InfraIndex(infra);
  const out = new Map<string, LbContext>();
  for (const w of backends)
    for (const ng of nodeGroupsFor(w, infra)) {
      const cluster = index.clusterOf(ng);
      const key = cluster?.key ?? '';
      if (!out.has(key)) out.set(key, contextOfCluster(index, cluster));
    }
  return [...out.values()];
}

/**
 * The contexts of a load balancer: where the pods behind it can run. When none of its pods fits a node group of the
 * input (a chart that ships the Ingress apart from the Deployment, pods on nodes the input does not describe): the
 * input's only EKS cluster — the controller runs in one cluster and creates the load balancer in its VPC —, else its
 * only VPC, else one context of which nothing is known (no VPC: the manifests alone still say something).
 */
export function lbContexts(model: Model, lb: LoadBalancer): LbContext[] {
  const infra = model.infra;
  const found = clusterContexts(infra, lbBackends(model, lb));
  if (found.length > 0) return found;
  if (infra.clusters.length === 1) return [contextOfCluster(new InfraIndex(infra), infra.clusters[0]!)];
  return [{ ...(infra.vpcs.length === 1 ? { vpc: infra.vpcs[0]! } : {}), nodeGroups: [] }];
}

const placements = new WeakMap<LoadBalancer, LbPlacement[]>();

/**
 * Each context of a load balancer (lbContexts) with its subnets there (lbSubnets). Computed once per load balancer:
 * loadBalancersOf caches the load balancers of a model, so the objects are stable.
 */
export function lbPlacements(model: Model, lb: LoadBalancer): readonly LbPlacement[] {
  let found = placements.get(lb);
  if (!found) {
    found = lbContexts(model, lb).map((context) => ({ context, placed: lbSubnets(model.infra, context, lb) }));
    placements.set(lb, found);
  }
  return found;
}

/**
 * The subnets the controller puts the load balancer in: the stated ones (all must exist, or the controller fails),
 * those matching IngressClassParams tag filters (chosen as discovered ones are: selectLbcSubnets), else the
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
    return { subnets: selectLbcSubnets(matching, context.cluster?.name), missing: [], how: 'tags' };
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
