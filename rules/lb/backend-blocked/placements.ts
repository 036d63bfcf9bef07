/**
 * Where a load balancer's target group sends from, in every cluster its backends can run in (lbPlacements): the load
 * balancer's subnets there and the source addresses at each step (src/engine/lb/sources.ts). Without infrastructure
 * the manifests alone still say something: the clients of a preserving NLB; the load balancer's own addresses are
 * then unknown (the empty set), and so is what they are checked against.
 */
import { lbSources, type LbSources } from '../../../src/engine/lb/sources.js';
import { lbPlacements, type LbContext } from '../../../src/engine/vpc/lb-placement.js';
import type { SubnetElement } from '../../../src/model/infra/types.js';
import type { LbTargetGroup, LoadBalancer } from '../../../src/model/lb/types.js';
import type { Model } from '../../../src/model/types.js';

export interface Placement {
  context: LbContext;
  /** The load balancer's subnets; [] when the input has no subnet of its VPC (or no VPC). */
  subnets: SubnetElement[];
  sources: LbSources;
}

export function placementsOf(model: Model, lb: LoadBalancer, tg: LbTargetGroup): Placement[] {
  const infra = model.infra;
  const out: Placement[] = [];
  for (const { context, placed } of lbPlacements(model, lb)) {
    if (context.cluster?.ipFamily === 'IPv6') continue; // IPv4 only (sources.ts)
    let subnets: SubnetElement[] = [];
    if (context.vpc && placed) {
      if (placed.missing.length > 0) continue; // a stated subnet is missing: the controller creates nothing (lb/… rules report it)
      const vpcHasSubnets = infra.subnets.some((s) => s.vpc.resolved && s.vpc.key === context.vpc!.key);
      if (placed.subnets.length === 0 && vpcHasSubnets) continue; // none discoverable: no load balancer (lb/… rules report it)
      subnets = placed.subnets;
    }
    out.push({ context, subnets, sources: lbSources(infra, lb, context, subnets, tg) });
  }
  return out;
}
