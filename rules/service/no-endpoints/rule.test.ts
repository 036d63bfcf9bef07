import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const bare = `apiVersion: v1
kind: Service
metadata:
  name: placeholder
  namespace: shop
`;

const loadBalancer = `apiVersion: v1
kind: Service
metadata:
  name: edge
  namespace: shop
spec:
  type: LoadBalancer
  ports:
    - port: 443
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: edge
  namespace: shop
addressType: IPv4
endpoints:
  - addresses:
      - 10.0.1.5
`;

new RuleTester().run('service/no-endpoints', rule, {
  valid: [
    { name: 'Endpoints and EndpointSlices supplied by hand', files: { 'shop.yaml': f('valid/manual-endpoints.yaml') } },
    { name: 'selector, ExternalName and default/kubernetes', files: { 'shop.yaml': f('valid/selector-and-external-name.yaml') } },
    {
      name: 'the Endpoints object may be in another file',
      files: {
        'svc.yaml': f('invalid/forgotten-endpoints.yaml').split('---')[0]!,
        'endpoints.yaml': f('invalid/forgotten-endpoints.yaml').split('---')[2]!.replace('namespace: staging', 'namespace: shop'),
      },
    },
  ],
  invalid: [
    {
      name: 'no Endpoints of that name in that namespace, no EndpointSlice labelled for it',
      files: { 'db.yaml': f('invalid/forgotten-endpoints.yaml') },
      errors: [
        {
          messageId: 'noEndpoints',
          data: { service: 'shop/inventory-db', name: 'inventory-db', label: 'kubernetes.io/service-name=inventory-db' },
          line: 8,
          column: 1,
          endLine: 8,
          endColumn: 5,
          path: 'spec',
          object: 'shop/Service/inventory-db',
        },
      ],
    },
    {
      name: 'an empty selector is reported on the selector',
      files: { 'search.yaml': f('invalid/empty-selector.yaml') },
      errors: [{ messageId: 'emptySelector', data: { service: 'shop/search' }, line: 8, column: 3, endLine: 8, endColumn: 11, path: 'spec.selector' }],
    },
    {
      name: 'externalName on a ClusterIP Service',
      files: { 'mail.yaml': f('invalid/external-name-without-type.yaml') },
      errors: [
        { messageId: 'externalNameIgnored', data: { externalName: 'smtp.example.com', type: 'ClusterIP' }, line: 7, column: 1, endLine: 7, endColumn: 5 },
      ],
    },
    {
      name: 'a Service without spec is reported on its name',
      files: { 'bare.yaml': bare },
      errors: [{ messageId: 'noEndpoints', line: 4, column: 9, endLine: 4, endColumn: 20, path: 'metadata.name' }],
    },
    {
      name: 'an EndpointSlice named like the Service but without the service-name label does not count',
      files: { 'edge.yaml': loadBalancer },
      errors: [{ messageId: 'noEndpoints', data: { service: 'shop/edge' }, line: 6, column: 1, endLine: 6, endColumn: 5 }],
    },
  ],
});
