/**
 * The Kubernetes kinds netreach models, their API groups and schemas. A kind not listed here (RBAC,
 * CRDs, Istio's own `Gateway` in networking.istio.io …) is skipped quietly by the loader.
 */
import type { z } from 'zod';
import { WebhookConfigurationSchema } from './admission.js';
import { NamespaceSchema, NodeSchema, ConfigMapSchema } from './cluster.js';
import { EniConfigSchema, IpPoolSchema, SecurityGroupPolicySchema } from './cni.js';
import { GatewayClassSchema, GatewaySchema, ReferenceGrantSchema, RouteSchema } from './gateway.js';
import { IngressClassParamsSchema, TargetGroupBindingSchema } from './elbv2.js';
import { IngressClassSchema, IngressSchema, NetworkPolicySchema } from './networking.js';
import { apiGroupOf, type KindSchema } from './registry.js';
import { EndpointSliceSchema, EndpointsSchema, ServiceSchema } from './services.js';
import {
  CronJobSchema,
  DaemonSetSchema,
  DeploymentSchema,
  HorizontalPodAutoscalerSchema,
  JobSchema,
  PodSchema,
  ReplicaSetSchema,
  ReplicationControllerSchema,
  StatefulSetSchema,
} from './workloads.js';

export * from './admission.js';
export * from './cluster.js';
export * from './elbv2.js';
export * from './gateway.js';
export * from './networking.js';
export * from './services.js';
export * from './workloads.js';
export type { LabelSelector } from './common.js';
export { apiGroupOf, type KindSchema } from './registry.js';

const GATEWAY = 'gateway.networking.k8s.io';

const kind = (k: string, groups: readonly string[], schema: z.ZodType, namespaced = true, atomic = false): KindSchema => ({
  kind: k,
  groups,
  namespaced,
  schema,
  ...(atomic ? { atomic } : {}),
});

export const KIND_SCHEMAS: readonly KindSchema[] = [
  kind('Namespace', [''], NamespaceSchema, false),
  kind('Node', [''], NodeSchema, false),
  kind('ConfigMap', [''], ConfigMapSchema),
  kind('Pod', [''], PodSchema),
  kind('ReplicationController', [''], ReplicationControllerSchema),
  kind('Service', [''], ServiceSchema),
  kind('Endpoints', [''], EndpointsSchema),
  kind('EndpointSlice', ['discovery.k8s.io'], EndpointSliceSchema),
  // extensions/v1beta1 carried the apps kinds before apps/v1; old charts still use it.
  kind('Deployment', ['apps', 'extensions'], DeploymentSchema),
  kind('ReplicaSet', ['apps', 'extensions'], ReplicaSetSchema),
  kind('StatefulSet', ['apps'], StatefulSetSchema),
  kind('DaemonSet', ['apps', 'extensions'], DaemonSetSchema),
  kind('Job', ['batch'], JobSchema),
  kind('CronJob', ['batch'], CronJobSchema),
  kind('HorizontalPodAutoscaler', ['autoscaling'], HorizontalPodAutoscalerSchema),
  kind('NetworkPolicy', ['networking.k8s.io', 'extensions'], NetworkPolicySchema, true, true),
  kind('Ingress', ['networking.k8s.io', 'extensions'], IngressSchema),
  kind('IngressClass', ['networking.k8s.io'], IngressClassSchema, false),
  kind('IngressClassParams', ['elbv2.k8s.aws'], IngressClassParamsSchema, false),
  kind('TargetGroupBinding', ['elbv2.k8s.aws'], TargetGroupBindingSchema),
  kind('GatewayClass', [GATEWAY], GatewayClassSchema, false),
  kind('Gateway', [GATEWAY], GatewaySchema),
  kind('HTTPRoute', [GATEWAY], RouteSchema),
  kind('GRPCRoute', [GATEWAY], RouteSchema),
  kind('TLSRoute', [GATEWAY], RouteSchema),
  kind('TCPRoute', [GATEWAY], RouteSchema),
  kind('UDPRoute', [GATEWAY], RouteSchema),
  kind('ReferenceGrant', [GATEWAY], ReferenceGrantSchema),
  kind('ENIConfig', ['crd.k8s.amazonaws.com'], EniConfigSchema, false),
  kind('SecurityGroupPolicy', ['vpcresources.k8s.aws'], SecurityGroupPolicySchema),
  kind('IPPool', ['crd.projectcalico.org', 'projectcalico.org'], IpPoolSchema, false),
  kind('ValidatingWebhookConfiguration', ['admissionregistration.k8s.io'], WebhookConfigurationSchema, false),
  kind('MutatingWebhookConfiguration', ['admissionregistration.k8s.io'], WebhookConfigurationSchema, false),
];

const byKind = new Map(KIND_SCHEMAS.map((k) => [k.kind, k]));

/** The schema for `apiVersion`/`kind`, or undefined when netreach does not model it. */
export function schemaFor(apiVersion: string, kindName: string): KindSchema | undefined {
  const entry = byKind.get(kindName);
  return entry && entry.groups.includes(apiGroupOf(apiVersion)) ? entry : undefined;
}
