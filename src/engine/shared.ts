/**
 * One Reachability per model and configuration: `netreach check` runs many netpol rules, invariants and
 * the connection listing over the same model, and the engine is built once for all of them.
 */
import type { Model } from '../model/types.js';
import { Reachability } from './reachability.js';

export interface ReachabilityConfig {
  ingressController: { namespace: string; labels: Readonly<Record<string, string>> };
  networkPolicy?: { hostNetwork?: 'unenforced' | 'enforced' } | undefined;
}

const cache = new WeakMap<Model, WeakMap<object, Reachability>>();

export function reachabilityFor(model: Model, config: ReachabilityConfig): Reachability {
  let byConfig = cache.get(model);
  if (!byConfig) cache.set(model, (byConfig = new WeakMap()));
  let reach = byConfig.get(config);
  if (!reach) {
    reach = new Reachability(model, {
      ingressController: { namespace: config.ingressController.namespace, labels: { ...config.ingressController.labels } },
      hostNetwork: config.networkPolicy?.hostNetwork ?? 'unenforced',
    });
    byConfig.set(config, reach);
  }
  return reach;
}
