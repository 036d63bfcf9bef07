import type { z } from 'zod';
import { formatPath, type DocumentSource, type Path, type SourceRef } from '../core/source.js';

/** One thing wrong with the configuration, at its place in netreach.yaml when there is one. */
export interface ConfigProblem {
  message: string;
  at?: SourceRef;
  /** The config file, when the problem has no finer location (missing file, unreadable …). */
  file?: string;
}

/**
 * Bad configuration: an unreadable or invalid netreach.yaml, an unknown rule id, invalid rule options.
 * Raised before any analysis; the CLI prints `path:line:col: error: message [config]` and exits 2.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[] | ConfigProblem, options?: ErrorOptions) {
    const list = Array.isArray(problems) ? problems : [problems as ConfigProblem];
    super(list.map((p) => p.message).join('; ') || 'invalid configuration', options);
    this.problems = list;
  }

  /** One compiler-style line per problem. */
  format(): string {
    return this.problems.map(formatProblem).join('\n');
  }
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.at
    ? `${p.at.file}:${p.at.region.startLine}:${p.at.region.startColumn}`
    : (p.file ?? 'netreach');
  return `${where}: error: ${p.message} [config]`;
}

/** Where a config path is: the key of the field when `onKey` (unknown keys), else the field itself. */
export function locate(source: DocumentSource | undefined, path: Path, onKey = false): SourceRef | undefined {
  if (!source) return undefined;
  const key = onKey ? source.regionsAt(path)?.key : undefined;
  return key ? { file: source.file, doc: source.doc, path: [...path], region: key } : source.ref(path);
}

/**
 * zod issues as config problems located in the source. `base` is the path of the validated value
 * inside the config document (e.g. `['rules', id, 'options']`); messages name paths relative to it.
 * A union failure is replaced by the issues of the one branch whose type fits the input, so the user
 * reads "unknown key" or "expected integer", not "invalid input".
 */
export function problemsFromZod(
  error: z.core.$ZodError,
  source: DocumentSource | undefined,
  base: Path = [],
): ConfigProblem[] {
  const problems = flatten(error.issues).map((issue): ConfigProblem => {
    const rel = issue.path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
      const where = rel.length > 0 ? ` in ${formatPath(rel)}` : '';
      const keyPath = [...base, ...rel, issue.keys[0] ?? ''];
      return { message: `unknown key ${keys}${where}`, at: locate(source, keyPath, true) };
    }
    const field = rel.length > 0 ? `${formatPath(rel)}: ` : '';
    return { message: `${field}${issue.message}`, at: locate(source, [...base, ...rel]) };
  });
  return problems.sort(byLocation);
}

function flatten(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    // The branch whose type fits the input (its issues are inside the value) is the one the user meant.
    const fits = issue.errors.filter((branch) => !branch.some(isTypeMismatch));
    if (fits.length !== 1) return [issue];
    return flatten(fits[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
  });
}

const isTypeMismatch = (i: z.core.$ZodIssue) =>
  i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value' || i.code === 'invalid_union');

function byLocation(a: ConfigProblem, b: ConfigProblem): number {
  const ra = a.at?.region;
  const rb = b.at?.region;
  if (!ra || !rb) return 0;
  return ra.startLine - rb.startLine || ra.startColumn - rb.startColumn;
}
