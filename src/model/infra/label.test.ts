import { describe, expect, it } from 'vitest';
import { infraLabel, shortKey } from './label.js';

describe('infraLabel', () => {
  it.each([
    [{ key: 'cfn:infra/vpc.yaml#PrivateSubnet01' }, 'PrivateSubnet01'],
    [{ key: 'cfn:infra/vpc.yaml#PrivateSubnet01', name: 'private-a' }, 'private-a (PrivateSubnet01)'],
    [{ key: 'cfn:vpc.yaml#Cluster#cluster-security-group', name: 'eks-cluster-sg-shop' }, 'eks-cluster-sg-shop (Cluster#cluster-security-group)'],
    [{ key: 'subnet-0abc', id: 'subnet-0abc', name: 'nodes-a' }, 'nodes-a (subnet-0abc)'],
    [{ key: 'vpc-0abc', id: 'vpc-0abc' }, 'vpc-0abc'],
    [{ key: 'eksctl:shop', name: 'shop' }, 'shop'],
    [{ key: 'eksctl:shop#nodegroup/workers', name: 'workers' }, 'workers'],
    // eksctl names a public and a private subnet after the same zone: the tier tells them apart.
    [{ key: 'eksctl:shop#subnet/private/eu-west-1a', name: 'eu-west-1a' }, 'eu-west-1a (private)'],
    [{ key: 'eksctl:shop#subnet/public/eu-west-1a', name: 'eu-west-1a' }, 'eu-west-1a (public)'],
    // Unnamed eksctl elements keep their whole key: "vpc" alone would say nothing.
    [{ key: 'eksctl:shop#vpc' }, 'eksctl:shop#vpc'],
  ])('%o → %s', (el, text) => expect(infraLabel(el)).toBe(text));

  it('shortens keys as messages show them', () => {
    expect(shortKey('cfn:a/b.yaml#X')).toBe('X');
    expect(shortKey('eksctl:shop#nodegroup/w')).toBe('nodegroup/w');
    expect(shortKey('eksctl:shop')).toBe('shop');
    expect(shortKey('igw-1')).toBe('igw-1');
  });
});
