/**
 * The core entry point (publint's `publint()`): paths and options in, a Result out. It never prints;
 * the CLI, tests and any future editor extension are all consumers of it.
 */
import { allRules } from '../rules/index.js';
import { loadConfig } from './config/index.js';
import type { NetreachConfig } from './config/schema.js';
import type { Finding } from './core/finding.js';
import type { RuleDescriptor } from './core/rule-descriptor.js';
import { descriptorOf } from './lint/descriptor.js';
import type { AnyRule } from './lint/define-rule.js';
import { runRules } from './lint/runner.js';
import { configureRules } from './lint/settings.js';
import { loadPaths, loadTexts } from './loader/index.js';
import type { LoadResult } from './loader/types.js';
import { buildModel } from './model/index.js';
import type { Model } from './model/types.js';

export interface AnalyzeOptions {
  /** Files, directories, or `-` for stdin. */
  paths: readonly string[];
  cwd?: string;
  /** `--config FILE`; otherwise netreach.yaml / .netreach.yaml is searched upward from the first path. */
  configFile?: string;
  /** A configuration already loaded (skips the search). */
  config?: NetreachConfig;
  /** Text of stdin when `-` is among the paths. */
  stdinText?: string;
  /** Name for stdin input in locations (`--stdin-filename`). */
  stdinName?: string;
  /** Rules to run (default: all registered rules). */
  rules?: readonly AnyRule[];
}

export interface AnalysisResult {
  config: NetreachConfig;
  load: LoadResult;
  model: Model;
  /** Sorted by file, line, column, rule. */
  findings: readonly Finding[];
  /** The enabled rules, with their effective level as default level. */
  rules: readonly RuleDescriptor[];
}

export async function analyze(options: AnalyzeOptions): Promise<AnalysisResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? (await loadConfig({ cwd, inputs: options.paths, ...(options.configFile ? { configFile: options.configFile } : {}) }));
  const rules = options.rules ?? allRules;
  // Configure first: bad rule options fail before any file is read.
  const enabled = configureRules(rules, config);
  const load = await loadPaths([...options.paths], {
    cwd,
    exclude: [...config.exclude],
    ...(options.stdinText !== undefined ? { stdinText: options.stdinText } : {}),
    ...(options.stdinName !== undefined ? { stdinName: options.stdinName } : {}),
  });
  return finish(config, load, rules, enabled.map((c) => ({ ...descriptorOf(c.rule), defaultLevel: c.level })), cwd);
}

/** In-memory variant for tests and tools: file name → text. */
export function analyzeTexts(files: Readonly<Record<string, string>>, config: NetreachConfig, rules: readonly AnyRule[] = allRules): AnalysisResult {
  const enabled = configureRules(rules, config);
  return finish(config, loadTexts({ ...files }), rules, enabled.map((c) => ({ ...descriptorOf(c.rule), defaultLevel: c.level })));
}

/** `cwd`: what input paths are relative to (netreach.yaml's `suppress[].file` patterns resolve through it). */
function finish(config: NetreachConfig, load: LoadResult, rules: readonly AnyRule[], descriptors: RuleDescriptor[], cwd?: string): AnalysisResult {
  // Findings may point into netreach.yaml (invariants): reporters need its text like any input's.
  if (config.file !== undefined && config.text !== undefined && !load.texts.has(config.file)) load.texts.set(config.file, config.text);
  const model = buildModel(load);
  const findings = runRules(model, rules, config, cwd !== undefined ? { cwd } : {});
  return { config, load, model, findings, rules: descriptors };
}
