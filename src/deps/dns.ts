/**
 * Whether a workload's pods resolve names with cluster DNS. Kubernetes "DNS for Services and Pods", Pod's DNS Policy:
 * `ClusterFirst` (the default) sends lookups to cluster DNS; `Default` inherits the node's resolver; a hostNetwork pod
 * with `ClusterFirst` falls back to `Default` — it needs `ClusterFirstWithHostNet`; `None` takes `dnsConfig` alone.
 */
import type { Workload } from '../model/types.js';

export type PodDns = { kind: 'cluster' } | { kind: 'node' | 'custom'; why: string };

export function podDnsOf(w: Workload): PodDns {
  const spec = w.template.spec;
  const policy = spec.dnsPolicy ?? 'ClusterFirst';
  const who = `${w.kind} ${w.namespace}/${w.name}`;
  if (policy === 'Default') return { kind: 'node', why: `${who} has dnsPolicy Default: its pods use the node's resolver` };
  if (policy === 'None') return { kind: 'custom', why: `${who} has dnsPolicy None: its pods use only the resolvers of its dnsConfig` };
  if (policy === 'ClusterFirst' && spec.hostNetwork === true)
    return { kind: 'node', why: `${who} uses the host network with dnsPolicy ClusterFirst, which falls back to the node's resolver (ClusterFirstWithHostNet would use cluster DNS)` };
  return { kind: 'cluster' };
}
