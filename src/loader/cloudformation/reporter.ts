/**
 * Locations, tags and issues for one template document. Every issue is INVALID_FIELD, non-fatal: a bad
 * reference or intrinsic spoils one value (which turns symbolic), never the rest of the template.
 */
import { pathKey, type DocumentSource, type Path, type SourceRef } from '../../core/source.js';
import type { LoadIssue, ParsedDocument } from '../types.js';

export class Reporter {
  readonly issues: LoadIssue[] = [];
  /** The same message at the same place once: a `${Missing}` used twice in one Fn::Sub is one mistake. */
  readonly #seen = new Set<string>();

  readonly source: DocumentSource;
  readonly #tags: ParsedDocument['tags'];

  constructor(doc: ParsedDocument) {
    this.source = doc.source;
    this.#tags = doc.tags;
  }

  /** The node at `path` carries a YAML tag (`!Ref` …): it is an intrinsic call, not plain data. */
  tagged(path: Path): boolean {
    return this.#tags?.has(pathKey(path)) ?? false;
  }

  /**
   * A name written as plain text at `path` — a logical id, a condition name, a Type. `!Ref X` holds the text
   * "X" in YAML, but it is a call there, as `{"Ref": "X"}` is in JSON: not a name.
   */
  text(value: unknown, path: Path): string | undefined {
    return typeof value === 'string' && !this.tagged(path) ? value : undefined;
  }

  ref(path: Path): SourceRef {
    return this.source.ref(path);
  }

  issue(path: Path, message: string): void {
    const key = `${pathKey(path)}\u0000${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.issues.push({ code: 'INVALID_FIELD', message, at: this.ref(path), fatal: false });
  }
}

/** "A, B, C" — at most `max` names, then how many in all — or "none", for "what exists" in messages. */
export function nameList(names: Iterable<string>, max = 8): string {
  const all = [...names];
  if (all.length === 0) return 'none';
  const shown = all.slice(0, max).join(', ');
  return all.length > max ? `${shown} … (${all.length} in all)` : shown;
}
