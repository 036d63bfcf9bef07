/**
 * `netreach capacity`: the capacity view as tables (text for terminals, markdown for PR comments and job summaries)
 * or JSON (every location as `file:line:col`). Pure functions of the view.
 */
import type { CapacityView, NodeGroupRow } from '../capacity/view.js';
import type { SubnetCapacity } from '../capacity/report.js';
import { withLocations } from './locations.js';
import { markdownTable, textTable } from './table.js';

export const CAPACITY_FORMATS = ['text', 'json', 'markdown'] as const;
export type CapacityFormat = (typeof CAPACITY_FORMATS)[number];

const signed = (n: number | undefined) => (n === undefined ? '?' : String(n));

function nodeGroupRows(view: CapacityView): string[][] {
  const head = ['node group', 'instance type', 'mode', 'max pods', 'pod IPs', 'max nodes', 'DaemonSets', 'free/node', 'demand here', 'shared demand', 'headroom'];
  return [
    head,
    ...view.nodeGroups.map((r: NodeGroupRow) => [
      r.group.label,
      r.group.instanceTypes.map((t) => t.type).join(', '),
      r.group.mode,
      signed(r.group.maxPods),
      r.group.smallest && r.group.mode !== 'overlay' && r.group.mode !== 'ipv6' && r.group.mode !== 'unknown' ? String(r.group.smallest.ipBacked) : '',
      String(r.group.scaling.max),
      String(r.daemonSets),
      signed(r.freePerNode),
      String(r.demandHere),
      String(r.demandShared),
      signed(r.headroom),
    ]),
  ];
}

function subnetRows(view: CapacityView): string[][] {
  const head = ['subnet', 'CIDR', 'usable', 'nodes at max', 'needed at max', 'headroom', '/28 blocks (needed / free best–worst)'];
  return [
    head,
    ...view.subnets.map((s: SubnetCapacity) => [
      s.label,
      s.cidr,
      String(s.usable),
      String(s.nodes),
      String(s.needed),
      String(s.headroom),
      s.prefixes ? `${s.prefixes.needed} / ${s.prefixes.bestCase}–${s.prefixes.worstCase}` : '',
    ]),
  ];
}

function serviceRows(view: CapacityView): string[][] {
  return [
    ['service CIDR', 'origin', 'allocatable', 'needed', 'headroom'],
    ...view.serviceCidrs.map((s) => [s.cidr, s.origin, String(s.allocatable), String(s.needed), String(s.headroom)]),
  ];
}

function podCidrRows(view: CapacityView): string[][] {
  return [
    ['pod CIDR', 'node CIDRs', 'max nodes', 'pod IPs per node'],
    ...view.podCidrs.map((p) => [p.label, String(p.nodeCidrs), signed(p.maxNodes), String(p.podIpsPerNode)]),
  ];
}

/** Columns holding numbers, per table (right-aligned). */
const NUMERIC = {
  nodeGroups: new Set([3, 4, 5, 6, 7, 8, 9, 10]),
  subnets: new Set([2, 3, 4, 5]),
  services: new Set([2, 3, 4]),
  podCidrs: new Set([1, 2, 3]),
};

function details(view: CapacityView): string[] {
  const out: string[] = [];
  for (const r of view.nodeGroups) {
    for (const t of r.group.instanceTypes)
      out.push(t.pods ? `${r.group.label}, ${t.type}: ${t.pods.formula} pod IPs; kubelet maxPods ${t.pods.maxPodsFormula}` : `${r.group.label}, ${t.type}: ${t.reason ?? 'unknown'}`);
    for (const n of r.group.notes) out.push(`${r.group.label}: ${n}`);
  }
  for (const s of view.subnets) for (const c of s.consumers) out.push(`${s.label} (${s.cidr}): ${c.label}: ${c.formula}`);
  out.push(...view.notes);
  return out;
}

export function renderCapacity(format: CapacityFormat, view: CapacityView): string {
  if (format === 'json') return `${JSON.stringify(withLocations(view), null, 2)}\n`;
  const table = format === 'markdown' ? markdownTable : textTable;
  const sections: [string, string[][], ReadonlySet<number>][] = [
    ['Node groups', nodeGroupRows(view), NUMERIC.nodeGroups],
    ['Subnets', subnetRows(view), NUMERIC.subnets],
    ['Service CIDRs', serviceRows(view), NUMERIC.services],
    ['Overlay pod CIDRs', podCidrRows(view), NUMERIC.podCidrs],
  ];
  const parts: string[] = [];
  const cni = `Pod networking: ${view.cni.plugin}${view.cni.settings.length > 0 ? ` (${view.cni.settings.map((s) => `${s.name}=${s.value}`).join(', ')})` : ''}`;
  parts.push(format === 'markdown' ? `# IP capacity\n\n${cni}\n` : `${cni}\n`);
  for (const [title, rows, numeric] of sections) {
    if (rows.length === 1) continue;
    parts.push(format === 'markdown' ? `## ${title}\n\n${table(rows, numeric)}` : `${title}\n${table(rows, numeric)}`);
  }
  const notes = details(view);
  if (notes.length > 0) parts.push(format === 'markdown' ? `## How the numbers are reached\n\n${notes.map((n) => `- ${n}`).join('\n')}\n` : `How the numbers are reached\n${notes.map((n) => `  ${n}`).join('\n')}\n`);
  return parts.join('\n');
}
