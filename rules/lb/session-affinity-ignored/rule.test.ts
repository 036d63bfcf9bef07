import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const web = f('valid/web.yaml');
const nlbInstance = f('valid/nlb-instance.yaml');
const albIp = f('invalid/alb-ip.yaml');
const AFFINITY = { file: 'web.yaml', path: 'spec.sessionAffinity', line: 28, column: 20, endLine: 28, endColumn: 28 };

const TG_ATTRIBUTES = 'alb.ingress.kubernetes.io/target-group-attributes';

new RuleTester().run('lb/session-affinity-ignored', rule, {
  valid: [
    {
      name: "an NLB with instance targets keeps the clients' addresses: kube-proxy's affinity works",
      files: { 'web.yaml': web, 'svc.yaml': nlbInstance },
    },
    {
      name: 'an ALB with ip targets and lb_cookie stickiness',
      files: { 'web.yaml': web, 'ingress.yaml': albIp.replace('target-type: ip\n', `target-type: ip\n    ${TG_ATTRIBUTES}: stickiness.enabled=true,stickiness.type=lb_cookie\n`) },
    },
    {
      name: 'a Service without session affinity behind an ALB',
      files: { 'web.yaml': web.replace('  sessionAffinity: ClientIP\n', ''), 'ingress.yaml': albIp },
    },
  ],
  invalid: [
    {
      name: 'an ALB with ip targets bypasses kube-proxy',
      files: { 'web.yaml': web, 'ingress.yaml': albIp },
      errors: [{ messageId: 'bypassed', data: { service: 'shop/web', lb: 'the internet-facing ALB of Ingress shop/web' }, object: 'shop/Service/web', ...AFFINITY }],
    },
    {
      name: 'an ALB with instance targets: kube-proxy sees the ALB, also with stickiness on',
      files: {
        'web.yaml': web,
        'ingress.yaml': albIp.replace('target-type: ip\n', `target-type: instance\n    ${TG_ATTRIBUTES}: stickiness.enabled=true\n`),
      },
      errors: [{ messageId: 'proxied', data: { why: 'an ALB opens its own connections to the node ports, and its stickiness with instance targets pins a client to a node, not to a pod' }, ...AFFINITY }],
    },
    {
      name: 'an NLB with instance targets and client IP preservation turned off',
      files: {
        'web.yaml': web,
        'svc.yaml': nlbInstance.replace(
          'scheme: internet-facing\n',
          'scheme: internet-facing\n    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false\n',
        ),
      },
      errors: [{ messageId: 'proxied', data: { lb: 'the internet-facing NLB of Service shop/web-nlb', why: 'preserve_client_ip.enabled=false' }, file: 'svc.yaml', path: 'spec.sessionAffinity', line: 13, column: 20, endLine: 13, endColumn: 28 }],
    },
    {
      name: 'a Classic Load Balancer of the in-tree provider',
      files: { 'web.yaml': web, 'svc.yaml': nlbInstance.replace(/ {4}service\.beta\.kubernetes\.io\/aws-load-balancer-(type|scheme): .*\n/g, '').replace('  annotations:\n', '') },
      errors: [{ messageId: 'proxied', data: { lb: 'the internet-facing CLB of Service shop/web-nlb', why: 'a Classic Load Balancer opens its own connections to the instances' }, file: 'svc.yaml', path: 'spec.sessionAffinity', line: 9, column: 20, endLine: 9, endColumn: 28 }],
    },
  ],
});
