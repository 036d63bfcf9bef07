import { refOf, type SourceRef } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { internetAddresses } from '../../../src/engine/internet.js';
import { IpSet } from '../../../src/engine/ip.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import { ruleConn, type CompiledPolicy } from '../../../src/engine/policy/compile.js';
import type { PolicyEngine } from '../../../src/engine/policy/engine.js';
import { PortSet, type Protocol } from '../../../src/engine/ports.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { protocolOf } from '../../../src/model/index.js';
import type { Model, Workload } from '../../../src/model/types.js';
import { listNames, policyList, policyRelated, reachOf, workloadName, workloadRelated } from '../engine.js';

const DNS_PROTOCOLS = ['UDP', 'TCP'] as const satisfies readonly Protocol[];

export default defineRule({
  id: 'netpol/blocks-dns',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report workloads whose egress policies do not allow DNS to CoreDNS', recommended: true },
    messages: {
      blocked:
        '{{workload}} cannot reach CoreDNS ({{dns}}) on {{ports}}: its egress is isolated by {{policies}}, and none of {{their}} ' +
        'egress rules allows that, so {{effect}}.',
    },
    remediation:
      'Add an egress rule to the policy (or a namespace-wide policy) that allows UDP and TCP port 53 to CoreDNS: ' +
      '`to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]`, ' +
      '`ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]`.',
    defaultOptions: {},
  },
  create: (ctx) => {
    const byClass = new Map<PodClass, Protocol[]>();
    let targets: DnsTarget[] | undefined;
    let podRanges: IpSet | undefined;
    return {
      Workload(w) {
        if (isCoreDns(w)) return;
        const spec = w.template.spec;
        const dnsPolicy = spec.dnsPolicy ?? 'ClusterFirst';
        // Default: the node's resolv.conf; None: dnsConfig's servers; hostNetwork pods use CoreDNS only with ClusterFirstWithHostNet.
        if (dnsPolicy === 'Default' || dnsPolicy === 'None') return;
        if (spec.hostNetwork === true && dnsPolicy !== 'ClusterFirstWithHostNet') return;
        const engine = reachOf(ctx).engine;
        const c = engine.classOf(w.id);
        if (!c) return;
        const isolatedBy = engine.isolating(c, 'egress');
        if (isolatedBy.length === 0) return;
        targets ??= dnsTargets(ctx.model, engine);
        podRanges ??= podRangesOf(ctx.model);
        if (targets.length === 0) return;
        let blocked = byClass.get(c);
        if (!blocked) byClass.set(c, (blocked = blockedProtocols(engine, c, isolatedBy, targets, podRanges)));
        if (blocked.length === 0) return;

        const [first, ...others] = isolatedBy as [CompiledPolicy, ...CompiledPolicy[]];
        const service = ctx.model.service('kube-system', 'kube-dns');
        const translated = blocked.some((p) => wantedPorts(targets!, p) !== '53');
        const ports =
          blocked.map((p) => `${p} ${wantedPorts(targets!, p)}`).join(' and ') +
          (translated && service ? ' (the target ports of Service kube-system/kube-dns port 53: policies see traffic after DNAT)' : '');
        const effect =
          blocked.length === 2
            ? 'its DNS lookups fail'
            : blocked[0] === 'UDP'
              ? 'its DNS lookups fail (resolvers ask over UDP first)'
              : 'lookups whose answers do not fit in a UDP reply fail (resolvers retry those over TCP)';
        ctx.report({
          messageId: 'blocked',
          at: isolationAt(first),
          object: w,
          data: {
            workload: workloadName(w),
            dns: listNames(targets.map((t) => workloadName(t.workload))),
            ports,
            policies: policyList(isolatedBy),
            their: isolatedBy.length > 1 ? 'their' : 'its',
            effect,
          },
          related: [
            ...workloadRelated(w),
            ...others.map((p) => policyRelated(p, `NetworkPolicy ${p.node.namespace}/${p.node.name} also isolates its egress`)),
            ...targets.flatMap((t) => workloadRelated(t.workload, `CoreDNS: ${workloadName(t.workload)}`)),
          ],
        });
      },
    };
  },
});

