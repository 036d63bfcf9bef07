/**
 * The NetworkPolicy corner cases, pinned one by one with their source. The brute-force oracle
 * (test/oracle) checks the same semantics on random clusters.
 */
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../loader/index.js';
import { buildModel } from '../../model/index.js';
import { Reachability } from '../reachability.js';

const pod = (ns: string, name: string, labels: string, ports = '[]', extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}\nspec:\n  ${extra}containers: [{name: c, image: x, ports: ${ports}}]\n`;

function conn(docs: string[], from: string, to: string, hostNetwork: 'unenforced' | 'enforced' = 'unenforced'): string {
  const model = buildModel(loadTexts({ 'c.yaml': docs.join('---\n') }), { implicitCoreDns: false });
  const reach = new Reachability(model, { ingressController: { namespace: 'ic', labels: {} }, hostNetwork });
  const cls = (id: string) => reach.engine.classOf(id)!;
  return reach.engine.connection(cls(from), cls(to)).toString();
}

const A = 'ns/Pod/a';
const B = 'ns/Pod/b';
const pods = [pod('ns', 'a', '{app: a}'), pod('ns', 'b', '{app: b}', '[{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]')];
const policy = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: ns}\nspec:\n${spec}`;

describe('policyTypes defaulting (kubernetes pkg/apis/networking/v1/defaults.go, SetDefaults_NetworkPolicy)', () => {
  it('absent or empty policyTypes: Ingress always', () => {
    expect(conn([...pods, policy('  podSelector: {}\n')], A, B)).toBe('No Connections');
    expect(conn([...pods, policy('  podSelector: {}\n  policyTypes: []\n')], A, B)).toBe('No Connections');
  });

  it('Egress only when the egress list is non-empty: `egress: []` isolates nothing', () => {
    expect(conn([...pods, policy('  podSelector: {matchLabels: {app: a}}\n  egress: []\n')], A, B)).toBe('All Connections');
    expect(conn([...pods, policy('  podSelector: {matchLabels: {app: a}}\n  policyTypes: [Egress]\n  egress: []\n')], A, B)).toBe('No Connections');
    expect(conn([...pods, policy('  podSelector: {matchLabels: {app: a}}\n  egress: [{ports: [{port: 8080}]}]\n')], A, B)).toBe('TCP 8080');
  });

  it('rules of a type not in policyTypes do not apply', () => {
    expect(conn([...pods, policy('  podSelector: {}\n  policyTypes: [Egress]\n  ingress: []\n  egress: [{}]\n')], A, B)).toBe('All Connections');
  });
});

describe('rules and peers (NetworkPolicySpec, NetworkPolicyIngressRule)', () => {
  it('missing or empty `from` matches every source; missing or empty `ports` every port', () => {
    expect(conn([...pods, policy('  podSelector: {}\n  ingress: [{}]\n')], A, B)).toBe('All Connections');
    expect(conn([...pods, policy('  podSelector: {}\n  ingress: [{from: [], ports: []}]\n')], A, B)).toBe('All Connections');
  });

  it('a named port resolves on the destination pod with the same protocol; elsewhere it allows nothing', () => {
    expect(conn([...pods, policy('  podSelector: {}\n  ingress: [{ports: [{port: http}]}]\n')], A, B)).toBe('TCP 8080');
    expect(conn([...pods, policy('  podSelector: {}\n  ingress: [{ports: [{port: dns}]}]\n')], A, B)).toBe('No Connections');
    expect(conn([...pods, policy('  podSelector: {}\n  ingress: [{ports: [{port: dns, protocol: UDP}]}]\n')], A, B)).toBe('UDP 53');
  });

  it('endPort makes an inclusive range; SCTP is a protocol of its own', () => {
    expect(conn([...pods, policy('  podSelector: {}\n  ingress: [{ports: [{port: 8000, endPort: 8100}, {protocol: SCTP, port: 9000}]}]\n')], A, B)).toBe('SCTP 9000,TCP 8000-8100');
  });

  it('namespaceSelector and podSelector in one peer AND; in two peers OR', () => {
    const other = pod('other', 'c', '{app: a}');
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: other, labels: {team: x}}\n';
    const and = policy('  podSelector: {matchLabels: {app: b}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: x}}, podSelector: {matchLabels: {app: z}}}]}]\n');
    const or = policy('  podSelector: {matchLabels: {app: b}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {team: x}}}, {podSelector: {matchLabels: {app: z}}}]}]\n');
    expect(conn([...pods, other, ns, and], 'other/Pod/c', B)).toBe('No Connections');
    expect(conn([...pods, other, ns, or], 'other/Pod/c', B)).toBe('All Connections');
  });

  it('every namespace carries kubernetes.io/metadata.name, declared or not', () => {
    const np = policy('  podSelector: {matchLabels: {app: b}}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: elsewhere}}}]}]\n');
    expect(conn([...pods, pod('elsewhere', 'c', '{}'), np], 'elsewhere/Pod/c', B)).toBe('All Connections');
  });
});

describe('hostNetwork pods', () => {
  const host = pod('ns', 'h', '{app: b}', '[]', 'hostNetwork: true\n  ');
  const np = policy('  podSelector: {}\n  ingress: [{from: [{podSelector: {}}]}]\n');
  it('are outside enforcement by default: never isolated, never matched by a selector peer', () => {
    expect(conn([...pods, host, np], A, 'ns/Pod/h')).toBe('All Connections');
    expect(conn([...pods, host, np], 'ns/Pod/h', B)).toBe('No Connections');
  });
  it('are treated like any pod when enforced (np-guard netpol-analyzer)', () => {
    expect(conn([...pods, host, np], 'ns/Pod/h', B, 'enforced')).toBe('All Connections');
  });
});

describe('the ingress controller pseudo-pod', () => {
  it('is bound by the egress policies of its namespace that select it', () => {
    const np = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ic-egress, namespace: ingress-nginx}\nspec:\n  podSelector: {matchLabels: {app: ic}}\n  policyTypes: [Egress]\n  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}}]}]\n`;
    const model = buildModel(loadTexts({ 'c.yaml': [...pods, np].join('---\n') }), { implicitCoreDns: false });
    const configured = new Reachability(model, { ingressController: { namespace: 'ingress-nginx', labels: { app: 'ic' } } });
    expect(configured.engine.connection(configured.engine.ingressController, configured.engine.classOf(B)!).toString()).toBe('No Connections');
    // Labels that the policy does not select: the controller is free.
    const other = new Reachability(model, { ingressController: { namespace: 'ingress-nginx', labels: { app: 'other' } } });
    expect(other.engine.connection(other.engine.ingressController, other.engine.classOf(B)!).toString()).toBe('All Connections');
  });
});
