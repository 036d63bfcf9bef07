/** networking.k8s.io: NetworkPolicy, Ingress, IngressClass. */
import { z } from 'zod';
import { cidr, dnsSubdomain, intOrPortName, labelSelector, manifest, portName, portNumber, protocol } from './common.js';

const ipBlock = z.looseObject({ cidr, except: z.array(cidr).optional() });

/**
 * A peer sets podSelector and/or namespaceSelector, or ipBlock alone: the API server rejects
 * ipBlock combined with a selector, and a peer with none of them.
 */
const policyPeer = z
  .looseObject({
    podSelector: labelSelector.optional(),
    namespaceSelector: labelSelector.optional(),
    ipBlock: ipBlock.optional(),
  })
  .superRefine((peer, ctx) => {
    const selectors = peer.podSelector !== undefined || peer.namespaceSelector !== undefined;
    if (peer.ipBlock !== undefined && selectors)
      ctx.addIssue({ code: 'custom', path: ['ipBlock'], message: 'ipBlock cannot be combined with podSelector or namespaceSelector in one peer' });
    if (peer.ipBlock === undefined && !selectors)
      ctx.addIssue({ code: 'custom', message: 'a peer needs podSelector, namespaceSelector or ipBlock' });
  });
export type NetworkPolicyPeer = z.infer<typeof policyPeer>;

const policyPort = z
  .looseObject({
    protocol: protocol.optional(),
    port: intOrPortName.optional(),
    endPort: portNumber.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.endPort === undefined) return;
    if (typeof p.port !== 'number')
      ctx.addIssue({ code: 'custom', path: ['endPort'], message: 'endPort needs a numeric port' });
    else if (p.endPort < p.port)
      ctx.addIssue({ code: 'custom', path: ['endPort'], message: `endPort ${p.endPort} is below port ${p.port}` });
  });
export type NetworkPolicyPort = z.infer<typeof policyPort>;

const ingressRule = z.looseObject({ from: z.array(policyPeer).optional(), ports: z.array(policyPort).optional() });
const egressRule = z.looseObject({ to: z.array(policyPeer).optional(), ports: z.array(policyPort).optional() });
export type NetworkPolicyIngressRule = z.infer<typeof ingressRule>;
export type NetworkPolicyEgressRule = z.infer<typeof egressRule>;

export const NetworkPolicySchema = manifest({
  spec: z.looseObject({
    podSelector: labelSelector.optional(),
    policyTypes: z.array(z.enum(['Ingress', 'Egress'], { error: 'expected Ingress or Egress' })).optional(),
    ingress: z.array(ingressRule).optional(),
    egress: z.array(egressRule).optional(),
  }),
});
export type NetworkPolicy = z.infer<typeof NetworkPolicySchema>;

/** networking.k8s.io/v1 backend, plus the v1beta1 / extensions form (serviceName, servicePort). */
const ingressBackend = z.looseObject({
  service: z
    .looseObject({
      name: z.string(),
      port: z
        .looseObject({ number: portNumber.optional(), name: portName.optional() })
        .refine((p) => (p.number === undefined) !== (p.name === undefined), {
          error: 'set exactly one of port.number and port.name',
        })
        .optional(),
    })
    .optional(),
  resource: z.looseObject({ kind: z.string(), name: z.string() }).optional(),
  serviceName: z.string().optional(),
  servicePort: intOrPortName.optional(),
});
export type IngressBackend = z.infer<typeof ingressBackend>;

export const IngressSchema = manifest({
  spec: z
    .looseObject({
      ingressClassName: z.string().optional(),
      defaultBackend: ingressBackend.optional(),
      /** v1beta1 name of defaultBackend. */
      backend: ingressBackend.optional(),
      rules: z
        .array(
          z.looseObject({
            host: z.string().optional(),
            http: z
              .looseObject({
                paths: z.array(
                  z.looseObject({
                    path: z.string().optional(),
                    pathType: z.enum(['Exact', 'Prefix', 'ImplementationSpecific']).optional(),
                    backend: ingressBackend,
                  }),
                ),
              })
              .optional(),
          }),
        )
        .optional(),
      tls: z.array(z.looseObject({ hosts: z.array(z.string()).optional(), secretName: z.string().optional() })).optional(),
    })
    .optional(),
});
export type Ingress = z.infer<typeof IngressSchema>;

export const IngressClassSchema = manifest(
  {
    spec: z
      .looseObject({
        controller: z.string().optional(),
        parameters: z.looseObject({ kind: z.string(), name: z.string() }).optional(),
      })
      .optional(),
  },
  dnsSubdomain,
);
export type IngressClass = z.infer<typeof IngressClassSchema>;
