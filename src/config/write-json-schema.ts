/**
 * `npm run schema`: writes schema/netreach.schema.json from the zod schema, so editors (through
 * yaml-language-server) autocomplete and check netreach.yaml. A test fails when the file is stale.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigSchema } from './schema.js';

export const JSON_SCHEMA_ID = 'https://github.com/netreach/netreach/blob/main/schema/netreach.schema.json';
export const JSON_SCHEMA_FILE = path.join('schema', 'netreach.schema.json');

/** The schema as text. Draft-07: what yaml-language-server and most editors understand best. */
export function configJsonSchema(): string {
  // The input side: what the user writes (fields with defaults are optional).
  const schema = z.toJSONSchema(ConfigSchema, { io: 'input', target: 'draft-7' });
  return `${JSON.stringify({ ...schema, $id: JSON_SCHEMA_ID }, null, 2)}\n`;
}

/** npm runs scripts in the package root. */
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  if (!existsSync('package.json')) throw new Error('run from the repository root (npm run schema)');
  mkdirSync(path.dirname(JSON_SCHEMA_FILE), { recursive: true });
  writeFileSync(JSON_SCHEMA_FILE, configJsonSchema());
  process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
}
