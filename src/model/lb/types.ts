/**
 * The load balancers the input asks AWS for, in one shape whoever creates them: Services of type LoadBalancer
 * (NLB or Classic, by the AWS Load Balancer Controller or the in-tree cloud provider) and ALB Ingresses (one ALB per
 * IngressGroup). Rules, `query` and `connections` read this, not the annotations.
 */
import type { RelatedLocation } from '../../core/finding.js';
import type { SourceRef } from '../../core/source.js';
import type { ServicePort } from '../../loader/schemas/index.js';
import type { IngressNode, ServiceNode } from '../types.js';
import type { Decided } from './annotations.js';

export type { Decided } from './annotations.js';
export type LoadBalancerScheme = 'internet-facing' | 'internal';
export type LoadBalancerController = 'aws-load-balancer-controller' | 'in-tree';
export type LoadBalancerKind = 'ALB' | 'NLB' | 'CLB';
export type TargetType = 'ip' | 'instance';
export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'UDP' | 'TLS' | 'TCP_UDP' | 'SSL';

export interface Listener {
  port: number;
  protocol: ListenerProtocol;
  /** Where the listener is asked for (listen-ports, a Service port), or the object whose default it is. */
  at: SourceRef;
}

/** Which clients the load balancer admits on some of its listeners. */
export interface Inbound {
  cidrs: string[];
  why: string;
  at: SourceRef;
  /** The listener ports this applies to; undefined = all of them. */
  ports?: number[];
  /** The VPC's own CIDRs (an internal NLB's default): `cidrs` is empty, the VPC model says which. */
  vpc?: boolean;
  /** No client range is stated: this is the controller's default (`at` is then the listener or the object). */
  default?: boolean;
  /**
   * Managed prefix lists whose entries are admitted too (security-group-prefix-lists): their addresses live in the
   * AWS account, not in the input, so these clients are unknown to the model.
   */
  prefixLists?: string[];
}

/** An annotation value the controller rejects: it does not reconcile the object, so no load balancer is made. */
export interface LbProblem {
  /** The object that carries the value (an Ingress, its backend Service, a LoadBalancer Service). */
  object: IngressNode | ServiceNode;
  message: string;
  at: SourceRef;
}

export interface HealthCheck {
  /** `traffic-port`, a port number, or a named port (an ALB's instance targets: the Service port's node port; ip: its target port). */
  port: Decided<'traffic-port' | number | string>;
  protocol: Decided<string>;
  path?: Decided<string>;
}

/** Where one route of the load balancer is declared and what it forwards to. */
export interface LbRoute {
  /** "Ingress shop/web, rule shop.example.com/api", "Service shop/web port 443". */
  via: string;
  at: SourceRef;
  /** The listener ports it is served on. */
  listeners: Listener[];
  ingress?: IngressNode;
  host?: string;
  path?: string;
  pathType?: string;
}

/** One target group: the pods or nodes behind one backend Service port. */
export interface LbTargetGroup {
  namespace: string;
  serviceName: string;
  /** undefined when the Service is not in the input (ingress/… rules report it). */
  service?: ServiceNode;
  /** The backend's port as written (number or name). */
  portRef: number | string;
  /** The Service port it resolves to; undefined when it does not resolve. */
  port?: ServicePort;
  portAt: SourceRef;
  targetType: Decided<TargetType>;
  healthCheck: HealthCheck;
  routes: LbRoute[];
  /** Target group attributes (stringMap), and where they are set. */
  attributes?: { values: Record<string, string>; at: SourceRef };
  /** Instance targets only on nodes with these labels (target-node-labels). */
  targetNodeLabels?: { labels: Record<string, string>; at: SourceRef };
}

/** One Ingress of an ALB's IngressGroup, with what it asks for itself (rules compare members). */
export interface AlbMember {
  ingress: IngressNode;
  /** group.order (0 when not set). */
  order: number;
  /** group.order when stated (and valid), with where. */
  explicitOrder?: { value: number; at: SourceRef };
  scheme?: Decided<LoadBalancerScheme>;
  ipAddressType?: Decided<string>;
  listeners: Listener[];
  inbound?: Inbound;
  subnets?: { names: string[]; at: SourceRef };
  securityGroups?: { names: string[]; at: SourceRef };
  /** Where the Ingress is tied to the ALB class (ingressClassName, the class annotation, or the Ingress itself). */
  classAt: SourceRef;
}

/** Where a member of an IngressGroup states a setting. */
export interface GroupClaim {
  member: AlbMember;
  value: string;
  at: SourceRef;
}

/** Two members of an IngressGroup that state an Exclusive setting differently: the controller refuses the group. */
export interface GroupConflict {
  setting: 'scheme' | 'ipAddressType' | 'protocol' | 'inbound';
  /** The listen port, for protocol and inbound conflicts. */
  port?: number;
  later: GroupClaim;
  winner: GroupClaim;
}

export interface LoadBalancer {
  /** Stable identity: "Service/shop/web", "IngressGroup/shop", "Ingress/shop/web". */
  id: string;
  kind: LoadBalancerKind;
  controller: LoadBalancerController;
  /** "the internet-facing ALB of Ingress shop/web", "the internal NLB of Service shop/db". */
  label: string;
  /** The object findings are about: the Service, the group's first Ingress. */
  object: ServiceNode | IngressNode;
  /** Where the load balancer is asked for. */
  at: SourceRef;
  scheme: Decided<LoadBalancerScheme>;
  ipAddressType: Decided<string>;
  /** Subnets stated by ID or Name tag; undefined = discovered. */
  subnets?: { names: string[]; at: SourceRef; why: string };
  /** Subnets selected by tag filters (IngressClassParams spec.subnets.tags). */
  subnetTags?: { tags: Record<string, string[]>; at: SourceRef };
  /** Security groups stated for the load balancer; undefined = the controller creates one. */
  securityGroups?: { names: string[]; at: SourceRef };
  /** Does the controller add rules admitting the load balancer to the targets' security groups? */
  manageBackendSecurityGroupRules: Decided<boolean>;
  /** The clients each listener admits (inbound-cidrs, loadBalancerSourceRanges, defaults). */
  inbound: Inbound[];
  listeners: Listener[];
  targetGroups: LbTargetGroup[];
  /** ALB IngressGroups: every member Ingress, in the controller's rule order. */
  members: AlbMember[];
  /** Members that disagree on an Exclusive setting: the controller builds nothing for the group. */
  conflicts: GroupConflict[];
  /** The fields that decide what the load balancer is, for related locations. */
  decidedBy: RelatedLocation[];
  /** NLB of a Service: `preserve_client_ip.enabled` of its target group attributes, when stated (clientIpPreserved). */
  preserveClientIp?: { value: boolean; at: SourceRef };
}
