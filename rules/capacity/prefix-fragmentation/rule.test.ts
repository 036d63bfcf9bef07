import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const awsVpc = Object.fromEntries(
  ['aws-node.yaml', 'orders.yaml', 'vpc-stack.yaml'].map((n) => [n, readFileSync(path.resolve(import.meta.dirname, '../../../fixtures/eks-aws-vpc', n), 'utf8')]),
);

new RuleTester().run('capacity/prefix-fragmentation', rule, {
  valid: [
    { name: '/19 subnets offer 510 blocks each', files: { 'cluster.yaml': f('valid/large-subnets.yaml') } },
    { name: 'no prefix delegation: no /28 blocks needed', files: { 'cluster.yaml': f('invalid/small-subnets.yaml').replace('"true"', '"false"') } },
    { name: 'the AWS sample VPC stack (secondary IPs)', files: awsVpc },
  ],
  invalid: [
    {
      name: 'a /24 cannot offer 21 blocks; a /23 offers 30 but 9 scattered addresses can leave 21 < 25',
      files: { 'cluster.yaml': f('invalid/small-subnets.yaml') },
      errors: [
        {
          messageId: 'notEnoughBlocks',
          data: {
            subnet: 'eu-west-1a (private)',
            cidr: '10.0.1.0/24',
            prefixes: '21',
            blocks: '14',
            bestCase: '14',
            singles: '7',
            breakdown: 'node group workers: 3 nodes × 7 prefixes',
          },
          line: 12,
          column: 15,
          endLine: 12,
          endColumn: 26,
          object: 'Subnet/eksctl:shop#subnet/private/eu-west-1a',
        },
        { messageId: 'thinMargin', data: { cidr: '10.0.2.0/23', prefixes: '28', blocks: '30', singles: '8', worstCase: '22' }, line: 14, column: 15, endLine: 14, endColumn: 26 },
      ],
    },
  ],
});
