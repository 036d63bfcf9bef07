import { mkdir, mkdtemp, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Region } from '../core/source.js';
import { loadPaths } from './load.js';
import type { LoadIssue } from './types.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;
const r = (g: Region) => [g.startLine, g.startColumn, g.endColumn];
const brief = (i: LoadIssue) => [i.code, i.at.file, ...r(i.at.region), i.fatal];

const NAMESPACE = lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop');
const SERVICE_JSON = lines(
  '{',
  '  "apiVersion": "v1",',
  '  "kind": "Service",',
  '  "metadata": {"name": "api", "namespace": "shop"},',
  '  "spec": {"ports": [{"port": 80}, {"port": "http"}]}',
  '}',
);

let root: string;
let outside: string;

async function put(rel: string, content: string | Buffer, base = root): Promise<void> {
  const file = join(base, rel);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, content);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'netreach-files-'));
  outside = await mkdtemp(join(tmpdir(), 'netreach-outside-'));
  await put('k8s/ns.yaml', NAMESPACE);
  await put('k8s/svc.json', SERVICE_JSON);
  await put('k8s/sub/pod.yml', lines('apiVersion: v1', 'kind: Pod', 'metadata: {name: web, namespace: shop}', 'spec:', '  containers: [{name: app}]'));
  await put('k8s/broken.yaml', lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: [unclosed'));
  await put('k8s/logo.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
  await put('k8s/compose.yaml', lines('services:', '  web:', '    image: nginx'));
  await put('k8s/README.md', '# not a manifest\n');
  await put('k8s/.git/config.yaml', 'kind: Nope\n');
  await put('k8s/node_modules/pkg/x.yaml', 'kind: Nope\n');
  await put('k8s/latin1.yaml', Buffer.concat([Buffer.from('a: 1\nb: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
  await put('k8s/bom.yaml', `\uFEFF${NAMESPACE.replace('shop', 'bom')}`);
  await put('other/manifest.txt', NAMESPACE.replace('shop', 'txt'));
  await put('ext/ns.yaml', NAMESPACE.replace('shop', 'outside'), outside);
  await symlink(join(root, 'k8s'), join(root, 'k8s', 'sub', 'loop'));
  await symlink(join(root, 'k8s', 'ns.yaml'), join(root, 'k8s', 'sub', 'ns-link.yaml'));
  await symlink(join(root, 'missing.yaml'), join(root, 'k8s', 'dangling.yaml'));
  await symlink(join(outside, 'ext'), join(root, 'ext-link'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('loadPaths', () => {
  it('loads a directory of mixed files: valid objects load, every problem is exact', async () => {
    const result = await loadPaths(['k8s'], { cwd: root });
    expect(result.failures).toEqual([]);
    expect(result.objects.map((o) => [o.at.file, o.kind, o.manifest.metadata.name])).toEqual([
      ['k8s/bom.yaml', 'Namespace', 'bom'],
      ['k8s/ns.yaml', 'Namespace', 'shop'],
      ['k8s/sub/pod.yml', 'Pod', 'web'],
      ['k8s/svc.json', 'Service', 'api'],
    ]);
    expect(result.issues.map(brief)).toEqual([
      // An unclosed bracket is reported at the end of the text: on its last character, not the empty line after.
      ['YAML_SYNTAX', 'k8s/broken.yaml', 4, 17, 18, true],
      ['UNREADABLE', 'k8s/latin1.yaml', 1, 1, 2, true],
      ['INVALID_FIELD', 'k8s/svc.json', 5, 45, 51, false],
    ]);
    expect(result.issues[1]!.message).toBe('not valid UTF-8 text (first invalid byte at line 2, column 7)');
    expect(result.stats.binaryFiles).toEqual(['k8s/logo.yaml']);
    expect(result.stats.nonKubernetesDocuments).toBe(1);
    expect(result.otherDocuments.map((d) => d.source.file)).toEqual(['k8s/compose.yaml']);
    // The symlinked ns.yaml and the loop back to k8s/ are read once, under their first name.
    expect([...result.texts.keys()]).toEqual([
      'k8s/bom.yaml',
      'k8s/broken.yaml',
      'k8s/compose.yaml',
      'k8s/latin1.yaml',
      'k8s/ns.yaml',
      'k8s/sub/pod.yml',
      'k8s/svc.json',
    ]);
    expect(result.texts.get('k8s/latin1.yaml')).toBe('a: 1\nb: caf\uFFFD\n');
    // A byte-order mark stays in the text (fingerprints hash it) but takes no column.
    expect(result.texts.get('k8s/bom.yaml')!.charCodeAt(0)).toBe(0xfeff);
    expect(r(result.objects[0]!.at.region)).toEqual([1, 1, 15]);
    expect(result.stats.files).toBe(6);
  });

  it('reads a file named explicitly whatever its extension, and each real file once', async () => {
    const result = await loadPaths(['other/manifest.txt', 'k8s/ns.yaml', './k8s/ns.yaml', 'k8s/sub/ns-link.yaml'], { cwd: root });
    expect(result.objects.map((o) => [o.at.file, o.manifest.metadata.name])).toEqual([
      ['k8s/ns.yaml', 'shop'],
      ['other/manifest.txt', 'txt'],
    ]);
  });

  it('names files outside cwd by their absolute path, and symlinked ones by the link', async () => {
    const linked = await loadPaths(['ext-link'], { cwd: root });
    expect(linked.objects.map((o) => o.at.file)).toEqual(['ext-link/ns.yaml']);
    // Reached both ways, the file is read once, under the name that sorts first.
    const both = await loadPaths(['ext-link', join(outside, 'ext')], { cwd: root });
    expect(both.objects.map((o) => o.at.file)).toEqual([`${outside}/ext/ns.yaml`]);
  });

  it('honours gitignore-style excludes relative to cwd', async () => {
    const result = await loadPaths(['.'], { cwd: root, exclude: ['sub/', '*.json', '/other', 'broken.yaml', 'latin1.yaml', 'ext-link'] });
    expect([...result.texts.keys()]).toEqual(['k8s/bom.yaml', 'k8s/compose.yaml', 'k8s/ns.yaml']);
  });

  it('reads stdin from options when `-` is named', async () => {
    const result = await loadPaths(['-'], { cwd: root, stdinText: NAMESPACE, stdinName: 'helm-output' });
    expect(result.objects.map((o) => o.at.file)).toEqual(['helm-output']);
    const plain = await loadPaths(['-', '-'], { cwd: root, stdinText: NAMESPACE });
    expect(plain.objects.map((o) => o.at.file)).toEqual(['<stdin>']);
    const none = await loadPaths(['-'], { cwd: root });
    expect(none.failures).toEqual([{ path: '-', message: 'stdin was named but no stdin text was given' }]);
  });

  it('reports a file over maxFileBytes without reading it', async () => {
    const result = await loadPaths(['k8s/ns.yaml'], { cwd: root, limits: { maxFileBytes: 10 } });
    expect(result.issues.map(brief)).toEqual([['LIMIT_EXCEEDED', 'k8s/ns.yaml', 1, 1, 2, true]]);
    expect(result.texts.size).toBe(0);
  });

  it('turns missing paths into failures and loads the rest', async () => {
    const result = await loadPaths(['nope.yaml', 'k8s/ns.yaml', 'no/dir'], { cwd: root });
    expect(result.failures).toEqual([
      { path: 'no/dir', message: 'no such file or directory' },
      { path: 'nope.yaml', message: 'no such file or directory' },
    ]);
    expect(result.objects).toHaveLength(1);
  });

  it.skipIf(process.getuid?.() === 0)('turns an unreadable file into a failure', async () => {
    await put('locked/secret.yaml', NAMESPACE);
    await chmod(join(root, 'locked', 'secret.yaml'), 0o000);
    const result = await loadPaths(['locked'], { cwd: root });
    expect(result.failures).toEqual([{ path: 'locked/secret.yaml', message: 'permission denied' }]);
  });
});
