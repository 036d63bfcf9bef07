/**
 * Ports as the API server defaults them, and the ports a pod declares: its containers, native
 * sidecars and plain init containers, in the order the consumer of the ports visits them.
 *
 * Everything is read off the loader's own objects, so a rule can point at a field of a port with
 * `refOf(p.port, 'containerPort')`, never through indices (the loader may have removed invalid elements).
 */
import type { z } from 'zod';
import type { protocol } from '../loader/schemas/common.js';
import type { Container, ContainerPort, PodSpec } from '../loader/schemas/index.js';

/** `TCP`, `UDP` or `SCTP`: the loader's `protocol` enum. */
export type Protocol = z.infer<typeof protocol>;

/** `protocol`, defaulted to TCP as the API server does (Service ports, container ports, endpoint ports). */
export function protocolOf(x: { protocol?: Protocol | undefined }): Protocol {
  return x.protocol ?? 'TCP';
}

export type ContainerList = 'initContainers' | 'containers';

export interface PodContainer {
  container: Container;
  /** "app", or "initContainers[0]" when the container has no name. */
  name: string;
  list: ContainerList;
  /** A native sidecar: an init container with `restartPolicy: Always`, running beside the app containers. */
  sidecar: boolean;
}

/** Which containers of a pod to take, and in which order. Every kind is taken unless set to false. */
export interface ContainerSelection {
  /** App containers (`spec.containers`). */
  containers?: boolean;
  /** Native sidecars: init containers with `restartPolicy: Always`, which keep running beside the app. */
  sidecars?: boolean;
  /** Plain init containers, which have exited by the time the pod serves. */
  initContainers?: boolean;
  /**
   * `api` (default): initContainers, then containers, as the API server visits them for its warnings
   * and validation errors (`pods.VisitContainersWithPath`).
   * `serving`: containers, then init containers, as the endpoints controllers search them when they
   * resolve a named targetPort (`FindPort` in k8s.io/kubernetes/pkg/api/v1/pod).
   */
  order?: 'api' | 'serving';
}

/** The containers Services reach: app containers, then native sidecars (the endpoints controllers' FindPort). */
export const SERVING_CONTAINERS: Readonly<ContainerSelection> = Object.freeze({ initContainers: false, order: 'serving' });

export interface PodPort {
  owner: PodContainer;
  /** The declared port object (for `refOf`). */
  port: ContainerPort;
  containerPort: number;
  /** `protocol`, defaulted to TCP as the API server does. */
  protocol: Protocol;
  /** Declared hostPort (0 when unset). */
  hostPort: number;
  /** Declared hostIP ('' when unset). */
  hostIP: string;
  /** Declared name; undefined when unset or empty. */
  name: string | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPortNumber = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;

/** The selected containers of a pod spec (undefined: none), each with its list and whether it is a native sidecar. */
export function podContainers(spec: PodSpec | undefined, select: Readonly<ContainerSelection> = {}): PodContainer[] {
  const lists: readonly ContainerList[] = select.order === 'serving' ? ['containers', 'initContainers'] : ['initContainers', 'containers'];
  const out: PodContainer[] = [];
  for (const list of lists) {
    const containers: unknown = spec?.[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c: unknown, i) => {
      if (!isObject(c)) return;
      const container = c as Container;
      const sidecar = list === 'initContainers' && container.restartPolicy === 'Always';
      const wanted = list === 'containers' ? select.containers !== false : sidecar ? select.sidecars !== false : select.initContainers !== false;
      if (!wanted) return;
      const name = typeof container.name === 'string' ? container.name : `${list}[${i}]`;
      out.push({ container, name, list, sidecar });
    });
  }
  return out;
}

/** Every well-formed declared port of the containers, in container order, with the API defaults applied. */
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
        protocol: protocolOf(port),
        hostPort: isPortNumber(port.hostPort) ? port.hostPort : 0,
        hostIP: typeof port.hostIP === 'string' ? port.hostIP : '',
        name: typeof port.name === 'string' && port.name !== '' ? port.name : undefined,
      });
    }
  }
  return out;
}
