import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../loader/index.js';
import { buildModel } from '../build.js';
import { cniSettings } from './settings.js';
import type { SourceRef } from '../../core/source.js';

const load = (files: Record<string, string>) => {
  const loaded = loadTexts(files);
  return { loaded, settings: cniSettings(buildModel(loaded), { documents: loaded.otherDocuments }) };
};
/** "file:line:col-endCol" of a ref. */
const pos = (at: SourceRef | undefined) => (at ? `${at.file}:${at.region.startLine}:${at.region.startColumn}-${at.region.endColumn}` : undefined);
/** The text a ref covers. */
const slice = (files: Record<string, string>, at: SourceRef | undefined) => {
  if (!at) return undefined;
  const line = files[at.file]!.split('\n')[at.region.startLine - 1]!;
  return line.slice(at.region.startColumn - 1, at.region.endColumn - 1);
};

const AWS_NODE = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: aws-node
  namespace: kube-system
spec:
  selector:
    matchLabels: {k8s-app: aws-node}
  template:
    metadata:
      labels: {k8s-app: aws-node}
    spec:
      hostNetwork: true
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2
          env:
            - name: WARM_IP_TARGET
              value: "5"
            - name: MINIMUM_IP_TARGET
              value: "10"
            - name: ENABLE_PREFIX_DELEGATION
              value: "true"
            - name: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG
              value: "true"
            - name: ENI_CONFIG_LABEL_DEF
              value: topology.kubernetes.io/zone
            - name: AWS_VPC_K8S_CNI_EXTERNALSNAT
              value: "false"
            - name: AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS
              value: "10.20.0.0/16,172.16.0.0/12"
            - name: AWS_VPC_K8S_CNI_RANDOMIZESNAT
              value: hashrandom
            - name: ENABLE_POD_ENI
              value: "true"
            - name: POD_SECURITY_GROUP_ENFORCING_MODE
              value: standard
            - name: AWS_VPC_ENI_MTU
              value: "9001"
            - name: MY_NODE_NAME
              valueFrom:
                fieldRef: {fieldPath: spec.nodeName}
`;

const ENI_CONFIGS = `apiVersion: crd.k8s.amazonaws.com/v1alpha1
kind: ENIConfig
metadata:
  name: us-west-2a
spec:
  subnet: subnet-0a1b2c3d4e5f60001
  securityGroups:
    - sg-0123456789abcdef0
---
apiVersion: crd.k8s.amazonaws.com/v1alpha1
kind: ENIConfig
metadata:
  name: us-west-2b
spec:
  subnet: subnet-0a1b2c3d4e5f60002
  securityGroups:
    - sg-0123456789abcdef0
    - sg-0fedcba9876543210
`;

const SGP = `apiVersion: vpcresources.k8s.aws/v1beta1
kind: SecurityGroupPolicy
metadata:
  name: db-access
  namespace: shop
spec:
  podSelector:
    matchLabels:
      role: db-client
  securityGroups:
    groupIds:
      - sg-0aaaabbbbccccdddd
`;

const KUBE_PROXY = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-proxy-config
  namespace: kube-system
data:
  config: |-
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    clusterCIDR: 10.100.0.0/16,fd00:10::/108
    mode: "ipvs"
`;

const FLANNEL = `kind: ConfigMap
apiVersion: v1
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  cni-conf.json: |
    {"name": "cbr0", "cniVersion": "0.3.1"}
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "SubnetLen": 25,
      "Backend": {
        "Type": "vxlan",
        "VNI": 4096
      }
    }
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-flannel-ds
  namespace: kube-flannel
spec:
  selector: {matchLabels: {app: flannel}}
  template:
    metadata: {labels: {app: flannel}}
    spec:
      containers: [{name: kube-flannel, image: docker.io/flannel/flannel:v0.25.1}]
`;

const CALICO = `apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: default-ipv4-ippool
spec:
  cidr: 192.168.0.0/16
  ipipMode: CrossSubnet
  natOutgoing: true
  nodeSelector: all()
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: v6-pool
spec:
  cidr: fd00:1234::/112
  vxlanMode: Always
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: calico-config
  namespace: kube-system
data:
  calico_backend: bird
  veth_mtu: "1440"
`;

