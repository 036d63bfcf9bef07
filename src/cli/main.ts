/**
 * The CLI: argv → options → analyze() → a reporter → exit code. It never checks anything itself.
 * `run` takes its I/O as parameters so tests drive it without a subprocess.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { analyze } from '../analyze.js';
import { ConfigError } from '../config/index.js';
import { allRules } from '../../rules/index.js';
import { applyBaseline, BaselineError, readBaseline } from '../baseline/baseline.js';
import { withRepoFingerprints } from '../baseline/fingerprint.js';
import { annotationProblems } from '../baseline/suppressions.js';
import { atOrAbove, isReported, type Level } from '../core/finding.js';
import { InternalError } from '../core/source.js';
import { OBJECT_FINGERPRINT_KEY, render, summaryLine, type ReportFormat, type ReportInput, type ReportNotification } from '../reporters/index.js';
import { githubLinkBase } from '../reporters/markdown.js';
import { renderConnections, type ConnectionFormat } from '../reporters/connections.js';
import { renderCapacity, type CapacityFormat } from '../reporters/capacity.js';
import { capacityView } from '../capacity/view.js';
import { reachabilityFor } from '../engine/shared.js';
import { focusedConnections } from './focus.js';
import { runQuery } from './query.js';
import { focusedDependencies } from './deps.js';
import { dependencyChecks } from '../deps/check.js';
import { renderDeps, type DepsFormat } from '../reporters/deps.js';
import { lbOptionsOf } from '../model/lb/index.js';
import { HELP, parseCliArgs, UsageError, type CliOptions } from './args.js';
import { modelToJson } from './model-json.js';
import { findRepoRoot, makePathMapper } from './paths.js';
import { renderRules } from './rules-list.js';
import { colorizeText } from './color.js';
import { VERSION } from './version.js';
import { createProgress, type Progress } from './progress.js';
import { runDiffCommand } from '../diff/command.js';
import { DiffInputError } from '../diff/sides.js';

export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  stdoutIsTTY: boolean;
  /** Progress lines are written only to a terminal (absent: not a TTY). */
  stderrIsTTY?: boolean;
}

