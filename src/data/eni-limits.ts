/**
 * EC2 instance-type network limits for the Amazon VPC CNI, looked up by type. The data is
 * src/data/eni-limits-rows.ts, generated from ../shared/data/eni-limits.tsv by
 * scripts/gen-eni-limits.mjs (sources and licences in that file's header).
 */
import { ROWS } from './eni-limits-rows.js';

export { INSTANCE_TYPE_COUNT } from './eni-limits-rows.js';

export interface InstanceLimits {
  /** ENIs on the default network card (the VPC CNI's ENILimit). */
  maxEnis: number;
  /** IPv4 addresses per ENI, including the ENI's primary address (the VPC CNI's IPv4Limit). */
  ipv4PerEni: number;
  hypervisor: 'nitro' | 'xen' | 'unknown';
  bareMetal: boolean;
  /** misc/eni-max-pods.txt: maxEnis * (ipv4PerEni - 1) + 2, uncapped. */
  maxPodsSecondaryIp: number;
  networkCards: number;
  /** ENIs summed over all network cards (not what the VPC CNI uses for max pods). */
  maxEnisAllCards: number;
  /** Default vCPUs (Karpenter's instance-cpu); absent for types Karpenter does not list. */
  vcpus?: number;
  /** Trunk ENI support (security groups for pods); absent for types the VPC resource controller does not list. */
  trunking?: boolean;
  /** Branch ENIs (vpc.amazonaws.com/pod-eni capacity); absent with trunking. */
  branchEnis?: number;
}

const HYPERVISORS = { n: 'nitro', x: 'xen', u: 'unknown' } as const;

function parseRow(row: string): [string, InstanceLimits] {
  const [type = '', maxEnis, ipv4PerEni, hv, bare, maxPods, cards, allCards, vcpus, trunking, branch] = row.split(' ');
  const limits: InstanceLimits = {
    maxEnis: Number(maxEnis),
    ipv4PerEni: Number(ipv4PerEni),
    hypervisor: HYPERVISORS[hv as keyof typeof HYPERVISORS],
    bareMetal: bare === '1',
    maxPodsSecondaryIp: Number(maxPods),
    networkCards: Number(cards),
    maxEnisAllCards: allCards === '=' ? Number(maxEnis) : Number(allCards),
  };
  if (vcpus !== '-') limits.vcpus = Number(vcpus);
  if (trunking !== '-') limits.trunking = trunking === '1';
  if (branch !== '-') limits.branchEnis = Number(branch);
  return [type, Object.freeze(limits)];
}

const TABLE: ReadonlyMap<string, InstanceLimits> = new Map(ROWS.map(parseRow));

/** The limits of an EC2 instance type such as "m5.large" (exact name), or undefined if it is not in the table. */
export function instanceLimits(type: string): InstanceLimits | undefined {
  return TABLE.get(type);
}

/** Every instance type in the table, sorted. */
export function instanceTypes(): string[] {
  return [...TABLE.keys()];
}
