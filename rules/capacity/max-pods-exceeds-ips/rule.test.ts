import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const awsVpc = Object.fromEntries(
  ['aws-node.yaml', 'orders.yaml', 'vpc-stack.yaml'].map((n) => [n, readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/eks-aws-vpc', n), 'utf8')]),
);

new RuleTester().run('capacity/max-pods-exceeds-ips', rule, {
  valid: [
    { name: 'eksctl defaults: m5.large secondary IPs, maxPods 29 = 3 × 9 + 2', files: { 'cluster.yaml': f('valid/eksctl-defaults.yaml') } },
    { name: 'custom networking with maxPodsPerNode 20', files: { 'cluster.yaml': f('valid/custom-networking-max-pods.yaml') } },
    { name: 'the AWS sample VPC stack with the default aws-node', files: awsVpc },
    {
      name: 'prefix delegation: managed nodes capped at 110, far below 434',
      files: { 'cluster.yaml': f('valid/custom-networking-max-pods.yaml').replace('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', 'ENABLE_PREFIX_DELEGATION').replace('    maxPodsPerNode: 20\n', '') },
    },
  ],
  invalid: [
    {
      name: 'custom networking: the managed default 29 and a stated 58 exceed 20 and 44',
      files: { 'cluster.yaml': f('invalid/custom-networking.yaml') },
      errors: [
        {
          messageId: 'maxPodsAboveIps',
          data: {
            nodeGroup: 'workers',
            maxPods: '29',
            ipCapacity: '20',
            mode: 'custom-networking',
            excess: '9',
            settings: 'AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG=true',
            formula: '(3 − 1 [custom networking: the primary ENI takes no pods]) × (10 − 1) + 2 = 20',
          },
          line: 16,
          column: 19,
          endLine: 16,
          endColumn: 27,
          object: 'NodeGroup/eksctl:shop#nodegroup/workers',
        },
        { messageId: 'maxPodsAboveIps', data: { nodeGroup: 'batch', maxPods: '58', ipCapacity: '44', maxPodsFormula: '58 (stated)' }, line: 20, column: 21, endLine: 20, endColumn: 23 },
      ],
    },
    {
      name: 'security groups for pods: the trunk ENI leaves 18 pod IPs under maxPods 29',
      files: { 'cluster.yaml': f('valid/eksctl-defaults.yaml').replace('managedNodeGroups', 'addons:\n  - name: vpc-cni\n    configurationValues: |\n      env:\n        ENABLE_POD_ENI: "true"\nmanagedNodeGroups') },
      errors: [{ messageId: 'maxPodsAboveIps', data: { maxPods: '29', ipCapacity: '20', formula: '(3 − 1 [trunk ENI]) × (10 − 1) + 2 = 20' }, line: 13, column: 5, endLine: 13, endColumn: 18 }],
    },
  ],
});
