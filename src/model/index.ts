export { buildModel, ingressServiceNames, NAMESPACE_NAME_LABEL, SERVICE_NAME_LABEL } from './build.js';
export { elementId, namespaceOf, fqnOf } from './identity.js';
export { matchesMap, matchesSelector, formatSelector, type Labels } from './selectors.js';
export { WORKLOAD_KINDS } from './workloads.js';
export { workloadMatchesMap } from './pod-labels.js';
export type * from './types.js';
