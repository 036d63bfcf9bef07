import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A kubeadm-style cluster: a KubeProxyConfiguration document and Nodes reporting their nodeInfo. */
const nodes = (mode: string, nodeInfo: string) => `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ${mode}
---
apiVersion: v1
kind: Node
metadata:
  name: node-a
status:
  nodeInfo:
${nodeInfo}`;

new RuleTester().run('kube-proxy/nftables-unsupported', rule, {
  valid: [
    { name: 'nftables on Amazon Linux 2023 and Bottlerocket nodes of Kubernetes 1.31', files: { 'cluster.yaml': f('valid/al2023-nodes.yaml') } },
    { name: 'iptables mode on Amazon Linux 2 nodes', files: { 'cluster.yaml': f('invalid/eksctl-al2-nodes.yaml').replace('mode: nftables', 'mode: iptables') } },
    {
      name: 'Kubernetes 1.29 with the NFTablesProxyMode gate enabled',
      files: { 'cluster.yaml': f('invalid/gate-missing.yaml').replace('NFTablesProxyMode: false', 'NFTablesProxyMode: true') },
    },
    { name: 'a Node reporting a 6.1 kernel', files: { 'k.yaml': nodes('nftables', '    kernelVersion: 6.1.77-99.164.amzn2023.x86_64\n    operatingSystem: linux\n') } },
    {
      name: 'the kube-proxy add-on states iptables: the ConfigMap saying nftables is not what kube-proxy runs',
      files: {
        'cluster.yaml': f('invalid/eksctl-al2-nodes.yaml').replace('mode: nftables', 'mode: iptables'),
        'kp.yaml': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n',
      },
    },
  ],
  invalid: [
    {
      name: 'eksctl: nftables from the kube-proxy add-on on an Amazon Linux 2 node group',
      files: { 'cluster.yaml': f('invalid/eksctl-al2-nodes.yaml') },
      errors: [
        {
          messageId: 'kernelTooOld',
          data: { subject: 'kube-proxy of EKS cluster shop', nodes: 'node group legacy (Amazon Linux 2, Linux 5.10 at most)' },
          object: 'EksCluster/eksctl:shop',
          line: 10,
          column: 13,
          endLine: 10,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'Kubernetes 1.29 without the feature gate (stated false)',
      files: { 'cluster.yaml': f('invalid/gate-missing.yaml') },
      errors: [{ messageId: 'gateRequired', data: { subject: 'kube-proxy of EKS cluster shop', version: '1.29' }, line: 20, column: 11, endLine: 20, endColumn: 19 }],
    },
    {
      name: 'Kubernetes 1.28 has no nftables mode',
      files: { 'cluster.yaml': f('invalid/gate-missing.yaml').replace('version: "1.29"', 'version: "1.28"') },
      errors: [{ messageId: 'versionTooOld', data: { version: '1.28' }, line: 20, column: 11, endLine: 20, endColumn: 19 }],
    },
    {
      name: 'a Node reporting a 5.10 kernel',
      files: { 'k.yaml': nodes('nftables', '    kernelVersion: 5.10.215-203.850.amzn2.x86_64\n    operatingSystem: linux\n') },
      errors: [{ messageId: 'kernelTooOld', data: { subject: 'kube-proxy configuration in k.yaml', nodes: 'Node node-a (Linux 5.10)' }, line: 3, column: 7, endLine: 3, endColumn: 15 }],
    },
    {
      name: 'a Windows node group',
      files: {
        'cluster.yaml': f('valid/al2023-nodes.yaml').replace('amiFamily: Bottlerocket', 'amiFamily: WindowsServer2022CoreContainer'),
      },
      errors: [
        {
          messageId: 'windowsNodes',
          data: { nodes: 'node group bottlerocket (Windows Server 2022)' },
          line: 10,
          column: 13,
          endLine: 10,
          endColumn: 21,
        },
      ],
    },
  ],
});
