import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const web = f('valid/web.yaml');
const bindings = f('invalid/bindings.yaml');

/** A binding the controller made for an ALB Ingress (a `kubectl get -o yaml` dump): its owner is checked instead. */
const generated = [
  'apiVersion: elbv2.k8s.aws/v1beta1',
  'kind: TargetGroupBinding',
  'metadata:',
  '  name: k8s-shop-web-0123456789',
  '  namespace: shop',
  '  labels:',
  '    ingress.k8s.aws/stack-name: web',
  '    ingress.k8s.aws/stack-namespace: shop',
  'spec:',
  '  targetGroupARN: arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/k8s-shop-web-0123456789/0123456789abcdef',
  '  targetType: instance',
  '  serviceRef: { name: web, port: 80 }',
  '',
].join('\n');

const externalName = [
  'apiVersion: v1',
  'kind: Service',
  'metadata: { name: web, namespace: shop }',
  'spec: { type: ExternalName, externalName: web.example.com }',
  '---',
  'apiVersion: elbv2.k8s.aws/v1beta1',
  'kind: TargetGroupBinding',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  targetGroupName: web',
  '  targetType: ip',
  '  serviceRef: { name: web, port: 443 }',
  '',
].join('\n');

new RuleTester().run('lb/target-group-binding-service-not-found', rule, {
  valid: [
    { name: 'ip binding by Service port number, instance binding by port name on a NodePort Service', files: { 'web.yaml': web } },
    { name: 'a binding the controller generated for an Ingress: its owner is checked', files: { 'tgb.yaml': generated } },
    { name: 'a port number on an ExternalName Service: the controller makes the port up', files: { 'web.yaml': externalName } },
    { name: 'instance binding to a LoadBalancer Service', files: { 'web.yaml': web.replace('type: NodePort', 'type: LoadBalancer') } },
    { name: 'target type not stated: read from the target group in AWS, so a ClusterIP Service is not judged', files: { 'web.yaml': web.replace('  type: NodePort\n', '').replace('  targetType: instance\n', '') } },
  ],
  invalid: [
    {
      name: 'target port instead of Service port, ClusterIP for instance targets, a Service in another namespace, a missing Service',
      files: { 'bindings.yaml': bindings },
      errors: [
        {
          messageId: 'portNotFound',
          data: {
            binding: 'TargetGroupBinding shop/api-ip',
            port: '8080',
            what: 'port number',
            service: 'shop/api',
            ports: '80 (http)',
            hint: '; 8080 is the targetPort of port 80, and serviceRef.port names the Service port',
            targetGroup: 'target group api-ip',
          },
          object: 'shop/TargetGroupBinding/api-ip',
          path: 'spec.serviceRef.port',
          line: 22,
          column: 11,
          endLine: 22,
          endColumn: 15,
        },
        {
          messageId: 'noNodePort',
          data: { binding: 'TargetGroupBinding shop/api-instance', service: 'shop/api', servicePort: '80/TCP (http)', type: 'ClusterIP', targetGroup: 'target group api-instance' },
          object: 'shop/TargetGroupBinding/api-instance',
          path: 'spec.targetType',
          line: 32,
          column: 15,
          endLine: 32,
          endColumn: 23,
        },
        {
          messageId: 'serviceInOtherNamespace',
          data: { binding: 'TargetGroupBinding edge/api', service: 'edge/api', namespace: 'edge', elsewhere: 'shop', targetGroup: 'target group edge-api' },
          object: 'edge/TargetGroupBinding/api',
          path: 'spec.serviceRef.name',
          line: 47,
          column: 11,
          endLine: 47,
          endColumn: 14,
        },
        {
          messageId: 'serviceNotFound',
          data: { binding: 'TargetGroupBinding shop/web', service: 'shop/web', targetGroup: 'target group web' },
          object: 'shop/TargetGroupBinding/web',
          path: 'spec.serviceRef.name',
          line: 59,
          column: 11,
          endLine: 59,
          endColumn: 14,
        },
      ],
    },
    {
      name: 'a port number written as a string is read as a port name',
      files: { 'web.yaml': web.replace('    port: http', '    port: "80"') },
      errors: [{ messageId: 'portNotFound', data: { what: 'port name', hint: '; "80" is a string, so it is read as a port name, not as port 80' }, line: 35, column: 11, endLine: 35, endColumn: 15 }],
    },
  ],
});
