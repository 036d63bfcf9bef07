/**
 * Do the pods fit the node groups they may run on? A transportation problem: each workload asks for some pods and
 * may use some node groups, each node group offers some pod slots. By Gale's supply–demand theorem (Hall's condition
 * with capacities) every pod finds a slot exactly when, for every set S of node groups, the workloads that can run
 * only inside S ask for no more than S offers. The violated sets are also the explanation a user needs: "these
 * workloads can only go to these groups, which hold this many pods at their max size".
 *
 * Exact for up to MAX_EXACT_GROUPS node groups (all 2^n sets, summed over subsets in O(2^n · n)); beyond that only
 * the single groups and the whole set are checked.
 */
export interface FitDemand {
  key: string;
  pods: number;
  /** Keys of the node groups it may run on (empty: it fits none, and is not judged here). */
  groups: readonly string[];
}

export interface FitSupply {
  key: string;
  slots: number;
}

export interface Overcommit {
  /** The node groups of the violated set, in supply order. */
  groups: string[];
  slots: number;
  demand: number;
  /** The workloads that can run only inside the set, largest demand first. */
  workloads: string[];
}

export const MAX_EXACT_GROUPS = 16;

/** The inclusion-minimal sets of node groups whose workloads ask for more pods than the groups hold. */
export function overcommits(demand: readonly FitDemand[], supply: readonly FitSupply[]): Overcommit[] {
  const index = new Map(supply.map((s, i) => [s.key, i] as const));
  const n = supply.length;
  const masks = demand
    .filter((d) => d.pods > 0 && d.groups.length > 0 && d.groups.every((g) => index.has(g)))
    .map((d) => ({ d, mask: d.groups.reduce((m, g) => m | (1 << index.get(g)!), 0) }));
  const candidates = n <= MAX_EXACT_GROUPS ? allMasks(n) : [...supply.map((_, i) => 1 << i), n > 0 ? fullMask(n) : 0].filter((m) => m !== 0);

  // demandWithin[S] = Σ pods of workloads whose groups ⊆ S (sum over subsets).
  const demandWithin = new Map<number, number>();
  if (n <= MAX_EXACT_GROUPS) {
    const f = new Float64Array(1 << n);
    for (const { d, mask } of masks) f[mask] = f[mask]! + d.pods;
    for (let bit = 0; bit < n; bit++) for (let s = 0; s < 1 << n; s++) if (s & (1 << bit)) f[s] = f[s]! + f[s ^ (1 << bit)]!;
    for (const s of candidates) demandWithin.set(s, f[s]!);
  } else {
    for (const s of candidates) demandWithin.set(s, masks.reduce((sum, { d, mask }) => ((mask & ~s) === 0 ? sum + d.pods : sum), 0));
  }

  const slotsOf = (s: number) => supply.reduce((sum, g, i) => (s & (1 << i) ? sum + g.slots : sum), 0);
  const violated = candidates.filter((s) => demandWithin.get(s)! > slotsOf(s));
  const minimal = violated.filter((s) => !violated.some((t) => t !== s && (t & s) === t));
  return minimal.map((s) => ({
    groups: supply.filter((_, i) => s & (1 << i)).map((g) => g.key),
    slots: slotsOf(s),
    demand: demandWithin.get(s)!,
    workloads: masks
      .filter(({ mask }) => (mask & ~s) === 0)
      .sort((a, b) => b.d.pods - a.d.pods || (a.d.key < b.d.key ? -1 : a.d.key > b.d.key ? 1 : 0))
      .map(({ d }) => d.key),
  }));
}

const fullMask = (n: number) => (n >= 31 ? -1 >>> 0 : (1 << n) - 1);

function allMasks(n: number): number[] {
  const out: number[] = [];
  for (let s = 1; s < 1 << n; s++) out.push(s);
  return out;
}
