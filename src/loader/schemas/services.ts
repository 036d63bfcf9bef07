/** Services and their endpoints (core/v1, discovery.k8s.io/v1). */
import { z } from 'zod';
import { cidr, dns1035Label, dnsLabel, intOrPortName, ipAddress, manifest, portNumber, protocol } from './common.js';

const servicePort = z.looseObject({
  name: dnsLabel.optional(),
  protocol: protocol.optional(),
  appProtocol: z.string().optional(),
  port: portNumber,
  targetPort: intOrPortName.optional(),
  /** Any valid port number here; the cluster's NodePort range is a rule (service/…), not input validation. */
  nodePort: portNumber.optional(),
});
export type ServicePort = z.infer<typeof servicePort>;

export const ServiceSchema = manifest(
  {
    spec: z
      .looseObject({
        type: z
          .enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], {
            error: 'expected ClusterIP, NodePort, LoadBalancer or ExternalName',
          })
          .optional(),
        selector: z.record(z.string(), z.string()).optional(),
        ports: z.array(servicePort).optional(),
        /** Checked by service/invalid-cluster-ip rather than here, so the message can explain the options. */
        clusterIP: z.string().optional(),
        clusterIPs: z.array(z.string()).optional(),
        externalName: z.string().optional(),
        externalIPs: z.array(ipAddress).optional(),
        externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
        internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
        loadBalancerSourceRanges: z.array(cidr).optional(),
        loadBalancerClass: z.string().optional(),
        ipFamilies: z.array(z.enum(['IPv4', 'IPv6'])).optional(),
        ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional(),
        publishNotReadyAddresses: z.boolean().optional(),
        healthCheckNodePort: portNumber.optional(),
      })
      .optional(),
  },
  dns1035Label,
);
export type Service = z.infer<typeof ServiceSchema>;

const objectReference = z.looseObject({
  kind: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
});

const endpointAddress = z.looseObject({
  ip: ipAddress,
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  targetRef: objectReference.optional(),
});

const endpointPort = z.looseObject({
  name: z.string().optional(),
  port: portNumber,
  protocol: protocol.optional(),
});

export const EndpointsSchema = manifest({
  subsets: z
    .array(
      z.looseObject({
        addresses: z.array(endpointAddress).optional(),
        notReadyAddresses: z.array(endpointAddress).optional(),
        ports: z.array(endpointPort).optional(),
      }),
    )
    .optional(),
});
export type Endpoints = z.infer<typeof EndpointsSchema>;

export const EndpointSliceSchema = manifest({
  addressType: z.enum(['IPv4', 'IPv6', 'FQDN'], { error: 'expected IPv4, IPv6 or FQDN' }),
  endpoints: z
    .array(
      z.looseObject({
        addresses: z.array(z.string()).min(1, { error: 'an endpoint needs at least one address' }),
        conditions: z.looseObject({ ready: z.boolean().optional() }).optional(),
        nodeName: z.string().optional(),
        targetRef: objectReference.optional(),
      }),
    )
    .optional(),
  ports: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        port: portNumber.optional(),
        protocol: protocol.optional(),
      }),
    )
    .optional(),
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;
