/**
 * NetworkPolicy → its compiled form: which pod classes it selects, which directions it isolates, and
 * for each rule the peers it admits (pod classes and addresses) and the ports, still symbolic where a
 * named port must be resolved on the destination pod. Semantics: PRODUCT.md §3 and the upstream API
 * reference (networking.k8s.io/v1 NetworkPolicySpec, NetworkPolicyPeer, NetworkPolicyPort).
 */
import type * as M from '../../loader/schemas/index.js';
import { protocolOf } from '../../model/ports.js';
import type { NetworkPolicyNode } from '../../model/types.js';
import { ConnSet } from '../conn-set.js';
import { IpSet } from '../ip.js';
import { PortSet, type Protocol } from '../ports.js';
import { Bitset } from './bitset.js';
import type { PodClass } from './classes.js';
import type { SelectorIndex } from './selector-index.js';

export type Direction = 'ingress' | 'egress';

export type PortSpec =
  | { kind: 'range'; protocol: Protocol; lo: number; hi: number; source: M.NetworkPolicyPort }
  /** `protocol` without `port`: every port of that protocol. */
  | { kind: 'protocol'; protocol: Protocol; source: M.NetworkPolicyPort }
  /** A named port: resolved on the destination pod's container ports with the same protocol. */
  | { kind: 'named'; protocol: Protocol; name: string; source: M.NetworkPolicyPort };

export interface CompiledPeer {
  source: M.NetworkPolicyPeer;
  pods: Bitset;
  ips: IpSet;
}

export interface CompiledRule {
  policy: NetworkPolicyNode;
  direction: Direction;
  /** Position in spec.ingress / spec.egress. */
  index: number;
  source: M.NetworkPolicyIngressRule | M.NetworkPolicyEgressRule;
  /** Pod classes the rule admits as peers (hostNetwork pods only through a rule without peers). */
  pods: Bitset;
  /** Addresses outside the cluster the rule admits (ipBlock), or every address for a rule without peers. */
  ips: IpSet;
  /** The rule lists no peers (`from`/`to` missing or empty): every source or destination. */
  anyPeer: boolean;
  peers: readonly CompiledPeer[];
  /** No ports listed (missing or empty): every port and protocol. */
  anyPort: boolean;
  ports: readonly PortSpec[];
  /** The connections when they do not depend on the destination (no named ports). */
  fixed: ConnSet | undefined;
}

export interface CompiledPolicy {
  node: NetworkPolicyNode;
  selects: Bitset;
  /**
   * The policy's podSelector matches the ingress controller's pseudo-pod (configured namespace and
   * labels): its egress rules then bind the controller like any pod. Never selected for ingress: the
   * controller is only ever a source.
   */
  selectsIngressController: boolean;
  isolatesIngress: boolean;
  isolatesEgress: boolean;
  ingress: readonly CompiledRule[];
  egress: readonly CompiledRule[];
}

/**
 * policyTypes as the API server defaults it (kubernetes pkg/apis/networking/v1/defaults.go,
 * SetDefaults_NetworkPolicy): when absent or empty, Ingress always, and Egress when the spec has egress
 * rules — `len(spec.egress) != 0`, so an empty `egress: []` does not isolate egress (PRODUCT.md §3's
 * "when spec.egress is present", read as the API server reads it).
 */
export function policyTypesOf(np: M.NetworkPolicy): { ingress: boolean; egress: boolean } {
  const types = np.spec.policyTypes;
  if (types === undefined || types.length === 0) return { ingress: true, egress: (np.spec.egress ?? []).length > 0 };
  return { ingress: types.includes('Ingress'), egress: types.includes('Egress') };
}

/** Class masks every policy needs: computed once per engine, not per policy. */
export interface ClassMasks {
  /** The pods of the input (not the ingress controller's pseudo-pod). */
  pods: Bitset;
  /** Classes a selector-based peer can match (hostNetwork pods only when they are enforced). */
  selectable: Bitset;
}

export function classMasks(classes: readonly PodClass[], size: number, hostNetworkEnforced: boolean): ClassMasks {
  return {
    pods: Bitset.of(size, classes.filter((c) => !c.ingressController).map((c) => c.index)),
    selectable: Bitset.of(size, classes.filter((c) => hostNetworkEnforced || !c.hostNetwork).map((c) => c.index)),
  };
}