const CILIUM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cilium-config
  namespace: kube-system
data:
  ipam: cluster-pool
  cluster-pool-ipv4-cidr: "10.42.0.0/16 10.43.0.0/16"
  cluster-pool-ipv4-mask-size: "25"
  routing-mode: native
  ipv4-native-routing-cidr: 10.0.0.0/8
  enable-ipv4-masquerade: "false"
`;

describe('AWS VPC CNI (aws-node)', () => {
  const files = { 'aws-node.yaml': AWS_NODE, 'eniconfig.yaml': ENI_CONFIGS, 'sgp.yaml': SGP };
  const { loaded, settings } = load(files);
  const cni = settings.awsVpcCni!;

  it('loads the CRDs without issues', () => {
    expect(loaded.issues).toEqual([]);
    expect(loaded.objects.map((o) => o.kind).sort()).toEqual(['DaemonSet', 'ENIConfig', 'ENIConfig', 'SecurityGroupPolicy']);
  });

  it('detects the VPC CNI as the networking plugin', () => {
    expect(settings.plugins.map((p) => [p.name, p.role])).toEqual([['aws-vpc-cni', 'networking']]);
    expect(settings.networking).toEqual(['aws-vpc-cni']);
    expect(pos(settings.plugins[0]!.evidence[0])).toBe('aws-node.yaml:4:9-17');
  });

  it('types the env values and points at each value', () => {
    expect(cni.warmIpTarget).toMatchObject({ value: 5, source: 'input' });
    expect(pos(cni.warmIpTarget.at)).toBe('aws-node.yaml:19:22-25');
    expect(cni.minimumIpTarget.value).toBe(10);
    expect(cni.prefixDelegation).toMatchObject({ value: true, source: 'input' });
    expect(cni.customNetworking.value).toBe(true);
    expect(cni.eniConfigLabelDef.value).toBe('topology.kubernetes.io/zone');
    expect(cni.externalSnat).toMatchObject({ value: false, source: 'input' });
    expect(cni.randomizeSnat.value).toBe('hashrandom');
    expect(cni.podEni.value).toBe(true);
    expect(cni.podSecurityGroupEnforcingMode.value).toBe('standard');
    expect(cni.eniMtu).toMatchObject({ value: 9001, source: 'input' });
    expect(cni.daemonSet.id).toBe('kube-system/DaemonSet/aws-node');
  });

  it('gives every exclude-SNAT CIDR its own columns', () => {
    expect(cni.excludeSnatCidrs.value.map((c) => [c.value, pos(c.at)])).toEqual([
      ['10.20.0.0/16', 'aws-node.yaml:31:23-35'],
      ['172.16.0.0/12', 'aws-node.yaml:31:36-49'],
    ]);
    expect(cni.excludeSnatCidrs.value.map((c) => slice(files, c.at))).toEqual(['10.20.0.0/16', '172.16.0.0/12']);
  });

  it('applies the documented defaults where the env is silent', () => {
    expect(cni.warmEniTarget).toMatchObject({ value: 1, source: 'default' });
    expect(cni.warmEniTarget.at).toBeUndefined();
    expect(cni.warmEniTarget.defaultFrom).toContain('vpc-cni-capacity.md');
    expect(cni.warmPrefixTarget).toMatchObject({ value: 0, source: 'default' });
    expect(cni.ipv6).toMatchObject({ value: false, source: 'default' });
    expect(cni.ipv4).toMatchObject({ value: true, source: 'default' });
    expect(cni.maxEni).toMatchObject({ value: undefined, source: 'default' });
    expect(cni.subnetDiscovery.value).toBe(true);
    expect(cni.ipCooldownPeriod.value).toBe(30);
    expect(cni.eniConfigAnnotationDef.value).toBe('k8s.amazonaws.com/eniConfig');
  });

  it('keeps every env var, marking references it cannot follow', () => {
    expect(cni.env.MY_NODE_NAME).toMatchObject({ source: 'unresolved' });
    expect(pos(cni.env.MY_NODE_NAME!.at)).toBe('aws-node.yaml:41:15-24');
    expect(cni.env.WARM_IP_TARGET).toMatchObject({ value: '5', source: 'input' });
  });

  it('reads ENIConfigs per AZ with subnet and security groups', () => {
    expect(settings.eniConfigs.map((e) => [e.name, e.subnet?.value, e.securityGroups.map((g) => g.value)])).toEqual([
      ['us-west-2a', 'subnet-0a1b2c3d4e5f60001', ['sg-0123456789abcdef0']],
      ['us-west-2b', 'subnet-0a1b2c3d4e5f60002', ['sg-0123456789abcdef0', 'sg-0fedcba9876543210']],
    ]);
    expect(pos(settings.eniConfigs[1]!.subnet!.at)).toBe('eniconfig.yaml:15:11-35');
    expect(pos(settings.eniConfigs[1]!.securityGroups[1]!.at)).toBe('eniconfig.yaml:18:7-27');
  });

  it('reads SecurityGroupPolicies', () => {
    const [p] = settings.securityGroupPolicies;
    expect(p).toMatchObject({ id: 'shop/SecurityGroupPolicy/db-access', podSelector: { matchLabels: { role: 'db-client' } } });
    expect(p!.groupIds.map((g) => [g.value, pos(g.at)])).toEqual([['sg-0aaaabbbbccccdddd', 'sgp.yaml:12:9-29']]);
  });

  it('has no problems', () => {
    expect(settings.problems).toEqual([]);
  });
});

describe('bad aws-node values', () => {
  const bad = AWS_NODE.replace('value: "5"', 'value: "lots"')
    .replace('value: "10.20.0.0/16,172.16.0.0/12"', 'value: "10.20.0.0/16, 10.300.0.0/16,fd00::/64"')
    .replace('value: "true"\n            - name: AWS_VPC_K8S_CNI_CUSTOM', 'value: "yes"\n            - name: AWS_VPC_K8S_CNI_CUSTOM');
  const files = { 'aws-node.yaml': bad };
  const { settings } = load(files);
  const cni = settings.awsVpcCni!;

  it('reports a non-integer WARM_IP_TARGET at its value and falls back to the default', () => {
    expect(cni.warmIpTarget).toMatchObject({ value: undefined, source: 'default' });
    expect(cni.warmIpTarget.defaultFrom).toContain('"lots" is ignored');
    const p = settings.problems.find((x) => x.message.includes('WARM_IP_TARGET'))!;
    expect(p.message).toBe('aws-node WARM_IP_TARGET: "lots" is not a non-negative integer; the CNI ignores it and uses the default (unset)');
    expect(pos(p.at)).toBe('aws-node.yaml:19:22-28');
  });

  it('reports a boolean that Go cannot parse', () => {
    expect(cni.prefixDelegation).toMatchObject({ value: false, source: 'default' });
    expect(settings.problems.some((x) => x.message.startsWith('aws-node ENABLE_PREFIX_DELEGATION: "yes" is not true or false'))).toBe(true);
  });

  it('skips invalid exclude-SNAT CIDRs, each reported at its own columns', () => {
    expect(cni.excludeSnatCidrs.value.map((c) => c.value)).toEqual(['10.20.0.0/16']);
    const cidrProblems = settings.problems.filter((x) => x.message.includes('EXCLUDE_SNAT_CIDRS'));
    expect(cidrProblems.map((x) => [slice(files, x.at), pos(x.at)])).toEqual([
      ['10.300.0.0/16', 'aws-node.yaml:31:37-50'],
      ['fd00::/64', 'aws-node.yaml:31:51-60'],
    ]);
  });
});

describe('kube-proxy', () => {
  const files = { 'kp.yaml': KUBE_PROXY };
  const { settings } = load(files);

  it('reads mode and clusterCIDR from the KubeProxyConfiguration inside the ConfigMap, on their own lines', () => {
    const [kp] = settings.kubeProxy;
    expect(kp!.mode).toMatchObject({ value: 'ipvs', source: 'input' });
    expect(pos(kp!.mode.at)).toBe('kp.yaml:11:11-17');
    expect(kp!.clusterCidrs.map((c) => [c.value, slice(files, c.at)])).toEqual([
      ['10.100.0.0/16', '10.100.0.0/16'],
      ['fd00:10::/108', 'fd00:10::/108'],
    ]);
    expect(kp!.clusterCidrs[0]!.at.region.startLine).toBe(10);
  });

  it('defaults mode to iptables and reads KubeProxyConfiguration documents', () => {
    const doc = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\n';
    const { settings: s } = load({ 'kp.yaml': doc });
    expect(s.kubeProxy[0]!.mode).toMatchObject({ value: 'iptables', source: 'default' });
    expect(pos(s.kubeProxy[0]!.clusterCidrs[0]!.at)).toBe('kp.yaml:3:14-27');
  });
});

describe('flannel', () => {
  const files = { 'flannel.yaml': FLANNEL };
  const { settings } = load(files);
  const f = settings.flannel!;

  it('detects flannel and reads net-conf.json with each value on its own line', () => {
    expect(settings.plugins.map((p) => [p.name, p.role])).toEqual([['flannel', 'networking']]);
    expect(f.network).toMatchObject({ value: '10.244.0.0/16', source: 'input' });
    expect(pos(f.network!.at)).toBe('flannel.yaml:11:18-33');
    expect(slice(files, f.network!.at)).toBe('"10.244.0.0/16"');
    expect(f.subnetLen).toMatchObject({ value: 25, source: 'input' });
    expect(f.subnetLen!.at!.region.startLine).toBe(12);
    expect(f.backendType.value).toBe('vxlan');
    expect(f.backendType.at!.region.startLine).toBe(14);
    expect(f.backendVni).toMatchObject({ value: 4096, source: 'input' });
    expect(f.backendVni.at!.region.startLine).toBe(15);
    expect(f.backendPort).toMatchObject({ value: 8472, source: 'default' });
    expect(settings.problems).toEqual([]);
  });

  it('defaults SubnetLen to 24 and the backend to vxlan', () => {
    const minimal = FLANNEL.replace('      "SubnetLen": 25,\n', '').replace(/"Backend": \{[^}]*\}/, '"Backend": {}');
    const { settings: s } = load({ 'flannel.yaml': minimal });
    expect(s.flannel!.subnetLen).toMatchObject({ value: 24, source: 'default' });
    expect(s.flannel!.backendType).toMatchObject({ value: 'vxlan', source: 'default' });
    expect(s.flannel!.backendVni).toMatchObject({ value: 1, source: 'default' });
  });

  it('reports an invalid Network and broken JSON at their lines instead of throwing', () => {
    const badNet = FLANNEL.replace('"10.244.0.0/16"', '"10.244.0.0/33"');
    const { settings: s } = load({ 'flannel.yaml': badNet });
    expect(s.flannel!.network).toBeUndefined();
    expect(s.problems.map((p) => [p.message, p.at.region.startLine])).toEqual([['ConfigMap kube-flannel/kube-flannel-cfg net-conf.json: Network "10.244.0.0/33" is not an IPv4 CIDR', 11]]);
    const broken = FLANNEL.replace('"SubnetLen": 25,', '"SubnetLen": 25,,');
    const { settings: s2 } = load({ 'flannel.yaml': broken });
    expect(s2.problems.length).toBeGreaterThan(0);
    expect(s2.problems.map((p) => [p.message, pos(p.at)])).toEqual([
      ['ConfigMap kube-flannel/kube-flannel-cfg: data["net-conf.json"]: YAML syntax error: Unexpected , in flow map', 'flannel.yaml:12:23-24'],
    ]);
    expect(s2.flannel).toMatchObject({ network: undefined, backendType: { value: 'vxlan', source: 'default' } });
  });
});

describe('Calico', () => {
  const files = { 'calico.yaml': CALICO };
  const { loaded, settings } = load(files);

  it('reads IPPools with defaults and encapsulation', () => {
    expect(loaded.issues).toEqual([]);
    const [v4, v6] = settings.calico!.ipPools;
    expect(v4).toMatchObject({ name: 'default-ipv4-ippool', cidr: { value: '192.168.0.0/16' }, blockSize: { value: 26, source: 'default' } });
    expect(v4!.encapsulation).toMatchObject({ value: { type: 'IPIP', mode: 'CrossSubnet' }, source: 'input' });
    expect(pos(v4!.encapsulation.at)).toBe('calico.yaml:7:13-24');
    expect(v4!.natOutgoing).toMatchObject({ value: true, source: 'input' });
    expect(v4!.disabled).toMatchObject({ value: false, source: 'default' });
    expect(v6).toMatchObject({ name: 'v6-pool', blockSize: { value: 122, source: 'default' }, encapsulation: { value: { type: 'VXLAN', mode: 'Always' } } });
    expect(v6!.nodeSelector).toMatchObject({ value: 'all()', source: 'default' });
  });

  it('reads calico-config and detects Calico as networking on its own', () => {
    expect(settings.calico!.vethMtu).toMatchObject({ value: 1440 });
    expect(pos(settings.calico!.vethMtu!.at)).toBe('calico.yaml:26:13-19');
    expect(settings.calico!.backend!.value).toBe('bird');
    expect(settings.plugins.map((p) => [p.name, p.role])).toEqual([['calico', 'networking']]);
  });

  it('says Calico is policy only on top of the VPC CNI', () => {
    const { settings: s } = load({ 'calico.yaml': CALICO, 'aws-node.yaml': AWS_NODE });
    expect(s.plugins.map((p) => [p.name, p.role])).toEqual([
      ['aws-vpc-cni', 'networking'],
      ['calico', 'policy-only'],
    ]);
    expect(s.plugins[1]!.note).toContain('AWS VPC CNI');
    expect(s.networking).toEqual(['aws-vpc-cni']);
  });

  it('rejects a bad IPPool field in the loader and keeps the pool', () => {
    const { loaded: l, settings: s } = load({ 'calico.yaml': CALICO.replace('ipipMode: CrossSubnet', 'ipipMode: Sometimes') });
    expect(l.issues.map((i) => [i.code, i.at.region.startLine])).toEqual([['INVALID_FIELD', 7]]);
    expect(s.calico!.ipPools[0]!.encapsulation).toMatchObject({ value: { type: 'none' }, source: 'default' });
  });
});

describe('Cilium', () => {
  const files = { 'cilium.yaml': CILIUM };
  const { settings } = load(files);
  const c = settings.cilium!;

  it('reads cilium-config', () => {
    expect(settings.plugins.map((p) => [p.name, p.role])).toEqual([['cilium', 'networking']]);
    expect(c.ipam).toMatchObject({ value: 'cluster-pool', source: 'input' });
    expect(c.clusterPoolIpv4Cidrs.value.map((x) => [x.value, slice(files, x.at)])).toEqual([
      ['10.42.0.0/16', '10.42.0.0/16'],
      ['10.43.0.0/16', '10.43.0.0/16'],
    ]);
    expect(c.clusterPoolIpv4MaskSize.value).toBe(25);
    expect(c.routingMode).toMatchObject({ value: 'native', source: 'input' });
    expect(pos(c.routingMode.at)).toBe('cilium.yaml:10:17-23');
    expect(c.ipv4NativeRoutingCidr!.value).toBe('10.0.0.0/8');
    expect(c.ipv4Masquerade).toMatchObject({ value: false, source: 'input' });
    expect(c.tunnelProtocol).toMatchObject({ value: 'vxlan', source: 'default' });
  });

  it('maps the legacy tunnel key and reports chaining as policy only', () => {
    const legacy = CILIUM.replace('  routing-mode: native\n', '  tunnel: geneve\n  cni-chaining-mode: aws-cni\n');
    const { settings: s } = load({ 'cilium.yaml': legacy });
    expect(s.cilium!.routingMode.value).toBe('tunnel');
    expect(s.cilium!.tunnelProtocol).toMatchObject({ value: 'geneve', source: 'input' });
    expect(s.plugins[0]).toMatchObject({ name: 'cilium', role: 'policy-only' });
  });
});

describe('kubeadm and Nodes', () => {
  const KUBEADM = `apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
