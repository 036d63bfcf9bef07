/**
 * What the `cidr/` rules share: the address plan of the model (built once per model and config), the
 * overlap of two spaces, which of them are the same network seen twice, and how a space is named as a
 * finding's object.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import { compareRefs, type SourceRef } from '../../src/core/source.js';
import type { IpSet } from '../../src/engine/ip.js';
import type { ObjectRef } from '../../src/lint/define-rule.js';
import { addressPlan, ipsOf, rangesText, type AddressPlan, type AddressPlanConfig, type AddressSpace } from '../../src/model/address-plan.js';
import type { Model } from '../../src/model/types.js';

const plans = new WeakMap<Model, WeakMap<object, AddressPlan>>();

/** The model's address plan with the config's external networks (cached: several rules read it). */
export function planOf(model: Model, config: AddressPlanConfig): AddressPlan {
  let byConfig = plans.get(model);
  if (!byConfig) plans.set(model, (byConfig = new WeakMap()));
  let plan = byConfig.get(config);
  if (!plan) byConfig.set(config, (plan = addressPlan(model, config)));
  return plan;
}

/** An overlapping pair: the other space and the addresses both hold. */
export interface Hit {
  space: AddressSpace;
  common: IpSet;
  /** Spaces of the same network that the hit stands for (subnets inside a VPC CIDR, a route to a peering). */
  covers: AddressSpace[];
}

/** Both spaces are in play for the same VPC: ranges of one VPC do not meet another VPC's unless they are connected. */
export function sameScope(a: AddressSpace, b: AddressSpace): boolean {
  return a.vpc === undefined || b.vpc === undefined || a.vpc === b.vpc;
}

const isVpcAddressSpace = (s: AddressSpace) => s.kind === 'node' || (s.kind === 'pod' && s.pod?.overlay === false);

/**
 * The spaces among `candidates` overlapping `space`, one hit per network: a node subnet or a VPC-CNI pod
 * subnet inside an overlapping VPC CIDR is reported through that CIDR, the pod subnet through its node subnet,
 * and a route to a peering through the peering's CIDR.
 */
export function hitsOf(space: AddressSpace, candidates: readonly AddressSpace[]): Hit[] {
  const ips = ipsOf(space);
  const raw = candidates
    .filter((c) => c !== space && sameScope(space, c))
    .map((c) => ({ space: c, common: ips.intersect(ipsOf(c)), covers: [] as AddressSpace[] }))
    .filter((h) => !h.common.isEmpty());
  const coveredBy = (h: Hit): Hit | undefined => {
    const s = h.space;
    const inside = (outer: AddressSpace) => ipsOf(s).isSubsetOf(ipsOf(outer));
    if (isVpcAddressSpace(s)) {
      const vpc = raw.find((o) => o.space.kind === 'vpc' && (s.vpc === undefined || o.space.vpc === s.vpc) && inside(o.space));
      if (vpc) return vpc;
      if (s.kind === 'pod') return raw.find((o) => o.space.kind === 'node' && o.space.cidr === s.cidr && compareRefs(o.space.at, s.at) === 0);
    }
    if (s.kind === 'routed' && s.via?.kind === 'pcx') return raw.find((o) => o.space.kind === 'peered' && o.space.owner.key === s.via?.key);
    return undefined;
  };
  const out: Hit[] = [];
  for (const h of raw) {
    const by = coveredBy(h);
    if (by) by.covers.push(h.space);
    else out.push(h);
  }
  return out;
}

/** Where the other space of a hit is defined, and the spaces it stands for. */
export function relatedOf(hit: Hit): RelatedLocation[] {
  const s = hit.space;
  const out: RelatedLocation[] = [{ at: s.at, message: capitalize(s.label) }];
  if (s.via && compareRefs(s.via.at, s.at) !== 0) out.push({ at: s.via.at, message: `Reached through ${s.via.text}` });
  for (const at of s.alsoAt ?? []) out.push({ at, message: capitalize(s.label) });
  for (const c of hit.covers) out.push({ at: c.at, message: capitalize(c.label) });
  return dedupe(out);
}

function dedupe(list: RelatedLocation[]): RelatedLocation[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const k = `${r.at.file}:${r.at.region.startLine}:${r.at.region.startColumn}:${r.at.region.endColumn}:${r.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export { rangesText };

/** The finding's object for a space: its cluster, VPC, Node, network or the component stating it. */
export function objectOfSpace(s: AddressSpace): ObjectRef {
  const o = s.owner;
  // Pod ranges stated in Kubernetes manifests belong to the component stating them, whatever the cluster.
  if (s.kind === 'pod' && s.pod?.source !== 'aws-vpc-cni') return clusterWide(s);
  switch (o.type) {
    case 'cluster':
      return o.key !== '' ? { id: `EksCluster/${o.key}`, fqn: `AWS::EKS::Cluster/${o.key}`, name: o.name } : clusterWide(s);
    case 'vpc':
      return { id: `VPC/${o.key}`, fqn: `AWS::EC2::VPC/${o.key}`, name: o.name };
    case 'node':
      return { id: `Node/${o.key}`, fqn: `v1/Node/${o.key}`, name: o.name };
    case 'network':
      return s.kind === 'external'
        ? { id: `externalNetwork/${o.key}`, fqn: `netreach.yaml/externalNetworks/${o.key}`, name: o.name }
        : { id: `Network/${o.key}`, fqn: `AWS::EC2::Route/${o.key}`, name: o.name };
    case 'cni':
      return { id: `cni/${o.key}`, fqn: `netreach/cni/${o.key}`, name: o.name };
  }
}

/** A Kubernetes-side range with no single EKS cluster to own it: the component stating it, named by the range (messages start with its label). */
function clusterWide(s: AddressSpace): ObjectRef {
  const source = s.pod?.source ?? s.kind;
  return { id: `cni/${source}`, fqn: `netreach/cni/${source}`, name: s.text };
}

/** A key telling findings on one field apart: the other space's kind, owner and range. */
export function keyOf(s: AddressSpace): string {
  return `${s.kind}:${s.owner.key}:${s.cidr}`;
}

export function sortHits(hits: Hit[]): Hit[] {
  return hits.sort((a, b) => compareRefs(a.space.at, b.space.at) || (a.space.cidr < b.space.cidr ? -1 : a.space.cidr > b.space.cidr ? 1 : 0));
}

export type { SourceRef };
