/**
 * Input expansion: command-line paths (files, directories, `-` for stdin) → the texts to parse, in a
 * deterministic order. Never throws on bad input: what cannot be opened becomes a failure, what is too
 * large or not UTF-8 becomes a LoadIssue, what looks binary is passed over.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { compareStrings } from '../core/source.js';
import type { LoadIssue, LoadIssueCode, LoadLimits, LoadOptions } from './types.js';

/** What became of one input file. */
export type FileOutcome =
  | { kind: 'text'; file: string; text: string }
  | { kind: 'binary'; file: string }
  /** Not parsed; `text` is what reporters may still show (invalid UTF-8 decoded with U+FFFD). */
  | { kind: 'issue'; file: string; issue: LoadIssue; text?: string };

export interface InputFailure {
  path: string;
  message: string;
}

export interface Inputs {
  files: FileOutcome[];
  failures: InputFailure[];
}

/** Extensions picked up inside directories; a file named on the command line is read whatever its name. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
/** Like git: a NUL byte in the first 8 KiB means binary. */
const BINARY_PROBE_BYTES = 8192;

export async function readInputs(paths: readonly string[], options: LoadOptions, limits: LoadLimits): Promise<Inputs> {
  const cwd = nodePath.resolve(options.cwd ?? process.cwd());
  const walker = new Walker(cwd, ignore().add(options.exclude ?? []));
  const files: FileOutcome[] = [];
  if (paths.includes('-')) {
    if (options.stdinText === undefined) walker.failures.push({ path: '-', message: 'stdin was named but no stdin text was given' });
    else files.push(screenText(options.stdinName ?? '<stdin>', options.stdinText, limits));
  }
  // In name order, so that which name a file reached twice gets does not depend on the order of the arguments.
  const named = paths.filter((p) => p !== '-').map((p) => ({ p, name: walker.display(nodePath.resolve(cwd, p)) }));
  for (const { p } of named.sort((a, b) => compareStrings(a.name, b.name))) await walker.add(p);
  for (const found of walker.unique()) {
    const outcome = await readFile(found, limits);
    if ('message' in outcome) walker.failures.push({ path: found.display, message: outcome.message });
    else files.push(outcome);
  }
  files.sort((a, b) => compareStrings(a.file, b.file));
  return { files, failures: walker.failures };
}

/** Screens a text that is already in memory (stdin, tests). */
export function screenText(file: string, text: string, limits: LoadLimits): FileOutcome {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxFileBytes) return { kind: 'issue', file, issue: tooLarge(file, bytes, limits) };
  if (text.slice(0, BINARY_PROBE_BYTES).includes('\0')) return { kind: 'binary', file };
  return { kind: 'text', file, text };
}

/** Screens the bytes of a file: binary, then UTF-8. */
export function screenBytes(file: string, bytes: Buffer, limits: LoadLimits): FileOutcome {
  if (bytes.length > limits.maxFileBytes) return { kind: 'issue', file, issue: tooLarge(file, bytes.length, limits) };
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { kind: 'binary', file };
  try {
    // ignoreBOM keeps a byte-order mark in the text, as fs.readFile(…, 'utf8') does (SARIF fingerprints hash it).
    return { kind: 'text', file, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const at = firstInvalidByte(bytes, text);
    const before = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, at)).split('\n');
    const where = `line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`;
    return { kind: 'issue', file, issue: fileIssue(file, 'UNREADABLE', `not valid UTF-8 text (first invalid byte at ${where})`), text };
  }
}

/** Byte offset of the first invalid UTF-8 sequence: where the lossy decoding stops re-encoding to the same bytes. */
function firstInvalidByte(bytes: Buffer, lossy: string): number {
  const reencoded = Buffer.from(lossy, 'utf8');
  let i = 0;
  while (i < bytes.length && bytes[i] === reencoded[i]) i++;
  return i;
}

