/**
 * Issue 7: `netreach diff BASE HEAD`. test/fixtures/diff/{base,head} are two versions of one small
 * cluster; HEAD changes the NetworkPolicies (opens TCP 9090 to shop/api, closes TCP 5433 on shop/db,
 * admits 0.0.0.0/0 instead of 10.0.0.0/8 to namespace web), fixes a Service selector and so fixes one
 * finding while the internet exposure adds another.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { validateSarif } from '../support/sarif-validate.js';
import { run } from '../../src/cli/main.js';

const BASE = 'test/fixtures/diff/base';
const HEAD = 'test/fixtures/diff/head';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const EXPECTED_CONNECTION_LINES = {
  exposure: [
    '0.0.0.0-9.255.255.255[External] => web/site[Deployment] : TCP 80',
    '11.0.0.0-255.255.255.255[External] => web/site[Deployment] : TCP 80',
  ],
  changed: [
    'shop/api[Deployment] => shop/db[Deployment] : TCP 5432 (was TCP 5432-5433; closed TCP 5433)',
    'shop/frontend[Deployment] => shop/api[Deployment] : TCP 8080,9090 (was TCP 8080; opened TCP 9090)',
  ],
};

/** The text report for files shown as `<dir>/policies.yaml` and `<baseDir>/services.yaml`. */
function expectedText(base: string, head: string, headDir: string, baseDir: string): string[] {
  return [
    `netreach diff ${base} → ${head}: 2 new exposures, 0 connections added, 0 removed, 2 changed, 1 new finding, 1 fixed`,
    '',
    'New exposure (2)',
    '  namespace web is newly reachable from the internet',
    '  workload web/site[Deployment] is newly reachable from the internet',
    ...EXPECTED_CONNECTION_LINES.exposure.map((l) => `  ${l}`),
    '',
    'Connections added (0)',
    '',
    'Connections removed (0)',
    '',
    'Connections changed (2)',
    ...EXPECTED_CONNECTION_LINES.changed.map((l) => `  ${l}`),
    '',
    'New findings (1)',
    `  ${headDir}policies.yaml:51:19: warning: Deployment web/site is reachable from the internet on TCP 80: ipBlock 0.0.0.0/0 of spec.ingress[0].from[0] in NetworkPolicy web/site-ingress admits public addresses. [netpol/internet-exposed]`,
    '',
    'Fixed findings (1)',
    expect.stringMatching(new RegExp(`^  ${baseDir.replace(/[/.]/g, '\\$&')}services\\.yaml:18:3: warning: Service shop/db: selector app=database matches .* \\[service/selector-matches-nothing\\]$`)) as unknown as string,
    '',
  ];
}

