/**
 * `check --baseline FILE.sarif`: findings already present in an earlier netreach SARIF log are
 * "unchanged" and no longer reported (nor counted for the exit code); the rest are "new" (SARIF
 * §3.27.24 baselineState).
 *
 * Matching uses our own line-free fingerprint, `partialFingerprints["netreachObject/v1"]` (rule id +
 * object identity + field path), so moved lines, reformatting and added comments do not turn old findings
 * into new ones. A result without it (another producer, an edited file) is matched by rule id, the
 * object's fully qualified name (logicalLocations) and the message — less stable, and said so.
 * Results the baseline shows as suppressed are not part of it: lifting a suppression reports the finding.
 */
import { readFile } from 'node:fs/promises';
import type { Finding } from '../core/finding.js';
import { OBJECT_FINGERPRINT_KEY, resultMessageBase, TOOL_NAME } from '../reporters/sarif.js';

/** The baseline cannot be used: exit 2 with this message. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

export interface Baseline {
  /** The file as the user named it. */
  file: string;
  fingerprints: ReadonlySet<string>;
  /** `ruleId \u0000 fullyQualifiedName` → message texts of results that had no netreachObject/v1 fingerprint. */
  byMessage: ReadonlyMap<string, readonly string[]>;
  /** Results matched by message because they had no fingerprint. */
  withoutFingerprint: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fallbackKey(ruleId: string, fqn: string): string {
  return `${ruleId}\u0000${fqn}`;
}

/** Whether a SARIF result is suppressed: a non-empty `suppressions` array with an accepted (or unspecified) status. */
function isSuppressedResult(result: Record<string, unknown>): boolean {
  const s = result.suppressions;
  if (!Array.isArray(s) || s.length === 0) return false;
  // SARIF §3.35.3: underReview and rejected suppressions do not suppress.
  return s.some((x) => isObject(x) && (x.status === undefined || x.status === 'accepted'));
}

/** Parses the text of a SARIF log into a baseline; throws BaselineError when it is not a netreach SARIF log. */
export function parseBaseline(text: string, file: string): Baseline {
  let log: unknown;
  try {
    log = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new BaselineError(`baseline ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(log) || !Array.isArray(log.runs)) throw new BaselineError(`baseline ${file} is not a SARIF log (no runs array)`);
  const runs = log.runs.filter((r): r is Record<string, unknown> => {
    if (!isObject(r) || !isObject(r.tool) || !isObject(r.tool.driver)) return false;
    return r.tool.driver.name === TOOL_NAME;
  });
  if (runs.length === 0) throw new BaselineError(`baseline ${file} has no ${TOOL_NAME} run (write it with: netreach check --format sarif)`);

  const fingerprints = new Set<string>();
  const byMessage = new Map<string, string[]>();
  let withoutFingerprint = 0;
  for (const run of runs) {
    if (!Array.isArray(run.results)) throw new BaselineError(`baseline ${file}: a ${TOOL_NAME} run has no results array`);
    for (const result of run.results) {
      if (!isObject(result) || typeof result.ruleId !== 'string') continue;
      if (isSuppressedResult(result) || result.baselineState === 'absent') continue;
      const fp = isObject(result.partialFingerprints) ? result.partialFingerprints[OBJECT_FINGERPRINT_KEY] : undefined;
      if (typeof fp === 'string' && fp !== '') {
        fingerprints.add(fp);
        continue;
      }
      const message = isObject(result.message) && typeof result.message.text === 'string' ? result.message.text : undefined;
      const fqn = logicalName(result);
      if (message === undefined || fqn === undefined) continue;
      const key = fallbackKey(result.ruleId, fqn);
      byMessage.set(key, [...(byMessage.get(key) ?? []), message]);
      withoutFingerprint++;
    }
  }
  return { file, fingerprints, byMessage, withoutFingerprint };
}

/** `locations[0].logicalLocations[0].fullyQualifiedName`, which netreach writes for every result. */
function logicalName(result: Record<string, unknown>): string | undefined {
  const location = Array.isArray(result.locations) ? result.locations[0] : undefined;
  const logical = isObject(location) && Array.isArray(location.logicalLocations) ? location.logicalLocations[0] : undefined;
  return isObject(logical) && typeof logical.fullyQualifiedName === 'string' ? logical.fullyQualifiedName : undefined;
}

/** Reads and parses `file` (resolved by the caller); unreadable is a BaselineError too. */
export async function readBaseline(absolutePath: string, displayName: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : err instanceof Error ? err.message : String(err);
    throw new BaselineError(`cannot read baseline ${displayName}: ${reason}`);
  }
  return parseBaseline(text, displayName);
}

/** The message as netreach writes it into SARIF is the finding's, possibly followed by " Related: …". */
function sameMessage(sarifText: string, base: string): boolean {
  return sarifText === base || sarifText.startsWith(`${base} Related: `);
}

export function inBaseline(f: Finding, baseline: Baseline): boolean {
  if (f.fingerprint !== '' && baseline.fingerprints.has(f.fingerprint)) return true;
  const texts = baseline.byMessage.get(fallbackKey(f.ruleId, f.objectFqn || f.object));
  if (texts === undefined) return false;
  const base = resultMessageBase(f);
  return texts.some((t) => sameMessage(t, base));
}

/** Every finding gets a baselineState: "unchanged" when the baseline has it, else "new". */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): Finding[] {
  return findings.map((f) => ({ ...f, baselineState: inBaseline(f, baseline) ? 'unchanged' : 'new' }));
}
