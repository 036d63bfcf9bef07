/**
 * The addresses traffic through an AWS load balancer carries at each step: the clients it admits, what the target
 * (node or pod) sees, what the pod sees after kube-proxy, and where health checks come from. IPv4 only.
 *
 * - Clients: the listener's inbound CIDRs (inbound-cidrs, loadBalancerSourceRanges, the controllers' defaults; an
 *   internal NLB's default is the VPC's CIDRs); across the internet only public addresses arrive.
 * - At the target: an ALB and a Classic Load Balancer open their own connections (the client address travels in
 *   X-Forwarded-For), so the target sees the load balancer's private addresses, which lie in its subnets; an NLB
 *   preserves client addresses as `clientIpPreserved` says (UDP always; TCP by default for instance targets only).
 * - At the pod: ip targets are the pods. Instance targets are node ports: with `externalTrafficPolicy: Cluster`
 *   kube-proxy masquerades NodePort traffic to the node's address before forwarding it (Kubernetes "Using Source
 *   IP", Type=NodePort / Type=LoadBalancer), with `Local` it keeps the source and only sends to local pods.
 * - Health checks always come from the load balancer's own addresses (Elastic Load Balancing target group health
 *   checks), whatever client IP preservation does.
 */
import type { ServicePort } from '../../loader/schemas/index.js';
import type { LbContext } from '../vpc/lb-placement.js';
import { clientIpPreserved } from '../../model/lb/service.js';
import type { LbTargetGroup, LoadBalancer } from '../../model/lb/types.js';
import type { InfraModel, SubnetElement, VpcElement } from '../../model/infra/types.js';
import { internetAddresses } from '../internet.js';
import { IpSet, parseCidr } from '../ip.js';
import { subnetAddresses } from '../vpc/addresses.js';
import { subnetsOf } from '../vpc/endpoints.js';
import { vpcCidrs } from '../vpc/routes.js';
import { infraLabel } from '../../model/infra/label.js';

export interface Addresses {
  set: IpSet;
  /** How a message names them ("the load balancer's addresses in subnets a, b"). */
  text: string;
}

export interface LbSources {
  /** The clients the listeners admit. */
  clients: Addresses & { why: string };
  /** Does the target see the clients' addresses? */
  preserved: { preserved: boolean; why: string };
  /** The source of client traffic at the target (node for instance targets, pod for ip targets). */
  atTarget: Addresses;
  /** The source of client traffic at the pod. */
  atPod: Addresses & { why: string };
  /** The source of the load balancer's health checks. */
  healthChecks: Addresses;
}

const V4 = IpSet.allV4();

/** The IPv4 addresses of some subnets. */
function addressesOf(subnets: readonly SubnetElement[]): IpSet {
  return subnets.reduce((acc, s) => acc.union(subnetAddresses(s)), IpSet.empty()).intersect(V4);
}

/**
 * The load balancer's own addresses: its subnets'. Without subnets (the input has the VPC but not its subnets) they
 * are somewhere in `vpc`'s CIDRs; with neither, unknown: the empty set, which callers take as "nothing to check".
 */
export function loadBalancerAddresses(subnets: readonly SubnetElement[], vpc?: VpcElement): Addresses {
  if (subnets.length === 0) {
    const cidrs = vpcCidrs(vpc).filter((c) => parseCidr(c)?.family === 4);
    if (!vpc || cidrs.length === 0) return { set: IpSet.empty(), text: "the load balancer's own addresses (its subnets are not in the input)" };
    return { set: IpSet.fromCidrs(cidrs), text: `the load balancer's own addresses somewhere in VPC ${infraLabel(vpc)} (${cidrs.join(', ')}; its subnets are not in the input)` };
  }
  return { set: addressesOf(subnets), text: `the load balancer's own addresses in subnet(s) ${subnets.map(infraLabel).join(', ')}` };
}

