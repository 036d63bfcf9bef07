import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCatalog, readCatalog, renderCatalog, staleCatalogFiles, withOptionsSection, writeCatalog } from './catalog.js';
import { main } from './catalog-cli.js';

const RULE = `import { defineRule } from '../../../src/lint/define-rule.js';

export default defineRule({
  id: 'netpol/no-internet-ingress',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Disallow workloads reachable ' + 'from 0.0.0.0/0', recommended: true },
    messages: { internetIngress: '{{workload}} is reachable from the internet on {{ports}}.' },
    remediation: \`Narrow ipBlock.cidr to known ranges.\`,
    schema: {
      allowPorts: { type: 'array', items: { type: 'integer', minimum: 1 }, description: 'Ports allowed to be public | e.g. [443].' },
      mode: { type: 'string', enum: ['strict', 'loose'], description: 'How strict.' },
      max: { type: 'integer', minimum: 1, maximum: 10, description: 'At most.' },
      owners: { type: 'object', additionalProperties: { type: 'string' }, description: 'Owners.' },
    },
    defaultOptions: { allowPorts: [] as number[], mode: 'strict', max: 3, owners: {} as Record<string, string> },
  },
  create: (ctx, { allowPorts }) => ({}),
});
`;

const OTHER = RULE.replace("'netpol/no-internet-ingress'", "'input/invalid-yaml'")
  .replace(/schema: \{[\s\S]*?\n    \},\n/, '')
  .replace(/defaultOptions: \{.*\}/, 'defaultOptions: {}')
  .replace("recommended: true", 'recommended: false');

function repo(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'netreach-catalog-'));
  for (const [id, text] of [['netpol/no-internet-ingress', RULE], ['input/invalid-yaml', OTHER]] as const) {
    mkdirSync(path.join(root, 'rules', id), { recursive: true });
    writeFileSync(path.join(root, 'rules', id, 'rule.ts'), text);
  }
  writeFileSync(path.join(root, 'rules/netpol/no-internet-ingress/README.md'), '# x\n\n## Options\n\n<!-- options:start -->\nold\n<!-- options:end -->\n\nTail.\n');
  writeFileSync(path.join(root, 'rules/input/invalid-yaml/README.md'), '# y\n\nNo markers.\n');
  return root;
}

describe('catalog', () => {
  it('reads rule meta statically', () => {
    const [input, netpol] = readCatalog(repo());
    expect(input).toMatchObject({ id: 'input/invalid-yaml', group: 'input', recommended: false, options: [] });
    expect(netpol).toEqual({
      id: 'netpol/no-internet-ingress',
      group: 'netpol',
      file: 'rules/netpol/no-internet-ingress/rule.ts',
      type: 'problem',
      severity: 'error',
      description: 'Disallow workloads reachable from 0.0.0.0/0',
      recommended: true,
      messages: { internetIngress: '{{workload}} is reachable from the internet on {{ports}}.' },
      remediation: 'Narrow ipBlock.cidr to known ranges.',
      options: [
        { name: 'allowPorts', type: 'integer (1..)[]', description: 'Ports allowed to be public | e.g. [443].', default: '[]' },
        { name: 'mode', type: '"strict" | "loose"', description: 'How strict.', default: "'strict'" },
        { name: 'max', type: 'integer (1..10)', description: 'At most.', default: '3' },
        { name: 'owners', type: 'map of string', description: 'Owners.', default: '{}' },
      ],
    });
  });

  it('renders rules/README.md by group, with an options section', () => {
    const text = renderCatalog(readCatalog(repo()));
    expect(text).toContain('## input\n\n| Rule | Level | Recommended | Description |\n| --- | --- | --- | --- |\n| [input/invalid-yaml](input/invalid-yaml/README.md) | error |  | Disallow');
    expect(text.indexOf('## input')).toBeLessThan(text.indexOf('## netpol'));
    expect(text).toContain('### netpol/no-internet-ingress\n\n| Option | Type | Default | Description |');
    expect(text).toContain('| `allowPorts` | integer (1..)[] | `[]` | Ports allowed to be public \\| e.g. [443]. |');
  });

  it('fills the options section between the markers and leaves other READMEs alone', () => {
    const [input, netpol] = readCatalog(repo());
    expect(withOptionsSection('# y\n', input!)).toBe('# y\n');
    expect(withOptionsSection('a\n<!-- options:start -->\nold\n<!-- options:end -->\nb\n', input!)).toBe(
      'a\n<!-- options:start -->\nThis rule has no options.\n<!-- options:end -->\nb\n',
    );
    expect(withOptionsSection('<!-- options:start --><!-- options:end -->', netpol!)).toMatch(/^<!-- options:start -->\n\| Option .*\| `max` \|.*\n<!-- options:end -->$/s);
  });

  it('writes what is stale, then nothing; the CLI --check agrees', () => {
    const root = repo();
    expect(main(['--check'], root)).toBe(1);
    expect(writeCatalog(root).map((f) => path.relative(root, f)).sort()).toEqual(['rules/README.md', 'rules/netpol/no-internet-ingress/README.md']);
    expect(staleCatalogFiles(generateCatalog(root))).toEqual([]);
    expect(main(['--check'], root)).toBe(0);
    expect(readFileSync(path.join(root, 'rules/netpol/no-internet-ingress/README.md'), 'utf8')).toMatch(/<!-- options:start -->\n\| Option[\s\S]*\n<!-- options:end -->\n\nTail\.\n$/);
  });

  it('names the file and line of meta it cannot read statically', () => {
    const root = repo();
    const file = path.join(root, 'rules/input/invalid-yaml/rule.ts');
    writeFileSync(file, OTHER.replace("severity: 'error'", 'severity: LEVEL'));
    expect(() => readCatalog(root)).toThrow(/^rules\/input\/invalid-yaml\/rule\.ts:7: expected a string literal/);
    writeFileSync(file, OTHER.replace('export default defineRule({', 'export default ({'));
    expect(() => readCatalog(root)).toThrow('rules/input/invalid-yaml/rule.ts: expected exactly one defineRule(...) call');
  });
});
