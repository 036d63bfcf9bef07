/**
 * `netreach diff BASE HEAD [-- PATH…]` as a command: open both versions, analyse them with one
 * configuration, compare, render, decide the exit code. Temporary trees are removed whatever happens.
 */
import path from 'node:path';
import type { CliOptions } from '../cli/args.js';
import { findRepoRoot, makePathMapper } from '../cli/paths.js';
import type { Progress } from '../cli/progress.js';
import { VERSION } from '../cli/version.js';
import { atOrAbove, type Level } from '../core/finding.js';
import { renderDiff, diffSummaryLine, sections, type DiffFormat } from '../reporters/diff.js';
import { render, type ReportInput } from '../reporters/index.js';
import { analyseSide, compareSides, diffConfig, sideLocator, type AnalysedSide, type DiffResult } from './diff.js';
import { DiffInputError, openSide, type DiffSide } from './sides.js';

export interface DiffCommandIo {
  cwd: string;
  stderr: (text: string) => void;
  progress: Progress;
}

export interface DiffCommandResult {
  report: string;
  /** 0 clean, 1 new findings at or above --fail-on (or new exposure with --fail-on-exposure), 2 HEAD unreadable. */
  code: number;
}

export async function runDiffCommand(options: CliOptions, io: DiffCommandIo): Promise<DiffCommandResult> {
  const opened: DiffSide[] = [];
  try {
    io.progress.update(`opening ${options.base}`);
    const base = await openSide(options.base!, io.cwd, options.paths);
    opened.push(base);
    io.progress.update(`opening ${options.head}`);
    const head = await openSide(options.head!, io.cwd, options.paths);
    opened.push(head);
    const nowhere = base.missing.filter((p) => head.missing.includes(p));
    if (nowhere.length > 0) throw new DiffInputError(`${nowhere.join(', ')}: in neither ${base.label} nor ${head.label}`);

    const config = await diffConfig(head, options.config === undefined ? undefined : path.resolve(io.cwd, options.config));
    io.progress.update(`analysing ${base.label} (BASE)`);
    const before = await analyseSide(base, config);
    io.progress.update(`analysing ${head.label} (HEAD)`);
    const after = await analyseSide(head, config);
    for (const side of [before, after]) reportLoadProblems(side, io);

    const root = path.resolve(io.cwd, options.sarifRoot ?? findRepoRoot(io.cwd) ?? io.cwd);
    const mapper = makePathMapper(io.cwd, root);
    const locate = sideLocator(io.cwd, mapper.uriFor);
    const diff = compareSides(before, after, locate, (phase) => io.progress.update(phase));

    io.progress.update('writing the report');
    const format = options.format as DiffFormat;
    const report = format === 'sarif' ? sarifOf(diff, after, options, (file) => locate(head, file)) : renderDiff(format, diff);
    if (!options.quiet) io.stderr(`netreach: ${diffSummaryLine(diff)}\n`);
    return { report, code: exitCode(diff, after, options) };
  } finally {
    await Promise.all(opened.map((s) => s.cleanup()));
  }
}

function reportLoadProblems({ side, result }: AnalysedSide, io: DiffCommandIo): void {
  for (const failure of result.load.failures) io.stderr(`netreach: ${side.label}: ${failure.path}: ${failure.message}\n`);
}

/**
 * A broken HEAD is a failure (exit 2), as for `check`; a broken BASE is history and only reported.
 * Then new findings at or above --fail-on (default: netreach.yaml failOn, else error), and new exposure
 * only when asked with --fail-on-exposure: opening a port to the internet is often the point of a change.
 */
function exitCode(diff: DiffResult, head: AnalysedSide, options: CliOptions): number {
  if (head.result.load.failures.length > 0) return 2;
  const failOn: Level | 'none' = options.failOn ?? head.result.config.failOn ?? 'error';
  if (diff.newFindings.some((f) => atOrAbove(f.finding.level, failOn))) return 1;
  if (options.failOnExposure && sections(diff).exposure.length > 0) return 1;
  return 0;
}

/** The `check` SARIF writer over HEAD's new findings, each marked baselineState "new". */
function sarifOf(diff: DiffResult, head: AnalysedSide, options: CliOptions, locate: (file: string) => { displayPath: string; uri: string | undefined }): string {
  const input: ReportInput = {
    findings: diff.newFindings.map((f) => ({ ...f.finding, baselineState: 'new' as const })),
    rules: head.result.rules,
    texts: head.result.load.texts,
    toolVersion: VERSION,
    uriFor: (file) => locate(file).uri,
    displayPath: (file) => locate(file).displayPath,
    notifications: head.result.load.failures.map((f) => ({ message: `${f.path}: ${f.message}`, level: 'error' as Level })),
    executionSuccessful: head.result.load.failures.length === 0,
    baselineApplied: true,
    ...(options.maxSarifResults !== undefined ? { maxSarifResults: options.maxSarifResults } : {}),
    ...(options.sarifCategory !== undefined ? { sarifCategory: options.sarifCategory } : {}),
  };
  return render('sarif', input);
}
