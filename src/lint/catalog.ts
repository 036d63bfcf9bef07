/**
 * The rule catalog, generated from the rule sources: ts-morph reads each `defineRule({...})` call in
 * `rules/<group>/<name>/rule.ts` statically (no import, no type-check), so meta must be literals.
 * Output: `rules/README.md` and the options table between `<!-- options:start -->` and
 * `<!-- options:end -->` in each rule's README. A meta-test regenerates it in memory and compares.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Node, Project, SyntaxKind, type Expression, type ObjectLiteralExpression } from 'ts-morph';
import { compareStrings } from '../core/source.js';
import { RULE_GROUPS } from './define-rule.js';

export interface CatalogOption {
  name: string;
  /** `integer[]`, `"strict" | "loose"`, `integer (1..65535)` … */
  type: string;
  description: string;
  /** The default as written in meta.defaultOptions (`[]`, `443`). */
  default: string;
}

export interface CatalogEntry {
  id: string;
  group: string;
  /** rules/<id>/rule.ts, relative to the repository root. */
  file: string;
  type: string;
  severity: string;
  description: string;
  recommended: boolean;
  messages: Record<string, string>;
  remediation: string;
  options: CatalogOption[];
}

export const OPTIONS_START = '<!-- options:start -->';
export const OPTIONS_END = '<!-- options:end -->';

/** Every rule under `<root>/rules`, sorted by id. */
export function readCatalog(root: string): CatalogEntry[] {
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, skipLoadingLibFiles: true });
  const files = project.addSourceFilesAtPaths(path.join(root, 'rules/*/*/rule.ts').split(path.sep).join('/'));
  return files
    .map((sf) => readRule(sf.getFilePath(), root, sf.getDescendantsOfKind(SyntaxKind.CallExpression)))
    .sort((a, b) => compareStrings(a.id, b.id));
}

function readRule(file: string, root: string, calls: Node[]): CatalogEntry {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const defs = calls.filter((c) => Node.isCallExpression(c) && c.getExpression().getText() === 'defineRule');
  const fail = (node: Node, why: string): never => {
    throw new Error(`${rel}:${node.getStartLineNumber()}: ${why} (the catalog reads rule meta statically; use literals)`);
  };
  const [call] = defs;
  if (defs.length !== 1 || !call || !Node.isCallExpression(call)) throw new Error(`${rel}: expected exactly one defineRule(...) call`);
  const def = objectArg(call.getArguments()[0], call, fail);
  const meta = objectArg(prop(def, 'meta', fail), def, fail);
  const docs = objectArg(prop(meta, 'docs', fail), meta, fail);
  const messages = objectArg(prop(meta, 'messages', fail), meta, fail);
  const schemaExpr = optionalProp(meta, 'schema', fail);
  const defaults = objectArg(prop(meta, 'defaultOptions', fail), meta, fail);
  const id = str(prop(def, 'id', fail), fail);
  return {
    id,
    group: id.slice(0, id.indexOf('/')),
    file: rel,
    type: str(prop(meta, 'type', fail), fail),
    severity: str(prop(meta, 'severity', fail), fail),
    description: str(prop(docs, 'description', fail), fail),
    recommended: bool(prop(docs, 'recommended', fail), fail),
    messages: Object.fromEntries(names(messages, fail).map((k) => [k, str(prop(messages, k, fail), fail)])),
    remediation: str(prop(meta, 'remediation', fail), fail),
    options: schemaExpr ? readOptions(objectArg(schemaExpr, meta, fail), defaults, fail) : [],
  };
}

type Fail = (node: Node, why: string) => never;

function readOptions(schema: ObjectLiteralExpression, defaults: ObjectLiteralExpression, fail: Fail): CatalogOption[] {
  return names(schema, fail).map((name) => {
    const spec = objectArg(prop(schema, name, fail), schema, fail);
    const descExpr = optionalProp(spec, 'description', fail);
    return {
      name,
      type: typeOf(spec, fail),
      description: descExpr ? str(descExpr, fail) : '',
      default: unwrap(prop(defaults, name, fail)).getText().replace(/\s+/g, ' '),
    };
  });
}

