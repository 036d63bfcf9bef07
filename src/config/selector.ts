/**
 * Label selectors written as strings, as `kubectl -l` takes them: `app=frontend,tier in (a,b),!canary`.
 * Parsed into the `matchExpressions` form of a Kubernetes LabelSelector, so the policy engine matches
 * invariants and NetworkPolicies with one matcher.
 */
import { isLabelValue, isQualifiedName } from '../loader/schemas/common.js';

/** A `matchExpressions` entry (a type alias, so it fits the loader's LabelSelector as it is). */
export type SelectorRequirement = {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
};

export type ParsedSelector = { ok: true; matchExpressions: SelectorRequirement[] } | { ok: false; error: string };

const KEY = String.raw`([^\s=!(),]+)`;
const EXISTS = new RegExp(String.raw`^(!?)\s*${KEY}$`);
const EQUALITY = new RegExp(String.raw`^${KEY}\s*(==|=|!=)\s*([^\s=!(),]*)$`);
const SET = new RegExp(String.raw`^${KEY}\s+(in|notin)\s*\(([^()]*)\)$`);

/** `=`/`==` become In [v] and `!=` NotIn [v] (which, like kubectl, also matches pods without the key). */
export function parseSelector(text: string): ParsedSelector {
  const requirements: SelectorRequirement[] = [];
  if (text.trim() === '') return { ok: true, matchExpressions: requirements };
  for (const raw of splitTopLevel(text)) {
    const part = raw.trim();
    const parsed = parseRequirement(part);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    requirements.push(parsed);
  }
  return { ok: true, matchExpressions: requirements };
}

function parseRequirement(part: string): SelectorRequirement | string {
  let m = SET.exec(part);
  if (m) {
    const values = m[3]!.split(',').map((v) => v.trim());
    return checked(m[1]!, m[2] === 'in' ? 'In' : 'NotIn', values);
  }
  m = EQUALITY.exec(part);
  if (m) return checked(m[1]!, m[2] === '!=' ? 'NotIn' : 'In', [m[3]!]);
  m = EXISTS.exec(part);
  if (m) return checked(m[2]!, m[1] === '!' ? 'DoesNotExist' : 'Exists');
  return `cannot parse selector requirement ${JSON.stringify(part)} (expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b))`;
}

function checked(key: string, operator: SelectorRequirement['operator'], values?: string[]): SelectorRequirement | string {
  if (!isQualifiedName(key)) return `${JSON.stringify(key)} is not a label key ([prefix/]name)`;
  const bad = values?.find((v) => !isLabelValue(v));
  if (bad !== undefined) return `${JSON.stringify(bad)} is not a label value`;
  return values ? { key, operator, values } : { key, operator };
}

/** Splits on commas outside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
