/** How files are named in reports: relative to the working directory in text, to the repository root in SARIF. */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest directory with a `.git` entry (a checkout or a worktree), without spawning git. */
export function findRepoRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export interface PathMapper {
  /** Repository-relative POSIX path, or undefined when the file is outside the repository or is stdin. */
  uriFor(file: string): string | undefined;
  displayPath(file: string): string;
}

const STDIN = '<stdin>';

/**
 * SourceRef.file is relative to `cwd` (or absolute outside it). SARIF wants it relative to the repository
 * root: GitHub resolves result paths against the root of the analysed repository.
 */
export function makePathMapper(cwd: string, root: string): PathMapper {
  return {
    uriFor(file) {
      // Unnamed stdin cannot be linked; with --stdin-filename the loader names it like any other file.
      if (file === STDIN) return undefined;
      const rel = path.relative(root, path.resolve(cwd, file));
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
      return rel.split(path.sep).join('/');
    },
    displayPath: (file) => file,
  };
}
