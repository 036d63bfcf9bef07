import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A Deployment `api` in `backend` (optionally hostNetwork) and the given policies. */
const api = (policies: string, hostNetwork = false) => `apiVersion: apps/v1
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
      labels:
        app: api
    spec:${hostNetwork ? '\n      hostNetwork: true' : ''}
      containers:
        - name: api
          image: ghcr.io/example/api:3.1.0
${policies}`;

const policy = (name: string, spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: backend
spec:
${spec}`;

new RuleTester().run('netpol/not-isolated', rule, {
  valid: [
    { name: 'a default deny for both directions plus allow rules', files: { 'web.yaml': f('valid/default-deny.yaml') } },
    { name: 'policyTypes inferred: egress rules make the policy isolate egress', files: { 'api.yaml': api(policy('dns', '  podSelector: {}\n  ingress: []\n  egress:\n    - ports: [{port: 53, protocol: UDP}]\n')) } },
    { name: 'hostNetwork pods are outside enforcement, so not reported', files: { 'api.yaml': api('', true) } },
    { name: 'only the directions asked for are checked', files: { 'api.yaml': api(policy('in', '  podSelector: {}\n')) }, options: { directions: ['ingress'] } },
    { name: 'no direction asked for, nothing checked', files: { 'api.yaml': api('') }, options: { directions: [] } },
  ],
  invalid: [
    {
      name: 'an ingress policy without policyTypes does not isolate egress; a hostNetwork DaemonSet is skipped',
      files: { 'web.yaml': f('invalid/ingress-only.yaml') },
      errors: [
        {
          messageId: 'egress',
          data: {
            workload: 'Deployment web/storefront',
            why: 'NetworkPolicy web/storefront selects it, but without Egress in policyTypes (without policyTypes, Egress is only set when spec.egress has rules)',
          },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 19,
          path: 'metadata.name',
          object: 'web/Deployment/storefront',
        },
      ],
    },
    {
      name: 'a namespace without policies: both directions, each its own finding',
      files: { 'report.yaml': f('invalid/no-policy.yaml') },
      errors: [
        { messageId: 'egress', data: { workload: 'CronJob billing/report', why: 'namespace billing has no NetworkPolicy' }, line: 4, column: 9, endLine: 4, endColumn: 15 },
        { messageId: 'ingress', data: { workload: 'CronJob billing/report', why: 'namespace billing has no NetworkPolicy' }, line: 4, column: 9, endLine: 4, endColumn: 15 },
      ],
    },
    {
      name: 'policyTypes: [Egress] does not isolate ingress, even with an ingress section',
      files: { 'api.yaml': api(policy('egress-only', '  podSelector: {}\n  policyTypes: [Egress]\n  ingress:\n    - {}\n  egress: []\n')) },
      errors: [
        {
          messageId: 'ingress',
          data: { why: 'NetworkPolicy backend/egress-only selects it, but without Ingress in policyTypes' },
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 12,
        },
      ],
    },
    {
      name: 'policies in the namespace that select other pods',
      files: { 'api.yaml': api(policy('web', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress, Egress]\n')) },
      errors: [
        { messageId: 'egress', data: { why: 'the NetworkPolicy in namespace backend does not select its pods' }, line: 4, column: 9, endLine: 4, endColumn: 12 },
        { messageId: 'ingress', data: { why: 'the NetworkPolicy in namespace backend does not select its pods' }, line: 4, column: 9, endLine: 4, endColumn: 12 },
      ],
    },
    {
      name: 'only egress, when asked',
      files: { 'api.yaml': api(policy('in', '  podSelector: {}\n')) },
      options: { directions: ['egress'] },
      errors: [{ messageId: 'egress', line: 4, column: 9, endLine: 4, endColumn: 12 }],
    },
  ],
});

new RuleTester({ config: { networkPolicy: { hostNetwork: 'enforced' } } }).run('netpol/not-isolated', rule, {
  valid: [{ name: 'an enforced hostNetwork pod under a default deny', files: { 'api.yaml': api(policy('deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'), true) } }],
  invalid: [
    {
      name: 'hostNetwork pods are reported when the CNI enforces policies on them',
      files: { 'api.yaml': api('', true) },
      errors: [
        { messageId: 'egress', line: 4, column: 9, endLine: 4, endColumn: 12 },
        { messageId: 'ingress', line: 4, column: 9, endLine: 4, endColumn: 12 },
      ],
    },
  ],
});
