/**
 * Test helpers shared by the reporter tests and the golden tests:
 * - `validateSarif`: the OASIS SARIF 2.1.0 (Errata 01) JSON schema, via ajv (draft-04) + formats;
 * - `githubSarifProblems`: what the schema cannot see but GitHub code scanning needs
 *   (shared/data/SARIF.md §2 and §7). SARIF Multitool does not check most of these either.
 * Both return a list of human-readable problems; empty means valid.
 */
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv-draft-04';
import { lineHashes } from '../../src/reporters/fingerprint.js';

const SCHEMA_URL = new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url);

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  if (compiled === undefined) {
    // Both packages are CommonJS whose module object also carries `.default`; this works under Node and Vite.
    const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  }
  return compiled;
}

/** JSON-schema errors of a SARIF log (already parsed), as "instancePath: message" strings. */
export function validateSarif(log: unknown): string[] {
  const validate = schemaValidator();
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => {
    const params = Object.keys(e.params).length > 0 ? ` ${JSON.stringify(e.params)}` : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${params}`;
  });
}

// ---------------------------------------------------------------------------------------------

const ACCEPTED_SCHEMA_URIS = new Set([
  'https://json.schemastore.org/sarif-2.1.0.json',
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
]);
const LEVELS = new Set(['error', 'warning', 'note', 'none']);
const PROBLEM_SEVERITIES = new Set(['error', 'warning', 'recommendation']);
const PRECISIONS = new Set(['very-high', 'high', 'medium', 'low']);
/** RFC 3986 path-segment characters, minus ':' (a ':' in the first segment reads as a scheme). */
const SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-Fa-f]{2})*$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const textOf = (v: unknown): unknown => (isObject(v) ? v.text : undefined);

/**
 * Ids of the embedded links `[text](n)` in a SARIF message (§3.11.6): brackets escaped with a
 * backslash are literal text; links to URIs (`[x](https://…)`) are not related-location links.
 */
export function embeddedLinkIds(text: string): number[] {
  const ids: number[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c !== '[') {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length && text[j] !== ']' && text[j] !== '[') j += text[j] === '\\' ? 2 : 1;
    if (text[j] === '[') {
      i = j; // an unescaped '[' inside: the link, if any, starts there
      continue;
    }
    const target = /^\((\d+)\)/.exec(text.slice(j + 1));
    if (j < text.length && target) {
      ids.push(Number(target[1]));
      i = j + 1 + target[0].length;
    } else {
      i = j + 1;
    }
  }
  return ids;
}

/** Problems with an artifactLocation.uri GitHub would reject or fail to link (§2.4). */
function uriProblems(uri: unknown): string[] {
  if (typeof uri !== 'string' || uri === '') return ['artifactLocation.uri missing or empty'];
  const problems: string[] = [];
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) problems.push(`uri "${uri}" has a scheme (absolute, or ":" not encoded)`);
  if (uri.includes('\\')) problems.push(`uri "${uri}" contains a backslash`);
  if (uri.startsWith('/')) problems.push(`uri "${uri}" is not relative to the repository root`);
  for (const segment of uri.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      problems.push(`uri "${uri}" has an empty, "." or ".." segment`);
    } else if (!SEGMENT.test(segment)) {
      problems.push(`uri "${uri}" segment "${segment}" is not percent-encoded`);
    } else {
      try {
        decodeURIComponent(segment);
      } catch {
        problems.push(`uri "${uri}" segment "${segment}" does not decode as UTF-8`);
      }
    }
  }
  return problems;
}

function decodeUri(uri: string): string | undefined {
  try {
    return uri.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}

function physicalProblems(where: string, location: unknown, primary: boolean): string[] {
  const physical = isObject(location) ? location.physicalLocation : undefined;
  if (!isObject(physical)) return [`${where}: physicalLocation missing`];
  const artifact = physical.artifactLocation;
  const problems = uriProblems(isObject(artifact) ? artifact.uri : undefined).map((p) => `${where}: ${p}`);
  const region = physical.region;
  if (!isObject(region)) {
    if (primary) problems.push(`${where}: region missing`);
    return problems;
  }
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
    if (!isInt(region[key])) problems.push(`${where}: region.${key} missing or not a positive integer`);
  }
  if (primary && region.endLine !== region.startLine) problems.push(`${where}: region spans several lines`);
  if (region.endLine === region.startLine && isInt(region.endColumn) && isInt(region.startColumn) && region.endColumn < region.startColumn) {
    problems.push(`${where}: region ends before it starts`);
  }
  return problems;
}