networking:
  podSubnet: 10.244.0.0/16,fd00:10:244::/56
  dnsDomain: cluster.local
`;
  const KUBEADM_CM = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kubeadm-config
  namespace: kube-system
data:
  ClusterConfiguration: |
    apiVersion: kubeadm.k8s.io/v1beta3
    kind: ClusterConfiguration
    networking:
      podSubnet: 192.168.0.0/16
      serviceSubnet: 10.96.0.0/16
`;
  const NODE = `apiVersion: v1
kind: Node
metadata:
  name: ip-10-0-1-23.ec2.internal
spec:
  podCIDR: 10.244.1.0/24
  podCIDRs:
    - 10.244.1.0/24
    - fd00:10:244:1::/64
`;

  it('reads ClusterConfiguration documents (with the service subnet default) and the kubeadm-config ConfigMap', () => {
    const files = { 'kubeadm.yaml': KUBEADM, 'kubeadm-cm.yaml': KUBEADM_CM };
    const { settings } = load(files);
    const [cm, doc] = [settings.kubeadm.find((k) => k.at.file === 'kubeadm-cm.yaml')!, settings.kubeadm.find((k) => k.at.file === 'kubeadm.yaml')!];
    expect(doc.podSubnets.map((s) => [s.value, slice(files, s.at)])).toEqual([
      ['10.244.0.0/16', '10.244.0.0/16'],
      ['fd00:10:244::/56', 'fd00:10:244::/56'],
    ]);
    expect(doc.serviceSubnets).toMatchObject({ value: [{ value: '10.96.0.0/12' }], source: 'default' });
    expect(cm.podSubnets.map((s) => pos(s.at))).toEqual(['kubeadm-cm.yaml:11:18-32']);
    expect(cm.serviceSubnets).toMatchObject({ value: [{ value: '10.96.0.0/16' }], source: 'input' });
    expect(cm.serviceSubnets.value[0]!.at.region.startLine).toBe(12);
  });

  it('reads Node pod CIDRs', () => {
    const { settings } = load({ 'node.yaml': NODE });
    expect(settings.nodes.map((n) => [n.node, n.podCidrs.map((c) => [c.value, pos(c.at)])])).toEqual([
      [
        'ip-10-0-1-23.ec2.internal',
        [
          ['10.244.1.0/24', 'node.yaml:8:7-20'],
          ['fd00:10:244:1::/64', 'node.yaml:9:7-25'],
        ],
      ],
    ]);
  });

  it('returns empty settings for input without any CNI', () => {
    const { settings } = load({ 'x.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' });
    expect(settings).toMatchObject({ plugins: [], networking: [], awsVpcCni: undefined, flannel: undefined, calico: undefined, cilium: undefined, kubeProxy: [], kubeadm: [], problems: [] });
  });
});