export const EXIT = { clean: 0, findings: 1, failure: 2 } as const;

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseCliArgs(argv);
    if (parsed.kind === 'help') return io.stdout(HELP), EXIT.clean;
    if (parsed.kind === 'version') return io.stdout(`${VERSION}\n`), EXIT.clean;
    const { options } = parsed;
    if (options.command === 'rules') return await emit(options, io, renderRules(options.format as ReportFormat)), EXIT.clean;
    const progress = createProgress(io.stderr, { stderrIsTTY: io.stderrIsTTY ?? false, quiet: options.quiet, env: io.env });
    // Anything else written to stderr first erases the progress line, so the two never mix.
    const withProgress: CliIo = { ...io, stderr: (text) => (progress.clear(), io.stderr(text)) };
    try {
      if (options.command === 'diff') {
        const { report, code } = await runDiffCommand(options, { cwd: io.cwd, stderr: withProgress.stderr, progress });
        await emit(options, io, report);
        return code;
      }
      return await runAnalysis(options, withProgress, progress);
    } finally {
      progress.clear();
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof DiffInputError) {
      io.stderr(`netreach: ${err.message}\nRun 'netreach --help' for usage.\n`);
      return EXIT.failure;
    }
    if (err instanceof ConfigError) {
      io.stderr(`${err.format()}\n`);
      return EXIT.failure;
    }
    if (err instanceof BaselineError) {
      io.stderr(`netreach: ${err.message}\n`);
      return EXIT.failure;
    }
    const kind = err instanceof InternalError ? 'internal error (a bug in netreach, please report it)' : 'unexpected error';
    io.stderr(`netreach: ${kind}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.failure;
  }
}

async function runAnalysis(options: CliOptions, io: CliIo, progress: Progress): Promise<number> {
  const stdinText = options.paths.includes('-') ? await io.readStdin() : undefined;
  // analyze() loads, builds the model and runs the rules in one call: its phases are not visible here.
  progress.update('loading files, building the model, running the rules');
  const result = await analyze({
    paths: options.paths,
    cwd: io.cwd,
    ...(options.config ? { configFile: options.config } : {}),
    ...(stdinText !== undefined ? { stdinText } : {}),
    ...(options.stdinFilename ? { stdinName: options.stdinFilename } : {}),
  });
  const { load } = result;
  progress.update(`${load.stats.files} files loaded, ${load.stats.objects} objects analysed`);

  if (options.verbose) {
    const unknown = Object.entries(load.stats.unknownKinds).map(([k, n]) => `${k}×${n}`);
    io.stderr(
      `netreach: ${load.stats.files} files, ${load.stats.documents} documents, ${load.stats.objects} objects; ` +
        `skipped ${load.stats.binaryFiles.length} binary files, ${load.stats.nonKubernetesDocuments} non-Kubernetes documents, ` +
        `${unknown.length === 0 ? 'no unmodelled kinds' : `unmodelled kinds: ${unknown.join(', ')}`}\n`,
    );
  }
  for (const failure of load.failures) io.stderr(`netreach: ${failure.path}: ${failure.message}\n`);

  if (options.command === 'capacity') {
    await emit(options, io, renderCapacity(options.format as CapacityFormat, capacityView(result.model, result.config)));
    return load.failures.length > 0 ? EXIT.failure : EXIT.clean;
  }
  if (options.command === 'model') {
    await emit(options, io, modelToJson(result.model, result.config));
    return load.failures.length > 0 ? EXIT.failure : EXIT.clean;
  }
  if (options.command === 'connections') {
    progress.update(`${load.stats.files} files loaded; computing connections`);
    const reach = reachabilityFor(result.model, result.config);
    const connections = options.focus.length === 0 ? reach.connections() : focusedConnections(reach, options.focus, lbOptionsOf(result.config));
    await emit(options, io, renderConnections(options.format as ConnectionFormat, connections));
    return load.failures.length > 0 ? EXIT.failure : EXIT.clean;
  }
  if (options.command === 'deps') {
    progress.update(`${load.stats.files} files loaded; checking the declared dependencies`);
    const checks = focusedDependencies(result.model, dependencyChecks(result.model, result.config), options.focus);
    await emit(options, io, renderDeps(options.format as DepsFormat, checks));
    if (load.failures.length > 0) return EXIT.failure;
    // A partly allowed external name is uncertain (its addresses are not in the input), not a failure.
    const fails = (c: (typeof checks)[number]) => c.status === 'blocked' || c.status === 'broken' || (c.status === 'partial' && !c.external);
    return checks.some(fails) ? EXIT.findings : EXIT.clean;
  }
  if (options.command === 'query') {
    progress.update(`${load.stats.files} files loaded; answering the query`);
    const { text, code } = runQuery(reachabilityFor(result.model, result.config), options, lbOptionsOf(result.config));
    await emit(options, io, text);
    return load.failures.length > 0 ? EXIT.failure : code;
  }

  progress.update(`${load.stats.files} files loaded; writing the report`);
  const root = path.resolve(io.cwd, options.sarifRoot ?? findRepoRoot(io.cwd) ?? io.cwd);
  const paths = makePathMapper(io.cwd, root);
  // Fingerprints name files from the repository root, as SARIF URIs do: the same wherever netreach runs.
  let findings = withRepoFingerprints(result.findings, load.texts.keys(), paths.uriFor);
  const notifications: ReportNotification[] = load.failures.map((f) => ({ message: `${f.path}: ${f.message}`, level: 'error' as Level }));
  for (const p of annotationProblems(result.model, allRules.map((r) => r.id))) {
    io.stderr(`${p.at ? `${p.at.file}:${p.at.region.startLine}:${p.at.region.startColumn}: ` : ''}warning: ${p.message}\n`);
    notifications.push({ message: p.message, level: 'warning', ...(p.at ? { file: p.at.file } : {}) });
  }
  if (options.baseline !== undefined) {
    const baseline = await readBaseline(path.resolve(io.cwd, options.baseline), options.baseline);
    if (baseline.withoutFingerprint > 0) {
      const note = `baseline ${options.baseline}: ${baseline.withoutFingerprint} result${baseline.withoutFingerprint === 1 ? ' has' : 's have'} no ${OBJECT_FINGERPRINT_KEY} fingerprint; matched by rule, object and message instead (a changed message makes them new)`;
      if (!options.quiet) io.stderr(`netreach: ${note}\n`);
      notifications.push({ message: note, level: 'note' });
    }
    findings = applyBaseline(findings, baseline);
  }
  const input: ReportInput = {
    findings,
    rules: result.rules,
    texts: load.texts,
    toolVersion: VERSION,
    uriFor: paths.uriFor,
    displayPath: paths.displayPath,
    notifications,
    executionSuccessful: load.failures.length === 0,
    ...(options.maxSarifResults !== undefined ? { maxSarifResults: options.maxSarifResults } : {}),
    ...(options.sarifCategory !== undefined ? { sarifCategory: options.sarifCategory } : {}),
    ...(options.baseline !== undefined ? { baselineApplied: true } : {}),
    ...(githubLinkBase(io.env) !== undefined ? { linkBase: githubLinkBase(io.env)! } : {}),
  };
  let report = render(options.format as ReportFormat, input);
  const color = options.color ?? (io.stdoutIsTTY && options.output === undefined && !io.env.NO_COLOR);
  if (options.format === 'text' && color) report = colorizeText(report);
  await emit(options, io, report);
  if (!options.quiet) io.stderr(`netreach: ${summaryLine(findings)}\n`);

  if (load.failures.length > 0) return EXIT.failure;
  const failOn = options.failOn ?? result.config.failOn ?? 'error';
  // Suppressed findings and those already in the baseline never fail the run.
  return findings.some((f) => isReported(f) && atOrAbove(f.level, failOn)) ? EXIT.findings : EXIT.clean;
}

async function emit(options: CliOptions, io: CliIo, text: string): Promise<void> {
  if (options.output === undefined || options.output === '-') io.stdout(text);
  else await writeFile(path.resolve(io.cwd, options.output), text, 'utf8');
}
