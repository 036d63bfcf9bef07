// The validators other test suites rely on must themselves catch what they claim to catch.
import { describe, expect, it } from 'vitest';
import { embeddedLinkIds, githubSarifProblems, validateSarif } from '../../test/support/sarif-validate.js';
import { lineHashes } from './fingerprint.js';

const TEXT = 'kind: NetworkPolicy\nspec:\n  ingress:\n    - {}\n';

type AnyJson = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small, valid log (the shape toSarif writes), fresh for every mutation. */
function validLog(): AnyJson {
  const where = (line: number, col: number, end: number) => ({
    artifactLocation: { uri: 'k8s/a%20b/np.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: line, startColumn: col, endLine: line, endColumn: end },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'netreach',
            semanticVersion: '0.1.0',
            informationUri: 'https://github.com/netreach/netreach',
            rules: [
              {
                id: 'netpol/allow-all-ingress',
                name: 'NetpolAllowAllIngress',
                shortDescription: { text: 'Ingress rule admits every source' },
                fullDescription: { text: 'An ingress rule without peers admits every source.' },
                help: { text: 'Add from peers.', markdown: 'Add `from` peers.' },
                defaultConfiguration: { level: 'error' },
                properties: { tags: ['security'], precision: 'high', 'problem.severity': 'error', 'security-severity': '8.0' },
              },
            ],
          },
        },
        columnKind: 'utf16CodeUnits',
        results: [
          {
            ruleId: 'netpol/allow-all-ingress',
            ruleIndex: 0,
            level: 'error',
            message: { text: 'NetworkPolicy a/b: rule 1 admits everything. Related: [the \\[spec\\]](1).' },
            locations: [{ physicalLocation: where(4, 7, 9) }],
            relatedLocations: [{ id: 1, physicalLocation: where(2, 1, 5), message: { text: 'the [spec]' } }],
            partialFingerprints: { primaryLocationLineHash: '5510aa24cc92790a:1' },
          },
        ],
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: [] }],
      },
    ],
  };
}

const texts = (): Map<string, string> => new Map([['k8s/a b/np.yaml', TEXT]]);

/** Problems after one mutation of the valid log. */
function problemsAfter(mutate: (log: AnyJson) => void, withTexts = false): { schema: string[]; github: string[] } {
  const log = validLog();
  mutate(log);
  return { schema: validateSarif(log), github: githubSarifProblems(log, withTexts ? texts() : undefined) };
}

const result = (log: AnyJson): AnyJson => log.runs[0].results[0];
const primary = (log: AnyJson): AnyJson => result(log).locations[0].physicalLocation;

describe('the valid baseline', () => {
  it('passes both validators, with the line hash recomputed', () => {
    expect(lineHashes(TEXT)[3]).toBe(validLog().runs[0].results[0].partialFingerprints.primaryLocationLineHash);
    expect(validateSarif(validLog())).toEqual([]);
    expect(githubSarifProblems(validLog(), texts())).toEqual([]);
  });
});

describe('validateSarif (OASIS schema)', () => {
  it('catches a bad enum, line 0 and non-URI characters', () => {
    expect(problemsAfter((l) => (result(l).level = 'bogus')).schema.join('\n')).toMatch(/level/);
    expect(problemsAfter((l) => (primary(l).region.startLine = 0)).schema.join('\n')).toMatch(/startLine/);
    expect(problemsAfter((l) => (primary(l).artifactLocation.uri = 'k8s/a b.yaml')).schema.join('\n')).toMatch(/uri/);
    expect(problemsAfter((l) => (primary(l).artifactLocation.uri = 'k8s\\a.yaml')).schema.join('\n')).toMatch(/uri/);
  });

  it('rejects a log without version', () => {
    expect(problemsAfter((l) => delete l.version).schema).not.toEqual([]);
  });
});

