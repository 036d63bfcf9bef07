import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const service = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector:
    app: api
${ports}`;

const ingress = (port: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop
spec:
  defaultBackend:
    service:
      name: api
      port:
        ${port}
`;

new RuleTester().run('ingress/backend-port-not-found', rule, {
  valid: [
    { name: 'named and numbered ports, v1 and v1beta1, ExternalName', files: { 'shop.yaml': fixture('valid/named-and-numbered.yaml') } },
    {
      name: 'a missing Service is another rule’s finding',
      files: { 'ing.yaml': ingress('number: 8080') },
    },
    {
      name: 'named port matches the Service port name, not its number',
      files: { 'svc.yaml': service('  ports:\n    - name: grpc\n      port: 9090\n'), 'ing.yaml': ingress('name: grpc') },
    },
  ],
  invalid: [
    {
      name: 'targetPort instead of port, unknown number, container port name',
      files: { 'shop.yaml': fixture('invalid/wrong-ports.yaml') },
      errors: [
        {
          messageId: 'targetPortUsed',
          data: { port: 8080, servicePort: 80, service: 'shop/storefront' },
          path: 'spec.rules[0].http.paths[0].backend.service.port.number',
          line: 36,
          column: 27,
          endLine: 36,
          endColumn: 31,
        },
        {
          messageId: 'portNumberNotFound',
          data: { port: 9000, ports: '80/TCP (http), 443/TCP (https)' },
          path: 'spec.rules[0].http.paths[1].backend.service.port.number',
          line: 43,
          column: 27,
          endLine: 43,
          endColumn: 31,
        },
        {
          messageId: 'portNameNotFound',
          data: { port: 'web', backend: 'the backend for shop.example.com/static' },
          path: 'spec.rules[0].http.paths[2].backend.service.port.name',
          line: 50,
          column: 25,
          endLine: 50,
          endColumn: 28,
        },
      ],
    },
    {
      name: 'extensions/v1beta1 servicePort as number and as name',
      files: { 'legacy.yaml': fixture('invalid/legacy-v1beta1.yaml') },
      errors: [
        { messageId: 'portNumberNotFound', data: { port: 8080, ports: '80/TCP', backend: 'the default backend' }, path: 'spec.backend.servicePort', line: 23, column: 18, endLine: 23, endColumn: 22 },
        { messageId: 'portNameNotFound', data: { port: 'http' }, path: 'spec.rules[0].http.paths[0].backend.servicePort', line: 31, column: 28, endLine: 31, endColumn: 32 },
      ],
    },
    {
      name: 'port name compared with names only',
      files: { 'svc.yaml': service('  ports:\n    - name: web\n      port: 80\n      targetPort: http\n'), 'ing.yaml': ingress('name: http-alt') },
      errors: [{ messageId: 'portNameNotFound', data: { port: 'http-alt', ports: '80/TCP (web)' }, file: 'ing.yaml', line: 11, column: 15, endLine: 11, endColumn: 23 }],
    },
    {
      name: 'container port name instead of the Service port name',
      files: { 'svc.yaml': service('  ports:\n    - name: web\n      port: 80\n      targetPort: http\n'), 'ing.yaml': ingress('name: http') },
      errors: [{ messageId: 'targetPortUsed', data: { port: 'http', servicePort: 80 }, file: 'ing.yaml', line: 11, column: 15, endLine: 11, endColumn: 19 }],
    },
    {
      name: 'Service without ports',
      files: { 'svc.yaml': service(''), 'ing.yaml': ingress('number: 80') },
      errors: [{ messageId: 'portNumberNotFound', data: { ports: 'no ports' }, file: 'ing.yaml', line: 11, column: 17, endLine: 11, endColumn: 19 }],
    },
  ],
});
