import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import type { SourceRef } from '../core/source.js';
import { loadTexts } from '../loader/index.js';
import { addressPlan, eksDefaultServiceCidr, ipsOf, type AddressPlanConfig } from './address-plan.js';
import { buildModel } from './build.js';

const planOf = (files: Record<string, string>, config: AddressPlanConfig = {}) => addressPlan(buildModel(loadTexts(files)), config);
const pos = (at: SourceRef) => `${at.file}:${at.region.startLine}:${at.region.startColumn}-${at.region.endColumn}`;
/** kind, cidr, origin and location of every space: the plan at a glance. */
const brief = (files: Record<string, string>, config?: AddressPlanConfig) => planOf(files, config).spaces.map((s) => `${s.kind} ${s.cidr} ${s.origin} ${pos(s.at)}`);

const EKSCTL = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: eu-west-1
availabilityZones: [eu-west-1a, eu-west-1b]
vpc:
  cidr: 10.10.0.0/16
  extraCIDRs: [100.64.0.0/16]
managedNodeGroups:
  - name: workers
    privateNetworking: true
`;

const CFN = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 192.168.0.0/16
  PeerVpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.50.0.0/16
  Peering:
    Type: AWS::EC2::VPCPeeringConnection
    Properties:
      VpcId: !Ref Vpc
      PeerVpcId: !Ref PeerVpc
  Tgw:
    Type: AWS::EC2::TransitGateway
  Table:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  ToPeer:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 10.50.0.0/16
      VpcPeeringConnectionId: !Ref Peering
  ToCorp:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 172.16.0.0/12
      TransitGatewayId: !Ref Tgw
  Default:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 0.0.0.0/0
      TransitGatewayId: !Ref Tgw
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 192.168.0.0/20
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: shop
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig:
        SubnetIds: [!Ref Subnet]
      KubernetesNetworkConfig:
        ServiceIpv4Cidr: 172.31.0.0/16
  Workers:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/node
      Subnets: [!Ref Subnet]
`;

const FLANNEL = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "Backend": {"Type": "vxlan"}
    }
---
apiVersion: v1
kind: Node
metadata:
  name: node-a
spec:
  podCIDR: 10.244.3.0/24
`;

const CALICO = `apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: pods
spec:
  cidr: 10.48.0.0/16
---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata:
  name: retired
spec:
  cidr: 10.49.0.0/16
  disabled: true
`;

const CUSTOM_NETWORKING = `apiVersion: apps/v1
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
      containers:
        - name: aws-node
          image: 602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.19.2
          env:
            - name: AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG
              value: "true"
---
apiVersion: crd.k8s.amazonaws.com/v1alpha1
kind: ENIConfig
metadata:
  name: eu-west-1a
spec:
  subnet: subnet-0pods000000000a01
