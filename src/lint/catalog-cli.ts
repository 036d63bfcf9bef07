/**
 * `npm run catalog`: regenerates rules/README.md and the options tables of the rule READMEs.
 * `--check` writes nothing and exits 1 when something is stale (for CI).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateCatalog, staleCatalogFiles, writeCatalog } from './catalog.js';

/** `root` is the repository root (npm runs scripts there). */
export function main(argv: readonly string[], root = process.cwd()): number {
  if (!existsSync(path.join(root, 'rules'))) {
    process.stderr.write(`no rules/ in ${root}: run from the repository root (npm run catalog)\n`);
    return 2;
  }
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  if (argv.includes('--check')) {
    const stale = staleCatalogFiles(generateCatalog(root));
    for (const f of stale) process.stderr.write(`stale: ${rel(f)} (run npm run catalog)\n`);
    return stale.length > 0 ? 1 : 0;
  }
  for (const f of writeCatalog(root)) process.stdout.write(`wrote ${rel(f)}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  process.exitCode = main(process.argv.slice(2));
}
