/**
 * Issue 7: `check --baseline`, suppressions, and fingerprints that survive moved lines and the way the
 * input was named. Every test works on a copy of a fixture in a temporary "repository" (a `.git`
 * directory marks its root, as in a checkout).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { validateSarif } from '../support/sarif-validate.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository root with the fixture's files under `sub` (or at the root). */
function repoWith(fixture: string, sub = ''): string {
  const root = mkdtempSync(path.join(tmpdir(), 'netreach-baseline-'));
  temps.push(root);
  mkdirSync(path.join(root, '.git'));
  cpSync(path.join(PROJECT_ROOT, 'fixtures', fixture), path.join(root, sub), { recursive: true });
  return root;
}

interface SarifResultLike {
  ruleId: string;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  baselineState?: string;
  suppressions?: { kind: string; status?: string; justification?: string; location?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } } }[];
}

function resultsOf(sarif: string): SarifResultLike[] {
  const log = JSON.parse(sarif) as { runs: { results: SarifResultLike[] }[] };
  expect(validateSarif(log)).toEqual([]);
  return log.runs[0]!.results;
}

/** Moves every line of every YAML file down: comments and blank lines at the top and after each `---`. */
function shiftLines(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `# moved down\n\n# by a comment\n${text.replace(/^---$/gm, '---\n# shifted\n\n')}`);
  }
}

const NEW_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: storefront
spec:
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      containers:
        - name: cart
          image: example/cart:1
