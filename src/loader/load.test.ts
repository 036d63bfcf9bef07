import { describe, expect, it } from 'vitest';
import { refOf, type Region } from '../core/source.js';
import { loadTexts } from './load.js';
import type { LoadIssue } from './types.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;
const r = (g: Region) => [g.startLine, g.startColumn, g.endColumn];
/** An issue as [code, file, line, startColumn, endColumn, fatal]. */
const brief = (i: LoadIssue) => [i.code, i.at.file, ...r(i.at.region), i.fatal];

const SERVICE = lines(
  'apiVersion: v1', //                1
  'kind: Service', //                 2
  'metadata:', //                     3
  '  name: api', //                   4
  '  namespace: shop', //             5
  'spec:', //                         6
  '  ports:', //                      7
  '  - port: 80', //                  8
  '    name: web', //                 9
  '  - port: http', //               10
  '    name: bad', //                11
  '  - name: noport', //             12
  '  - port: 443', //                13
  '    name: tls', //                14
);

describe('loadTexts', () => {
  it('defaults the selector of extensions/v1beta1 and apps/v1beta1 workloads to the template labels, as those APIs did', () => {
    const workload = (apiVersion: string, kind: string) =>
      lines(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata: { name: user, namespace: shop }', 'spec:', '  template:', '    metadata: { labels: { name: user } }', '    spec: { containers: [{ name: c, image: u }] }');
    const result = loadTexts({
      'old.yaml': [workload('extensions/v1beta1', 'Deployment'), workload('apps/v1beta1', 'StatefulSet'), workload('apps/v1beta2', 'Deployment')].join('---\n'),
    });
    // apps/v1beta2 made the selector required: still an error there.
    expect(result.issues.map((i) => `${i.at.doc} ${i.message}`)).toEqual([expect.stringMatching(/^2 .*selector/)]);
    const [deployment, statefulSet] = result.objects;
    for (const [o, specLine] of [[deployment!, 4], [statefulSet!, 12]] as const) {
      const spec = o.manifest.spec as { selector: { matchLabels: Record<string, string> } };
      expect(spec.selector.matchLabels).toEqual({ name: 'user' });
      // Located at spec (the field is not written): findings on it point somewhere real.
      expect(r(refOf(spec.selector).region)).toEqual([specLine, 1, 5]);
    }
  });

  it('loads a valid object, with `at` on its first line', () => {
    const result = loadTexts({ 'ns.yaml': lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop') });
    expect(result.issues).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.objects).toHaveLength(1);
    const [ns] = result.objects;
    expect(ns!.kind).toBe('Namespace');
    expect(ns!.apiVersion).toBe('v1');
    expect(ns!.manifest.metadata.name).toBe('shop');
    expect(ns!.at).toEqual({ file: 'ns.yaml', doc: 0, path: [], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 15 } });
    expect(result.texts.get('ns.yaml')).toContain('kind: Namespace');
    expect(result.stats).toEqual({ files: 1, documents: 1, objects: 1, binaryFiles: [], unknownKinds: {}, nonKubernetesDocuments: 0 });
  });

  it('reports each invalid field where it is, removes it and keeps the object', () => {
    const result = loadTexts({ 'svc.yaml': SERVICE });
    expect(result.issues.map(brief)).toEqual([
      ['INVALID_FIELD', 'svc.yaml', 10, 11, 15, false],
      // A missing required field lands on the nearest ancestor that exists: the list item.
      ['INVALID_FIELD', 'svc.yaml', 12, 5, 17, false],
    ]);
    expect(result.issues.map((i) => i.message)).toEqual([
      'Service shop/api: spec.ports[1].port: expected a port number from 1 to 65535, got "http"',
      'Service shop/api: spec.ports[2].port: expected a port number from 1 to 65535, got nothing (the field is missing)',
    ]);
    expect(result.issues.every((i) => i.object === 'shop/Service/api')).toBe(true);
    const svc = result.objects[0]!.manifest as unknown as { spec: { ports: { port: number; name: string }[] } };
    expect(svc.spec.ports.map((p) => p.name)).toEqual(['web', 'tls']);
    // The remaining elements are the same objects: their locations are their own lines.
    expect(r(refOf(svc.spec.ports[1]!, 'port').region)).toEqual([13, 11, 14]);
    expect(refOf(svc.spec.ports[1]!, 'port').path).toEqual(['spec', 'ports', 3, 'port']);
    expect(r(refOf(svc.spec.ports, 0).region)).toEqual([8, 5, 13]);
  });

  it('keeps an object whose name breaks the naming rules, drops one without a usable name or namespace', () => {
    const bad = (meta: string) => lines('apiVersion: v1', 'kind: Service', 'metadata:', meta);
    const result = loadTexts({ 'a.yaml': bad('  name: Not_A_Name'), 'b.yaml': bad('  {name: ok, namespace: 7}'), 'c.yaml': bad('  labels: {}') });
    // The API server would refuse Not_A_Name, but the object is still analysed under that name.
    expect(result.objects.map((o) => o.manifest.metadata.name)).toEqual(['Not_A_Name']);
    expect(result.issues.map(brief)).toEqual([
      ['INVALID_FIELD', 'a.yaml', 4, 9, 19, false],
      ['INVALID_FIELD', 'b.yaml', 4, 25, 26, true],
      ['INVALID_FIELD', 'c.yaml', 3, 1, 9, true],
    ]);
    expect(result.issues[1]!.message).toMatch(/^Service default\/ok: metadata\.namespace: /);
    expect(result.issues[2]!.message).toMatch(/^Service \(no metadata\.name\): metadata\.name: /);
  });

  it('reports a bad label key on the key, not its value', () => {
    const text = lines('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', '  labels:', '    "bad key!": x', '    good: fine');
    const result = loadTexts({ 'ns.yaml': text });
    expect(result.issues.map(brief)).toEqual([['INVALID_FIELD', 'ns.yaml', 6, 5, 15, false]]);
    expect(result.issues[0]!.object).toBe('Namespace/shop');
    expect(result.objects[0]!.manifest.metadata.labels).toEqual({ good: 'fine' });
  });

  it('reports scalar and sequence documents as NOT_AN_OBJECT on their first line', () => {
    const result = loadTexts({ 'x.yaml': lines('- a', '- b', '---', 'just a string', '---', '42') });
    expect(result.issues.map(brief)).toEqual([
      ['NOT_AN_OBJECT', 'x.yaml', 1, 1, 4, true],
      ['NOT_AN_OBJECT', 'x.yaml', 4, 1, 14, true],
      ['NOT_AN_OBJECT', 'x.yaml', 6, 1, 3, true],
    ]);
    expect(result.issues.map((i) => i.message)).toEqual([
      'expected a Kubernetes object (a mapping), got a sequence',
      'expected a Kubernetes object (a mapping), got the string "just a string"',
      'expected a Kubernetes object (a mapping), got the number 42',
    ]);
    expect(result.issues.map((i) => i.at.doc)).toEqual([0, 1, 2]);
  });

  it('keeps non-Kubernetes documents and unmodelled kinds quietly for the other loaders', () => {
    const result = loadTexts({
      'compose.yaml': lines('services:', '  web:', '    image: nginx'),
      'eksctl.yaml': lines('apiVersion: eksctl.io/v1alpha5', 'kind: ClusterConfig', 'metadata:', '  name: c'),
      'rbac.yaml': lines('apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: sa', '---', 'apiVersion: v1', 'kind: ServiceAccount', 'metadata:', '  name: sb'),
    });
    expect(result.issues).toEqual([]);
    expect(result.objects).toEqual([]);
    expect(result.stats.nonKubernetesDocuments).toBe(1);
    // The ClusterConfig goes to the infrastructure loaders: not an unmodelled kind.
    expect(result.stats.unknownKinds).toEqual({ 'v1/ServiceAccount': 2 });
    expect(result.otherDocuments.map((d) => [d.source.file, d.index])).toEqual([
      ['compose.yaml', 0],
      ['eksctl.yaml', 0],
      ['rbac.yaml', 0],
      ['rbac.yaml', 1],
    ]);
  });

  it('flattens kind: List and typed lists, items keeping their paths', () => {
    const list = lines(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: Namespace',
      '  metadata: {name: shop}',
      '- apiVersion: v1',
      '  kind: Service',
      '  metadata: {name: api, namespace: shop}',
      '  spec: {ports: [{port: 0}, {port: 8080}]}',
      '- not an object',
      '- metadata: {name: anonymous}',
    );
    const podList = lines(
      'apiVersion: v1',
      'kind: PodList',
      'items:',
      '- metadata: {name: web, namespace: shop}',
      '  spec:',
      '    containers: [{name: app, image: nginx}]',
    );
    const result = loadTexts({ 'list.yaml': list, 'pods.json': podList });
    expect(result.objects.map((o) => [o.apiVersion, o.kind, o.manifest.metadata.name, o.at.path, ...r(o.at.region)])).toEqual([
      ['v1', 'Namespace', 'shop', ['items', 0], 4, 3, 17],
      ['v1', 'Service', 'api', ['items', 1], 7, 3, 17],
      ['v1', 'Pod', 'web', ['items', 0], 4, 3, 41],
    ]);
    expect(result.issues.map(brief)).toEqual([
      ['INVALID_FIELD', 'list.yaml', 10, 25, 26, false],
      ['NOT_AN_OBJECT', 'list.yaml', 11, 3, 16, true],
      ['INVALID_FIELD', 'list.yaml', 12, 3, 30, true],
    ]);
    expect(result.issues[0]!.message).toBe('Service shop/api: spec.ports[0].port: 0 is not a port number from 1 to 65535');
    expect(result.stats.objects).toBe(3);
  });

  it('reports syntax errors and duplicate keys, and loads the rest of the file', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: one',
      '  name: two',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '\tname: three',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: {name: four}',
    );
    const result = loadTexts({ 'ns.yaml': text });
    expect(result.issues.map(brief)).toEqual([
      ['DUPLICATE_KEY', 'ns.yaml', 5, 3, 7, false],
      ['YAML_SYNTAX', 'ns.yaml', 10, 1, 2, true],
    ]);
    expect(result.objects.map((o) => o.manifest.metadata.name)).toEqual(['two', 'four']);
    expect(result.stats.documents).toBe(2);
  });

  it('reports a file over maxFileBytes without parsing it, and passes over binary text', () => {
    const result = loadTexts({ 'big.yaml': `a: ${'x'.repeat(100)}\n`, 'bin.yaml': 'a: \0\n' }, { limits: { maxFileBytes: 50 } });
    expect(result.issues.map(brief)).toEqual([['LIMIT_EXCEEDED', 'big.yaml', 1, 1, 2, true]]);
    expect(result.issues[0]!.message).toBe('file is 104 bytes, more than the limit of 50; not parsed');
    expect(result.texts.has('big.yaml')).toBe(false);
    expect(result.stats.binaryFiles).toEqual(['bin.yaml']);
    expect(result.stats.files).toBe(0);
  });

  it('reports an alias bomb in one document and loads the others', () => {
    const bomb = lines('a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]');
    const ns = lines('apiVersion: v1', 'kind: Namespace', 'metadata: {name: ok}');
    const result = loadTexts({ 'bomb.yaml': `${ns}---\n${bomb}` }, { limits: { maxAliases: 100 } });
    // The 101st dereference is the second *a inside b's anchor, where the text is.
    expect(result.issues.map(brief)).toEqual([['LIMIT_EXCEEDED', 'bomb.yaml', 6, 12, 14, true]]);
    expect(result.objects).toHaveLength(1);
  });

  it('gives every issue code at an exact position', () => {
    const result = loadTexts(
      {
        'a.yaml': lines('a: 1', 'a: 2'),
        'b.yaml': lines('a: [1'),
        'c.yaml': lines('- 1'),
        'd.yaml': lines('apiVersion: v1', 'kind: Service', 'metadata: {name: x}', 'spec: {type: Nope}'),
        'e.yaml': lines('[[[[1]]]]'),
      },
      { limits: { maxDepth: 3 } },
    );
    expect(result.issues.map(brief)).toEqual([
      ['DUPLICATE_KEY', 'a.yaml', 2, 1, 2, false],
      ['YAML_SYNTAX', 'b.yaml', 1, 5, 6, true],
      ['NOT_AN_OBJECT', 'c.yaml', 1, 1, 4, true],
      ['INVALID_FIELD', 'd.yaml', 4, 14, 18, false],
      ['LIMIT_EXCEEDED', 'e.yaml', 1, 4, 5, true],
    ]);
  });

  it('never modifies the caller’s record and orders files by name', () => {
    const files = Object.freeze({ 'b.yaml': 'x: 1\n', 'a.yaml': 'y: 2\n' });
    const result = loadTexts(files);
    expect([...result.texts.keys()]).toEqual(['a.yaml', 'b.yaml']);
  });

  // JSON null leaves a Go field unset, so `matchLabels:` with nothing after it is an empty selector
  // (kubernetes-network-policy-recipes 04 writes it that way).
  it('treats a null field as absent', () => {
    const text = lines('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: np', 'spec:', '  podSelector:', '    matchLabels:', '  ingress: ~');
    const result = loadTexts({ 'np.yaml': text });
    expect(result.issues).toEqual([]);
    expect(result.objects[0]!.manifest.spec).toEqual({ podSelector: {} });
  });

  // `kubectl get pods -o yaml` dumps and other analyzers' test inputs omit what analysis does not need.
  it('loads a Pod without spec or container names, and an ownerReference without kind', () => {
    const text = lines('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  ownerReferences:', '    - name: owner', '      controller: true', '---', 'apiVersion: v1', 'kind: Pod', 'metadata: {name: q}', 'spec:', '  containers:', '    - ports: [{containerPort: 80}]');
    const result = loadTexts({ 'pods.yaml': text });
    expect(result.issues).toEqual([]);
    const [p, q] = result.objects;
    expect(p!.manifest.spec).toEqual({ containers: [] });
    // The default spec is registered: its location falls back to the object's nearest field in the file.
    expect(refOf(p!.manifest.spec as object, 'containers').region.startLine).toBe(1);
    expect((q!.manifest.spec as { containers: unknown[] }).containers).toHaveLength(1);
  });

  it('flattens Lists nested in Lists, as kubectl does', () => {
    const inner = '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"deep"}}';
    const text = `{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"List","items":[${inner}]}]}`;
    const result = loadTexts({ 'l.json': text });
    expect(result.objects.map((o) => [o.kind, o.manifest.metadata.name, refOf(o.manifest).path])).toEqual([['Namespace', 'deep', ['items', 0, 'items', 0]]]);
  });

  it('reports a missing required field once, not again for the parent it had to remove', () => {
    const text = lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: d', 'spec:', '  replicas: 2');
    const result = loadTexts({ 'd.yaml': text });
    // Without the `spec: expected a mapping` that removing spec (to drop the broken object part) would cause.
    expect(result.issues.map((i) => i.message)).toEqual([
      'Deployment default/d: spec.selector: required, expected a mapping',
      'Deployment default/d: spec.template: required, expected a mapping',
    ]);
  });

  // A NetworkPolicy with a bad peer or port is not trimmed: without the bad part it would admit more than
  // its author wrote. The API server rejects it whole, and so the model leaves it out (reported).
  it('drops a NetworkPolicy with an invalid field instead of widening it', () => {
    const text = lines('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: np}', 'spec:', '  podSelector: {}', '  egress:', '    - to: [{ipBlock: {cidr: 10.0.0.0/33}}]', '      ports: [{port: 70000}]');
    const result = loadTexts({ 'np.yaml': text });
    expect(result.objects).toEqual([]);
    expect(result.issues.map((i) => [i.at.region.startLine, i.fatal])).toEqual([
      [7, true],
      [8, true],
    ]);
  });
});

describe('an array the loader removed invalid items from', () => {
  it('still locates the remaining items where they are written', () => {
    const text = lines(
      'apiVersion: v1', //                          1
      'kind: Pod', //                               2
      'metadata: { name: p, namespace: shop }', //  3
      'spec:', //                                   4
      '  containers:', //                           5
      '    - name: c', //                           6
      '      image: x', //                          7
      '      args:', //                             8
      '        - 1', //                             9
      '        - true', //                          10
      '        - "--cache=redis:6379"', //          11
    );
    const result = loadTexts({ 'p.yaml': text });
    const container = (result.objects[0]!.manifest.spec as { containers: { args: string[] }[] }).containers[0]!;
    expect(container.args).toEqual(['--cache=redis:6379']);
    expect(refOf(container, 'args', 0).region.startLine).toBe(11);
    expect(refOf(container, 'args', 0).path.slice(-2)).toEqual(['args', 2]);
  });
});
