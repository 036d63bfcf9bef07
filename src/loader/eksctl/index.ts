/** eksctl ClusterConfig (eksctl.io/v1alpha5): schema, eksctl's defaults, and the loader to ClusterModel. */
export { loadClusterConfig, type ClusterConfigLoad, type LoadClusterConfigOptions } from './load.js';
export type { AddonModel, ClusterModel, FieldSource, NodeGroupModel, Provenance, Sources, SubnetModel, TaintModel, VpcModel } from './model.js';
export {
  CLUSTER_CONFIG_KIND,
  CLUSTER_CONFIG_KIND_SCHEMA,
  ClusterConfigSchema,
  EKSCTL_API_VERSION,
  NAT_GATEWAY_MODES,
  isClusterConfig,
  type ClusterConfig,
  type NatGatewayMode,
} from './schema.js';
export * from './defaults.js';
export { parseEmbedded, type EmbeddedDocument, type EmbeddingOwner } from './embedded.js';
