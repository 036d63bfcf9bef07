import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const route = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: storefront
  namespace: shop
spec:
  rules:
    - backendRefs:
        - name: search
          namespace: search
          port: 9200
`;

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
