import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { fingerprintOf } from '../lint/runner.js';
import { FileRenamer, withRepoFingerprint } from './fingerprint.js';

describe('FileRenamer', () => {
  const renamer = new FileRenamer(['vpc.yaml', 'net/vpc.yaml', '<stdin>'], (f) => (f === '<stdin>' ? undefined : `infra/${f}`));

  it('rewrites file names where ids and keys embed them, longest first, and nothing else', () => {
    expect(renamer.rename('Subnet/cfn:vpc.yaml#A')).toBe('Subnet/cfn:infra/vpc.yaml#A');
    expect(renamer.rename('Subnet/cfn:net/vpc.yaml#A')).toBe('Subnet/cfn:infra/net/vpc.yaml#A');
    expect(renamer.rename('cfn:vpc.yaml#A>cfn:vpc.yaml#B')).toBe('cfn:infra/vpc.yaml#A>cfn:infra/vpc.yaml#B');
    expect(renamer.rename('eksctl:shop@vpc.yaml#1')).toBe('eksctl:shop@infra/vpc.yaml#1');
    expect(renamer.rename('vpc.yaml#0')).toBe('infra/vpc.yaml#0');
    expect(renamer.rename('shop/Service/vpc.yaml')).toBe('shop/Service/vpc.yaml');
    expect(renamer.rename('cfn:xvpc.yaml#A')).toBe('cfn:xvpc.yaml#A');
  });

  it('recomputes the fingerprint from repository paths, keeping keys apart', () => {
    const f = {
      ruleId: 'vpc/x',
      object: 'Subnet/cfn:vpc.yaml#A',
      key: 'cfn:vpc.yaml#B',
      at: { file: 'vpc.yaml', doc: 0, path: ['Resources', 'A'], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
      fingerprint: 'old',
    } as unknown as Finding;
    expect(withRepoFingerprint(f, renamer).fingerprint).toBe(fingerprintOf('vpc/x', 'Subnet/cfn:infra/vpc.yaml#A', ['Resources', 'A'], 'cfn:infra/vpc.yaml#B'));
    expect(withRepoFingerprint({ ...f, key: 'cfn:vpc.yaml#C' }, renamer).fingerprint).not.toBe(withRepoFingerprint(f, renamer).fingerprint);
  });
});
