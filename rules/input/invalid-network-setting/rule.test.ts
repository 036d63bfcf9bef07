import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fx = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('input/invalid-network-setting', rule, {
  valid: [{ name: 'numbers and CIDRs where the CNI expects them', files: { 'aws-node.yaml': fx('valid/aws-node.yaml') } }],
  invalid: [
    {
      name: 'a word for a number, a CIDR with an octet over 255',
      files: { 'aws-node.yaml': fx('invalid/aws-node.yaml') },
      errors: [
        { messageId: 'invalidSetting', data: { setting: 'aws-node WARM_IP_TARGET' }, line: 20, column: 22, endLine: 20, endColumn: 28 },
        { messageId: 'invalidSetting', data: { setting: 'aws-node AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS' }, line: 22, column: 36, endLine: 22, endColumn: 49 },
      ],
    },
  ],
});
