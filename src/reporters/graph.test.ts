import { describe, expect, it } from 'vitest';
import { toDot, toMermaid, type EdgeStyle, type Graph } from './graph.js';

const red: EdgeStyle = { color: '#c62828', dashed: true };
const green: EdgeStyle = { color: '#2e7d32', dashed: false };

const graph: Graph = {
  nodes: [
    { label: 'web', shape: 'box' },
    { label: 'Service shop/"db"', shape: 'parallelogram' },
    { label: 'api.example.com', shape: 'ellipse' },
    { label: 'lb', shape: 'diamond' },
    { label: 'localhost', shape: 'circle' },
  ],
  edges: [
    { from: 'web', to: 'Service shop/"db"', label: '5432 broken', style: red },
    { from: 'lb', to: 'web', label: '80→8080', style: green },
    { from: 'web', to: 'api.example.com', label: '', style: green },
    { from: 'web', to: 'localhost', label: '9090' },
  ],
};

describe('toMermaid', () => {
  it('numbers nodes by label, keeps edges in order, dashes dashed edges and colours them one linkStyle per style', () => {
    expect(toMermaid(graph)).toBe(
      [
        'flowchart LR',
        '  n0[/"Service shop/#quot;db#quot;"/]',
        '  n1(["api.example.com"])',
        '  n2{"lb"}',
        '  n3(("localhost"))',
        '  n4["web"]',
        '  n4 -.->|"5432 broken"| n0',
        '  n2 -->|"80→8080"| n4',
        '  n4 --> n1',
        '  n4 -->|"9090"| n3',
        '  linkStyle 0 stroke:#c62828',
        '  linkStyle 1,2 stroke:#2e7d32',
        '',
      ].join('\n'),
    );
  });

  it('orders the linkStyle lines as asked, leaving out styles no edge has', () => {
    const out = toMermaid(graph, { styleOrder: [{ color: '#757575', dashed: true }, green, red] }).split('\n');
    expect(out.filter((l) => l.includes('linkStyle'))).toEqual(['  linkStyle 1,2 stroke:#2e7d32', '  linkStyle 0 stroke:#c62828']);
  });

  it('draws an edge whose ends are not listed as boxes', () => {
    expect(toMermaid({ nodes: [], edges: [{ from: 'b', to: 'a', label: 'TCP 80' }] })).toBe('flowchart LR\n  n0["a"]\n  n1["b"]\n  n1 -->|"TCP 80"| n0\n');
  });
});

describe('toDot', () => {
  it('writes nodes by label and edges in order, with colour, font colour and dashes when styled', () => {
    expect(toDot(graph, { name: 'g', edgeFont: true })).toBe(
      [
        'digraph g {',
        '  rankdir=LR;',
        '  node [fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
        '  "Service shop/\\"db\\"" [shape=parallelogram];',
        '  "api.example.com" [shape=ellipse];',
        '  "lb" [shape=diamond];',
        '  "localhost" [shape=circle];',
        '  "web" [shape=box];',
        '  "web" -> "Service shop/\\"db\\"" [label="5432 broken", color="#c62828", fontcolor="#c62828", style=dashed];',
        '  "lb" -> "web" [label="80→8080", color="#2e7d32", fontcolor="#2e7d32"];',
        '  "web" -> "api.example.com" [label="", color="#2e7d32", fontcolor="#2e7d32"];',
        '  "web" -> "localhost" [label="9090"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('sets no edge font unless asked', () => {
    expect(toDot({ nodes: [], edges: [] }, { name: 'netreach' })).toBe('digraph netreach {\n  rankdir=LR;\n  node [fontname="Helvetica"];\n}\n');
  });
});
