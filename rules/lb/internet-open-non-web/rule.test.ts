import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const web = f('valid/web.yaml');
const publicAlb = f('valid/public-alb.yaml');
const postgres = f('invalid/public-postgres.yaml');
const adminAlb = f('invalid/alb-admin-port.yaml');

new RuleTester().run('lb/internet-open-non-web', rule, {
  valid: [
    {
      name: 'an internet-facing ALB on the default HTTP listener',
      files: { 'web.yaml': web, 'ingress.yaml': publicAlb },
    },
    {
      name: 'the database NLB limited to an office range with loadBalancerSourceRanges',
      files: { 'db.yaml': postgres.replace('  type: LoadBalancer\n', '  type: LoadBalancer\n  loadBalancerSourceRanges: [203.0.113.0/24]\n') },
    },
    {
      name: 'the database NLB made internal',
      files: { 'db.yaml': postgres.replace('scheme: internet-facing', 'scheme: internal') },
    },
    {
      name: 'the admin listener limited by inbound-cidrs',
      files: { 'web.yaml': web, 'ingress.yaml': adminAlb.replace('inbound-cidrs: 0.0.0.0/0', 'inbound-cidrs: 198.51.100.0/24') },
    },
    {
      name: 'a port allowed by the allowPorts option',
      files: { 'db.yaml': postgres },
      options: { allowPorts: [80, 443, 5432] },
    },
    {
      name: 'security groups stated for the ALB decide the clients',
      files: { 'web.yaml': web, 'ingress.yaml': adminAlb.replace('    alb.ingress.kubernetes.io/inbound-cidrs: 0.0.0.0/0\n', '    alb.ingress.kubernetes.io/security-groups: sg-0123456789abcdef0\n') },
    },
    {
      name: 'prefix lists instead of inbound-cidrs: no 0.0.0.0/0 default, the clients are the lists’ entries',
      files: { 'web.yaml': web, 'ingress.yaml': adminAlb.replace('inbound-cidrs: 0.0.0.0/0', 'security-group-prefix-lists: pl-0123456789abcdef0') },
    },
    {
      name: 'prefix lists on the database NLB',
      files: { 'db.yaml': postgres.replace('scheme: internet-facing', 'scheme: internet-facing\n    service.beta.kubernetes.io/aws-load-balancer-security-group-prefix-lists: pl-0123456789abcdef0') },
    },
    {
      name: '::/0 on an IPv4 ALB: the controller adds IPv6 rules only to dual-stack load balancers',
      files: { 'web.yaml': web, 'ingress.yaml': adminAlb.replace('inbound-cidrs: 0.0.0.0/0', "inbound-cidrs: '198.51.100.0/24, ::/0'") },
    },
    {
      name: 'an empty security-groups annotation is the managed group: prefix lists still decide',
      files: { 'web.yaml': web, 'ingress.yaml': adminAlb.replace('inbound-cidrs: 0.0.0.0/0', 'security-group-prefix-lists: pl-0123456789abcdef0\n    alb.ingress.kubernetes.io/security-groups: ""') },
    },
  ],
  invalid: [
    {
      name: '::/0 on a dual-stack ALB admin listener',
      files: {
        'web.yaml': web,
        'ingress.yaml': adminAlb.replace('inbound-cidrs: 0.0.0.0/0', "inbound-cidrs: '198.51.100.0/24, ::/0'\n    alb.ingress.kubernetes.io/ip-address-type: dualstack"),
      },
      errors: [{ messageId: 'openNonWeb', data: { cidrs: '::/0', ports: 'HTTPS 8443' }, file: 'ingress.yaml', line: 10, column: 46, endLine: 10, endColumn: 69 }],
    },
    {
      name: 'an empty security-groups annotation does not state groups: the default 0.0.0.0/0 opens the admin listener',
      files: { 'web.yaml': web, 'ingress.yaml': adminAlb.replace('    alb.ingress.kubernetes.io/inbound-cidrs: 0.0.0.0/0\n', '    alb.ingress.kubernetes.io/security-groups: ""\n') },
      errors: [{ messageId: 'openNonWeb', data: { cidrs: '0.0.0.0/0', ports: 'HTTPS 8443' }, file: 'ingress.yaml', line: 9, column: 45, endLine: 9, endColumn: 80 }],
    },
    {
      name: 'an internet-facing NLB for Postgres without source ranges: on the listener port',
      files: { 'db.yaml': postgres },
      errors: [
        {
          messageId: 'openNonWeb',
          data: { lb: 'The internet-facing NLB of Service shop/orders-db', cidrs: '0.0.0.0/0', ports: 'TCP 5432', verb: 'is' },
          object: 'shop/Service/orders-db',
          path: 'spec.ports[0].port',
          line: 33,
          column: 31,
          endLine: 33,
          endColumn: 35,
        },
      ],
    },
    {
      name: 'an ALB admin listener on 8443 with inbound-cidrs 0.0.0.0/0: on the inbound-cidrs',
      files: { 'web.yaml': web, 'ingress.yaml': adminAlb },
      errors: [
        {
          messageId: 'openNonWeb',
          data: { lb: 'The internet-facing ALB of Ingress shop/admin', ports: 'HTTPS 8443', why: 'alb.ingress.kubernetes.io/inbound-cidrs' },
          object: 'shop/Ingress/admin',
          file: 'ingress.yaml',
          path: 'metadata.annotations["alb.ingress.kubernetes.io/inbound-cidrs"]',
          line: 10,
          column: 46,
          endLine: 10,
          endColumn: 55,
        },
      ],
    },
    {
      name: 'an ALB admin listener open by default: on the listen-ports',
      files: { 'web.yaml': web, 'ingress.yaml': adminAlb.replace('    alb.ingress.kubernetes.io/inbound-cidrs: 0.0.0.0/0\n', '') },
      errors: [{ messageId: 'openNonWeb', data: { ports: 'HTTPS 8443' }, file: 'ingress.yaml', path: 'metadata.annotations["alb.ingress.kubernetes.io/listen-ports"]', line: 9, column: 45, endLine: 9, endColumn: 80 }],
    },
  ],
});
