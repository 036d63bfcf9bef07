import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { summaryLine } from '../reporters/text.js';
import { applyBaseline, BaselineError, parseBaseline } from './baseline.js';

const finding = (fingerprint: string, message = 'Service shop/api: bad.'): Finding => ({
  ruleId: 'service/x',
  messageId: 'm',
  data: {},
  message,
  level: 'error',
  at: { file: 'a.yaml', doc: 0, path: [], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
  related: [],
  object: 'shop/Service/api',
  objectFqn: 'v1/Service/shop/api',
  fingerprint,
});

const log = (results: unknown[]) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'netreach' } }, results }] });

describe('parseBaseline / applyBaseline', () => {
  it('marks findings whose netreachObject/v1 fingerprint the baseline has as unchanged, the others new', () => {
    const baseline = parseBaseline(log([{ ruleId: 'service/x', partialFingerprints: { 'netreachObject/v1': 'aaa' } }]), 'b.sarif');
    const out = applyBaseline([finding('aaa'), finding('bbb')], baseline);
    expect(out.map((f) => f.baselineState)).toEqual(['unchanged', 'new']);
    expect(summaryLine(out)).toBe('1 error, 0 warnings, 0 notes, 1 unchanged since the baseline');
  });

  it('matches results without a fingerprint by rule, logical location and message (also with related links appended)', () => {
    const loc = [{ logicalLocations: [{ fullyQualifiedName: 'v1/Service/shop/api' }] }];
    const baseline = parseBaseline(log([{ ruleId: 'service/x', message: { text: 'Service shop/api: bad. Related: [x](1).' }, locations: loc }]), 'b.sarif');
    expect(baseline.withoutFingerprint).toBe(1);
    const out = applyBaseline([finding('zzz'), finding('yyy', 'Service shop/api: worse.')], baseline);
    expect(out.map((f) => f.baselineState)).toEqual(['unchanged', 'new']);
  });

  it('leaves out suppressed (accepted) and absent results', () => {
    const baseline = parseBaseline(
      log([
        { ruleId: 'service/x', partialFingerprints: { 'netreachObject/v1': 'a' }, suppressions: [{ kind: 'inSource' }] },
        { ruleId: 'service/x', partialFingerprints: { 'netreachObject/v1': 'b' }, suppressions: [{ kind: 'inSource', status: 'rejected' }] },
        { ruleId: 'service/x', partialFingerprints: { 'netreachObject/v1': 'c' }, baselineState: 'absent' },
      ]),
      'b.sarif',
    );
    expect([...baseline.fingerprints]).toEqual(['b']);
  });

  it('refuses what is not a netreach SARIF log', () => {
    expect(() => parseBaseline('nope', 'b.sarif')).toThrow(BaselineError);
    expect(() => parseBaseline('{}', 'b.sarif')).toThrow('baseline b.sarif is not a SARIF log (no runs array)');
    expect(() => parseBaseline(JSON.stringify({ runs: [{ tool: { driver: { name: 'netreach' } } }] }), 'b.sarif')).toThrow('has no results array');
    expect(parseBaseline('\uFEFF' + log([]), 'b.sarif').fingerprints.size).toBe(0);
  });
});