describe('netreach diff BASE HEAD (directories)', () => {
  it('text: exactly the connections the changed policies open and close, and the new and fixed findings', async () => {
    const r = await runCli(['diff', BASE, HEAD]);
    expect(r.stdout.split('\n')).toEqual(expectedText(BASE, HEAD, `${HEAD}/`, `${BASE}/`));
    expect(r.stderr).toBe('netreach: 2 new exposures, 0 connections added, 0 removed, 2 changed, 1 new finding, 1 fixed\n');
    // The new finding is a warning; the default --fail-on is error, and exposure fails only when asked.
    expect(r.code).toBe(0);
  });

  it('json: the documented shape, each change in one section', async () => {
    const r = await runCli(['diff', BASE, HEAD, '--format', 'json']);
    const json = JSON.parse(r.stdout) as Record<string, any>;
    expect(json.summary).toEqual({ newExposure: 2, connectionsAdded: 0, connectionsRemoved: 0, connectionsChanged: 2, newFindings: 1, fixedFindings: 1 });
    expect(json.newExposure.namespaces).toEqual(['web']);
    expect(json.newExposure.workloads).toEqual(['web/site[Deployment]']);
    const site = { type: 'workload', namespace: 'web', name: 'site', kind: 'Deployment' };
    const tcp80 = { all: false, TCP: '80' };
    const none = { all: false };
    expect(json.newExposure.connections).toEqual([
      { change: 'added', src: { type: 'external', range: '0.0.0.0-9.255.255.255', internet: true }, dst: site, base: none, head: tcp80, opened: tcp80, closed: none },
      { change: 'added', src: { type: 'external', range: '11.0.0.0-255.255.255.255', internet: true }, dst: site, base: none, head: tcp80, opened: tcp80, closed: none },
    ]);
    const w = (name: string) => ({ type: 'workload', namespace: 'shop', name, kind: 'Deployment' });
    expect(json.connectionsChanged).toEqual([
      { change: 'changed', src: w('api'), dst: w('db'), base: { all: false, TCP: '5432-5433' }, head: { all: false, TCP: '5432' }, opened: none, closed: { all: false, TCP: '5433' } },
      { change: 'changed', src: w('frontend'), dst: w('api'), base: { all: false, TCP: '8080' }, head: { all: false, TCP: '8080,9090' }, opened: { all: false, TCP: '9090' }, closed: none },
    ]);
    expect(json.connectionsAdded).toEqual([]);
    expect(json.connectionsRemoved).toEqual([]);
    expect(json.newFindings.map((f: any) => [f.ruleId, f.file, f.line, f.column, f.object])).toEqual([['netpol/internet-exposed', `${HEAD}/policies.yaml`, 51, 19, 'web/Deployment/site']]);
    expect(json.fixedFindings.map((f: any) => [f.ruleId, f.file, f.line, f.column, f.object])).toEqual([['service/selector-matches-nothing', `${BASE}/services.yaml`, 18, 3, 'shop/Service/db']]);
  });

  it('markdown: a summary table, then the sections', async () => {
    const r = await runCli(['diff', BASE, HEAD, '--format', 'markdown']);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 11)).toEqual([
      `### netreach diff test/fixtures/diff/base → test/fixtures/diff/head`,
      '',
      '| Change | Count |',
      '| --- | ---: |',
      '| **New exposure** | 2 |',
      '| Connections added | 0 |',
      '| Connections removed | 0 |',
      '| Connections changed | 2 |',
      '| New findings | 1 |',
      '| Fixed findings | 1 |',
      '',
    ]);
    expect(r.stdout).toContain(['#### New exposure (2)', '', '- namespace web is newly reachable from the internet', '- workload web/site\\[Deployment\\] is newly reachable from the internet', '', '```text', ...EXPECTED_CONNECTION_LINES.exposure, '```'].join('\n'));
    expect(r.stdout).toContain(['#### Connections changed (2)', '', '```text', ...EXPECTED_CONNECTION_LINES.changed, '```'].join('\n'));
    expect(r.stdout).toContain(`- [test/fixtures/diff/head/policies.yaml:51:19](test/fixtures/diff/head/policies.yaml#L51) **warning** Deployment web/site`);
    expect(r.stdout).not.toContain('Connections added (');
  });

  it('sarif: the new findings only, valid for code scanning', async () => {
    const r = await runCli(['diff', BASE, HEAD, '--format', 'sarif']);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; baselineState: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(validateSarif(log)).toEqual([]);
    const results = log.runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.baselineState, x.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
      ['netpol/internet-exposed', 'new', 'test/fixtures/diff/head/policies.yaml'],
    ]);
  });

  it('exit codes: --fail-on for new findings, --fail-on-exposure for new exposure', async () => {
    expect((await runCli(['diff', BASE, HEAD, '--fail-on', 'warning'])).code).toBe(1);
    expect((await runCli(['diff', BASE, HEAD, '--fail-on-exposure'])).code).toBe(1);
    // Going back closes the exposure (no exposure to fail on) but brings the Service warning back.
    const back = await runCli(['diff', HEAD, BASE, '--fail-on-exposure']);
    expect(back.code).toBe(0);
    expect((await runCli(['diff', HEAD, BASE, '--fail-on', 'warning'])).code).toBe(1);
    expect(back.stdout).toContain('Connections removed (2)\n  0.0.0.0-9.255.255.255[External] => web/site[Deployment] : TCP 80\n  11.0.0.0-255.255.255.255[External] => web/site[Deployment] : TCP 80\n');
    expect(back.stdout).toContain('New exposure (0)\n\n');
  });

  it('the same version twice: no change', async () => {
    const r = await runCli(['diff', BASE, BASE, '--format', 'markdown']);
    expect(r.stdout).toContain('No change in connections or findings.');
    expect(r.code).toBe(0);
  });

  it('-- PATH… restricts both versions to those paths', async () => {
    const r = await runCli(['diff', BASE, HEAD, '--format', 'json', '--', 'workloads.yaml', 'policies.yaml']);
    const json = JSON.parse(r.stdout) as { summary: Record<string, number> };
    // Without services.yaml, the fixed Service finding is out of scope; the connections are the same.
    expect(json.summary).toEqual({ newExposure: 2, connectionsAdded: 0, connectionsRemoved: 0, connectionsChanged: 2, newFindings: 1, fixedFindings: 0 });
  });

  it.each([
    [['diff', BASE], 'diff needs two versions'],
    [['diff', BASE, HEAD, 'extra'], 'diff needs two versions'],
    [['diff', BASE, 'no-such-dir-or-ref'], 'no-such-dir-or-ref'],
    [['diff', BASE, `${HEAD}/policies.yaml`], 'is a file'],
    [['diff', BASE, HEAD, '--baseline', 'x.sarif'], '--baseline is an option of check'],
    [['diff', BASE, HEAD, '--format', 'csv'], '--format csv is not available for diff'],
    [['check', '--fail-on-exposure'], '--fail-on-exposure is an option of diff'],
    [['diff', BASE, HEAD, '--', 'nope.yaml'], 'nope.yaml: in neither test/fixtures/diff/base nor test/fixtures/diff/head'],
  ])('usage error: %j', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

const hasGit = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasGit)('netreach diff REF REF (git)', () => {
  function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=netreach', '-c', 'user.email=netreach@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  }

  /** A repository whose k8s/ holds BASE in the first commit and HEAD in the second. */
  function repo(): string {
    const root = mkdtempSync(path.join(tmpdir(), 'netreach-diff-test-'));
    temps.push(root);
    git(root, 'init', '-q');
    mkdirSync(path.join(root, 'k8s'));
    cpSync(path.join(PROJECT_ROOT, BASE), path.join(root, 'k8s'), { recursive: true });
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'base');
    cpSync(path.join(PROJECT_ROOT, HEAD), path.join(root, 'k8s'), { recursive: true });
    git(root, 'commit', '-q', '-a', '-m', 'head');
    return root;
  }

  it('HEAD~1 HEAD from the repository root: the same diff, paths from the root', async () => {
    const root = repo();
    const r = await runCli(['diff', 'HEAD~1', 'HEAD'], { cwd: root });
    expect(r.stdout.split('\n')).toEqual(expectedText('HEAD~1', 'HEAD', 'k8s/', 'k8s/'));
    // The working tree is untouched.
    expect(git(root, 'status', '--porcelain')).toBe('');
  });

  it('from a subdirectory: that part of the tree, paths from there, SARIF URIs from the root', async () => {
    const root = repo();
    const cwd = path.join(root, 'k8s');
    const text = await runCli(['diff', 'HEAD~1', 'HEAD'], { cwd });
    expect(text.stdout.split('\n')).toEqual(expectedText('HEAD~1', 'HEAD', '', ''));
    const sarif = JSON.parse((await runCli(['diff', 'HEAD~1', 'HEAD', '--format', 'sarif'], { cwd })).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['k8s/policies.yaml']);
  });

  it('a ref that is not a commit is a usage error', async () => {
    const root = repo();
    const r = await runCli(['diff', 'HEAD~1', 'no-such-branch'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-branch is neither a directory nor a commit');
  });

  it('outside a repository a ref is a usage error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'netreach-diff-norepo-'));
    temps.push(dir);
    const r = await runCli(['diff', 'HEAD~1', 'HEAD'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not inside a git repository');
  });
});

describe('progress on stderr', () => {
  async function runWith(stderrIsTTY: boolean | undefined, env: Record<string, string> = {}, argv = ['diff', BASE, HEAD, '--quiet']) {
    let stderr = '';
    let stdout = '';
    const code = await run(argv, {
      cwd: PROJECT_ROOT,
      env,
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readStdin: async () => '',
      stdoutIsTTY: false,
      ...(stderrIsTTY !== undefined ? { stderrIsTTY } : {}),
    });
    return { code, stderr, stdout };
  }

  it('on a terminal: the phases on one rewritten line, erased at the end; stdout unchanged', async () => {
    const tty = await runWith(true, {}, ['diff', BASE, HEAD]);
    expect(tty.stderr).toMatch(/^\r\x1b\[Knetreach: opening test\/fixtures\/diff\/base/);
    expect(tty.stderr).toContain('\r\x1b[Knetreach: analysing test/fixtures/diff/head (HEAD)');
    expect(tty.stderr).toContain('\r\x1b[Knetreach: comparing connections');
    // Erased before the summary line, and nothing left after it.
    expect(tty.stderr).toMatch(/\r\x1b\[Knetreach: 2 new exposures, [^\r\x1b]*\n$/);
    expect(tty.stdout).toBe((await runWith(false)).stdout);
  });

  it('check on a terminal: before and after analysis', async () => {
    const tty = await runWith(true, {}, ['check', 'fixtures/shop-netpol']);
    expect(tty.stderr).toContain('netreach: loading files, building the model, running the rules');
    expect(tty.stderr).toMatch(/netreach: \d+ files loaded/);
    // The summary line comes after the erased progress line, alone on its line.
    expect(tty.stderr).toMatch(/\r\x1b\[Knetreach: \d+ errors?, \d+ warnings?, \d+ notes?[^\r\x1b]*\n$/);
  });

  it('silent when stderr is not a terminal (or not said), in CI, or with --quiet', async () => {
    expect((await runWith(undefined)).stderr).toBe('');
    expect((await runWith(false)).stderr).toBe('');
    expect((await runWith(true, { CI: 'true' })).stderr).toBe('');
    expect((await runWith(true, {}, ['diff', BASE, HEAD, '--quiet'])).stderr).toBe('');
  });
});
