/**
 * `netreach deps` output: the declared call graph, each dependency with its verdict and why, as text (grouped by
 * caller), JSON, Mermaid and Graphviz DOT. Pure functions of the checks; the order is the checks' order
 * (workload, then document order), so output is deterministic.
 *
 * In the pictures a node is a workload (callers, and a Service's backends: the call graph teams think in), a
 * Service without backends or missing from the input, or a host outside the cluster; an edge is one call, labelled
 * with its port and marked by its verdict. An edge to a backend reads "80→8080" when the Service port differs from
 * the target port: the pods, and the NetworkPolicies a team writes for them, see the target port (DNAT).
 */
import type { DependencyCheck, DependencyStatus, ServiceAttempt } from '../deps/check.js';
import { looksLikeClusterName, type DependencyTarget } from '../deps/infer.js';
import { workloadEndpointName } from '../engine/reachability.js';
import { displayName } from '../model/identity.js';
import type { Workload } from '../model/types.js';
import { toDot as dotText, toMermaid as mermaidText, type EdgeStyle, type GraphEdge, type GraphNode, type NodeShape } from './graph.js';

export const DEPS_FORMATS = ['text', 'json', 'mermaid', 'dot'] as const;
export type DepsFormat = (typeof DEPS_FORMATS)[number];

export function renderDeps(format: DepsFormat, checks: readonly DependencyCheck[]): string {
  switch (format) {
    case 'text':
      return toText(checks);
    case 'json':
      return `${JSON.stringify({ dependencies: checks.map(toJson), summary: summary(checks) }, null, 2)}\n`;
    case 'mermaid':
      return toMermaid(checks);
    case 'dot':
      return toDot(checks);
  }
}

/** Statuses in the order the summary names them. */
const STATUSES: readonly DependencyStatus[] = ['allowed', 'blocked', 'partial', 'broken', 'unknown', 'local'];

function summary(checks: readonly DependencyCheck[]): Record<DependencyStatus | 'dependencies' | 'workloads', number> {
  const out = { dependencies: checks.length, workloads: new Set(checks.map((c) => c.dependency.workload)).size } as Record<DependencyStatus | 'dependencies' | 'workloads', number>;
  for (const s of STATUSES) out[s] = checks.filter((c) => c.status === s).length;
  return out;
}

/** The API server's Service (the `api-server` target), as every cluster publishes it. */
const API_SERVER = { namespace: 'default', name: 'kubernetes' } as const;


/**
 * The target ports the backends receive when they differ from the Service port the reference names: "TCP 8080"
 * for `frontend:80`, several joined when the backends or the Service ports differ; empty when the ports are the same.
 */
function translatedPorts(c: DependencyCheck): string[] {
  const out: string[] = [];
  for (const a of c.attempts) {
    if (!a.servicePort || sameAsServicePort(a)) continue;
    const text = a.want.toString();
    if (!out.includes(text)) out.push(text);
  }
  return out;
}

/** The target port numbers of an attempt, e.g. "8080" (ranges and several protocols joined as ConnSet prints them). */
function targetPorts(a: ServiceAttempt): string {
  const ports: string[] = [];
  for (const p of a.want.protocols()) {
    const text = a.want.ports(p).toString();
    if (!ports.includes(text)) ports.push(text);
  }
  return ports.join(',');
}

const sameAsServicePort = (a: ServiceAttempt) => a.servicePort !== undefined && targetPorts(a) === String(a.servicePort.port);

/**
 * "Service shop/cart:80", "Service boutique/frontend:80 (→ TCP 8080)", "api.stripe.com:443 (outside the cluster)",
 * "shoppingassistantservice:80 (no such Service in the input)", "localhost:9090 (the pod itself)".
 */
function targetText(c: DependencyCheck): string {
  const { target, reference } = c.dependency;
  const port = reference.port !== undefined ? `:${reference.port}` : '';
  const translated = translatedPorts(c);
  const dnat = translated.length > 0 ? ` (→ ${translated.join(', ')})` : '';
  if (target.kind === 'api-server') return `Service ${API_SERVER.namespace}/${API_SERVER.name}${port}${dnat} (the API server)`;
  switch (target.kind) {
    case 'service':
      return `Service ${target.service.namespace}/${target.service.name}${port}${dnat}${aliasText(c)}`;
    case 'missing-service':
      return `Service ${target.namespace}/${target.name}${port} (not in the input)${aliasText(c)}`;
    case 'external':
      return `${target.host}${port} (${c.status === 'unknown' && looksLikeClusterName(target.host) ? 'no such Service in the input' : 'outside the cluster'})`;
    case 'local':
      return `${reference.host}${port} (the pod itself)`;
  }
}

