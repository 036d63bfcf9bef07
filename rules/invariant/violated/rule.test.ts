import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fx = (name: string) => fixture(import.meta.dirname, name);
// The invariants live in netreach.yaml: findings point into it, so the config keeps its source.
const config = parseConfig(readFileSync(path.join(import.meta.dirname, 'netreach.fixture.yaml'), 'utf8'), 'netreach.yaml');

new RuleTester({ config }).run('invariant/violated', rule, {
  valid: [{ name: 'policies that keep every invariant', files: { 'shop.yaml': fx('valid/shop.yaml') } }],
  invalid: [
    {
      name: 'a namespace-wide peer lets the admin in; payments has no policy',
      files: { 'shop.yaml': fx('invalid/shop.yaml') },
      errors: [
        {
          messageId: 'notOnly',
          data: { name: 'only the frontend reaches the API', others: 'web/admin[Deployment]', ports: 'TCP 8443' },
          file: 'netreach.yaml',
          line: 6,
          column: 13,
          endLine: 6,
          endColumn: 17,
          path: 'invariants[0].expect',
        },
        { messageId: 'notDenied', data: { name: 'payments is not reachable from the internet', allowed: 'All Connections' }, file: 'netreach.yaml', line: 10, column: 13, endLine: 10, endColumn: 17 },
      ],
    },
  ],
});

describe('invariant/violated evidence', () => {
  it('carries a code flow from the source through the deciding rule to the destination', async () => {
    const { findings } = await lintFiles({ 'shop.yaml': fx('invalid/shop.yaml') }, [rule], config);
    const only = findings.find((f) => f.messageId === 'notOnly')!;
    expect(only.flow?.map((s) => [s.at.file, s.at.region.startLine, s.message])).toEqual([
      ['shop.yaml', 20, 'Deployment web/admin'],
      ['shop.yaml', 80, 'api/NetworkPolicy/orders-from-web spec.ingress[0] allows TCP 8443'],
      ['shop.yaml', 36, 'Deployment api/orders'],
    ]);
  });

  it('reports a peer that matches no pod', async () => {
    const cfg = parseConfig('invariants:\n  - name: ghost\n    from: {namespace: nowhere}\n    to: {namespace: api}\n    expect: deny\n', 'netreach.yaml');
    const { findings } = await lintFiles({ 'shop.yaml': fx('valid/shop.yaml') }, [rule], cfg);
    expect(findings.map((f) => [f.messageId, f.data.side, f.at.region.startLine])).toEqual([['empty', 'from', 5]]);
  });

  it('says allow when the traffic is blocked', async () => {
    const cfg = parseConfig('invariants:\n  - name: payments call orders\n    from: {namespace: payments}\n    to: {namespace: api}\n    ports: [tcp/8443]\n    expect: allow\n', 'netreach.yaml');
    const { findings } = await lintFiles({ 'shop.yaml': fx('valid/shop.yaml') }, [rule], cfg);
    expect(findings.map((f) => [f.messageId, f.message])).toEqual([
      ['notAllowed', 'Invariant "payments call orders": all pods in namespace payments cannot reach all pods in namespace api on TCP 8443: payments/ledger[Deployment] => api/orders[Deployment] allows only No Connections.'],
    ]);
  });

  it('does not count traffic inside `to` as reaching it from elsewhere', async () => {
    const cfg = parseConfig('invariants:\n  - name: only the frontend reaches the API\n    from: {namespace: web, selector: app=frontend}\n    to: {namespace: api}\n    expect: only\n', 'netreach.yaml');
    const pod = (name: string, app: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: api, labels: {app: ${app}}}\nspec: {containers: [{name: c, image: x}]}\n`;
    const frontend = 'apiVersion: v1\nkind: Pod\nmetadata: {name: frontend, namespace: web, labels: {app: frontend}}\nspec: {containers: [{name: c, image: x}]}\n';
    // api pods admit each other and the frontend's namespace; nothing else.
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: api}\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - podSelector: {}\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: web}}\n          podSelector: {matchLabels: {app: frontend}}\n';
    const { findings } = await lintFiles({ 'a.yaml': [pod('orders', 'orders'), pod('catalog', 'catalog'), frontend, np].join('---\n') }, [rule], cfg);
    expect(findings).toEqual([]);
  });
});
