/**
 * Findings of two versions compared by their line-free fingerprint (rule + object + field path + key),
 * so a finding whose lines moved is the same finding. Fingerprints name files from the root of each
 * version's tree, which is what makes two checkouts in different directories compare equal.
 */
import { isReported, type Finding } from '../core/finding.js';
import { sortFindings } from '../reporters/text.js';

export interface FindingsDiff {
  /** Reported in HEAD, not reported in BASE. */
  added: Finding[];
  /**
   * Reported in BASE, absent from HEAD. A finding HEAD merely suppresses is not fixed: it is not
   * listed on either side.
   */
  fixed: Finding[];
}

export function diffFindings(base: readonly Finding[], head: readonly Finding[]): FindingsDiff {
  const reportedInBase = new Set(base.filter(isReported).map((f) => f.fingerprint));
  const inHead = new Set(head.map((f) => f.fingerprint));
  return {
    added: sortFindings(head.filter((f) => isReported(f) && !reportedInBase.has(f.fingerprint))),
    fixed: sortFindings(base.filter((f) => isReported(f) && !inHead.has(f.fingerprint))),
  };
}
