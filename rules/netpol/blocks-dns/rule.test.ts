import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A Deployment `api` in `backend` (pod spec extras in `podSpec`) with an egress policy `egress` (YAML under spec). */
const api = (spec: string, podSpec = '') => `apiVersion: apps/v1
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
    spec:${podSpec}
      containers:
        - name: api
          image: ghcr.io/example/api:3.1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-egress
  namespace: backend
spec:
  podSelector:
    matchLabels:
      app: api
${spec}`;

const toCoreDns = (ports: string) => `  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports: ${ports}
`;

new RuleTester().run('netpol/blocks-dns', rule, {
  valid: [
    { name: 'UDP and TCP 53 to CoreDNS; a Job with dnsPolicy Default uses the node resolver', files: { 'shop.yaml': f('valid/dns-allowed.yaml') } },
    { name: 'an egress rule without peers or ports', files: { 'api.yaml': api('  policyTypes: [Egress]\n  egress:\n    - {}\n') } },
    { name: 'a rule without ports to CoreDNS', files: { 'api.yaml': api(toCoreDns('[]')) } },
    { name: 'port 53 for every pod (no peers), both protocols', files: { 'api.yaml': api('  egress:\n    - ports: [{port: 53, protocol: UDP}, {port: 53}]\n') } },
    { name: 'named ports resolve on CoreDNS: dns is UDP, dns-tcp is TCP', files: { 'api.yaml': api(toCoreDns('[{port: dns, protocol: UDP}, {port: dns-tcp}]')) } },
    { name: 'an endPort range that covers 53', files: { 'api.yaml': api(toCoreDns('[{port: 1, endPort: 1024, protocol: UDP}, {port: 1, endPort: 1024}]')) } },
    {
      name: 'an ipBlock over private ranges may cover the CoreDNS pod IP: implementation-defined, not reported',
      files: { 'api.yaml': api('  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 10.0.0.0/8}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53}]\n') },
    },
    { name: 'policyTypes without Egress does not isolate egress', files: { 'api.yaml': api('  policyTypes: [Ingress]\n  egress: []\n') } },
    { name: 'dnsPolicy None uses the servers of dnsConfig', files: { 'api.yaml': api('  policyTypes: [Egress]\n', '\n      dnsPolicy: None\n      dnsConfig: {nameservers: [10.0.0.2]}') } },
    { name: 'hostNetwork pods are outside enforcement', files: { 'api.yaml': api('  policyTypes: [Egress]\n', '\n      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet') } },
  ],
  invalid: [
    {
      name: 'port 53 without protocol is TCP only: UDP is blocked; the finding sits on the first isolating policy',
      files: { 'checkout.yaml': f('invalid/default-deny-egress.yaml') },
      errors: [
        {
          messageId: 'blocked',
          data: {
            workload: 'Deployment shop/checkout',
            dns: 'Deployment kube-system/coredns',
            ports: 'UDP 53',
            policies: 'NetworkPolicy shop/checkout-to-db and NetworkPolicy shop/default-deny',
            their: 'their',
            effect: 'its DNS lookups fail (resolvers ask over UDP first)',
          },
          line: 39,
          column: 3,
          endLine: 39,
          endColumn: 9,
          path: 'spec.egress',
          object: 'shop/Deployment/checkout',
        },
      ],
    },
    {
      name: 'policies see the target port after DNAT: CoreDNS behind kube-dns listens on 5353',
      files: { 'dns.yaml': f('invalid/dns-target-port.yaml') },
      errors: [
        {
          messageId: 'blocked',
          data: {
            ports: 'UDP 5353 and TCP 5353 (the target ports of Service kube-system/kube-dns port 53: policies see traffic after DNAT)',
            their: 'its',
            effect: 'its DNS lookups fail',
          },
          line: 72,
          column: 3,
          endLine: 72,
          endColumn: 14,
          path: 'spec.policyTypes',
        },
      ],
    },
    {
      name: 'an empty egress list allows nothing',
      files: { 'api.yaml': api('  policyTypes: [Egress]\n  egress: []\n') },
      errors: [{ messageId: 'blocked', data: { ports: 'UDP 53 and TCP 53' }, line: 28, column: 3, endLine: 28, endColumn: 14 }],
    },
    {
      name: 'UDP only: answers that need TCP fail',
      files: { 'api.yaml': api(toCoreDns('[{port: 53, protocol: UDP}]')) },
      errors: [
        {
          messageId: 'blocked',
          data: { ports: 'TCP 53', effect: 'lookups whose answers do not fit in a UDP reply fail (resolvers retry those over TCP)' },
          line: 28,
          column: 3,
          endLine: 28,
          endColumn: 14,
        },
      ],
    },
    {
      name: 'namespaceSelector and podSelector in one peer: CoreDNS is not in the policy namespace',
      files: {
        'api.yaml': api('  policyTypes: [Egress]\n  egress:\n    - to: [{podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53}]\n'),
      },
      errors: [{ messageId: 'blocked', data: { ports: 'UDP 53 and TCP 53' }, line: 28, column: 3, endLine: 28, endColumn: 14 }],
    },
    {
      name: 'a public resolver by ipBlock is not CoreDNS',
      files: { 'api.yaml': api('  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 8.8.8.8/32}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53}]\n') },
      errors: [{ messageId: 'blocked', line: 28, column: 3, endLine: 28, endColumn: 14 }],
    },
    {
      name: 'an egress section without policyTypes isolates egress (the finding is on spec.egress)',
      files: { 'api.yaml': api('  egress:\n    - to: [{podSelector: {}}]\n') },
      errors: [{ messageId: 'blocked', data: { ports: 'UDP 53 and TCP 53' }, line: 28, column: 3, endLine: 28, endColumn: 9, path: 'spec.egress' }],
    },
  ],
});

new RuleTester({ config: { networkPolicy: { hostNetwork: 'enforced' } } }).run('netpol/blocks-dns', rule, {
  valid: [
    {
      name: 'a hostNetwork pod with the default dnsPolicy uses the node resolver (ClusterFirst falls back to Default)',
      files: { 'api.yaml': api('  policyTypes: [Egress]\n', '\n      hostNetwork: true') },
    },
  ],
  invalid: [
    {
      name: 'hostNetwork pods with ClusterFirstWithHostNet use CoreDNS, when policies are enforced on them',
      files: { 'api.yaml': api('  policyTypes: [Egress]\n', '\n      hostNetwork: true\n      dnsPolicy: ClusterFirstWithHostNet') },
      errors: [{ messageId: 'blocked', data: { ports: 'UDP 53 and TCP 53' }, line: 30, column: 3, endLine: 30, endColumn: 14 }],
    },
  ],
});
