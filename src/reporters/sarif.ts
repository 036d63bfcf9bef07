/**
 * SARIF 2.1.0 for GitHub code scanning, VS Code and any other SARIF consumer.
 * Every choice here is pinned by shared/data/SARIF.md §2 (what GitHub requires or silently drops);
 * the section numbers below refer to it.
 */
import { isReported, LEVEL_RANK, type BaselineState, type Finding, type Level } from '../core/finding.js';
import type { RuleDescriptor } from '../core/rule-descriptor.js';
import { compareStrings, formatPath, type Region, type SourceRef } from '../core/source.js';
import { LineHashCache } from './fingerprint.js';
import { compareFindings, oneLine, sortFindings } from './text.js';
import type { ReportInput } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Never rename: GitHub keys alerts and categories by it (§2.1). */
export const TOOL_NAME = 'netreach';
export const TOOL_INFORMATION_URI = 'https://github.com/netreach/netreach';
export const SRCROOT = '%SRCROOT%';
/** partialFingerprints key of our own logical fingerprint (ignored by GitHub, used by --baseline). */
export const OBJECT_FINGERPRINT_KEY = 'netreachObject/v1';

/** GitHub keeps the top 5,000 results per run and rejects more than 25,000 (§2.5). */
export const DEFAULT_MAX_SARIF_RESULTS = 5000;
export const HARD_MAX_SARIF_RESULTS = 25_000;
/** GitHub keeps 100 locations and 1,000 thread-flow locations per result (§2.5). */
const MAX_RELATED = 100;
const MAX_FLOW_STEPS = 1000;
const MAX_TAGS = 20;
const MAX_DESCRIPTION = 1024;
const MAX_NAME = 255;

// ---------------------------------------------------------------------------------------------
// The subset of the SARIF object model we write. Property order in the literals below is the
// order in the output, so keep it stable.

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}
interface SarifRun {
  tool: { driver: SarifDriver };
  automationDetails?: { id: string };
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
  invocations: SarifInvocation[];
}
interface SarifDriver {
  name: string;
  semanticVersion: string;
  informationUri: string;
  rules: SarifRule[];
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Level };
  properties: Record<string, unknown>;
}
interface SarifPhysicalLocation {
  artifactLocation: { uri: string; uriBaseId: string };
  region?: SarifRegion;
}
interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface SarifLocation {
  id?: number;
  physicalLocation: SarifPhysicalLocation;
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
  message?: { text: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: [SarifLocation];
  relatedLocations?: SarifLocation[];
  codeFlows?: { threadFlows: { locations: { location: SarifLocation }[] }[] }[];
  partialFingerprints: Record<string, string>;
  suppressions?: SarifSuppression[];
  baselineState?: BaselineState;
  properties: { documentIndex: number; yamlPath: string };
}
/** SARIF §3.35. GitHub code scanning does not act on it (shared/data/SARIF.md §2.3): see README. */
interface SarifSuppression {
  kind: 'inSource' | 'external';
  status: 'accepted';
  justification?: string;
  location?: { physicalLocation: SarifPhysicalLocation };
}
interface SarifNotification {
  level: Level;
  message: { text: string };
  locations?: { physicalLocation: SarifPhysicalLocation }[];
}
interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: SarifNotification[];
}

// ---------------------------------------------------------------------------------------------
// URIs (§2.4)

/** Replace unpaired surrogates, which `encodeURIComponent` refuses, with U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Repo-relative POSIX path → SARIF `uri`: every segment percent-encoded (so `:` cannot read as a
 * scheme, and space, `%`, `#`, `?`, `\` are escaped), never absolute. Empty and `.` segments are
 * dropped; a path that climbs out of the repository (`..`) cannot be linked: undefined.
 */
export function sarifUri(repoPath: string): string | undefined {
  const segments = repoPath.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  return segments.map((s) => encodeURIComponent(wellFormed(s))).join('/');
}

// ---------------------------------------------------------------------------------------------
// Messages and embedded links (§2.3)

/** Link text may not contain unescaped brackets; a trailing backslash would escape the `]`. */
function escapeLinkText(s: string): string {
  return oneLine(s).replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/**
 * A finding message that happens to contain `[x](3)` would be read as a link to related location 3.
 * Only then are its brackets escaped: viewers may show the backslashes, so plain "[80, 443]" stays.
 */
function neutraliseLinks(message: string): string {
  return /\]\(\d+\)/.test(message) ? message.replace(/(?<!\\)[[\]]/g, (c) => `\\${c}`) : message;
}

