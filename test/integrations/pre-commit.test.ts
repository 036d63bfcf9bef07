/**
 * .pre-commit-hooks.yaml against pre-commit's manifest schema (pre_commit/clientlib.py,
 * MANIFEST_HOOK_DICT): id, name, entry and language required; only known keys; types as declared.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../support/run-cli.js';

const REQUIRED = ['id', 'name', 'entry', 'language'] as const;
const STRINGS = ['alias', 'files', 'exclude', 'description', 'language_version', 'log_file', 'minimum_pre_commit_version'];
const BOOLEANS = ['always_run', 'fail_fast', 'pass_filenames', 'require_serial', 'verbose'];
const ARRAYS = ['types', 'types_or', 'exclude_types', 'additional_dependencies', 'args', 'stages'];

const hooks = parse(readFileSync(path.join(PROJECT_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

describe('.pre-commit-hooks.yaml', () => {
  it('is a list of hooks that satisfy the manifest schema', () => {
    expect(Array.isArray(hooks)).toBe(true);
    expect(hooks.length).toBeGreaterThan(0);
    for (const hook of hooks) {
      for (const key of REQUIRED) expect(typeof hook[key], `${String(hook['id'])}.${key}`).toBe('string');
      for (const [key, value] of Object.entries(hook)) {
        const kind = (REQUIRED as readonly string[]).includes(key) || STRINGS.includes(key) ? 'string' : BOOLEANS.includes(key) ? 'boolean' : ARRAYS.includes(key) ? 'array' : 'unknown';
        expect(kind, `unknown key ${key}`).not.toBe('unknown');
        expect(Array.isArray(value) ? 'array' : typeof value, key).toBe(kind);
      }
      // `files` is a Python regular expression; this one is also valid JavaScript.
      if (typeof hook['files'] === 'string') expect(() => new RegExp(hook['files'] as string)).not.toThrow();
    }
    expect(new Set(hooks.map((h) => h['id'])).size).toBe(hooks.length);
  });

  it('runs the package bin on the whole repository when a YAML or JSON file changes', () => {
    const hook = hooks.find((h) => h['id'] === 'netreach')!;
    expect(hook['language']).toBe('node');
    expect(hook['entry']).toBe('netreach check');
    expect(Object.keys(pkg.bin)).toContain('netreach');
    expect(hook['pass_filenames']).toBe(false);
    const files = new RegExp(hook['files'] as string);
    for (const f of ['k8s/app.yaml', 'a.yml', 'infra/vpc.json']) expect(files.test(f), f).toBe(true);
    for (const f of ['README.md', 'main.ts', 'yaml.txt']) expect(files.test(f), f).toBe(false);
  });
});
