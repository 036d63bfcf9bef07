import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { generateCatalog, readCatalog, staleCatalogFiles } from '../../src/lint/catalog.js';
import { ROOT } from './rules-on-disk.js';

describe('the rule catalog', () => {
  const entries = readCatalog(ROOT);

  it('is up to date: rules/README.md and the README options tables (run `npm run build && npm run catalog`)', () => {
    const stale = staleCatalogFiles(generateCatalog(ROOT, entries)).map((f) => path.relative(ROOT, f));
    expect(stale, 'stale generated files: run `npm run catalog`').toEqual([]);
  });

  it('reads the same meta statically as the rules carry at run time', () => {
    expect(entries.map((e) => ({ id: e.id, severity: e.severity, description: e.description, recommended: e.recommended, options: e.options.map((o) => o.name) }))).toEqual(
      allRules.map((r) => ({
        id: r.id,
        severity: r.meta.severity,
        description: r.meta.docs.description,
        recommended: r.meta.docs.recommended,
        options: Object.keys(r.meta.schema ?? {}),
      })),
    );
    expect(entries.map((e) => [e.messages, e.remediation])).toEqual(allRules.map((r) => [r.meta.messages, r.meta.remediation]));
  });
});
