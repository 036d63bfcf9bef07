import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Finding } from '../core/finding.js';
import type { RuleDescriptor } from '../core/rule-descriptor.js';
import type { Region, SourceRef } from '../core/source.js';
import { githubSarifProblems, validateSarif } from '../../test/support/sarif-validate.js';
import {
  REPORT_FORMATS,
  buildJsonReport,
  buildSarifLog,
  render,
  sarifUri,
  summaryLine,
  toGithub,
  toJson,
  toMarkdown,
  toSarif,
  toText,
  type ReportFormat,
  type ReportInput,
} from './index.js';
import { githubLinkBase } from './markdown.js';

// ------------------------------------------------------------------------------------------------
// Hand-built input: two files in the repo (one named with a space and a colon), one from stdin.

const PAYMENTS = 'k8s/prod/payments.yaml';
const ODD = 'k8s/shop/my app:v2.yaml';
const STDIN = '<stdin>';

// Copy of shared/data/sarif-example/k8s/prod/payments.yaml.
const PAYMENTS_YAML = readFileSync(new URL('../../test/fixtures/sarif/payments.yaml', import.meta.url), 'utf8');

const ODD_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: api
          ports:
            - containerPort: 8080
`;

const region = (line: number, col: number, endCol: number, endLine = line): Region => ({
  startLine: line,
  startColumn: col,
  endLine,
  endColumn: endCol,
});
const ref = (file: string, doc: number, path: (string | number)[], r: Region): SourceRef => ({ file, doc, path, region: r });

const rule = (id: string, extra: Partial<RuleDescriptor> = {}): RuleDescriptor => ({
  id,
  name: id.replace(/(^|[/-])(\w)/g, (_m, _s, c: string) => c.toUpperCase()),
  description: `Description of ${id}.`,
  remediation: `Fix ${id}.`,
  helpUri: `https://github.com/netreach/netreach/blob/main/rules/${id}/README.md`,
  defaultLevel: 'warning',
  type: 'problem',
  tags: ['kubernetes'],
  precision: 'high',
  ...extra,
});

const RULES: RuleDescriptor[] = [
  rule('service/internet-facing-lb', { tags: ['security', 'kubernetes', 'eks'], securitySeverity: '5.5' }),
  rule('netpol/allow-all-ingress', {
    defaultLevel: 'error',
    tags: ['security', 'kubernetes', 'networkpolicy'],
    securitySeverity: '8.0',
    fullDescription: 'An ingress rule with no from peers admits every source.',
    helpMarkdown: 'Give each ingress rule explicit `from` peers.',
  }),
  rule('workload/port-not-declared', { defaultLevel: 'note' }),
  rule('netpol/unused-rule-without-results', { defaultLevel: 'note' }),
];

const allowAll: Finding = {
  ruleId: 'netpol/allow-all-ingress',
  messageId: 'allowAll',
  data: { policy: 'payments/allow-all-ingress', index: '1' },
  message: 'NetworkPolicy payments/allow-all-ingress: ingress rule 1 admits traffic from every source.',
  level: 'error',
  at: ref(PAYMENTS, 0, ['spec', 'ingress', 0], region(11, 7, 9)),
  related: [
    { at: ref(PAYMENTS, 0, ['spec', 'podSelector'], region(7, 3, 18)), message: "policy's podSelector" },
    { at: ref(ODD, 0, ['metadata', 'name'], region(4, 9, 12)), message: 'Deployment shop/[api]' },
  ],
  flow: [
    { at: ref(ODD, 0, ['metadata', 'name'], region(4, 9, 12)), message: 'from Deployment shop/api' },
    { at: ref(PAYMENTS, 0, ['spec', 'ingress', 0], region(11, 7, 9)), message: 'allowed by ingress rule 1' },
  ],
  object: 'payments/NetworkPolicy/allow-all-ingress',
  objectFqn: 'networking.k8s.io/v1/NetworkPolicy/payments/allow-all-ingress',
  fingerprint: 'netpol/allow-all-ingress|networking.k8s.io/NetworkPolicy|payments/allow-all-ingress|spec.ingress[0]',
};

