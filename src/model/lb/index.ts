/**
 * Every AWS load balancer the input asks for (LoadBalancer Services, ALB IngressGroups), read once per model.
 */
import type { Model } from '../types.js';
import { albLoadBalancers, type AlbProblem } from './ingress.js';
import { compareRefs } from '../../core/source.js';
import { serviceLoadBalancerModel, serviceLoadBalancerProblems } from './service.js';
import type { LbProblem, LoadBalancer } from './types.js';

export type * from './types.js';
export { ALB_ANNOTATIONS, ALB_CLASS, ALB_CONTROLLER, albClassOf, parseListenPorts, servicePortOf, type AlbProblem } from './ingress.js';
export { ANNOTATIONS as SERVICE_LB_ANNOTATIONS, LBC_CLASS, clientIpPreserved, serviceLoadBalancer, serviceLoadBalancerModel, serviceLoadBalancerProblems, type ServiceLoadBalancer } from './service.js';

export interface LoadBalancers {
  /** Services first (by id), then ALBs (by group id). */
  all: LoadBalancer[];
  /**
   * Annotation values the controller rejects, so it does not reconcile the Service or the Ingress (AlbProblem, with
   * the Ingress whose ALB fails, for Ingresses); one per object and place, sorted by place.
   */
  problems: (LbProblem | AlbProblem)[];
  /**
   * The load balancers the controller builds: all but ALB groups with a member it refuses (a problem above) or
   * whose members conflict. What the rules and the reachability queries analyse.
   */
  reconciled: LoadBalancer[];
}

const cache = new WeakMap<Model, LoadBalancers>();

export function loadBalancersOf(model: Model): LoadBalancers {
  let found = cache.get(model);
  if (!found) {
    const services = model.services.flatMap((s) => serviceLoadBalancerModel(s) ?? []);
    const albs = albLoadBalancers(model);
    const seen = new Set<string>();
    const problems = [...model.services.flatMap(serviceLoadBalancerProblems), ...albs.problems]
      .filter((p) => {
        // A Service's target-group annotation read for several backends is one problem.
        const key = `${p.object.id}|${p.at.file}|${p.at.region.startLine}:${p.at.region.startColumn}|${p.message}`;
        return !seen.has(key) && seen.add(key) !== undefined;
      })
      .sort((a, b) => compareRefs(a.at, b.at) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    const all = [...services, ...albs.loadBalancers];
    const failed = new Set(problems.flatMap((p) => ('ingress' in p ? [p.ingress] : [])));
    const reconciled = all.filter((lb) => lb.conflicts.length === 0 && !lb.members.some((m) => failed.has(m.ingress)));
    found = { all, problems, reconciled };
    cache.set(model, found);
  }
  return found;
}
