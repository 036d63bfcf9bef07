/**
 * `netreach deps` output: the declared call graph, each dependency with its verdict and why, as text (grouped by
 * caller), JSON, Mermaid and Graphviz DOT. Pure functions of the checks; the order is the checks' order
 * (workload, then document order), so output is deterministic.
 *
 * In the pictures a node is a workload (callers, and a Service's backends: the call graph teams think in), a
 * Service without backends or missing from the input, or a host outside the cluster; an edge is one call, labelled
 * with its port and marked by its verdict.
 */
import { compareStrings } from '../core/source.js';
import type { DependencyCheck, DependencyStatus } from '../deps/check.js';
import { workloadEndpointName } from '../engine/reachability.js';
import { displayName } from '../model/identity.js';
import type { Workload } from '../model/types.js';

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

/** "Service shop/cart:80", "api.stripe.com:443 (outside the cluster)", "localhost:9090 (the pod itself)". */
function targetText(c: DependencyCheck): string {
  const { target, reference } = c.dependency;
  const port = reference.port !== undefined ? `:${reference.port}` : '';
  switch (target.kind) {
    case 'service':
      return `Service ${target.service.namespace}/${target.service.name}${port}`;
    case 'missing-service':
      return `Service ${target.namespace}/${target.name}${port} (not in the input)`;
    case 'external':
      return `${target.host}${port} (outside the cluster)`;
    case 'local':
      return `${reference.host}${port} (the pod itself)`;
  }
}

const at = (c: DependencyCheck) => `${c.dependency.at.file}:${c.dependency.at.region.startLine}:${c.dependency.at.region.startColumn}`;

