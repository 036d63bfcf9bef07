import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_INGRESS_CONTROLLER_NAMESPACE, defaultConfig, findConfigFile, loadConfig, parseConfig } from './index.js';

/** The single problem of a config that must fail, as `line:col message`. */
function problemOf(text: string): string {
  try {
    parseConfig(text, 'netreach.yaml');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.problems).toHaveLength(1);
    const [p] = err.problems;
    return `${p!.at?.region.startLine}:${p!.at?.region.startColumn}-${p!.at?.region.endColumn} ${p!.message}`;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads the example of PRODUCT.md §2', () => {
    const config = parseConfig(
      [
        'rules:',
        '  input/invalid-yaml: warning',
        '  netpol/no-internet-ingress: { level: error, options: { allowPorts: [443] } }',
        'exclude: [vendor/, "*.tmp.yaml"]',
        'failOn: warning',
        'ingressController: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }',
        'externalNetworks:',
        '  - { name: office, cidrs: [203.0.113.0/24, "2001:db8::/32"] }',
        'invariants:',
        '  - name: only the frontend reaches the API',
        '    from: {namespace: web, selector: "app=frontend"}',
        '    to:   {namespace: api}',
        '    ports: [tcp/8443, udp/53, TCP/8000-8100]',
        '    expect: only',
        '  - name: payments is not reachable from the internet',
        '    from: internet',
        '    to: {namespace: payments}',
        '    expect: deny',
      ].join('\n'),
      'netreach.yaml',
    );
    expect(config.rules).toEqual({
      'input/invalid-yaml': 'warning',
      'netpol/no-internet-ingress': { level: 'error', options: { allowPorts: [443] } },
    });
    expect(config.exclude).toEqual(['vendor/', '*.tmp.yaml']);
    expect(config.failOn).toBe('warning');
    expect(config.ingressController).toEqual({ namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } });
    expect(config.externalNetworks).toEqual([{ name: 'office', cidrs: ['203.0.113.0/24', '2001:db8::/32'] }]);
    expect(config.invariants.map((i) => [i.from, i.to, i.ports, i.expect])).toEqual([
      [{ namespace: 'web', selector: 'app=frontend' }, { namespace: 'api' }, ['tcp/8443', 'udp/53', 'TCP/8000-8100'], 'only'],
      ['internet', { namespace: 'payments' }, undefined, 'deny'],
    ]);
    expect(config.file).toBe('netreach.yaml');
    expect(config.source?.file).toBe('netreach.yaml');
  });

  it('reads an unquoted off (a YAML 1.1 boolean, as kubectl reads manifests) as the level off', () => {
    const config = parseConfig('rules:\n  input/invalid-yaml: off\n  input/duplicate-key: { level: off }\n', 'netreach.yaml');
    expect(config.rules).toEqual({ 'input/invalid-yaml': 'off', 'input/duplicate-key': { level: 'off' } });
    expect(problemOf('rules:\n  input/invalid-yaml: on\n')).toMatch(/^2:23-25 rules\["input\/invalid-yaml"\]: expected off/);
  });

  it('gives the defaults for an empty file or one of comments', () => {
    for (const text of ['', '# nothing yet\n', '---\n']) {
      const { file, source, text: kept, ...data } = parseConfig(text, 'netreach.yaml');
      expect(file).toBe('netreach.yaml');
      expect(kept).toBe(text);
      expect(data).toEqual(defaultConfig());
    }
    expect(defaultConfig()).toEqual({
      rules: {},
      exclude: [],
      ingressController: { namespace: DEFAULT_INGRESS_CONTROLLER_NAMESPACE, labels: {} },
      networkPolicy: { hostNetwork: 'unenforced' },
      loadBalancers: { serviceController: 'auto' },
      dependencies: { ignoreHosts: [], patterns: [], clusterDomains: ['cluster.local'] },
      externalNetworks: [],
      invariants: [],
    });
  });

  it('reads loadBalancers.serviceController and rejects other values', () => {
    expect(parseConfig('loadBalancers:\n  serviceController: in-tree\n', 'netreach.yaml').loadBalancers).toEqual({ serviceController: 'in-tree' });
    expect(parseConfig('loadBalancers: {}\n', 'netreach.yaml').loadBalancers).toEqual({ serviceController: 'auto' });
    expect(problemOf('loadBalancers:\n  serviceController: nlb\n')).toMatch(/^2:22-25 loadBalancers\.serviceController: /);
  });

  it('reads dependencies: ignored hosts, patterns (checked: a regular expression with a host group), cluster domains', () => {
    const config = parseConfig(
      ['dependencies:', '  ignoreHosts: ["*.amazonaws.com"]', '  patterns:', '    - { regex: "host=(?<host>\\\\S+) port=(?<port>\\\\d+)", port: 5432, variables: [PG*] }'].join('\n'),
      'netreach.yaml',
    );
    expect(config.dependencies).toEqual({
      ignoreHosts: ['*.amazonaws.com'],
      patterns: [{ regex: 'host=(?<host>\\S+) port=(?<port>\\d+)', port: 5432, variables: ['PG*'] }],
      clusterDomains: ['cluster.local'],
    });
    expect(problemOf('dependencies:\n  patterns: [{ regex: "db=(\\\\S+)" }]\n')).toMatch(/^2:23-34 dependencies\.patterns\[0\]\.regex: the pattern needs a named group/);
    expect(problemOf('dependencies:\n  patterns: [{ regex: "(?<host>[a-" }]\n')).toMatch(/^2:23-36 dependencies\.patterns\[0\]\.regex: not a regular expression/);
    expect(problemOf('dependencies:\n  clusterDomains: ["Cluster Local"]\n')).toMatch(/dependencies\.clusterDomains\[0\]: expected a DNS domain/);
  });

  it('points at an unknown key, at any depth', () => {
    expect(problemOf('rules: {}\nexlude: [a]\n')).toBe('2:1-7 unknown key "exlude"');
    expect(problemOf('invariants:\n  - name: a\n    from: internet\n    to: internet\n    expect: deny\n    port: [tcp/1]\n')).toBe(
      '6:5-9 unknown key "port" in invariants[0]',
    );
    expect(problemOf('rules:\n  input/invalid-yaml: { level: note, option: {} }\n')).toBe(
      '2:38-44 unknown key "option" in rules["input/invalid-yaml"]',
    );
  });

  it('points at the offending value', () => {
    expect(problemOf('rules:\n  input/invalid-yaml: loud\n')).toBe(
      '2:23-27 rules["input/invalid-yaml"]: expected off, note, warning, error or a mapping with level and options',
    );
    expect(problemOf('rules:\n  input/invalid-yaml: { level: loud }\n')).toBe(
      '2:32-36 rules["input/invalid-yaml"].level: expected off, note, warning or error',
    );
    expect(problemOf('externalNetworks:\n  - name: office\n    cidrs: [10.0.0.0/8, 10.0.0.0/33]\n')).toBe(
      '3:25-36 externalNetworks[0].cidrs[1]: "10.0.0.0/33" is not a CIDR such as 10.0.0.0/16 or fd00::/8',
    );
    expect(problemOf('failOn: always\n')).toMatch(/^1:9-15 failOn: /);
    expect(problemOf('ingressController: { namespace: Ingress_NGINX }\n')).toMatch(/^1:33-46 ingressController\.namespace: /);
  });

  it('validates invariant peers, selectors and ports', () => {
    const inv = (fields: string) => `invariants:\n  - name: x\n    expect: allow\n${fields}`;
    expect(problemOf(inv('    from: everyone\n    to: internet\n'))).toBe(
      '4:11-19 invariants[0].from: expected internet or a mapping with namespace and/or selector',
    );
    expect(problemOf(inv('    from: { selector: "app in (a,b" }\n    to: internet\n'))).toBe(
      '4:23-36 invariants[0].from.selector: cannot parse selector requirement "app in (a,b" (expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b))',
    );
    expect(problemOf(inv('    from: internet\n    to: internet\n    ports: [tcp/443, tcp/0]\n'))).toBe(
      '6:22-27 invariants[0].ports[1]: "tcp/0" is not a port range such as tcp/8443, udp/53 or tcp/8000-8100',
    );
    for (const bad of ['tcp/9-3', 'icmp/1', 'tcp/65536', 'tcp', '443']) {
      expect(problemOf(inv(`    from: internet\n    to: internet\n    ports: ["${bad}"]\n`))).toContain('is not a port range');
    }
    expect(problemOf('invariants:\n  - name: x\n    from: internet\n    to: internet\n    expect: maybe\n')).toMatch(
      /^5:13-18 invariants\[0\]\.expect: /,
    );
  });

  it('rejects duplicate names', () => {
    expect(problemOf('externalNetworks:\n  - { name: a, cidrs: [10.0.0.0/8] }\n  - { name: a, cidrs: [10.0.0.0/8] }\n')).toBe(
      '3:13-14 externalNetworks[1].name: duplicate name "a"',
    );
  });

  it('reports every problem, in file order', () => {
    try {
      parseConfig('failOn: x\nexclude: 3\nbogus: 1\n', 'netreach.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).format().split('\n')).toEqual([
        expect.stringMatching(/^netreach\.yaml:1:9: error: failOn: .* \[config\]$/),
        expect.stringMatching(/^netreach\.yaml:2:10: error: exclude: .* \[config\]$/),
        'netreach.yaml:3:1: error: unknown key "bogus" [config]',
      ]);
    }
  });

  it('turns YAML errors and a second document into config errors', () => {
    expect(problemOf('rules:\n  a: b\n c: d\n')).toMatch(/^3:\d+-\d+ YAML syntax error: /);
    expect(problemOf('rules: {}\nrules: {}\n')).toMatch(/^2:1-\d+ duplicate key /);
    expect(problemOf('rules: {}\n---\nexclude: []\n')).toBe('3:1-12 a config file holds one YAML document');
    expect(problemOf('- rules\n')).toBe('1:1-8 a config file is a mapping (rules:, exclude:, invariants: …)');
  });
});