/** " (through alias shop/db)": the reference names an ExternalName Service that leads to the target. */
const aliasText = (c: DependencyCheck) => (c.dependency.alias ? ` (through alias ${c.dependency.alias.namespace}/${c.dependency.alias.name})` : '');

const at = (c: DependencyCheck) => `${c.dependency.at.file}:${c.dependency.at.region.startLine}:${c.dependency.at.region.startColumn}`;

function toText(checks: readonly DependencyCheck[]): string {
  if (checks.length === 0)
    return 'No declared dependencies: no env value, ConfigMap value or file, command or argument of a container names a host netreach reads, and no workload has a netreach.io/depends-on annotation.\n';
  const out: string[] = [];
  let caller: Workload | undefined;
  for (const c of checks) {
    const w = c.dependency.workload;
    if (w !== caller) {
      if (caller) out.push('');
      out.push(workloadEndpointName(w));
      caller = w;
    }
    const written = c.dependency.portFrom ? `${c.dependency.value.via} (port: ${c.dependency.portFrom})` : c.dependency.value.via;
    const via = c.dependency.container ? `container ${c.dependency.container}, ${written}` : written;
    out.push(`  -> ${targetText(c)}  ${c.status}`);
    out.push(`       ${via} at ${at(c)}`);
    out.push(`       ${c.why}`);
  }
  const s = summary(checks);
  const counts = STATUSES.filter((st) => s[st] > 0).map((st) => `${s[st]} ${st}`);
  out.push('', `${s.dependencies} dependenc${s.dependencies === 1 ? 'y' : 'ies'} of ${s.workloads} workload${s.workloads === 1 ? '' : 's'}: ${counts.join(', ')}`);
  return `${out.join('\n')}\n`;
}

function workloadJson(w: Workload) {
  return { namespace: w.namespace, name: w.name, kind: w.kind };
}

function targetJson(target: DependencyTarget, host: string, port: { port?: number }): object {
  if (target.kind === 'api-server') return { type: 'api-server', ...API_SERVER, ...port };
  switch (target.kind) {
    case 'service':
      return { type: 'service', namespace: target.service.namespace, name: target.service.name, ...port };
    case 'missing-service':
      return { type: 'missing-service', namespace: target.namespace, name: target.name, ...port };
    case 'external':
      return { type: 'external', host: target.host, ...port };
    case 'local':
      return { type: 'local', host, ...port };
  }
}