function ruleProblems(where: string, rule: unknown): string[] {
  if (!isObject(rule)) return [`${where}: not an object`];
  const p: string[] = [];
  if (!nonEmptyString(rule.id) || !/^[A-Za-z0-9_.\/-]+$/.test(rule.id)) p.push(`${where}: id missing or not URL-safe`);
  if (rule.name !== undefined && (!nonEmptyString(rule.name) || rule.name.length > 255)) p.push(`${where}: name empty or over 255 chars`);
  for (const key of ['shortDescription', 'fullDescription']) {
    const text = textOf(rule[key]);
    if (!nonEmptyString(text)) p.push(`${where}: ${key}.text missing or empty`);
    else if (text.length > 1024) p.push(`${where}: ${key}.text over 1024 chars`);
  }
  if (!nonEmptyString(textOf(rule.help))) p.push(`${where}: help.text missing or empty`);
  const level = isObject(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
  if (level !== undefined && !LEVELS.has(String(level))) p.push(`${where}: defaultConfiguration.level "${String(level)}"`);
  const props = isObject(rule.properties) ? rule.properties : {};
  if (asArray(props.tags).length > 20) p.push(`${where}: more than 20 tags`);
  if (props.precision !== undefined && !PRECISIONS.has(String(props.precision))) p.push(`${where}: precision "${String(props.precision)}"`);
  const problemSeverity = props['problem.severity'];
  if (problemSeverity !== undefined && !PROBLEM_SEVERITIES.has(String(problemSeverity))) {
    p.push(`${where}: problem.severity "${String(problemSeverity)}"`);
  }
  const securitySeverity = props['security-severity'];
  if (securitySeverity !== undefined) {
    const n = typeof securitySeverity === 'string' && /^\d+(\.\d+)?$/.test(securitySeverity.trim()) ? Number(securitySeverity) : NaN;
    if (!(n > 0 && n <= 10)) p.push(`${where}: security-severity ${JSON.stringify(securitySeverity)} is not a number string in (0, 10]`);
  }
  return p;
}

function resultProblems(where: string, result: unknown, rules: unknown[], texts: Map<string, string> | undefined, hashCache: Map<string, string[]>): string[] {
  if (!isObject(result)) return [`${where}: not an object`];
  const p: string[] = [];

  // Rule reference.
  const ruleIds = rules.map((r) => (isObject(r) ? r.id : undefined));
  if (!nonEmptyString(result.ruleId)) p.push(`${where}: ruleId missing`);
  else if (!ruleIds.includes(result.ruleId)) p.push(`${where}: ruleId "${result.ruleId}" not in tool.driver.rules`);
  if (result.ruleIndex !== undefined && ruleIds[result.ruleIndex as number] !== result.ruleId) {
    p.push(`${where}: ruleIndex ${String(result.ruleIndex)} does not point at rule "${String(result.ruleId)}"`);
  }
  if (!LEVELS.has(String(result.level))) p.push(`${where}: level missing or invalid (must be explicit)`);

  // Message: fully formatted, first sentence standing alone.
  const text = textOf(result.message);
  if (!nonEmptyString(text)) p.push(`${where}: message.text missing or empty`);
  else if (/^\s*[.!?]/.test(text)) p.push(`${where}: message's first sentence is empty`);

  // Exactly one location, single-line region, linkable URI.
  const locations = asArray(result.locations);
  if (locations.length !== 1) p.push(`${where}: ${locations.length} locations (GitHub needs exactly 1)`);
  if (locations.length > 0) p.push(...physicalProblems(`${where}.locations[0]`, locations[0], true));

  // Embedded links ↔ related locations, one to one.
  const related = asArray(result.relatedLocations);
  if (related.length > 1000) p.push(`${where}: more than 1000 related locations`);
  const relatedIds = related.map((r) => (isObject(r) ? r.id : undefined));
  related.forEach((r, i) => {
    const id = relatedIds[i];
    if (!(typeof id === 'number' && Number.isInteger(id) && id >= 0)) p.push(`${where}.relatedLocations[${i}]: id missing or not an integer`);
    else if (relatedIds.indexOf(id) !== i) p.push(`${where}.relatedLocations[${i}]: duplicate id ${id}`);
    p.push(...physicalProblems(`${where}.relatedLocations[${i}]`, r, false));
  });
  const linked = typeof text === 'string' ? embeddedLinkIds(text) : [];
  for (const id of new Set(linked)) {
    const n = relatedIds.filter((r) => r === id).length;
    if (n !== 1) p.push(`${where}: message links to (${id}) but ${n} related locations have that id`);
  }
  for (const id of relatedIds) {
    if (typeof id === 'number' && !linked.includes(id)) p.push(`${where}: related location ${id} is not linked from the message`);
  }

  // Code flows.
  let flowSteps = 0;
  asArray(result.codeFlows).forEach((flow, f) =>
    asArray(isObject(flow) ? flow.threadFlows : undefined).forEach((thread, t) =>
      asArray(isObject(thread) ? thread.locations : undefined).forEach((step, s) => {
        flowSteps++;
        const location = isObject(step) ? step.location : undefined;
        if (location !== undefined) p.push(...physicalProblems(`${where}.codeFlows[${f}].threadFlows[${t}].locations[${s}]`, location, false));
      }),
    ),
  );
  if (flowSteps > 10_000) p.push(`${where}: more than 10000 thread-flow locations`);

  // Fingerprint: present, well-formed, and the one codeql-action would compute.
  const fingerprints = isObject(result.partialFingerprints) ? result.partialFingerprints : {};
  const hash = fingerprints.primaryLocationLineHash;
  if (!nonEmptyString(hash)) p.push(`${where}: partialFingerprints.primaryLocationLineHash missing`);
  else if (!/^[0-9a-f]{1,16}:\d+$/.test(hash)) p.push(`${where}: primaryLocationLineHash "${hash}" malformed`);
  else if (texts !== undefined && locations.length > 0) {
    const physical = isObject(locations[0]) ? locations[0].physicalLocation : undefined;
    const uri = isObject(physical) && isObject(physical.artifactLocation) ? physical.artifactLocation.uri : undefined;
    const line = isObject(physical) && isObject(physical.region) ? physical.region.startLine : undefined;
    if (typeof uri === 'string' && isInt(line)) {
      const key = [decodeUri(uri), uri].find((k) => k !== undefined && texts.has(k));
      if (key !== undefined) {
        if (!hashCache.has(key)) hashCache.set(key, lineHashes(texts.get(key)!));
        const expected = hashCache.get(key)![line - 1];
        if (hash !== expected) p.push(`${where}: primaryLocationLineHash "${hash}" but line ${line} of ${uri} hashes to "${String(expected)}"`);
      }
    }
  }
  return p;
}

/**
 * Our own checks from shared/data/SARIF.md §2/§7 (GitHub ingestion), on a parsed SARIF log.
 * `texts`: file contents keyed by repo-relative path (the decoded `uri`; the encoded form also works);
 * when given, every primaryLocationLineHash of a known file is recomputed and compared.
 */
export function githubSarifProblems(log: unknown, texts?: Map<string, string>): string[] {
  if (!isObject(log)) return ['log is not an object'];
  const p: string[] = [];
  if (log.version !== '2.1.0') p.push(`version is ${JSON.stringify(log.version)}, expected "2.1.0"`);
  if (typeof log.$schema !== 'string' || !ACCEPTED_SCHEMA_URIS.has(log.$schema)) p.push(`$schema ${JSON.stringify(log.$schema)} is not a final 2.1.0 schema URI`);
  const runs = asArray(log.runs);
  if (runs.length === 0) p.push('no runs');
  if (runs.length > 20) p.push(`${runs.length} runs (limit 20)`);

  const categories = new Set<string>();
  const hashCache = new Map<string, string[]>();
  runs.forEach((run, r) => {
    const where = `runs[${r}]`;
    if (!isObject(run)) {
      p.push(`${where}: not an object`);
      return;
    }
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : undefined;
    if (!nonEmptyString(driver?.name)) p.push(`${where}: tool.driver.name missing`);
    const automationId = isObject(run.automationDetails) ? run.automationDetails.id : undefined;
    const category = `${String(driver?.name)}\u0000${typeof automationId === 'string' ? automationId.slice(0, automationId.lastIndexOf('/') + 1) : ''}`;
    if (categories.has(category)) p.push(`${where}: a second run for the same tool and category`);
    categories.add(category);

    const rules = asArray(driver?.rules);
    if (rules.length > 25_000) p.push(`${where}: more than 25000 rules`);
    const seen = new Set<unknown>();
    rules.forEach((rule, i) => {
      p.push(...ruleProblems(`${where}.tool.driver.rules[${i}]`, rule));
      const id = isObject(rule) ? rule.id : undefined;
      if (seen.has(id)) p.push(`${where}.tool.driver.rules[${i}]: duplicate id ${JSON.stringify(id)}`);
      seen.add(id);
    });

    if (!Array.isArray(run.results)) {
      p.push(`${where}: results array missing (must be present even when empty)`);
      return;
    }
    if (run.results.length > 0 && run.columnKind !== 'utf16CodeUnits') p.push(`${where}: columnKind is not "utf16CodeUnits"`);
    if (run.results.length > 25_000) p.push(`${where}: more than 25000 results`);
    run.results.forEach((result, i) => p.push(...resultProblems(`${where}.results[${i}]`, result, rules, texts, hashCache)));
  });
  return p;
}
