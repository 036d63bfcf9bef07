import { RuleTester, fixture } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

new RuleTester().run('vpc/pod-egress-blocked', rule, {
  valid: [
    {
      name: 'AWS-style EKS VPC: private subnets behind a NAT gateway per AZ, the default network ACL',
      files: { 'eks.yaml': f('valid/aws-style-eks-vpc.yaml') },
    },
  ],
  invalid: [
    {
      name: 'a NAT gateway placed in a private subnet, and a network ACL that denies the replies from the internet',
      files: { 'eks.yaml': f('invalid/nat-in-private-subnet-and-acl-without-replies.yaml') },
      errors: [
        {
          messageId: 'egressBlocked',
          data: { nodeGroups: 'SelfManagedWorkers', subnets: 'PrivateSubnet02' },
          path: 'Resources.NatGateway02.Properties.SubnetId',
          line: 79,
          column: 22,
          endLine: 79,
          endColumn: 37,
        },
        {
          messageId: 'egressBlocked',
          data: { subnets: 'PrivateSubnet01', setting: 'network ACL PrivateNetworkAcl inbound entry 110 (deny TCP 1024-65535 0.0.0.0/0)' },
          path: 'Resources.PrivateInboundDenyHighPorts',
          line: 207,
          column: 3,
          endLine: 207,
          endColumn: 30,
        },
      ],
    },
  ],
});
