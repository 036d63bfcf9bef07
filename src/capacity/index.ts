/** IP capacity: pods per node, subnet consumption at maximum scale, and the report that joins them per model. */
export { maxPodsCap, podsPerNode, supportsPrefixDelegation, type CapacityMode, type CniKnobs, type MaxPodsOrigin, type NodeKnobs, type PodsPerNode } from './pods-per-node.js';
export { blocksAfterSingles, delegableBlocks, EDGE_BLOCK_ADDRESSES, podEniUsage, usableAddresses, type PodEniShape, type PodEniUsage, type WarmKnobs } from './subnet-usage.js';
export {
  capacityReport,
  type CapacityReport,
  type InstanceTypeCapacity,
  type NetworkMode,
  type NodeGroupCapacity,
  type SettingUse,
  type SubnetCapacity,
  type SubnetConsumer,
} from './report.js';
