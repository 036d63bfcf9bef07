import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const calico = (mtu: string) => f('invalid/calico-ipip.yaml').replace('veth_mtu: "1500"', `veth_mtu: "${mtu}"`);

new RuleTester().run('nat/overlay-mtu', rule, {
  valid: [
    { name: 'AWS-style EKS stack with the VPC CNI: no overlay', files: { 'eks.yaml': f('valid/eks-nat-per-az.yaml') } },
    { name: 'IP in IP with the pod MTU 20 bytes below Ethernet', files: { 'calico.yaml': calico('1480') } },
    { name: 'veth_mtu 0: Calico detects the MTU', files: { 'calico.yaml': calico('0') } },
    { name: 'IP in IP inside a VPC: 8981 + 20 fits 9001', files: { 'calico.yaml': calico('8981'), 'eks.yaml': f('valid/eks-nat-per-az.yaml') } },
    { name: 'no encapsulation in the pool', files: { 'calico.yaml': calico('1500').replace('  ipipMode: Always\n', '') } },
    { name: 'Cilium: mtu equal to the VPC MTU', files: { 'cilium.yaml': f('invalid/cilium-tunnel.yaml').replace('mtu: "9216"', 'mtu: "9001"'), 'eks.yaml': f('valid/eks-nat-per-az.yaml') } },
    { name: 'Cilium in native routing mode: no tunnel', files: { 'cilium.yaml': f('invalid/cilium-tunnel.yaml').replace('routing-mode: tunnel', 'routing-mode: native'), 'eks.yaml': f('valid/eks-nat-per-az.yaml') } },
  ],
  invalid: [
    {
      name: 'IP in IP with the pod MTU of the node interface, no VPC: Ethernet 1500',
      files: { 'calico.yaml': calico('1500') },
      errors: [
        {
          messageId: 'podMtuTooLarge',
          data: {
            setting: 'ConfigMap kube-system/calico-config veth_mtu',
            mtu: '1500',
            overhead: '20',
            encapsulation: 'IPPool default-ipv4-ippool IP in IP (Always)',
            total: '1520',
            underlying: '1500',
            why: 'no VPC in the input: the Ethernet default',
          },
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 19,
          object: 'kube-system/ConfigMap/calico-config',
        },
      ],
    },
    {
      name: 'VXLAN inside a VPC: 8981 + 50 exceeds 9001',
      files: { 'calico.yaml': calico('8981').replace('ipipMode: Always', 'vxlanMode: CrossSubnet'), 'eks.yaml': f('valid/eks-nat-per-az.yaml') },
      errors: [
        {
          messageId: 'podMtuTooLarge',
          data: { mtu: '8981', overhead: '50', encapsulation: 'IPPool default-ipv4-ippool VXLAN (CrossSubnet)', total: '9031', underlying: '9001', why: 'EC2 inside a VPC, jumbo frames' },
          file: 'calico.yaml',
          line: 9,
          column: 13,
          endLine: 9,
          endColumn: 19,
        },
      ],
    },
    {
      name: 'Cilium tunnel with mtu above the VPC MTU',
      files: { 'cilium.yaml': f('invalid/cilium-tunnel.yaml'), 'eks.yaml': f('valid/eks-nat-per-az.yaml') },
      errors: [
        {
          messageId: 'ciliumMtuTooLarge',
          data: { setting: 'ConfigMap kube-system/cilium-config mtu', mtu: '9216', overhead: '50', encapsulation: 'VXLAN', underlying: '9001' },
          file: 'cilium.yaml',
          line: 12,
          column: 8,
          endLine: 12,
          endColumn: 14,
          object: 'kube-system/ConfigMap/cilium-config',
        },
      ],
    },
  ],
});
