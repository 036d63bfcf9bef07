/** Data for JSON output with every SourceRef written as `file:line:col` (model and capacity dumps). */
import type { SourceRef } from '../core/source.js';

export const locationText = (ref: SourceRef): string => `${ref.file}:${ref.region.startLine}:${ref.region.startColumn}`;

export function withLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withLocations);
  if (typeof value !== 'object' || value === null) return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj.file === 'string' && typeof obj.region === 'object' && obj.region !== null && 'path' in obj) return locationText(obj as unknown as SourceRef);
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, withLocations(v)]));
}
