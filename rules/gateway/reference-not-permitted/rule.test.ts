import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const httpRoute = (rules: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: storefront
  namespace: shop
spec:
  rules:
${rules}`;

const route = httpRoute(`    - backendRefs:
        - name: search
          namespace: search
          port: 9200
`);

// Mirrors to the search Service of another namespace: one on the rule, one on a backendRef.
const mirroringRoute = httpRoute(`    - filters:
        - type: RequestMirror
          requestMirror:
            backendRef:
              name: search
              namespace: search
              port: 9200
      backendRefs:
        - name: storefront
          port: 80
          filters:
            - type: RequestMirror
              requestMirror:
                backendRef:
                  name: search-canary
                  namespace: search
                  port: 9200
`);

const grant = (namespace: string, to: string) => `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: allow-shop
  namespace: ${namespace}
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: HTTPRoute
      namespace: shop
  to:
${to}`;

new RuleTester().run('gateway/reference-not-permitted', rule, {
  valid: [
    { name: 'grant by Service name and for all Services; same-namespace refs', files: { 'routes.yaml': fixture('valid/granted.yaml') } },
    {
      name: 'a grant with several to entries: any one may match',
      files: { 'route.yaml': route, 'grant.yaml': grant('search', '    - group: ""\n      kind: Secret\n    - group: ""\n      kind: Service\n      name: search\n') },
    },
    {
      name: 'request mirrors into another namespace, granted for every Service there',
      files: { 'route.yaml': mirroringRoute, 'grant.yaml': grant('search', '    - group: ""\n      kind: Service\n') },
    },
  ],
  invalid: [
    {
      name: 'grant names another Service, another route kind, another namespace',
      files: { 'routes.yaml': fixture('invalid/not-granted.yaml') },
      errors: [
        {
          messageId: 'notPermitted',
          data: { route: 'HTTPRoute shop/storefront', service: 'search/suggest', from: 'shop', to: 'search', kind: 'HTTPRoute' },
          path: 'spec.rules[0].backendRefs[0].namespace',
          line: 56,
          column: 22,
          endLine: 56,
          endColumn: 28,
        },
        { messageId: 'notPermitted', data: { route: 'GRPCRoute shop/search', kind: 'GRPCRoute' }, line: 71, column: 22, endLine: 71, endColumn: 28 },
        { messageId: 'notPermitted', data: { route: 'HTTPRoute blog/blog-search', from: 'blog' }, line: 86, column: 22, endLine: 86, endColumn: 28 },
      ],
    },
    {
      name: 'no grant at all, and no Service in the input',
      files: { 'route.yaml': route },
      errors: [{ messageId: 'notPermitted', data: { service: 'search/search' }, line: 10, column: 22, endLine: 10, endColumn: 28 }],
    },
    {
      name: 'request mirrors into another namespace: the grant names only one of the two Services',
      files: { 'route.yaml': mirroringRoute, 'grant.yaml': grant('search', '    - group: ""\n      kind: Service\n      name: search\n') },
      errors: [
        {
          messageId: 'notPermitted',
          data: { route: 'HTTPRoute shop/storefront', service: 'search/search-canary', from: 'shop', to: 'search', kind: 'HTTPRoute' },
          file: 'route.yaml',
          path: 'spec.rules[0].backendRefs[0].filters[0].requestMirror.backendRef.namespace',
          line: 23,
          column: 30,
          endLine: 23,
          endColumn: 36,
        },
      ],
    },
    {
      name: 'request mirror into another namespace without any grant',
      files: { 'route.yaml': mirroringRoute },
      errors: [
        { messageId: 'notPermitted', data: { service: 'search/search' }, path: 'spec.rules[0].filters[0].requestMirror.backendRef.namespace', line: 13, column: 26, endLine: 13, endColumn: 32 },
        { messageId: 'notPermitted', data: { service: 'search/search-canary' }, line: 23, column: 30, endLine: 23, endColumn: 36 },
      ],
    },
    {
      name: 'grant placed in the route namespace instead of the Service namespace',
      files: { 'route.yaml': route, 'grant.yaml': grant('shop', '    - group: ""\n      kind: Service\n') },
      errors: [{ messageId: 'notPermitted', file: 'route.yaml', line: 10, column: 22, endLine: 10, endColumn: 28 }],
    },
    {
      name: 'grant to group "core" is not the core group ""',
      files: { 'route.yaml': route, 'grant.yaml': grant('search', '    - group: core\n      kind: Service\n') },
      errors: [{ messageId: 'notPermitted', file: 'route.yaml', line: 10, column: 22, endLine: 10, endColumn: 28 }],
    },
  ],
});
