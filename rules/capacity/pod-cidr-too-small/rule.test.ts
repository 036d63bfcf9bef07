import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
/** The shared scenario fixtures/eks-aws-vpc (eksctl-style EKS stack, VPC CNI): no overlay, no finding. */
const eks = (name: string) => readFileSync(path.join(import.meta.dirname, '../../../fixtures/eks-aws-vpc', name), 'utf8');

const calico = (cidr: string) => `apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: { name: default-ipv4-ippool }
spec:
  cidr: ${cidr}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: calico-node, namespace: kube-system }
spec:
  selector: { matchLabels: { k8s-app: calico-node } }
  template:
    metadata: { labels: { k8s-app: calico-node } }
    spec:
      hostNetwork: true
      containers: [{ name: calico-node, image: calico/node }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 20
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: c, image: x }] }
`;

new RuleTester().run('capacity/pod-cidr-too-small', rule, {
  valid: [
    { name: 'kubeadm defaults: /16 with /24 per node, 3 Nodes', files: { 'cluster.yaml': f('valid/kubeadm-defaults.yaml') } },
    {
      name: 'the EKS stack of fixtures/eks-aws-vpc: the VPC CNI has no overlay',
      files: { 'aws-node.yaml': eks('aws-node.yaml'), 'orders.yaml': eks('orders.yaml'), 'vpc-stack.yaml': eks('vpc-stack.yaml') },
    },
    { name: 'Calico /27 pool: 32 addresses for 20 web pods + 2 CoreDNS (calico-node is hostNetwork)', files: { 'calico.yaml': calico('10.244.0.0/27') } },
  ],
  invalid: [
    {
      name: 'flannel /22 with SubnetLen 24: 3 node subnets (the first is left out) for 5 Nodes',
      files: { 'flannel.yaml': f('invalid/flannel-22-five-nodes.yaml') },
      errors: [
        {
          messageId: 'tooFewNodeCidrs',
          data: { range: 'Pod CIDR 10.244.0.0/22 (flannel Network)', mask: '24', maskFrom: 'flannel default SubnetLen 24', nodeCidrs: '3', arithmetic: '2^(24 − 22) − 1: flannel leaves out the first subnet', nodes: '5', nodesFrom: '5 Node objects in the input' },
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 33,
        },
      ],
    },
    {
      name: 'kubeadm node-cidr-mask-size 26: 61 pod addresses per node for 110 pods',
      files: { 'kubeadm.yaml': f('invalid/kubeadm-mask-26.yaml') },
      errors: [
        {
          messageId: 'tooFewPodIps',
          data: { mask: '26', maskFrom: 'kube-controller-manager --node-cidr-mask-size', perNode: '61', size: '64', pods: '110', podsFrom: 'kubelet default maxPods' },
          line: 9,
          column: 26,
          endLine: 9,
          endColumn: 30,
        },
      ],
    },
    {
      name: 'Calico /28 pool: 16 addresses for 22 pods',
      files: { 'calico.yaml': calico('10.244.0.0/28') },
      errors: [{ messageId: 'poolTooSmall', data: { addresses: '16', needed: '22' }, line: 5, column: 9, endLine: 5, endColumn: 22 }],
    },
  ],
});
