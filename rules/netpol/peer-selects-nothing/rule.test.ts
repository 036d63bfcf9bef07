import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A hostNetwork DaemonSet `node-agent` and a plain Deployment `api` in `ops`, and a policy on `api` admitting `peer`. */
const opsWith = (peer: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  namespace: ops
spec:
  selector:
    matchLabels:
      app: node-agent
  template:
    metadata:
      labels:
        app: node-agent
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: ghcr.io/example/node-agent:0.3.0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: ops
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:3.1.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: ops
spec:
  podSelector:
    matchLabels:
      app: api
  ingress:
    - from:
        - ${peer}
`;

const controllerPeer = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}, podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}}';

new RuleTester().run('netpol/peer-selects-nothing', rule, {
  valid: [
    {
      name: 'same-namespace podSelector, metadata.name and custom namespace labels, AND of both, {} selectors, ipBlock, the implicit CoreDNS',
      files: { 'peers.yaml': f('valid/matching-peers.yaml') },
    },
    {
      name: 'a namespaceSelector matching a built-in namespace without pods of the input is still a namespace',
      files: { 'api.yaml': opsWith('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}') },
    },
    {
      name: 'peers in an ingress section that policyTypes leaves out are not evaluated',
      files: { 'api.yaml': opsWith('{podSelector: {matchLabels: {app: nobody}}}').replace('  ingress:\n', '  policyTypes: [Egress]\n  egress: []\n  ingress:\n') },
    },
  ],
  invalid: [
    {
      name: 'a podSelector alone looks in the policy namespace; name= is not a namespace label; AND of both selectors; a namespace without pods',
      files: { 'orders.yaml': f('invalid/cross-namespace.yaml') },
      errors: [
        {
          messageId: 'noPodInNamespace',
          data: {
            policy: 'api/orders',
            selector: 'app=storefront',
            peer: 'spec.ingress[0].from[0]',
            namespace: 'api',
            hint: " It matches pods in namespace web: a podSelector without a namespaceSelector looks only in the policy's own namespace.",
          },
          line: 68,
          column: 11,
          endLine: 68,
          endColumn: 22,
          path: 'spec.ingress[0].from[0].podSelector',
          object: 'api/NetworkPolicy/orders',
        },
        {
          messageId: 'noNamespace',
          data: {
            selector: 'name=web',
            peer: 'spec.ingress[0].from[1]',
            hint: ' Namespace web exists but has no label name=web; select it by kubernetes.io/metadata.name=web, which every namespace carries.',
          },
          line: 71,
          column: 11,
          endLine: 71,
          endColumn: 28,
          path: 'spec.ingress[0].from[1].namespaceSelector',
        },
        {
          messageId: 'noPodInNamespaces',
          data: { selector: 'app=frontend', namespaceSelector: 'team=web', namespaces: 'web', peer: 'spec.ingress[0].from[2]', hint: '' },
          line: 77,
          column: 11,
          endLine: 77,
          endColumn: 22,
          path: 'spec.ingress[0].from[2].podSelector',
        },
        {
          messageId: 'namespacesWithoutPods',
          data: { selector: 'team=observability', namespaces: 'monitoring', peer: 'spec.egress[0].to[0]' },
          line: 84,
          column: 11,
          endLine: 84,
          endColumn: 28,
          path: 'spec.egress[0].to[0].namespaceSelector',
        },
      ],
    },
    {
      name: 'both selectors in one peer must match the same pod (AND), unlike two list items (OR)',
      files: { 'api.yaml': opsWith('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}, podSelector: {matchLabels: {app: storefront}}}') },
      errors: [{ messageId: 'noPodInNamespaces', data: { namespaces: 'ops', hint: '' }, line: 49, column: 82, endLine: 49, endColumn: 93 }],
    },
    {
      name: 'podSelector matching pods outside the namespaces the namespaceSelector matches',
      files: {
        'api.yaml': opsWith('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {app: api}}}'),
      },
      errors: [
        {
          messageId: 'noPodInNamespaces',
          data: { hint: ' It matches pods in namespace ops, which the namespaceSelector does not match.' },
          line: 49,
          column: 90,
          endLine: 49,
          endColumn: 101,
        },
      ],
    },
    {
      name: 'matchExpressions on namespaces: In a list of namespaces that do not exist',
      files: {
        'api.yaml': opsWith(
          '{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [payments, billing]}]}}',
        ),
      },
      errors: [{ messageId: 'noNamespace', data: { selector: 'kubernetes.io/metadata.name in (payments,billing)', hint: '' }, line: 49, column: 12, endLine: 49, endColumn: 29 }],
    },
    {
      name: 'a peer that selects only hostNetwork pods, which selectors do not match when they are outside enforcement',
      files: { 'api.yaml': opsWith('{podSelector: {matchLabels: {app: node-agent}}}') },
      errors: [{ messageId: 'onlyHostNetwork', data: { field: 'podSelector', workloads: 'DaemonSet ops/node-agent' }, line: 49, column: 12, endLine: 49, endColumn: 23 }],
    },
    {
      name: 'the default ingress controller stand-in is not a namespace of the input',
      files: { 'api.yaml': opsWith(controllerPeer) },
      errors: [{ messageId: 'noNamespace', line: 49, column: 12, endLine: 49, endColumn: 29 }],
    },
  ],
});

new RuleTester({
  config: { ingressController: { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } }, networkPolicy: { hostNetwork: 'enforced' } },
}).run('netpol/peer-selects-nothing', rule, {
  valid: [
    { name: 'the ingress controller netreach.yaml names is a pod in a namespace', files: { 'api.yaml': opsWith(controllerPeer) } },
    { name: 'hostNetwork pods are matched when policies are enforced on them', files: { 'api.yaml': opsWith('{podSelector: {matchLabels: {app: node-agent}}}') } },
  ],
  invalid: [
    {
      name: 'the configured controller has other labels than the peer asks for',
      files: { 'api.yaml': opsWith(controllerPeer.replace('app.kubernetes.io/name: ingress-nginx}}}', 'app.kubernetes.io/name: traefik}}}')) },
      errors: [{ messageId: 'noPodInNamespaces', data: { namespaces: 'ingress-nginx' }, line: 49, column: 92, endLine: 49, endColumn: 103 }],
    },
  ],
});
