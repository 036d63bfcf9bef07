/**
 * Connections of two versions compared: which (source, destination) pairs HEAD allows that BASE did
 * not (added), which it no longer allows (removed), and which allow other ports (changed, with the
 * ports opened and closed).
 *
 * Workloads are matched by their `connections` name (namespace/name[Kind]); the ingress controller is
 * one endpoint. Address ranges outside the cluster are not comparable as such: each side cuts the
 * address space into atoms at its own ipBlock boundaries. So per workload and direction, both sides'
 * atoms are cut at each other's boundaries, every piece compared, and adjacent pieces with the same
 * change merged back into one range.
 */
import { compareStrings } from '../core/source.js';
import { ConnSet } from '../engine/conn-set.js';
import { internetAddresses } from '../engine/internet.js';
import { IpSet, type IpFamily } from '../engine/ip.js';
import { endpointName, externalEndpointName, INGRESS_CONTROLLER_NAME, loadBalancerEndpointName, workloadEndpointName, type Connection, type Endpoint } from '../engine/reachability.js';

export type DiffEndpoint =
  | { type: 'workload'; namespace: string; name: string; kind: string }
  /** One contiguous address range outside the cluster. */
  | { type: 'external'; range: IpSet }
  | { type: 'ingress-controller' }
  /** An AWS load balancer in front of pods: the way in from outside (engine/lb/edge-connections.ts). */
  | { type: 'load-balancer'; kind: string; name: string };

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ConnectionChange {
  change: ChangeKind;
  src: DiffEndpoint;
  dst: DiffEndpoint;
  /** What BASE allowed (empty when added). */
  base: ConnSet;
  /** What HEAD allows (empty when removed). */
  head: ConnSet;
  /** head minus base. */
  opened: ConnSet;
  /** base minus head. */
  closed: ConnSet;
  /** Newly allowed from outside the cluster (an address range) to a workload. */
  exposure: boolean;
  /** The address-range end (source or destination) holds internet addresses. */
  internet: boolean;
}

/** How an endpoint is written: the `connections` txt notation (np-guard's connlist). */
export function diffEndpointName(e: DiffEndpoint): string {
  switch (e.type) {
    case 'workload':
      return workloadEndpointName(e);
    case 'external':
      return externalEndpointName([e.range]);
    case 'ingress-controller':
      return INGRESS_CONTROLLER_NAME;
    case 'load-balancer':
      return loadBalancerEndpointName(e);
  }
}

function toDiffEndpoint(e: Exclude<Endpoint, { type: 'external' }>): DiffEndpoint {
  switch (e.type) {
    case 'workload':
      return { type: 'workload', namespace: e.workload.namespace, name: e.workload.name, kind: e.workload.kind };
    case 'ingress-controller':
      return { type: 'ingress-controller' };
    case 'load-balancer':
      return { type: 'load-balancer', kind: e.kind, name: e.name };
  }
}

interface Span {
  family: IpFamily;
  lo: bigint;
  hi: bigint;
  allowed: ConnSet;
}

/** One version's connections, indexed for comparison. */
interface Indexed {
  /** "src => dst" of two in-cluster endpoints → the pair and what it allows. */
  pairs: Map<string, { src: DiffEndpoint; dst: DiffEndpoint; allowed: ConnSet }>;
  /** "ingress|egress \0 workload name" → the workload and the address spans it exchanges traffic with. */
  external: Map<string, { direction: 'ingress' | 'egress'; workload: DiffEndpoint; spans: Span[] }>;
}

function spansOf(atom: IpSet, allowed: ConnSet): Span[] {
  const out: Span[] = [];
  for (const family of [4, 6] as const) for (const [lo, hi] of atom.family(family).intervals()) out.push({ family, lo, hi, allowed });
  return out;
}

function index(connections: readonly Connection[]): Indexed {
  const pairs: Indexed['pairs'] = new Map();
  const external: Indexed['external'] = new Map();
  for (const c of connections) {
    if (c.src.type !== 'external' && c.dst.type !== 'external') {
      const src = toDiffEndpoint(c.src);
      const dst = toDiffEndpoint(c.dst);
      const key = `${diffEndpointName(src)} => ${diffEndpointName(dst)}`;
      const known = pairs.get(key);
      pairs.set(key, { src, dst, allowed: known ? known.allowed.union(c.allowed) : c.allowed });
      continue;
    }
    if (c.src.type === 'external' && c.dst.type === 'external') continue; // never produced by the engine
    const direction = c.src.type === 'external' ? 'ingress' : 'egress';
    const [ext, inside] = c.src.type === 'external' ? [c.src, c.dst] : [c.dst as Extract<Endpoint, { type: 'external' }>, c.src];
    const workload = toDiffEndpoint(inside as Exclude<Endpoint, { type: 'external' }>);
    const key = `${direction}\u0000${diffEndpointName(workload)}`;
    let entry = external.get(key);
    if (!entry) external.set(key, (entry = { direction, workload, spans: [] }));
    for (const atom of ext.atoms) entry.spans.push(...spansOf(atom, c.allowed));
  }
  return { pairs, external };
}

