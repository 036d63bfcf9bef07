/**
 * What the `workload/…` port rules share: the containers of a pod template in the order the API server
 * visits them (`pods.VisitContainersWithPath`: initContainers, then containers), their declared ports
 * with the API defaults applied, and how workloads and ports are named in messages.
 *
 * Everything is read off the loader's own objects, and locations come from the port objects themselves
 * (`refOf(port, 'containerPort')`), never from indices: the loader may have removed invalid elements.
 */
import type { Container, ContainerPort, PodSpec } from '../../src/loader/schemas/index.js';
import { maybeRefOf, type SourceRef } from '../../src/core/source.js';
import type { Workload } from '../../src/model/types.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface PodContainer {
  container: Container;
  /** "app", or "initContainers[0]" when the loader dropped an invalid name. */
  name: string;
  list: 'initContainers' | 'containers';
  /** A native sidecar: an init container with `restartPolicy: Always`, running beside the app containers. */
  sidecar: boolean;
}

export interface PodPort {
  owner: PodContainer;
  port: ContainerPort;
  containerPort: number;
  /** `protocol`, defaulted to TCP as the API server does. */
  protocol: Protocol;
  /** Declared hostPort (0 when unset). */
  hostPort: number;
  /** Declared hostIP ('' when unset). */
  hostIP: string;
  name: string | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPortNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;

/** initContainers, then containers: the order of the API server's warnings and validation errors. */
export function podContainers(spec: PodSpec | undefined): PodContainer[] {
  const out: PodContainer[] = [];
  for (const list of ['initContainers', 'containers'] as const) {
    const containers: unknown = spec?.[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: unknown, i) => {
      if (!isObject(c)) return;
      const container = c as Container;
      const name = typeof container.name === 'string' ? container.name : `${list}[${i}]`;
      out.push({ container, name, list, sidecar: list === 'initContainers' && container.restartPolicy === 'Always' });
    });
  }
  return out;
}

/** Every well-formed declared port of the containers, in container order. */
export function podPorts(containers: readonly PodContainer[]): PodPort[] {
  const out: PodPort[] = [];
  for (const owner of containers) {
    const ports: unknown = owner.container.ports;
    if (!Array.isArray(ports)) continue;
    for (const p of ports as unknown[]) {
      if (!isObject(p) || !isPortNumber(p.containerPort)) continue;
      const port = p as ContainerPort;
      out.push({
        owner,
        port,
        containerPort: port.containerPort,
        protocol: port.protocol ?? 'TCP',
        hostPort: isPortNumber(port.hostPort) ? port.hostPort : 0,
        hostIP: typeof port.hostIP === 'string' ? port.hostIP : '',
        name: typeof port.name === 'string' && port.name !== '' ? port.name : undefined,
      });
    }
  }
  return out;
}

/** The manifest's pod spec, or undefined for workloads with no source (implicit CoreDNS). */
export function sourcedSpec(w: Workload): PodSpec | undefined {
  return w.template.specAt === undefined ? undefined : w.template.spec;
}

/** Location of a field of a port; undefined only for synthetic objects. */
export function portRef(p: PodPort, field: 'containerPort' | 'hostPort' | 'name'): SourceRef | undefined {
  return maybeRefOf(p.port, field);
}

/** "shop/api": how messages name a workload (after its kind). */
export function workloadName(w: Workload): string {
  return `${w.namespace}/${w.name}`;
}

/** "TCP 8080". */
export function formatPort(p: PodPort): string {
  return `${p.protocol} ${p.containerPort}`;
}
