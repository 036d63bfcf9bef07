/**
 * Fingerprints that do not depend on where netreach was run from. The runner hashes rule id + object id +
 * field path (+ key); Kubernetes object ids carry no file, but infrastructure keys do
 * (`cfn:<file>#VPC`, `eksctl:<cluster>@<file>#<doc>`, an input issue's `<file>#<doc>`), and those file names
 * are relative to the working directory. Here every such file name is replaced by its path from the
 * repository root — the root SARIF URIs use — and the fingerprint recomputed, so `netreach check .` at the
 * root and `netreach check .` in a subdirectory give the same fingerprints.
 */
import type { Finding } from '../core/finding.js';
import { fingerprintOf } from '../lint/runner.js';

/** Characters that delimit a file name inside an id or key: `cfn:`, `@`, `|`, `,`, `>` before; `#` and those after. */
const BEFORE = '(?<=^|[:@|,>\\s])';
const AFTER = '(?=$|[#|,>\\s])';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Rewrites file names (as SourceRefs name them) to repository paths wherever they appear delimited. */
export class FileRenamer {
  readonly #pattern: RegExp | undefined;
  readonly #to: Map<string, string>;

  /** `files`: every SourceRef file name of the run; `toRepo`: its repository-relative path, if it has one. */
  constructor(files: Iterable<string>, toRepo: (file: string) => string | undefined) {
    this.#to = new Map();
    for (const file of files) {
      const repo = toRepo(file);
      if (repo !== undefined && repo !== file) this.#to.set(file, repo);
    }
    // Longest first, so `a/b.yaml` wins over `b.yaml` where both could match.
    const names = [...this.#to.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    this.#pattern = names.length === 0 ? undefined : new RegExp(`${BEFORE}(?:${names.map(escapeRegExp).join('|')})${AFTER}`, 'g');
  }

  rename(s: string): string {
    if (this.#pattern === undefined) return s;
    return s.replace(this.#pattern, (m) => this.#to.get(m) ?? m);
  }
}

/** The finding with its fingerprint computed from repository paths instead of working-directory ones. */
export function withRepoFingerprint(f: Finding, renamer: FileRenamer): Finding {
  const object = renamer.rename(f.object);
  const key = f.key === undefined ? undefined : renamer.rename(f.key);
  const fingerprint = fingerprintOf(f.ruleId, object, f.at.path, key);
  return fingerprint === f.fingerprint ? f : { ...f, fingerprint };
}

export function withRepoFingerprints(findings: readonly Finding[], files: Iterable<string>, toRepo: (file: string) => string | undefined): Finding[] {
  const renamer = new FileRenamer(files, toRepo);
  return findings.map((f) => withRepoFingerprint(f, renamer));
}