`;

const DESCRIBE_SUBNETS = `{"Subnets": [{"SubnetId": "subnet-0pods000000000a01", "VpcId": "vpc-0a1b2c3d4e5f60001", "CidrBlock": "100.64.0.0/17", "AvailabilityZone": "eu-west-1a"}]}`;

describe('addressPlan', () => {
  it('eksctl: VPC blocks, node and VPC CNI pod subnets, and the EKS default service CIDR', () => {
    const plan = planOf({ 'c.yaml': EKSCTL });
    expect(plan.spaces.map((s) => `${s.kind} ${s.cidr} ${s.origin}`)).toEqual([
      'vpc 10.10.0.0/16 stated',
      'vpc 100.64.0.0/16 stated',
      'node 10.10.64.0/19 stated',
      'node 10.10.96.0/19 stated',
      'pod 10.10.64.0/19 stated',
      'pod 10.10.96.0/19 stated',
      'service 172.20.0.0/16 default',
    ]);
    const service = plan.spaces.find((s) => s.kind === 'service')!;
    expect(service).toMatchObject({
      owner: { type: 'cluster', key: 'eksctl:shop', name: 'EKS cluster shop' },
      note: 'EKS default: VPC CIDR 10.10.0.0/16 is inside 10.0.0.0/8',
      first: '172.20.0.0',
      last: '172.20.255.255',
    });
    // The default sits on the cluster (its metadata.name); the secondary block on its own item of extraCIDRs.
    expect(pos(service.at)).toBe('c.yaml:4:9-13');
    expect(plan.spaces[1]!.label).toBe('secondary VPC CIDR 100.64.0.0/16 of VPC eksctl:shop#vpc');
    expect(pos(plan.spaces[1]!.at)).toBe('c.yaml:9:16-29');
    expect(plan.spaces.find((s) => s.kind === 'pod')!.pod).toEqual({ source: 'aws-vpc-cni', overlay: false });
  });

  it('CloudFormation: stated service CIDR, peered VPC, routed networks; the default route and local routes are not networks', () => {
    expect(brief({ 'stack.yaml': CFN })).toEqual([
      'vpc 10.50.0.0/16 stated stack.yaml:10:18-30',
      'vpc 192.168.0.0/16 stated stack.yaml:6:18-32',
      'node 192.168.0.0/20 stated stack.yaml:44:18-32',
      'pod 192.168.0.0/20 stated stack.yaml:44:18-32',
      'service 172.31.0.0/16 stated stack.yaml:53:26-39',
      'peered 10.50.0.0/16 stated stack.yaml:10:18-30',
      'routed 10.50.0.0/16 stated stack.yaml:26:29-41',
      'routed 172.16.0.0/12 stated stack.yaml:32:29-42',
    ]);
    const spaces = planOf({ 'stack.yaml': CFN }).spaces;
    expect(spaces.find((s) => s.kind === 'peered')).toMatchObject({ vpc: 'cfn:stack.yaml#Vpc', via: { kind: 'pcx', key: 'cfn:stack.yaml#Peering' } });
    expect(spaces.find((s) => s.cidr === '172.16.0.0/12')!.label).toBe(
      'routed network 172.16.0.0/12 (route to transit gateway Tgw in route table Table)',
    );
  });

  it('overlays: flannel Network, enabled Calico pools, Node podCIDRs; no VPC CNI pods without a cluster', () => {
    expect(brief({ 'k8s.yaml': `${FLANNEL}---\n${CALICO}` })).toEqual([
      // Calico runs as canal next to flannel (policy only): its pools are not pod ranges.
      'pod 10.244.0.0/16 stated k8s.yaml:9:18-33',
      'node-pod 10.244.3.0/24 stated k8s.yaml:18:12-25',
    ]);
    expect(brief({ 'k8s.yaml': CALICO })).toEqual(['pod 10.48.0.0/16 stated k8s.yaml:6:9-21']);
  });

  it('custom networking: pods in the ENIConfig subnets, located at spec.subnet', () => {
    const plan = planOf({ 'c.yaml': EKSCTL, 'cni.yaml': CUSTOM_NETWORKING, 'subnets.json': DESCRIBE_SUBNETS });
    const pods = plan.spaces.filter((s) => s.kind === 'pod');
    expect(pods.map((s) => `${s.cidr} ${pos(s.at)} ${s.note}`)).toEqual([
      '100.64.0.0/17 cni.yaml:25:11-35 custom networking: ENIConfig eu-west-1a puts pod ENIs in subnet subnet-0pods000000000a01',
    ]);
  });

  it('kubeadm: stated podSubnet, default serviceSubnet at the ClusterConfiguration', () => {
    const kubeadm = 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nnetworking:\n  podSubnet: 10.32.0.0/12\n';
    expect(brief({ 'kubeadm.yaml': kubeadm })).toEqual(['pod 10.32.0.0/12 stated kubeadm.yaml:4:14-26', 'service 10.96.0.0/12 default kubeadm.yaml:2:7-27']);
  });

  it('external networks, located in netreach.yaml', () => {
    const config = parseConfig('externalNetworks:\n  - name: on-prem\n    cidrs: [10.0.0.0/8, "fd12::/48"]\n', 'netreach.yaml');
    const spaces = planOf({}, config).spaces;
    expect(spaces.map((s) => `${s.kind} ${s.cidr} ${pos(s.at)} ${s.label}`)).toEqual([
      'external 10.0.0.0/8 netreach.yaml:3:13-23 10.0.0.0/8 of external network "on-prem"',
      'external fd12::/48 netreach.yaml:3:25-36 fd12::/48 of external network "on-prem"',
    ]);
  });

  it('is JSON data', () => {
    const plan = planOf({ 'stack.yaml': CFN });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });
});

describe('eksDefaultServiceCidr', () => {
  const vpc = (...cidrs: ({ known: true; value: string } | { known: false; expr: string })[]) => ({
    key: 'v',
    source: 'eksctl' as const,
    at: { file: 'f', doc: 0, path: [], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } },
    cidrs: cidrs.map((cidr) => ({ cidr, at: { file: 'f', doc: 0, path: [], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } } })),
    ipv6Cidrs: [],
  });
  it('picks 172.20.0.0/16 when any VPC block is in 10.0.0.0/8, else 10.100.0.0/16', () => {
    expect(eksDefaultServiceCidr(vpc({ known: true, value: '192.168.0.0/16' }, { known: true, value: '10.1.0.0/16' }))?.cidr).toBe('172.20.0.0/16');
    expect(eksDefaultServiceCidr(vpc({ known: true, value: '172.31.0.0/16' }))?.cidr).toBe('10.100.0.0/16');
  });
  it('does not guess when a block is unknown and no known block decides', () => {
    expect(eksDefaultServiceCidr(vpc({ known: false, expr: 'Ref(Cidr)' }, { known: true, value: '172.31.0.0/16' }))).toBeUndefined();
    expect(eksDefaultServiceCidr(vpc({ known: false, expr: 'Ref(Cidr)' }, { known: true, value: '10.0.0.0/16' }))?.cidr).toBe('172.20.0.0/16');
  });
});

describe('addressPlan properties', () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const cidrText = fc.oneof(
    fc.tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`),
    fc.constantFrom('not-a-cidr', '10.0.0.0/33', '', 'fd00::/8', '010.1.0.0/16'),
  );
  it('never throws, keeps every valid external CIDR, and locates each space in the config or an input file', () => {
    fc.assert(
      fc.property(fc.array(cidrText, { minLength: 1, maxLength: 6 }), fc.array(cidrText, { maxLength: 4 }), (external, nodes) => {
        // Where the entries are written (a config the schema accepts); the CIDRs themselves come unvalidated.
        const config = parseConfig('externalNetworks:\n  - name: lab\n    cidrs: [10.0.0.0/8]\n', 'netreach.yaml');
        const source = config.source;
        const nodeDocs = nodes.map((c, i) => `apiVersion: v1\nkind: Node\nmetadata:\n  name: n${i}\nspec:\n  podCIDR: ${JSON.stringify(c)}\n`).join('---\n');
        const files = { 'nodes.yaml': nodeDocs || '{}\n' };
        const plan = planOf(files, { ...config, externalNetworks: [{ name: 'lab', cidrs: external }], ...(source ? { source } : {}) });
        for (const s of plan.spaces) {
          expect(['nodes.yaml', 'netreach.yaml']).toContain(s.at.file);
          expect(s.at.region.startLine).toBeGreaterThanOrEqual(1);
          expect(ipsOf(s).isEmpty()).toBe(false);
        }
        const valid = new Set(external.map((c) => c.trim()).filter((c) => /^\d+\.\d+\.\d+\.\d+\/\d+$|:/.test(c) && c !== 'not-a-cidr'));
        expect(plan.spaces.filter((s) => s.kind === 'external').length).toBeLessThanOrEqual(valid.size);
        // Deterministic: the same input gives the same plan.
        expect(planOf(files, { ...config, externalNetworks: [{ name: 'lab', cidrs: external }] }).spaces.map((s) => s.cidr)).toEqual(
          planOf(files, { ...config, externalNetworks: [{ name: 'lab', cidrs: external }] }).spaces.map((s) => s.cidr),
        );
      }),
      { numRuns: 60 },
    );
  });
});
