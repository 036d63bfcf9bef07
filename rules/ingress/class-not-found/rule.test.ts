import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const ingress = (name: string, classLines: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: web
${classLines}spec:
  defaultBackend:
    service:
      name: web
      port:
        number: 80
`;
const ingressClass = (name: string, isDefault = false) => `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: ${name}
${isDefault ? '  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"\n' : ''}spec:
  controller: example.com/${name}
`;

new RuleTester().run('ingress/class-not-found', rule, {
  valid: [
    { name: 'field, annotation and default class', files: { 'classes.yaml': fixture('valid/classes.yaml') } },
    {
      name: 'no IngressClass in the input: classes live with the controller',
      files: { 'ing.yaml': ingress('web', '  annotations:\n    kubernetes.io/ingress.class: nginx\n') + '---\n' + ingress('api', '').replace('spec:\n', 'spec:\n  ingressClassName: nginx\n') },
    },
    {
      name: 'an Ingress that names its class needs no default class',
      files: { 'ing.yaml': ingressClass('nginx') + '---\n' + ingress('web', '').replace('spec:\n', 'spec:\n  ingressClassName: nginx\n') },
    },
  ],
  invalid: [
    {
      name: 'unknown class by field and by annotation, and no default for a classless Ingress',
      files: { 'ing.yaml': fixture('invalid/unknown-classes.yaml') },
      errors: [
        { messageId: 'classNotFound', data: { class: 'nginx-internal', classes: 'alb, nginx' }, path: 'spec.ingressClassName', line: 22, column: 21, endLine: 22, endColumn: 35 },
        { messageId: 'annotationClassNotFound', data: { class: 'traefik' }, path: 'metadata.annotations["kubernetes.io/ingress.class"]', line: 35, column: 34, endLine: 35, endColumn: 41 },
        { messageId: 'noClass', object: 'shop/Ingress/storefront', line: 48, column: 1, endLine: 48, endColumn: 5 },
      ],
    },
    {
      name: 'two default classes: the later one is reported',
      files: { 'classes.yaml': fixture('invalid/two-defaults.yaml') },
      errors: [{ messageId: 'multipleDefaults', data: { ingressClass: 'alb', first: 'nginx' }, object: 'IngressClass/alb', line: 16, column: 50, endLine: 16, endColumn: 56 }],
    },
    {
      name: 'is-default-class "false" is no default',
      files: {
        'ing.yaml':
          ingressClass('nginx').replace('metadata:\n  name: nginx\n', 'metadata:\n  name: nginx\n  annotations:\n    ingressclass.kubernetes.io/is-default-class: "false"\n') +
          '---\n' +
          ingress('web', ''),
      },
      errors: [{ messageId: 'noClass', data: { classes: 'nginx' }, line: 15, column: 1, endLine: 15, endColumn: 5 }],
    },
    {
      name: 'field wins over the annotation',
      files: {
        'ing.yaml': ingressClass('nginx', true) + '---\n' + ingress('web', '  annotations:\n    kubernetes.io/ingress.class: nginx\n').replace('spec:\n', 'spec:\n  ingressClassName: nginx-v2\n'),
      },
      errors: [{ messageId: 'classNotFound', data: { class: 'nginx-v2', classes: 'nginx' }, line: 18, column: 21, endLine: 18, endColumn: 29 }],
    },
  ],
});