export function compilePolicy(node: NetworkPolicyNode, index: SelectorIndex, masks: ClassMasks): CompiledPolicy {
  const spec = node.manifest.spec;
  const inNs = index.inNamespace(node.namespace);

  // Selected pods: in the policy's namespace; the ingress controller is never a pod of the input.
  const selected = index.pods(spec.podSelector ?? {}, inNs);
  const selects = selected.and(masks.pods);
  const types = policyTypesOf(node.manifest);
  const notHostNetwork = masks.selectable;
  const compileRules = (direction: Direction, rules: readonly (M.NetworkPolicyIngressRule | M.NetworkPolicyEgressRule)[] | undefined) =>
    (rules ?? []).map((rule, i) => compileRule(node, direction, i, rule, index, notHostNetwork));
  return {
    node,
    selects,
    selectsIngressController: !selected.andNot(masks.pods).isEmpty(),
    isolatesIngress: types.ingress,
    isolatesEgress: types.egress,
    ingress: types.ingress ? compileRules('ingress', spec.ingress) : [],
    egress: types.egress ? compileRules('egress', spec.egress) : [],
  };
}

function compileRule(
  policy: NetworkPolicyNode,
  direction: Direction,
  index: number,
  rule: M.NetworkPolicyIngressRule | M.NetworkPolicyEgressRule,
  selectors: SelectorIndex,
  notHostNetwork: Bitset,
): CompiledRule {
  const list = direction === 'ingress' ? (rule as M.NetworkPolicyIngressRule).from : (rule as M.NetworkPolicyEgressRule).to;
  const anyPeer = list === undefined || list.length === 0;
  const peers = (list ?? []).map((peer) => compilePeer(peer, policy.namespace, selectors, notHostNetwork));
  const ports = (rule.ports ?? []).map(compilePort);
  const anyPort = ports.length === 0;
  const named = ports.some((p) => p.kind === 'named');
  return {
    policy,
    direction,
    index,
    source: rule,
    pods: anyPeer ? selectors.all : peers.reduce((acc, p) => acc.or(p.pods), Bitset.empty(selectors.size)),
    ips: anyPeer ? IpSet.all() : peers.reduce((acc, p) => acc.union(p.ips), IpSet.empty()),
    anyPeer,
    peers,
    anyPort,
    ports,
    fixed: anyPort ? ConnSet.all() : named ? undefined : ports.reduce((acc, p) => acc.union(portConn(p, undefined)), ConnSet.none()),
  };
}

/**
 * One peer. Selectors match pods by label (ipBlock is for addresses outside the cluster: PRODUCT.md §3);
 * hostNetwork pods use their node's address, so no pod selector matches them.
 */
function compilePeer(peer: M.NetworkPolicyPeer, namespace: string, index: SelectorIndex, notHostNetwork: Bitset): CompiledPeer {
  if (peer.ipBlock) {
    const ips = IpSet.fromCidr(peer.ipBlock.cidr).subtract(IpSet.fromCidrs(peer.ipBlock.except ?? []));
    return { source: peer, pods: Bitset.empty(index.size), ips };
  }
  const namespaces = peer.namespaceSelector ? index.namespaces(peer.namespaceSelector) : index.inNamespace(namespace);
  const pods = peer.podSelector ? index.pods(peer.podSelector, namespaces) : namespaces;
  return { source: peer, pods: pods.and(notHostNetwork), ips: IpSet.empty() };
}

function compilePort(p: M.NetworkPolicyPort): PortSpec {
  const protocol = protocolOf(p);
  if (p.port === undefined) return { kind: 'protocol', protocol, source: p };
  if (typeof p.port === 'string') return { kind: 'named', protocol, name: p.port, source: p };
  return { kind: 'range', protocol, lo: p.port, hi: p.endPort ?? p.port, source: p };
}

/** The connections one port entry allows towards `dst` (undefined: an address, where names resolve to nothing). */
export function portConn(p: PortSpec, dst: PodClass | undefined): ConnSet {
  switch (p.kind) {
    case 'range':
      return ConnSet.of(p.protocol, PortSet.of(p.lo, p.hi));
    case 'protocol':
      return ConnSet.of(p.protocol);
    case 'named': {
      const matches = (dst?.namedPorts.get(p.name) ?? []).filter((np) => np.protocol === p.protocol);
      return matches.reduce((acc, np) => acc.union(ConnSet.of(p.protocol, PortSet.of(np.port, np.port))), ConnSet.none());
    }
  }
}

/** What a rule allows towards `dst` (a pod class, or undefined for an address). */
export function ruleConn(rule: CompiledRule, dst: PodClass | undefined): ConnSet {
  if (rule.fixed) return rule.fixed;
  return rule.ports.reduce((acc, p) => acc.union(portConn(p, dst)), ConnSet.none());
}