/** A spec's type for humans: `integer[]`, `"a" | "b"`, `integer (1..65535)`, `map of string`. */
function typeOf(spec: ObjectLiteralExpression, fail: Fail): string {
  const type = str(prop(spec, 'type', fail), fail);
  const items = optionalProp(spec, 'items', fail);
  if (type === 'array' && items) return `${typeOf(objectArg(items, spec, fail), fail)}[]`;
  const additional = optionalProp(spec, 'additionalProperties', fail);
  if (type === 'object' && additional) return `map of ${typeOf(objectArg(additional, spec, fail), fail)}`;
  const enumExpr = optionalProp(spec, 'enum', fail);
  if (enumExpr) {
    const arr = unwrap(enumExpr);
    if (!Node.isArrayLiteralExpression(arr)) return fail(arr, 'enum must be an array literal');
    return arr.getElements().map((e) => e.getText().replace(/'/g, '"')).join(' | ');
  }
  const min = optionalProp(spec, 'minimum', fail)?.getText();
  const max = optionalProp(spec, 'maximum', fail)?.getText();
  if (min !== undefined || max !== undefined) return `${type} (${min ?? ''}..${max ?? ''})`;
  return type;
}

function unwrap(expr: Expression): Expression {
  let e: Expression = expr;
  while (Node.isAsExpression(e) || Node.isSatisfiesExpression(e) || Node.isParenthesizedExpression(e)) e = e.getExpression();
  return e;
}

function objectArg(expr: Expression | Node | undefined, at: Node, fail: Fail): ObjectLiteralExpression {
  const e = expr && Node.isExpression(expr) ? unwrap(expr) : expr;
  if (!e || !Node.isObjectLiteralExpression(e)) return fail(e ?? at, 'expected an object literal');
  return e;
}

function names(obj: ObjectLiteralExpression, fail: Fail): string[] {
  return obj.getProperties().map((p) => {
    if (!Node.isPropertyAssignment(p)) return fail(p, 'only plain `key: value` properties are read');
    return p.getNameNode().getText().replace(/^['"]|['"]$/g, '');
  });
}

function optionalProp(obj: ObjectLiteralExpression, name: string, fail: Fail): Expression | undefined {
  const p = obj.getProperty(name) ?? obj.getProperty(`'${name}'`);
  if (!p) return undefined;
  if (!Node.isPropertyAssignment(p)) return fail(p, `${name} must be a plain \`key: value\` property`);
  const init = p.getInitializer();
  return init ?? fail(p, `${name} has no value`);
}

function prop(obj: ObjectLiteralExpression, name: string, fail: Fail): Expression {
  return optionalProp(obj, name, fail) ?? fail(obj, `missing ${name}`);
}

/** String literals, no-substitution templates, and `+` concatenations of them (long descriptions). */
function str(expr: Expression, fail: Fail): string {
  const e = unwrap(expr);
  if (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e)) return e.getLiteralValue();
  if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    return str(e.getLeft(), fail) + str(e.getRight(), fail);
  }
  return fail(e, 'expected a string literal');
}

function bool(expr: Expression, fail: Fail): boolean {
  const e = unwrap(expr);
  if (Node.isTrueLiteral(e)) return true;
  if (Node.isFalseLiteral(e)) return false;
  return fail(e, 'expected true or false');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** `rules/README.md`. */
export function renderCatalog(entries: readonly CatalogEntry[]): string {
  const out = [
    '# Rules',
    '',
    '<!-- Generated by `npm run catalog` from rules/*/*/rule.ts: do not edit by hand. -->',
    '',
    `${entries.length} rules. Levels are defaults; \`netreach.yaml\` changes them (\`rules: { <id>: off | note | warning | error }\`) and sets options (\`rules: { <id>: { options: {…} } }\`).`,
  ];
  const groups = [...RULE_GROUPS, ...new Set(entries.map((e) => e.group))].filter((g, i, all) => all.indexOf(g) === i);
  for (const group of groups) {
    const inGroup = entries.filter((e) => e.group === group);
    if (inGroup.length === 0) continue;
    out.push('', `## ${group}`, '', '| Rule | Level | Recommended | Description |', '| --- | --- | --- | --- |');
    for (const e of inGroup) {
      out.push(`| [${e.id}](${e.id}/README.md) | ${e.severity} | ${e.recommended ? 'yes' : ''} | ${cell(e.description)} |`);
    }
  }
  const withOptions = entries.filter((e) => e.options.length > 0);
  if (withOptions.length > 0) {
    out.push('', '## Options');
    for (const e of withOptions) out.push('', `### ${e.id}`, '', renderOptionsTable(e));
  }
  return `${out.join('\n')}\n`;
}

export function renderOptionsTable(entry: CatalogEntry): string {
  if (entry.options.length === 0) return 'This rule has no options.';
  const rows = entry.options.map((o) => `| \`${o.name}\` | ${cell(o.type)} | \`${cell(o.default)}\` | ${cell(o.description)} |`);
  return ['| Option | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README with its options section regenerated; unchanged when it has no markers. */
export function withOptionsSection(readme: string, entry: CatalogEntry): string {
  const start = readme.indexOf(OPTIONS_START);
  const end = readme.indexOf(OPTIONS_END);
  if (start < 0 || end < start) return readme;
  return `${readme.slice(0, start + OPTIONS_START.length)}\n${renderOptionsTable(entry)}\n${readme.slice(end)}`;
}

/** Every generated file (absolute path → content): rules/README.md and the rule READMEs with markers. */
export function generateCatalog(root: string, entries: readonly CatalogEntry[] = readCatalog(root)): Map<string, string> {
  const out = new Map<string, string>([[path.join(root, 'rules', 'README.md'), renderCatalog(entries)]]);
  for (const e of entries) {
    const readme = path.join(root, 'rules', ...e.id.split('/'), 'README.md');
    if (!existsSync(readme)) continue;
    out.set(readme, withOptionsSection(readFileSync(readme, 'utf8'), e));
  }
  return out;
}

/** Generated files whose content on disk differs (absolute paths). */
export function staleCatalogFiles(generated: ReadonlyMap<string, string>): string[] {
  return [...generated].filter(([file, content]) => !existsSync(file) || readFileSync(file, 'utf8') !== content).map(([file]) => file);
}

/** Writes what changed; returns those files. */
export function writeCatalog(root: string): string[] {
  const generated = generateCatalog(root);
  const stale = staleCatalogFiles(generated);
  for (const file of stale) writeFileSync(file, generated.get(file)!);
  return stale;
}
