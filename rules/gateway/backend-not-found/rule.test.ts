import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const tcpRoute = (backendRef: string) => `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata:
  name: postgres
  namespace: data
spec:
  parentRefs:
    - name: tcp
      namespace: infra
  rules:
    - backendRefs:
${backendRef}`;

const postgres = `apiVersion: v1
kind: Service
metadata:
  name: postgres
  namespace: data
spec:
  type: ExternalName
  externalName: shop.cluster-abc.eu-west-1.rds.amazonaws.com
`;

new RuleTester().run('gateway/backend-not-found', rule, {
  valid: [
    { name: 'weighted, explicit core group, cross-namespace, and a ServiceImport', files: { 'route.yaml': fixture('valid/backends.yaml') } },
    { name: 'request mirrors to existing Services, to a ServiceImport, malformed, and on a TCPRoute', files: { 'route.yaml': fixture('valid/mirrors.yaml') } },
    {
      name: 'ExternalName Service: ports are not checked',
      files: { 'svc.yaml': postgres, 'route.yaml': tcpRoute('        - name: postgres\n          port: 5432\n') },
    },
  ],
  invalid: [
    {
      name: 'missing Service, targetPort, unknown port, no port',
      files: { 'route.yaml': fixture('invalid/broken-backends.yaml') },
      errors: [
        { messageId: 'serviceNotFound', data: { service: 'shop/storefront-v2' }, path: 'spec.rules[0].backendRefs[0].name', line: 27, column: 17, endLine: 27, endColumn: 30 },
        { messageId: 'targetPortUsed', data: { port: 8080, servicePort: 80 }, path: 'spec.rules[1].backendRefs[0].port', line: 35, column: 17, endLine: 35, endColumn: 21 },
        { messageId: 'portNotFound', data: { port: 9000, ports: '80/TCP (http)' }, path: 'spec.rules[2].backendRefs[0].port', line: 42, column: 17, endLine: 42, endColumn: 21 },
        { messageId: 'portRequired', data: { service: 'shop/storefront' }, path: 'spec.rules[3].backendRefs[0].name', line: 48, column: 17, endLine: 48, endColumn: 27 },
      ],
    },
    {
      name: 'request mirrors: rule filter to a missing Service, backendRef filter on the targetPort, GRPCRoute mirror without port',
      files: { 'route.yaml': fixture('invalid/mirrors.yaml') },
      errors: [
        {
          messageId: 'serviceNotFound',
          data: { route: 'HTTPRoute shop/storefront', service: 'shop/storefront-shadow' },
          path: 'spec.rules[0].filters[0].requestMirror.backendRef.name',
          line: 30,
          column: 21,
          endLine: 30,
          endColumn: 38,
        },
        {
          messageId: 'targetPortUsed',
          data: { port: 8080, servicePort: 80 },
          path: 'spec.rules[0].backendRefs[0].filters[0].requestMirror.backendRef.port',
          line: 40,
          column: 25,
          endLine: 40,
          endColumn: 29,
        },
        {
          messageId: 'portRequired',
          data: { route: 'GRPCRoute shop/catalog', service: 'shop/storefront' },
          path: 'spec.rules[0].filters[0].requestMirror.backendRef.name',
          line: 56,
          column: 21,
          endLine: 56,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'namespace defaults to the route’s: the Service is elsewhere',
      files: { 'route.yaml': fixture('invalid/grpc-other-namespace.yaml') },
      errors: [
        { messageId: 'serviceInOtherNamespace', data: { route: 'GRPCRoute shop/catalog', service: 'shop/catalog', elsewhere: 'catalog' }, line: 25, column: 17, endLine: 25, endColumn: 24 },
      ],
    },
    {
      name: 'explicit namespace where the Service is not; kind Service defaulted',
      files: { 'svc.yaml': postgres, 'route.yaml': tcpRoute('        - name: postgres\n          namespace: db\n          port: 5432\n') },
      errors: [{ messageId: 'serviceInOtherNamespace', data: { service: 'db/postgres', namespace: 'db', elsewhere: 'data' }, file: 'route.yaml', line: 12, column: 17, endLine: 12, endColumn: 25 }],
    },
    {
      name: 'no port and no Service: both reported',
      files: { 'route.yaml': tcpRoute('        - name: postgres\n') },
      errors: [
        { messageId: 'serviceNotFound', data: { service: 'data/postgres' }, line: 12, column: 17, endLine: 12, endColumn: 25 },
        { messageId: 'portRequired', line: 12, column: 17, endLine: 12, endColumn: 25 },
      ],
    },
  ],
});
