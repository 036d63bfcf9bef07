/**
 * Golden tests (np-guard style): every scenario under fixtures/ is analysed into SARIF and compared
 * byte for byte with test/golden/<scenario>.sarif. The SARIF must also pass the official schema and
 * GitHub's ingestion requirements. Update deliberately: `UPDATE_GOLDEN=1 npx vitest run test/golden`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { CONNECTION_FORMATS } from '../../src/reporters/connections.js';
import { githubSarifProblems, validateSarif } from '../support/sarif-validate.js';

const scenarios = readdirSync(path.join(PROJECT_ROOT, 'fixtures'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe.each(scenarios)('fixtures/%s', (scenario) => {
  const goldenFile = path.join(PROJECT_ROOT, 'test/golden', `${scenario}.sarif`);

  it('matches its golden SARIF, which is valid for GitHub code scanning', async () => {
    const result = await runCli(['check', `fixtures/${scenario}`, '--format', 'sarif', '--sarif-root', '.', '--fail-on', 'none']);
    expect(result.code).toBe(0);
    const log = JSON.parse(result.stdout) as unknown;
    expect(validateSarif(log)).toEqual([]);
    const texts = new Map<string, string>();
    for (const f of listFiles(path.join(PROJECT_ROOT, 'fixtures', scenario))) {
      texts.set(path.relative(PROJECT_ROOT, f).split(path.sep).join('/'), readFileSync(f, 'utf8'));
    }
    expect(githubSarifProblems(log, texts)).toEqual([]);

    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenFile, result.stdout);
    expect(existsSync(goldenFile), `no ${path.relative(PROJECT_ROOT, goldenFile)}: run UPDATE_GOLDEN=1 npx vitest run test/golden`).toBe(true);
    expect(result.stdout).toBe(readFileSync(goldenFile, 'utf8'));
  });

  // Issue 3: the connection list of every fixture is pinned in every format.
  it.each(CONNECTION_FORMATS)('matches its golden connection list (%s)', async (format) => {
    const result = await runCli(['connections', `fixtures/${scenario}`, '--format', format]);
    expect(result.code).toBe(0);
    const golden = path.join(PROJECT_ROOT, 'test/golden/connections', `${scenario}.${format}`);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(path.dirname(golden), { recursive: true });
      writeFileSync(golden, result.stdout);
    }
    expect(existsSync(golden), `no ${path.relative(PROJECT_ROOT, golden)}: run UPDATE_GOLDEN=1 npx vitest run test/golden`).toBe(true);
    expect(result.stdout).toBe(readFileSync(golden, 'utf8'));
  });

  it('puts every result on the field it names, never on a placeholder line 1', async () => {
    const result = await runCli(['check', `fixtures/${scenario}`, '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(result.stdout) as { findings: { location: { file: string; line: number; column: number; endColumn: number; path: string }; ruleId: string }[] };
    for (const f of report.findings) {
      const text = readFileSync(path.join(PROJECT_ROOT, f.location.file), 'utf8');
      const line = text.split(/\r?\n/)[f.location.line - 1] ?? '';
      const span = line.slice(f.location.column - 1, f.location.endColumn - 1);
      expect(span.trim(), `${f.ruleId} at ${f.location.file}:${f.location.line}:${f.location.column}`).not.toBe('');
    }
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listFiles(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}
