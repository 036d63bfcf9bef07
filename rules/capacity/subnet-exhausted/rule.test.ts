import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const awsVpc = Object.fromEntries(
  ['aws-node.yaml', 'orders.yaml', 'vpc-stack.yaml'].map((n) => [n, readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/eks-aws-vpc', n), 'utf8')]),
);
const eksctlDefaults = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: eu-west-1
managedNodeGroups:
  - name: workers
    privateNetworking: true
    maxSize: 100
`;

new RuleTester().run('capacity/subnet-exhausted', rule, {
  valid: [
    { name: '/19 subnets hold 4 nodes each', files: { 'cluster.yaml': f('valid/large-subnets.yaml') } },
    { name: 'eksctl defaults (192.168.0.0/16, /19 subnets, m5.large) up to 100 nodes', files: { 'cluster.yaml': eksctlDefaults } },
    { name: 'the AWS sample VPC stack', files: awsVpc },
    { name: 'maxSize 2: one node per /26 (30 + 4 addresses of 59)', files: { 'cluster.yaml': f('invalid/small-subnets.yaml').replace('maxSize: 8', 'maxSize: 2') } },
  ],
  invalid: [
    {
      name: '/26 subnets, 4 m5.large nodes each',
      files: { 'cluster.yaml': f('invalid/small-subnets.yaml') },
      errors: [
        {
          messageId: 'exhausted',
          data: {
            subnet: 'eu-west-1a (private)',
            cidr: '10.0.1.0/26',
            needed: '124',
            usable: '59',
            breakdown:
              'EKS control plane of shop up to 4 control-plane ENIs (EKS creates up to four across the cluster subnets); ' +
              'node group workers 4 nodes × (3 ENIs × 10 = 30) = 120 (m5.large, 27 pods per node, WARM_ENI_TARGET=1)',
          },
          line: 12,
          column: 15,
          endLine: 12,
          endColumn: 26,
          object: 'Subnet/eksctl:shop#subnet/private/eu-west-1a',
        },
        { messageId: 'exhausted', data: { cidr: '10.0.2.0/26', needed: '124' }, line: 14, column: 15, endLine: 14, endColumn: 26 },
      ],
    },
  ],
});
