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
});
