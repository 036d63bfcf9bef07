import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const office = () => f('invalid/office-only.yaml');

new RuleTester().run('nat/client-ip-lost', rule, {
  valid: [
    { name: 'externalTrafficPolicy Local keeps the client address', files: { 'admin.yaml': f('valid/local-policy.yaml') } },
    {
      name: 'AWS Load Balancer Controller NLB with target type ip sends straight to the pods',
      files: {
        'admin.yaml': f('valid/local-policy.yaml')
          .replace('  externalTrafficPolicy: Local\n', '  loadBalancerClass: service.k8s.aws/nlb\n')
          .replace('  namespace: shop\nspec:\n  type: LoadBalancer', '  namespace: shop\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\nspec:\n  type: LoadBalancer'),
      },
    },
    { name: 'a ClusterIP Service is not reached through node ports', files: { 'admin.yaml': office().replace('  type: NodePort\n', '').replace('      nodePort: 30080\n', '') } },
    {
      name: 'another rule admits every source on the port',
      files: { 'admin.yaml': office().replace('  ingress:\n', '  ingress:\n    - ports:\n        - port: 8080\n') },
    },
    { name: 'the backend is not isolated for ingress', files: { 'admin.yaml': office().replace(/---\napiVersion: networking.k8s.io\/v1[\s\S]*$/, '') } },
    { name: 'the ipBlock rule is for another port', files: { 'admin.yaml': office().replace('        - port: 8080\n', '        - port: 9090\n') } },
    {
      name: 'AWS-style EKS stack with a Local Service',
      files: { 'eks.yaml': f('valid/eks-nat-per-az.yaml'), 'admin.yaml': f('valid/local-policy.yaml') },
    },
  ],
  invalid: [
    {
      name: 'NodePort, default Cluster policy, office ipBlock only',
      files: { 'admin.yaml': office() },
      errors: [
        {
          messageId: 'neverMatches',
          data: {
            service: 'shop/admin',
            policy: 'externalTrafficPolicy Cluster (the default)',
            cidrs: '203.0.113.0/24',
            rules: 'NetworkPolicy shop/admin-from-office spec.ingress[0]',
            port: '80/TCP (target TCP 8080)',
            workload: 'Deployment shop/admin',
          },
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 17,
          object: 'shop/Service/admin',
        },
      ],
    },
    {
      name: 'LoadBalancer with an explicit Cluster policy',
      files: { 'admin.yaml': f('valid/local-policy.yaml').replace('externalTrafficPolicy: Local', 'externalTrafficPolicy: Cluster') },
      errors: [{ messageId: 'neverMatches', data: { policy: 'externalTrafficPolicy: Cluster' }, line: 9, column: 26, endLine: 9, endColumn: 33 }],
    },
    {
      name: 'the ipBlock covers the node subnets: every client is admitted',
      files: { 'eks.yaml': f('valid/eks-nat-per-az.yaml'), 'admin.yaml': office().replace('cidr: 203.0.113.0/24', 'cidr: 192.168.0.0/16') },
      errors: [
        {
          messageId: 'admitsAll',
          data: { cidrs: '192.168.0.0/16', nodes: '192.168.128.0/17' },
          file: 'admin.yaml',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 17,
        },
      ],
    },
  ],
});
