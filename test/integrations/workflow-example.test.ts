/** examples/github/workflow.yml: a pull-request workflow that runs the action and uploads to code scanning. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../support/run-cli.js';
import { loadAction } from './composite-runner.js';

interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; steps: { uses?: string; with?: Record<string, unknown>; run?: string; id?: string }[] }>;
}

const workflow = parse(readFileSync(path.join(PROJECT_ROOT, 'examples/github/workflow.yml'), 'utf8')) as Workflow;
const action = loadAction(path.join(PROJECT_ROOT, 'action.yml'));

describe('examples/github/workflow.yml', () => {
  it('runs on pull requests (and on main, the base code scanning compares against)', () => {
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(workflow.on['push']).toEqual({ branches: ['main'] });
  });

  it('grants what the SARIF upload needs and nothing to write code with', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
  });

  it('checks out, sets up Node 20, then runs the action with inputs it declares', () => {
    const [job] = Object.values(workflow.jobs);
    const steps = job!.steps;
    expect(steps[0]!.uses).toBe('actions/checkout@v5');
    expect(steps[1]!.uses).toBe('actions/setup-node@v5');
    expect(steps[1]!.with).toEqual({ 'node-version': 20 });
    const netreach = steps.find((s) => s.uses?.endsWith('/netreach@<ref>'));
    expect(netreach).toBeDefined();
    for (const input of Object.keys(netreach!.with ?? {})) expect(Object.keys(action.inputs), input).toContain(input);
    expect(String(netreach!.with!['upload-sarif'])).toMatch(/^\$\{\{ .+ \}\}$/);
    // Step outputs it reads are outputs the action declares.
    const text = readFileSync(path.join(PROJECT_ROOT, 'examples/github/workflow.yml'), 'utf8');
    for (const [, output] of text.matchAll(/steps\.netreach\.outputs\.([\w-]+)/g)) expect(Object.keys(action.outputs)).toContain(output);
  });
});