const compareSpans = (a: Span, b: Span) => a.family - b.family || (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0);

/**
 * Both sides' spans cut at each other's boundaries; each piece with what BASE and HEAD allow there,
 * pieces allowing the same on both sides left out, neighbours with the same pair of sets merged.
 */
function compareSpansOf(base: Span[], head: Span[]): { family: IpFamily; lo: bigint; hi: bigint; base: ConnSet; head: ConnSet }[] {
  const out: { family: IpFamily; lo: bigint; hi: bigint; base: ConnSet; head: ConnSet }[] = [];
  for (const family of [4, 6] as const) {
    const b = base.filter((s) => s.family === family).sort(compareSpans);
    const h = head.filter((s) => s.family === family).sort(compareSpans);
    const cuts = [...new Set([...b, ...h].flatMap((s) => [s.lo, s.hi + 1n]))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    let bi = 0;
    let hj = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const lo = cuts[i]!;
      const end = cuts[i + 1]! - 1n;
      // Spans are disjoint and sorted: skip those ending before this piece.
      while (bi < b.length && b[bi]!.hi < lo) bi++;
      while (hj < h.length && h[hj]!.hi < lo) hj++;
      const inBase = bi < b.length && b[bi]!.lo <= lo ? b[bi]!.allowed : ConnSet.none();
      const inHead = hj < h.length && h[hj]!.lo <= lo ? h[hj]!.allowed : ConnSet.none();
      if (inBase.equals(inHead)) continue;
      const last = out[out.length - 1];
      if (last && last.family === family && last.hi + 1n === lo && last.base.equals(inBase) && last.head.equals(inHead)) last.hi = end;
      else out.push({ family, lo, hi: end, base: inBase, head: inHead });
    }
  }
  return out;
}

function change(src: DiffEndpoint, dst: DiffEndpoint, base: ConnSet, head: ConnSet): ConnectionChange {
  const opened = head.subtract(base);
  const outside = src.type === 'external' ? src : dst.type === 'external' ? dst : undefined;
  const internet = outside !== undefined && outside.range.overlaps(internetAddresses());
  return {
    change: base.isEmpty() ? 'added' : head.isEmpty() ? 'removed' : 'changed',
    src,
    dst,
    base,
    head,
    opened,
    closed: base.subtract(head),
    // Newly open from outside to pods, or to a load balancer in front of them.
    exposure: src.type === 'external' && (dst.type === 'workload' || dst.type === 'load-balancer') && !opened.isEmpty(),
    internet,
  };
}

/** Every difference between the two connection lists: new exposure first, then by source and destination. */
export function diffConnections(base: readonly Connection[], head: readonly Connection[]): ConnectionChange[] {
  const b = index(base);
  const h = index(head);
  const out: ConnectionChange[] = [];
  for (const key of new Set([...b.pairs.keys(), ...h.pairs.keys()])) {
    const was = b.pairs.get(key);
    const now = h.pairs.get(key);
    const before = was?.allowed ?? ConnSet.none();
    const after = now?.allowed ?? ConnSet.none();
    if (before.equals(after)) continue;
    const ends = (now ?? was)!;
    out.push(change(ends.src, ends.dst, before, after));
  }
  for (const key of new Set([...b.external.keys(), ...h.external.keys()])) {
    const was = b.external.get(key);
    const now = h.external.get(key);
    const { direction, workload } = (now ?? was)!;
    for (const piece of compareSpansOf(was?.spans ?? [], now?.spans ?? [])) {
      const range: DiffEndpoint = { type: 'external', range: IpSet.fromRange(piece.family, piece.lo, piece.hi) };
      out.push(direction === 'ingress' ? change(range, workload, piece.base, piece.head) : change(workload, range, piece.base, piece.head));
    }
  }
  return sortChanges(out);
}

function sortChanges(list: ConnectionChange[]): ConnectionChange[] {
  const keyed = list.map((c) => ({ c, src: diffEndpointName(c.src), dst: diffEndpointName(c.dst) }));
  keyed.sort((x, y) => Number(y.c.exposure) - Number(x.c.exposure) || compareStrings(x.src, y.src) || compareStrings(x.dst, y.dst));
  return keyed.map((k) => k.c);
}

/** "namespace/name[Kind]" of every workload some internet address may open a connection to, directly or through a load balancer. */
export function internetReachable(connections: readonly Connection[]): Set<string> {
  const out = new Set<string>();
  const internet = internetAddresses();
  const publicLoadBalancers = new Set<string>();
  for (const c of connections) {
    if (c.src.type !== 'external' || c.allowed.isEmpty() || !c.src.atoms.some((a) => a.overlaps(internet))) continue;
    if (c.dst.type === 'workload') out.add(endpointName(c.dst));
    if (c.dst.type === 'load-balancer') publicLoadBalancers.add(endpointName(c.dst));
  }
  for (const c of connections)
    if (c.src.type === 'load-balancer' && c.dst.type === 'workload' && !c.allowed.isEmpty() && publicLoadBalancers.has(endpointName(c.src))) out.add(endpointName(c.dst));
  return out;
}
