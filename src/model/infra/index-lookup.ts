/**
 * Elements of the infrastructure model by key, for following resolved references (a subnet's VPC, a cluster's
 * subnets) and for a node group's cluster.
 */
import type { EksClusterElement, InfraModel, NodeGroupElement, Reference, RouteTableElement, SubnetElement, VpcElement } from './types.js';

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