const internetLb: Finding = {
  ruleId: 'service/internet-facing-lb',
  messageId: 'internetFacing',
  data: { service: 'payments/payments-lb' },
  message: 'Service payments/payments-lb provisions an internet-facing AWS load balancer and sets no loadBalancerSourceRanges.',
  level: 'warning',
  at: ref(PAYMENTS, 1, ['metadata', 'annotations', 'service.beta.kubernetes.io/aws-load-balancer-scheme'], region(19, 58, 73)),
  related: [],
  object: 'payments/Service/payments-lb',
  objectFqn: 'v1/Service/payments/payments-lb',
  fingerprint: 'service/internet-facing-lb|/Service|payments/payments-lb|metadata.annotations',
};

const oddPort: Finding = {
  ruleId: 'workload/port-not-declared',
  messageId: 'portNotDeclared',
  data: { port: '8080' },
  // Multi-line on purpose, with characters every format must escape.
  message: 'Deployment shop/api: port 8080, 100% unused:\nno Service | targets it.',
  level: 'note',
  at: ref(ODD, 0, ['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'], region(12, 30, 34)),
  related: [],
  object: 'shop/Deployment/api',
  objectFqn: 'apps/v1/Deployment/shop/api',
  fingerprint: 'workload/port-not-declared|apps/Deployment|shop/api|spec.template.spec.containers[0].ports[0].containerPort',
};

const fromStdin: Finding = {
  ...allowAll,
  at: ref(STDIN, 0, ['spec', 'ingress', 0], region(3, 7, 9)),
  related: [],
  flow: undefined,
  fingerprint: 'stdin-fingerprint',
};

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    findings: [oddPort, fromStdin, internetLb, allowAll],
    rules: RULES,
    texts: new Map([
      [PAYMENTS, PAYMENTS_YAML],
      [ODD, ODD_YAML],
    ]),
    toolVersion: '0.1.0',
    uriFor: (file) => (file === STDIN ? undefined : file),
    displayPath: (file) => file,
    notifications: [{ message: 'k8s/broken.yaml: permission denied', level: 'error', file: 'k8s/broken.yaml' }],
    executionSuccessful: false,
    ...overrides,
  };
}

/** Texts keyed by repo-relative path, as githubSarifProblems expects. */
const REPO_TEXTS = new Map([
  [PAYMENTS, PAYMENTS_YAML],
  [ODD, ODD_YAML],
]);

type AnyJson = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function sarifOf(i: ReportInput): AnyJson {
  return JSON.parse(toSarif(i)) as AnyJson;
}

function expectValid(log: unknown): void {
  expect(validateSarif(log)).toEqual([]);
  expect(githubSarifProblems(log, REPO_TEXTS)).toEqual([]);
}

// ------------------------------------------------------------------------------------------------

