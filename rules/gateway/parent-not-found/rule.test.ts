import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const tlsRoute = (parentRef: string) => `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata:
  name: db-proxy
  namespace: data
spec:
  parentRefs:
${parentRef}
  rules:
    - backendRefs:
        - name: pg-proxy
          port: 5432
`;

new RuleTester().run('gateway/parent-not-found', rule, {
  valid: [
    {
      name: 'no Gateway in the input at all: Gateways live in another repository',
      files: { 'route.yaml': tlsRoute('    - group: gateway.networking.k8s.io\n      kind: Gateway\n      name: tls-passthrough\n      namespace: edge') },
    },
    { name: 'sectionName, port, both, and a mesh Service parent', files: { 'routes.yaml': fixture('valid/attached.yaml') } },
    {
      name: 'a parent of another group is not a Gateway API Gateway',
      files: { 'route.yaml': tlsRoute('    - group: networking.example.com\n      kind: Gateway\n      name: edge') },
    },
  ],
  invalid: [
    {
      name: 'typo, defaulted namespace, unknown sectionName, port of another listener, unknown port',
      files: { 'routes.yaml': fixture('invalid/wrong-parents.yaml') },
      errors: [
        { messageId: 'gatewayNotFound', data: { gateway: 'infra/shraed' }, path: 'spec.parentRefs[0].name', object: 'shop/HTTPRoute/storefront', line: 31, column: 13, endLine: 31, endColumn: 19 },
        { messageId: 'gatewayInOtherNamespace', data: { gateway: 'shop/shared', namespace: 'shop', elsewhere: 'infra' }, path: 'spec.parentRefs[0].name', line: 46, column: 13, endLine: 46, endColumn: 19 },
        {
          messageId: 'sectionNotFound',
          data: { section: 'https-internal', listeners: 'http (HTTP 80), https (HTTPS 443)' },
          path: 'spec.parentRefs[0].sectionName',
          line: 61,
          column: 20,
          endLine: 61,
          endColumn: 34,
        },
        { messageId: 'sectionPortMismatch', data: { port: 80, section: 'https', listenerPort: 443 }, path: 'spec.parentRefs[1].port', line: 65, column: 13, endLine: 65, endColumn: 15 },
        { messageId: 'portNotFound', data: { port: 8443 }, path: 'spec.parentRefs[0].port', object: 'shop/HTTPRoute/admin', line: 80, column: 13, endLine: 80, endColumn: 17 },
      ],
    },
  ],
});
