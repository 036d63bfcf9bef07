/**
 * `netreach deps`: the declared call graph with a verdict per call. `--focus` keeps the calls whose caller, Service,
 * backend or external host it names: a namespace, `ns/name`, `ns/Kind/name` (a workload or a Service), or a host.
 */
import type { DependencyCheck } from '../deps/check.js';
import type { Model } from '../model/types.js';
import { UsageError } from './args.js';

/** What one call touches, in every form a focus may name it. */
function namesOf(c: DependencyCheck): Set<string> {
  const names = new Set<string>();
  const add = (kind: string, namespace: string, name: string) => {
    names.add(namespace);
    names.add(`${namespace}/${name}`);
    names.add(`${namespace}/${kind}/${name}`);
  };
  const { workload, target } = c.dependency;
  add(workload.kind, workload.namespace, workload.name);
  for (const a of c.attempts) add(a.backend.kind, a.backend.namespace, a.backend.name);
  if (target.kind === 'service') add('Service', target.service.namespace, target.service.name);
  else if (target.kind === 'missing-service') add('Service', target.namespace, target.name);
  else if (target.kind === 'external') names.add(target.host);
  return names;
}

export function focusedDependencies(model: Model, checks: readonly DependencyCheck[], focus: readonly string[]): DependencyCheck[] {
  if (focus.length === 0) return [...checks];
  const touched = checks.map(namesOf);
  for (const f of focus) {
    const known = touched.some((names) => names.has(f)) || knownToModel(model, f);
    if (!known) throw new UsageError(`--focus ${f}: no namespace, workload, Service or host of the dependencies has that name (namespace, namespace/name, namespace/Kind/name or a host)`);
  }
  return checks.filter((_, i) => focus.some((f) => touched[i]!.has(f)));
}

/** A name of the input that takes part in no dependency is a valid focus with nothing to show. */
function knownToModel(model: Model, f: string): boolean {
  const parts = f.split('/');
  if (parts.length === 1) return model.namespace(f) !== undefined;
  const [namespace, kindOrName, name] = parts;
  if (parts.length === 2) return model.workloadsIn(namespace!).some((w) => w.name === kindOrName) || model.service(namespace!, kindOrName!) !== undefined;
  if (parts.length === 3) return kindOrName === 'Service' ? model.service(namespace!, name!) !== undefined : model.workloadsIn(namespace!).some((w) => w.kind === kindOrName && w.name === name);
  return false;
}
