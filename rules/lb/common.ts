/**
 * What the `lb/` rules share: where a load balancer of the model (src/model/lb) is placed — the cluster and VPC its
 * targets run in — how it is named in messages, and the fields that decide it as related locations.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import type { ServicePort } from '../../src/loader/schemas/index.js';
import { lbPlacements, type LbContext, type LbSubnets } from '../../src/engine/vpc/lb-placement.js';
import type { InfraModel, SubnetElement } from '../../src/model/infra/types.js';
import { lbOptionsOf, loadBalancersOf } from '../../src/model/lb/index.js';
import type { LoadBalancer } from '../../src/model/lb/types.js';
import { protocolOf } from '../../src/model/ports.js';
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

/**
 * "443/TCP (https)": a Service port as the load balancer messages name it, its name after the number (the
 * `service/` rules' portLabel leads with the name instead).
 */
export function servicePortText(port: ServicePort): string {
  return `${port.port}/${protocolOf(port)}${port.name ? ` (${port.name})` : ''}`;
}

/** "The internet-facing ALB of Ingress shop/web": the load balancer's label as a sentence start. */
export function lbTitle(lb: LoadBalancer): string {
  return lb.label.charAt(0).toUpperCase() + lb.label.slice(1);
}

/** Each context with a known VPC and the load balancer's subnets there (lbPlacements). */
export function placementsOf(model: Model, lb: LoadBalancer): { context: LbContext & { vpc: NonNullable<LbContext['vpc']> }; placed: LbSubnets }[] {
  const out: { context: LbContext & { vpc: NonNullable<LbContext['vpc']> }; placed: LbSubnets }[] = [];
  for (const { context, placed } of lbPlacements(model, lb)) {
    const vpc = context.vpc;
    if (vpc && placed) out.push({ context: { ...context, vpc }, placed });
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
