import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const gateway = (listeners: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
spec:
  gatewayClassName: envoy
  listeners:
${listeners}`;

const httpRoute = (namespace: string, parentRef = '    - name: edge\n      namespace: infra\n') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: ${namespace}
spec:
  parentRefs:
${parentRef}  rules:
    - backendRefs:
        - name: web
          port: 80
`;

const httpListener = '    - name: http\n      port: 80\n      protocol: HTTP\n';
const selectorListener = (selector: string) =>
  `    - name: http\n      port: 80\n      protocol: HTTP\n      allowedRoutes:\n        namespaces:\n          from: Selector\n          selector:\n${selector}`;

new RuleTester().run('gateway/route-not-allowed', rule, {
  valid: [
    { name: 'Same, Selector, All, default kinds of HTTPS and TLS, any listener suffices', files: { 'gw.yaml': fixture('valid/admitted.yaml') } },
    {
      name: 'namespace without a manifest: a label selector cannot be decided',
      files: { 'gw.yaml': gateway(selectorListener('            matchLabels:\n              gateway-access: "true"\n')), 'route.yaml': httpRoute('web') },
    },
    {
      name: 'core protocols are case-insensitive',
      files: { 'gw.yaml': gateway('    - name: http\n      port: 80\n      protocol: http\n      allowedRoutes:\n        namespaces:\n          from: All\n'), 'route.yaml': httpRoute('web') },
    },
    {
      name: 'implementation-specific protocol: kinds are not judged',
      files: {
        'gw.yaml': gateway('    - name: h3\n      port: 443\n      protocol: example.com/quic\n      allowedRoutes:\n        namespaces:\n          from: All\n'),
        'route.yaml': httpRoute('web'),
      },
    },
    {
      name: 'port selects the listener that admits the route',
      files: {
        'gw.yaml': gateway(httpListener + '    - name: public\n      port: 8080\n      protocol: HTTP\n      allowedRoutes:\n        namespaces:\n          from: All\n'),
        'route.yaml': httpRoute('web', '    - name: edge\n      namespace: infra\n      port: 8080\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'selector, Same, listed kinds and protocol kinds refuse',
      files: { 'gw.yaml': fixture('invalid/not-admitted.yaml') },
      errors: [
        { messageId: 'noListenerAdmits', data: { route: 'HTTPRoute blog/blog', gateway: 'infra/shared' }, path: 'spec.parentRefs[0].name', line: 59, column: 13, endLine: 59, endColumn: 19 },
        {
          messageId: 'listenerRefuses',
          data: { listener: 'http', why: 'only routes from namespace infra (from: Same)' },
          path: 'spec.parentRefs[0].sectionName',
          line: 77,
          column: 20,
          endLine: 77,
          endColumn: 24,
        },
        { messageId: 'listenerRefuses', data: { listener: 'grpc-internal', why: 'only GRPCRoute (allowedRoutes.kinds)' }, line: 93, column: 20, endLine: 93, endColumn: 33 },
        {
          messageId: 'noListenerAdmits',
          data: {
            route: 'TCPRoute infra/redis',
            why: 'http admits only HTTPRoute, GRPCRoute (protocol HTTP); https admits only HTTPRoute, GRPCRoute (protocol HTTPS); grpc-internal admits only GRPCRoute (allowedRoutes.kinds)',
          },
          line: 107,
          column: 13,
          endLine: 107,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'allowedRoutes left out: from defaults to Same',
      files: { 'gw.yaml': gateway(httpListener), 'route.yaml': httpRoute('web') },
      errors: [{ messageId: 'noListenerAdmits', data: { why: 'http admits only routes from namespace infra (from defaults to Same)' }, file: 'route.yaml', line: 8, column: 13, endLine: 8, endColumn: 17 }],
    },
    {
      name: 'selector on kubernetes.io/metadata.name is decided without a Namespace manifest',
      files: {
        'gw.yaml': gateway(selectorListener('            matchExpressions:\n              - key: kubernetes.io/metadata.name\n                operator: In\n                values: [shop, checkout]\n')),
        'route.yaml': httpRoute('web'),
      },
      errors: [
        {
          messageId: 'noListenerAdmits',
          data: { why: 'http admits only routes from namespaces matching kubernetes.io/metadata.name in (shop,checkout), and namespace web has kubernetes.io/metadata.name=web' },
          file: 'route.yaml',
          line: 8,
          column: 13,
          endLine: 8,
          endColumn: 17,
        },
      ],
    },
    {
      name: 'listed kind of another group does not match',
      files: {
        'gw.yaml': gateway('    - name: http\n      port: 80\n      protocol: HTTP\n      allowedRoutes:\n        namespaces:\n          from: All\n        kinds:\n          - group: example.com\n            kind: HTTPRoute\n'),
        'route.yaml': httpRoute('web', '    - name: edge\n      namespace: infra\n      sectionName: http\n'),
      },
      errors: [{ messageId: 'listenerRefuses', data: { why: 'only example.com/HTTPRoute (allowedRoutes.kinds)' }, file: 'route.yaml', line: 10, column: 20, endLine: 10, endColumn: 24 }],
    },
  ],
});
