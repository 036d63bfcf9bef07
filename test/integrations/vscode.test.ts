/**
 * examples/vscode: the problem matcher applied, as VS Code applies it (one `new RegExp(regexp)` per
 * output line), to real `netreach check` output; and the YAML extension's schema mapping.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';
import { parseJsonc } from './jsonc.js';

interface ProblemMatcher {
  owner: string;
  source?: string;
  fileLocation: [string, string];
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number };
}

const tasks = parseJsonc(readFileSync(path.join(PROJECT_ROOT, 'examples/vscode/tasks.json'), 'utf8')) as {
  version: string;
  tasks: { label: string; type: string; command: string; problemMatcher: ProblemMatcher }[];
};
const settings = parseJsonc(readFileSync(path.join(PROJECT_ROOT, 'examples/vscode/settings.json'), 'utf8')) as {
  'yaml.schemas': Record<string, string[]>;
};

describe('examples/vscode/tasks.json', () => {
  const task = tasks.tasks[0]!;
  const matcher = task.problemMatcher;

  it('declares a netreach task with the documented matcher', () => {
    expect(tasks.version).toBe('2.0.0');
    expect(task.command).toMatch(/netreach check/);
    expect(matcher.owner).toBe('netreach');
    expect(matcher.fileLocation).toEqual(['autoDetect', '${workspaceFolder}']);
    // The same regexp as the README and the CLI test document.
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(JSON.stringify(matcher.pattern.regexp));
  });

  it('matches every line of real output and captures file, line, column, severity, message and code', async () => {
    const { stdout } = await runCli(['check', 'fixtures/eks-shop', '--no-color']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    const regexp = new RegExp(matcher.pattern.regexp);
    const { file, line, column, severity, message, code } = matcher.pattern;
    const problems = lines.map((l) => {
      const m = regexp.exec(l);
      expect(m, l).not.toBeNull();
      return { file: m![file]!, line: Number(m![line]), column: Number(m![column]), severity: m![severity]!, message: m![message]!, code: m![code]! };
    });
    for (const p of problems) {
      // autoDetect resolves the file against the workspace folder: it must exist there.
      expect(existsSync(path.join(PROJECT_ROOT, p.file)), p.file).toBe(true);
      expect(['error', 'warning', 'note']).toContain(p.severity);
      expect(p.message).not.toMatch(/\[[\w/.-]+\]$/);
    }
    // Known findings, at their exact positions (README's example line among them).
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'fixtures/eks-shop/api/orders.yaml', line: 39, column: 19, severity: 'error', code: 'service/target-port-unresolved' }),
    );
    const orders = problems.find((p) => p.code === 'service/target-port-unresolved')!;
    expect(orders.message).toMatch(/^Service api\/orders: targetPort grpc of port https/);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'fixtures/eks-shop/api/catalog.yaml', line: 24, column: 30, severity: 'warning', code: 'workload/duplicate-container-port' }),
    );
    expect(problems.some((p) => p.severity === 'note')).toBe(true);
  });

  it('matches paths with spaces and colons, and Windows drive letters', () => {
    const regexp = new RegExp(matcher.pattern.regexp);
    const m1 = regexp.exec('k8s/my app:v2.yaml:3:7: warning: Service a/b: something. [service/x]')!;
    expect([m1[1], m1[2], m1[3], m1[4], m1[6]]).toEqual(['k8s/my app:v2.yaml', '3', '7', 'warning', 'service/x']);
    const m2 = regexp.exec('C:\\repo\\k8s\\app.yaml:10:1: error: bad [input/invalid-yaml]')!;
    expect(m2[1]).toBe('C:\\repo\\k8s\\app.yaml');
  });
});

describe('examples/vscode/settings.json', () => {
  const entries = Object.entries(settings['yaml.schemas']);

  it('maps the shipped JSON Schema to netreach.yaml and .netreach.yaml', () => {
    expect(entries).toHaveLength(1);
    const [schemaPath, patterns] = entries[0]!;
    expect(patterns).toEqual(['**/netreach.yaml', '**/.netreach.yaml']);
    // The path inside an installed package is the path in this repository (package.json "files").
    const inPackage = schemaPath.replace(/^\.\/node_modules\/netreach\//, '');
    expect(inPackage).toBe('schema/netreach.schema.json');
    expect(existsSync(path.join(PROJECT_ROOT, inPackage))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string; files: string[] };
    expect(pkg.name).toBe('netreach');
    expect(pkg.files).toContain('schema');
  });

  it('the schema accepts a realistic netreach.yaml and rejects a misspelt one', () => {
    const schema = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'schema/netreach.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strict: false }).compile(schema);
    const sample = parse(`
rules:
  service/selector-matches-nothing: error
  service/invalid-node-port:
    options: { range: "30000-32767" }
exclude:
  - "charts/**/templates/tests/"
externalNetworks:
  - name: office
    cidrs: [10.0.0.0/8]
failOn: warning
`) as unknown;
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ rulez: {} })).toBe(false);
  });
});