function tooLarge(file: string, bytes: number, limits: LoadLimits): LoadIssue {
  return fileIssue(file, 'LIMIT_EXCEEDED', `file is ${bytes} bytes, more than the limit of ${limits.maxFileBytes}; not parsed`);
}

/** An issue about a whole file, at its first character. */
function fileIssue(file: string, code: LoadIssueCode, message: string): LoadIssue {
  const region = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };
  return { code, message, at: { file, doc: 0, path: [], region }, fatal: true };
}

interface Found {
  /** The name used in SourceRefs. */
  display: string;
  /** Where it really is (symlinks resolved): each real file is read once. */
  real: string;
}

async function readFile(found: Found, limits: LoadLimits): Promise<FileOutcome | { message: string }> {
  try {
    const stat = await fs.stat(found.real);
    // Checked before reading, so a huge file is never loaded; pipes report size 0 and are checked after.
    if (stat.size > limits.maxFileBytes) return { kind: 'issue', file: found.display, issue: tooLarge(found.display, stat.size, limits) };
    return screenBytes(found.display, await fs.readFile(found.real), limits);
  } catch (err) {
    return { message: fsMessage(err) };
  }
}

/** Collects the files under the given paths, following symlinks but visiting each real directory once. */
class Walker {
  readonly failures: InputFailure[] = [];
  readonly #found: Found[] = [];
  readonly #dirs = new Set<string>();

  constructor(
    readonly cwd: string,
    readonly excluded: Ignore,
  ) {}

  /** A path named on the command line: read even when its extension or an exclude pattern would skip it. */
  async add(p: string): Promise<void> {
    const abs = nodePath.resolve(this.cwd, p);
    try {
      const stat = await fs.stat(abs);
      if (stat.isDirectory()) await this.#walk(abs);
      else this.#found.push({ display: this.display(abs), real: await realpathOr(abs) });
    } catch (err) {
      this.failures.push({ path: p, message: fsMessage(err) });
    }
  }

  /** Found files by name, each real file once (under its first name in that order). */
  unique(): Found[] {
    const seen = new Set<string>();
    return [...this.#found]
      .sort((a, b) => compareStrings(a.display, b.display))
      .filter((f) => !seen.has(f.real) && seen.add(f.real));
  }

  async #walk(dir: string): Promise<void> {
    const real = await realpathOr(dir);
    if (this.#dirs.has(real)) return; // a symlink cycle, or a directory reached twice
    this.#dirs.add(real);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      this.failures.push({ path: this.display(dir), message: fsMessage(err) });
      return;
    }
    entries.sort((a, b) => compareStrings(a.name, b.name));
    for (const entry of entries) {
      const abs = nodePath.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.stat(abs).catch(() => undefined);
        if (!target) continue; // a dangling link inside a directory is nobody's input
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDir && !SKIPPED_DIRS.has(entry.name) && !this.#isExcluded(abs, true)) await this.#walk(abs);
      else if (isFile && MANIFEST_FILE.test(entry.name) && !this.#isExcluded(abs, false)) {
        this.#found.push({ display: this.display(abs), real: await realpathOr(abs) });
      }
    }
  }

  /** Exclude patterns are relative to cwd, so they only apply inside it. */
  #isExcluded(abs: string, isDir: boolean): boolean {
    const name = this.display(abs);
    if (nodePath.posix.isAbsolute(name) || /^[A-Za-z]:/.test(name)) return false;
    return this.excluded.ignores(isDir ? `${name}/` : name);
  }

  /** Relative to cwd with POSIX separators when inside it, else absolute. */
  display(abs: string): string {
    const rel = nodePath.relative(this.cwd, abs);
    if (rel === '') return '.';
    const outside = rel === '..' || rel.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(rel);
    return (outside ? abs : rel).split(nodePath.sep).join('/');
  }
}

async function realpathOr(p: string): Promise<string> {
  return fs.realpath(p).catch(() => p);
}

function fsMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return err instanceof Error ? err.message : String(err);
}