describe('githubSarifProblems', () => {
  const cases: [string, (log: AnyJson) => void, RegExp][] = [
    ['":" in the first segment (schema accepts it)', (l) => (primary(l).artifactLocation.uri = 'ns:app/x.yaml'), /has a scheme/],
    ['absolute file URI', (l) => (primary(l).artifactLocation.uri = 'file:///repo/x.yaml'), /has a scheme/],
    ['backslash', (l) => (primary(l).artifactLocation.uri = 'k8s\\x.yaml'), /backslash/],
    ['leading slash', (l) => (primary(l).artifactLocation.uri = '/k8s/x.yaml'), /not relative/],
    ['unencoded space', (l) => (primary(l).artifactLocation.uri = 'k8s/a b.yaml'), /not percent-encoded/],
    ['bad escape', (l) => (primary(l).artifactLocation.uri = 'k8s/%E0%A4.yaml'), /does not decode/],
    ['unknown rule', (l) => (result(l).ruleId = 'netpol/other'), /not in tool.driver.rules/],
    ['wrong ruleIndex', (l) => (result(l).ruleIndex = 3), /ruleIndex 3/],
    ['no explicit level', (l) => delete result(l).level, /level missing/],
    ['empty message', (l) => (result(l).message.text = ' '), /message.text missing/],
    ['empty first sentence', (l) => (result(l).message.text = '. Related: [x](1).'), /first sentence/],
    ['two locations', (l) => result(l).locations.push(result(l).locations[0]), /2 locations/],
    ['no locations', (l) => (result(l).locations = []), /0 locations/],
    ['missing region field', (l) => delete primary(l).region.endColumn, /region.endColumn/],
    ['multi-line region', (l) => (primary(l).region.endLine = 5), /several lines/],
    ['missing line hash', (l) => delete result(l).partialFingerprints.primaryLocationLineHash, /primaryLocationLineHash missing/],
    ['malformed line hash', (l) => (result(l).partialFingerprints.primaryLocationLineHash = 'xyz'), /malformed/],
    ['link to a missing id', (l) => (result(l).message.text = 'A: b. See [here](2).'), /links to \(2\) but 0/],
    ['related location not linked', (l) => (result(l).message.text = 'A: b.'), /related location 1 is not linked/],
    ['duplicate related id', (l) => result(l).relatedLocations.push(result(l).relatedLocations[0]), /duplicate id 1/],
    ['non-numeric security-severity', (l) => (l.runs[0].tool.driver.rules[0].properties['security-severity'] = 'high'), /security-severity/],
    ['security-severity 0', (l) => (l.runs[0].tool.driver.rules[0].properties['security-severity'] = '0.0'), /security-severity/],
    ['security-severity above 10', (l) => (l.runs[0].tool.driver.rules[0].properties['security-severity'] = '10.5'), /security-severity/],
    ['missing help text', (l) => delete l.runs[0].tool.driver.rules[0].help, /help.text/],
    ['empty fullDescription', (l) => (l.runs[0].tool.driver.rules[0].fullDescription.text = ''), /fullDescription/],
    ['results missing', (l) => delete l.runs[0].results, /results array missing/],
    ['no columnKind', (l) => delete l.runs[0].columnKind, /columnKind/],
    ['pre-release $schema', (l) => (l.$schema = 'https://schemastore.azurewebsites.net/schemas/json/sarif-2.1.0-rtm.5.json'), /\$schema/],
    ['two runs, same tool and category', (l) => l.runs.push(structuredClone(l.runs[0])), /same tool and category/],
  ];

  it.each(cases)('flags %s', (_name, mutate, expected) => {
    expect(problemsAfter(mutate).github.join('\n')).toMatch(expected);
  });

  it('flags a line hash that disagrees with the file text, only when texts are given', () => {
    const mutate = (l: AnyJson): void => {
      result(l).partialFingerprints.primaryLocationLineHash = 'abc:1';
    };
    expect(problemsAfter(mutate, true).github.join('\n')).toMatch(/hashes to "5510aa24cc92790a:1"/);
    expect(problemsAfter(mutate, false).github).toEqual([]);
  });

  it('accepts two runs of the same tool under different categories', () => {
    const { github } = problemsAfter((l) => {
      const second = structuredClone(l.runs[0]);
      l.runs[0].automationDetails = { id: 'prod/' };
      second.automationDetails = { id: 'staging/' };
      l.runs.push(second);
    });
    expect(github).toEqual([]);
  });
});

describe('embeddedLinkIds', () => {
  it('finds related-location links and skips escaped brackets and URI links', () => {
    expect(embeddedLinkIds('See [a](1) and [b c](22).')).toEqual([1, 22]);
    expect(embeddedLinkIds('Escaped \\[a\\](1) is text, [x \\] y](2) is a link.')).toEqual([2]);
    expect(embeddedLinkIds('A [web link](https://example.com) and [nested [inner](3)')).toEqual([3]);
    expect(embeddedLinkIds('ports [80, 443] (1) and [](4)')).toEqual([4]);
    expect(embeddedLinkIds('trailing [unclosed')).toEqual([]);
  });
});
