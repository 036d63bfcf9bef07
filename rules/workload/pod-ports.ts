/**
 * What the `workload/…` port rules share on top of the model's `podContainers`/`podPorts`: the pod spec
 * of a workload that is in the input, where a field of a port is, and how ports are named in messages.
 *
 * Locations come from the port objects themselves (`refOf(port, 'containerPort')`), never from indices:
 * the loader may have removed invalid elements.
 */
import type { PodSpec } from '../../src/loader/schemas/index.js';
import { maybeRefOf, type SourceRef } from '../../src/core/source.js';
import type { PodPort, Workload } from '../../src/model/index.js';

/** The manifest's pod spec, or undefined for workloads with no source (implicit CoreDNS). */
export function sourcedSpec(w: Workload): PodSpec | undefined {
  return w.template.specAt === undefined ? undefined : w.template.spec;
}

/** Location of a field of a port; undefined only for synthetic objects. */
export function portRef(p: PodPort, field: 'containerPort' | 'hostPort' | 'name'): SourceRef | undefined {
  return maybeRefOf(p.port, field);
}

/** "TCP 8080". */
export function formatPort(p: PodPort): string {
  return `${p.protocol} ${p.containerPort}`;
}
