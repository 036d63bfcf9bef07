import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const awsStyle = f('valid/aws-style-vpc.yaml');
const oneTagged = f('invalid/one-tagged-public-subnet.yaml');
const web = f('valid/web.yaml');
const publicAlb = f('valid/public-alb.yaml');

const nlb = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: web-nlb',
  '  namespace: shop',
  '  annotations:',
  '    service.beta.kubernetes.io/aws-load-balancer-type: external',
  '    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing',
  '    service.beta.kubernetes.io/aws-load-balancer-subnets: public-a',
  'spec:',
  '  type: LoadBalancer',
  '  selector: { app: web }',
  '  ports:',
  '    - { port: 443, targetPort: http }',
  '',
].join('\n');

new RuleTester().run('lb/alb-single-az', rule, {
  valid: [
    {
      name: 'AWS-style VPC: the internet-facing ALB discovers a public subnet in each of two zones',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'ingress.yaml': publicAlb },
    },
    {
      name: 'an NLB in one subnet: Network Load Balancers may use a single zone',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'svc.yaml': nlb },
    },
    {
      name: 'one tagged public subnet, but the ALB is internal: two private subnets carry internal-elb',
      files: { 'vpc.yaml': oneTagged, 'web.yaml': web, 'ingress.yaml': publicAlb.replace('scheme: internet-facing', 'scheme: internal') },
    },
  ],
  invalid: [
    {
      name: 'only one public subnet carries kubernetes.io/role/elb: the ALB is discovered into one zone',
      files: { 'vpc.yaml': oneTagged, 'web.yaml': web, 'ingress.yaml': publicAlb },
      errors: [
        {
          messageId: 'singleZone',
          data: { lb: 'The internet-facing ALB of Ingress shop/web', how: 'discovered', subnets: 'public-a (PublicA)', zone: 'eu-west-1a', where: 'cluster shop (Cluster), VPC Vpc' },
          object: 'shop/Ingress/web',
          file: 'ingress.yaml',
          line: 8,
          column: 39,
          endLine: 8,
          endColumn: 54,
        },
      ],
    },
    {
      name: 'a single public subnet named in alb.ingress.kubernetes.io/subnets',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'ingress.yaml': f('invalid/stated-one-zone.yaml') },
      errors: [{ messageId: 'singleZone', data: { how: 'stated', subnets: 'public-a (PublicA)' }, file: 'ingress.yaml', path: 'metadata.annotations["alb.ingress.kubernetes.io/subnets"]', line: 9, column: 40, endLine: 9, endColumn: 48 }],
    },
  ],
});
