/**
 * RuleTester, as strict as ESLint's: both arrays required, duplicate cases, unknown messageIds,
 * data the message does not use and invalid options are rejected when the tests are collected;
 * options arrive frozen; every invalid case pins the exact count, message and region of its findings,
 * and every region must slice back to text in its file. Each case is one vitest `it`.
 *
 * `errors[].path` is the field path as `formatPath` writes it (`spec.ingress[0].from[0].ipBlock.cidr`),
 * the same string fingerprints are made from; `errors[].object` is the object id (`web/NetworkPolicy/a`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe as vitestDescribe, expect, it as vitestIt } from 'vitest';
import { defaultConfig } from '../config/load.js';
import type { ConfigData, NetreachConfig } from '../config/schema.js';
import type { Finding } from '../core/finding.js';
import { compareStrings, formatPath, type Region, type SourceRef } from '../core/source.js';
import { loadPaths, loadTexts } from '../loader/index.js';
import { regionText } from '../loader/region-text.js';
import type { LoadResult } from '../loader/types.js';
import { buildModel } from '../model/index.js';
import type { Model } from '../model/types.js';
import type { AnyRule, Messages, Rule } from './define-rule.js';
import { placeholdersOf, type DataValue } from './message.js';
import { resolveOptions, type RuleOptions } from './options.js';
import { runRules } from './runner.js';

/** File name → text, or bytes (written to a temporary directory and read as files are: encodings, limits). */
export type TestFiles = Readonly<Record<string, string | Uint8Array>>;

export interface ValidCase<O> {
  name: string;
  /** Names appear in findings as they are given here. */
  files: TestFiles;
  /** Options of the rule under test (validated, merged over defaults, frozen). */
  options?: { [K in keyof O]?: O[K] };
}

export interface ExpectedError<M extends Messages> {
  messageId: keyof M & string;
  /** Compared on the keys given (subset match). */
  data?: Readonly<Record<string, DataValue>>;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `formatPath` of the finding's path: `spec.ports[0].port`. */
  path?: string;
  /** Object id: `shop/Service/api`. */
  object?: string;
  /** Needed only when the case has more than one file. */
  file?: string;
}

export interface InvalidCase<M extends Messages, O> extends ValidCase<O> {
  /** Every finding, in the runner's order (file, line, column). */
  errors: readonly ExpectedError<M>[];
}

export interface RuleTests<M extends Messages, O> {
  valid: readonly ValidCase<O>[];
  invalid: readonly InvalidCase<M, O>[];
}

/** The test framework hooks (vitest's by default; the tester's own tests pass recorders). */
export interface TestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>): void;
}

export interface RuleTesterOptions {
  /** Config around the rule under test (ingress controller, external networks …); `rules` is the tester's. */
  config?: Partial<Omit<ConfigData, 'rules'>>;
  api?: TestApi;
}

export class RuleTester {
  readonly #config: Partial<Omit<ConfigData, 'rules'>>;
  readonly #api: TestApi;

  constructor(options: RuleTesterOptions = {}) {
    this.#config = options.config ?? {};
    this.#api = options.api ?? { describe: vitestDescribe, it: vitestIt };
  }

  run<M extends Messages, O extends RuleOptions>(id: string, rule: Rule<M, O>, tests: RuleTests<M, O>): void {
    checkSuite(id, rule, tests);
    const { describe, it } = this.#api;
    describe(id, () => {
      describe('valid', () => {
        for (const c of tests.valid) it(c.name, () => this.#runValid(rule, c));
      });
      describe('invalid', () => {
        for (const c of tests.invalid) it(c.name, () => this.#runInvalid(rule, c as InvalidCase<Messages, unknown>));
      });
    });
  }

  async #lint(rule: AnyRule, c: ValidCase<unknown>): Promise<Finding[]> {
    const config: NetreachConfig = {
      ...defaultConfig(),
      ...this.#config,
      rules: { [rule.id]: { options: (c.options ?? {}) as Record<string, unknown> } },
    };
    const { findings, load } = await lintFiles(c.files, [rule], config);
    for (const f of findings) checkRegions(f, load.texts, config);
    return findings;
  }

  async #runValid(rule: AnyRule, c: ValidCase<unknown>): Promise<void> {
    const findings = await this.#lint(rule, c);
    if (findings.length > 0) {
      throw new Error(`expected no findings, got ${findings.length}:\n${findings.map(describeFinding).join('\n')}`);
    }
  }

