export { buildModel, NAMESPACE_NAME_LABEL, SERVICE_NAME_LABEL } from './build.js';
export { elementId, namespaceOf, fqnOf, qualifiedName, displayName } from './identity.js';
export { matchesMap, matchesSelector, formatSelector, type Labels } from './selectors.js';
export { isAssumedWorkload, WORKLOAD_KINDS } from './workloads.js';
export { workloadMatchesMap, workloadMayMatchSelector } from './pod-labels.js';
export {
  protocolOf,
  podContainers,
  podPorts,
  SERVING_CONTAINERS,
  type Protocol,
  type ContainerList,
  type ContainerSelection,
  type PodContainer,
  type PodPort,
} from './ports.js';
export { isHeadless, serviceTypeOf, serviceSelector, formatServicePorts, type ServiceType } from './services.js';
export {
  GATEWAY_GROUP,
  ingressBackends,
  routeParentRefs,
  gatewayParentRefs,
  routeBackendRefs,
  serviceBackendRefs,
  type FieldRef,
  type IngressBackendPort,
  type IngressServiceBackend,
  type RouteParentRef,
  type RouteBackendRef,
  referencePermitted,
} from './routes.js';
export type * from './types.js';
export type * from './infra/types.js';
export { nodeGroupsFor, nodeGroupFits } from './infra/placement.js';
export type { CniSettings } from './cni/settings.js';
