/**
 * eksctl `ClusterConfig` (apiVersion eksctl.io/v1alpha5): the fields netreach reads, validated as eksctl reads them.
 * Field names and types follow eksctl's own JSON schema (eksctl-io/eksctl pkg/apis/eksctl.io/v1alpha5/assets/schema.json,
 * generated from types.go) and its validation (validation.go). Everything else (iam, cloudWatch, fargateProfiles,
 * addonsConfig …) passes through untouched.
 *
 * Validation only (see ../schemas/common.ts): the loader keeps its own objects, so schemas are `z.looseObject`
 * and never transform. Unlike eksctl (which unmarshals strictly), unknown fields are not reported: eksctl adds
 * fields every release, and a stale list here would flag valid files.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import type { KindSchema } from '../schemas/registry.js';
import { cidr, isCidr, labels } from '../schemas/common.js';

export const EKSCTL_API_VERSION = 'eksctl.io/v1alpha5';
export const CLUSTER_CONFIG_KIND = 'ClusterConfig';

const show = (v: unknown): string => {
  if (v === undefined) return 'nothing (the field is missing)';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

const isIPv4Cidr = (s: string) => isCidr(s) && isIP(s.slice(0, s.indexOf('/'))) === 4;

/** eksctl's ipnet.IPNet fields that hold IPv4 networks (vpc.cidr, subnet cidr, serviceIPv4CIDR). */
const ipv4Cidr = z
  .string({ error: (iss) => `expected an IPv4 CIDR such as 192.168.0.0/16, got ${show(iss.input)}` })
  .refine(isIPv4Cidr, { error: (iss) => `${show(iss.input)} is not an IPv4 CIDR such as 192.168.0.0/16` });

/** Counts (node group sizes, volume sizes): Go ints that eksctl rejects when negative. */
const count = z.int({ error: (iss) => `expected a whole number, got ${show(iss.input)}` }).min(0, { error: 'cannot be negative' });

/**
 * A Kubernetes version: eksctl's field is a string, but an unquoted `1.30` is a YAML number that eksctl's
 * sigs.k8s.io/yaml turns into the string it needs, so both are accepted.
 */
const version = z.union([z.string(), z.number()], { error: (iss) => `expected a version such as "1.30", got ${show(iss.input)}` });

const stringList = z.array(z.string());

/** One subnet of vpc.subnets.public/private (AZSubnetSpec): keyed by AZ, or by a name with `az`. */
const subnetSpec = z.looseObject({
  id: z.string().optional(),
  az: z.string().optional(),
  cidr: ipv4Cidr.optional(),
});
export type SubnetSpec = z.infer<typeof subnetSpec>;

const subnetMapping = z.record(z.string(), subnetSpec, {
  error: (iss) => `expected a mapping of availability zones or subnet names to subnets, got ${show(iss.input)}`,
});

export const NAT_GATEWAY_MODES = ['HighlyAvailable', 'Single', 'Disable'] as const;
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

const vpc = z.looseObject({
  id: z.string().optional(),
  cidr: ipv4Cidr.optional(),
  ipv6Cidr: z.string().optional(),
  ipv6Pool: z.string().optional(),
  securityGroup: z.string().optional(),
  subnets: z.looseObject({ public: subnetMapping.optional(), private: subnetMapping.optional() }).optional(),
  hostnameType: z.string().optional(),
  extraCIDRs: z.array(cidr).optional(),
  extraIPv6CIDRs: z.array(cidr).optional(),
  sharedNodeSecurityGroup: z.string().optional(),
  manageSharedNodeSecurityGroupRules: z.boolean().optional(),
  autoAllocateIPv6: z.boolean().optional(),
  nat: z
    .looseObject({
      gateway: z.enum(NAT_GATEWAY_MODES, { error: (iss) => `expected HighlyAvailable, Single or Disable, got ${show(iss.input)}` }).optional(),
    })
    .optional(),
  clusterEndpoints: z.looseObject({ publicAccess: z.boolean().optional(), privateAccess: z.boolean().optional() }).optional(),
  publicAccessCIDRs: z.array(cidr).optional(),
  controlPlaneSubnetIDs: stringList.optional(),
  controlPlaneSecurityGroupIDs: stringList.optional(),
  controlPlaneOnPrivateSubnets: z.boolean().optional(),
});

/** eksctl compares ipFamily case-insensitively (validation.go validateKubernetesNetworkConfig). */
const ipFamily = z
  .string({ error: (iss) => `expected IPv4 or IPv6, got ${show(iss.input)}` })
  .refine((s) => /^ipv[46]$/i.test(s), { error: (iss) => `${show(iss.input)} is not IPv4 or IPv6` });

const kubernetesNetworkConfig = z.looseObject({
  ipFamily: ipFamily.optional(),
  serviceIPv4CIDR: ipv4Cidr.optional(),
  serviceIPv6CIDR: z.string().optional(),
});

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const taintEffect = z.enum(TAINT_EFFECTS, { error: (iss) => `expected NoSchedule, PreferNoSchedule or NoExecute, got ${show(iss.input)}` });

const taint = z.looseObject({ key: z.string(), value: z.string().optional(), effect: taintEffect });
export type TaintSpec = z.infer<typeof taint>;

/**
 * The map form of unmanaged node group taints (`key: value:Effect`, eksctl's taintsWrapper, parsed like kubectl's
 * `key=value:Effect`): the value part may be empty (`key: :NoExecute`).
 */
export function parseTaintValue(spec: string): { value: string; effect: string } | undefined {
  const parts = spec.split(':');
  if (parts.length !== 2) return undefined;
  const [value = '', effect = ''] = parts;
  return (TAINT_EFFECTS as readonly string[]).includes(effect) ? { value, effect } : undefined;
}

