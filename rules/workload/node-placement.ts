/**
 * Which nodes a pod may be placed on, as far as the manifest says: `nodeName`, `nodeSelector` and the
 * required node affinity (`affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`),
 * evaluated with the scheduler's semantics (k8s.io/component-helpers/scheduling/corev1/nodeaffinity):
 *
 * - nodeSelector and the required affinity must both hold; `nodeName` pins the pod to one node;
 * - nodeSelectorTerms are ORed, the requirements inside one term ANDed, and a term with no requirements
 *   matches no node;
 * - In/Exists/Gt/Lt need the label; NotIn/DoesNotExist match nodes without it; Gt/Lt compare integers;
 * - matchFields (only `metadata.name`) constrain the node's name, like `nodeName`.
 *
 * `canShareNode` is conservative: it answers false only when the constraints are provably disjoint.
 * Whatever it cannot read (a malformed term, an unknown operator) it ignores, which only widens the
 * set of nodes, so two pods are assumed to meet when unsure. Taints, tolerations and the nodes that
 * really exist are not considered.
 */
import type { PodSpec } from '../../src/loader/schemas/index.js';

type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

interface Requirement {
  /** "label:<key>" or "field:<key>": node labels and node fields never constrain each other. */
  key: string;
  operator: Operator;
  values: readonly string[];
}

/** Requirements every node must meet, and the terms of which it must meet one. */
export interface Placement {
  base: readonly Requirement[];
  /** `[[]]` without required affinity; `[]` when no term can match (the pod fits no node). */
  terms: readonly (readonly Requirement[])[];
}

const OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function requirementsOf(list: unknown, space: 'label' | 'field'): Requirement[] {
  if (!Array.isArray(list)) return [];
  const out: Requirement[] = [];
  for (const r of list as unknown[]) {
    if (!isObject(r) || typeof r.key !== 'string' || typeof r.operator !== 'string' || !OPERATORS.has(r.operator)) continue;
    out.push({ key: `${space}:${r.key}`, operator: r.operator as Operator, values: isStringArray(r.values) ? r.values : [] });
  }
  return out;
}

/** Reads the placement constraints of a pod spec. */
export function placementOf(spec: PodSpec): Placement {
  const base: Requirement[] = [];
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') base.push({ key: 'field:metadata.name', operator: 'In', values: [spec.nodeName] });
  if (isObject(spec.nodeSelector)) {
    for (const [key, value] of Object.entries(spec.nodeSelector)) if (typeof value === 'string') base.push({ key: `label:${key}`, operator: 'In', values: [value] });
  }
  const affinity: unknown = spec.affinity;
  const nodeAffinity = isObject(affinity) ? affinity.nodeAffinity : undefined;
  const required = isObject(nodeAffinity) ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  const declared = isObject(required) ? required.nodeSelectorTerms : undefined;
  // No (readable) required affinity, or an empty list the API server would reject: no constraint.
  if (!Array.isArray(declared) || declared.length === 0) return { base, terms: [[]] };
  const terms: Requirement[][] = [];
  for (const term of declared as unknown[]) {
    if (!isObject(term)) {
      terms.push([]); // unreadable: assume it matches anything
      continue;
    }
    const exprs = term.matchExpressions;
    const fields = term.matchFields;
    const declaredNothing = (!Array.isArray(exprs) || exprs.length === 0) && (!Array.isArray(fields) || fields.length === 0);
    if (declaredNothing) continue; // "A null or empty node selector term matches no objects."
    terms.push([...requirementsOf(exprs, 'label'), ...requirementsOf(fields, 'field')]);
  }
  return { base, terms };
}

const INTEGER = /^[+-]?\d+$/;
const asInteger = (s: string | undefined): number | undefined => (s !== undefined && INTEGER.test(s) ? Number(s) : undefined);

/** Whether some node (labels and name) can meet every requirement at once. */
export function satisfiable(requirements: readonly Requirement[]): boolean {
  const byKey = new Map<string, Requirement[]>();
  for (const r of requirements) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const reqs of byKey.values()) if (!keySatisfiable(reqs)) return false;
  return true;
}

function keySatisfiable(reqs: readonly Requirement[]): boolean {
  let allowed: Set<string> | undefined;
  const excluded = new Set<string>();
  let present = false;
  let absent = false;
  let above = -Infinity; // value > above
  let below = Infinity; // value < below
  for (const r of reqs) {
    switch (r.operator) {
      case 'In':
        if (r.values.length === 0) break; // invalid (the API server rejects it): ignore
        present = true;
        allowed = new Set(allowed ? r.values.filter((v) => allowed!.has(v)) : r.values);
        break;
      case 'NotIn':
        for (const v of r.values) excluded.add(v);
        break;
      case 'Exists':
        present = true;
        break;
      case 'DoesNotExist':
        absent = true;
        break;
      case 'Gt':
      case 'Lt': {
        const n = r.values.length === 1 ? asInteger(r.values[0]) : undefined;
        if (n === undefined) break; // invalid (the API server rejects it): ignore
        present = true;
        if (r.operator === 'Gt') above = Math.max(above, n);
        else below = Math.min(below, n);
        break;
      }
    }
  }
  if (absent) return !present;
  const bounded = above > -Infinity || below < Infinity;
  const inRange = (v: string) => {
    if (!bounded) return true;
    const n = asInteger(v);
    return n !== undefined && n > above && n < below;
  };
  if (allowed) return [...allowed].some((v) => !excluded.has(v) && inRange(v));
  // Any value will do, as long as an integer fits between the bounds.
  return !bounded || below - above >= 2;
}

/** False only when no node can take a pod of each: their constraints are provably disjoint. */
export function canShareNode(a: Placement, b: Placement): boolean {
  for (const ta of a.terms) for (const tb of b.terms) if (satisfiable([...a.base, ...ta, ...b.base, ...tb])) return true;
  return false;
}
