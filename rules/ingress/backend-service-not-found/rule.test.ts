import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

new RuleTester().run('ingress/backend-service-not-found', rule, {
  valid: [
    { name: 'v1 backends, named and numbered ports, and a resource backend', files: { 'shop.yaml': fixture('valid/shop-ingress.yaml') } },
    { name: 'extensions/v1beta1 serviceName and backend', files: { 'legacy.yaml': fixture('valid/legacy-v1beta1.yaml') } },
    {
      name: 'Service in another file of the input',
      files: {
        'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n',
        'ing.yaml':
          'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n',
      },
    },
    { name: 'ALB backends with port use-annotation name actions, not Services', files: { 'shop.yaml': fixture('valid/alb-actions.yaml') } },
  ],
  invalid: [
    {
      name: 'an ALB action forwarding to a missing Service, and a use-annotation backend without its action',
      files: { 'shop.yaml': fixture('invalid/alb-actions.yaml') },
      errors: [
        {
          messageId: 'actionServiceNotFound',
          data: { backend: 'the backend for */', action: 'alb.ingress.kubernetes.io/actions.canary', service: 'shop/web-canary' },
          path: 'metadata.annotations["alb.ingress.kubernetes.io/actions.canary"]',
          line: 19,
          column: 47,
          endLine: 19,
          endColumn: 226,
        },
        { messageId: 'actionNotFound', data: { backend: 'the backend for */blue', action: 'alb.ingress.kubernetes.io/actions.blue' }, path: 'spec.rules[0].http.paths[1].backend.service.name', line: 36, column: 23, endLine: 36, endColumn: 27 },
      ],
    },
    {
      name: 'an Ingress of another controller: use-annotation is just a port name, the Service must exist',
      files: { 'shop.yaml': fixture('invalid/alb-actions.yaml').replace('ingressClassName: alb', 'ingressClassName: nginx') },
      errors: [
        { messageId: 'serviceNotFound', data: { service: 'shop/canary' }, line: 29, column: 23, endLine: 29, endColumn: 29 },
        { messageId: 'serviceNotFound', data: { service: 'shop/blue' }, line: 36, column: 23, endLine: 36, endColumn: 27 },
      ],
    },
    {
      name: 'missing default backend Service and a typo in a path backend',
      files: { 'shop.yaml': fixture('invalid/typo-and-missing-default.yaml') },
      errors: [
        { messageId: 'serviceNotFound', data: { backend: 'the default backend', service: 'shop/default-http-backend' }, path: 'spec.defaultBackend.service.name', line: 35, column: 13, endLine: 35, endColumn: 33 },
        { messageId: 'serviceNotFound', data: { backend: 'the backend for shop.example.com/checkout', service: 'shop/chekout' }, path: 'spec.rules[0].http.paths[1].backend.service.name', line: 53, column: 23, endLine: 53, endColumn: 30 },
      ],
    },
    {
      name: 'Service exists only in another namespace',
      files: { 'web.yaml': fixture('invalid/other-namespace.yaml') },
      errors: [
        { messageId: 'serviceInOtherNamespace', data: { service: 'web/catalog', namespace: 'web', elsewhere: 'api' }, object: 'web/Ingress/storefront', line: 29, column: 23, endLine: 29, endColumn: 30 },
      ],
    },
    {
      name: 'networking.k8s.io/v1beta1 serviceName in spec.backend',
      files: { 'legacy.yaml': fixture('invalid/legacy-v1beta1.yaml') },
      errors: [{ messageId: 'serviceNotFound', data: { service: 'legacy/legacy-web' }, path: 'spec.backend.serviceName', line: 20, column: 18, endLine: 20, endColumn: 28 }],
    },
    {
      name: 'no namespace means default, where the Service is not',
      files: {
        'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  ports:\n    - port: 80\n',
        'ing.yaml':
          'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n',
      },
      errors: [{ messageId: 'serviceInOtherNamespace', data: { service: 'default/web', elsewhere: 'prod' }, file: 'ing.yaml', line: 8, column: 13, endLine: 8, endColumn: 16 }],
    },
  ],
});