function toText(checks: readonly DependencyCheck[]): string {
  if (checks.length === 0) return 'No declared dependencies: no container configuration names a host and port, and no workload has a netreach.io/depends-on annotation.\n';
  const out: string[] = [];
  let caller: Workload | undefined;
  for (const c of checks) {
    const w = c.dependency.workload;
    if (w !== caller) {
      if (caller) out.push('');
      out.push(workloadEndpointName(w));
      caller = w;
    }
    const via = c.dependency.container ? `container ${c.dependency.container}, ${c.dependency.value.via}` : c.dependency.value.via;
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

function toJson(c: DependencyCheck): object {
  const { dependency: dep } = c;
  const { target } = dep;
  const port = dep.reference.port !== undefined ? { port: dep.reference.port } : {};
  const to =
    target.kind === 'service'
      ? { type: 'service', namespace: target.service.namespace, name: target.service.name, ...port }
      : target.kind === 'missing-service'
        ? { type: 'missing-service', namespace: target.namespace, name: target.name, ...port }
        : target.kind === 'external'
          ? { type: 'external', host: target.host, ...port }
          : { type: 'local', host: dep.reference.host, ...port };
  const r = dep.at.region;
  return {
    from: { ...workloadJson(dep.workload), ...(dep.container ? { container: dep.container } : {}) },
    via: dep.value.via,
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

interface GraphNode {
  label: string;
  kind: NodeKind;
}

interface GraphEdge {
  from: string;
  to: string;
  label: string;
  status: DependencyStatus;
}

/** Worst first: an edge that stands for several calls takes the worst verdict among them. */
const SEVERITY: Readonly<Record<DependencyStatus, number>> = { broken: 0, blocked: 1, partial: 2, unknown: 3, allowed: 4, local: 5 };

function graph(checks: readonly DependencyCheck[]): { nodes: Map<string, GraphNode>; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const node = (label: string, kind: NodeKind) => {
    if (!nodes.has(label)) nodes.set(label, { label, kind });
    return label;
  };
  const edges = new Map<string, GraphEdge>();
  const add = (from: string, to: string, port: string, status: DependencyStatus) => {
    const key = `${from}\u0000${to}`;
    const e = edges.get(key);
    if (!e) edges.set(key, { from, to, label: port, status });
    else {
      if (port && !e.label.split(', ').includes(port)) e.label = e.label ? `${e.label}, ${port}` : port;
      if (SEVERITY[status] < SEVERITY[e.status]) e.status = status;
    }
  };
  for (const c of checks) {
    const dep = c.dependency;
    const from = node(workloadEndpointName(dep.workload), 'workload');
    const port = dep.reference.port !== undefined ? String(dep.reference.port) : '';
    const { target } = dep;
    if (c.attempts.length > 0) {
      // Each backend the call reaches, with the verdict of its own connections.
      for (const backend of [...new Set(c.attempts.map((a) => a.backend))]) {
        const mine = c.attempts.filter((a) => a.backend === backend);
        const status = mine.some((a) => a.egressBlocks || a.ingressBlocks) ? (mine.every((a) => a.egressBlocks || a.ingressBlocks) ? 'blocked' : 'partial') : 'allowed';
        add(from, node(workloadEndpointName(backend), 'workload'), port, status);
      }
    } else if (target.kind === 'service' || target.kind === 'missing-service') {
      const svc = target.kind === 'service' ? target.service : target;
      add(from, node(`Service ${svc.namespace}/${svc.name}`, 'service'), port, c.status);
    } else if (target.kind === 'external') add(from, node(target.host, 'external'), port, c.status);
    else add(from, node(`${dep.reference.host} (${displayName(dep.workload)})`, 'local'), port, c.status);
  }
  return { nodes, edges: [...edges.values()] };
}

const COLORS: Readonly<Record<DependencyStatus, { color: string; dashed: boolean }>> = {
  allowed: { color: '#2e7d32', dashed: false },
  blocked: { color: '#c62828', dashed: true },
  partial: { color: '#ef6c00', dashed: true },
  broken: { color: '#6d4c41', dashed: true },
  unknown: { color: '#757575', dashed: true },
  local: { color: '#757575', dashed: false },
};

/** "50051" for an allowed call, "50051 blocked" otherwise: the picture says what is wrong without a legend. */
const edgeText = (e: GraphEdge) => [e.label, e.status === 'allowed' ? '' : e.status].filter((s) => s !== '').join(' ');

function toMermaid(checks: readonly DependencyCheck[]): string {
  const { nodes, edges } = graph(checks);
  const ids = new Map([...nodes.keys()].sort(compareStrings).map((label, i) => [label, `n${i}`]));
  // Mermaid labels are quoted; a double quote inside is written as its HTML entity.
  const text = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const out = ['flowchart LR'];
  for (const [label, id] of ids) {
    const kind = nodes.get(label)!.kind;
    out.push(kind === 'workload' ? `  ${id}[${text(label)}]` : kind === 'external' ? `  ${id}([${text(label)}])` : kind === 'service' ? `  ${id}[/${text(label)}/]` : `  ${id}((${text(label)}))`);
  }
  edges.forEach((e) => {
    const label = edgeText(e);
    const arrow = e.status === 'allowed' || e.status === 'local' ? '-->' : '-.->';
    out.push(`  ${ids.get(e.from)} ${arrow}${label ? `|${text(label)}|` : ''} ${ids.get(e.to)}`);
  });
  // One linkStyle line per verdict, listing its edges by index.
  for (const status of STATUSES) {
    const indices = edges.flatMap((e, i) => (e.status === status ? [i] : []));
    if (indices.length > 0) out.push(`  linkStyle ${indices.join(',')} stroke:${COLORS[status].color}`);
  }
  return `${out.join('\n')}\n`;
}

function toDot(checks: readonly DependencyCheck[]): string {
  const { nodes, edges } = graph(checks);
  const q = (s: string) => JSON.stringify(s);
  const shape: Readonly<Record<NodeKind, string>> = { workload: 'box', service: 'parallelogram', external: 'ellipse', local: 'circle' };
  const out = ['digraph netreach_deps {', '  rankdir=LR;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica"];'];
  for (const n of [...nodes.values()].sort((a, b) => compareStrings(a.label, b.label))) out.push(`  ${q(n.label)} [shape=${shape[n.kind]}];`);
  for (const e of edges) {
    const { color, dashed } = COLORS[e.status];
    out.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(edgeText(e))}, color=${q(color)}, fontcolor=${q(color)}${dashed ? ', style=dashed' : ''}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
