import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf } from '../../../src/core/source.js';
import { IpSet, parseCidr, parseIp } from '../../../src/engine/ip.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName } from '../../../src/model/index.js';
import type { Model } from '../../../src/model/types.js';
import { compiledOf, joinAnd, pathOf, policyName, reachOf } from '../engine.js';

/** A pod or Service range the input states. */
interface ClusterRange {
  ips: IpSet;
  /** "pod range 10.1.0.0/24 of Node ip-10-0-1-5" */
  label: string;
  related: RelatedLocation;
}

export default defineRule({
  id: 'netpol/ipblock-overlaps-cluster',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report ipBlocks that overlap pod or Service address ranges stated in the input', recommended: true },
    messages: {
      overlaps: 'NetworkPolicy {{policy}}: ipBlock {{cidr}} of {{peer}} overlaps {{ranges}}; {{effect}}.',
    },
    remediation:
      'Select pods with podSelector / namespaceSelector, not by address; keep ipBlock for addresses outside the cluster and carve the ' +
      'pod and Service ranges out with `except:`. Service IPs are translated to pod IPs before policies see the traffic, so an ipBlock ' +
      'on a Service range does not admit that Service.',
    defaultOptions: {},
    precision: 'high',
  },
  create: (ctx) => {
    let ranges: ClusterRange[] | undefined;
    return {
      NetworkPolicy(np) {
        ranges ??= clusterRanges(ctx.model);
        if (ranges.length === 0) return;
        const policy = compiledOf(reachOf(ctx).engine, np);
        for (const rule of [...policy.ingress, ...policy.egress])
          for (const peer of rule.peers) {
            const block = peer.source.ipBlock;
            if (!block || peer.ips.isEmpty()) continue;
            const hit = ranges.filter((r) => r.ips.overlaps(peer.ips));
            if (hit.length === 0) continue;
            const pods = hit.some((r) => r.label.startsWith('pod range'));
            const services = hit.some((r) => r.label.startsWith('Service IP'));
            const effect = [
              pods ? `whether an ipBlock matches traffic ${rule.direction === 'ingress' ? 'from' : 'to'} pod addresses is implementation-defined` : undefined,
              services ? 'Service IPs are translated to pod addresses before policies see the traffic, so it does not cover those Services' : undefined,
            ]
              .filter((x) => x !== undefined)
              .join(', and ');
            ctx.report({
              messageId: 'overlaps',
              at: refOf(block, 'cidr'),
              object: np,
              data: { policy: policyName(np), cidr: block.cidr, peer: pathOf(peer.source), ranges: joinAnd(hit.map((r) => r.label)), effect },
              related: hit.slice(0, 10).map((r) => r.related),
            });
          }
      },
    };
  },
});

/** Node podCIDR(s) and Service clusterIP(s): the pod and Service addresses the input states. */
function clusterRanges(model: Model): ClusterRange[] {
  const out: ClusterRange[] = [];
  for (const node of model.nodes) {
    const spec = node.manifest.spec;
    if (!spec) continue;
    const cidrs: { cidr: string; at: ReturnType<typeof refOf> }[] = (spec.podCIDRs ?? []).map((cidr, i) => ({ cidr, at: refOf(spec.podCIDRs!, i) }));
    if (spec.podCIDR !== undefined && !(spec.podCIDRs ?? []).includes(spec.podCIDR)) cidrs.unshift({ cidr: spec.podCIDR, at: refOf(spec, 'podCIDR') });
    for (const { cidr, at } of cidrs) {
      const c = parseCidr(cidr);
      if (!c) continue;
      out.push({ ips: IpSet.fromRange(c.family, c.lo, c.hi), label: `pod range ${cidr} of Node ${node.name}`, related: { at, message: `Node ${node.name}: podCIDR ${cidr}` } });
    }
  }
  for (const svc of model.services) {
    const spec = svc.manifest.spec;
    if (!spec) continue;
    const ips: { ip: string; at: ReturnType<typeof refOf> }[] = (spec.clusterIPs ?? []).map((ip, i) => ({ ip, at: refOf(spec.clusterIPs!, i) }));
    if (spec.clusterIP !== undefined && !(spec.clusterIPs ?? []).includes(spec.clusterIP)) ips.unshift({ ip: spec.clusterIP, at: refOf(spec, 'clusterIP') });
    for (const { ip, at } of ips) {
      const a = parseIp(ip); // None (headless), "" and invalid values (service/invalid-cluster-ip) are skipped
      if (!a) continue;
      out.push({
        ips: IpSet.fromRange(a.family, a.value, a.value),
        label: `Service IP ${ip} of Service ${qualifiedName(svc)}`,
        related: { at, message: `Service ${qualifiedName(svc)}: clusterIP ${ip}` },
      });
    }
  }
  return out;
}
