/**
 * A JSON or YAML mapping held in a string field that the loader has only as a value with its location — a
 * CloudFormation property such as `AWS::EKS::Addon ConfigurationValues`, after the template is evaluated. Every
 * object inside is given that field as its source, so `refOf(obj, …)` points at the field (not at lines inside
 * the string: the evaluated value may come from a `!Sub` or a parameter, whose text is not the file's).
 */
import { DocumentSource, registerOrigin, type Path, type SourceRef } from '../core/source.js';
import { parseYaml } from './yaml-adapter.js';

/** The mapping in `text`, located at `at`; undefined when the string holds no mapping (or does not parse). */
export function embeddedMappingAt(text: string, at: SourceRef): Record<string, unknown> | undefined {
  const parsed = parseYaml(text, at.file);
  if (parsed.issues.length > 0) return undefined;
  const value = parsed.documents[0]?.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const source = new DocumentSource(at.file, at.doc, at.region);
  source.set(at.path, { value: at.region, collection: true });
  register(value, source, at.path);
  return value as Record<string, unknown>;
}

function register(value: unknown, source: DocumentSource, path: Path): void {
  if (typeof value !== 'object' || value === null) return;
  registerOrigin(value, source, path);
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) register(child, source, [...path, key]);
}
