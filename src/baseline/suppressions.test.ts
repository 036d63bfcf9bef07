import { describe, expect, it } from 'vitest';
import { analyzeTexts } from '../analyze.js';
import { parseConfig } from '../config/index.js';
import { globToRegExp } from '../core/glob.js';
import { parseIgnoreAnnotation, relativeToConfig, rulePatternMatches } from './suppressions.js';

describe('parseIgnoreAnnotation', () => {
  it('reads rule ids and groups, then an optional reason after the first colon', () => {
    expect(parseIgnoreAnnotation('netpol/internet-exposed')).toEqual({ rules: ['netpol/internet-exposed'] });
    expect(parseIgnoreAnnotation(' a/b , c/* ,, : why: because ')).toEqual({ rules: ['a/b', 'c/*'], reason: 'why: because' });
    expect(parseIgnoreAnnotation('a/b:')).toEqual({ rules: ['a/b'] });
    expect(parseIgnoreAnnotation('')).toEqual({ rules: [] });
  });
});

describe('patterns', () => {
  it('matches a rule id exactly, or every rule of a group', () => {
    expect(rulePatternMatches('netpol/*', 'netpol/not-isolated')).toBe(true);
    expect(rulePatternMatches('netpol/*', 'netpolx/a')).toBe(false);
    expect(rulePatternMatches('netpol/not-isolated', 'netpol/not-isolated')).toBe(true);
    expect(rulePatternMatches('netpol/not', 'netpol/not-isolated')).toBe(false);
  });

  it('globs object ids with * across slashes and ? for one character, everything else literal', () => {
    expect(globToRegExp('shop/*').test('shop/Deployment/api')).toBe(true);
    expect(globToRegExp('Subnet/Private?').test('Subnet/PrivateA')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });

  it('names files from the config file directory, whatever the working directory', () => {
    expect(relativeToConfig('netreach.yaml', 'k8s/a.yaml', '/r')).toBe('k8s/a.yaml');
    expect(relativeToConfig('../netreach.yaml', 'a.yaml', '/r/k8s')).toBe('k8s/a.yaml');
    expect(relativeToConfig('conf/netreach.yaml', 'k8s/a.yaml', '/r')).toBeUndefined();
    expect(relativeToConfig(undefined, 'a.yaml', '/r')).toBe('a.yaml');
  });
});

const DEPLOYMENT = (annotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
${annotations}spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: x}]
`;

describe('applySuppressions (through the runner)', () => {
  const isolated = (f: { ruleId: string; object: string }) => f.ruleId === 'netpol/not-isolated' && f.object === 'shop/Deployment/api';

  it('marks the findings of the annotated object for the named rules, and only those', () => {
    const plain = analyzeTexts({ 'a.yaml': DEPLOYMENT('') }, parseConfig('', 'netreach.yaml'));
    expect(plain.findings.filter(isolated).length).toBeGreaterThan(0);
    expect(plain.findings.some((f) => f.suppressed)).toBe(false);

    const annotated = analyzeTexts({ 'a.yaml': DEPLOYMENT('  annotations:\n    netreach.io/ignore: "netpol/not-isolated: batch job"\n') }, parseConfig('', 'netreach.yaml'));
    for (const f of annotated.findings) {
      if (isolated(f)) expect(f.suppressed).toMatchObject({ kind: 'inSource', reason: 'batch job', at: { file: 'a.yaml', region: { startLine: 7 } } });
      else expect(f.suppressed).toBeUndefined();
    }
  });

  it('marks findings a suppress: entry matches (external), by object glob', () => {
    const config = parseConfig('suppress:\n  - rule: netpol/not-isolated\n    object: shop/*\n    reason: later\n', 'netreach.yaml');
    const result = analyzeTexts({ 'a.yaml': DEPLOYMENT('') }, config);
    const marked = result.findings.filter(isolated);
    expect(marked.length).toBeGreaterThan(0);
    for (const f of marked) expect(f.suppressed).toMatchObject({ kind: 'external', reason: 'later', at: { file: 'netreach.yaml', region: { startLine: 2 } } });
  });

  it('rejects a suppress: entry with neither object nor file, or without a reason', () => {
    expect(() => parseConfig('suppress:\n  - rule: netpol/not-isolated\n    reason: x\n', 'n.yaml')).toThrow(/needs object or file/);
    expect(() => parseConfig('suppress:\n  - rule: netpol/not-isolated\n    object: a\n', 'n.yaml')).toThrow();
  });
});
