/**
 * What the `lb/` rules share: where a load balancer of the model (src/model/lb) is placed — the cluster and VPC its
 * targets run in — how it is named in messages, and the fields that decide it as related locations.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import { lbContexts, lbSubnets, type LbContext, type LbSubnets } from '../../src/engine/vpc/lb-placement.js';
import type { InfraModel, Reference, SubnetElement } from '../../src/model/infra/types.js';
import { lbOptionsOf, loadBalancersOf } from '../../src/model/lb/index.js';
import type { LoadBalancer } from '../../src/model/lb/types.js';
import type { Model } from '../../src/model/types.js';
import { label } from '../vpc/infra.js';

export { label };

/**
 * The load balancers the controller reconciles: ALBs none of whose Ingresses carries a rejected annotation value
 * (lb/invalid-annotation reports those; the controller builds nothing for the group). Rejected Services have no
 * load balancer in the model at all. `config`: netreach.yaml (its `loadBalancers` decides who takes class-less Services).
 */
export function reconciledLoadBalancers(model: Model, config: Parameters<typeof lbOptionsOf>[0]): LoadBalancer[] {
  return loadBalancersOf(model, lbOptionsOf(config)).reconciled;
}

/** "The internet-facing ALB of Ingress shop/web": the load balancer's label as a sentence start. */
export function lbTitle(lb: LoadBalancer): string {
  return lb.label.charAt(0).toUpperCase() + lb.label.slice(1);
}

function resolved<T extends { key: string }>(list: readonly T[], ref: Reference | undefined): T | undefined {
  return ref?.resolved === true && ref.key !== undefined ? list.find((e) => e.key === ref.key) : undefined;
}

/**
 * The clusters a load balancer's targets run in (lbContexts). When the input has none of its pods (a chart that
 * ships the Ingress apart from the Deployment) but exactly one EKS cluster, that cluster: the controller runs in
 * one cluster and creates the load balancer in its VPC.
 */
export function contextsOf(model: Model, lb: LoadBalancer): LbContext[] {
  const found = lbContexts(model, lb);
  if (found.length > 0) return found;
  const infra = model.infra;
  const [cluster, ...more] = infra.clusters;
  if (!cluster || more.length > 0) return [];
  const nodeGroups = infra.nodeGroups.filter((n) => n.cluster === cluster.key || n.cluster === cluster.name);
  const refs = [...cluster.subnets, ...nodeGroups.flatMap((n) => n.subnets)];
  const vpc = resolved(infra.vpcs, cluster.vpc) ?? refs.map((r) => resolved(infra.vpcs, resolved(infra.subnets, r)?.vpc)).find((v) => v !== undefined);
  return [{ cluster, ...(vpc ? { vpc } : {}), nodeGroups }];
}

/** Each context with a known VPC and the load balancer's subnets there. */
export function placementsOf(model: Model, lb: LoadBalancer): { context: LbContext & { vpc: NonNullable<LbContext['vpc']> }; placed: LbSubnets }[] {
  const out: { context: LbContext & { vpc: NonNullable<LbContext['vpc']> }; placed: LbSubnets }[] = [];
  for (const context of contextsOf(model, lb)) {
    const vpc = context.vpc;
    if (!vpc) continue;
    const placed = lbSubnets(model.infra, context, lb);
    if (placed) out.push({ context: { ...context, vpc }, placed });
  }
  return out;
}

/** The subnets of a VPC that the model has. */
export function subnetsOfVpc(infra: InfraModel, vpcKey: string): SubnetElement[] {
  return infra.subnets.filter((s) => s.vpc.resolved && s.vpc.key === vpcKey);
}

/** "cluster shop (Cluster), VPC Vpc" — where the load balancer is made, for messages. */
export function whereText(context: LbContext & { vpc: NonNullable<LbContext['vpc']> }): string {
  return `${context.cluster ? `cluster ${label(context.cluster)}, ` : ''}VPC ${label(context.vpc)}`;
}

/** The fields that decide the load balancer, minus the one the finding is on. */
export function decidedBy(lb: LoadBalancer, except?: { file: string; region: { startLine: number; startColumn: number } }): RelatedLocation[] {
  return lb.decidedBy.filter(
    (r) => !except || r.at.file !== except.file || r.at.region.startLine !== except.region.startLine || r.at.region.startColumn !== except.region.startColumn,
  );
}
