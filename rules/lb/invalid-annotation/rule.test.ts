import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const web = f('valid/web.yaml');
const alb = f('valid/alb-https.yaml');
const A = 'alb.ingress.kubernetes.io/';

/** The valid ALB with one annotation value changed. */
const albWith = (key: string, from: string, to: string) => alb.replace(`${A}${key}: ${from}`, `${A}${key}: ${to}`);

new RuleTester().run('lb/invalid-annotation', rule, {
  valid: [
    {
      name: 'listen-ports, group.order, inbound-cidrs and ip-address-type as the controller reads them',
      files: { 'web.yaml': web, 'ingress.yaml': alb },
    },
    {
      name: 'a port listed twice in listen-ports: the later protocol wins, no error',
      files: { 'web.yaml': web, 'ingress.yaml': albWith('listen-ports', `'[{"HTTP": 80}, {"HTTPS": 443}]'`, `'[{"HTTP": 80}, {"HTTP": 80}]'`) },
    },
    {
      name: 'an Ingress of another class is not the controller’s',
      files: { 'web.yaml': web, 'ingress.yaml': albWith('scheme', 'internet-facing', 'public').replace('ingressClassName: alb', 'ingressClassName: nginx') },
    },
    {
      name: 'an NLB target type other than ip: the controller falls back to instance targets instead of failing (buildTargetType)',
      files: {
        'web.yaml': web,
        'svc.yaml': f('invalid/bad-nlb.yaml')
          .replace('aws-load-balancer-ip-address-type: ipv6', 'aws-load-balancer-nlb-target-type: IP')
          .replace('preserve_client_ip.enabled=yes', 'preserve_client_ip.enabled=true'),
      },
    },
    {
      name: 'backend-protocol HTTPS: the health check protocol follows it',
      files: { 'web.yaml': web, 'ingress.yaml': alb.replace(`    ${A}target-type: ip\n`, `    ${A}target-type: ip\n    ${A}backend-protocol: HTTPS\n`) },
    },
  ],
  invalid: [
    {
      name: 'an unknown scheme, listen ports as strings and a group.order out of range',
      files: { 'web.yaml': web, 'ingress.yaml': f('invalid/bad-alb.yaml') },
      errors: [
        {
          messageId: 'rejected',
          data: { object: 'Ingress shop/web', problem: `${A}scheme: "public" is not internal or internet-facing`, target: 'Ingress shop/web' },
          object: 'shop/Ingress/web',
          file: 'ingress.yaml',
          path: `metadata.annotations["${A}scheme"]`,
          line: 8,
          column: 39,
          endLine: 8,
          endColumn: 45,
        },
        { messageId: 'rejected', data: { problem: `${A}listen-ports: listen port "80" is not an integer` }, file: 'ingress.yaml', line: 9, column: 45, endLine: 9, endColumn: 63 },
        { messageId: 'rejected', data: { problem: `${A}group.order: "2000" is not an integer between -1000 and 1000` }, file: 'ingress.yaml', line: 11, column: 44, endLine: 11, endColumn: 50 },
      ],
    },
    {
      name: 'an NLB IP address type and a preserve_client_ip value the controller cannot read',
      files: { 'web.yaml': web, 'svc.yaml': f('invalid/bad-nlb.yaml') },
      errors: [
        {
          messageId: 'rejected',
          data: { object: 'Service shop/web-nlb', problem: 'service.beta.kubernetes.io/aws-load-balancer-ip-address-type: "ipv6" is not ipv4 or dualstack', target: 'Service shop/web-nlb' },
          object: 'shop/Service/web-nlb',
          file: 'svc.yaml',
          line: 9,
          column: 67,
          endLine: 9,
          endColumn: 71,
        },
        { messageId: 'rejected', data: { problem: 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled="yes" is not a boolean' }, file: 'svc.yaml', line: 10, column: 75, endLine: 10, endColumn: 105 },
      ],
    },
    {
      name: 'an empty listen-ports list',
      files: { 'web.yaml': web, 'ingress.yaml': albWith('listen-ports', `'[{"HTTP": 80}, {"HTTPS": 443}]'`, `'[]'`) },
      errors: [{ messageId: 'rejected', data: { problem: `${A}listen-ports: empty listen-ports configuration` }, file: 'ingress.yaml', line: 10, column: 45, endLine: 10, endColumn: 49 }],
    },
    {
      name: 'inbound-cidrs with an address instead of a CIDR, and an unknown IP address type',
      files: { 'web.yaml': web, 'ingress.yaml': albWith('inbound-cidrs', '0.0.0.0/0, ::/0', '203.0.113.7').replace('ip-address-type: dualstack', 'ip-address-type: ipv6') },
      errors: [
        { messageId: 'rejected', data: { problem: `${A}inbound-cidrs: "203.0.113.7" is not a CIDR` }, file: 'ingress.yaml', line: 13, column: 46, endLine: 13, endColumn: 57 },
        { messageId: 'rejected', data: { problem: `${A}ip-address-type: "ipv6" is not ipv4, dualstack, dualstack-without-public-ipv4` }, file: 'ingress.yaml', line: 14, column: 48, endLine: 14, endColumn: 52 },
      ],
    },
    {
      name: 'a backend protocol other than HTTP or HTTPS',
      files: { 'web.yaml': web, 'ingress.yaml': alb.replace(`    ${A}target-type: ip\n`, `    ${A}target-type: ip\n    ${A}backend-protocol: GRPC\n`) },
      errors: [{ messageId: 'rejected', data: { problem: `${A}backend-protocol: "GRPC" is not HTTP or HTTPS`, target: 'Ingress shop/web' }, file: 'ingress.yaml', line: 10, column: 49, endLine: 10, endColumn: 53 }],
    },
    {
      name: "a target type on the backend Service that the controller does not know: the Ingress's ALB is not reconciled",
      files: {
        'web.yaml': web.replace('  name: web\n  namespace: shop\nspec:\n  type: NodePort', '  name: web\n  namespace: shop\n  annotations:\n    alb.ingress.kubernetes.io/target-type: pod\nspec:\n  type: NodePort'),
        'ingress.yaml': alb.replace(`    ${A}target-type: ip\n`, ''),
      },
      errors: [{ messageId: 'rejected', data: { object: 'Service shop/web', target: 'Ingress shop/web, whose backend it is,' }, object: 'shop/Service/web', file: 'web.yaml', line: 27, column: 44, endLine: 27, endColumn: 47 }],
    },
  ],
});
