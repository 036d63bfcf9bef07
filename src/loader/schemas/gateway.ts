/** Gateway API (gateway.networking.k8s.io, v1 / v1beta1 / v1alpha2): classes, gateways, routes, grants. */
import { z } from 'zod';
import { labelSelector, manifest, portNumber } from './common.js';

export const GatewayClassSchema = manifest({
  spec: z.looseObject({ controllerName: z.string() }),
});
export type GatewayClass = z.infer<typeof GatewayClassSchema>;

const routeGroupKind = z.looseObject({ group: z.string().optional(), kind: z.string() });

const listener = z.looseObject({
  name: z.string(),
  hostname: z.string().optional(),
  port: portNumber,
  protocol: z.string(),
  allowedRoutes: z
    .looseObject({
      namespaces: z
        .looseObject({
          from: z.enum(['All', 'Same', 'Selector'], { error: 'expected All, Same or Selector' }).optional(),
          selector: labelSelector.optional(),
        })
        .optional(),
      kinds: z.array(routeGroupKind).optional(),
    })
    .optional(),
});
export type Listener = z.infer<typeof listener>;

export const GatewaySchema = manifest({
  spec: z.looseObject({
    gatewayClassName: z.string(),
    listeners: z.array(listener).min(1, { error: 'a Gateway needs at least one listener' }),
    addresses: z.array(z.looseObject({ type: z.string().optional(), value: z.string() })).optional(),
  }),
});
export type Gateway = z.infer<typeof GatewaySchema>;

const parentRef = z.looseObject({
  group: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string(),
  sectionName: z.string().optional(),
  port: portNumber.optional(),
});
export type ParentReference = z.infer<typeof parentRef>;

const backendRef = z.looseObject({
  group: z.string().optional(),
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string(),
  port: portNumber.optional(),
  weight: z.int().min(0).optional(),
});
export type BackendRef = z.infer<typeof backendRef>;

/** All route kinds share parentRefs and rules[].backendRefs; the rest (matches, filters) passes through. */
export const RouteSchema = manifest({
  spec: z.looseObject({
    parentRefs: z.array(parentRef).optional(),
    hostnames: z.array(z.string()).optional(),
    rules: z.array(z.looseObject({ backendRefs: z.array(backendRef).optional() })).optional(),
  }),
});
export type Route = z.infer<typeof RouteSchema>;

export const ReferenceGrantSchema = manifest({
  spec: z.looseObject({
    from: z.array(z.looseObject({ group: z.string(), kind: z.string(), namespace: z.string() })).min(1),
    to: z.array(z.looseObject({ group: z.string(), kind: z.string(), name: z.string().optional() })).min(1),
  }),
});
export type ReferenceGrant = z.infer<typeof ReferenceGrantSchema>;
