import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const web = f('valid/web.yaml');
const shopGroup = f('valid/shop-group.yaml');
const conflicting = f('invalid/conflicting-group.yaml');

/** A member of the `shop` group with these annotations and one rule. */
const member = (name: string, annotations: Record<string, string>, path = '/') =>
  [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    '  annotations:',
    '    alb.ingress.kubernetes.io/group.name: shop',
    ...Object.entries(annotations).map(([k, v]) => `    ${k}: '${v}'`),
    'spec:',
    '  ingressClassName: alb',
    '  rules:',
    '    - http:',
    '        paths:',
    `          - path: ${path}`,
    '            pathType: Prefix',
    '            backend: { service: { name: web, port: { number: 80 } } }',
    '',
  ].join('\n');

const IP_TYPE = 'alb.ingress.kubernetes.io/ip-address-type';
const PORTS = 'alb.ingress.kubernetes.io/listen-ports';

new RuleTester().run('lb/ingress-group-conflict', rule, {
  valid: [
    {
      name: 'one Ingress states the group settings, the other adds a path on one of its ports',
      files: { 'web.yaml': web, 'group.yaml': shopGroup },
    },
    {
      name: 'the same scheme and IP address type stated twice',
      files: {
        'web.yaml': web,
        'a.yaml': member('a', { [IP_TYPE]: 'dualstack', 'alb.ingress.kubernetes.io/scheme': 'internal' }, '/a'),
        'b.yaml': member('b', { [IP_TYPE]: 'dualstack', 'alb.ingress.kubernetes.io/scheme': 'internal' }, '/b'),
      },
    },
    {
      name: 'the same host and path on listeners of different ports',
      files: { 'web.yaml': web, 'a.yaml': member('a', { [PORTS]: '[{"HTTP": 8080}]' }), 'b.yaml': member('b', { [PORTS]: '[{"HTTP": 9090}]' }) },
    },
    {
      name: 'the same host and path in two Ingresses of different groups',
      files: { 'web.yaml': web, 'a.yaml': member('a', {}), 'b.yaml': member('b', {}).replace('group.name: shop', 'group.name: other') },
    },
  ],
  invalid: [
    {
      name: 'a second Ingress joins with another scheme, protocol, inbound-cidrs, the same order and the same path',
      files: { 'web.yaml': web, 'group.yaml': conflicting },
      errors: [
        {
          messageId: 'duplicateOrder',
          data: { ingress: 'shop/team-b', group: 'shop', value: '10', winner: 'shop/storefront' },
          object: 'shop/Ingress/team-b',
          file: 'group.yaml',
          path: 'metadata.annotations["alb.ingress.kubernetes.io/group.order"]',
          line: 33,
          column: 44,
          endLine: 33,
          endColumn: 48,
        },
        { messageId: 'conflictingScheme', data: { value: 'internal', other: 'internet-facing' }, file: 'group.yaml', line: 34, column: 39, endLine: 34, endColumn: 47 },
        { messageId: 'conflictingProtocol', data: { port: '80', value: 'HTTPS', other: 'HTTP' }, file: 'group.yaml', line: 35, column: 45, endLine: 35, endColumn: 62 },
        { messageId: 'conflictingInbound', data: { port: '80', value: '10.0.0.0/8', other: '0.0.0.0/0' }, file: 'group.yaml', line: 36, column: 46, endLine: 36, endColumn: 56 },
        {
          messageId: 'shadowedRule',
          data: { route: 'shop.example.com/', pathType: 'Prefix', ports: '80', winner: 'shop/storefront' },
          file: 'group.yaml',
          path: 'spec.rules[0].http.paths[0].path',
          line: 43,
          column: 19,
          endLine: 43,
          endColumn: 20,
        },
      ],
    },
    {
      name: 'two IP address types in one group',
      files: { 'web.yaml': web, 'a.yaml': member('a', { [IP_TYPE]: 'dualstack' }, '/a'), 'b.yaml': member('b', { [IP_TYPE]: 'ipv4' }, '/b') },
      errors: [{ messageId: 'conflictingIpAddressType', data: { ingress: 'shop/b', value: 'ipv4', other: 'dualstack', winner: 'shop/a' }, file: 'b.yaml', line: 8, column: 48, endLine: 8, endColumn: 54 }],
    },
  ],
});
