import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** Deployments web/app (port http 8080) and web/db (port pg 5432), and the given policies. */
const web = (...policies: string[]) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: web
spec:
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: ghcr.io/example/app:1.0.0
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: db
  namespace: web
spec:
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres:16
          ports:
            - name: pg
              containerPort: 5432
${policies.join('')}`;

const policy = (name: string, spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: web
spec:
${spec}`;

new RuleTester().run('netpol/redundant-rule', rule, {
  valid: [
    { name: 'a named port resolving differently per selected workload; other CIDRs; another protocol', files: { 'shop.yaml': f('valid/distinct-rules.yaml') } },
    {
      name: 'the same rule for other pods is not a cover',
      files: { 'web.yaml': web(policy('a', '  podSelector: {matchLabels: {app: app}}\n  ingress: [{ports: [{port: 8080}]}]\n'), policy('b', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: 8080}]}]\n')) },
    },
    {
      name: 'a cover that isolates only some of the selected pods is not enough',
      files: { 'web.yaml': web(policy('a', '  podSelector: {}\n  ingress: [{ports: [{port: 8080}]}]\n'), policy('b', '  podSelector: {matchLabels: {app: app}}\n  ingress: [{}]\n')) },
    },
    {
      name: 'rules of a direction policyTypes leaves out cover nothing',
      files: { 'web.yaml': web(policy('a', '  podSelector: {}\n  ingress: [{ports: [{port: 8080}]}]\n'), policy('b', '  podSelector: {}\n  policyTypes: [Egress]\n  ingress: [{}]\n')) },
    },
    {
      name: 'a rule that allows nothing (its peers select nothing) is another rule’s finding',
      files: { 'web.yaml': web(policy('a', '  podSelector: {}\n  ingress:\n    - {}\n    - from: [{podSelector: {matchLabels: {app: nobody}}}]\n')) },
    },
  ],
  invalid: [
    {
      name: 'a rule without peers admits IPv6 addresses too: the IPv4-only rule is the redundant one, not the other way round',
      files: { 'web.yaml': web(policy('a', '  podSelector: {}\n  ingress:\n    - from: [{namespaceSelector: {}}, {ipBlock: {cidr: 0.0.0.0/0}}]\n    - {}\n')) },
      errors: [{ messageId: 'redundant', data: { rule: 'spec.ingress[0]', others: 'spec.ingress[1]' }, line: 51, column: 7, endLine: 51, endColumn: 11 }],
    },
    {
      name: 'a namespaceSelector {} admits the ingress controller too: selectors for every namespace of the input do not cover it',
      files: {
        'web.yaml': web(
          policy(
            'a',
            '  podSelector: {}\n  ingress:\n    - from: [{podSelector: {}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n    - from: [{namespaceSelector: {}}]\n',
          ),
        ),
      },
      errors: [{ messageId: 'redundant', data: { rule: 'spec.ingress[0]', others: 'spec.ingress[1]' }, line: 51, column: 7, endLine: 51, endColumn: 11 }],
    },
    {
      name: 'a narrower peer on the same port, named or numbered',
      files: { 'web.yaml': f('invalid/same-policy.yaml') },
      errors: [
        {
          messageId: 'redundant',
          data: { policy: 'web/storefront', rule: 'spec.ingress[1]', others: 'spec.ingress[0]', allow: 'allows', direction: 'to' },
          line: 58,
          column: 7,
          endLine: 58,
          endColumn: 11,
          path: 'spec.ingress[1].from',
          object: 'web/NetworkPolicy/storefront',
        },
      ],
    },
    {
      name: 'covers from another policy: an endPort range, an ipBlock with except',
      files: { 'api.yaml': f('invalid/across-policies.yaml') },
      errors: [
        {
          messageId: 'redundant',
          data: { policy: 'backend/api-from-worker', rule: 'spec.ingress[0]', others: 'NetworkPolicy backend/api-from-backend spec.ingress[0]' },
          line: 68,
          column: 7,
          endLine: 68,
          endColumn: 11,
        },
        { messageId: 'redundant', data: { rule: 'spec.ingress[2]', others: 'NetworkPolicy backend/api-from-backend spec.ingress[1]' }, line: 81, column: 7, endLine: 81, endColumn: 11 },
      ],
    },
    {
      name: 'everything is covered by a rule without peers and ports; a rule without from points at its ports',
      files: { 'web.yaml': web(policy('a', '  podSelector: {}\n  ingress:\n    - {}\n    - from: [{podSelector: {matchLabels: {app: app}}}]\n      ports: [{port: 8080}]\n    - ports: [{port: 9090, protocol: UDP}]\n')) },
      errors: [
        { messageId: 'redundant', data: { rule: 'spec.ingress[1]', others: 'spec.ingress[0]' }, line: 52, column: 7, endLine: 52, endColumn: 11 },
        { messageId: 'redundant', data: { rule: 'spec.ingress[2]', others: 'spec.ingress[0]' }, line: 54, column: 7, endLine: 54, endColumn: 12 },
      ],
    },
    {
      name: 'an empty from list is every peer, like a missing one; and both address families make every address',
      files: { 'web.yaml': web(policy('a', '  podSelector: {}\n  ingress:\n    - from: []\n    - from: [{namespaceSelector: {}}, {ipBlock: {cidr: 0.0.0.0/0}}, {ipBlock: {cidr: "::/0"}}]\n')) },
      errors: [{ messageId: 'redundant', data: { rule: 'spec.ingress[1]', others: 'spec.ingress[0]' }, line: 52, column: 7, endLine: 52, endColumn: 11 }],
    },
    {
      name: 'two identical policies: only the later rule is reported, so removing it keeps the earlier',
      files: {
        'web.yaml': web(
          policy('a', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: app}}}], ports: [{port: 5432}]}]\n'),
          policy('b', '  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: app}}}], ports: [{port: 5432}]}]\n'),
        ),
      },
      errors: [{ messageId: 'redundant', data: { policy: 'web/b', others: 'NetworkPolicy web/a spec.ingress[0]' }, line: 59, column: 14, endLine: 59, endColumn: 18, object: 'web/NetworkPolicy/b' }],
    },
    {
      name: 'egress named ports resolve on the peer: pg is 5432 on db',
      files: {
        'web.yaml': web(
          policy(
            'app',
            '  podSelector: {matchLabels: {app: app}}\n  egress:\n    - to: [{podSelector: {}}]\n      ports: [{port: 5432}]\n    - to: [{podSelector: {matchLabels: {app: db}}}]\n      ports: [{port: pg}]\n',
          ),
        ),
      },
      errors: [{ messageId: 'redundant', data: { rule: 'spec.egress[1]', others: 'spec.egress[0]', direction: 'from' }, line: 53, column: 7, endLine: 53, endColumn: 9 }],
    },
  ],
});
