/**
 * Subnet addresses a VPC CNI node holds in steady state, and what a subnet offers: usable addresses and the
 * aligned /28 blocks prefix delegation needs.
 *
 * Sources (shared/data/vpc-cni-capacity.md): §3 — per-node consumption under WARM_ENI_TARGET, WARM_IP_TARGET,
 * MINIMUM_IP_TARGET and WARM_PREFIX_TARGET (derived from ipamd's isDatastorePoolTooLow / datastoreTargetState /
 * datastorePrefixTargetState; reproduces the tables of the CNI's docs/eni-and-ip-target.md and
 * docs/prefix-and-ip-target.md); §1.1 — ipamd stops growing the pool once it holds maxPods addresses;
 * §5 — AWS reserves 5 addresses per subnet (first four, last one), so the first and the last /28 of a subnet
 * can never be delegated as a prefix.
 */

/** The warm-pool knobs in force (effective values: defaults applied, invalid values dropped). */
export interface WarmKnobs {
  /** WARM_ENI_TARGET (default 1). */
  warmEniTarget: number;
  /** WARM_IP_TARGET; undefined or 0 = off. */
  warmIpTarget?: number | undefined;
  /** MINIMUM_IP_TARGET; undefined or 0 = off. */
  minimumIpTarget?: number | undefined;
  /** WARM_PREFIX_TARGET (prefix delegation only). */
  warmPrefixTarget: number;
}

export interface PodEniShape {
  /** ENIs that may hold pod addresses (after MAX_ENI, custom networking, trunk). */
  podEnis: number;
  /** IPv4 addresses per ENI, primary included (I). */
  ipv4PerEni: number;
  /** Prefix delegation in effect (not merely requested). */
  prefixDelegation: boolean;
  /** kubelet maxPods: ipamd stops growing the pool once it holds this many addresses. */
  maxPods: number;
}

export interface PodEniUsage {
  /** Pod ENIs attached. */
  enis: number;
  /** /28 prefixes held (prefix delegation), else 0. */
  prefixes: number;
  /** Addresses held by those ENIs: their primary addresses plus secondaries or 16 per prefix. */
  addresses: number;
  /** The knob that decided ("WARM_ENI_TARGET=1"). */
  knob: string;
  /** "3 ENIs × 10 = 30" */
  formula: string;
}

const positive = (n: number | undefined): n is number => n !== undefined && n > 0;

/**
 * Addresses the pod ENIs of one node hold with `pods` IP-backed pods on it (§3). With custom networking these are
 * in the ENIConfig subnet and the node subnet pays only the node IP; without, the primary ENI is the first of them.
 */
export function podEniUsage(pods: number, shape: PodEniShape, knobs: WarmKnobs): PodEniUsage {
  const p = Math.max(0, Math.floor(pods));
  const eMax = Math.max(0, shape.podEnis);
  const i = Math.max(1, shape.ipv4PerEni);
  const s = i - 1;
  const maxPods = Math.max(0, shape.maxPods);
  const w = positive(knobs.warmIpTarget) ? knobs.warmIpTarget : 0;
  const m = positive(knobs.minimumIpTarget) ? knobs.minimumIpTarget : 0;
  const ipTargets = w > 0 || m > 0;
  const targetText = [w > 0 ? `WARM_IP_TARGET=${w}` : '', m > 0 ? `MINIMUM_IP_TARGET=${m}` : ''].filter(Boolean).join(', ');
  if (eMax === 0 || s === 0) return { enis: 0, prefixes: 0, addresses: 0, knob: 'no ENI can hold pod addresses', formula: '0' };
  const enisFor = (slots: number) => Math.max(1, Math.ceil(slots / s));

  if (shape.prefixDelegation) {
    // Each slot holds a /28; the pool stops growing once it holds maxPods addresses, but never below the pods' need.
    const need = Math.ceil(p / 16);
    const wanted = ipTargets ? Math.max(Math.ceil((p + w) / 16), Math.ceil(m / 16)) : need + Math.max(0, knobs.warmPrefixTarget);
    const k = Math.min(eMax * s, Math.max(need, Math.min(wanted, Math.ceil(maxPods / 16))));
    const n = enisFor(k);
    return {
      enis: n,
      prefixes: k,
      addresses: n + 16 * k,
      knob: ipTargets ? targetText : `WARM_PREFIX_TARGET=${knobs.warmPrefixTarget}`,
      formula: `${n} ENI${n === 1 ? '' : 's'} + ${k} prefix${k === 1 ? '' : 'es'} × 16 = ${n + 16 * k}`,
    };
  }
  if (ipTargets) {
    const t = Math.min(eMax * s, Math.max(p, Math.min(Math.max(p + w, m), maxPods)));
    const n = enisFor(t);
    return { enis: n, prefixes: 0, addresses: n + t, knob: targetText, formula: `${n} ENI${n === 1 ? '' : 's'} + ${t} secondary IPs = ${n + t}` };
  }
  const wEni = Math.max(0, knobs.warmEniTarget);
  const n = Math.min(eMax, Math.max(1, Math.ceil(p / s) + wEni), Math.max(enisFor(p), enisFor(maxPods)));
  return { enis: n, prefixes: 0, addresses: n * i, knob: `WARM_ENI_TARGET=${wEni}`, formula: `${n} ENI${n === 1 ? '' : 's'} × ${i} = ${n * i}` };
}

/** Addresses of a subnet of prefix length `len` that instances can use: 2^(32 − len) − 5, never negative. */
export function usableAddresses(len: number): number {
  if (!Number.isInteger(len) || len < 0 || len > 32) return 0;
  return Math.max(0, 2 ** (32 - len) - 5);
}

/**
 * Aligned /28 blocks a subnet can delegate as prefixes: all of its /28s except the first (it holds the four
 * reserved low addresses) and the last (it holds the reserved last address). 0 for /27 and smaller.
 */
export function delegableBlocks(len: number): number {
  if (!Number.isInteger(len) || len < 0 || len > 28) return 0;
  return Math.max(0, 2 ** (28 - len) - 2);
}

/** Free addresses in the first and the last /28 of a subnet (16 − 4 and 16 − 1), where /32s spoil no delegable block. */
export const EDGE_BLOCK_ADDRESSES = 27;

/**
 * Delegable /28 blocks left once `singles` individual addresses (node IPs, ENI primaries, secondary IPs) are placed:
 * at best they fill the edge blocks and then whole blocks (`best`); at worst each lands in its own block (`worst`).
 */
export function blocksAfterSingles(len: number, singles: number): { total: number; best: number; worst: number } {
  const total = delegableBlocks(len);
  const n = Math.max(0, singles);
  const best = Math.max(0, total - Math.ceil(Math.max(0, n - EDGE_BLOCK_ADDRESSES) / 16));
  const worst = Math.max(0, total - n);
  return { total, best, worst };
}
