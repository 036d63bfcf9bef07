import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
/** The shared scenario fixtures/eks-aws-vpc (eksctl-style EKS stack): no finding. */
const eks = (name: string) => readFileSync(path.join(import.meta.dirname, '../../../fixtures/eks-aws-vpc', name), 'utf8');

new RuleTester().run('capacity/service-cidr-too-small', rule, {
  valid: [
    { name: 'kubeadm /28: 14 ClusterIPs needed, 14 allocatable; headless and ExternalName take none', files: { 'cluster.yaml': f('valid/kubeadm-28-fits.yaml') } },
    {
      name: 'the EKS stack of fixtures/eks-aws-vpc: default service CIDR 172.20.0.0/16',
      files: { 'aws-node.yaml': eks('aws-node.yaml'), 'orders.yaml': eks('orders.yaml'), 'vpc-stack.yaml': eks('vpc-stack.yaml') },
    },
  ],
  invalid: [
    {
      name: 'kubeadm /28: 12 ClusterIP + 1 NodePort + kubernetes + kube-dns = 15 > 14',
      files: { 'cluster.yaml': f('invalid/kubeadm-28-full.yaml') },
      errors: [
        {
          messageId: 'tooSmall',
          data: {
            range: 'Service CIDR 10.96.0.0/28 (kubeadm networking.serviceSubnet)',
            allocatable: '/28 gives 14 allocatable addresses (16 − network − broadcast)',
            needed: '15',
            breakdown: '12 ClusterIP + 1 NodePort + the kubernetes Service + the cluster DNS Service',
          },
          line: 7,
          column: 18,
          endLine: 7,
          endColumn: 30,
        },
      ],
    },
  ],
});
