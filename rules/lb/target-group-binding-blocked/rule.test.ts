import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** Deployment shop/web: containerPort http 8080, health 8081; Service shop/web port 80 → http. */
const web = f('valid/web.yaml');
const admitted = f('valid/binding-admitted.yaml');
const oneSubnet = f('invalid/binding-one-subnet.yaml');

/** The admitted binding with the health check port stated as a named port the policy does not open. */
const withHealthPort = admitted.replace(
  '          - securityGroup: { groupID: sg-0123456789abcdef0 }\n',
  '          - securityGroup: { groupID: sg-0123456789abcdef0 }\n        ports:\n          - { protocol: TCP, port: 8080 }\n          - { protocol: TCP, port: health }\n',
);

new RuleTester().run('lb/target-group-binding-blocked', rule, {
  valid: [
    { name: 'the policy admits every CIDR of the binding on the target port', files: { 'web.yaml': web, 'tgb.yaml': admitted } },
    {
      name: 'security-group peers only: their addresses are not in the input',
      files: { 'web.yaml': web, 'tgb.yaml': oneSubnet.replace('          - ipBlock: { cidr: 10.0.1.0/24 }\n', '          - securityGroup: { groupID: sg-0123456789abcdef0 }\n') },
    },
    { name: 'target type instance: the pods see the nodes, not the binding CIDRs', files: { 'web.yaml': web, 'tgb.yaml': oneSubnet.replace('targetType: ip', 'targetType: instance') } },
    { name: 'target type not stated: it is read from the target group in AWS', files: { 'web.yaml': web, 'tgb.yaml': oneSubnet.replace('  targetType: ip\n', '') } },
    { name: 'no policy isolates the pods', files: { 'web.yaml': web, 'tgb.yaml': oneSubnet.slice(0, oneSubnet.indexOf('---')) } },
    { name: 'hostNetwork backends: NetworkPolicy does not apply', files: { 'web.yaml': web.replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      containers:'), 'tgb.yaml': oneSubnet } },
    { name: 'a Service port that does not resolve: lb/target-group-binding-service-not-found reports it', files: { 'web.yaml': web, 'tgb.yaml': oneSubnet.replace('    port: 80\n', '    port: 8080\n') } },
    {
      name: 'a binding the controller generated: its Ingress or Service is lb/backend-blocked\'s',
      files: { 'web.yaml': web, 'tgb.yaml': oneSubnet.replace('  namespace: shop\nspec:\n  targetGroupARN', '  namespace: shop\n  labels: { service.k8s.aws/stack-name: web, service.k8s.aws/stack-namespace: shop }\nspec:\n  targetGroupARN') },
    },
  ],
  invalid: [
    {
      name: 'the policy admits one of the two load balancer subnets on the target port',
      files: { 'web.yaml': web, 'tgb.yaml': oneSubnet },
      errors: [
        {
          messageId: 'bindingBlocked',
          data: {
            policy: 'shop/web-from-alb',
            binding: 'TargetGroupBinding shop/web',
            workload: 'Deployment shop/web',
            service: 'shop/web',
            servicePort: '80/TCP (http)',
            targetGroup: 'target group web',
            sources: '10.0.0.0/24, 10.0.1.0/24',
            rules: 'networking.ingress[0] on every TCP port',
            policies: 'NetworkPolicy shop/web-from-alb',
            blocked: '10.0.1.0/24',
            conn: 'TCP 8080',
          },
          object: 'shop/NetworkPolicy/web-from-alb',
          file: 'tgb.yaml',
          path: 'spec.ingress',
          line: 27,
          column: 3,
          endLine: 27,
          endColumn: 10,
        },
      ],
    },
    {
      name: 'stated ports: the named health port (resolved on the pods to 8081) is not admitted',
      files: { 'web.yaml': web, 'tgb.yaml': withHealthPort },
      errors: [
        {
          messageId: 'bindingBlocked',
          data: { blocked: '10.0.0.0/23', conn: 'TCP 8081', rules: 'networking.ingress[0] on TCP 8080, TCP health' },
          object: 'shop/NetworkPolicy/web-from-alb',
          file: 'tgb.yaml',
          line: 31,
          column: 3,
          endLine: 31,
          endColumn: 10,
        },
      ],
    },
  ],
});
