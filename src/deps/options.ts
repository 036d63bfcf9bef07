/**
 * netreach.yaml `dependencies:` in the form the inference uses: ignored hosts and variable filters as regular
 * expressions, extra patterns compiled once per configuration.
 */
import type { DependenciesConfig } from '../config/schema.js';
import { globToRegExp } from '../core/glob.js';
import type { DeepReadonly } from '../lint/options.js';

export interface DependencyPattern {
  /** Global, with indices (`d`): each match's `host` and `port` groups are located in the value. */
  regex: RegExp;
  /** The port when a match has none. */
  port?: number;
  /** Only values of these variables / ConfigMap keys; every value when absent. */
  variables?: readonly RegExp[];
}

export interface DepsOptions {
  /** Hosts that are not dependencies (case-insensitive, whole host). */
  ignoreHosts: readonly RegExp[];
  patterns: readonly DependencyPattern[];
  /** Cluster DNS domains after `.svc` (kubelet clusterDomain). */
  clusterDomains: readonly string[];
}

export const DEFAULT_DEPS_OPTIONS: DepsOptions = Object.freeze({ ignoreHosts: [], patterns: [], clusterDomains: ['cluster.local'] });

const cache = new WeakMap<object, DepsOptions>();

/** The options of a configuration (the defaults when it has no `dependencies:`), compiled once per configuration. */
export function depsOptionsOf(config: { readonly dependencies?: DeepReadonly<DependenciesConfig> | undefined }): DepsOptions {
  const d = config.dependencies;
  if (!d) return DEFAULT_DEPS_OPTIONS;
  let options = cache.get(d);
  if (!options) {
    options = {
      ignoreHosts: d.ignoreHosts.map((h) => globToRegExp(h.replace(/\.$/, ''), 'i')),
      // The schema has checked that each compiles and has a host group.
      patterns: d.patterns.map((p) => ({
        regex: new RegExp(p.regex, 'gd'),
        ...(p.port !== undefined ? { port: p.port } : {}),
        ...(p.variables ? { variables: p.variables.map((v) => globToRegExp(v)) } : {}),
      })),
      clusterDomains: d.clusterDomains.map((c) => c.toLowerCase()),
    };
    cache.set(d, options);
  }
  return options;
}
