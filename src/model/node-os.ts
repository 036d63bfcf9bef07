/**
 * What a node group's OS image says about its nodes: Linux or Windows, and which Linux kernel versions it can run.
 * One table, keyed by eksctl's `amiFamily` and the EKS `AmiType` (the names differ, the images are the same).
 *
 * Kernels (the range every published image of the family stays within, so a comparison against it is a proof):
 * - Amazon Linux 2 EKS AMIs: 4.14 (Kubernetes ≤ 1.18), 5.4 (1.19–1.23), 5.10 (1.24 and later) — awslabs/amazon-eks-ami
 *   CHANGELOG ("kernel: 5.4.172… (1.19 and above), 4.14.256… (1.18 and below)"; 5.10 from 1.24). Never 5.13 or later.
 * - Amazon Linux 2023 EKS AMIs: 6.1, later 6.12 (an AL2023 node reports e.g. kernelVersion 6.1.77-99.164.amzn2023).
 * - Bottlerocket aws-k8s variants: 5.10 up to aws-k8s-1.23, 5.15 from aws-k8s-1.24, 6.1 and 6.12 in later variants
 *   (bottlerocket.dev "Variants & Kernels").
 * - Windows (eksctl WindowsServer*, AmiType WINDOWS_*): no Linux kernel; kube-proxy runs in `kernelspace` mode.
 * - Ubuntu (eksctl Ubuntu*, UbuntuPro*): the kernel depends on the image build (GA or HWE kernel): not pinned here.
 * A CUSTOM AmiType or an unknown name pins nothing, and neither does a family whose nodes may boot a custom image
 * (`customImage`: eksctl `ami: ami-…`, a launch template the input does not show): it still names the OS.
 */
import type { NodeGroupElement } from './infra/types.js';

/** A Linux kernel version, major.minor. */
export interface KernelVersion {
  major: number;
  minor: number;
}

export interface NodeOs {
  os: 'linux' | 'windows' | 'unknown';
  /** Human name: "Amazon Linux 2", "Bottlerocket", "Windows Server 2022". */
  name: string;
  /** The kernel versions the image family ships (for the cluster's Kubernetes version, when that matters); undefined: not pinned. */
  kernel?: { min: KernelVersion; max: KernelVersion };
}

const k = (major: number, minor: number): KernelVersion => ({ major, minor });

/**
 * The Kubernetes minor version of "1.30" / "1.30.2" / "v1.30"; an unquoted YAML `1.30` arrives as the number 1.3, and
 * as no Kubernetes 1.1–1.9 runs on EKS a one-digit minor is read as that (1.3 → 30).
 */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!m) return undefined;
  const minor = Number(m[1]);
  return m[1]!.length === 1 ? minor * 10 : minor;
}

/**
 * The Kubernetes version as `1.<minor>` ("1.30" for a version written as the unquoted YAML number 1.30, which arrives
 * as 1.3); the text as written when it is not a Kubernetes 1.x version.
 */
export function kubernetesVersionText(version: string): string {
  const minor = kubernetesMinor(version);
  return minor === undefined ? version.trim() : `1.${minor}`;
}

/** The OS of a node group's image: its family's, without the kernel when the nodes may boot a custom image. */
export function nodeGroupOs(amiFamily: NonNullable<NodeGroupElement['amiFamily']>, minor?: number): NodeOs {
  const os = nodeOsOf(amiFamily.value, minor);
  if (!amiFamily.customImage) return os;
  const { kernel: _kernel, ...rest } = os;
  return rest;
}

/** The OS of a node image family (eksctl amiFamily or EKS AmiType), for a cluster of Kubernetes minor version `minor` when known. */
export function nodeOsOf(family: string, minor?: number): NodeOs {
  const f = family.trim();
  const upper = f.toUpperCase();
  if (upper.startsWith('WINDOWS')) return { os: 'windows', name: windowsName(f) };
  if (f === 'AmazonLinux2' || /^AL2_/.test(upper)) {
    // 4.14 before 1.19 is older still; 5.10 is the newest kernel any AL2 EKS AMI shipped.
    return { os: 'linux', name: 'Amazon Linux 2', kernel: { min: minor !== undefined && minor >= 24 ? k(5, 10) : k(4, 14), max: k(5, 10) } };
  }
  if (f === 'AmazonLinux2023' || /^AL2023_/.test(upper)) return { os: 'linux', name: 'Amazon Linux 2023', kernel: { min: k(6, 1), max: k(6, 12) } };
  if (f === 'Bottlerocket' || /^BOTTLEROCKET_/.test(upper)) {
    if (minor === undefined) return { os: 'linux', name: 'Bottlerocket', kernel: { min: k(5, 10), max: k(6, 12) } };
    return { os: 'linux', name: 'Bottlerocket', kernel: minor <= 23 ? { min: k(5, 10), max: k(5, 10) } : { min: k(5, 15), max: k(6, 12) } };
  }
  if (/^Ubuntu/i.test(f)) return { os: 'linux', name: f };
  return { os: 'unknown', name: f };
}

function windowsName(family: string): string {
  const year = /(2019|2022|2025)/.exec(family)?.[1];
  return year ? `Windows Server ${year}` : 'Windows';
}

/** "5.10.215-203.850.amzn2.x86_64" → 5.10 (a Node's status.nodeInfo.kernelVersion); undefined when it does not start with one. */
export function parseKernelVersion(text: string): KernelVersion | undefined {
  const m = /^\s*(\d+)\.(\d+)/.exec(text);
  return m ? k(Number(m[1]), Number(m[2])) : undefined;
}

export function compareKernels(a: KernelVersion, b: KernelVersion): number {
  return a.major - b.major || a.minor - b.minor;
}

export const kernelText = (v: KernelVersion): string => `${v.major}.${v.minor}`;