function toJson(c: DependencyCheck): object {
  const { dependency: dep } = c;
  const { target } = dep;
  const port = dep.reference.port !== undefined ? { port: dep.reference.port } : {};
  const to = targetJson(target, dep.reference.host, port);
  const r = dep.at.region;
  return {
    from: { ...workloadJson(dep.workload), ...(dep.container ? { container: dep.container } : {}) },
    via: dep.value.via,
    ...(dep.portFrom ? { portFrom: dep.portFrom } : {}),
    ...(dep.alias ? { alias: { namespace: dep.alias.namespace, name: dep.alias.name } } : {}),
    reference: dep.value.text.slice(dep.reference.start, dep.reference.end),
    ...(dep.reference.scheme ? { scheme: dep.reference.scheme } : {}),
    at: { file: dep.at.file, line: r.startLine, column: r.startColumn, endLine: r.endLine, endColumn: r.endColumn },
    to,
    status: c.status,
    why: c.why,
    ...(c.attempts.length > 0
      ? {
          connections: c.attempts.map((a) => ({
            backend: workloadJson(a.backend),
            ...(a.servicePort ? { servicePort: a.servicePort.port } : {}),
            conn: a.want.toJSON(),
            egress: { allowed: !a.egressBlocks, isolatedBy: a.egress.isolatedBy.map((p) => `${p.node.namespace}/${p.node.name}`) },
            ingress: { allowed: !a.ingressBlocks, isolatedBy: a.ingress.isolatedBy.map((p) => `${p.node.namespace}/${p.node.name}`) },
          })),
        }
      : {}),
    ...(c.external
      ? {
          egress: {
            isolatedBy: c.external.isolatedBy.map((p) => `${p.node.namespace}/${p.node.name}`),
            allowedTo: c.external.allowedTo.toCidrs(),
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The pictures

type NodeKind = 'workload' | 'service' | 'external' | 'local';

const SHAPES: Readonly<Record<NodeKind, NodeShape>> = { workload: 'box', service: 'parallelogram', external: 'ellipse', local: 'circle' };

interface CallEdge {
  from: string;
  to: string;
  /** The ports of the calls it stands for, e.g. "50051" or "80→8080" (Service port → target port). */
  ports: string[];
  status: DependencyStatus;
}

/** Worst first: an edge that stands for several calls takes the worst verdict among them. */
const SEVERITY: Readonly<Record<DependencyStatus, number>> = { broken: 0, blocked: 1, partial: 2, unknown: 3, allowed: 4, local: 5 };

/** "50051", or "80→8080" when the backend receives the call on another port than the Service's. */
const attemptPort = (a: ServiceAttempt, statedPort: number | undefined): string => {
  const service = a.servicePort?.port ?? statedPort;
  if (service === undefined) return targetPorts(a);
  return a.servicePort && !sameAsServicePort(a) ? `${service}→${targetPorts(a)}` : String(service);
};

function callGraph(checks: readonly DependencyCheck[]): { nodes: Map<string, NodeKind>; edges: CallEdge[] } {
  const nodes = new Map<string, NodeKind>();
  const node = (label: string, kind: NodeKind) => {
    if (!nodes.has(label)) nodes.set(label, kind);
    return label;
  };
  const edges = new Map<string, CallEdge>();
  const add = (from: string, to: string, ports: readonly string[], status: DependencyStatus) => {
    const key = `${from}\u0000${to}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { from, to, ports: [], status }));
    for (const p of ports) if (p && !e.ports.includes(p)) e.ports.push(p);
    if (SEVERITY[status] < SEVERITY[e.status]) e.status = status;
  };
  for (const c of checks) {
    const dep = c.dependency;
    const from = node(workloadEndpointName(dep.workload), 'workload');
    const port = dep.reference.port !== undefined ? String(dep.reference.port) : '';
    const { target } = dep;
    if (c.attempts.length > 0) {
      // Each backend the call reaches, with the verdict of its own connections and the ports its pods see.
      for (const backend of [...new Set(c.attempts.map((a) => a.backend))]) {
        const mine = c.attempts.filter((a) => a.backend === backend);
        const status = mine.some((a) => a.egressBlocks || a.ingressBlocks) ? (mine.every((a) => a.egressBlocks || a.ingressBlocks) ? 'blocked' : 'partial') : 'allowed';
        add(from, node(workloadEndpointName(backend), 'workload'), mine.map((a) => attemptPort(a, dep.reference.port)), status);
      }
    } else if (target.kind === 'api-server') add(from, node(`Service ${API_SERVER.namespace}/${API_SERVER.name}`, 'service'), [port], c.status);
    else if (target.kind === 'service' || target.kind === 'missing-service') {
      const svc = target.kind === 'service' ? target.service : target;
      add(from, node(`Service ${svc.namespace}/${svc.name}`, 'service'), [port], c.status);
    } else if (target.kind === 'external') add(from, node(target.host, 'external'), [port], c.status);
    else add(from, node(`${dep.reference.host} (${displayName(dep.workload)})`, 'local'), [port], c.status);
  }
  return { nodes, edges: [...edges.values()] };
}

const STYLES: Readonly<Record<DependencyStatus, EdgeStyle>> = {
  allowed: { color: '#2e7d32', dashed: false },
  blocked: { color: '#c62828', dashed: true },
  partial: { color: '#ef6c00', dashed: true },
  broken: { color: '#6d4c41', dashed: true },
  unknown: { color: '#757575', dashed: true },
  local: { color: '#757575', dashed: false },
};

/** "50051" for an allowed call, "50051 blocked" otherwise: the picture says what is wrong without a legend. */
const edgeText = (e: CallEdge) => [e.ports.join(', '), e.status === 'allowed' ? '' : e.status].filter((s) => s !== '').join(' ');

function picture(checks: readonly DependencyCheck[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const { nodes, edges } = callGraph(checks);
  return {
    nodes: [...nodes].map(([label, kind]) => ({ label, shape: SHAPES[kind] })),
    edges: edges.map((e) => ({ from: e.from, to: e.to, label: edgeText(e), style: STYLES[e.status] })),
  };
}

// One linkStyle line per verdict, in the order the summary names them.
const toMermaid = (checks: readonly DependencyCheck[]) => mermaidText(picture(checks), { styleOrder: STATUSES.map((s) => STYLES[s]) });

const toDot = (checks: readonly DependencyCheck[]) => dotText(picture(checks), { name: 'netreach_deps', edgeFont: true });
