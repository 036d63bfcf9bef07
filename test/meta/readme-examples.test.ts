/** README examples run as tests (typescript-eslint): ❌ blocks report the rule, ✅ blocks stay clean. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { defaultConfig, parseConfig } from '../../src/config/load.js';
import { lintFiles } from '../../src/lint/rule-tester.js';
import { exampleFile, readmeExamples, readText, ruleDir, type Example } from './rules-on-disk.js';

describe.each(allRules.map((rule) => [rule.id, rule] as const))('%s README', (id, rule) => {
  // A missing README is reported by rule-files.test.ts.
  const readme = path.join(ruleDir(id), 'README.md');
  const examples = readmeExamples(existsSync(readme) ? readText(readme) : '');
  const config = examples.config === undefined ? defaultConfig() : parseConfig(examples.config, 'netreach.yaml');
  const messages = async (example: Example) => {
    const { findings } = await lintFiles({ 'example.yaml': exampleFile(example) }, [rule], { ...config, rules: {} });
    return findings.filter((f) => f.ruleId === id).map((f) => f.message);
  };

  it.each(examples.incorrect.map((example, i) => [i + 1, example] as const))('❌ example %i reports the rule', async (_i, example) => {
    expect((await messages(example)).length).toBeGreaterThan(0);
  });

  it.each(examples.correct.map((example, i) => [i + 1, example] as const))('✅ example %i is clean', async (_i, example) => {
    expect(await messages(example)).toEqual([]);
  });
});