describe('toSarif', () => {
  it('passes the OASIS schema and every GitHub check', () => {
    expectValid(sarifOf(input()));
  });

  it('has the log and run shape GitHub expects', () => {
    const log = sarifOf(input());
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(Object.keys(run)).toEqual(['tool', 'columnKind', 'results', 'invocations']);
    expect(run.tool.driver).toMatchObject({
      name: 'netreach',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/netreach/netreach',
    });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'k8s/broken.yaml: permission denied' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'k8s/broken.yaml', uriBaseId: '%SRCROOT%' } } }],
          },
          {
            level: 'note',
            message: {
              text: '1 result omitted from SARIF: not in a file under the repository root (e.g. stdin); see the text output.',
            },
          },
        ],
      },
    ]);
  });

  it('lists every enabled rule, sorted by id, with full metadata', () => {
    const rules = sarifOf(input()).runs[0].tool.driver.rules;
    expect(rules.map((r: AnyJson) => r.id)).toEqual([
      'netpol/allow-all-ingress',
      'netpol/unused-rule-without-results',
      'service/internet-facing-lb',
      'workload/port-not-declared',
    ]);
    expect(rules[0]).toEqual({
      id: 'netpol/allow-all-ingress',
      name: 'NetpolAllowAllIngress',
      shortDescription: { text: 'Description of netpol/allow-all-ingress.' },
      fullDescription: { text: 'An ingress rule with no from peers admits every source.' },
      help: { text: 'Fix netpol/allow-all-ingress.', markdown: 'Give each ingress rule explicit `from` peers.' },
      helpUri: 'https://github.com/netreach/netreach/blob/main/rules/netpol/allow-all-ingress/README.md',
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'kubernetes', 'networkpolicy'],
        precision: 'high',
        'problem.severity': 'error',
        'security-severity': '8.0',
      },
    });
    // Non-security rule: no security-severity; note → recommendation; help.markdown falls back to the remediation.
    expect(rules[3].properties).toEqual({ tags: ['kubernetes'], precision: 'high', 'problem.severity': 'recommendation' });
    expect(rules[3].help).toEqual({ text: 'Fix workload/port-not-declared.', markdown: 'Fix workload/port-not-declared.' });
  });

  it('maps a finding exactly like the golden example (location, fingerprints, logical location, properties)', () => {
    const results = sarifOf(input()).runs[0].results;
    const lb = results.find((r: AnyJson) => r.ruleId === 'service/internet-facing-lb');
    expect(lb).toEqual({
      ruleId: 'service/internet-facing-lb',
      ruleIndex: 2,
      level: 'warning',
      message: { text: 'Service payments/payments-lb provisions an internet-facing AWS load balancer and sets no loadBalancerSourceRanges.' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'k8s/prod/payments.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 19, startColumn: 58, endLine: 19, endColumn: 73 },
          },
          logicalLocations: [{ name: 'payments-lb', fullyQualifiedName: 'v1/Service/payments/payments-lb', kind: 'object' }],
        },
      ],
      partialFingerprints: {
        primaryLocationLineHash: 'a5a5d5914a58c281:1',
        'netreachObject/v1': 'service/internet-facing-lb|/Service|payments/payments-lb|metadata.annotations',
      },
      properties: { documentIndex: 1, yamlPath: 'metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"]' },
    });
  });

  it('links related locations from the message and turns the flow into a code flow', () => {
    const result = sarifOf(input()).runs[0].results.find((r: AnyJson) => r.ruleId === 'netpol/allow-all-ingress');
    expect(result.message.text).toBe(
      'NetworkPolicy payments/allow-all-ingress: ingress rule 1 admits traffic from every source.' +
        " Related: [policy's podSelector](1), [Deployment shop/\\[api\\]](2).",
    );
    expect(result.partialFingerprints.primaryLocationLineHash).toBe('c8000b0b23c347b8:1');
    expect(result.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'k8s/prod/payments.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 7, startColumn: 3, endLine: 7, endColumn: 18 },
        },
        message: { text: "policy's podSelector" },
      },
      {
        id: 2,
        physicalLocation: {
          artifactLocation: { uri: 'k8s/shop/my%20app%3Av2.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 4, startColumn: 9, endLine: 4, endColumn: 12 },
        },
        message: { text: 'Deployment shop/[api]' },
      },
    ]);
    expect(result.codeFlows).toEqual([
      {
        threadFlows: [
          {
            locations: [
              {
                location: {
                  physicalLocation: {
                    artifactLocation: { uri: 'k8s/shop/my%20app%3Av2.yaml', uriBaseId: '%SRCROOT%' },
                    region: { startLine: 4, startColumn: 9, endLine: 4, endColumn: 12 },
                  },
                  message: { text: 'from Deployment shop/api' },
                },
              },
              {
                location: {
                  physicalLocation: {
                    artifactLocation: { uri: 'k8s/prod/payments.yaml', uriBaseId: '%SRCROOT%' },
                    region: { startLine: 11, startColumn: 7, endLine: 11, endColumn: 9 },
                  },
                  message: { text: 'allowed by ingress rule 1' },
                },
              },
            ],
          },
        ],
      },
    ]);
  });

  it('leaves stdin findings out and orders results by file and position', () => {
    const results = sarifOf(input()).runs[0].results;
    expect(results.map((r: AnyJson) => [r.locations[0].physicalLocation.artifactLocation.uri, r.ruleId])).toEqual([
      ['k8s/prod/payments.yaml', 'netpol/allow-all-ingress'],
      ['k8s/prod/payments.yaml', 'service/internet-facing-lb'],
      ['k8s/shop/my%20app%3Av2.yaml', 'workload/port-not-declared'],
    ]);
    expect(JSON.stringify(results)).not.toContain('stdin-fingerprint');
  });

  it('keeps the results array and columnKind when there is nothing to report', () => {
    const log = sarifOf(input({ findings: [], notifications: [], executionSuccessful: true }));
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toHaveLength(4);
    expect(log.runs[0].invocations[0]).toEqual({ executionSuccessful: true, toolExecutionNotifications: [] });
    expectValid(log);
  });

  it('writes automationDetails only for an explicit category, always ending in "/"', () => {
    expect(sarifOf(input()).runs[0].automationDetails).toBeUndefined();
    expect(sarifOf(input({ sarifCategory: '' })).runs[0].automationDetails).toBeUndefined();
    expect(sarifOf(input({ sarifCategory: 'k8s-prod' })).runs[0].automationDetails).toEqual({ id: 'k8s-prod/' });
    expect(sarifOf(input({ sarifCategory: 'team/k8s' })).runs[0].automationDetails).toEqual({ id: 'team/k8s/' });
    expect(sarifOf(input({ sarifCategory: 'k8s/' })).runs[0].automationDetails).toEqual({ id: 'k8s/' });
    const run = sarifOf(input({ sarifCategory: 'k8s' })).runs[0];
    expect(Object.keys(run)).toEqual(['tool', 'automationDetails', 'columnKind', 'results', 'invocations']);
  });

  it('caps results, keeping the most severe, and says how many were left out', () => {
    const log = sarifOf(input({ maxSarifResults: 1 }));
    expect(log.runs[0].results.map((r: AnyJson) => r.level)).toEqual(['error']);
    const notes = log.runs[0].invocations[0].toolExecutionNotifications.map((n: AnyJson) => n.message.text);
    expect(notes).toContain('2 results omitted (SARIF limit 1); the text and JSON output have all of them.');
    expectValid(log);
    // Warnings beat notes; equal levels fall back to position.
    const two = sarifOf(input({ maxSarifResults: 2 })).runs[0].results.map((r: AnyJson) => r.level);
    expect(two).toEqual(['error', 'warning']);
  });

  it('never emits more than GitHub accepts, and defaults to 5000', () => {
    const many: Finding[] = Array.from({ length: 5003 }, (_, i) => ({
      ...internetLb,
      at: ref(PAYMENTS, 1, ['x', i], region(19, 58, 73)),
      fingerprint: `fp-${i}`,
    }));
    const log = buildSarifLog(input({ findings: many }));
    expect(log.runs[0]!.results).toHaveLength(5000);
    expect(buildSarifLog(input({ findings: many.slice(0, 3), maxSarifResults: 1e9 })).runs[0]!.results).toHaveLength(3);
  });

  it('percent-encodes every path segment and never emits absolute or backslashed URIs', () => {
    expect(sarifUri('k8s/prod/payments.yaml')).toBe('k8s/prod/payments.yaml');
    expect(sarifUri('ns:app/x.yaml')).toBe('ns%3Aapp/x.yaml');
    expect(sarifUri('a b/100%/c#d?.yaml')).toBe('a%20b/100%25/c%23d%3F.yaml');
    expect(sarifUri('dir\\file.yaml')).toBe('dir%5Cfile.yaml');
    expect(sarifUri('/abs/./x.yaml')).toBe('abs/x.yaml');
    expect(sarifUri('ünï/🚀.yaml')).toBe('%C3%BCn%C3%AF/%F0%9F%9A%80.yaml');
    expect(sarifUri('bad\uD800name.yaml')).toBe('bad%EF%BF%BDname.yaml');
    expect(sarifUri('../outside.yaml')).toBeUndefined();
    expect(sarifUri('')).toBeUndefined();
  });

  it('escapes text that would read as an embedded link, keeps plain brackets', () => {
    const tricky: Finding = { ...internetLb, message: 'Service x: selector [app](1) matches nothing', related: [] };
    const plain: Finding = { ...oddPort, message: 'Deployment shop/api: ports [80, 443] unused.', related: [] };
    const log = sarifOf(input({ findings: [tricky, plain] }));
    const texts = log.runs[0].results.map((r: AnyJson) => r.message.text);
    expect(texts).toContain('Service x: selector \\[app\\](1) matches nothing.');
    expect(texts).toContain('Deployment shop/api: ports [80, 443] unused.');
    expectValid(log);
  });

  it('mentions unlinkable related locations as plain text', () => {
    const f: Finding = { ...internetLb, related: [{ at: ref(STDIN, 0, [], region(1, 1, 2)), message: 'Pod shop/web' }] };
    const result = sarifOf(input({ findings: [f] })).runs[0].results[0];
    expect(result.message.text).toMatch(/ Related: Pod shop\/web\.$/);
    expect(result.relatedLocations).toBeUndefined();
  });

  it('keeps multi-line regions on their first line', () => {
    const f: Finding = { ...internetLb, at: ref(PAYMENTS, 1, ['metadata'], region(15, 1, 3, 19)) };
    const log = sarifOf(input({ findings: [f] }));
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({
      startLine: 15,
      startColumn: 1,
      endLine: 15,
      endColumn: 10, // "metadata:" is 9 code units long
    });
    expectValid(log);
  });

  it('omits only the line hash when the file text is unknown', () => {
    const result = sarifOf(input({ texts: new Map() })).runs[0].results[0];
    expect(result.partialFingerprints).toEqual({ 'netreachObject/v1': allowAll.fingerprint });
  });

  it('stays valid for a rule missing from `rules` and for a bad security-severity', () => {
    const rules = RULES.map((r) => (r.id === 'service/internet-facing-lb' ? { ...r, securitySeverity: 'high' } : r));
    const orphan: Finding = { ...oddPort, ruleId: 'capacity/not-registered', message: 'Subnet a: full.' };
    const log = sarifOf(input({ rules, findings: [internetLb, orphan] }));
    const driverRules = log.runs[0].tool.driver.rules;
    expect(driverRules.map((r: AnyJson) => r.id)).toContain('capacity/not-registered');
    expect(driverRules.find((r: AnyJson) => r.id === 'service/internet-facing-lb').properties['security-severity']).toBeUndefined();
    const notes = log.runs[0].invocations[0].toolExecutionNotifications.map((n: AnyJson) => n.message.text);
    expect(notes).toContain('Rule service/internet-facing-lb has an invalid security-severity "high"; it was left out.');
    expectValid(log);
  });

  it('counts columns in UTF-16 code units and hashes non-ASCII lines', () => {
    const text = 'metadata:\n  name: caf\u00e9-\u{1F680}\n';
    const f: Finding = { ...oddPort, at: ref('k8s/emoji.yaml', 0, ['metadata', 'name'], region(2, 9, 16)), message: 'Pod café-🚀: bad.' };
    const texts = new Map([['k8s/emoji.yaml', text]]);
    const log = sarifOf(input({ findings: [f], texts }));
    expect(log.runs[0].results[0].locations[0].physicalLocation.region.endColumn).toBe(16);
    expect(validateSarif(log)).toEqual([]);
    expect(githubSarifProblems(log, texts)).toEqual([]);
  });

  it('is deterministic: same bytes for the same findings in any order, no absolute paths', () => {
    const a = toSarif(input());
    const b = toSarif(input({ findings: [allowAll, internetLb, fromStdin, oddPort], rules: [...RULES].reverse() }));
    expect(b).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
    expect(a).toContain('\n  "version": "2.1.0",\n'); // 2-space indentation
    expect(a).not.toMatch(/file:|\/work\/|"uri": "[^"]*\\|"uri": "\//);
  });
});

