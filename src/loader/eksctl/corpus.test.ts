/**
 * Every eksctl config of the shared real-world corpus loads: no crash, no input issue (they are all valid for
 * eksctl), and every location slices back into its file. Skipped when ../shared is not beside the repository
 * (CI clones have it; a user's clone may not). Nothing of the corpus is copied into the project.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../../core/source.js';
import { loadTexts } from '../load.js';
import { regionText } from '../region-text.js';
import { loadClusterConfig } from './load.js';
import { isClusterConfig } from './schema.js';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/realworld/', import.meta.url));
const DIRS = ['eksctl', 'eksctl-configs-other'].map((d) => path.join(CORPUS, d));
const present = DIRS.every((d) => existsSync(d));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = path.join(dir, name);
      return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(name) ? [p] : [];
    });
}

describe.skipIf(!present)('real-world eksctl configs (../shared/corpus/realworld)', () => {
  const files = present ? DIRS.flatMap(yamlFiles) : [];
  const texts = Object.fromEntries(files.map((f) => [path.relative(CORPUS, f), readFileSync(f, 'utf8')]));
  const loaded = loadTexts(texts);
  const configs = loaded.otherDocuments.filter((d) => isClusterConfig(d.value));

  it('finds the ClusterConfigs among the files (CloudFormation templates are not)', () => {
    expect(loaded.issues).toEqual([]);
    expect(configs.length).toBeGreaterThanOrEqual(20);
  });

  it.each(configs.map((d) => [d.source.file, d] as const))('%s loads without an input issue', (file, doc) => {
    const text = loaded.texts.get(file)!;
    const { cluster, issues } = loadClusterConfig(doc, { text });
    expect(issues).toEqual([]);
    expect(cluster).toBeDefined();
    const c = cluster!;
    // The model is complete: a VPC with a CIDR or an ID, node groups sized, addons parsed where given.
    expect(c.vpc.cidr !== undefined || c.vpc.id !== undefined || c.vpc.subnets.length > 0).toBe(true);
    for (const ng of c.nodeGroups) expect(ng.minSize <= ng.desiredCapacity && ng.desiredCapacity <= ng.maxSize).toBe(true);
    for (const a of c.addons) if (a.configurationValues) expect(a.configurationValuesExact).toBe(true);
    const refs: SourceRef[] = [c.at, ...Object.values(c.sources).map((s) => s.at), ...Object.values(c.vpc.sources).map((s) => s.at)];
    for (const ng of c.nodeGroups) refs.push(ng.at, ...Object.values(ng.sources).map((s) => s.at), ...ng.taints.map((t) => t.at));
    for (const s of c.vpc.subnets) refs.push(s.at, ...Object.values(s.sources).map((x) => x.at));
    for (const a of c.addons) refs.push(a.at, ...Object.values(a.sources).map((x) => x.at));
    for (const r of refs) {
      expect(r.file).toBe(file);
      expect(regionText(text, r.region).length).toBeGreaterThan(0);
    }
  });
});
