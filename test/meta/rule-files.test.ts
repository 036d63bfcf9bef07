/**
 * Every rule is complete (ESLint's checkRuleFiles): its directory holds rule.ts, rule.test.ts,
 * README.md and valid/invalid fixtures; its id is its path; rules/index.ts lists exactly the
 * directories, in order.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { RULE_GROUPS, type AnyRule } from '../../src/lint/define-rule.js';
import { OPTIONS_END, OPTIONS_START } from '../../src/lint/catalog.js';
import { CORRECT_HEADING, GROUP_DIRS, INCORRECT_HEADING, readmeExamples, readText, RULE_DIR_IDS, ruleDir, yamlFiles } from './rules-on-disk.js';

describe('rule directories', () => {
  it('are grouped by the groups of PRODUCT.md §4', () => {
    expect(GROUP_DIRS.filter((g) => !(RULE_GROUPS as readonly string[]).includes(g))).toEqual([]);
  });

  it('exist', () => {
    expect(RULE_DIR_IDS.length).toBeGreaterThan(0);
  });

  describe.each(RULE_DIR_IDS)('%s', (id) => {
    const dir = ruleDir(id);

    it('has rule.ts, rule.test.ts and README.md', () => {
      const missing = ['rule.ts', 'rule.test.ts', 'README.md'].filter((f) => !existsSync(path.join(dir, f)));
      expect(missing, `missing in rules/${id}/`).toEqual([]);
    });

    it('has fixtures/valid and fixtures/invalid with YAML files, each used by rule.test.ts', () => {
      const test = existsSync(path.join(dir, 'rule.test.ts')) ? readText(path.join(dir, 'rule.test.ts')) : '';
      for (const kind of ['valid', 'invalid']) {
        const files = yamlFiles(path.join(dir, 'fixtures', kind));
        expect(files.length, `rules/${id}/fixtures/${kind}/ needs at least one .yaml file`).toBeGreaterThan(0);
        const unused = files.filter((f) => !test.includes(`'${kind}/${f}'`));
        expect(unused, `fixtures of rules/${id}/fixtures/${kind}/ that rule.test.ts never loads`).toEqual([]);
      }
    });

    it('tests the rule with the RuleTester', () => {
      const test = readText(path.join(dir, 'rule.test.ts'));
      expect(test).toMatch(/new RuleTester\(/);
      expect(test).toContain(`.run('${id}',`);
    });

    it('exports a rule whose id is its directory', async () => {
      const mod = (await import(path.join(dir, 'rule.ts'))) as { default?: AnyRule };
      expect(mod.default?.id).toBe(id);
    });

    it('has a README with ❌/✅ examples and an options section', () => {
      const readme = readText(path.join(dir, 'README.md'));
      expect(readme.startsWith(`# ${id}\n`), 'the README starts with `# <id>`').toBe(true);
      const examples = readmeExamples(readme);
      expect(examples.incorrect.length, `a \`\`\`yaml block under "${INCORRECT_HEADING}"`).toBeGreaterThan(0);
      expect(examples.correct.length, `a \`\`\`yaml block under "${CORRECT_HEADING}"`).toBeGreaterThan(0);
      expect(readme).toContain(OPTIONS_START);
      expect(readme).toContain(OPTIONS_END);
    });
  });
});

describe('rules/index.ts', () => {
  it('lists exactly the rule directories, sorted by id', () => {
    expect(allRules.map((r) => r.id)).toEqual(RULE_DIR_IDS);
  });

  it('holds each rule module itself', async () => {
    for (const rule of allRules) {
      const mod = (await import(path.join(ruleDir(rule.id), 'rule.ts'))) as { default: AnyRule };
      expect(mod.default).toBe(rule);
    }
  });

  it('gives every option a description (the README options table is made from it)', () => {
    const undescribed = allRules.flatMap((r) =>
      Object.entries((r.meta.schema ?? {}) as Record<string, { description?: string }>)
        .filter(([, spec]) => !spec.description?.trim())
        .map(([name]) => `${r.id}: ${name}`),
    );
    expect(undescribed).toEqual([]);
  });
});