describe('toSarif on arbitrary findings', () => {
  const FIVE_LINES = 'a: 1\n  b: [x, y]\n\t- c\n  d: "é🚀"\nkind: X\n';
  const arbSegment = fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 6 })
    .filter((s) => !s.includes('/') && s !== '.' && s !== '..');
  const arbFile = fc.array(arbSegment, { minLength: 1, maxLength: 3 }).map((segs) => segs.join('/'));
  const arbText = fc.string({ unit: fc.constantFrom('a', ' ', '[', ']', '(', ')', '1', '\\', '\n', ':', '.', 'é', '🚀'), maxLength: 30 });
  const arbRef = (files: string[]) =>
    fc.record({
      file: fc.constantFrom(...files),
      doc: fc.nat(3),
      path: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.nat(3)), { maxLength: 3 }),
      region: fc
        .record({ line: fc.integer({ min: 1, max: 6 }), col: fc.integer({ min: 1, max: 12 }), len: fc.nat(8) })
        .map(({ line, col, len }) => region(line, col, col + len)),
    });
  const arbFinding = (files: string[]) =>
    fc.record({
      ruleId: fc.constantFrom(...RULES.map((r) => r.id), 'extra/unregistered'),
      level: fc.constantFrom('error' as const, 'warning' as const, 'note' as const),
      message: arbText.map((t) => `Kind ns/name: ${t}`),
      at: arbRef(files),
      related: fc.array(fc.record({ at: arbRef(files), message: arbText }), { maxLength: 4 }),
      flow: fc.option(fc.array(fc.record({ at: arbRef(files), message: arbText }), { maxLength: 3 }), { nil: undefined }),
      object: fc.constantFrom('ns/Kind/name', 'Kind/name', ''),
      fingerprint: fc.string({ maxLength: 10 }),
    });

  it('always passes the schema and the GitHub checks', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbFile, { minLength: 1, maxLength: 3 }).chain((files) =>
          fc.tuple(fc.constant(files), fc.array(arbFinding([...files, STDIN]), { maxLength: 6 })),
        ),
        fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        ([files, partial], maxSarifResults) => {
          const findings: Finding[] = partial.map((f) => ({ ...f, messageId: 'm', data: {}, objectFqn: f.object }));
          const texts = new Map(files.map((f) => [f, FIVE_LINES]));
          const log = JSON.parse(toSarif(input({ findings, texts, maxSarifResults }))) as unknown;
          expect(validateSarif(log)).toEqual([]);
          expect(githubSarifProblems(log, texts)).toEqual([]);
          for (const line of toText(input({ findings })).split('\n').filter(Boolean)) expect(line).toMatch(TEXT_LINE);
        },
      ),
      { numRuns: 150 },
    );
  });
});

