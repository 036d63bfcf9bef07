import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const awsStyle = f('valid/aws-style-vpc.yaml');
const lockedDown = f('invalid/node-acl-vpc-only.yaml');
const web = f('valid/web.yaml');

/** A LoadBalancer Service for the `web` pods, with these annotations and ports. */
const service = (annotations: Record<string, string>, ports: string, extra = '') =>
  [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    ...(Object.keys(annotations).length > 0 ? ['  annotations:', ...Object.entries(annotations).map(([k, v]) => `    ${k}: "${v}"`)] : []),
    'spec:',
    '  type: LoadBalancer',
    '  selector: { app: web }',
    ...(extra === '' ? [] : [extra]),
    '  ports:',
    `    - ${ports}`,
    '',
  ].join('\n');

/** Where every finding lands: the node subnets' network ACL, whose default entry denies what entry 100 does not admit. */
const nodeAcl = { file: 'vpc.yaml', path: 'Resources.NodeAcl', line: 103, column: 3, endLine: 103, endColumn: 10 };

new RuleTester().run('vpc/load-balancer-blocked', rule, {
  valid: [
    {
      name: 'AWS-style VPC, default network ACL: an internet-facing NLB with ip targets reaches the pods',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'svc.yaml': f('valid/internet-facing-ip.yaml') },
    },
    {
      name: 'AWS-style VPC, default network ACL: an internet-facing NLB with instance targets reaches the node port',
      files: { 'vpc.yaml': awsStyle, 'web.yaml': web, 'svc.yaml': f('invalid/internet-facing-instance.yaml') },
    },
    {
      name: "node ACL admitting the VPC only: an internal NLB with ip targets sends from its own addresses in the VPC's internal-elb subnets",
      files: { 'vpc.yaml': lockedDown, 'web.yaml': web, 'svc.yaml': f('valid/internal-ip.yaml') },
    },
    {
      name: 'node ACL admitting the VPC only: an internet-facing NLB with TCP ip targets does not preserve client IPs by default',
      files: { 'vpc.yaml': lockedDown, 'web.yaml': web, 'svc.yaml': f('valid/internet-facing-ip.yaml') },
    },
    {
      name: 'node ACL admitting the VPC only: a Classic Load Balancer of the in-tree provider opens its own connections to the node port',
      files: { 'vpc.yaml': lockedDown, 'web.yaml': web, 'svc.yaml': service({}, '{ port: 80, targetPort: http }') },
    },
    {
      name: 'node ACL admitting the VPC only: instance targets with client IP preservation turned off',
      files: {
        'vpc.yaml': lockedDown,
        'web.yaml': web,
        'svc.yaml': service(
          {
            'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
            'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
            'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=false',
          },
          '{ port: 80, targetPort: http, nodePort: 30080 }',
        ),
      },
    },
    {
      name: 'a loadBalancerClass of another controller: not an AWS load balancer this rule knows',
      files: { 'vpc.yaml': lockedDown, 'web.yaml': web, 'svc.yaml': service({}, '{ port: 80, targetPort: http }', '  loadBalancerClass: example.com/metal-lb') },
    },
    {
      name: 'a Service without pods: nothing to reach (other rules report it)',
      files: { 'vpc.yaml': lockedDown, 'svc.yaml': f('invalid/internet-facing-instance.yaml') },
    },
  ],
  invalid: [
    {
      name: 'node ACL admitting the VPC only: an internet-facing NLB with instance targets keeps the internet clients’ addresses',
      files: { 'vpc.yaml': lockedDown, 'web.yaml': web, 'svc.yaml': f('invalid/internet-facing-instance.yaml') },
      errors: [
        {
          messageId: 'targetsBlocked',
          data: {
            service: 'shop/web',
            port: '80/TCP (http)',
            scheme: 'internet-facing',
            lb: 'Network Load Balancer',
            controller: 'AWS Load Balancer Controller',
            targetType: 'instance',
            lbSubnets: 'public-a (PublicA), public-b (PublicB)',
            targets: 'nodes of node group(s) general (Nodes) in subnet(s) private-a (PrivateA), private-b (PrivateB)',
            conn: 'TCP 30080',
            sources: 'the addresses of clients in 0.0.0.0/0 (no loadBalancerSourceRanges: open to every client), over the internet',
            why: 'an NLB preserves client addresses for instance targets by default',
            setting: 'network ACL NodeAcl inbound default entry * (deny all)',
          },
          object: 'shop/Service/web',
          ...nodeAcl,
        },
      ],
    },
    {
      name: 'an NLB of the in-tree provider without a stated nodePort: any port of the NodePort range may be allocated',
      files: { 'vpc.yaml': lockedDown, 'web.yaml': web, 'svc.yaml': service({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' }, '{ port: 80, targetPort: http }') },
      errors: [
        {
          messageId: 'targetsBlocked',
          data: { controller: 'in-tree AWS cloud provider', scheme: 'internet-facing', targetType: 'instance', conn: 'TCP 30000-32767' },
          ...nodeAcl,
        },
      ],
    },
    {
      name: 'a UDP port with ip targets: an NLB always keeps the client address for UDP',
      files: {
        'vpc.yaml': lockedDown,
        'web.yaml': web,
        'svc.yaml': service(
          {
            'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
            'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
            'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
          },
          '{ name: dns, protocol: UDP, port: 53, targetPort: 5353 }',
        ),
      },
      errors: [
        {
          messageId: 'targetsBlocked',
          data: { port: '53/UDP (dns)', targetType: 'ip', targets: 'pods of node group(s) general (Nodes) in subnet(s) private-a (PrivateA), private-b (PrivateB)', conn: 'UDP 5353', why: 'an NLB always preserves client addresses for UDP' },
          ...nodeAcl,
        },
      ],
    },
    {
      name: 'an internal NLB with instance targets for clients of an on-premises range outside the VPC',
      files: {
        'vpc.yaml': lockedDown,
        'web.yaml': web,
        'svc.yaml': service(
          { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' },
          '{ port: 80, targetPort: http, nodePort: 30080 }',
          '  loadBalancerSourceRanges: [172.16.0.0/12]',
        ),
      },
      errors: [
        {
          messageId: 'targetsBlocked',
          data: {
            scheme: 'internal',
            lbSubnets: 'private-a (PrivateA), private-b (PrivateB)',
            sources: 'the addresses of clients in 172.16.0.0/12 (spec.loadBalancerSourceRanges)',
          },
          ...nodeAcl,
        },
      ],
    },
  ],
});