const taintMap = z.record(
  z.string(),
  z
    .string({ error: (iss) => `expected "value:Effect", got ${show(iss.input)}` })
    .refine((s) => parseTaintValue(s) !== undefined, {
      error: (iss) => `${show(iss.input)} is not "value:Effect" with Effect NoSchedule, PreferNoSchedule or NoExecute`,
    }),
);

const instanceSelector = z.looseObject({
  vCPUs: count.optional(),
  memory: z.union([z.string(), z.number()]).optional(),
  gpus: count.optional(),
  cpuArchitecture: z.string().optional(),
  allow: z.string().optional(),
  deny: z.string().optional(),
});

/** The fields both node group kinds share (eksctl's NodeGroupBase). */
const nodeGroupBase = {
  name: z.string({ error: (iss) => (iss.input === undefined ? 'required: a node group needs a name' : `expected a string, got ${show(iss.input)}`) }),
  amiFamily: z.string().optional(),
  instanceType: z.string().optional(),
  availabilityZones: stringList.optional(),
  subnets: stringList.optional(),
  desiredCapacity: count.optional(),
  minSize: count.optional(),
  maxSize: count.optional(),
  volumeSize: count.optional(),
  labels: labels.optional(),
  privateNetworking: z.boolean().optional(),
  maxPodsPerNode: count.optional(),
  securityGroups: z
    .looseObject({ attachIDs: stringList.optional(), withShared: z.boolean().optional(), withLocal: z.boolean().optional() })
    .optional(),
  instanceSelector: instanceSelector.optional(),
};

/**
 * Unmanaged node group taints: a list of {key, value, effect} or the map form (eksctl's taintsWrapper takes both).
 * Chosen by the value's shape, so a bad item is reported at its own path rather than the whole field.
 */
const unmanagedTaints = z.custom<TaintSpec[] | Record<string, string>>(() => true).superRefine((v, ctx) => {
  const schema = Array.isArray(v) ? z.array(taint) : typeof v === 'object' && v !== null ? taintMap : undefined;
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: `expected a list of {key, value, effect} or a mapping of key to "value:Effect", got ${show(v)}` });
    return;
  }
  const result = schema.safeParse(v);
  for (const iss of result.error?.issues ?? []) ctx.addIssue({ code: 'custom', path: iss.path, message: iss.message });
});

const nodeGroup = z.looseObject({
  ...nodeGroupBase,
  instancesDistribution: z.looseObject({ instanceTypes: stringList.optional() }).optional(),
  localZones: stringList.optional(),
  taints: unmanagedTaints.optional(),
});

/** Managed node groups take taints as a list only (schema.json: ManagedNodeGroup.taints is []NodeGroupTaint). */
const managedNodeGroup = z.looseObject({
  ...nodeGroupBase,
  instanceTypes: stringList.optional(),
  spot: z.boolean().optional(),
  launchTemplate: z.looseObject({ id: z.string(), version: z.union([z.string(), z.number()]).optional() }).optional(),
  taints: z.array(taint, { error: (iss) => `expected a list of {key, value, effect}, got ${show(iss.input)}` }).optional(),
});

const addon = z.looseObject({
  name: z.string({ error: (iss) => (iss.input === undefined ? 'required: an addon needs a name' : `expected a string, got ${show(iss.input)}`) }),
  version: version.optional(),
  serviceAccountRoleARN: z.string().optional(),
  attachPolicyARNs: stringList.optional(),
  resolveConflicts: z.string().optional(),
  /** EKS takes a JSON or YAML document as a string (schema.json: "type": "string"). */
  configurationValues: z
    .string({ error: (iss) => `expected a string holding JSON or YAML (quote it, or use a | block), got ${show(iss.input)}` })
    .optional(),
});

/**
 * metadata.name is required (eksctl needs it with a config file); its format is not checked, since example and
 * CI configs hold placeholders such as `${CLUSTER_NAME}` that are substituted before eksctl runs. metadata.region
 * is optional here: eksctl also takes it from --region or the AWS profile.
 */
const metadata = z.looseObject({
  name: z.string(),
  region: z.string().optional(),
  version: version.optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

export const ClusterConfigSchema = z.looseObject({
  apiVersion: z.literal(EKSCTL_API_VERSION, { error: (iss) => `expected ${EKSCTL_API_VERSION}, got ${show(iss.input)}` }),
  kind: z.literal(CLUSTER_CONFIG_KIND),
  metadata,
  vpc: vpc.optional(),
  kubernetesNetworkConfig: kubernetesNetworkConfig.optional(),
  availabilityZones: stringList.optional(),
  localZones: stringList.optional(),
  nodeGroups: z.array(nodeGroup).optional(),
  managedNodeGroups: z.array(managedNodeGroup).optional(),
  addons: z.array(addon).optional(),
  privateCluster: z.looseObject({ enabled: z.boolean().optional() }).optional(),
});
export type ClusterConfig = z.infer<typeof ClusterConfigSchema>;
export type NodeGroupSpec = z.infer<typeof nodeGroup>;
export type ManagedNodeGroupSpec = z.infer<typeof managedNodeGroup>;
export type AddonSpec = z.infer<typeof addon>;

/** The schema in the shape validateManifest takes (cluster-scoped: no namespace). */
export const CLUSTER_CONFIG_KIND_SCHEMA: KindSchema = {
  kind: CLUSTER_CONFIG_KIND,
  groups: ['eksctl.io'],
  namespaced: false,
  schema: ClusterConfigSchema,
};

/** A parsed document that is an eksctl ClusterConfig (by apiVersion and kind, before validation). */
export function isClusterConfig(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return v.kind === CLUSTER_CONFIG_KIND && typeof v.apiVersion === 'string' && v.apiVersion.startsWith('eksctl.io/');
}
