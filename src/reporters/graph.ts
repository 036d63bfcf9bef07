/**
 * One small renderer for the pictures `netreach connections` and `netreach deps` draw: labelled nodes of a few
 * shapes and labelled directed edges, written as Mermaid (`flowchart LR`) or Graphviz DOT. Nodes come out sorted
 * by label and edges in the order given, so the text is a pure, deterministic function of the graph.
 */
import { compareStrings } from '../core/source.js';

export type NodeShape = 'box' | 'ellipse' | 'diamond' | 'parallelogram' | 'circle';

export interface GraphNode {
  /** Unique within the graph; edges name nodes by it. */
  label: string;
  shape: NodeShape;
}

export interface EdgeStyle {
  color: string;
  dashed: boolean;
}

export interface GraphEdge {
  /** Labels of the nodes at both ends. */
  from: string;
  to: string;
  /** May be empty: the edge is drawn without a label. */
  label: string;
  style?: EdgeStyle;
}

export interface Graph {
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
}

/** The nodes sorted by label, one per label (the first given wins); an edge's end not listed is a box. */
function sortedNodes(graph: Graph): GraphNode[] {
  const byLabel = new Map<string, GraphNode>();
  for (const n of graph.nodes) if (!byLabel.has(n.label)) byLabel.set(n.label, n);
  for (const e of graph.edges) for (const label of [e.from, e.to]) if (!byLabel.has(label)) byLabel.set(label, { label, shape: 'box' });
  return [...byLabel.values()].sort((a, b) => compareStrings(a.label, b.label));
}

const styleKey = (s: EdgeStyle) => `${s.color}|${s.dashed}`;

const text = (rows: readonly string[]) => `${rows.join('\n')}\n`;

/** Mermaid opening and closing brackets per shape: rectangle, stadium, rhombus, parallelogram, circle. */
const MERMAID_SHAPES: Readonly<Record<NodeShape, readonly [string, string]>> = {
  box: ['[', ']'],
  ellipse: ['([', '])'],
  diamond: ['{', '}'],
  parallelogram: ['[/', '/]'],
  circle: ['((', '))'],
};

export interface MermaidOptions {
  /**
   * The order of the `linkStyle` lines (one per style, listing its edges by index); styles not listed follow in
   * the order of their first edge.
   */
  styleOrder?: readonly EdgeStyle[];
}

/**
 * `flowchart LR`; node ids `n0…` in label order; a dashed edge is drawn `-.->`, others `-->`; edges with a style
 * are coloured by one `linkStyle` line per style.
 */
export function toMermaid(graph: Graph, options: MermaidOptions = {}): string {
  const ids = new Map(sortedNodes(graph).map((n, i) => [n.label, { id: `n${i}`, shape: n.shape }]));
  // Mermaid labels are quoted; a double quote inside is written as its HTML entity.
  const quoted = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const out = ['flowchart LR'];
  for (const [label, { id, shape }] of ids) {
    const [open, close] = MERMAID_SHAPES[shape];
    out.push(`  ${id}${open}${quoted(label)}${close}`);
  }
  const idOf = (label: string) => ids.get(label)!.id;
  for (const e of graph.edges) {
    const arrow = e.style?.dashed ? '-.->' : '-->';
    out.push(`  ${idOf(e.from)} ${arrow}${e.label ? `|${quoted(e.label)}|` : ''} ${idOf(e.to)}`);
  }
  const groups = new Map<string, { style: EdgeStyle; indices: number[] }>();
  for (const s of options.styleOrder ?? []) if (!groups.has(styleKey(s))) groups.set(styleKey(s), { style: s, indices: [] });
  graph.edges.forEach((e, i) => {
    if (!e.style) return;
    const key = styleKey(e.style);
    const group = groups.get(key) ?? { style: e.style, indices: [] };
    group.indices.push(i);
    groups.set(key, group);
  });
  for (const { style, indices } of groups.values()) if (indices.length > 0) out.push(`  linkStyle ${indices.join(',')} stroke:${style.color}`);
  return text(out);
}

export interface DotOptions {
  /** The graph's name after `digraph`. */
  name: string;
  /** Also set the edge labels' font (the node font is always set). */
  edgeFont?: boolean;
}

const FONT = 'Helvetica';

/** `digraph NAME {`, left to right; nodes by label, edges in order, each edge with its colour and dashes if styled. */
export function toDot(graph: Graph, options: DotOptions): string {
  const q = (s: string) => JSON.stringify(s);
  const out = [`digraph ${options.name} {`, '  rankdir=LR;', `  node [fontname=${q(FONT)}];`];
  if (options.edgeFont) out.push(`  edge [fontname=${q(FONT)}];`);
  for (const n of sortedNodes(graph)) out.push(`  ${q(n.label)} [shape=${n.shape}];`);
  for (const e of graph.edges) {
    const attrs = [`label=${q(e.label)}`];
    if (e.style) attrs.push(`color=${q(e.style.color)}`, `fontcolor=${q(e.style.color)}`, ...(e.style.dashed ? ['style=dashed'] : []));
    out.push(`  ${q(e.from)} -> ${q(e.to)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return text(out);
}