interface DnsTarget {
  workload: Workload;
  cls: PodClass;
  /** What DNS traffic to it needs after DNAT, per protocol (the kube-dns Service's target ports, else port 53). */
  wants: ReadonlyMap<Protocol, ConnSet>;
}

/** CoreDNS as the model knows it: workloads in kube-system labelled k8s-app=kube-dns (the model adds one when the input has none). */
function isCoreDns(w: Workload): boolean {
  return w.namespace === 'kube-system' && w.template.labels['k8s-app'] === 'kube-dns';
}

function dnsTargets(model: Model, engine: PolicyEngine): DnsTarget[] {
  const service = model.service('kube-system', 'kube-dns');
  const dnsPorts = (service?.manifest.spec?.ports ?? []).filter((p) => p.port === 53);
  const out: DnsTarget[] = [];
  for (const workload of model.workloadsIn('kube-system').filter(isCoreDns)) {
    const cls = engine.classOf(workload.id);
    if (!cls) continue;
    const wants = new Map<Protocol, ConnSet>();
    for (const protocol of DNS_PROTOCOLS) {
      const viaService = dnsPorts.filter((p) => protocolOf(p) === protocol).map((p) => targetConn(p, workload));
      const conn = dnsPorts.length > 0 ? viaService.reduce((a, b) => a.union(b), ConnSet.none()) : ConnSet.of(protocol, PortSet.single(53));
      if (!conn.isEmpty()) wants.set(protocol, conn);
    }
    out.push({ workload, cls, wants });
  }
  return out;
}

/** "53", or the target ports the kube-dns Service forwards to. */
function wantedPorts(targets: readonly DnsTarget[], protocol: Protocol): string {
  const ports = targets.reduce((acc, t) => acc.union(t.wants.get(protocol)?.ports(protocol) ?? PortSet.empty()), PortSet.empty());
  return ports.toString();
}

/**
 * Where pods may have their addresses: the nodes' podCIDRs when the input states them, else every address
 * outside the internet (VPC and private ranges). An ipBlock there might match CoreDNS's pod IP, which is
 * implementation-defined (PRODUCT.md §3), so such a rule is given the benefit of the doubt.
 */
function podRangesOf(model: Model): IpSet {
  const cidrs = model.nodes.flatMap((n) => [...(n.manifest.spec?.podCIDRs ?? []), ...(n.manifest.spec?.podCIDR ? [n.manifest.spec.podCIDR] : [])]);
  return cidrs.length > 0 ? IpSet.fromCidrs(cidrs) : internetAddresses().complement();
}

/** The protocols (UDP, TCP) on which some CoreDNS workload is out of reach of the class's egress rules. */
function blockedProtocols(engine: PolicyEngine, c: PodClass, isolatedBy: readonly CompiledPolicy[], targets: readonly DnsTarget[], podRanges: IpSet): Protocol[] {
  // What ipBlocks that may cover pod addresses allow: whether they match CoreDNS is implementation-defined.
  let maybe = ConnSet.none();
  for (const p of isolatedBy) for (const rule of p.egress) if (!rule.anyPeer && rule.ips.overlaps(podRanges)) maybe = maybe.union(ruleConn(rule, undefined));
  return DNS_PROTOCOLS.filter((protocol) =>
    targets.some((t) => {
      const want = t.wants.get(protocol);
      return want !== undefined && !want.isSubsetOf(engine.egress(c, t.cls).allowed.union(maybe));
    }),
  );
}

/** The first isolating policy's `policyTypes` key when it lists Egress, else its `spec.egress` key (policyTypes defaulted). */
function isolationAt(p: CompiledPolicy): SourceRef {
  const spec = p.node.manifest.spec;
  return spec.policyTypes?.includes('Egress') ? refOf(spec, 'policyTypes') : refOf(spec, 'egress');
}
