import { describe, expect, it } from 'vitest';
import { compareKernels, kubernetesMinor, kubernetesVersionText, nodeGroupOs, nodeOsOf, parseKernelVersion } from './node-os.js';

describe('node OS of an image family', () => {
  it('knows the Linux kernels of the EKS images, by eksctl amiFamily and by EKS AmiType alike', () => {
    expect(nodeOsOf('AmazonLinux2')).toMatchObject({ os: 'linux', kernel: { max: { major: 5, minor: 10 } } });
    expect(nodeOsOf('AL2_ARM_64')).toEqual(nodeOsOf('AmazonLinux2'));
    expect(nodeOsOf('AL2023_x86_64_STANDARD')).toMatchObject({ name: 'Amazon Linux 2023', kernel: { min: { major: 6, minor: 1 } } });
    expect(nodeOsOf('AmazonLinux2023').kernel).toEqual(nodeOsOf('AL2023_ARM_64_NVIDIA').kernel);
  });

  it('Bottlerocket: 5.10 up to Kubernetes 1.23, 5.15 and later from 1.24, a range when the version is unknown', () => {
    expect(nodeOsOf('Bottlerocket', 23).kernel).toEqual({ min: { major: 5, minor: 10 }, max: { major: 5, minor: 10 } });
    expect(nodeOsOf('BOTTLEROCKET_x86_64', 31).kernel?.min).toEqual({ major: 5, minor: 15 });
    expect(nodeOsOf('Bottlerocket').kernel?.min).toEqual({ major: 5, minor: 10 });
  });

  it('Windows has no Linux kernel; Ubuntu, CUSTOM and unknown names pin none', () => {
    expect(nodeOsOf('WindowsServer2022CoreContainer')).toEqual({ os: 'windows', name: 'Windows Server 2022' });
    expect(nodeOsOf('WINDOWS_FULL_2019_x86_64')).toEqual({ os: 'windows', name: 'Windows Server 2019' });
    expect(nodeOsOf('Ubuntu2204').kernel).toBeUndefined();
    expect(nodeOsOf('CUSTOM')).toEqual({ os: 'unknown', name: 'CUSTOM' });
  });

  it('a family whose nodes may boot a custom image keeps its OS but pins no kernel', () => {
    const at = { file: 'c.yaml', doc: 0, path: [], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } };
    expect(nodeGroupOs({ value: 'AmazonLinux2', at, source: 'input' }).kernel).toBeDefined();
    expect(nodeGroupOs({ value: 'AmazonLinux2', at, source: 'input', customImage: { text: 'ami: ami-0123', at } })).toEqual({ os: 'linux', name: 'Amazon Linux 2' });
  });

  it('prints Kubernetes versions as 1.<minor>', () => {
    expect(kubernetesVersionText('1.3')).toBe('1.30');
    expect(kubernetesVersionText('1.29')).toBe('1.29');
    expect(kubernetesVersionText('v1.31.2')).toBe('1.31');
    expect(kubernetesVersionText('latest')).toBe('latest');
  });

  it('parses kernel and Kubernetes versions', () => {
    expect(parseKernelVersion('5.10.215-203.850.amzn2.x86_64')).toEqual({ major: 5, minor: 10 });
    expect(parseKernelVersion('unknown')).toBeUndefined();
    expect(compareKernels({ major: 5, minor: 10 }, { major: 5, minor: 13 })).toBeLessThan(0);
    expect(kubernetesMinor('1.30')).toBe(30);
    expect(kubernetesMinor('1.3')).toBe(30); // an unquoted YAML 1.30
    expect(kubernetesMinor('v1.29.4')).toBe(29);
    expect(kubernetesMinor('latest')).toBeUndefined();
  });
});