  async #runInvalid(rule: AnyRule, c: InvalidCase<Messages, unknown>): Promise<void> {
    const findings = await this.#lint(rule, c);
    const [onlyFile] = Object.keys(c.files);
    if (findings.length !== c.errors.length) {
      throw new Error(
        `expected ${c.errors.length} finding(s), got ${findings.length}:\n` +
          (findings.map(describeFinding).join('\n') || '(none)'),
      );
    }
    const actual = findings.map((f, i) => viewOf(f, c.errors[i]!));
    const expected = c.errors.map((e) => ({
      ...e,
      ...(e.data ? { data: Object.fromEntries(Object.entries(e.data).map(([k, v]) => [k, String(v)])) } : {}),
      file: e.file ?? onlyFile,
    }));
    expect(actual).toEqual(expected);
  }
}

/** What the expected error pins, read off the finding (only the keys the expectation uses). */
function viewOf(f: Finding, e: ExpectedError<Messages>): Record<string, unknown> {
  const r = f.at.region;
  return {
    messageId: f.messageId,
    ...(e.data ? { data: Object.fromEntries(Object.keys(e.data).map((k) => [k, f.data[k]])) } : {}),
    line: r.startLine,
    column: r.startColumn,
    endLine: r.endLine,
    endColumn: r.endColumn,
    ...(e.path !== undefined ? { path: formatPath(f.at.path) } : {}),
    ...(e.object !== undefined ? { object: f.object } : {}),
    file: f.at.file,
  };
}

/** A finding as an `errors` entry, ready to paste into a test. */
function describeFinding(f: Finding): string {
  const r = f.at.region;
  return (
    `  { messageId: '${f.messageId}', line: ${r.startLine}, column: ${r.startColumn}, endLine: ${r.endLine}, ` +
    `endColumn: ${r.endColumn}, path: '${formatPath(f.at.path)}', file: '${f.at.file}' } // ${f.message}`
  );
}

/** Structural checks, at collection time: a malformed suite fails before any case runs. */
function checkSuite<M extends Messages, O extends RuleOptions>(id: string, rule: Rule<M, O>, tests: RuleTests<M, O>): void {
  const fail = (why: string): never => {
    throw new Error(`RuleTester ${id}: ${why}`);
  };
  if (rule.id !== id) fail(`the rule's id is ${rule.id}`);
  if (tests.valid.length === 0) fail('valid cases are required');
  if (tests.invalid.length === 0) fail('invalid cases are required');
  const names = new Set<string>();
  const contents = new Map<string, string>();
  for (const c of [...tests.valid, ...tests.invalid]) {
    if (c.name.trim() === '') fail('every case needs a name');
    if (names.has(c.name)) fail(`duplicate case name ${JSON.stringify(c.name)}`);
    names.add(c.name);
    if (Object.keys(c.files).length === 0) fail(`case ${JSON.stringify(c.name)} has no files`);
    const files = Object.entries(c.files).map(([name, content]) => [name, typeof content === 'string' ? content : Buffer.from(content).toString('base64')]);
    const key = JSON.stringify([files.sort(([a], [b]) => compareStrings(a!, b!)), c.options ?? {}]);
    const twin = contents.get(key);
    if (twin !== undefined) fail(`cases ${JSON.stringify(twin)} and ${JSON.stringify(c.name)} have the same files and options`);
    contents.set(key, c.name);
    // Throws ConfigError on invalid options.
    resolveOptions(rule, c.options ?? {});
  }
  for (const c of tests.invalid) {
    if (c.errors.length === 0) fail(`invalid case ${JSON.stringify(c.name)} lists no errors`);
    const severalFiles = Object.keys(c.files).length > 1;
    for (const e of c.errors) {
      if (severalFiles && e.file === undefined) fail(`case ${JSON.stringify(c.name)} has several files: every error needs its file`);
      const template = Object.hasOwn(rule.meta.messages, e.messageId) ? rule.meta.messages[e.messageId] : undefined;
      if (template === undefined) fail(`case ${JSON.stringify(c.name)}: unknown messageId ${JSON.stringify(e.messageId)}`);
      const placeholders = placeholdersOf(template!);
      for (const key of Object.keys(e.data ?? {})) {
        if (!placeholders.includes(key)) fail(`case ${JSON.stringify(c.name)}: message ${e.messageId} has no placeholder {{${key}}}`);
      }
    }
  }
}