/** The clients admitted on the listeners that forward to `tg` (all listeners when it has no routes). */
export function lbClients(lb: LoadBalancer, context: LbContext, tg?: LbTargetGroup): LbSources['clients'] {
  const ports = tg ? new Set(tg.routes.flatMap((r) => r.listeners.map((l) => l.port))) : undefined;
  const inbound = lb.inbound.filter((i) => !ports || !i.ports || i.ports.some((p) => ports.has(p)));
  let set = IpSet.empty();
  const parts: string[] = [];
  for (const i of inbound) {
    const cidrs = i.vpc ? vpcCidrs(context.vpc) : i.cidrs;
    set = set.union(IpSet.fromCidrs(cidrs.filter((c) => parseCidr(c) !== undefined)));
    // Managed prefix lists: their entries are in the account, not the input — any client, as far as is known.
    if (i.prefixLists && i.prefixLists.length > 0) {
      set = V4;
      if (cidrs.length === 0) {
        parts.push(`the addresses of prefix list(s) ${i.prefixLists.join(', ')}, not in the input (${i.why})`);
        continue;
      }
    }
    // An internal NLB's default (the VPC's CIDRs) without the VPC in the input: unknown, so nothing is assumed.
    parts.push(`${cidrs.join(', ') || (i.vpc ? "the VPC's CIDRs, not in the input" : 'none')} (${i.why})`);
  }
  if (inbound.length === 0) {
    // Stated security groups decide, and the input may not show their rules: any client, as far as is known.
    set = V4;
    parts.push(`the clients the load balancer's security groups ${lb.securityGroups?.names.join(', ') ?? ''} admit`);
  }
  const internetFacing = lb.scheme.value === 'internet-facing';
  if (internetFacing) set = set.intersect(internetAddresses());
  return { set: set.intersect(V4), text: `clients in ${parts.join('; ')}${internetFacing ? ', over the internet' : ''}`, why: parts.join('; ') };
}

export function preservation(lb: LoadBalancer, port: ServicePort | undefined): { preserved: boolean; why: string } {
  if (lb.kind === 'ALB') return { preserved: false, why: 'an ALB opens its own connections to the targets (the client address travels in X-Forwarded-For)' };
  const tg = lb.targetGroups[0];
  if (!tg || !port) return { preserved: false, why: 'the load balancer opens its own connections' };
  // The Service's NLB/CLB as the model decided it (its controller, target type, preserve_client_ip).
  return clientIpPreserved({ kind: lb.kind, targetType: tg.targetType, ...(lb.preserveClientIp ? { preserveClientIp: lb.preserveClientIp } : {}) }, port);
}

/** The node addresses of a context: the subnets of its node groups (empty when none is known). */
function nodeAddresses(infra: InfraModel, context: LbContext): Addresses {
  const { subnets } = subnetsOf(infra, context.nodeGroups.flatMap((n) => n.subnets));
  return { set: addressesOf(subnets), text: `node addresses in subnet(s) ${subnets.map(infraLabel).join(', ')}` };
}

/** Every step's source addresses for one target group port of a load balancer placed in `subnets`. */
export function lbSources(
  infra: InfraModel,
  lb: LoadBalancer,
  context: LbContext,
  subnets: readonly SubnetElement[],
  tg: LbTargetGroup,
): LbSources {
  const clients = lbClients(lb, context, tg);
  const own = loadBalancerAddresses(subnets, context.vpc);
  const preserved = preservation(lb, tg.port);
  const atTarget: Addresses = preserved.preserved ? { set: clients.set, text: `the clients' addresses, ${clients.text}` } : own;
  let atPod: LbSources['atPod'];
  if (tg.targetType.value === 'ip') atPod = { ...atTarget, why: `target type ip: the load balancer sends to the pods; ${preserved.why}` };
  else if (tg.service?.manifest.spec?.externalTrafficPolicy === 'Local')
    atPod = { ...atTarget, why: `target type instance with externalTrafficPolicy Local: kube-proxy keeps the source; ${preserved.why}` };
  else atPod = { ...nodeAddresses(infra, context), why: 'target type instance with externalTrafficPolicy Cluster: kube-proxy masquerades node-port traffic to the node address' };
  return { clients, preserved, atTarget, atPod, healthChecks: own };
}
