/**
 * A brute-force NetworkPolicy evaluator, written from the Kubernetes API reference (networking.k8s.io/v1
 * NetworkPolicySpec / NetworkPolicyPeer / NetworkPolicyPort, meta/v1 LabelSelector) and PRODUCT.md §3 —
 * deliberately independent of the engine: this file imports NOTHING (no src/engine, no
 * src/model/selectors.ts, no shared helper). It answers one concrete question at a time: may this pod
 * (or address) send this one packet (protocol, port) to that pod (or address)?
 *
 * The cluster it evaluates is plain data (OracleCluster); the test writes the same data as YAML for the
 * engine. Addresses are IPv4 only, as plain numbers (0 … 2^32-1).
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const ALL_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export type Labels = Record<string, string>;

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}
export interface Selector {
  matchLabels?: Labels;
  matchExpressions?: Requirement[];
}
export interface IpBlock {
  cidr: string;
  except?: string[];
}
export interface Peer {
  podSelector?: Selector;
  namespaceSelector?: Selector;
  ipBlock?: IpBlock;
}
export interface PolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}
/** An ingress rule's `from` or an egress rule's `to` is `peers` here. */
export interface Rule {
  peers?: Peer[];
  ports?: PolicyPort[];
}
export interface Policy {
  name: string;
  namespace: string;
  /** Absent: written without `podSelector` (Go's zero LabelSelector: selects every pod). */
  podSelector?: Selector;
  policyTypes?: ('Ingress' | 'Egress')[];
  ingress?: Rule[];
  egress?: Rule[];
}
export interface Namespace {
  name: string;
  /** Labels as written (kubernetes.io/metadata.name is added by the API server, see nsLabels). */
  labels: Labels;
  /** false: no Namespace object in the input (it still exists, with only its name label). */
  declared: boolean;
}
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}
export interface Workload {
  kind: 'Deployment' | 'Pod' | 'StatefulSet' | 'DaemonSet';
  name: string;
  namespace: string;
  labels: Labels;
  hostNetwork: boolean;
  /** Ports per container. */
  containers: ContainerPort[][];
}
export interface OracleCluster {
  namespaces: Namespace[];
  workloads: Workload[];
  policies: Policy[];
}

export type HostNetworkMode = 'unenforced' | 'enforced';

/**
 * When a policy without `policyTypes` affects egress. 'present' (PRODUCT.md §3 and the API reference's
 * prose: "policies that contain an egress section"): `egress` is in the spec, even as `[]`. 'nonEmpty'
 * (the API server's actual defaulting, kubernetes pkg/apis/networking/v1/defaults.go
 * SetDefaults_NetworkPolicy: `len(Spec.Egress) != 0`): `egress: []` does not make it an Egress policy.
 */
export type EgressDefault = 'present' | 'nonEmpty';

/** A concrete pod: one replica of a workload, or the ingress controller's pseudo-pod. */
export interface Pod {
  namespace: string;
  labels: Labels;
  hostNetwork: boolean;
  containers: ContainerPort[][];
}

/** One end of a packet that is not the pod whose policies are being evaluated. */
export type Peerish = { kind: 'pod'; pod: Pod } | { kind: 'ip'; ip: number };

export const NAME_LABEL = 'kubernetes.io/metadata.name';

// ---------------------------------------------------------------------------------------------------
// Label selectors (meta/v1 LabelSelector): matchLabels and every matchExpressions requirement, ANDed;
// an empty selector matches everything.

export function selectorMatches(sel: Selector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
  }
  for (const req of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!has || !values.includes(labels[req.key]!)) return false;
        break;
      case 'NotIn': // a pod without the key is "not in" any value set
        if (has && values.includes(labels[req.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// IPv4 arithmetic, by hand.

export function parseIpv4(s: string): number {
  const parts = s.split('.');
  if (parts.length !== 4) throw new Error(`bad IPv4 ${s}`);
  let v = 0;
  for (const p of parts) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 0 || n > 255) throw new Error(`bad IPv4 ${s}`);
    v = v * 256 + n;
  }
  return v;
}

export function formatIpv4(v: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(v / 2 ** shift) % 256).join('.');
}

const ranges = new Map<string, [number, number]>();

/** [first, last] address of a CIDR (host bits ignored). */
export function cidrRange(cidr: string): [number, number] {
  let range = ranges.get(cidr);
  if (!range) {
    const [addr, len] = cidr.split('/');
    const prefix = Number(len);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`bad CIDR ${cidr}`);
    const size = 2 ** (32 - prefix);
    const lo = Math.floor(parseIpv4(addr!) / size) * size;
    range = [lo, lo + size - 1];
    ranges.set(cidr, range);
  }
  return range;
}

export function inCidr(ip: number, cidr: string): boolean {
  const [lo, hi] = cidrRange(cidr);
  return ip >= lo && ip <= hi;
}

// ---------------------------------------------------------------------------------------------------
// The evaluator.

export class Oracle {
  readonly #ns = new Map<string, Namespace>();
  /** isolating() per pod object (a pure function of the pod: memoised only for speed). */
  readonly #isolating = new WeakMap<Pod, { ingress: Policy[]; egress: Policy[] }>();

