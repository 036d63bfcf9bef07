import type { SourceRef } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { podContainers, podPorts, qualifiedName, type PodContainer, type PodPort, type Workload } from '../../../src/model/index.js';
import { canShareNode, placementOf, type Placement } from '../node-placement.js';
import { portRef, sourcedSpec } from '../pod-ports.js';

/** A host port a pod binds: declared, or (hostNetwork) its containerPort, as the API server defaults it. */
interface HostBind {
  port: PodPort;
  hostPort: number;
  /** From hostNetwork: no hostPort written. */
  implicit: boolean;
  at: SourceRef;
}

function hostBinds(spec: { hostNetwork?: boolean | undefined }, containers: readonly PodContainer[]): HostBind[] {
  const out: HostBind[] = [];
  for (const port of podPorts(containers)) {
    const implicit = port.hostPort === 0 && spec.hostNetwork === true;
    const hostPort = implicit ? port.containerPort : port.hostPort;
    if (hostPort === 0) continue;
    const at = portRef(port, implicit ? 'containerPort' : 'hostPort');
    if (at) out.push({ port, hostPort, implicit, at });
  }
  return out;
}

/** "TCP 8080", "UDP 10.0.0.5:53", "TCP [fd00::1]:443", "TCP 9100 via hostNetwork". */
function formatBind(b: HostBind): string {
  const ip = b.port.hostIP;
  const host = ip === '' ? '' : ip.includes(':') ? `[${ip}]:` : `${ip}:`;
  return `${b.port.protocol} ${host}${b.hostPort}${b.implicit ? ' via hostNetwork' : ''}`;
}

/** The scheduler's NodePorts check (HostPortInfo.CheckConflict): an empty hostIP or 0.0.0.0 takes the port on every address. */
function conflicts(a: HostBind, b: HostBind): boolean {
  if (a.port.protocol !== b.port.protocol || a.hostPort !== b.hostPort) return false;
  const any = (ip: string) => ip === '' || ip === '0.0.0.0';
  return any(a.port.hostIP) || any(b.port.hostIP) || a.port.hostIP === b.port.hostIP;
}

export default defineRule({
  id: 'workload/host-port-conflict',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Disallow two workloads that can share a node binding the same host port', recommended: true },
    messages: {
      hostPortConflict:
        '{{kind}} {{workload}}: host port {{bind}} is also bound by {{otherKind}} {{other}} ({{otherBind}}), and nothing in nodeName, nodeSelector or required node affinity keeps their pods on different nodes. ' +
        "A node holds only one of them: once every eligible node runs one, further pods stay Pending (node(s) didn't have free ports for the requested pod ports).",
      daemonSetConflict:
        '{{kind}} {{workload}}: host port {{bind}} is also bound by {{otherKind}} {{other}} ({{otherBind}}), and {{daemonSet}} runs a pod on every node it can, so the two meet on every node both can use. ' +
        "On each such node one of the two pods stays Pending (node(s) didn't have free ports for the requested pod ports).",
      hostPortTwiceInPod:
        '{{kind}} {{workload}}: host port {{bind}} of container {{container}} is already bound by container {{firstContainer}} of the same pod. ' +
        'The API server rejects the pod (Duplicate value: "{{key}}").',
    },
    remediation:
      'Give each workload its own host port (or hostIP), keep the workloads on disjoint nodes with nodeSelector or required node affinity, ' +
      'or drop hostPort/hostNetwork and publish the port through a Service (NodePort or LoadBalancer).',
    defaultOptions: {},
  },
  create: (ctx) => ({
    // Within one pod, as validation checks it: the app containers together, each init container on its own.
    Workload(w) {
      const spec = sourcedSpec(w);
      if (!spec) return;
      const app = podContainers(spec, { sidecars: false, initContainers: false });
      const groups = [app, ...podContainers(spec, { containers: false }).map((c) => [c])];
      for (const group of groups) {
        const seen = new Map<string, HostBind>();
        for (const b of hostBinds(spec, group)) {
          const key = `${b.port.protocol}/${b.port.hostIP}/${b.hostPort}`;
          const first = seen.get(key);
          if (!first) {
            seen.set(key, b);
            continue;
          }
          ctx.report({
            messageId: 'hostPortTwiceInPod',
            at: b.at,
            object: w,
            data: { kind: w.kind, workload: qualifiedName(w), bind: formatBind(b), container: b.port.owner.name, firstContainer: first.port.owner.name, key },
            related: [{ at: first.at, message: `host port ${formatBind(first)} first bound by container ${first.port.owner.name}` }],
          });
        }
      }
    },

    // Across workloads, as the scheduler sees it: app containers and native sidecars hold their host ports.
    Model(model) {
      const entries = new Map<string, { w: Workload; b: HostBind }[]>();
      const placements = new Map<Workload, Placement>();
      for (const w of model.workloads) {
        const spec = sourcedSpec(w);
        if (!spec) continue;
        const running = podContainers(spec, { initContainers: false });
        const binds = hostBinds(spec, running);
        if (binds.length > 0) placements.set(w, placementOf(spec));
        for (const b of binds) {
          const key = `${b.port.protocol}/${b.hostPort}`;
          entries.set(key, [...(entries.get(key) ?? []), { w, b }]);
        }
      }
      for (const group of entries.values()) {
        group.forEach(({ w, b }, j) => {
          const done = new Set<Workload>([w]);
          for (const { w: other, b: otherBind } of group.slice(0, j)) {
            if (done.has(other) || !conflicts(b, otherBind)) continue;
            done.add(other);
            if (!canShareNode(placements.get(w)!, placements.get(other)!)) continue;
            const data = { kind: w.kind, workload: qualifiedName(w), bind: formatBind(b), otherKind: other.kind, other: qualifiedName(other), otherBind: formatBind(otherBind) };
            const related = [{ at: otherBind.at, message: `host port ${formatBind(otherBind)} of ${other.kind} ${qualifiedName(other)}` }];
            const daemonSet = w.kind === 'DaemonSet' ? w : other.kind === 'DaemonSet' ? other : undefined;
            if (daemonSet) {
              ctx.report({ messageId: 'daemonSetConflict', at: b.at, object: w, key: other.id, related, data: { ...data, daemonSet: `DaemonSet ${qualifiedName(daemonSet)}` } });
            } else {
              ctx.report({ messageId: 'hostPortConflict', at: b.at, object: w, key: other.id, related, data });
            }
          }
        });
      }
    },
  }),
});
