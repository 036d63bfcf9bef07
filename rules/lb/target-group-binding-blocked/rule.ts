import type { FlowStep, RelatedLocation } from '../../../src/core/finding.js';
import { refOf } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import { IpSet } from '../../../src/engine/ip.js';
import { PortSet } from '../../../src/engine/ports.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import type { CompiledPolicy } from '../../../src/engine/policy/compile.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { addressesText } from '../../../src/engine/vpc/path.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import { bindingName, targetGroupBindings, targetGroupText, type TargetGroupBindingModel, type TgbIngressRule, type TgbPeer } from '../../../src/model/lb/target-group-binding.js';
import { podContainers, podPorts, protocolOf, SERVING_CONTAINERS } from '../../../src/model/ports.js';
import type { Workload } from '../../../src/model/types.js';
import { connText, enforcedOn, policyList, policyName, policyRelated, reachOf, workloadName, workloadRelated } from '../../netpol/engine.js';
import { admittingRules, policyFieldAt, policyGap, primaryPolicy, type PolicyGap } from '../backend-blocked/policies.js';

export default defineRule({
  id: 'lb/target-group-binding-blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        "Report NetworkPolicies that do not admit the addresses a TargetGroupBinding with ip targets opens its pods to (networking.ingress ipBlock CIDRs), on the binding's ports or, without ports, the Service's target port",
      recommended: true,
    },
    messages: {
      bindingBlocked:
        'NetworkPolicy {{policy}} keeps the load balancer of {{binding}} from {{workload}}: the binding registers the pods of Service {{service}} port {{servicePort}} as ip targets of {{targetGroup}} ' +
        'and admits {{sources}} to them in their security group ({{rules}}), but the ingress rules of {{policies}} do not admit {{blocked}} on {{conn}}; those connections are dropped at the pods.',
    },
    remediation:
      'Admit the addresses the load balancer sends from in the pods\' NetworkPolicy: an ingress rule with `ipBlock.cidr` for each of the binding\'s `networking.ingress[].from[].ipBlock.cidr` (the load balancer\'s subnets; the clients for an NLB with client IP preservation), ' +
      'on the target port (and the health check port when it differs). If the binding\'s CIDRs are wider than the load balancer\'s real addresses, narrow them instead.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const engine = reachOf(ctx).engine;
      for (const b of targetGroupBindings(model)) {
        // Only ip targets reach the pods from the load balancer's addresses; instance targets pass the node port and kube-proxy.
        // A generated binding's owner (Ingress, Service) is lb/backend-blocked's; a Service or port that does not resolve is
        // lb/target-group-binding-service-not-found's.
        if (b.generatedBy || b.targetType?.value !== 'ip' || !b.service || !b.servicePort) continue;
        const rules = b.networking.filter((r) => r.peers.some(isCidrPeer));
        if (rules.length === 0) continue;
        for (const w of model.backendsOf(b.service)) {
          const cls = engine.classOf(w.id);
          if (!cls || !enforcedOn(cls, ctx.config)) continue; // hostNetwork pods: outside NetworkPolicy
          const gap = bindingGap(b.servicePort, rules, w, cls);
          if (gap) report(b, b.servicePort, w, cls, gap);
        }
      }

      /** Every rule's CIDRs against its ports on this workload, united. */
      function bindingGap(port: ServicePort, rules: readonly TgbIngressRule[], w: Workload, cls: PodClass): (PolicyGap & { rules: TgbIngressRule[] }) | undefined {
        let blocked = IpSet.empty();
        let conn = ConnSet.none();
        const isolatedBy: CompiledPolicy[] = [];
        const failing: TgbIngressRule[] = [];
        for (const rule of rules) {
          const sources = IpSet.fromCidrs(rule.peers.filter(isCidrPeer).map((p) => p.cidr));
          const gap = policyGap(engine, cls, sources, ruleConn(rule, port, w));
          if (!gap) continue;
          blocked = blocked.union(gap.blocked);
          conn = conn.union(gap.conn);
          for (const p of gap.isolatedBy) if (!isolatedBy.includes(p)) isolatedBy.push(p);
          failing.push(rule);
        }
        return failing.length === 0 ? undefined : { blocked, conn, isolatedBy, rules: failing };
      }

      function report(b: TargetGroupBindingModel, port: ServicePort, w: Workload, cls: PodClass, gap: PolicyGap & { rules: TgbIngressRule[] }): void {
        const primary = primaryPolicy(gap, cls);
        const np = primary.node;
        const at = policyFieldAt(np);
        const service = `${b.namespace}/${b.serviceRef.name}`;
        const servicePort = `${port.port}/${protocolOf(port)}${port.name ? ` (${port.name})` : ''}`;
        const peers = gap.rules.flatMap((r) => r.peers.filter(isCidrPeer));
        const sources = [...new Set(peers.map((p) => p.cidr))];
        const related: RelatedLocation[] = [
          ...workloadRelated(w, `${workloadName(w)}, a backend of Service ${service}`),
          ...gap.isolatedBy.filter((p) => p !== primary).map((p) => policyRelated(p, `NetworkPolicy ${policyName(p.node)} also isolates the ingress of ${workloadName(w)}`)),
          ...admittingRules(gap, cls),
          ...peers.map((p) => ({ at: p.at, message: `${bindingName(b)}: networking.ingress admits ${p.cidr}` })),
          { at: b.targetType!.at, message: `${bindingName(b)}: target type ip` },
          { at: refOf(port, 'port'), message: `Service ${service} port ${servicePort}` },
        ];
        const flow: FlowStep[] = [
          ...peers.map((p) => ({ at: p.at, message: `the load balancer sends from ${p.cidr} (${bindingName(b)} networking.ingress)` })),
          { at: b.targetType!.at, message: `target type ip: ${targetGroupText(b)} sends to the pod addresses directly` },
          { at: b.serviceRef.nameAt, message: `serviceRef: Service ${service} port ${servicePort}` },
          ...workloadRelated(w, `pods of ${workloadName(w)} on ${connText(gap.conn)}`),
          { at, message: `✗ no ingress rule of ${policyList(gap.isolatedBy)} admits ${addressesText(gap.blocked)} on ${connText(gap.conn)}` },
        ];
        ctx.report({
          messageId: 'bindingBlocked',
          at,
          object: np,
          key: `${b.id}|${w.id}`,
          related,
          flow,
          data: {
            policy: policyName(np),
            binding: bindingName(b),
            workload: workloadName(w),
            service,
            servicePort,
            targetGroup: targetGroupText(b),
            sources: sources.join(', '),
            rules: gap.rules.map((r) => `networking.ingress[${r.index}] on ${r.ports.length === 0 ? 'every TCP port' : r.ports.map(portText).join(', ')}`).join('; '),
            policies: policyList(gap.isolatedBy),
            blocked: addressesText(gap.blocked),
            conn: connText(gap.conn),
          },
        });
      }
    },
  }),
});

