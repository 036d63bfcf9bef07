/**
 * CNI custom resources: the AWS VPC CNI's ENIConfig (custom networking), the VPC resource controller's
 * SecurityGroupPolicy (security groups for pods) and Calico's IPPool. Validation only (see common.ts):
 * the CNI settings model (src/model/cni) reads the loader's own objects.
 *
 * Field names as the CRDs define them:
 * - ENIConfig, crd.k8s.amazonaws.com/v1alpha1, cluster-scoped: spec.subnet, spec.securityGroups
 *   (aws/amazon-vpc-cni-k8s CRD `eniconfigs.crd.k8s.amazonaws.com`; shared/data/vpc-cni-capacity.md §4).
 * - SecurityGroupPolicy, vpcresources.k8s.aws/v1beta1, namespaced: spec.podSelector,
 *   spec.serviceAccountSelector, spec.securityGroups.groupIds (aws/amazon-vpc-resource-controller-k8s).
 * - IPPool, crd.projectcalico.org/v1 (the CRD the Calico manifests install) and projectcalico.org/v3 (the
 *   Calico API server), cluster-scoped: spec.cidr, blockSize (20–32 IPv4, 116–128 IPv6), ipipMode
 *   (Always, CrossSubnet, Never), vxlanMode (Always, CrossSubnet, Never), natOutgoing, disabled, nodeSelector
 *   (docs.tigera.io/calico/latest/reference/resources/ippool).
 *
 * kubeadm's ClusterConfiguration (kubeadm.k8s.io) is not a Kubernetes object — it has no metadata, and the
 * loader drops a modelled kind without metadata.name — so it is not registered in KIND_SCHEMAS: it stays in
 * LoadResult.otherDocuments, and `KubeadmClusterConfigurationSchema` is what src/model/cni validates it with.
 */
import { z } from 'zod';
import { cidr, labelSelector, manifest } from './common.js';

const nonEmpty = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}, got an empty string` });

export const EniConfigSchema = manifest({
  spec: z
    .looseObject({
      subnet: nonEmpty('a subnet id such as subnet-0a1b2c3d').optional(),
      securityGroups: z.array(nonEmpty('a security group id such as sg-0a1b2c3d')).optional(),
    })
    .optional(),
});
export type EniConfig = z.infer<typeof EniConfigSchema>;

export const SecurityGroupPolicySchema = manifest({
  spec: z
    .looseObject({
      podSelector: labelSelector.optional(),
      serviceAccountSelector: labelSelector.optional(),
      securityGroups: z.looseObject({ groupIds: z.array(nonEmpty('a security group id such as sg-0a1b2c3d')).optional() }).optional(),
    })
    .optional(),
});
export type SecurityGroupPolicy = z.infer<typeof SecurityGroupPolicySchema>;

const encapMode = (field: string) =>
  z.enum(['Always', 'CrossSubnet', 'Never'], { error: (iss) => `${field}: expected Always, CrossSubnet or Never, got ${JSON.stringify(iss.input)}` });

export const IpPoolSchema = manifest({
  spec: z
    .looseObject({
      cidr: cidr.optional(),
      blockSize: z
        .number({ error: 'expected an integer prefix length (20-32 for IPv4, 116-128 for IPv6)' })
        .int({ error: 'expected an integer prefix length' })
        .refine((n) => (n >= 20 && n <= 32) || (n >= 116 && n <= 128), { error: (iss) => `${String(iss.input)} is not a block size (20-32 for IPv4, 116-128 for IPv6)` })
        .optional(),
      ipipMode: encapMode('ipipMode').optional(),
      vxlanMode: encapMode('vxlanMode').optional(),
      natOutgoing: z.boolean().optional(),
      disabled: z.boolean().optional(),
      nodeSelector: z.string().optional(),
    })
    .optional(),
});
export type IpPool = z.infer<typeof IpPoolSchema>;

/** kubeadm.k8s.io ClusterConfiguration (v1beta1–v1beta4): the networking part netreach reads. */
export const KubeadmClusterConfigurationSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.literal('ClusterConfiguration'),
  networking: z
    .looseObject({
      podSubnet: z.string().optional(),
      serviceSubnet: z.string().optional(),
      dnsDomain: z.string().optional(),
    })
    .optional(),
});
export type KubeadmClusterConfiguration = z.infer<typeof KubeadmClusterConfigurationSchema>;
