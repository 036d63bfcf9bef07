/**
 * Label selectors as the API server evaluates them (k8s.io/apimachinery/pkg/labels):
 * matchLabels and every matchExpressions requirement combine with AND; `{}` matches everything.
 */
import { editDistance } from '../core/text.js';
import type { LabelSelector } from '../loader/schemas/index.js';
import type { Workload } from './types.js';

export type Labels = Readonly<Record<string, string>>;

const has = (labels: Labels, key: string): boolean => Object.prototype.hasOwnProperty.call(labels, key);

/** A map-style selector (Service, ReplicationController): every pair must be present. */
export function matchesMap(selector: Labels, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector)) if (!has(labels, key) || labels[key] !== value) return false;
  return true;
}

/** A metav1.LabelSelector. NotIn and DoesNotExist match objects that lack the key, as upstream does. */
export function matchesSelector(selector: LabelSelector, labels: Labels): boolean {
  if (selector.matchLabels && !matchesMap(selector.matchLabels, labels)) return false;
  for (const req of selector.matchExpressions ?? []) {
    const present = has(labels, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (!present || !values.includes(labels[req.key]!)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[req.key]!)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
    }
  }
  return true;
}

/** "app=web,tier in (a,b)" style rendering for messages. */
export function formatSelector(selector: LabelSelector | Labels): string {
  const parts: string[] = [];
  const isLabelSelector = 'matchLabels' in selector || 'matchExpressions' in selector;
  const map = (isLabelSelector ? (selector as LabelSelector).matchLabels : (selector as Labels)) ?? {};
  for (const [k, v] of Object.entries(map)) parts.push(`${k}=${v}`);
  if (isLabelSelector) {
    for (const req of (selector as LabelSelector).matchExpressions ?? []) {
      const vals = (req.values ?? []).join(',');
      if (req.operator === 'In') parts.push(`${req.key} in (${vals})`);
      else if (req.operator === 'NotIn') parts.push(`${req.key} notin (${vals})`);
      else if (req.operator === 'Exists') parts.push(req.key);
      else parts.push(`!${req.key}`);
    }
  }
  return parts.length === 0 ? '{}' : parts.join(',');
}

/** A workload whose pod template labels satisfy every pair of a map-style selector but one. */
export interface NearMiss {
  workload: Workload;
  key: string;
  want: string;
  /** The workload's value for `key`; undefined when it lacks the label. */
  has: string | undefined;
}

/**
 * The workloads (in the given order) that miss the selector by exactly one pair — what a message offers as
 * "closest". With a one-pair selector every workload with another value of that key would miss by one: there the
 * workload must carry the key with a value close to the wanted one (`cart-v2` for `cart`, `payment` for `payments`,
 * `frontend` for `storefront`).
 */
export function nearMisses(selector: Labels, workloads: readonly Workload[]): NearMiss[] {
  const onePair = Object.keys(selector).length === 1;
  const out: NearMiss[] = [];
  for (const w of workloads) {
    const labels = w.template.labels;
    const misses = Object.entries(selector).filter(([k, v]) => !has(labels, k) || labels[k] !== v);
    if (misses.length !== 1) continue;
    const [key, want] = misses[0]!;
    const value = has(labels, key) ? labels[key] : undefined;
    if (onePair && (value === undefined || !similarValue(value, want))) continue;
    out.push({ workload: w, key, want, has: value });
  }
  return out;
}

/**
 * One value contains the other (`cart-v2`, `cart`), they differ by at most two edits (`payments`, `payment`), or they
 * share a run of five characters or more (`storefront`, `frontend`).
 */
function similarValue(a: string, b: string): boolean {
  return a.includes(b) || b.includes(a) || editDistance(a, b) <= 2 || longestCommonRun(a, b) >= 5;
}

/** The length of the longest substring two strings share. */
function longestCommonRun(a: string, b: string): number {
  let best = 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) if (a[i - 1] === b[j - 1]) best = Math.max(best, (row[j] = prev[j - 1]! + 1));
    prev = row;
  }
  return best;
}