/**
 * Security-group peers are the load balancer's own group: which addresses it stands for is not in the input, so they
 * are not checked against NetworkPolicies.
 */
function isCidrPeer(p: TgbPeer): p is TgbPeer & { cidr: string } {
  return p.kind === 'ipBlock' && p.cidr !== undefined;
}

/**
 * What the load balancer sends a rule's peers to on one workload. Stated ports as the controller computes the
 * security group rule (a number; a name looked up on the pod's container ports by name, pod.LookupContainerPort).
 * A rule or a port without a port number opens every port (TCP when no ports are given, spec.md NetworkingIngressRule);
 * the load balancer only sends to its targets' port, so there the Service port's target port is what is checked.
 */
function ruleConn(rule: TgbIngressRule, port: ServicePort, w: Workload): ConnSet {
  const target = targetConn(port, w);
  if (rule.ports.length === 0) return target.intersect(ConnSet.of('TCP'));
  let conn = ConnSet.none();
  for (const p of rule.ports) {
    if (p.port === undefined) conn = conn.union(target.intersect(ConnSet.of(p.protocol)));
    else if (typeof p.port === 'number') conn = conn.union(ConnSet.of(p.protocol, PortSet.single(p.port)));
    else {
      // A name no container declares: the controller fails the networking reconcile ("unable to find port"), nothing is opened.
      const found = podPorts(podContainers(w.template.spec, SERVING_CONTAINERS)).find((cp) => cp.name === p.port);
      if (found) conn = conn.union(ConnSet.of(p.protocol, PortSet.single(found.containerPort)));
    }
  }
  return conn;
}

function portText(p: { protocol: string; port?: number | string }): string {
  return p.port === undefined ? `every ${p.protocol} port` : `${p.protocol} ${p.port}`;
}
