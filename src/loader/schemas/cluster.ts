/** Cluster-level kinds: Namespace, Node, ConfigMap. */
import { z } from 'zod';
import { cidr, dnsLabel, labels, manifest } from './common.js';

export const NamespaceSchema = manifest({}, dnsLabel);
export type Namespace = z.infer<typeof NamespaceSchema>;

const taint = z.looseObject({ key: z.string(), value: z.string().optional(), effect: z.string() });
export type Taint = z.infer<typeof taint>;

export const NodeSchema = manifest({
  metadata: z.looseObject({ name: z.string(), labels: labels.optional() }),
  spec: z
    .looseObject({
      podCIDR: cidr.optional(),
      podCIDRs: z.array(cidr).optional(),
      providerID: z.string().optional(),
      taints: z.array(taint).optional(),
      unschedulable: z.boolean().optional(),
    })
    .optional(),
  status: z
    .looseObject({
      addresses: z.array(z.looseObject({ type: z.string(), address: z.string() })).optional(),
    })
    .optional(),
});
export type Node = z.infer<typeof NodeSchema>;

export const ConfigMapSchema = manifest({
  data: z.record(z.string(), z.string({ error: 'ConfigMap data values must be strings (quote numbers and booleans)' })).optional(),
  binaryData: z.record(z.string(), z.string()).optional(),
});
export type ConfigMap = z.infer<typeof ConfigMapSchema>;
