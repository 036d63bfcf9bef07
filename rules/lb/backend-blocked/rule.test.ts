import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** An EKS VPC: public subnets 172.31.0.0/20 and 172.31.16.0/20 (role elb), private 172.31.32.0/19 for the nodes. */
const vpc = f('valid/vpc.yaml');
/** Deployment shop/web: containerPort http 8080, health 8081. */
const web = f('valid/web.yaml');
const albSubnets = f('valid/alb-lb-subnets.yaml');
const albInternet = f('invalid/alb-internet-only.yaml');

/** The ALB of alb-lb-subnets.yaml with its health checks on the pods' port 8081, which the policy does not open. */
const albHealthPort = albSubnets.replace(
  '    alb.ingress.kubernetes.io/target-type: ip\n',
  '    alb.ingress.kubernetes.io/target-type: ip\n    alb.ingress.kubernetes.io/healthcheck-port: "8081"\n',
);
/** The policy of alb-internet-only.yaml without ingress rules: it isolates the pods and admits nothing. */
const albDenyAll = albInternet.slice(0, albInternet.indexOf('  ingress:\n'));

new RuleTester().run('lb/backend-blocked', rule, {
  valid: [
    { name: 'ALB with ip targets: the policy admits the load balancer subnets', files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': albSubnets } },
    {
      name: 'NLB with client IP preservation: the policy admits the clients and, for the health checks, the load balancer subnets',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': f('valid/nlb-preserved.yaml') },
    },
    {
      name: 'ALB with instance targets and externalTrafficPolicy Local: the pods see the ALB addresses, which the policy admits',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': f('valid/instance-local.yaml') },
    },
    {
      name: 'ALB with its own security group and manage-backend-security-group-rules "true": the controller admits it to the targets',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': f('valid/alb-security-groups-managed.yaml') },
    },
    {
      name: 'hostNetwork backends: NetworkPolicy does not apply to them',
      files: { 'vpc.yaml': vpc, 'web.yaml': web.replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      containers:'), 'app.yaml': albInternet },
    },
    {
      name: 'ALB without infrastructure in the input: its own addresses are unknown, nothing is assumed',
      files: { 'web.yaml': web, 'app.yaml': albInternet },
    },
    {
      name: 'a backend port that does not resolve: no target group traffic (other rules report it)',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': albInternet.replace('port: { name: http }', 'port: { name: https }') },
    },
    {
      name: 'a backend Service without pods: nothing to check',
      files: { 'vpc.yaml': vpc, 'app.yaml': albInternet },
    },
  ],
  invalid: [
    {
      name: 'ALB with ip targets: the policy admits only the internet, the pods see the ALB subnets',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': albInternet },
      errors: [
        {
          messageId: 'trafficBlocked',
          data: {
            policy: 'shop/web-from-internet',
            lb: 'the internet-facing ALB of Ingress shop/web',
            workload: 'Deployment shop/web',
            via: 'through Ingress shop/web, rule */, ',
            service: 'shop/web',
            servicePort: '80/TCP (http)',
            conn: 'TCP 8080',
            sources: "the load balancer's own addresses in subnet(s) public-a (PublicA), public-b (PublicB)",
            blocked: '172.31.0.0/19',
            policies: 'NetworkPolicy shop/web-from-internet',
            healthChecks: ", and so are the load balancer's health checks from the same addresses: the targets are marked unhealthy",
          },
          object: 'shop/NetworkPolicy/web-from-internet',
          path: 'spec.ingress',
          file: 'app.yaml',
          line: 40,
          column: 3,
          endLine: 40,
          endColumn: 10,
        },
      ],
    },
    {
      name: 'ALB: a policy without ingress rules isolates the pods; the finding goes on policyTypes',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': albDenyAll },
      errors: [{ messageId: 'trafficBlocked', data: { blocked: '172.31.0.0/19' }, path: 'spec.policyTypes', file: 'app.yaml', line: 39, column: 3, endLine: 39, endColumn: 14 }],
    },
    {
      name: 'NLB with ip targets, client IP preservation off: the policy admits only the clients',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': f('invalid/nlb-ip-clients-only.yaml') },
      errors: [
        {
          messageId: 'trafficBlocked',
          data: { via: '', servicePort: '443/TCP (http)', blocked: '172.31.0.0/19', why: 'target type ip: the load balancer sends to the pods; an NLB does not preserve client addresses for TCP ip targets by default' },
          file: 'app.yaml',
          line: 27,
          column: 3,
          endLine: 27,
          endColumn: 10,
        },
      ],
    },
    {
      name: 'NLB with client IP preservation: client traffic is admitted, the health checks from its subnets are not',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': f('invalid/nlb-preserved-health-checks.yaml') },
      errors: [
        {
          messageId: 'healthChecksBlocked',
          data: { conn: 'TCP 8080', blocked: '172.31.0.0/19', healthCheck: 'TCP health checks, the default health check port (traffic-port)' },
          file: 'app.yaml',
          line: 28,
          column: 3,
          endLine: 28,
          endColumn: 10,
        },
      ],
    },
    {
      name: 'ALB health checks on a port the policy does not open',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': albHealthPort },
      errors: [{ messageId: 'healthChecksBlocked', data: { conn: 'TCP 8081', blocked: '172.31.0.0/19' }, file: 'app.yaml', line: 41, column: 3, endLine: 41, endColumn: 10 }],
    },
    {
      name: 'ALB with instance targets and externalTrafficPolicy Cluster: the policy admits the ALB subnets, the pods see node addresses',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': f('invalid/instance-cluster.yaml') },
      errors: [
        {
          messageId: 'trafficBlocked',
          data: {
            blocked: '172.31.32.0/19',
            sources: 'node addresses in subnet(s) private-a (PrivateA), private-b (PrivateB)',
            why: 'target type instance with externalTrafficPolicy Cluster: kube-proxy masquerades node-port traffic to the node address',
            healthChecks: '',
          },
          file: 'app.yaml',
          line: 36,
          column: 3,
          endLine: 36,
          endColumn: 10,
        },
      ],
    },
    {
      name: 'no infrastructure: a preserving NLB (instance targets, externalTrafficPolicy Local) sends the clients of loadBalancerSourceRanges',
      files: { 'web.yaml': web, 'app.yaml': f('invalid/no-infra-preserved.yaml') },
      errors: [{ messageId: 'trafficBlocked', data: { blocked: '81.2.69.0/24' }, file: 'app.yaml', line: 28, column: 3, endLine: 28, endColumn: 10 }],
    },
    {
      name: 'ALB with its own security group and no managed backend rules: the cluster security group on the pods admits only itself',
      files: { 'vpc.yaml': vpc, 'web.yaml': web, 'app.yaml': f('invalid/alb-security-groups.yaml') },
      errors: [
        {
          messageId: 'securityGroupsBlocked',
          data: { object: 'Ingress shop/web', blocked: '172.31.0.0/19', conn: 'TCP 8080', what: 'connections and health checks' },
          object: 'shop/Ingress/web',
          file: 'app.yaml',
          line: 22,
          column: 48,
          endLine: 22,
          endColumn: 56,
        },
      ],
    },
  ],
});
