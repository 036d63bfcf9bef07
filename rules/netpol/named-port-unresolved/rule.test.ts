import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** Two workloads labelled tier=backend declaring `portsA` / `portsB`, and a policy selecting them with `spec`. */
const backends = (portsA: string, portsB: string, spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: a
  namespace: shop
spec:
  selector:
    matchLabels:
      app: a
  template:
    metadata:
      labels:
        app: a
        tier: backend
    spec:
      containers:
        - name: a
          image: ghcr.io/example/a:1.0.0
          ports: ${portsA}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: b
  namespace: shop
spec:
  selector:
    matchLabels:
      app: b
  template:
    metadata:
      labels:
        app: b
        tier: backend
    spec:
      containers:
        - name: b
          image: ghcr.io/example/b:1.0.0
          ports: ${portsB}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: backends
  namespace: shop
spec:
  podSelector:
    matchLabels:
      tier: backend
${spec}`;

new RuleTester().run('netpol/named-port-unresolved', rule, {
  valid: [
    { name: 'names on containers and native sidecars, per protocol, for ingress and egress', files: { 'shop.yaml': f('valid/named-ports.yaml') } },
    {
      name: 'a name one of the selected workloads declares is enough (it resolves per pod)',
      files: { 'shop.yaml': backends('[{name: http, containerPort: 8080}]', '[{name: web, containerPort: 9000}]', '  ingress:\n    - ports:\n        - port: http\n') },
    },
    {
      name: 'egress names resolve on the peers, not on the selected pods',
      files: {
        'shop.yaml': backends(
          '[{name: http, containerPort: 8080}]',
          '[{name: grpc, containerPort: 9000}]',
          '  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: b}}\n      ports:\n        - port: grpc\n',
        ),
      },
    },
    {
      name: 'an ingress section that policyTypes leaves out has no effect',
      files: { 'shop.yaml': backends('[{name: http, containerPort: 8080}]', '[]', '  policyTypes: [Egress]\n  ingress:\n    - ports:\n        - port: https\n') },
    },
    {
      name: 'a rule without peers sends to every pod, the implicit CoreDNS too, which names metrics',
      files: { 'shop.yaml': backends('[]', '[]', '  policyTypes: [Egress]\n  egress:\n    - ports:\n        - port: metrics\n') },
    },
    {
      name: 'a rule whose peers select nothing has nothing to resolve on (netpol/peer-selects-nothing)',
      files: {
        'shop.yaml': backends(
          '[]',
          '[]',
          '  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: nobody}}\n      ports:\n        - port: grpc\n',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a name the selected pods do not declare',
      files: { 'catalog.yaml': f('invalid/renamed-port.yaml') },
      errors: [
        {
          messageId: 'unresolved',
          data: { policy: 'shop/catalog', port: 'http', rule: 'spec.ingress[0]', protocol: 'TCP', pods: 'the pods the policy selects (Deployment shop/catalog)' },
          line: 39,
          column: 17,
          endLine: 39,
          endColumn: 21,
          path: 'spec.ingress[0].ports[0].port',
          object: 'shop/NetworkPolicy/catalog',
        },
      ],
    },
    {
      name: 'egress names resolve on the peers (CoreDNS names dns for UDP only; protocol defaults to TCP) and never on an ipBlock',
      files: { 'checkout.yaml': f('invalid/dns-egress.yaml') },
      errors: [
        {
          messageId: 'wrongProtocol',
          data: { port: 'dns', rule: 'spec.egress[0]', protocol: 'TCP', declared: 'UDP', pods: 'the pods its peers select (Deployment kube-system/coredns)' },
          line: 39,
          column: 17,
          endLine: 39,
          endColumn: 20,
          path: 'spec.egress[0].ports[0].port',
        },
        { messageId: 'addressesOnly', data: { port: 'https', rule: 'spec.egress[1]' }, line: 45, column: 17, endLine: 45, endColumn: 22, path: 'spec.egress[1].ports[0].port' },
      ],
    },
    {
      name: 'a UDP port named on the pods for TCP only',
      files: {
        'shop.yaml': backends('[{name: stats, containerPort: 8125}]', '[]', '  ingress:\n    - ports:\n        - port: stats\n          protocol: UDP\n'),
      },
      errors: [{ messageId: 'wrongProtocol', data: { protocol: 'UDP', declared: 'TCP', pods: 'the pods the policy selects (Deployment shop/a)' }, line: 52, column: 17, endLine: 52, endColumn: 22 }],
    },
    {
      name: 'egress names do not resolve on the selected pods',
      files: {
        'shop.yaml': backends(
          '[{name: grpc, containerPort: 9000}]',
          '[]',
          '  policyTypes: [Egress]\n  egress:\n    - to:\n        - podSelector: {matchLabels: {app: b}}\n      ports:\n        - port: grpc\n',
        ),
      },
      errors: [{ messageId: 'unresolved', data: { pods: 'the pods its peers select (Deployment shop/b)' }, line: 55, column: 17, endLine: 55, endColumn: 21 }],
    },
    {
      name: 'a rule without peers sends to every pod: none of them declares the name',
      files: { 'shop.yaml': backends('[]', '[]', '  policyTypes: [Egress]\n  egress:\n    - ports:\n        - port: admin\n') },
      errors: [{ messageId: 'unresolved', data: { port: 'admin' }, line: 53, column: 17, endLine: 53, endColumn: 22 }],
    },
  ],
});
