/**
 * `netreach connections` output: the allowed-connection list in txt (np-guard's connlist notation, one
 * line per address atom, so results compare line for line), JSON (the PRODUCT.md §2 contract), CSV,
 * Markdown, Graphviz DOT and Mermaid. Pure functions of the connection list.
 */
import { endpointName, externalEndpointName, type Connection, type Endpoint } from '../engine/reachability.js';
import { compareStrings } from '../core/source.js';
import { toDot, toMermaid, type Graph, type GraphNode, type NodeShape } from './graph.js';

export const CONNECTION_FORMATS = ['txt', 'json', 'csv', 'md', 'dot', 'mermaid'] as const;
export type ConnectionFormat = (typeof CONNECTION_FORMATS)[number];

export function renderConnections(format: ConnectionFormat, connections: readonly Connection[]): string {
  switch (format) {
    case 'txt':
      return lines(atomRows(connections).map((r) => `${r.src} => ${r.dst} : ${r.conn}`));
    case 'json':
      return `${JSON.stringify({ connections: connections.map(toJson) }, null, 2)}\n`;
    case 'csv':
      return lines(['src,dst,conn', ...atomRows(connections).map((r) => [r.src, r.dst, r.conn].map(csvCell).join(','))]);
    case 'md':
      return lines(['| src | dst | conn |', '|-----|-----|------|', ...atomRows(connections).map((r) => `| ${md(r.src)} | ${md(r.dst)} | ${md(r.conn)} |`)]);
    case 'dot':
      return toDot(graph(connections), { name: 'netreach' });
    case 'mermaid':
      return toMermaid(graph(connections));
  }
}

const lines = (rows: readonly string[]) => (rows.length === 0 ? '' : `${rows.join('\n')}\n`);

interface Row {
  src: string;
  dst: string;
  conn: string;
}

/** One row per address atom (np-guard prints each atom on its own line), sorted like np-guard's output. */
function atomRows(connections: readonly Connection[]): Row[] {
  const rows: Row[] = [];
  const names = (e: Endpoint): string[] => (e.type === 'external' ? e.atoms.map((a) => externalEndpointName([a])) : [endpointName(e)]);
  for (const c of connections) for (const src of names(c.src)) for (const dst of names(c.dst)) rows.push({ src, dst, conn: c.allowed.toString() });
  return rows.sort((a, b) => compareStrings(a.src, b.src) || compareStrings(a.dst, b.dst));
}


function endpointJson(e: Endpoint): object {
  switch (e.type) {
    case 'workload':
      return { type: 'workload', namespace: e.workload.namespace, name: e.workload.name, kind: e.workload.kind };
    case 'external':
      return { type: 'external', ranges: mergedRanges(e) };
    case 'ingress-controller':
      return { type: 'ingress-controller' };
    case 'load-balancer':
      return { type: 'load-balancer', kind: e.kind, name: e.name };
  }
}

/** The atoms as ascending, merged start-end ranges (IPv4 first). */
function mergedRanges(e: Extract<Endpoint, { type: 'external' }>): string[] {
  return e.atoms.reduce((acc, a) => acc.union(a)).toRanges();
}

function toJson(c: Connection): object {
  return { src: endpointJson(c.src), dst: endpointJson(c.dst), allowed: c.allowed.toJSON() };
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const md = (s: string) => s.replace(/\|/g, '\\|');

/** Nodes are endpoints (address groups merged into one node each); edges carry the allowed connections. */
function graph(connections: readonly Connection[]): Graph {
  const nodes = new Map<string, GraphNode>();
  const node = (e: Endpoint) => {
    const label = endpointName(e);
    if (!nodes.has(label)) nodes.set(label, { label, shape: SHAPES[e.type] });
    return label;
  };
  const edges = connections.map((c) => ({ from: node(c.src), to: node(c.dst), label: c.allowed.toString() }));
  return { nodes: [...nodes.values()], edges };
}

const SHAPES: Readonly<Record<Endpoint['type'], NodeShape>> = { workload: 'box', external: 'ellipse', 'ingress-controller': 'diamond', 'load-balancer': 'diamond' };
