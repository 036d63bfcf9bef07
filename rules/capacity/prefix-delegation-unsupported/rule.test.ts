import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const awsVpc = Object.fromEntries(
  ['aws-node.yaml', 'orders.yaml', 'vpc-stack.yaml'].map((n) => [n, readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/eks-aws-vpc', n), 'utf8')]),
);

new RuleTester().run('capacity/prefix-delegation-unsupported', rule, {
  valid: [
    { name: 'prefix delegation on Nitro instances', files: { 'cluster.yaml': f('valid/nitro-node-group.yaml') } },
    { name: 'Xen instances without prefix delegation', files: { 'cluster.yaml': f('invalid/xen-node-group.yaml').replace('"true"', '"false"') } },
    { name: 'bare metal uses prefixes', files: { 'cluster.yaml': f('valid/nitro-node-group.yaml').replace('m5.large', 'm5.metal') } },
    { name: 'the AWS sample VPC stack', files: awsVpc },
  ],
  invalid: [
    {
      name: 'm4.large is Xen: secondary IPs instead of prefixes',
      files: { 'cluster.yaml': f('invalid/xen-node-group.yaml') },
      errors: [
        {
          messageId: 'fallsBack',
          data: { nodeGroup: 'legacy', instanceType: 'm4.large', hypervisor: 'Xen', secondaryIp: '2 × (10 − 1) + 2 = 20', prefixes: '2 × ((10 − 1) × 16) + 2 = 290' },
          line: 15,
          column: 19,
          endLine: 15,
          endColumn: 27,
          object: 'NodeGroup/eksctl:shop#nodegroup/legacy',
        },
      ],
    },
  ],
});