  constructor(
    readonly cluster: OracleCluster,
    readonly mode: HostNetworkMode,
    readonly egressDefault: EgressDefault = 'nonEmpty',
  ) {
    for (const n of cluster.namespaces) this.#ns.set(n.name, n);
  }

  /** A namespace's labels: as declared, plus kubernetes.io/metadata.name (always, declared or not). */
  nsLabels(name: string): Labels {
    const n = this.#ns.get(name);
    return { ...(n?.declared ? n.labels : {}), [NAME_LABEL]: name };
  }

  static podOf(w: Workload): Pod {
    return { namespace: w.namespace, labels: w.labels, hostNetwork: w.hostNetwork, containers: w.containers };
  }

  /**
   * Which directions a policy affects: policyTypes as written, or the default — Ingress always, Egress
   * per `egressDefault`. An empty `policyTypes: []` is defaulted like a missing one, as the API server
   * does (SetDefaults_NetworkPolicy: `if len(Spec.PolicyTypes) == 0`): a stored policy never has [].
   */
  types(p: Policy): { ingress: boolean; egress: boolean } {
    if (p.policyTypes === undefined || p.policyTypes.length === 0)
      return { ingress: true, egress: this.egressDefault === 'present' ? p.egress !== undefined : (p.egress ?? []).length > 0 };
    return { ingress: p.policyTypes.includes('Ingress'), egress: p.policyTypes.includes('Egress') };
  }

  /** hostNetwork pods in 'unenforced' mode are outside policy: never isolated, never selected by a peer. */
  #outside(pod: Pod): boolean {
    return this.mode === 'unenforced' && pod.hostNetwork;
  }

  /** The policies that select `pod` and affect `direction`. */
  isolating(pod: Pod, direction: 'ingress' | 'egress'): Policy[] {
    let memo = this.#isolating.get(pod);
    if (!memo) {
      const of = (dir: 'ingress' | 'egress') =>
        this.#outside(pod)
          ? []
          : this.cluster.policies.filter((p) => p.namespace === pod.namespace && selectorMatches(p.podSelector ?? {}, pod.labels) && this.types(p)[dir]);
      memo = { ingress: of('ingress'), egress: of('egress') };
      this.#isolating.set(pod, memo);
    }
    return memo[direction];
  }

  /** Does one peer entry (of a policy in `policyNs`) match the other end? */
  #peerMatches(peer: Peer, policyNs: string, other: Peerish): boolean {
    if (other.kind === 'ip') {
      if (!peer.ipBlock) return false;
      return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e) => inCidr(other.ip, e));
    }
    if (peer.ipBlock) return false; // pods are matched by selectors only
    const pod = other.pod;
    if (this.#outside(pod)) return false;
    const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, this.nsLabels(pod.namespace)) : pod.namespace === policyNs;
    if (!nsOk) return false;
    return peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true;
  }

  /** Does the rule's from/to list admit the other end? Missing or empty: everything (pods and addresses). */
  #peersMatch(rule: Rule, policyNs: string, other: Peerish): boolean {
    if (rule.peers === undefined || rule.peers.length === 0) return true;
    return rule.peers.some((peer) => this.#peerMatches(peer, policyNs, other));
  }

  /** Does the rule's port list admit (protocol, port) towards `dst` (a pod, or undefined for an address)? */
  static portsMatch(rule: Rule, protocol: Protocol, port: number, dst: Pod | undefined): boolean {
    if (rule.ports === undefined || rule.ports.length === 0) return true;
    return rule.ports.some((pp) => {
      if ((pp.protocol ?? 'TCP') !== protocol) return false;
      if (pp.port === undefined) return true;
      if (typeof pp.port === 'number') return port >= pp.port && port <= (pp.endPort ?? pp.port);
      if (!dst) return false; // a name means nothing on an address
      return dst.containers.some((c) => c.some((cp) => cp.name === pp.port && (cp.protocol ?? 'TCP') === protocol && cp.containerPort === port));
    });
  }

  /** Ingress side at `dst`: may `src` send (protocol, port) to it? */
  ingressAllows(dst: Pod, src: Peerish, protocol: Protocol, port: number): boolean {
    const policies = this.isolating(dst, 'ingress');
    if (policies.length === 0) return true;
    return policies.some((p) => (p.ingress ?? []).some((r) => this.#peersMatch(r, p.namespace, src) && Oracle.portsMatch(r, protocol, port, dst)));
  }

  /** Egress side at `src`: may it send (protocol, port) to `dst`? Named ports resolve on a destination pod. */
  egressAllows(src: Pod, dst: Peerish, protocol: Protocol, port: number): boolean {
    const policies = this.isolating(src, 'egress');
    if (policies.length === 0) return true;
    const dstPod = dst.kind === 'pod' ? dst.pod : undefined;
    return policies.some((p) => (p.egress ?? []).some((r) => this.#peersMatch(r, p.namespace, dst) && Oracle.portsMatch(r, protocol, port, dstPod)));
  }

  /** Pod to pod: the source's egress AND the destination's ingress. */
  podToPod(src: Pod, dst: Pod, protocol: Protocol, port: number): boolean {
    return this.egressAllows(src, { kind: 'pod', pod: dst }, protocol, port) && this.ingressAllows(dst, { kind: 'pod', pod: src }, protocol, port);
  }
}
