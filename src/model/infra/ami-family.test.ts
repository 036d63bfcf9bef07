import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../loader/index.js';
import { buildModel } from '../build.js';

const infraOf = (files: Record<string, string>) => buildModel(loadTexts(files)).infra;

describe('node group amiFamily and cluster version', () => {
  it('eksctl: stated amiFamily at its value, else the AmazonLinux2023 default at the node group name; metadata.version', () => {
    const infra = infraOf({
      'c.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: eu-west-1
  version: "1.29"
managedNodeGroups:
  - name: a
    amiFamily: Bottlerocket
  - name: b
`,
    });
    expect(infra.clusters[0]!.version).toMatchObject({ value: '1.29', at: { region: { startLine: 6 } } });
    expect(infra.nodeGroups.map((ng) => [ng.name, ng.amiFamily?.value, ng.amiFamily?.source, ng.amiFamily?.at.region.startLine])).toEqual([
      ['a', 'Bottlerocket', 'input', 9],
      ['b', 'AmazonLinux2023', 'default', 10],
    ]);
  });

  it('CloudFormation: AmiType as stated, else AL2 before Kubernetes 1.30 and AL2023 from 1.30 (or the default version)', () => {
    const template = (version: string, amiType = '') => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: shop
${version}      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a]
  Workers:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/node
      Subnets: [subnet-0a]
${amiType}`;
    const ami = (files: Record<string, string>) => infraOf(files).nodeGroups.map((ng) => [ng.amiFamily?.value, ng.amiFamily?.source]);
    expect(ami({ 'a.yaml': template('      Version: "1.29"\n') })).toEqual([['AL2_x86_64', 'default']]);
    expect(ami({ 'a.yaml': template('      Version: "1.31"\n') })).toEqual([['AL2023_x86_64_STANDARD', 'default']]);
    expect(ami({ 'a.yaml': template('') })).toEqual([['AL2023_x86_64_STANDARD', 'default']]);
    expect(ami({ 'a.yaml': template('      Version: "1.29"\n', '      AmiType: BOTTLEROCKET_ARM_64\n') })).toEqual([['BOTTLEROCKET_ARM_64', 'input']]);
    expect(infraOf({ 'a.yaml': template('      Version: "1.29"\n') }).clusters[0]!.version?.value).toBe('1.29');
  });

  it('eksctl: an AMI id or a launch template marks a possibly custom image; the ami keywords do not', () => {
    const infra = infraOf({
      'c.yaml': `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: eu-west-1
nodeGroups:
  - name: custom
    amiFamily: AmazonLinux2
    ami: ami-0123456789abcdef0
  - name: ssm
    ami: auto-ssm
managedNodeGroups:
  - name: templated
    launchTemplate:
      id: lt-0123456789abcdef0
`,
    });
    expect(infra.nodeGroups.map((ng) => [ng.name, ng.amiFamily?.value, ng.amiFamily?.customImage?.text, ng.amiFamily?.customImage?.at.region.startLine])).toEqual([
      ['custom', 'AmazonLinux2', 'ami: ami-0123456789abcdef0', 9],
      ['ssm', 'AmazonLinux2023', undefined, undefined],
      ['templated', 'AmazonLinux2023', 'launchTemplate lt-0123456789abcdef0', 14],
    ]);
  });

  it('CloudFormation: a launch template the template does not define leaves the image unknown, unless AmiType is stated', () => {
    const template = (launchTemplate: string, extra = '') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Family:
    Type: String
  Template:
    Type: String
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: shop
      Version: "1.31"
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a]
      KubernetesNetworkConfig:
        IpFamily: !Ref Family
  Nodes:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: m5.large
  Workers:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/node
      Subnets: [subnet-0a]
      LaunchTemplate:
        Id: ${launchTemplate}
${extra}`;
    const ami = (lt: string, extra?: string) => infraOf({ 'a.yaml': template(lt, extra) }).nodeGroups.map((ng) => ng.amiFamily?.value);
    expect(ami('lt-0123456789abcdef0')).toEqual([undefined]);
    expect(ami('!Ref Template')).toEqual([undefined]);
    expect(ami('!Ref Nodes')).toEqual(['AL2023_x86_64_STANDARD']);
    expect(ami('lt-0123456789abcdef0', '      AmiType: AL2_x86_64\n')).toEqual(['AL2_x86_64']);
  });

  it('CloudFormation: an IpFamily the template does not fix is unresolved (IPv4 stands in), a literal one is read', () => {
    const cluster = (ipFamily: string) => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Family:
    Type: String
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: shop
      RoleArn: arn:aws:iam::111122223333:role/eks
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a]
      KubernetesNetworkConfig:
        IpFamily: ${ipFamily}
`;
    const [symbolic] = infraOf({ 'a.yaml': cluster('!Ref Family') }).clusters;
    expect([symbolic!.ipFamily, symbolic!.ipFamilyUnresolved?.region.startLine]).toEqual(['IPv4', 14]);
    const [literal] = infraOf({ 'a.yaml': cluster('ipv6') }).clusters;
    expect([literal!.ipFamily, literal!.ipFamilyUnresolved]).toEqual(['IPv6', undefined]);
  });
});
