/**
 * The two versions `netreach diff` compares, each made a directory tree on disk: a directory as it is,
 * or a git commit of the repository around the working directory extracted into a temporary directory
 * (`git archive <commit> | tar -x`). The user's working tree and index are never touched; git runs
 * through execFile, without a shell.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** BASE or HEAD cannot be used: a usage error (exit 2) with this message. */
export class DiffInputError extends Error {
  override name = 'DiffInputError';
}

export interface DiffSide {
  /** As the user wrote it ("main", "HEAD~1", "old/"). */
  label: string;
  kind: 'directory' | 'ref';
  /** The tree to analyse from: the directory, or the extracted commit's repository root. */
  root: string;
  /** What to analyse, relative to `root` (only the given paths that exist in this version). */
  paths: string[];
  /** The given paths (as given) this version does not have. */
  missing: string[];
  /** Where a file of this tree (relative to `root`) lives in the user's file system. */
  realPath(file: string): string;
  /** Removes what was extracted (nothing for a directory). */
  cleanup(): Promise<void>;
}

/** A directory or a git ref, as `git rev-parse --verify <ref>^{commit}` accepts it when no such path exists. */
export async function openSide(spec: string, cwd: string, paths: readonly string[]): Promise<DiffSide> {
  const asPath = path.resolve(cwd, spec);
  if (existsSync(asPath)) {
    if (!statSync(asPath).isDirectory()) throw new DiffInputError(`${spec} is a file; diff compares two directories or two git commits`);
    return {
      label: spec,
      kind: 'directory',
      root: asPath,
      ...existing(asPath, paths, paths),
      realPath: (file) => path.resolve(asPath, file),
      cleanup: async () => {},
    };
  }
  return openRef(spec, cwd, paths);
}

async function git(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DiffInputError('git is not installed (needed to compare git refs; give two directories instead)');
    throw err;
  }
}

async function openRef(spec: string, cwd: string, paths: readonly string[]): Promise<DiffSide> {
  // A leading dash would be read as an option by git.
  if (spec === '' || spec.startsWith('-')) throw new DiffInputError(`${JSON.stringify(spec)} is neither a directory nor a git ref`);
  let top: string;
  let prefix: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
    prefix = (await git(['rev-parse', '--show-prefix'], cwd)).trim();
  } catch (err) {
    if (err instanceof DiffInputError) throw err;
    throw new DiffInputError(`${spec} is not a directory, and ${cwd} is not inside a git repository to look it up as a ref`);
  }
  let commit: string;
  try {
    commit = (await git(['rev-parse', '--verify', '--quiet', `${spec}^{commit}`], cwd)).trim();
  } catch (err) {
    if (err instanceof DiffInputError) throw err;
    throw new DiffInputError(`${spec} is neither a directory nor a commit of the git repository at ${top}`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'netreach-diff-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const tree = path.join(dir, 'tree');
    const archive = path.join(dir, 'tree.tar');
    await git(['archive', '--format=tar', '-o', archive, commit], top);
    await extract(archive, tree);
    await rm(archive, { force: true });
    // Paths are given relative to the working directory, which is `prefix` inside the repository.
    return { label: spec, kind: 'ref', root: tree, ...existing(tree, paths.map((p) => path.join(prefix, p)), paths), realPath: (file) => path.resolve(top, file), cleanup };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function extract(archive: string, into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  try {
    await run('tar', ['-xf', archive, '-C', into]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new DiffInputError('tar is not installed (needed to extract a git commit)');
    throw err;
  }
}

/**
 * `wanted` (under `root`; `given`: as the user wrote them, same order) split into those this version
 * has and those it lacks: a path one version lacks is simply absent from it. No paths: the whole root.
 */
function existing(root: string, wanted: readonly string[], given: readonly string[]): { paths: string[]; missing: string[] } {
  if (wanted.length === 0) return { paths: ['.'], missing: [] };
  for (const p of given) if (path.isAbsolute(p)) throw new DiffInputError(`path ${p}: diff paths are relative (to each version's root)`);
  const present = wanted.map((p) => existsSync(path.resolve(root, p)));
  return { paths: wanted.filter((_, i) => present[i]), missing: given.filter((_, i) => !present[i]) };
}
