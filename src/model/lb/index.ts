/**
 * Every AWS load balancer the input asks for (LoadBalancer Services, ALB IngressGroups), read once per model.
 */
import type { Model } from '../types.js';
import { albLoadBalancers, type AlbProblem } from './ingress.js';
import { compareRefs, compareStrings } from '../../core/source.js';
import { serviceLoadBalancerModel, serviceLoadBalancerProblems } from './service.js';
import { classlessServiceController, DEFAULT_LB_OPTIONS, type LbOptions } from './service-controller.js';
import type { LbProblem, LoadBalancer } from './types.js';

export type * from './types.js';
export { ALB_ANNOTATIONS, albActionOf, albClassOf, isAlbActionBackend, parseListenPorts, servicePortOf, type AlbAction, type AlbProblem } from './ingress.js';
export {
  classlessServiceController,
  DEFAULT_LB_OPTIONS,
  lbOptionsOf,
  type ClasslessServiceController,
  type LbOptions,
  type ServiceControllerSetting,
} from './service-controller.js';
export { ANNOTATIONS as SERVICE_LB_ANNOTATIONS, clientIpPreserved, serviceLoadBalancer, serviceLoadBalancerModel, type ServiceLoadBalancer } from './service.js';

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

const cache = new WeakMap<Model, Map<string, LoadBalancers>>();

/**
 * `options`: netreach.yaml `loadBalancers` (lbOptionsOf(config)); it decides which controller takes a LoadBalancer
 * Service without a class. Read once per model and options.
 */
export function loadBalancersOf(model: Model, options: LbOptions = DEFAULT_LB_OPTIONS): LoadBalancers {
  let byOptions = cache.get(model);
  if (!byOptions) cache.set(model, (byOptions = new Map()));
  let found = byOptions.get(options.serviceController);
  if (!found) {
    const classless = classlessServiceController(model, options);
    const services = model.services.flatMap((s) => serviceLoadBalancerModel(s, classless) ?? []);
    const albs = albLoadBalancers(model);
    const seen = new Set<string>();
    const raw = [...model.services.flatMap((s) => serviceLoadBalancerProblems(s, classless)), ...albs.problems];
    // Every Ingress whose backend carries a rejected value fails, even when the problem is reported once.
    const failed = new Set(raw.flatMap((p) => ('ingress' in p ? [p.ingress] : [])));
    const problems = raw
      .filter((p) => {
        // A Service's target-group annotation read for several backends is one problem.
        const key = `${p.object.id}|${p.at.file}|${p.at.region.startLine}:${p.at.region.startColumn}|${p.message}`;
        return !seen.has(key) && seen.add(key) !== undefined;
      })
      .sort((a, b) => compareRefs(a.at, b.at) || compareStrings(a.message, b.message));
    const all = [...services, ...albs.loadBalancers];
    const reconciled = all.filter((lb) => lb.conflicts.length === 0 && !lb.members.some((m) => failed.has(m.ingress)));
    found = { all, problems, reconciled };
    byOptions.set(options.serviceController, found);
  }
  return found;
}
