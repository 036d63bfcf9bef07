/**
 * Label selectors as the API server evaluates them (k8s.io/apimachinery/pkg/labels):
 * matchLabels and every matchExpressions requirement combine with AND; `{}` matches everything.
 */
import type { LabelSelector } from '../loader/schemas/index.js';

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