// ------------------------------------------------------------------------------------------------

const TEXT_LINE = /^(.+?):(\d+):(\d+):\s+(error|warning|note):\s+(.*?)\s+\[([A-Za-z0-9_./-]+)\]$/;

describe('toText', () => {
  it('prints one problem-matcher line per finding, stdin included, sorted by file and position', () => {
    const out = toText(input());
    expect(out).toBe(
      [
        '<stdin>:3:7: error: NetworkPolicy payments/allow-all-ingress: ingress rule 1 admits traffic from every source. [netpol/allow-all-ingress]',
        'k8s/prod/payments.yaml:11:7: error: NetworkPolicy payments/allow-all-ingress: ingress rule 1 admits traffic from every source. [netpol/allow-all-ingress]',
        'k8s/prod/payments.yaml:19:58: warning: Service payments/payments-lb provisions an internet-facing AWS load balancer and sets no loadBalancerSourceRanges. [service/internet-facing-lb]',
        'k8s/shop/my app:v2.yaml:12:30: note: Deployment shop/api: port 8080, 100% unused: no Service | targets it. [workload/port-not-declared]',
        '',
      ].join('\n'),
    );
    const lines = out.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(TEXT_LINE);
    const odd = TEXT_LINE.exec(lines[3]!)!;
    expect(odd.slice(1, 7)).toEqual([
      'k8s/shop/my app:v2.yaml',
      '12',
      '30',
      'note',
      'Deployment shop/api: port 8080, 100% unused: no Service | targets it.',
      'workload/port-not-declared',
    ]);
  });

  it('uses displayPath and prints nothing for no findings', () => {
    expect(toText(input({ findings: [internetLb], displayPath: (f) => `./${f}` }))).toMatch(/^\.\/k8s\/prod\/payments\.yaml:19:58: /);
    expect(toText(input({ findings: [] }))).toBe('');
  });

  it('summaryLine counts by level with plurals', () => {
    expect(summaryLine([allowAll, fromStdin, internetLb])).toBe('2 errors, 1 warning, 0 notes');
    expect(summaryLine([oddPort])).toBe('0 errors, 0 warnings, 1 note');
    expect(summaryLine([])).toBe('0 errors, 0 warnings, 0 notes');
  });
});

