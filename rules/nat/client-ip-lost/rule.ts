import type { RelatedLocation } from '../../../src/core/finding.js';
import { refOf, type SourceRef } from '../../../src/core/source.js';
import type { ConnSet } from '../../../src/engine/conn-set.js';
import { IpSet } from '../../../src/engine/ip.js';
import { ruleConn, type CompiledPeer, type CompiledRule } from '../../../src/engine/policy/compile.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { classlessServiceController, lbOptionsOf, serviceLoadBalancer, type ClasslessServiceController } from '../../../src/model/lb/index.js';
import { protocolOf } from '../../../src/model/ports.js';
import { serviceTypeOf } from '../../../src/model/services.js';
import type { Model, ServiceNode } from '../../../src/model/types.js';
import { connText, enforcedOn, pathOf, policyName, reachOf, workloadName, workloadRelated } from '../../netpol/engine.js';
import { InfraIndex, label, nodeGroupSubnets, rangesText, subnetRange } from '../common.js';

export default defineRule({
  id: 'nat/client-ip-lost',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: {
      description:
        'Report NodePort and LoadBalancer Services with externalTrafficPolicy Cluster whose backends admit outside clients only by ipBlock',
      recommended: true,
    },
    messages: {
      neverMatches:
        'Service {{service}}: with {{policy}} kube-proxy replaces the client address of traffic arriving on a node port with a node address, ' +
        'so ipBlock {{cidrs}} of {{rules}} never matches outside clients of port {{port}} on {{workload}}: they are refused.',
      admitsAll:
        'Service {{service}}: with {{policy}} kube-proxy replaces the client address of traffic arriving on a node port with a node address, ' +
        'and ipBlock {{cidrs}} of {{rules}} covers the node addresses {{nodes}}, so it admits every client of port {{port}} on {{workload}}: ' +
        'the restriction has no effect.',
    },
    remediation:
      'Set `externalTrafficPolicy: Local` so the client address reaches the pod (the load balancer then only uses nodes that run a backend), ' +
      'or serve the Service through the AWS Load Balancer Controller with target type ip; or admit the clients at the load balancer ' +
      '(loadBalancerSourceRanges, security groups) and allow the node subnets in the policy.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Service(svc) {
      const type = serviceTypeOf(svc);
      if (type !== 'NodePort' && type !== 'LoadBalancer') return;
      const spec = svc.manifest.spec!;
      if (spec.externalTrafficPolicy === 'Local' || straightToPods(svc, classlessServiceController(ctx.model, lbOptionsOf(ctx.config)))) return;
      const at: SourceRef = spec.externalTrafficPolicy !== undefined ? refOf(spec, 'externalTrafficPolicy') : refOf(spec, 'type');
      const policyText = spec.externalTrafficPolicy !== undefined ? 'externalTrafficPolicy: Cluster' : 'externalTrafficPolicy Cluster (the default)';
      const engine = reachOf(ctx).engine;
      const nodes = nodeAddresses(ctx.model);
      for (const w of ctx.model.backendsOf(svc)) {
        const c = engine.classOf(w.id);
        if (!c || !enforcedOn(c, ctx.config)) continue;
        const isolating = engine.isolating(c, 'ingress');
        if (isolating.length === 0) continue; // not isolated: every source is admitted
        for (const port of spec.ports ?? []) {
          const want = targetConn(port, w);
          if (want.isEmpty()) continue;
          const rules = isolating.flatMap((p) => p.ingress).filter((r) => !ruleConn(r, c).intersect(want).isEmpty());
          // Admitted by a rule open to every source: the client address does not matter.
          if (rules.length === 0 || rules.some((r) => r.anyPeer)) continue;
          const ipRules = rules.filter((r) => !r.ips.isEmpty());
          if (ipRules.length === 0) continue; // only pod selectors: outside clients are refused whatever their address
          const peers = ipRules.flatMap((r) => r.peers.filter((p) => !p.ips.isEmpty()).map((p) => ({ rule: r, peer: p })));
          const covering = nodes ? peers.filter(({ peer }) => peer.ips.overlaps(nodes.set)) : [];
          const shown = covering.length > 0 ? covering : peers;
          const data = {
            service: `${svc.namespace}/${svc.name}`,
            policy: policyText,
            cidrs: [...new Set(shown.map(({ peer }) => cidrOf(peer)))].join(', '),
            rules: [...new Set(shown.map(({ rule }) => `NetworkPolicy ${policyName(rule.policy)} ${pathOf(rule.source)}`))].join(', '),
            port: portText(port.port, protocolOf(port), want),
            workload: workloadName(w),
          };
          const related = relatedOf(w, shown, nodes);
          const key = `${w.id}:${port.port}/${protocolOf(port)}`;
          if (covering.length > 0) ctx.report({ messageId: 'admitsAll', at, object: svc, key, data: { ...data, nodes: rangesText(nodes!.set) }, related });
          else ctx.report({ messageId: 'neverMatches', at, object: svc, key, data, related });
        }
      }
    },
  }),
});

/**
 * A load balancer with target type ip (an NLB of the AWS Load Balancer Controller) sends to pod IPs, not node ports:
 * kube-proxy does not translate, externalTrafficPolicy plays no part (src/model/lb decides the target type as the
 * controllers do).
 */
function straightToPods(svc: ServiceNode, classless: ClasslessServiceController): boolean {
  return serviceLoadBalancer(svc, classless)?.targetType.value === 'ip';
}

/** The node addresses the model knows: the node groups' subnets. */
function nodeAddresses(model: Model): { set: IpSet; at: RelatedLocation[] } | undefined {
  const index = new InfraIndex(model.infra);
  let set = IpSet.empty();
  const at: RelatedLocation[] = [];
  for (const ng of model.infra.nodeGroups)
    for (const s of nodeGroupSubnets(index, ng)) {
      const range = subnetRange(s);
      if (!range) continue;
      set = set.union(range);
      at.push({ at: s.cidr?.at ?? s.at, message: `Subnet ${label(s)} of node group ${label(ng)}: node addresses` });
    }
  return set.isEmpty() ? undefined : { set, at };
}

function cidrOf(peer: CompiledPeer): string {
  const block = peer.source.ipBlock!;
  return block.except && block.except.length > 0 ? `${block.cidr} (except ${block.except.join(', ')})` : block.cidr;
}

function portText(port: number, protocol: string, target: ConnSet): string {
  return `${port}/${protocol} (target ${connText(target)})`;
}

function relatedOf(w: Parameters<typeof workloadRelated>[0], peers: readonly { rule: CompiledRule; peer: CompiledPeer }[], nodes: ReturnType<typeof nodeAddresses>): RelatedLocation[] {
  const out: RelatedLocation[] = [...workloadRelated(w, `${workloadName(w)}, a backend of the Service`)];
  for (const { rule, peer } of peers)
    out.push({ at: refOf(peer.source.ipBlock!, 'cidr'), message: `ipBlock of NetworkPolicy ${policyName(rule.policy)} ${pathOf(rule.source)}` });
  if (nodes) out.push(...nodes.at);
  return out;
}
