import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const web = f('valid/web.yaml');
const albIp = f('valid/alb-ip.yaml');
const eks = f('valid/eks-cluster.yaml');
const flannel = f('invalid/flannel.yaml');
const clusterIpBackend = f('invalid/clusterip-backend.yaml');
const bindingIp = f('invalid/binding-ip.yaml');
const bindingInstance = f('valid/binding-instance.yaml');

const nlbIp = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: web-nlb',
  '  namespace: shop',
  '  annotations:',
  '    service.beta.kubernetes.io/aws-load-balancer-type: external',
  '    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip',
  'spec:',
  '  type: LoadBalancer',
  '  selector: { app: web }',
  '  ports:',
  '    - { port: 443, targetPort: http }',
  '',
].join('\n');

new RuleTester().run('lb/target-type-unsupported', rule, {
  valid: [
    {
      name: 'target type ip on an EKS cluster: the Amazon VPC CNI gives pods VPC addresses',
      files: { 'eks.yaml': eks, 'web.yaml': web, 'ingress.yaml': albIp },
    },
    {
      name: 'target type ip without anything saying which CNI runs: nothing is guessed',
      files: { 'web.yaml': web, 'ingress.yaml': albIp },
    },
    {
      name: 'flannel overlay with instance targets on a NodePort Service: kube-proxy forwards from the node port',
      files: { 'flannel.yaml': flannel, 'web.yaml': web, 'ingress.yaml': albIp.replace('target-type: ip', 'target-type: instance') },
    },
    {
      name: 'default instance target type on a ClusterIP Service made NodePort',
      files: { 'api.yaml': clusterIpBackend.replace('  selector: { app: api }', '  type: NodePort\n  selector: { app: api }') },
    },
    {
      name: 'flannel overlay with a TargetGroupBinding of target type instance',
      files: { 'flannel.yaml': flannel, 'web.yaml': web, 'tgb.yaml': bindingInstance },
    },
    {
      name: 'a TargetGroupBinding of target type ip on an EKS cluster (Amazon VPC CNI)',
      files: { 'eks.yaml': eks, 'web.yaml': web, 'tgb.yaml': bindingIp },
    },
    {
      name: 'a TargetGroupBinding without a stated target type: the webhook reads it from the target group in AWS',
      files: { 'flannel.yaml': flannel, 'web.yaml': web, 'tgb.yaml': bindingIp.replace('  targetType: ip\n', '') },
    },
  ],
  invalid: [
    {
      name: 'flannel overlay: a TargetGroupBinding with target type ip',
      files: { 'flannel.yaml': flannel, 'web.yaml': web, 'tgb.yaml': bindingIp },
      errors: [
        {
          messageId: 'bindingIpOnOverlay',
          data: { binding: 'TargetGroupBinding shop/web', service: 'shop/web', targetGroup: 'target group web', podRanges: '10.244.0.0/16 (flannel)' },
          object: 'shop/TargetGroupBinding/web',
          file: 'tgb.yaml',
          path: 'spec.targetType',
          line: 9,
          column: 15,
          endLine: 9,
          endColumn: 17,
        },
      ],
    },
    {
      name: 'flannel overlay: an ALB with target type ip',
      files: { 'flannel.yaml': flannel, 'web.yaml': web, 'ingress.yaml': albIp },
      errors: [
        {
          messageId: 'ipOnOverlay',
          data: { lb: 'The internet-facing ALB of Ingress shop/web', services: 'Service shop/web', podRanges: '10.244.0.0/16 (flannel)' },
          object: 'shop/Ingress/web',
          file: 'ingress.yaml',
          path: 'metadata.annotations["alb.ingress.kubernetes.io/target-type"]',
          line: 9,
          column: 44,
          endLine: 9,
          endColumn: 46,
        },
      ],
    },
    {
      name: 'flannel overlay: an NLB of the AWS Load Balancer Controller with target type ip',
      files: { 'flannel.yaml': flannel, 'web.yaml': web, 'svc.yaml': nlbIp },
      errors: [{ messageId: 'ipOnOverlay', data: { lb: 'The internal NLB of Service shop/web-nlb' }, file: 'svc.yaml', line: 8, column: 67, endLine: 8, endColumn: 69 }],
    },
    {
      name: 'the default instance target type on a ClusterIP Service: on the Ingress backend naming it',
      files: { 'api.yaml': clusterIpBackend },
      errors: [
        {
          messageId: 'instanceWithoutNodePort',
          data: { lb: 'The internal ALB of Ingress shop/api', service: 'shop/api', type: 'ClusterIP' },
          object: 'shop/Ingress/api',
          path: 'spec.rules[0].http.paths[0].backend.service.name',
          line: 45,
          column: 23,
          endLine: 45,
          endColumn: 26,
        },
      ],
    },
    {
      name: 'target type instance stated on the Service for a Service stated ClusterIP: on the annotation',
      files: {
        'api.yaml': clusterIpBackend.replace(
          'kind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n',
          'kind: Service\nmetadata:\n  name: api\n  namespace: shop\n  annotations:\n    alb.ingress.kubernetes.io/target-type: instance\nspec:\n  type: ClusterIP\n',
        ),
      },
      errors: [{ messageId: 'instanceWithoutNodePort', data: { type: 'ClusterIP' }, path: 'metadata.annotations["alb.ingress.kubernetes.io/target-type"]', line: 26, column: 44, endLine: 26, endColumn: 52 }],
    },
    {
      name: 'the default instance target type on a Service stated ClusterIP: on its type',
      files: { 'api.yaml': clusterIpBackend.replace('  selector: { app: api }\n  ports', '  type: ClusterIP\n  selector: { app: api }\n  ports') },
      errors: [{ messageId: 'instanceWithoutNodePort', path: 'spec.type', line: 26, column: 9, endLine: 26, endColumn: 18 }],
    },
    {
      name: 'two Ingresses of one group to the same ClusterIP Service: one target group each, one finding on the Service type',
      files: {
        'api.yaml': clusterIpBackend.replace('  selector: { app: api }\n  ports', '  type: ClusterIP\n  selector: { app: api }\n  ports').replace('  name: api\n  namespace: shop\nspec:\n  ingressClassName', '  name: api\n  namespace: shop\n  annotations:\n    alb.ingress.kubernetes.io/group.name: shop\nspec:\n  ingressClassName'),
        'admin.yaml': [
          'apiVersion: networking.k8s.io/v1',
          'kind: Ingress',
          'metadata:',
          '  name: admin',
          '  namespace: shop',
          '  annotations:',
          '    alb.ingress.kubernetes.io/group.name: shop',
          'spec:',
          '  ingressClassName: alb',
          '  defaultBackend:',
          '    service: { name: api, port: { number: 80 } }',
          '',
        ].join('\n'),
      },
      errors: [{ messageId: 'instanceWithoutNodePort', data: { lb: 'The internal ALB of IngressGroup shop (Ingresses shop/admin and shop/api)' }, file: 'api.yaml', path: 'spec.type', line: 26, column: 9, endLine: 26, endColumn: 18 }],
    },
  ],
});