describe('toGithub', () => {
  it('writes workflow commands, most severe first, with data and property escaping', () => {
    const lines = toGithub(input()).trimEnd().split('\n');
    expect(lines).toEqual([
      '::error title=netpol/allow-all-ingress::NetworkPolicy payments/allow-all-ingress: ingress rule 1 admits traffic from every source.',
      '::error file=k8s/prod/payments.yaml,line=11,endLine=11,col=7,endColumn=9,title=netpol/allow-all-ingress::NetworkPolicy payments/allow-all-ingress: ingress rule 1 admits traffic from every source.',
      '::warning file=k8s/prod/payments.yaml,line=19,endLine=19,col=58,endColumn=73,title=service/internet-facing-lb::Service payments/payments-lb provisions an internet-facing AWS load balancer and sets no loadBalancerSourceRanges.',
      '::notice file=k8s/shop/my app%3Av2.yaml,line=12,endLine=12,col=30,endColumn=34,title=workload/port-not-declared::Deployment shop/api: port 8080, 100%25 unused:%0Ano Service | targets it.',
    ]);
  });

  it('escapes CR, commas and colons in properties', () => {
    const f: Finding = { ...oddPort, message: 'a\r\nb' };
    const out = toGithub(input({ findings: [f], displayPath: () => 'a,b:c%d.yaml' }));
    expect(out).toBe('::notice file=a%2Cb%3Ac%25d.yaml,line=12,endLine=12,col=30,endColumn=34,title=workload/port-not-declared::a%0D%0Ab\n');
  });
});

