import { describe } from 'vitest';
import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

new RuleTester().run('deps/port-not-exposed', rule, {
  valid: [
    {
      name: 'Service ports called by number and by scheme default; a headless Service and an ExternalName Service are called on any port',
      files: { 'shop.yaml': fixture('valid/shop.yaml') },
    },
  ],
  invalid: [
    {
      name: 'a scheme default the Service does not expose, a numeric targetPort called through the Service, and a named one',
      files: { 'shop.yaml': fixture('invalid/shop.yaml') },
      errors: [
        {
          messageId: 'portNotExposed',
          data: { via: 'env DATABASE_URL from ConfigMap shop/checkout-config key DATABASE_URL', reference: 'orders-db.data', port: 'port 5432 (the default of postgres://, none is stated)', service: 'data/orders-db', ports: '5433/TCP (postgres)' },
          object: 'shop/Deployment/checkout',
          path: 'data.DATABASE_URL',
          line: 17,
          column: 28,
          endLine: 17,
          endColumn: 42,
        },
        {
          messageId: 'targetPortCalled',
          data: { workload: 'Deployment shop/checkout', via: 'env CART_SERVICE_ADDR', reference: 'cartservice:7070', port: 'port 7070', number: 7070, servicePort: 80, ports: '80/TCP (grpc)' },
          path: 'spec.template.spec.containers[0].env[1].value',
          line: 43,
          column: 23,
          endLine: 43,
          endColumn: 39,
        },
        {
          messageId: 'targetPortCalled',
          data: { via: 'env CURRENCY_URL', reference: 'currency:8080', service: 'shop/currency', number: 8080, servicePort: 80 },
          path: 'spec.template.spec.containers[0].env[2].value',
          line: 45,
          column: 30,
          endLine: 45,
          endColumn: 43,
        },
      ],
    },
    {
      name: 'a Service without ports',
      files: {
        'app.yaml': [
          'apiVersion: v1',
          'kind: Service',
          'metadata:',
          '  name: api',
          'spec:',
          '  selector: { app: api }',
          '---',
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: client',
          'spec:',
          '  containers:',
          '    - name: c',
          '      image: curl',
          '      command: ["curl", "http://api:8080/"]',
          '',
        ].join('\n'),
      },
      errors: [{ messageId: 'portNotExposed', data: { via: 'command[1]', reference: 'api:8080', port: 'port 8080', service: 'default/api', ports: 'no ports' }, path: 'spec.containers[0].command[1]', line: 16, column: 33, endLine: 16, endColumn: 41 }],
    },
  ],
});

// A pod's own name (`pod.service.ns.svc.<domain>`) is called on its container port, not through the Service: the
// cluster domains netreach.yaml configures count as much as cluster.local.
describe('with dependencies.clusterDomains [corp.internal]', () => {
  const corpInternal = { dependencies: { ignoreHosts: [], patterns: [], clusterDomains: ['corp.internal'] } };
  new RuleTester({ config: corpInternal }).run('deps/port-not-exposed', rule, {
    valid: [
      {
        name: "a pod's own name under a configured cluster domain is called on its container port",
        files: {
          'app.yaml': [
            'apiVersion: v1',
            'kind: Service',
            'metadata:',
            '  name: api',
            'spec:',
            '  selector: { app: api }',
            '  ports: [{ port: 80, targetPort: 8080 }]',
            '---',
            'apiVersion: v1',
            'kind: Pod',
            'metadata:',
            '  name: client',
            'spec:',
            '  containers:',
            '    - name: c',
            '      image: curl',
            '      command: ["curl", "http://api-0.api.default.svc.corp.internal:8080/"]',
            '',
          ].join('\n'),
        },
      },
    ],
    invalid: [
      {
        name: 'the Service name under a configured cluster domain still goes through the Service port',
        files: {
          'app.yaml': [
            'apiVersion: v1',
            'kind: Service',
            'metadata:',
            '  name: api',
            'spec:',
            '  selector: { app: api }',
            '  ports: [{ port: 80, targetPort: 8080 }]',
            '---',
            'apiVersion: v1',
            'kind: Pod',
            'metadata:',
            '  name: client',
            'spec:',
            '  containers:',
            '    - name: c',
            '      image: curl',
            '      command: ["curl", "http://api.default.svc.corp.internal:8080/"]',
            '',
          ].join('\n'),
        },
        errors: [
          {
            messageId: 'targetPortCalled',
            data: { reference: 'api.default.svc.corp.internal:8080', service: 'default/api', number: 8080, servicePort: 80 },
            path: 'spec.containers[0].command[1]',
            line: 17,
            column: 33,
            endLine: 17,
            endColumn: 67,
          },
        ],
      },
    ],
  });
});
