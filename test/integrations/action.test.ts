/**
 * action.yml: its structure (what GitHub requires of a composite action), and its bash steps run
 * end to end on fixtures by a local stand-in for the runner (./composite-runner.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../support/run-cli.js';
import { loadAction, runAction, type ActionRun } from './composite-runner.js';

const actionFile = path.join(PROJECT_ROOT, 'action.yml');
const action = loadAction(actionFile);
const source = readFileSync(actionFile, 'utf8');

describe('action.yml structure', () => {
  it('is a composite action with a name, a description, described inputs and outputs', () => {
    expect(action.name).toBe('netreach');
    expect(action.description.length).toBeGreaterThan(10);
    expect(action.runs.using).toBe('composite');
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      // Defaults are strings: GitHub passes every input as a string.
      if (input.default !== undefined) expect(typeof input.default, name).toBe('string');
    }
    expect(Object.keys(action.inputs).sort()).toEqual(
      ['annotations', 'category', 'config', 'fail-on', 'paths', 'sarif-file', 'upload-sarif', 'version', 'working-directory'].sort(),
    );
    expect(action.inputs['paths']!.default).toBe('.');
    expect(action.inputs['sarif-file']!.default).toBe('netreach.sarif');
    expect(action.inputs['upload-sarif']!.default).toBe('true');
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.description, name).toBeTruthy();
      expect(output.value, name).toMatch(/^\$\{\{ steps\.[\w-]+\.outputs\.[\w-]+ \}\}$/);
    }
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['sarif-file', 'findings']));
  });

  it('runs every script step in bash, and each script parses', () => {
    for (const step of action.runs.steps) {
      if (step.uses !== undefined) continue;
      expect(step.shell, step.name).toBe('bash');
      const syntax = spawnSync('bash', ['-n'], { input: step.run, encoding: 'utf8' });
      expect(syntax.stderr, step.name).toBe('');
      expect(syntax.status, step.name).toBe(0);
      // Inputs reach scripts through env: only (no ${{ }} inside run:, against script injection).
      expect(step.run, step.name).not.toContain('${{');
    }
  });

  it('uses every input, and every step output it refers to exists', () => {
    for (const name of Object.keys(action.inputs)) expect(source, name).toContain(`inputs.${name}`);
    const ids = new Set(action.runs.steps.map((s) => s.id).filter((id) => id !== undefined));
    for (const [, id] of source.matchAll(/steps\.([\w-]+)\.outputs\./g)) expect(ids, id).toContain(id);
  });

  it('uploads with github/codeql-action/upload-sarif@v4, only when upload-sarif is true', () => {
    const upload = action.runs.steps.filter((s) => s.uses !== undefined);
    expect(upload).toHaveLength(1);
    expect(upload[0]!.uses).toBe('github/codeql-action/upload-sarif@v4');
    expect(upload[0]!.if).toBe("inputs.upload-sarif == 'true'");
    expect(upload[0]!.with?.['sarif_file']).toBe('${{ steps.sarif.outputs.sarif-file }}');
    // The verdict comes after the upload, so failing findings are still uploaded.
    const names = action.runs.steps.map((s) => s.name);
    expect(names.indexOf('Verdict')).toBe(names.length - 1);
  });
});

// The end-to-end runs execute the compiled CLI (dist/), as the action does; `npm ci` builds it.
const cli = path.join(PROJECT_ROOT, 'dist/src/cli/bin.js');

describe.skipIf(!existsSync(cli))('action.yml run by a local stand-in for the runner', () => {
  const run = (inputs: Record<string, string>): { result: ActionRun; temp: string } => {
    const temp = mkdtempSync(path.join(os.tmpdir(), 'netreach-action-'));
    const result = runAction(action, {
      actionPath: PROJECT_ROOT,
      workspace: PROJECT_ROOT,
      inputs: { 'sarif-file': path.join(temp, 'out.sarif'), ...inputs },
    });
    return { result, temp };
  };
  const step = (r: ActionRun, name: string) => r.steps.find((s) => s.name === name)!;

  it('on findings: writes SARIF, the summary and annotations, uploads, then fails the step', () => {
    const { result, temp } = run({ paths: 'fixtures/eks-shop' });
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ['Set up netreach', 'success'],
      ['Analyse (SARIF)', 'success'],
      ['Job summary', 'success'],
      ['Annotations', 'success'],
      ['Evaluate', 'success'],
      ['Upload SARIF to code scanning', 'success'],
      ['Verdict', 'failure'],
    ]);
    expect(step(result, 'Verdict').exitCode).toBe(1);
    expect(step(result, 'Verdict').stdout).toMatch(/^::error title=netreach::findings at or above/m);

    const sarifFile = path.join(temp, 'out.sarif');
    expect(result.outputs['sarif-file']).toBe(sarifFile);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      version: string;
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; automationDetails?: unknown }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    // URIs are relative to the repository root, as code scanning wants them.
    for (const r of results) expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toMatch(/^fixtures\/eks-shop\//);
    expect(sarif.runs[0]!.automationDetails).toBeUndefined();
    expect(step(result, 'Upload SARIF to code scanning').with).toEqual({ sarif_file: sarifFile });

    // Every finding is counted; errors and warnings make up part of them.
    const findings = Number(result.outputs['findings']);
    expect(findings).toBe(results.length);
    expect(Number(result.outputs['errors']) + Number(result.outputs['warnings']) + Number(result.outputs['notes'])).toBe(findings);
    expect(result.outputs['exit-code']).toBe('1');

    expect(result.summary).toContain('| Rule | Level | Count |');
    expect(result.summary).toContain('service/target-port-unresolved');
    const annotations = step(result, 'Annotations').stdout.trimEnd().split('\n');
    expect(annotations).toHaveLength(findings);
    for (const line of annotations) expect(line).toMatch(/^::(error|warning|notice) file=fixtures\/eks-shop\/[^,]+,line=\d+,/);
    // The most severe first: GitHub shows only the first 10 errors and 10 warnings of a step.
    expect(annotations[0]).toMatch(/^::error /);
  });

  it('passes with fail-on none, honours category, skips upload and annotations when asked', () => {
    const { result, temp } = run({
      paths: 'fixtures/eks-shop',
      'fail-on': 'none',
      category: 'k8s',
      'upload-sarif': 'false',
      annotations: 'false',
    });
    expect(result.ok).toBe(true);
    expect(result.outputs['exit-code']).toBe('0');
    expect(step(result, 'Annotations').status).toBe('skipped');
    expect(step(result, 'Upload SARIF to code scanning').status).toBe('skipped');
    expect(step(result, 'Verdict').stdout).toMatch(/^netreach: \d+ findings, none at or above/);
    const sarif = JSON.parse(readFileSync(path.join(temp, 'out.sarif'), 'utf8')) as { runs: { automationDetails?: { id: string } }[] };
    expect(sarif.runs[0]!.automationDetails).toEqual({ id: 'k8s/' });
  });

  it('takes one path per line, relative to working-directory', () => {
    const { result, temp } = run({ paths: 'eks-shop/api\n  eks-infra  \n', 'working-directory': 'fixtures', 'fail-on': 'none' });
    expect(result.ok).toBe(true);
    const sarif = JSON.parse(readFileSync(path.join(temp, 'out.sarif'), 'utf8')) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const dirs = new Set(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.split('/').slice(0, 2).join('/')));
    // Still relative to the repository root, not to the working directory.
    expect([...dirs].sort()).toEqual(['fixtures/eks-infra', 'fixtures/eks-shop']);
  });

  it('stops before analysing on a bad fail-on, and on a configuration netreach cannot read', () => {
    const badLevel = run({ paths: 'fixtures/eks-shop', 'fail-on': 'sometimes' }).result;
    expect(badLevel.ok).toBe(false);
    expect(step(badLevel, 'Set up netreach').exitCode).toBe(2);
    expect(step(badLevel, 'Set up netreach').stdout).toContain("fail-on takes error, warning, note or none, not 'sometimes'");
    expect(badLevel.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);

    const badConfig = run({ paths: 'fixtures/eks-shop', config: 'fixtures/no-such-netreach.yaml' }).result;
    expect(step(badConfig, 'Analyse (SARIF)').status).toBe('failure');
    expect(step(badConfig, 'Analyse (SARIF)').exitCode).toBe(2);
    expect(step(badConfig, 'Analyse (SARIF)').stdout).toContain('::error title=netreach::netreach exited with 2 and wrote no SARIF log');
    expect(step(badConfig, 'Upload SARIF to code scanning').status).toBe('skipped');
  });
});