describe('toJson', () => {
  it('lists every finding with its locations and a summary', () => {
    const report = JSON.parse(toJson(input()));
    expect(report.version).toBe('0.1.0');
    expect(report.summary).toEqual({ error: 2, warning: 1, note: 1, suppressed: 0 });
    expect(report.findings).toHaveLength(4);
    const first = report.findings[1];
    expect(Object.keys(first)).toEqual([
      'ruleId',
      'level',
      'message',
      'messageId',
      'data',
      'location',
      'object',
      'fingerprint',
      'related',
      'flow',
    ]);
    expect(first.data).toEqual({ index: '1', policy: 'payments/allow-all-ingress' });
    expect(Object.keys(first.data)).toEqual(['index', 'policy']);
    expect(first.location).toEqual({ file: PAYMENTS, line: 11, column: 7, endLine: 11, endColumn: 9, path: 'spec.ingress[0]' });
    expect(first.related[1]).toEqual({
      message: 'Deployment shop/[api]',
      location: { file: ODD, line: 4, column: 9, endLine: 4, endColumn: 12, path: 'metadata.name' },
    });
    expect(first.flow).toHaveLength(2);
    expect('flow' in report.findings[2]).toBe(false);
    expect(buildJsonReport(input()).findings[0]!.location.file).toBe(STDIN);
  });
});

