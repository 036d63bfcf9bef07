/**
 * A small stand-in for the GitHub Actions runner, enough to execute action.yml's bash steps locally:
 * inputs with their defaults, `${{ }}` expressions over inputs / github / runner / steps, step `if:`,
 * `env:`, `working-directory:`, the `bash --noprofile --norc -eo pipefail` invocation GitHub uses for
 * `shell: bash`, and the $GITHUB_OUTPUT / $GITHUB_STEP_SUMMARY files. `uses:` steps are recorded with
 * their evaluated `with:`, not run. Anything else in an expression throws, so the action cannot drift
 * into syntax this stand-in would silently misread.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

export interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionFile {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepResult {
  name: string;
  status: 'success' | 'failure' | 'skipped';
  exitCode?: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** `uses:` steps: the evaluated inputs they would have been given. */
  with?: Record<string, string>;
}

export interface ActionRun {
  ok: boolean;
  steps: StepResult[];
  outputs: Record<string, string>;
  summary: string;
}

export function loadAction(file: string): ActionFile {
  return parse(readFileSync(file, 'utf8')) as ActionFile;
}

type Context = Record<string, unknown>;

function lookup(ctx: Context, dotted: string): string {
  let value: unknown = ctx;
  for (const part of dotted.split('.')) {
    if (value === null || typeof value !== 'object' || !(part in value)) return '';
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined ? '' : String(value);
}

/** The expression forms action.yml uses: a context path, or a path compared with a string literal. */
export function evaluate(expr: string, ctx: Context): string {
  const e = expr.trim();
  const path_ = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)+$/;
  if (path_.test(e)) return lookup(ctx, e);
  const cmp = /^(\S+)\s*(==|!=)\s*'([^']*)'$/.exec(e);
  if (cmp && path_.test(cmp[1]!)) {
    // GitHub compares strings case-insensitively.
    const equal = lookup(ctx, cmp[1]!).toLowerCase() === cmp[3]!.toLowerCase();
    return String(cmp[2] === '==' ? equal : !equal);
  }
  throw new Error(`expression not supported by the test runner: ${expr}`);
}

export function interpolate(text: string, ctx: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => evaluate(expr, ctx));
}

/** $GITHUB_OUTPUT: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]!);
      out[heredoc[1]!] = body.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

export function runAction(
  action: ActionFile,
  options: { actionPath: string; workspace: string; inputs: Record<string, string> },
): ActionRun {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'netreach-runner-'));
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = spec.default ?? '';
  for (const [name, value] of Object.entries(options.inputs)) {
    if (!(name in action.inputs)) throw new Error(`unknown input ${name}`);
    inputs[name] = value;
  }
  const stepsCtx: Record<string, { outputs: Record<string, string> }> = {};
  const ctx: Context = {
    inputs,
    github: { action_path: options.actionPath, workspace: options.workspace },
    runner: { temp },
    steps: stepsCtx,
  };
  const summaryFile = path.join(temp, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const results: StepResult[] = [];
  let failed = false;

  action.runs.steps.forEach((step, index) => {
    const name = step.name ?? step.id ?? `step ${index + 1}`;
    // The implicit condition of a step is success(): nothing before it failed.
    const wanted = !failed && (step.if === undefined || evaluate(step.if, ctx) === 'true');
    if (!wanted) {
      results.push({ name, status: 'skipped', stdout: '', stderr: '', outputs: {} });
      return;
    }
    if (step.uses !== undefined) {
      const withArgs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      results.push({ name, status: 'success', stdout: '', stderr: '', outputs: {}, with: withArgs });
      return;
    }
    if (step.shell !== 'bash' || step.run === undefined) throw new Error(`step ${name}: only bash run steps are emulated`);
    const script = path.join(temp, `step-${index}.sh`);
    writeFileSync(script, interpolate(step.run, ctx));
    const outputFile = path.join(temp, `output-${index}`);
    writeFileSync(outputFile, '');
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: options.workspace,
      RUNNER_TEMP: temp,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(String(v), ctx);
    const cwd = path.resolve(options.workspace, interpolate(step['working-directory'] ?? '.', ctx));
    const proc = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8' });
    const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
    if (step.id !== undefined) stepsCtx[step.id] = { outputs };
    const status = proc.status === 0 ? 'success' : 'failure';
    if (status === 'failure') failed = true;
    results.push({ name, status, exitCode: proc.status ?? -1, stdout: proc.stdout, stderr: proc.stderr, outputs });
  });

  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, spec]) => [k, interpolate(spec.value, ctx)]));
  return { ok: !failed, steps: results, outputs, summary: readFileSync(summaryFile, 'utf8') };
}
