import { expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
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
      name: 'Windows node groups and Nodes run kube-proxy as a Windows service; a custom AMI pins no kernel',
      files: {
        'cluster.yaml': f('valid/windows-and-custom-ami.yaml'),
        'node.yaml': 'apiVersion: v1\nkind: Node\nmetadata:\n  name: win-a\nstatus:\n  nodeInfo:\n    kernelVersion: 10.0.20348.2340\n    operatingSystem: windows\n',
      },
    },
    {
      name: 'Kubernetes 1.30 with the gate: kube-proxy has no kernel check before 1.31',
      files: { 'cluster.yaml': f('invalid/gate-missing.yaml').replace('NFTablesProxyMode: false', 'NFTablesProxyMode: true').replace('version: "1.29"', 'version: "1.30"').replace('    instanceType: m5.large\n', '    amiFamily: AmazonLinux2\n') },
    },
    {
      name: 'nftables.skipKernelVersionCheck lets kube-proxy run on a 5.10 kernel',
      files: { 'k.yaml': nodes('nftables\nnftables:\n  skipKernelVersionCheck: true', '    kernelVersion: 5.10.215-203.850.amzn2.x86_64\n') },
    },
    {
      name: 'the add-on without a mode: the stated ConfigMap (iptables) is what runs, not a conflicting plan',
      files: { 'cluster.yaml': f('invalid/eksctl-al2-nodes.yaml').replace('    configurationValues: |-\n      mode: nftables\n', ''), 'kp.yaml': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\n' },
    },
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
      name: 'two Amazon Linux 2 node groups: plural verb, and the 1.31 version as a related location',
      files: { 'cluster.yaml': f('invalid/eksctl-al2-nodes.yaml').replace('  - name: current\n', '  - name: current\n    amiFamily: AL2_x86_64\n') },
      errors: [
        {
          messageId: 'kernelTooOld',
          data: { nodes: 'node group current (Amazon Linux 2, Linux 5.10 at most), node group legacy (Amazon Linux 2, Linux 5.10 at most)', run: 'run' },
          line: 10,
          column: 13,
          endLine: 10,
          endColumn: 21,
        },
      ],
    },
    {
      name: 'the EKS add-on on Kubernetes 1.30 (written unquoted) cannot enable the alpha gate',
      files: { 'cluster.yaml': f('invalid/addon-alpha.yaml') },
      errors: [{ messageId: 'addonGateUnavailable', data: { subject: 'kube-proxy of EKS cluster shop', version: '1.30' }, line: 10, column: 13, endLine: 10, endColumn: 21 }],
    },
    {
      name: 'a kubeadm-style DaemonSet flag --proxy-mode=nftables on a Node with a 5.10 kernel',
      files: {
        'ds.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers:
        - name: kube-proxy
          image: registry.k8s.io/kube-proxy:v1.31.2
          command:
            - kube-proxy
            - --proxy-mode=nftables
---
apiVersion: v1
kind: Node
metadata:
  name: node-a
status:
  nodeInfo:
    kernelVersion: 5.10.215-203.850.amzn2.x86_64
    operatingSystem: linux
`,
      },
      errors: [{ messageId: 'kernelTooOld', data: { subject: 'kube-proxy DaemonSet in ds.yaml', nodes: 'Node node-a (Linux 5.10)', run: 'runs' }, line: 16, column: 15, endLine: 16, endColumn: 36 }],
    },
  ],
});

it('an unquoted version 1.30 is printed as 1.30; the related location says how it was written', async () => {
  const { findings } = await lintFiles({ 'cluster.yaml': f('invalid/addon-alpha.yaml') }, [rule], defaultConfig());
  expect(findings.map((x) => x.related.map((r) => `${r.at.region.startLine}: ${r.message}`))).toEqual([
    ['6: EKS cluster shop: version 1.30 (written 1.3: an unquoted YAML 1.30 is the number 1.3, read here as 1.30; a tool passing it on as a number sends EKS "1.3")'],
  ]);
});