describe('toMarkdown', () => {
  it('has a count table by rule and level and findings grouped by file, linked to their line', () => {
    const md = toMarkdown(input());
    expect(md).toBe(
      [
        '### netreach: 2 errors, 1 warning, 1 note',
        '',
        '| Rule | Level | Count |',
        '| --- | --- | ---: |',
        '| `netpol/allow-all-ingress` | error | 2 |',
        '| `service/internet-facing-lb` | warning | 1 |',
        '| `workload/port-not-declared` | note | 1 |',
        '',
        '#### <stdin>'.replace('<stdin>', '\\<stdin\\>'),
        '',
        '- \\<stdin\\>:3:7 **error** NetworkPolicy payments/allow-all-ingress: ingress rule 1 admits traffic from every source. (`netpol/allow-all-ingress`)',
        '',
        '#### k8s/prod/payments.yaml',
        '',
        '- [k8s/prod/payments.yaml:11:7](k8s/prod/payments.yaml#L11) **error** NetworkPolicy payments/allow-all-ingress: ingress rule 1 admits traffic from every source. (`netpol/allow-all-ingress`)',
        '- [k8s/prod/payments.yaml:19:58](k8s/prod/payments.yaml#L19) **warning** Service payments/payments-lb provisions an internet-facing AWS load balancer and sets no loadBalancerSourceRanges. (`service/internet-facing-lb`)',
        '',
        '#### k8s/shop/my app:v2.yaml',
        '',
        '- [k8s/shop/my app:v2.yaml:12:30](k8s/shop/my%20app%3Av2.yaml#L12) **note** Deployment shop/api: port 8080, 100% unused: no Service \\| targets it. (`workload/port-not-declared`)',
        '',
      ].join('\n'),
    );
  });

  // A job summary or PR comment does not resolve relative links: in GitHub Actions they point at the commit.
  it('links to the file at the commit under test when a link base is given', () => {
    const base = githubLinkBase({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/platform', GITHUB_SHA: 'abc123' });
    expect(base).toBe('https://github.com/acme/platform/blob/abc123/');
    expect(githubLinkBase({ GITHUB_REPOSITORY: 'acme/platform' })).toBeUndefined();
    expect(toMarkdown(input({ linkBase: base! }))).toContain('(https://github.com/acme/platform/blob/abc123/k8s/prod/payments.yaml#L11)');
  });

  it('escapes | in table cells and says so when there is nothing', () => {
    const f: Finding = { ...oddPort, ruleId: 'odd|rule' };
    expect(toMarkdown(input({ findings: [f] }))).toContain('| `odd\\|rule` | note | 1 |');
    expect(toMarkdown(input({ findings: [] }))).toBe('### netreach: 0 errors, 0 warnings, 0 notes\n\nNo findings.\n');
  });
});

describe('render', () => {
  const direct: Record<ReportFormat, (i: ReportInput) => string> = {
    text: toText,
    json: toJson,
    sarif: toSarif,
    github: toGithub,
    markdown: toMarkdown,
  };

  it.each(REPORT_FORMATS)('%s: dispatches and renders byte-identically twice', (format) => {
    const once = render(format, input());
    expect(once).toBe(direct[format](input()));
    expect(render(format, input())).toBe(once);
    expect(once.endsWith('\n')).toBe(true);
  });

  it('rejects an unknown format', () => {
    expect(() => render('xml' as ReportFormat, input())).toThrow(/unknown report format/);
  });
});
