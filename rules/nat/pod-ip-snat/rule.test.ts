import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** The invalid stack's aws-node with the given env entries instead of its own. */
const awsNode = (env: string) => f('invalid/aws-node.yaml').replace(/          env:\n[\s\S]*$/, `          env:\n${env}`);
const envVar = (name: string, value: string) => `            - name: ${name}\n              value: "${value}"\n`;

new RuleTester().run('nat/pod-ip-snat', rule, {
  valid: [
    {
      name: 'AWS-style EKS stack: private subnets behind a NAT gateway per AZ, VPC CNI defaults',
      files: { 'eks.yaml': f('valid/eks-nat-per-az.yaml'), 'aws-node.yaml': f('valid/aws-node-defaults.yaml') },
    },
    {
      name: 'EXTERNALSNAT=true: pods keep their address on every route',
      files: { 'eks.yaml': f('invalid/peered-stack.yaml'), 'aws-node.yaml': awsNode(envVar('AWS_VPC_K8S_CNI_EXTERNALSNAT', 'true')) },
    },
    {
      name: 'every private destination is exempt from SNAT',
      files: {
        'eks.yaml': f('invalid/peered-stack.yaml'),
        'aws-node.yaml': awsNode(envVar('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS', '10.50.0.0/16,172.16.0.0/12')),
      },
    },
    {
      name: 'flannel replaces the VPC CNI: nothing to judge',
      files: {
        'eks.yaml': f('invalid/peered-stack.yaml'),
        'flannel.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-flannel-cfg\n  namespace: kube-flannel\ndata:\n  net-conf.json: |\n    { "Network": "10.244.0.0/16" }\n',
      },
    },
    {
      name: 'a route to another block of the VPC itself is not SNATed',
      files: {
        'eks.yaml': f('invalid/peered-stack.yaml')
          .replace('DestinationCidrBlock: 10.50.0.0/16', 'DestinationCidrBlock: 10.20.128.0/17')
          .replace('DestinationCidrBlock: 172.16.0.0/12', 'DestinationCidrBlock: 10.20.64.0/18'),
        'aws-node.yaml': f('invalid/aws-node.yaml'),
      },
    },
  ],
  invalid: [
    {
      name: 'peering and transit gateway routes, one block of the peer exempt',
      files: { 'eks.yaml': f('invalid/peered-stack.yaml'), 'aws-node.yaml': f('invalid/aws-node.yaml') },
      errors: [
        {
          messageId: 'podIpSnat',
          data: {
            table: 'PrivateRouteTable',
            destination: '10.50.0.0/16',
            target: 'VPC peering connection Peering',
            snat: 'AWS_VPC_K8S_CNI_EXTERNALSNAT=false (the default)',
            ranges: '10.50.0.0/21, 10.50.16.0/20, 10.50.32.0/19, 10.50.64.0/18, 10.50.128.0/17',
            nodeGroups: 'Workers',
          },
          file: 'eks.yaml',
          line: 68,
          column: 29,
          endLine: 68,
          endColumn: 41,
          object: 'RouteTable/cfn:eks.yaml#PrivateRouteTable',
        },
        {
          messageId: 'podIpSnat',
          data: { destination: '172.16.0.0/12', target: 'transit gateway tgw-0c1c2c3c4c5c6c7c8', ranges: '172.16.0.0/12' },
          file: 'eks.yaml',
          line: 74,
          column: 29,
          endLine: 74,
          endColumn: 42,
        },
      ],
    },
    {
      // EKS installs the VPC CNI as a default add-on; without aws-node in the input its defaults apply (SNAT on).
      name: 'no CNI in the input: the VPC CNI that EKS installs, with its defaults',
      files: { 'eks.yaml': f('invalid/peered-stack.yaml') },
      errors: [
        { messageId: 'podIpSnat', data: { destination: '10.50.0.0/16', ranges: '10.50.0.0/16' }, line: 68, column: 29, endLine: 68, endColumn: 41 },
        { messageId: 'podIpSnat', data: { destination: '172.16.0.0/12', ranges: '172.16.0.0/12' }, line: 74, column: 29, endLine: 74, endColumn: 42 },
      ],
    },
    {
      name: 'a default route to a transit gateway: only its private part, minus the VPC and the more specific routes',
      files: {
        'eks.yaml': f('invalid/peered-stack.yaml').replace('      DestinationCidrBlock: 172.16.0.0/12\n', '      DestinationCidrBlock: 0.0.0.0/0\n').replace(
          /  PrivateDefault:\n[\s\S]*?NatGatewayId: !Ref NatGateway\n/,
          '',
        ),
        'aws-node.yaml': awsNode(envVar('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS', '10.50.0.0/16')),
      },
      errors: [
        {
          messageId: 'podIpSnat',
          data: {
            destination: '0.0.0.0/0',
            target: 'transit gateway tgw-0c1c2c3c4c5c6c7c8',
            ranges: '10.0.0.0/12, 10.16.0.0/14, 10.21.0.0/16, 10.22.0.0/15, 10.24.0.0/13, 10.32.0.0/12 and 9 more blocks',
          },
          file: 'eks.yaml',
          line: 68,
          column: 29,
          endLine: 68,
          endColumn: 38,
        },
      ],
    },
  ],
});