/** The first sentence must stand alone, so what we append starts a new one. */
function endSentence(s: string): string {
  return /[.!?:;]$/.test(s) ? s : `${s}.`;
}

// ---------------------------------------------------------------------------------------------
// Rules (§2.2)

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function nonEmpty(s: string | undefined, fallback: string): string {
  return s !== undefined && s.trim() !== '' ? s : fallback;
}

function pascalSlug(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** "0.1".."10.0" as GitHub parses it; anything else fails the whole upload, so it is dropped. */
export function isValidSecuritySeverity(s: string): boolean {
  if (!/^\s*\d+(\.\d+)?\s*$/.test(s)) return false;
  const n = Number(s);
  return n > 0 && n <= 10;
}

const PROBLEM_SEVERITY: Record<Level, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

function sarifRule(d: RuleDescriptor): SarifRule {
  const description = nonEmpty(d.description, `netreach rule ${d.id}`);
  const remediation = nonEmpty(d.remediation, description);
  const securitySeverity =
    d.securitySeverity !== undefined && isValidSecuritySeverity(d.securitySeverity)
      ? d.securitySeverity.trim()
      : undefined;
  const tags = [...new Set(securitySeverity !== undefined ? ['security', ...d.tags] : d.tags)].slice(0, MAX_TAGS);
  const properties: Record<string, unknown> = {
    tags,
    precision: d.precision,
    'problem.severity': PROBLEM_SEVERITY[d.defaultLevel],
  };
  if (securitySeverity !== undefined) properties['security-severity'] = securitySeverity;
  return {
    id: d.id,
    name: clip(nonEmpty(d.name, pascalSlug(d.id) || d.id), MAX_NAME),
    shortDescription: { text: clip(description, MAX_DESCRIPTION) },
    fullDescription: { text: clip(nonEmpty(d.fullDescription, description), MAX_DESCRIPTION) },
    help: { text: remediation, markdown: nonEmpty(d.helpMarkdown, remediation) },
    ...(d.helpUri.trim() !== '' ? { helpUri: d.helpUri } : {}),
    defaultConfiguration: { level: d.defaultLevel },
    properties,
  };
}

/** Stand-in for a rule that reported but was not passed in `rules` (a CLI bug, but keep SARIF valid). */
function placeholderDescriptor(id: string, level: Level): RuleDescriptor {
  return {
    id,
    name: pascalSlug(id) || id,
    description: `Finding reported by netreach rule ${id}.`,
    remediation: `See the documentation of rule ${id}.`,
    helpUri: '',
    defaultLevel: level,
    type: 'problem',
    tags: [],
    precision: 'medium',
  };
}

// ---------------------------------------------------------------------------------------------

/** Everything that depends on the whole input: rule indexes, URIs, line texts and hashes. */
class SarifContext {
  readonly hashes: LineHashCache;
  readonly #uris = new Map<string, string | undefined>();
  readonly #lines = new Map<string, string[] | undefined>();

  constructor(private readonly input: ReportInput) {
    this.hashes = new LineHashCache(input.texts);
  }

  uri(file: string): string | undefined {
    if (!this.#uris.has(file)) {
      const repoPath = this.input.uriFor(file);
      this.#uris.set(file, repoPath === undefined ? undefined : sarifUri(repoPath));
    }
    return this.#uris.get(file);
  }

  lineLength(file: string, line: number): number | undefined {
    if (!this.#lines.has(file)) this.#lines.set(file, this.input.texts.get(file)?.split(/\r\n|\r|\n/));
    return this.#lines.get(file)?.[line - 1]?.length;
  }

  /**
   * All four fields, 1-based, on one line (§2.4: GitHub drops multi-line alerts from PR checks). The
   * loader already promises this; a region that breaks it is cut at the end of its first line.
   */
  region(file: string, r: Region): SarifRegion {
    const startLine = Math.max(1, Math.trunc(r.startLine));
    const startColumn = Math.max(1, Math.trunc(r.startColumn));
    let endColumn: number;
    if (Math.trunc(r.endLine) === startLine) endColumn = Math.trunc(r.endColumn);
    else endColumn = (this.lineLength(file, startLine) ?? startColumn - 1) + 1;
    return { startLine, startColumn, endLine: startLine, endColumn: Math.max(startColumn, endColumn) };
  }

  physical(ref: SourceRef): SarifPhysicalLocation | undefined {
    const uri = this.uri(ref.file);
    if (uri === undefined) return undefined;
    return { artifactLocation: { uri, uriBaseId: SRCROOT }, region: this.region(ref.file, ref.region) };
  }
}

function logicalLocations(f: Finding): SarifLocation['logicalLocations'] {
  const fqn = nonEmpty(f.objectFqn, f.object);
  if (fqn.trim() === '') return undefined;
  const name = f.object.split('/').pop() || fqn.split('/').pop() || fqn;
  return [{ name, fullyQualifiedName: fqn, kind: 'object' }];
}

/** The result message before " Related: …" is appended (also how --baseline matches results without a fingerprint). */
export function resultMessageBase(f: Finding): string {
  return endSentence(neutraliseLinks(nonEmpty(f.message.trim(), `${f.ruleId}: ${f.object || 'finding'}`)));
}

/**
 * SARIF §3.27.23: `suppressions` is null on every result or on none of a run. Absent means "not known", so
 * once any result is suppressed every other one says `[]` (evaluated, not suppressed).
 */
function sarifSuppressions(f: Finding, ctx: SarifContext): SarifSuppression[] {
  const s = f.suppressed;
  if (s === undefined) return [];
  const where = s.at === undefined ? undefined : ctx.physical(s.at);
  return [
    {
      kind: s.kind,
      status: 'accepted',
      ...(s.reason !== undefined && s.reason.trim() !== '' ? { justification: s.reason } : {}),
      ...(where !== undefined ? { location: { physicalLocation: where } } : {}),
    },
  ];
}

interface ResultOptions {
  withSuppressions: boolean;
  withBaselineState: boolean;
}

function sarifResult(f: Finding, ruleIndex: number, ctx: SarifContext, options: ResultOptions): SarifResult | undefined {
  const physicalLocation = ctx.physical(f.at);
  if (physicalLocation === undefined) return undefined;

  // Related locations become embedded links: GitHub only links those referenced in the message.
  const related: SarifLocation[] = [];
  const mentions: string[] = [];
  let unlinked = 0;
  for (const r of f.related) {
    const where = ctx.physical(r.at);
    const label = nonEmpty(oneLine(r.message), `related location ${mentions.length + 1}`);
    if (where === undefined) {
      mentions.push(neutraliseLinks(label));
    } else if (related.length < MAX_RELATED) {
      const id = related.length + 1;
      related.push({ id, physicalLocation: where, message: { text: label } });
      mentions.push(`[${escapeLinkText(label)}](${id})`);
    } else {
      unlinked++;
    }
  }
  if (unlinked > 0) mentions.push(`${unlinked} more`);

  let text = resultMessageBase(f);
  if (mentions.length > 0) text += ` Related: ${mentions.join(', ')}.`;

  const steps: { location: SarifLocation }[] = [];
  for (const step of f.flow ?? []) {
    const where = ctx.physical(step.at);
    if (where === undefined) continue;
    steps.push({ location: { physicalLocation: where, message: { text: nonEmpty(oneLine(step.message), 'step') } } });
    if (steps.length === MAX_FLOW_STEPS) break;
  }

  const partialFingerprints: Record<string, string> = {};
  const lineHash = ctx.hashes.get(f.at.file, physicalLocation.region!.startLine);
  if (lineHash !== undefined) partialFingerprints.primaryLocationLineHash = lineHash;
  if (f.fingerprint !== '') partialFingerprints[OBJECT_FINGERPRINT_KEY] = f.fingerprint;

  const logical = logicalLocations(f);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    message: { text },
    locations: [{ physicalLocation, ...(logical ? { logicalLocations: logical } : {}) }],
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    ...(steps.length > 0 ? { codeFlows: [{ threadFlows: [{ locations: steps }] }] } : {}),
    partialFingerprints,
    ...(options.withSuppressions ? { suppressions: sarifSuppressions(f, ctx) } : {}),
    ...(options.withBaselineState ? { baselineState: f.baselineState ?? 'new' } : {}),
    properties: { documentIndex: f.at.doc, yamlPath: formatPath(f.at.path) },
  };
}

function resultCap(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_MAX_SARIF_RESULTS;
  return Math.min(HARD_MAX_SARIF_RESULTS, Math.max(0, Math.trunc(requested)));
}

/** The SARIF log as an object (tests and other tools); `toSarif` is its serialisation. */
export function buildSarifLog(input: ReportInput): SarifLog {
  const ctx = new SarifContext(input);
  const findings = sortFindings(input.findings);
  const extraNotes: SarifNotification[] = [];

  // Rules: every enabled rule, sorted by id so ruleIndex does not depend on registry order.
  const descriptors = new Map<string, RuleDescriptor>();
  for (const d of input.rules) if (!descriptors.has(d.id)) descriptors.set(d.id, d);
  for (const f of findings) if (!descriptors.has(f.ruleId)) descriptors.set(f.ruleId, placeholderDescriptor(f.ruleId, f.level));
  const ordered = [...descriptors.values()].sort((a, b) => compareStrings(a.id, b.id));
  const ruleIndex = new Map(ordered.map((d, i) => [d.id, i]));
  for (const d of ordered) {
    if (d.securitySeverity !== undefined && !isValidSecuritySeverity(d.securitySeverity)) {
      extraNotes.push({
        level: 'warning',
        message: { text: `Rule ${d.id} has an invalid security-severity "${d.securitySeverity}"; it was left out.` },
      });
    }
  }

  // Unlinkable files (stdin, rendered templates) cannot carry a SARIF location: text output only.
  const linkable = findings.filter((f) => ctx.uri(f.at.file) !== undefined);
  const unlinkable = findings.length - linkable.length;
  if (unlinkable > 0) {
    extraNotes.push({
      level: 'note',
      message: {
        text: `${unlinkable} result${unlinkable === 1 ? '' : 's'} omitted from SARIF: not in a file under the repository root (e.g. stdin); see the text output.`,
      },
    });
  }

  // Cap: keep the most severe, then emit in report order.
  const cap = resultCap(input.maxSarifResults);
  let kept = linkable;
  if (linkable.length > cap) {
    const severity = (f: Finding): number => {
      const s = descriptors.get(f.ruleId)?.securitySeverity;
      return s !== undefined && isValidSecuritySeverity(s) ? Number(s) : 0;
    };
    // Reported findings first: suppressed and baseline ones are kept only when there is room.
    const ranked = [...linkable].sort(
      (a, b) =>
        Number(isReported(b)) - Number(isReported(a)) ||
        LEVEL_RANK[b.level] - LEVEL_RANK[a.level] ||
        severity(b) - severity(a) ||
        compareFindings(a, b),
    );
    const keep = new Set(ranked.slice(0, cap));
    kept = linkable.filter((f) => keep.has(f));
    extraNotes.push({
      level: 'warning',
      message: { text: `${linkable.length - cap} results omitted (SARIF limit ${cap}); the text and JSON output have all of them.` },
    });
  }

  const options: ResultOptions = {
    withSuppressions: kept.some((f) => f.suppressed !== undefined),
    withBaselineState: input.baselineApplied === true || kept.some((f) => f.baselineState !== undefined),
  };
  const results = kept.flatMap((f) => sarifResult(f, ruleIndex.get(f.ruleId)!, ctx, options) ?? []);

  const notifications: SarifNotification[] = input.notifications.map((n) => {
    const uri = n.file === undefined ? undefined : ctx.uri(n.file);
    return {
      level: n.level,
      message: { text: nonEmpty(n.message, 'netreach notification') },
      ...(uri !== undefined ? { locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: SRCROOT } } }] } : {}),
    };
  });

  const category = input.sarifCategory?.trim();
  const run: SarifRun = {
    tool: {
      driver: {
        name: TOOL_NAME,
        semanticVersion: nonEmpty(input.toolVersion, '0.0.0'),
        informationUri: TOOL_INFORMATION_URI,
        rules: ordered.map(sarifRule),
      },
    },
    // Only on request: a category inside the file overrides upload-sarif's `category:` input (§2.1).
    ...(category ? { automationDetails: { id: category.endsWith('/') ? category : `${category}/` } } : {}),
    columnKind: 'utf16CodeUnits',
    results,
    invocations: [{ executionSuccessful: input.executionSuccessful, toolExecutionNotifications: [...notifications, ...extraNotes] }],
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** Pretty (2-space) JSON with a trailing newline; byte-identical for identical input. */
export function toSarif(input: ReportInput): string {
  return `${JSON.stringify(buildSarifLog(input), null, 2)}\n`;
}