/** The primary and every related/flow location must be one line and cover real text of its file. */
function checkRegions(f: Finding, texts: ReadonlyMap<string, string>, config?: NetreachConfig): void {
  const refs: SourceRef[] = [f.at, ...f.related.map((r) => r.at), ...(f.flow ?? []).map((s) => s.at)];
  for (const ref of refs) {
    const text = texts.get(ref.file) ?? (ref.file === config?.file ? config.text : undefined);
    if (text === undefined) throw new Error(`${f.ruleId}: finding points at ${ref.file}, which is not an input file`);
    const span = sliceRegion(text, ref.region);
    if (!span) {
      const r = ref.region;
      throw new Error(
        `${f.ruleId}: region ${ref.file}:${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn} does not slice back to text (${f.message})`,
      );
    }
  }
}

/** The text a one-line region covers, or undefined when it is empty, multi-line or runs past its line. */
export function sliceRegion(text: string, region: Region): string | undefined {
  if (region.startLine !== region.endLine || region.endColumn <= region.startColumn || region.startColumn < 1) return undefined;
  const span = regionText(text, region).replace(/\r$/, '');
  return span.length === region.endColumn - region.startColumn ? span : undefined;
}

/**
 * Files through loader, model and runner (RuleTester, README examples). Texts are loaded in memory;
 * when any file is bytes, all are written to a temporary directory and loaded from there.
 */
export async function lintFiles(files: TestFiles, rules: readonly AnyRule[], config: NetreachConfig): Promise<LintResult> {
  const load = Object.values(files).every((f) => typeof f === 'string')
    ? loadTexts(files as Record<string, string>)
    : await loadFromDisk(files);
  const model = buildModel(load);
  return { findings: runRules(model, rules, config), load, model };
}

export interface LintResult {
  findings: Finding[];
  load: LoadResult;
  model: Model;
}

async function loadFromDisk(files: TestFiles): Promise<LoadResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'netreach-rule-tester-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    const load = await loadPaths(Object.keys(files), { cwd: dir });
    if (load.failures.length > 0) throw new Error(`cannot load test files: ${JSON.stringify(load.failures)}`);
    return load;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of `rules/<id>/fixtures/<name>`; `dir` is the rule's directory (`import.meta.dirname`). */
export function fixture(dir: string, name: string): string {
  return Buffer.from(fixtureBytes(dir, name)).toString('utf8');
}

/** The bytes of a fixture, for encodings other than UTF-8 (read from disk by the RuleTester, as the CLI would). */
export function fixtureBytes(dir: string, name: string): Uint8Array {
  if (!/^(valid|invalid)\/[^/]+\.ya?ml$/.test(name)) throw new Error(`fixture names are valid/<file>.yaml or invalid/<file>.yaml, not ${name}`);
  return readFileSync(path.join(dir, 'fixtures', name));
}