describe('finding the config file', () => {
  const tree = () => {
    const root = mkdtempSync(path.join(tmpdir(), 'netreach-config-'));
    mkdirSync(path.join(root, 'k8s', 'prod'), { recursive: true });
    writeFileSync(path.join(root, 'k8s', 'prod', 'app.yaml'), 'kind: List\n');
    return root;
  };

  it('walks up from the first input to the nearest netreach.yaml or .netreach.yaml', async () => {
    const root = tree();
    writeFileSync(path.join(root, 'netreach.yaml'), 'failOn: note\n');
    writeFileSync(path.join(root, 'k8s', '.netreach.yaml'), 'failOn: warning\n');
    expect(await findConfigFile(path.join(root, 'k8s', 'prod'))).toBe(path.join(root, 'k8s', '.netreach.yaml'));

    const fromFile = await loadConfig({ cwd: root, inputs: ['k8s/prod/app.yaml'] });
    expect([fromFile.file, fromFile.failOn]).toEqual(['k8s/.netreach.yaml', 'warning']);
    const fromDir = await loadConfig({ cwd: root, inputs: ['k8s'] });
    expect(fromDir.file).toBe('k8s/.netreach.yaml');
    const fromStdin = await loadConfig({ cwd: root, inputs: ['-'] });
    expect([fromStdin.file, fromStdin.failOn]).toEqual(['netreach.yaml', 'note']);
    const explicit = await loadConfig({ cwd: path.join(root, 'k8s'), configFile: '../netreach.yaml', inputs: ['prod'] });
    expect([explicit.file, explicit.failOn]).toEqual(['../netreach.yaml', 'note']);
  });

  it('uses the defaults when there is no file, and fails on a missing --config or two candidates', async () => {
    const root = tree();
    const none = await loadConfig({ cwd: path.join(root, 'k8s'), inputs: ['prod'] });
    // tmpdir() has no netreach.yaml above it on a sane machine; the defaults carry no file.
    if (none.file === undefined) expect(none).toEqual(defaultConfig());

    await expect(loadConfig({ cwd: root, configFile: 'nope.yaml' })).rejects.toThrow(
      expect.objectContaining({ problems: [{ message: 'config file not found', file: 'nope.yaml' }] }),
    );
    writeFileSync(path.join(root, 'netreach.yaml'), '');
    writeFileSync(path.join(root, '.netreach.yaml'), '');
    await expect(loadConfig({ cwd: root, inputs: ['k8s'] })).rejects.toThrow(/both netreach\.yaml and \.netreach\.yaml exist in/);
  });

  it('locates errors in the file it found', async () => {
    const root = tree();
    writeFileSync(path.join(root, 'k8s', 'netreach.yaml'), 'exclude:\n  - 1\n');
    const err = await loadConfig({ cwd: root, inputs: ['k8s/prod'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).format()).toBe('k8s/netreach.yaml:2:5: error: exclude[0]: expected a string, got 1 [config]');
  });
});

describe("the README's netreach.yaml example", () => {
  it('is a valid configuration, dependency patterns included', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const config = parseConfig(yaml!, 'netreach.yaml');
    expect(config.dependencies.patterns.map((p) => new RegExp(p.regex).exec('host=db.data port=5432')?.groups)).toEqual([{ host: 'db.data', port: '5432' }]);
  });
});