`;

describe('check --baseline', () => {
  it('round trip: its own SARIF as baseline reports nothing, still nothing after every line moved, and a new defect is reported', async () => {
    const root = repoWith('shop-netpol');
    const base = await runCli(['check', '.', '--format', 'sarif', '--output', 'base.sarif', '--fail-on', 'none'], { cwd: root });
    expect(base.code).toBe(0);
    const baseResults = resultsOf(readFileSync(path.join(root, 'base.sarif'), 'utf8'));
    expect(baseResults.filter((r) => r.level === 'error').length).toBeGreaterThan(0);

    // Without the baseline the errors fail the run; with it, nothing is reported and the exit code is 0.
    expect((await runCli(['check', '.'], { cwd: root })).code).toBe(1);
    const again = await runCli(['check', '.', '--baseline', 'base.sarif'], { cwd: root });
    expect(again).toMatchObject({ code: 0, stdout: '' });
    expect(again.stderr).toBe(`netreach: 0 errors, 0 warnings, 0 notes, ${baseResults.length} unchanged since the baseline\n`);

    shiftLines(root);
    const moved = await runCli(['check', '.', '--format', 'sarif', '--baseline', 'base.sarif'], { cwd: root });
    expect(moved.code).toBe(0);
    const movedResults = resultsOf(moved.stdout);
    expect(movedResults).toHaveLength(baseResults.length);
    // The lines did move (and so did GitHub's line hash), yet every result is unchanged.
    const line = (r: SarifResultLike) => r.locations[0]!.physicalLocation.region.startLine;
    const byFp = new Map(baseResults.map((r) => [r.partialFingerprints['netreachObject/v1'], r]));
    for (const r of movedResults) {
      expect(r.baselineState).toBe('unchanged');
      expect(line(r)).toBeGreaterThan(line(byFp.get(r.partialFingerprints['netreachObject/v1'])!));
    }
    for (const format of ['text', 'github', 'markdown'] as const) {
      const out = await runCli(['check', '.', '--format', format, '--baseline', 'base.sarif'], { cwd: root });
      expect(out.code).toBe(0);
      if (format !== 'markdown') expect(out.stdout).toBe('');
      else expect(out.stdout).toContain('No findings.');
    }
    const json = JSON.parse((await runCli(['check', '.', '--format', 'json', '--baseline', 'base.sarif'], { cwd: root })).stdout);
    expect(json.findings).toEqual([]);
    expect(json.summary).toEqual({ error: 0, warning: 0, note: 0, suppressed: 0, unchanged: baseResults.length });

    // A defect added after the baseline: only it is reported, and it fails the run.
    writeFileSync(path.join(root, 'cart.yaml'), NEW_DEPLOYMENT);
    const added = await runCli(['check', '.', '--baseline', 'base.sarif'], { cwd: root });
    expect(added.code).toBe(1);
    const lines = added.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    // It is about the new Deployment (reported where the policy that isolates it sits).
    for (const l of lines) expect(l).toMatch(/^\S+\.yaml:\d+:\d+: (error|warning|note): Deployment storefront\/cart /);
    const sarif = resultsOf((await runCli(['check', '.', '--format', 'sarif', '--baseline', 'base.sarif', '--fail-on', 'none'], { cwd: root })).stdout);
    // SARIF keeps the unchanged results (code scanning would close their alerts otherwise), each marked.
    expect(sarif.filter((r) => r.baselineState === 'unchanged')).toHaveLength(baseResults.length);
    expect(sarif.filter((r) => r.baselineState === 'new')).toHaveLength(lines.length);
    expect(sarif.every((r) => r.baselineState !== undefined)).toBe(true);
  });

  it('falls back to rule, object and message for results without a netreachObject/v1 fingerprint, and says so', async () => {
    const root = repoWith('shop-netpol');
    const base = JSON.parse((await runCli(['check', '.', '--format', 'sarif', '--fail-on', 'none'], { cwd: root })).stdout);
    for (const r of base.runs[0].results) delete r.partialFingerprints['netreachObject/v1'];
    writeFileSync(path.join(root, 'old.sarif'), JSON.stringify(base));
    const n = base.runs[0].results.length;
    const run = await runCli(['check', '.', '--baseline', 'old.sarif'], { cwd: root });
    expect(run).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain(`netreach: baseline old.sarif: ${n} results have no netreachObject/v1 fingerprint; matched by rule, object and message instead`);
  });

  it('does not count results the baseline shows as suppressed', async () => {
    const root = repoWith('shop-netpol');
    const base = JSON.parse((await runCli(['check', '.', '--format', 'sarif', '--fail-on', 'none'], { cwd: root })).stdout);
    for (const r of base.runs[0].results) r.suppressions = [{ kind: 'external', status: 'accepted' }];
    writeFileSync(path.join(root, 'suppressed.sarif'), JSON.stringify(base));
    const run = await runCli(['check', '.', '--baseline', 'suppressed.sarif', '--fail-on', 'none'], { cwd: root });
    expect(run.stdout.trim().split('\n')).toHaveLength(base.runs[0].results.length);
  });

  it.each([
    ['missing.sarif', undefined, 'netreach: cannot read baseline missing.sarif: no such file\n'],
    ['bad.sarif', '{ not json', /^netreach: baseline bad\.sarif is not JSON: /],
    ['other.sarif', JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'kube-linter' } }, results: [] }] }), 'netreach: baseline other.sarif has no netreach run (write it with: netreach check --format sarif)\n'],
    ['list.sarif', '[]', 'netreach: baseline list.sarif is not a SARIF log (no runs array)\n'],
  ])('exits 2 when the baseline %s cannot be used', async (name, content, message) => {
    const root = repoWith('shop-netpol');
    if (content !== undefined) writeFileSync(path.join(root, name), content);
    const run = await runCli(['check', '.', '--baseline', name], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    if (typeof message === 'string') expect(run.stderr).toBe(message);
    else expect(run.stderr).toMatch(message);
  });

  it('is an option of check only', async () => {
    const run = await runCli(['connections', 'fixtures/shop-netpol', '--baseline', 'x.sarif']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--baseline is an option of check, not of connections');
  });
});

describe('fingerprints', () => {
  /** fingerprint → object, of the JSON output. */
  async function fingerprints(argv: string[], cwd: string): Promise<Map<string, string>> {
    const run = await runCli(['check', ...argv, '--format', 'json', '--fail-on', 'none'], { cwd });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { fingerprint: string; object: string }[] };
    return new Map(report.findings.map((f) => [f.fingerprint, f.object]));
  }

  it('do not depend on the working directory or on how the paths were spelt (infrastructure keys embed the file)', async () => {
    const root = repoWith('eks-infra', 'infra');
    const fromRoot = await fingerprints(['infra'], root);
    const spelt = await fingerprints(['./infra/'], root);
    const dot = await fingerprints(['.'], root);
    const fromSub = await fingerprints(['.'], path.join(root, 'infra'));
    const fromSubFile = await fingerprints(['vpc-stack.yaml', 'cluster.yaml', 'aws-node.yaml'], path.join(root, 'infra'));
    expect(fromRoot.size).toBeGreaterThan(0);
    // The object ids name the template as the working directory sees it …
    expect([...fromRoot.values()].some((o) => o.includes('cfn:infra/vpc-stack.yaml#'))).toBe(true);
    expect([...fromSub.values()].some((o) => o.includes('cfn:vpc-stack.yaml#'))).toBe(true);
    // … the fingerprints do not.
    for (const other of [spelt, dot, fromSub, fromSubFile]) expect([...other.keys()].sort()).toEqual([...fromRoot.keys()].sort());
  });

  it('a baseline written at the root applies in a subdirectory', async () => {
    const root = repoWith('eks-infra', 'infra');
    await runCli(['check', 'infra', '--format', 'sarif', '--output', 'base.sarif', '--fail-on', 'none'], { cwd: root });
    const run = await runCli(['check', '.', '--baseline', '../base.sarif'], { cwd: path.join(root, 'infra') });
    expect(run).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('suppressions', () => {
  const ANNOTATED = (value: string, extra = '') =>
    `metadata:\n  name: prometheus\n  namespace: monitoring\n  annotations:\n    netreach.io/ignore: ${JSON.stringify(value)}\n${extra}`;

  function annotate(root: string, value: string, extra = ''): void {
    const file = path.join(root, 'monitoring.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('metadata:\n  name: prometheus\n  namespace: monitoring\n', ANNOTATED(value, extra)));
  }

  it('an annotation silences its rules on its object: not printed, not counted, carried in JSON and in SARIF (inSource)', async () => {
    const root = repoWith('shop-netpol');
    annotate(root, 'netpol/not-isolated: scraped by every namespace, by design');
    const text = await runCli(['check', '.', '--fail-on', 'note'], { cwd: root });
    expect(text.stdout).not.toContain('monitoring/prometheus');
    expect(text.stderr).toBe('netreach: 3 errors, 3 warnings, 3 notes, 2 suppressed\n');

    const json = JSON.parse((await runCli(['check', '.', '--format', 'json', '--fail-on', 'none'], { cwd: root })).stdout);
    const suppressed = json.findings.filter((f: { suppressed?: unknown }) => f.suppressed);
    expect(suppressed).toHaveLength(2);
    expect(suppressed[0].suppressed).toEqual({
      kind: 'inSource',
      reason: 'scraped by every namespace, by design',
      location: { file: 'monitoring.yaml', line: 7, column: 25, endLine: 7, endColumn: 85, path: 'metadata.annotations["netreach.io/ignore"]' },
    });
    expect(json.summary).toEqual({ error: 3, warning: 3, note: 3, suppressed: 2 });

    const results = resultsOf((await runCli(['check', '.', '--format', 'sarif', '--fail-on', 'none'], { cwd: root })).stdout);
    // SARIF §3.27.23: once one result has suppressions, all do ([] = evaluated, not suppressed).
    expect(results.every((r) => Array.isArray(r.suppressions))).toBe(true);
    const silenced = results.filter((r) => r.suppressions!.length > 0);
    expect(silenced.map((r) => r.ruleId)).toEqual(['netpol/not-isolated', 'netpol/not-isolated']);
    expect(silenced[0]!.suppressions).toEqual([
      {
        kind: 'inSource',
        status: 'accepted',
        justification: 'scraped by every namespace, by design',
        location: { physicalLocation: { artifactLocation: { uri: 'monitoring.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 25, endLine: 7, endColumn: 85 } } },
      },
    ]);
    expect(results.filter((r) => r.suppressions!.length === 0)).toHaveLength(9);

    for (const format of ['github', 'markdown'] as const) {
      const out = await runCli(['check', '.', '--format', format, '--fail-on', 'none'], { cwd: root });
      expect(out.stdout).not.toContain('prometheus');
    }
  });

  it('takes the reason from netreach.io/ignore-reason, and a group pattern', async () => {
    const root = repoWith('shop-netpol');
    annotate(root, 'netpol/*', '    netreach.io/ignore-reason: monitoring is open by design\n');
    const json = JSON.parse((await runCli(['check', '.', '--format', 'json', '--fail-on', 'none'], { cwd: root })).stdout);
    const reasons = json.findings.filter((f: { suppressed?: unknown }) => f.suppressed).map((f: { suppressed: { reason: string } }) => f.suppressed.reason);
    expect(reasons).toEqual(['monitoring is open by design', 'monitoring is open by design']);
  });

  it('warns about an annotation naming an unknown rule, and suppresses nothing with it', async () => {
    const root = repoWith('shop-netpol');
    annotate(root, 'netpol/not-isolatd');
    const run = await runCli(['check', '.', '--fail-on', 'none'], { cwd: root });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'monitoring.yaml:7:25: warning: Deployment monitoring/prometheus: annotation netreach.io/ignore names unknown rule "netpol/not-isolatd" (netreach rules lists them); it suppresses nothing\n',
    );
    expect(run.stderr).toContain('netreach: 3 errors, 3 warnings, 5 notes\n');
    const log = JSON.parse((await runCli(['check', '.', '--format', 'sarif', '--fail-on', 'none'], { cwd: root })).stdout);
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toContainEqual(
      expect.objectContaining({ level: 'warning', locations: [{ physicalLocation: { artifactLocation: { uri: 'monitoring.yaml', uriBaseId: '%SRCROOT%' } } }] }),
    );
  });

  it('netreach.yaml suppress: silences by rule and object or file (external), errors included, so the run passes', async () => {
    const root = repoWith('shop-netpol');
    const config = path.join(root, 'netreach.yaml');
    writeFileSync(
      config,
      `${readFileSync(config, 'utf8')}suppress:\n` +
        `  - rule: netpol/*\n    object: storefront/*\n    reason: storefront rework in PLAT-42\n` +
        `  - rule: invariant/violated\n    file: netreach.yaml\n    reason: accepted until the webhook moves\n`,
    );
    const run = await runCli(['check', '.'], { cwd: root });
    expect(run.stdout).not.toMatch(/storefront\.yaml|invariant/);
    expect(run.stderr).toBe('netreach: 0 errors, 1 warning, 5 notes, 5 suppressed\n');
    expect(run.code).toBe(0);
    const results = resultsOf((await runCli(['check', '.', '--format', 'sarif', '--fail-on', 'none'], { cwd: root })).stdout);
    const kinds = results.flatMap((r) => r.suppressions!.map((s) => `${r.ruleId} ${s.kind} ${s.justification}`));
    expect(kinds).toContain('invariant/violated external accepted until the webhook moves');
    expect(kinds.filter((k) => k.endsWith('PLAT-42'))).toHaveLength(4);
  });

  it('netreach.yaml suppress: an unknown rule is a configuration error (exit 2, located)', async () => {
    const root = repoWith('shop-netpol');
    writeFileSync(path.join(root, 'netreach.yaml'), 'suppress:\n  - rule: netpol/nope\n    object: "*"\n    reason: x\n');
    const run = await runCli(['check', '.'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('netreach.yaml:2:11: error: unknown rule "netpol/nope" in suppress[0] (netreach rules lists them) [config]\n');
  });

  it('a suppressed finding stays suppressed in a later baseline run and does not become "new"', async () => {
    const root = repoWith('shop-netpol');
    annotate(root, 'netpol/not-isolated');
    await runCli(['check', '.', '--format', 'sarif', '--output', 'base.sarif', '--fail-on', 'none'], { cwd: root });
    const results = resultsOf((await runCli(['check', '.', '--format', 'sarif', '--baseline', 'base.sarif', '--fail-on', 'none'], { cwd: root })).stdout);
    const silenced = results.filter((r) => r.suppressions!.length > 0);
    expect(silenced).toHaveLength(2);
    // Not in the baseline (it was suppressed there), so "new" — but still suppressed, so never reported.
    expect(silenced.every((r) => r.baselineState === 'new')).toBe(true);
    expect((await runCli(['check', '.', '--baseline', 'base.sarif', '--fail-on', 'note'], { cwd: root })).code).toBe(0);
  });
});