// EKS installs the Amazon VPC CNI as a default add-on (docs.aws.amazon.com/eks/latest/userguide/eks-networking-add-ons.html).
describe('an EKS cluster whose input shows no CNI', () => {
  const CLUSTER = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: eu-west-1
`;
  it('runs the VPC CNI with its documented defaults, marked as assumed and located at the cluster', () => {
    const { settings } = load({ 'cluster.yaml': CLUSTER });
    expect(settings.plugins).toEqual([expect.objectContaining({ name: 'aws-vpc-cni', role: 'networking', note: expect.stringContaining('assumed') })]);
    expect(settings.networking).toEqual(['aws-vpc-cni']);
    expect(settings.awsVpcCni?.daemonSet.id).toBe('EKS default vpc-cni');
    expect(pos(settings.awsVpcCni?.daemonSet.at)).toMatch(/^cluster\.yaml:/);
    expect(settings.awsVpcCni?.externalSnat).toMatchObject({ value: false, source: 'default' });
  });

  it('is not assumed when another plugin is in the input, nor without an EKS cluster', () => {
    const flannel = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-flannel-cfg\n  namespace: kube-flannel\ndata:\n  net-conf.json: |\n    { "Network": "10.244.0.0/16" }\n';
    expect(load({ 'cluster.yaml': CLUSTER, 'flannel.yaml': flannel }).settings.awsVpcCni).toBeUndefined();
    expect(load({ 'flannel.yaml': flannel }).settings.awsVpcCni).toBeUndefined();
    expect(load({ 'app.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' }).settings.plugins).toEqual([]);
  });
});
