import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const nginx = { namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } };

/** Deployment web/app (container port 8080, optionally hostNetwork), Service app 80 → 8080, an Ingress to it, and `policy` (spec body). */
const app = (policy: string, opts: { hostNetwork?: boolean; backendPort?: string } = {}) => `apiVersion: apps/v1
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
    spec:${opts.hostNetwork ? '\n      hostNetwork: true' : ''}
      containers:
        - name: app
          image: ghcr.io/example/app:1.0.0
          ports:
            - name: http
              containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: app
  namespace: web
spec:
  selector:
    app: app
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app
  namespace: web
spec:
  defaultBackend:
    service:
      name: app
      port: ${opts.backendPort ?? '{number: 80}'}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: app
  namespace: web
spec:
  podSelector: {}
${policy}`;

new RuleTester({ config: { ingressController: nginx } }).run('netpol/ingress-controller-blocked', rule, {
  valid: [
    { name: 'the controller admitted on the named target port', files: { 'shop.yaml': f('valid/controller-admitted.yaml') } },
    { name: 'a rule without peers admits the controller', files: { 'app.yaml': app('  ingress:\n    - ports: [{port: 8080}]\n') } },
    { name: 'a namespaceSelector {} admits every namespace, the controller one too', files: { 'app.yaml': app('  ingress:\n    - from: [{namespaceSelector: {}}]\n') } },
    { name: 'hostNetwork backends are outside enforcement', files: { 'app.yaml': app('  ingress: []\n', { hostNetwork: true }) } },
    { name: 'egress-only policies do not isolate the backend for ingress', files: { 'app.yaml': app('  policyTypes: [Egress]\n') } },
    { name: 'a backend port the Service does not have is ingress/backend-port-not-found', files: { 'app.yaml': app('  ingress: []\n', { backendPort: '{number: 8080}' }) } },
  ],
  invalid: [
    {
      name: 'the policy admits the controller on the Service port, but policies see the target port',
      files: { 'shop.yaml': f('invalid/service-port-in-policy.yaml') },
      errors: [
        {
          messageId: 'blocked',
          data: {
            source: 'Ingress shop/shop',
            backend: 'the backend for shop.example.com/',
            service: 'shop/storefront',
            servicePort: '80/TCP (http)',
            blocked: 'TCP 8080',
            workload: 'Deployment shop/storefront',
            policies: 'NetworkPolicy shop/storefront',
            controller: 'namespace ingress-nginx, labels app.kubernetes.io/name=ingress-nginx',
          },
          line: 51,
          column: 23,
          endLine: 51,
          endColumn: 33,
          path: 'spec.rules[0].http.paths[0].backend.service.name',
          object: 'shop/Ingress/shop',
        },
      ],
    },
    {
      name: 'a podSelector alone admits pods of the policy namespace only',
      files: { 'app.yaml': app('  ingress:\n    - from: [{podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}}]\n') },
      errors: [{ messageId: 'blocked', data: { backend: 'the default backend', blocked: 'TCP 8080' }, line: 43, column: 13, endLine: 43, endColumn: 16 }],
    },
    {
      name: 'the controller pods carry other labels than the peer asks for (AND of both selectors)',
      files: {
        'app.yaml': app(
          '  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}, podSelector: {matchLabels: {app: nginx}}}]\n',
        ),
      },
      errors: [{ messageId: 'blocked', line: 43, column: 13, endLine: 43, endColumn: 16 }],
    },
    {
      name: 'UDP is not TCP: a port entry with another protocol does not admit the controller',
      files: { 'app.yaml': app('  ingress:\n    - ports: [{port: 8080, protocol: UDP}]\n', { backendPort: '{name: http}' }) },
      errors: [{ messageId: 'blocked', data: { blocked: 'TCP 8080' }, line: 43, column: 13, endLine: 43, endColumn: 16 }],
    },
  ],
});

new RuleTester().run('netpol/ingress-controller-blocked', rule, {
  valid: [
    {
      name: 'without ingressController in netreach.yaml, a rule for every namespace admits the stand-in',
      files: { 'app.yaml': app('  ingress:\n    - from: [{namespaceSelector: {}}]\n      ports: [{port: http}]\n') },
    },
  ],
  invalid: [
    {
      name: 'an HTTPRoute backend behind a default deny (the stand-in controller)',
      files: { 'api.yaml': f('invalid/httproute-default-deny.yaml') },
      errors: [
        {
          messageId: 'blocked',
          data: {
            source: 'HTTPRoute backend/api',
            backend: 'backendRef backend/api',
            servicePort: '8080/TCP',
            blocked: 'TCP 9000',
            policies: 'NetworkPolicy backend/api-from-web and NetworkPolicy backend/default-deny',
            controller: 'the default stand-in, a pod without labels in a namespace of its own; set ingressController in netreach.yaml to name the real one',
          },
          line: 48,
          column: 17,
          endLine: 48,
          endColumn: 20,
          path: 'spec.rules[0].backendRefs[0].name',
          object: 'backend/HTTPRoute/api',
        },
      ],
    },
    {
      name: 'the stand-in is not admitted by a selector for the real controller',
      files: { 'shop.yaml': f('valid/controller-admitted.yaml') },
      errors: [{ messageId: 'blocked', data: { backend: 'the default backend', blocked: 'TCP 8080' }, line: 44, column: 13, endLine: 44, endColumn: 23 }],
    },
  ],
});

/** Service dns 53/UDP and 53/TCP in front of Deployment infra/resolver, routed by a `kind` route; ingress admits only `admitted`. */
const resolver = (kind: string, admitted: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: resolver
  namespace: infra
spec:
  selector:
    matchLabels:
      app: resolver
  template:
    metadata:
      labels:
        app: resolver
    spec:
      containers:
        - name: unbound
          image: ghcr.io/example/unbound:1.20.0
---
apiVersion: v1
kind: Service
metadata:
  name: dns
  namespace: infra
spec:
  selector:
    app: resolver
  ports:
    - {name: dns-udp, port: 53, protocol: UDP, targetPort: 5353}
    - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 5353}
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: ${kind}
metadata:
  name: dns
  namespace: infra
spec:
  parentRefs:
    - name: edge
  rules:
    - backendRefs:
        - name: dns
          port: 53
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: resolver
  namespace: infra
spec:
  podSelector: {}
  ingress:
    - ports: [{port: 5353, protocol: ${admitted}}]
`;

new RuleTester().run('netpol/ingress-controller-blocked', rule, {
  valid: [
    { name: 'a UDPRoute only needs the UDP Service port', files: { 'dns.yaml': resolver('UDPRoute', 'UDP') } },
    { name: 'a TCPRoute only needs the TCP Service port', files: { 'dns.yaml': resolver('TCPRoute', 'TCP') } },
  ],
  invalid: [
    {
      name: 'a UDPRoute to a port the policy admits for TCP only',
      files: { 'dns.yaml': resolver('UDPRoute', 'TCP') },
      errors: [{ messageId: 'blocked', data: { source: 'UDPRoute infra/dns', servicePort: '53/UDP (dns-udp)', blocked: 'UDP 5353' }, line: 41, column: 17, endLine: 41, endColumn: 20 }],
    },
  ],
});
