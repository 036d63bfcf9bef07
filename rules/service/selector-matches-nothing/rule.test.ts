import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const deployment = (name: string, labels: Record<string, string>, namespace = 'shop') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
${Object.entries(labels)
  .map(([k, v]) => `        ${k}: ${v}`)
  .join('\n')}
    spec:
      containers:
        - name: main
          image: ghcr.io/example/${name}:1.0.0
`;

const service = (selector: Record<string, string>, namespace = 'shop') => `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: ${namespace}
spec:
  selector:
${Object.entries(selector)
  .map(([k, v]) => `    ${k}: ${v}`)
  .join('\n')}
  ports:
    - port: 80
`;

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: debug-shell
  labels:
    app: debug
    owner: sre
spec:
  containers:
    - name: shell
      image: busybox:1.36
---
apiVersion: v1
kind: Service
metadata:
  name: debug
spec:
  selector:
    app: debug
  ports:
    - port: 22
`;

new RuleTester().run('service/selector-matches-nothing', rule, {
  valid: [
    { name: 'selectors match pod template labels (Deployment and StatefulSet)', files: { 'shop.yaml': f('valid/storefront.yaml') } },
    { name: 'ExternalName and selector-less Services are skipped', files: { 'shop.yaml': f('valid/no-selector-and-external-name.yaml') } },
    { name: 'a bare Pod in the default namespace is selected by its own labels', files: { 'debug.yaml': pod } },
    { name: "pods an operator makes from a custom resource (an Argo Rollout's template labels) are backends", files: { 'rollout.yaml': f('valid/operator-pods.yaml') } },
    {
      name: 'a selector that is a subset of the pod labels matches',
      files: { 'api.yaml': `${deployment('api', { app: 'api', tier: 'backend', version: 'v2' })}---\n${service({ app: 'api', tier: 'backend' })}` },
    },
    {
      name: 'one matching workload is enough, whatever the others carry',
      files: {
        'api.yaml': `${deployment('api-v1', { app: 'api', track: 'stable' })}---\n${deployment('api-v2', { app: 'api', track: 'canary' })}---\n${service({ app: 'api', track: 'canary' })}`,
      },
    },
    { name: 'an empty selector is no selector (service/no-endpoints reports it)', files: { 'svc.yaml': service({}).replace('  selector:\n', '  selector: {}\n') } },
  ],
  invalid: [
    {
      name: 'one label of the selector differs from the pod template',
      files: { 'shop.yaml': f('invalid/typo-in-selector.yaml') },
      errors: [
        {
          messageId: 'nearMiss',
          data: { selector: 'app=storefront,tier=web', namespace: 'shop', differences: 'Deployment shop/frontend has app=frontend, not app=storefront' },
          line: 29,
          column: 3,
          endLine: 29,
          endColumn: 11,
          path: 'spec.selector',
          object: 'shop/Service/storefront',
        },
      ],
    },
    {
      name: "the selector copies the Deployment's metadata.labels instead of its pod template labels",
      files: { 'orders.yaml': f('invalid/metadata-labels-not-template.yaml') },
      errors: [{ messageId: 'matchesNothing', data: { service: 'shop/orders', selector: 'app=orders' }, line: 28, column: 3, endLine: 28, endColumn: 11 }],
    },
    {
      name: 'matching pods in another namespace do not count',
      files: { 'payments.yaml': f('invalid/other-namespace.yaml') },
      errors: [{ messageId: 'matchesNothing', data: { service: 'shop/payments', namespace: 'shop' }, line: 26, column: 3, endLine: 26, endColumn: 11 }],
    },
    {
      name: 'a workload that lacks one label of a two-label selector is named',
      files: { 'api.yaml': `${deployment('api', { app: 'api' })}---\n${service({ app: 'api', tier: 'backend' })}` },
      errors: [
        {
          messageId: 'nearMiss',
          data: { differences: 'Deployment shop/api has no label tier (the selector wants tier=backend)' },
          line: 25,
          column: 3,
          endLine: 25,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'at most three near misses are named, the rest counted',
      files: {
        'api.yaml': [
          deployment('api-a', { app: 'api-a' }),
          deployment('api-b', { app: 'api-b' }),
          deployment('api-c', { app: 'api-c' }),
          deployment('api-d', { app: 'api-d' }),
          service({ app: 'api' }),
        ].join('---\n'),
      },
      errors: [
        {
          messageId: 'nearMiss',
          data: {
            differences:
              'Deployment shop/api-a has app=api-a, not app=api; Deployment shop/api-b has app=api-b, not app=api; ' +
              'Deployment shop/api-c has app=api-c, not app=api; and 1 more workload(s)',
          },
          line: 79,
          column: 3,
          endLine: 79,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'a workload that misses two labels is not a near miss',
      files: { 'api.yaml': `${deployment('web', { app: 'web', tier: 'frontend' })}---\n${service({ app: 'api', tier: 'backend' })}` },
      errors: [{ messageId: 'matchesNothing', line: 26, column: 3, endLine: 26, endColumn: 11 }],
    },
    {
      name: 'with a one-pair selector, a workload whose value is unlike the wanted one is not a near miss',
      files: { 'api.yaml': `${deployment('web', { app: 'web' })}---\n${service({ app: 'api' })}` },
      errors: [{ messageId: 'matchesNothing', line: 25, column: 3, endLine: 25, endColumn: 11 }],
    },
    {
      name: 'a namespace without workloads',
      files: { 'svc.yaml': service({ app: 'api' }, 'empty') },
      errors: [{ messageId: 'matchesNothing', data: { namespace: 'empty' }, line: 7, column: 3, endLine: 7, endColumn: 11 }],
    },
  ],
});

describe('service/selector-matches-nothing related locations', () => {
  const lint = async (text: string) => (await lintFiles({ 'a.yaml': text }, [rule], defaultConfig())).findings;

  it('point at the differing pod template label of each near miss', async () => {
    const [finding] = await lint(f('invalid/typo-in-selector.yaml'));
    expect(finding?.related.map((r) => [r.at.region.startLine, r.at.region.startColumn, r.at.region.endColumn, r.message])).toEqual([
      [14, 14, 22, 'Deployment shop/frontend: pod template label app=frontend'],
    ]);
  });

  it('point at the labels key when the label is missing', async () => {
    const [finding] = await lint(`${deployment('api', { app: 'api' })}---\n${service({ app: 'api', tier: 'backend' })}`);
    expect(finding?.related.map((r) => [r.at.region.startLine, r.at.region.startColumn, r.message])).toEqual([[12, 7, 'Deployment shop/api: pod template labels']]);
  });

  it('are absent without a near miss', async () => {
    const [finding] = await lint(f('invalid/metadata-labels-not-template.yaml'));
    expect(finding?.related).toEqual([]);
  });
});
