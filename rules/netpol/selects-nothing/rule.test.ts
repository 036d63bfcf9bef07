import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A Deployment `api` in `namespace` with pod labels `labels` (and hostNetwork), and a policy with `podSelector`. */
const workloadAndPolicy = (opts: { labels: string; podSelector: string; policyNamespace?: string; hostNetwork?: boolean }) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: backend
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels: ${opts.labels}
    spec:${opts.hostNetwork ? '\n      hostNetwork: true' : ''}
      containers:
        - name: api
          image: ghcr.io/example/api:3.1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: ${opts.policyNamespace ?? 'backend'}
spec:
  podSelector: ${opts.podSelector}
  policyTypes: [Ingress]
`;

new RuleTester().run('netpol/selects-nothing', rule, {
  valid: [
    { name: '{}, matchExpressions In and NotIn, and the implicit CoreDNS in kube-system', files: { 'shop.yaml': f('valid/selectors.yaml') } },
    {
      name: 'DoesNotExist matches pods without the key',
      files: { 'api.yaml': workloadAndPolicy({ labels: '{app: api}', podSelector: '{matchExpressions: [{key: canary, operator: DoesNotExist}]}' }) },
    },
    {
      name: 'matchLabels and matchExpressions together (AND) on a pod that has both',
      files: {
        'api.yaml': workloadAndPolicy({ labels: '{app: api, tier: backend}', podSelector: '{matchLabels: {app: api}, matchExpressions: [{key: tier, operator: Exists}]}' }),
      },
    },
  ],
  invalid: [
    {
      name: 'labels on the Deployment, not on its pod template',
      files: { 'checkout.yaml': f('invalid/deployment-labels.yaml') },
      errors: [
        {
          messageId: 'noMatch',
          data: {
            policy: 'shop/checkout-ingress',
            selector: 'app.kubernetes.io/name=checkout',
            namespace: 'shop',
            workloads: 'Deployment shop/checkout',
            hint: ' These labels are on the metadata of Deployment shop/checkout itself, not on the pod template (spec.template.metadata.labels) that selectors see.',
          },
          line: 32,
          column: 3,
          endLine: 32,
          endColumn: 14,
          path: 'spec.podSelector',
          object: 'shop/NetworkPolicy/checkout-ingress',
        },
      ],
    },
    {
      name: 'a default deny in a namespace without workloads',
      files: { 'payments.yaml': f('invalid/empty-namespace.yaml') },
      errors: [{ messageId: 'emptyNamespace', data: { policy: 'payments/default-deny', namespace: 'payments', selector: '{}' }, line: 14, column: 3, endLine: 14, endColumn: 14 }],
    },
    {
      name: 'matchLabels and matchExpressions combine with AND',
      files: {
        'api.yaml': workloadAndPolicy({ labels: '{app: api}', podSelector: '{matchLabels: {app: api}, matchExpressions: [{key: tier, operator: Exists}]}' }),
      },
      errors: [{ messageId: 'noMatch', data: { selector: 'app=api,tier', hint: '' }, line: 24, column: 3, endLine: 24, endColumn: 14 }],
    },
    {
      name: 'NotIn excludes the only pod that has the value',
      files: { 'api.yaml': workloadAndPolicy({ labels: '{app: api}', podSelector: '{matchExpressions: [{key: app, operator: NotIn, values: [api, web]}]}' }) },
      errors: [{ messageId: 'noMatch', data: { selector: 'app notin (api,web)' }, line: 24, column: 3, endLine: 24, endColumn: 14 }],
    },
    {
      name: 'a policy only selects pods of its own namespace',
      files: {
        'api.yaml': `${workloadAndPolicy({ labels: '{app: api}', podSelector: '{matchLabels: {app: api}}', policyNamespace: 'web' })}---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: web
spec:
  containers:
    - name: shell
      image: busybox:1.36
`,
      },
      errors: [{ messageId: 'noMatch', data: { namespace: 'web', workloads: 'Pod web/debug' }, line: 24, column: 3, endLine: 24, endColumn: 14, object: 'web/NetworkPolicy/api' }],
    },
    {
      name: 'hostNetwork pods are outside enforcement (networkPolicy.hostNetwork: unenforced, the default)',
      files: { 'api.yaml': workloadAndPolicy({ labels: '{app: api}', podSelector: '{matchLabels: {app: api}}', hostNetwork: true }) },
      errors: [{ messageId: 'onlyHostNetwork', data: { workloads: 'Deployment backend/api' }, line: 25, column: 3, endLine: 25, endColumn: 14 }],
    },
  ],
});

new RuleTester({ config: { networkPolicy: { hostNetwork: 'enforced' } } }).run('netpol/selects-nothing', rule, {
  valid: [
    {
      name: 'hostNetwork pods count when the CNI enforces policies on them',
      files: { 'api.yaml': workloadAndPolicy({ labels: '{app: api}', podSelector: '{matchLabels: {app: api}}', hostNetwork: true }) },
    },
  ],
  invalid: [
    {
      name: 'a selector that matches nothing still reports in enforced mode',
      files: { 'api.yaml': workloadAndPolicy({ labels: '{app: api}', podSelector: '{matchLabels: {app: web}}', hostNetwork: true }) },
      errors: [{ messageId: 'noMatch', data: { selector: 'app=web' }, line: 25, column: 3, endLine: 25, endColumn: 14 }],
    },
  ],
});

describe('netpol/selects-nothing and controller-added labels', () => {
  // A StatefulSet's pods carry statefulset.kubernetes.io/pod-name (kube-controller-manager adds it).
  it('does not call a selector on a StatefulSet pod name empty', async () => {
    const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: kafka, namespace: data}\nspec:\n  replicas: 3\n  serviceName: kafka\n  selector: {matchLabels: {app: kafka}}\n  template:\n    metadata: {labels: {app: kafka}}\n    spec: {containers: [{name: k, image: x}]}\n';
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: kafka-0, namespace: data}\nspec:\n  podSelector: {matchLabels: {statefulset.kubernetes.io/pod-name: kafka-0}}\n  ingress: []\n';
    const { findings } = await lintFiles({ 'a.yaml': `${sts}---\n${np}` }, [rule], defaultConfig());
    expect(findings).toEqual([]);
    const beyond = np.replace('kafka-0}', 'kafka-3}');
    expect((await lintFiles({ 'a.yaml': `${sts}---\n${beyond}` }, [rule], defaultConfig())).findings.map((f) => f.messageId)).toEqual(['noMatch']);
  });
});
