import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const awsStyle = f('valid/aws-style-vpc.yaml');
const privateOnly = f('invalid/private-only-vpc.yaml');
const web = f('valid/web.yaml');
const publicAlb = f('valid/public-alb.yaml');

/** An Ingress of the ALB class for the `web` Service with these annotations. */
const ingress = (annotations: Record<string, string>, className = 'alb') =>
  [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    '  annotations:',
    ...Object.entries(annotations).map(([k, v]) => `    ${k}: "${v}"`),
    'spec:',
    `  ingressClassName: ${className}`,
    '  defaultBackend:',
    '    service: { name: web, port: { number: 80 } }',
    '',
  ].join('\n');

/** A LoadBalancer Service for the `web` pods with these annotations. */
const lbService = (annotations: Record<string, string>) =>
  [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web-lb',
    '  namespace: shop',
    ...(Object.keys(annotations).length > 0 ? ['  annotations:', ...Object.entries(annotations).map(([k, v]) => `    ${k}: "${v}"`)] : []),
    'spec:',
    '  type: LoadBalancer',
    '  selector: { app: web }',
    '  ports:',
    '    - { port: 443, targetPort: http }',
    '',
  ].join('\n');

const classWithTags = [
  'apiVersion: networking.k8s.io/v1',
  'kind: IngressClass',
  'metadata:',
  '  name: tagged',
  'spec:',
  '  controller: ingress.k8s.aws/alb',
  '  parameters: { apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: tagged }',
  '---',
  'apiVersion: elbv2.k8s.aws/v1beta1',
  'kind: IngressClassParams',
  'metadata:',
  '  name: tagged',
  'spec:',
  '  scheme: internet-facing',
  '  subnets:',
  '    tags:',
  '      tier: [edge]',
  '',
].join('\n');

const SCHEME = 'alb.ingress.kubernetes.io/scheme';
const SUBNETS = 'alb.ingress.kubernetes.io/subnets';

new RuleTester().run('lb/no-subnets', rule, {
  valid: [
    {
      name: 'AWS-style VPC: an internet-facing ALB finds the subnets tagged kubernetes.io/role/elb',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'ingress.yaml': publicAlb },
    },
    {
      name: 'AWS-style VPC: an internal NLB finds the subnets tagged kubernetes.io/role/internal-elb',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'svc.yaml': lbService({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' }) },
    },
    {
      name: 'AWS-style VPC: public subnets named by their Name tags',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'ingress.yaml': ingress({ [SCHEME]: 'internet-facing', [SUBNETS]: 'public-a,public-b' }) },
    },
    {
      name: 'a subnet ID while the template creates the subnets: their IDs are not known, nothing is guessed',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'ingress.yaml': ingress({ [SCHEME]: 'internet-facing', [SUBNETS]: 'subnet-0123456789abcdef0' }) },
    },
    {
      name: 'an internal ALB in a private-only VPC without role tags: the controller takes the private subnets (v2.12.1+)',
      files: { 'vpc.yaml': privateOnly, 'web.yaml': web, 'ingress.yaml': ingress({}) },
    },
    {
      name: 'no VPC in the input: nothing to check',
      files: { 'web.yaml': web, 'ingress.yaml': publicAlb },
    },
  ],
  invalid: [
    {
      name: 'private-only VPC without role tags: an internet-facing ALB finds no subnet',
      files: { 'vpc.yaml': privateOnly, 'web.yaml': web, 'ingress.yaml': publicAlb },
      errors: [
        {
          messageId: 'noDiscoverableSubnet',
          data: {
            lb: 'The internet-facing ALB of Ingress shop/web',
            where: 'cluster shop (Cluster), VPC Vpc',
            controller: 'AWS Load Balancer Controller',
            have: '2 subnets: private-a (PrivateA) [private], private-b (PrivateB) [private]',
          },
          object: 'shop/Ingress/web',
          file: 'ingress.yaml',
          path: 'metadata.annotations["alb.ingress.kubernetes.io/scheme"]',
          line: 8,
          column: 39,
          endLine: 8,
          endColumn: 54,
        },
      ],
    },
    {
      name: 'a private subnet and an unknown one named for an internet-facing ALB',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'ingress.yaml': f('invalid/stated-subnets.yaml') },
      errors: [
        { messageId: 'privateSubnet', data: { subnet: 'private-a (PrivateA)', field: SUBNETS, table: 'PrivateRoutes' }, file: 'ingress.yaml', line: 9, column: 40, endLine: 9, endColumn: 59 },
        { messageId: 'unknownSubnet', data: { subnet: 'public-c', field: SUBNETS }, file: 'ingress.yaml', line: 9, column: 40, endLine: 9, endColumn: 59 },
      ],
    },
    {
      name: 'private-only VPC: the in-tree provider finds no public subnet for an internet-facing Classic Load Balancer',
      files: { 'vpc.yaml': privateOnly, 'web.yaml': web, 'svc.yaml': lbService({}) },
      errors: [
        {
          messageId: 'noDiscoverableSubnet',
          data: { lb: 'The internet-facing CLB of Service shop/web-lb', controller: 'in-tree AWS cloud provider' },
          object: 'shop/Service/web-lb',
          file: 'svc.yaml',
          path: 'spec.type',
          line: 7,
          column: 9,
          endLine: 7,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'IngressClassParams subnet tags that no subnet carries',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'class.yaml': classWithTags, 'ingress.yaml': ingress({}, 'tagged') },
      errors: [{ messageId: 'noTaggedSubnet', data: { tags: 'tier in [edge]' }, file: 'class.yaml', path: 'spec.subnets.tags', line: 16, column: 5, endLine: 16, endColumn: 9 }],
    },
  ],
});
