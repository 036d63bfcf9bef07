import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A Node with podCIDRs and a policy whose single ingress peer is `peer`, in two files. */
const files = (peer: string, spec = '') => ({
  'node.yaml': `apiVersion: v1
kind: Node
metadata:
  name: ip-10-0-1-17
spec:
  podCIDRs:
    - 10.244.1.0/24
    - fd00:10:244:1::/64
`,
  'policy.yaml': `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api
  namespace: backend
spec:
  podSelector: {}
${spec}  ingress:
    - from:
        - ${peer}
`,
});

new RuleTester().run('netpol/ipblock-overlaps-cluster', rule, {
  valid: [
    { name: 'pod and Service ranges carved out with except; headless Services have no IP', files: { 'api.yaml': f('valid/carved-out.yaml') } },
    { name: 'an IPv4 block does not overlap an IPv6 pod range', files: files('{ipBlock: {cidr: 192.0.2.0/24}}') },
    { name: 'adjacent, not overlapping', files: files('{ipBlock: {cidr: 10.244.2.0/24}}') },
    { name: 'no ranges in the input: nothing to compare with', files: { 'policy.yaml': files('{ipBlock: {cidr: 0.0.0.0/0}}')['policy.yaml'] } },
    { name: 'an ingress section that policyTypes leaves out has no effect', files: files('{ipBlock: {cidr: 10.0.0.0/8}}', '  policyTypes: [Egress]\n') },
  ],
  invalid: [
    {
      name: 'an ipBlock over a node pod range, one over the Service range',
      files: { 'api.yaml': f('invalid/pod-and-service-ranges.yaml') },
      errors: [
        {
          messageId: 'overlaps',
          data: {
            policy: 'backend/api',
            cidr: '10.244.2.0/23',
            peer: 'spec.ingress[0].from[0]',
            ranges: 'pod range 10.244.2.0/24 of Node ip-10-0-2-33.eu-west-1.compute.internal',
            effect: 'whether an ipBlock matches traffic from pod addresses is implementation-defined',
          },
          line: 47,
          column: 19,
          endLine: 47,
          endColumn: 32,
          path: 'spec.ingress[0].from[0].ipBlock.cidr',
          object: 'backend/NetworkPolicy/api',
        },
        {
          messageId: 'overlaps',
          data: {
            cidr: '172.20.0.0/16',
            ranges: 'Service IP 172.20.0.10 of Service kube-system/kube-dns',
            effect: 'Service IPs are translated to pod addresses before policies see the traffic, so it does not cover those Services',
          },
          line: 51,
          column: 19,
          endLine: 51,
          endColumn: 32,
          path: 'spec.egress[0].to[0].ipBlock.cidr',
        },
      ],
    },
    {
      name: 'IPv6 pod ranges, and the host bits of a CIDR are masked off',
      files: files('{ipBlock: {cidr: "fd00:10:244:1::1/56"}}'),
      errors: [
        {
          messageId: 'overlaps',
          data: { ranges: 'pod range fd00:10:244:1::/64 of Node ip-10-0-1-17' },
          file: 'policy.yaml',
          line: 10,
          column: 28,
          endLine: 10,
          endColumn: 49,
        },
      ],
    },
    {
      name: 'an except that leaves part of the pod range in',
      files: files('{ipBlock: {cidr: 10.0.0.0/8, except: [10.244.1.0/25]}}'),
      errors: [{ messageId: 'overlaps', data: { cidr: '10.0.0.0/8' }, file: 'policy.yaml', line: 10, column: 28, endLine: 10, endColumn: 38 }],
    },
    {
      name: 'an IPv4 0.0.0.0/0 overlaps the IPv4 pod range, not the IPv6 one',
      files: files('{ipBlock: {cidr: 0.0.0.0/0}}'),
      errors: [{ messageId: 'overlaps', data: { ranges: 'pod range 10.244.1.0/24 of Node ip-10-0-1-17' }, file: 'policy.yaml', line: 10, column: 28, endLine: 10, endColumn: 37 }],
    },
  ],
});
