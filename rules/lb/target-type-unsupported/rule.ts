import type { RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, type SourceRef } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { addressPlan, type AddressSpace } from '../../../src/model/address-plan.js';
import { vpcCniAssignsPods } from '../../../src/model/cni/vpc-cni.js';
import { ALB_ANNOTATIONS } from '../../../src/model/lb/index.js';
import { bindingName, targetGroupBindings, targetGroupText } from '../../../src/model/lb/target-group-binding.js';
import type { LbTargetGroup, LoadBalancer } from '../../../src/model/lb/types.js';
import type { Model, ServiceNode } from '../../../src/model/types.js';
import { serviceTypeOf } from '../../../src/model/services.js';
import { locationText } from '../../../src/reporters/locations.js';
import { allocatesNodePorts } from '../../service/shared.js';
import { decidedBy, lbTitle, reconciledLoadBalancers } from '../common.js';

const POD_SOURCE: Record<string, string> = { flannel: 'flannel', calico: 'Calico', cilium: 'Cilium cluster-pool IPAM', kubeadm: 'kubeadm', 'kube-proxy': 'kube-proxy' };

export default defineRule({
  id: 'lb/target-type-unsupported',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description:
        'Report load balancer and TargetGroupBinding target type ip while pod IPs come from an overlay network, and target type instance on a backend Service that has no node ports (ClusterIP, ExternalName)',
      recommended: true,
    },
    messages: {
      ipOnOverlay:
        '{{lb}}: target type ip sends to the pods of {{services}} directly, but their IPs come from {{podRanges}}, an overlay the VPC does not route; ' +
        "the load balancer's health checks and requests never reach the pods (ip targets need pods with VPC addresses, as the Amazon VPC CNI gives them).",
      bindingIpOnOverlay:
        '{{binding}}: target type ip registers the pods of Service {{service}} with {{targetGroup}} by their IPs, but those come from {{podRanges}}, an overlay the VPC does not route; ' +
        "the load balancer's health checks and requests never reach the pods (ip targets need pods with VPC addresses, as the Amazon VPC CNI gives them).",
      instanceWithoutNodePort:
        '{{lb}}: target type instance for backend Service {{service}} of type {{type}}, which has no node ports; the controller fails ' +
        '("TargetGroup port is empty. When using Instance targets, your service … must be of type \'NodePort\' or \'LoadBalancer\'") and does not reconcile the load balancer.',
    },
    remediation:
      'With an overlay CNI use target type instance (the load balancer sends to node ports and kube-proxy forwards to the pods), or run the ' +
      'Amazon VPC CNI so pods get VPC addresses; for a TargetGroupBinding, bind a target group of type instance with `targetType: instance`. For instance targets make the backend Service `type: NodePort` (or LoadBalancer), or switch ' +
      'to `alb.ingress.kubernetes.io/target-type: ip` where pods have VPC addresses.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      const overlay = overlayPodRanges(model);
      for (const lb of reconciledLoadBalancers(model, ctx.config)) {
        if (overlay.length > 0) reportIpTargets(lb, overlay);
        if (lb.kind === 'ALB') reportInstanceTargets(lb);
      }
      if (overlay.length > 0) reportIpBindings(overlay);

      /**
       * TargetGroupBindings with target type ip: the same test as a load balancer's ip target groups. Generated bindings
       * follow their Ingress or Service, reported above; an unstated type is read from the target group in AWS.
       */
      function reportIpBindings(podRanges: readonly AddressSpace[]): void {
        for (const b of targetGroupBindings(model)) {
          if (b.generatedBy || b.targetType?.value !== 'ip' || !b.service) continue;
          const backends = model.backendsOf(b.service);
          if (backends.length > 0 && backends.every((w) => w.template.spec.hostNetwork === true)) continue;
          ctx.report({
            messageId: 'bindingIpOnOverlay',
            at: b.targetType.at,
            object: b,
            data: { binding: bindingName(b), service: `${b.namespace}/${b.serviceRef.name}`, targetGroup: targetGroupText(b), podRanges: podRangesText(podRanges) },
            related: [
              { at: b.serviceRef.nameAt, message: `serviceRef: Service ${b.namespace}/${b.serviceRef.name}` },
              ...podRanges.map((s) => ({ at: s.at, message: `${s.label}: pod addresses that are not VPC addresses` })),
            ],
          });
        }
      }

      function reportIpTargets(lb: LoadBalancer, podRanges: readonly AddressSpace[]): void {
        // One finding per place the target type is stated (an Ingress annotation serves all its backends).
        const byAt = new Map<string, { at: SourceRef; groups: LbTargetGroup[] }>();
        for (const tg of lb.targetGroups) {
          if (tg.targetType.value !== 'ip' || !tg.service) continue;
          const backends = model.backendsOf(tg.service);
          // hostNetwork pods have their node's VPC address.
          if (backends.length > 0 && backends.every((w) => w.template.spec.hostNetwork === true)) continue;
          const key = locationText(tg.targetType.at);
          const entry = byAt.get(key) ?? { at: tg.targetType.at, groups: [] };
          byAt.set(key, entry);
          entry.groups.push(tg);
        }
        for (const [key, { at, groups }] of byAt) {
          const services = [...new Set(groups.map((g) => `${g.namespace}/${g.serviceName}`))];
          const related: RelatedLocation[] = [
            ...decidedBy(lb, at),
            ...podRanges.map((s) => ({ at: s.at, message: `${s.label}: pod addresses that are not VPC addresses` })),
          ];
          ctx.report({
            messageId: 'ipOnOverlay',
            at,
            object: lb.object,
            key,
            data: {
              lb: lbTitle(lb),
              services: `Service${services.length === 1 ? '' : 's'} ${services.join(', ')}`,
              podRanges: podRangesText(podRanges),
            },
            related,
          });
        }
      }

      /**
       * Instance targets on a Service without node ports. Target groups are per Ingress: those of one Service port whose
       * target type is decided at the same place make one finding, with every route to them.
       */
      function reportInstanceTargets(lb: LoadBalancer): void {
        const byPlace = new Map<string, { at: SourceRef; tg: LbTargetGroup; svc: ServiceNode; type: string; stated: boolean; typeAt?: SourceRef; routes: LbTargetGroup['routes'] }>();
        for (const tg of lb.targetGroups) {
          const svc = tg.service;
          if (tg.targetType.value !== 'instance' || !svc) continue;
          if (allocatesNodePorts(svc)) continue;
          const type = serviceTypeOf(svc);
          const stated = tg.targetType.why.startsWith(ALB_ANNOTATIONS.targetType);
          // Stated: on the annotation; defaulted: on the Service's type, else on the Ingress backend naming it.
          const typeAt = svc.manifest.spec ? maybeRefOf(svc.manifest.spec, 'type') : undefined;
          const at = stated ? tg.targetType.at : svc.manifest.spec?.type !== undefined && typeAt ? typeAt : tg.routes[0]!.at;
          const place = `${locationText(at)}|${tg.namespace}/${tg.serviceName}:${tg.portRef}`;
          const entry = byPlace.get(place);
          if (entry) entry.routes.push(...tg.routes);
          else byPlace.set(place, { at, tg, svc, type, stated, ...(typeAt ? { typeAt } : {}), routes: [...tg.routes] });
        }
        for (const { at, tg, type, stated, typeAt, routes } of byPlace.values()) {
          const related: RelatedLocation[] = [
            ...decidedBy(lb, at),
            ...(stated ? [] : [{ at: tg.targetType.at, message: tg.targetType.why }]),
            ...routes.filter((r) => locationText(r.at) !== locationText(at)).map((r) => ({ at: r.at, message: `${r.via}: backend Service ${tg.namespace}/${tg.serviceName} port ${tg.portRef}` })),
            ...(typeAt && locationText(typeAt) !== locationText(at) ? [{ at: typeAt, message: `Service ${tg.namespace}/${tg.serviceName}: type ${type}` }] : []),
          ];
          ctx.report({
            messageId: 'instanceWithoutNodePort',
            at,
            object: lb.object,
            key: `${tg.namespace}/${tg.serviceName}:${tg.portRef}`,
            data: { lb: lbTitle(lb), service: `${tg.namespace}/${tg.serviceName}`, type },
            related,
          });
        }
      }
    },
  }),
});

/**
 * The overlay pod ranges when pod IPs are not VPC addresses: the VPC CNI does not assign them, and the input states
 * the overlay's range (flannel Network, Calico IPPools, Cilium cluster-pool). Empty when either is not known.
 */
function overlayPodRanges(model: Model): AddressSpace[] {
  if (vpcCniAssignsPods(model)) return [];
  return addressPlan(model).spaces.filter((s) => s.kind === 'pod' && s.pod?.overlay === true);
}

function podRangesText(podRanges: readonly AddressSpace[]): string {
  return podRanges.map((s) => `${s.cidr} (${POD_SOURCE[s.pod!.source] ?? s.pod!.source})`).join(', ');
}
