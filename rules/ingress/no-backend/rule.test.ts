import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

const ingress = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: web
${spec}`;

new RuleTester().run('ingress/no-backend', rule, {
  valid: [
    { name: 'default backend, rules, and v1beta1 backend', files: { 'ing.yaml': fixture('valid/backends.yaml') } },
    {
      name: 'a resource default backend counts',
      files: { 'ing.yaml': ingress('spec:\n  defaultBackend:\n    resource:\n      apiGroup: k8s.example.com\n      kind: StorageBucket\n      name: assets\n') },
    },
  ],
  invalid: [
    {
      name: 'only tls',
      files: { 'ing.yaml': fixture('invalid/empty-ingress.yaml') },
      errors: [{ messageId: 'noBackend', data: { ingress: 'monitoring/grafana', defaultField: 'defaultBackend' }, path: 'spec', line: 9, column: 1, endLine: 9, endColumn: 5 }],
    },
    {
      name: 'host rules without http paths',
      files: { 'ing.yaml': fixture('invalid/hosts-without-paths.yaml') },
      errors: [{ messageId: 'noPaths', data: { hosts: 'shop.example.com, www.shop.example.com' }, path: 'spec.rules', line: 9, column: 3, endLine: 9, endColumn: 8 }],
    },
    {
      name: 'extensions/v1beta1 without spec: reported at kind, with the v1beta1 field name',
      files: { 'ing.yaml': fixture('invalid/legacy-no-spec.yaml') },
      errors: [{ messageId: 'noBackend', data: { defaultField: 'backend' }, path: 'kind', line: 3, column: 7, endLine: 3, endColumn: 14 }],
    },
    {
      name: 'empty rules list',
      files: { 'ing.yaml': ingress('spec:\n  ingressClassName: nginx\n  rules: []\n') },
      errors: [{ messageId: 'noBackend', path: 'spec', line: 6, column: 1, endLine: 6, endColumn: 5 }],
    },
  ],
});
