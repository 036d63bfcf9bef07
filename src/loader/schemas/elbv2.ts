/**
 * The AWS Load Balancer Controller's custom resources (API group elbv2.k8s.aws). Validation only: the load balancer
 * model (src/model/lb) reads the loader's own objects. Field names as the CRDs define them
 * (kubernetes-sigs/aws-load-balancer-controller, docs/guide/ingress/ingress_class.md and
 * docs/guide/targetgroupbinding/targetgroupbinding.md):
 * - IngressClassParams, v1beta1, cluster-scoped: spec.namespaceSelector, group.name, scheme (internal |
 *   internet-facing), ipAddressType, inboundCIDRs, subnets.ids / subnets.tags, certificateArn, sslPolicy, tags,
 *   loadBalancerAttributes.
 * - TargetGroupBinding, v1beta1, namespaced: spec.targetGroupARN, targetType (instance | ip), serviceRef {name,
 *   port}, nodeSelector, networking.ingress[] {from[] {ipBlock {cidr} | securityGroup {groupID}}, ports[] {protocol,
 *   port}}.
 */
import { z } from 'zod';
import { cidr, intOrPortName, labelSelector, manifest } from './common.js';

const scheme = z.enum(['internal', 'internet-facing'], { error: 'expected internal or internet-facing' });

export const IngressClassParamsSchema = manifest({
  spec: z
    .looseObject({
      namespaceSelector: labelSelector.optional(),
      group: z.looseObject({ name: z.string() }).optional(),
      scheme: scheme.optional(),
      ipAddressType: z.enum(['ipv4', 'dualstack', 'dualstack-without-public-ipv4'], { error: 'expected ipv4, dualstack or dualstack-without-public-ipv4' }).optional(),
      inboundCIDRs: z.array(cidr).optional(),
      subnets: z
        .looseObject({
          ids: z.array(z.string()).optional(),
          tags: z.record(z.string(), z.array(z.string())).optional(),
        })
        .optional(),
    })
    .optional(),
});
export type IngressClassParams = z.infer<typeof IngressClassParamsSchema>;

const networkingPeer = z.looseObject({
  ipBlock: z.looseObject({ cidr }).optional(),
  securityGroup: z.looseObject({ groupID: z.string() }).optional(),
});

export const TargetGroupBindingSchema = manifest({
  spec: z.looseObject({
    targetGroupARN: z.string().optional(),
    targetGroupName: z.string().optional(),
    targetType: z.enum(['instance', 'ip'], { error: 'expected instance or ip' }).optional(),
    serviceRef: z.looseObject({ name: z.string(), port: intOrPortName }),
    nodeSelector: labelSelector.optional(),
    networking: z
      .looseObject({
        ingress: z
          .array(
            z.looseObject({
              from: z.array(networkingPeer),
              ports: z.array(z.looseObject({ protocol: z.enum(['TCP', 'UDP']).optional(), port: intOrPortName.optional() })).optional(),
            }),
          )
          .optional(),
      })
      .optional(),
  }),
});
export type TargetGroupBinding = z.infer<typeof TargetGroupBindingSchema>;
