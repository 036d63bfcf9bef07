import type { z } from 'zod';

/** A Kubernetes kind netreach models: which API groups may carry it, and the zod schema its manifest must pass. */
export interface KindSchema {
  kind: string;
  /** API groups accepted for this kind ('' = the core group, apiVersion "v1"). Versions are not checked. */
  groups: readonly string[];
  /** Cluster-scoped kinds (Namespace, Node, IngressClass, GatewayClass) have no metadata.namespace. */
  namespaced: boolean;
  schema: z.ZodType;
  /**
   * All or nothing: an invalid field drops the whole object instead of just that field. For kinds where
   * a partly removed object means something broader than what was written (a NetworkPolicy peer or
   * port removed would admit more), analysing it would be wrong; the API server rejects it whole too.
   */
  atomic?: boolean;
}

/** "apps/v1" → "apps", "v1" → "". */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
