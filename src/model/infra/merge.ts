/**
 * Joins the infrastructure read from every source into one InfraModel: one element per key, every
 * reference resolved against the whole model (an eksctl config naming `vpc-0abc` meets the VPC from
 * describe output), and what follows from the routes: each subnet's route table (its explicit
 * association, else its VPC's main table) and whether it is public (a default route to an internet
 * gateway) or private.
 */
import { compareStrings } from '../../core/source.js';
import type { InfraModel, Reference, RouteTableElement, SubnetElement } from './types.js';

export function emptyInfra(): InfraModel {
  return { vpcs: [], subnets: [], routeTables: [], gateways: [], securityGroups: [], networkAcls: [], clusters: [], nodeGroups: [] };
}

const KINDS = ['vpcs', 'subnets', 'routeTables', 'gateways', 'securityGroups', 'networkAcls', 'clusters', 'nodeGroups'] as const;

/** Parts in order of precedence: for a key present twice, the first part's element is kept. */
export function mergeInfra(parts: readonly InfraModel[]): InfraModel {
  const out = emptyInfra();
  for (const kind of KINDS) {
    const seen = new Set<string>();
    const list: { key: string }[] = [];
    for (const part of parts)
      for (const el of part[kind] as readonly { key: string }[]) {
        if (seen.has(el.key)) continue;
        seen.add(el.key);
        list.push(el);
      }
    list.sort((a, b) => compareStrings(a.key, b.key));
    (out[kind] as { key: string }[]) = list;
  }
  resolveReferences(out);
  deriveRouting(out);
  return out;
}

/** Every reference in the model (objects shared with the elements: resolving them updates the model). */
export function referencesOf(m: InfraModel): Reference[] {
  const refs: Reference[] = [];
  for (const s of m.subnets) refs.push(s.vpc);
  for (const t of m.routeTables) refs.push(t.vpc, ...t.subnets, ...t.routes.map((r) => r.target.ref));
  for (const g of m.gateways) refs.push(...[g.vpc, g.subnet, g.peer?.vpc].filter((r): r is Reference => r !== undefined));
  for (const sg of m.securityGroups) {
    if (sg.vpc) refs.push(sg.vpc);
    for (const rule of sg.rules) for (const p of rule.peers) if (p.kind === 'security-group') refs.push(p.ref);
  }
  for (const acl of m.networkAcls) refs.push(...(acl.vpc ? [acl.vpc] : []), ...acl.subnets);
  for (const c of m.clusters) refs.push(...(c.vpc ? [c.vpc] : []), ...c.subnets, ...(c.securityGroups ?? []));
  for (const ng of m.nodeGroups) refs.push(...ng.subnets, ...(ng.securityGroups ?? []));
  return refs;
}

function resolveReferences(m: InfraModel): void {
  const keys = new Set<string>(KINDS.flatMap((k) => (m[k] as readonly { key: string }[]).map((e) => e.key)));
  // Physical IDs also name elements keyed otherwise (a CloudFormation VPC whose ID a describe file states).
  const byId = new Map<string, string>();
  for (const k of KINDS) for (const e of m[k] as readonly { key: string; id?: string }[]) if (e.id !== undefined && !byId.has(e.id)) byId.set(e.id, e.key);
  for (const ref of referencesOf(m)) {
    const key = ref.key !== undefined && keys.has(ref.key) ? ref.key : keys.has(ref.text) ? ref.text : byId.get(ref.text);
    ref.resolved = key !== undefined;
    if (key !== undefined) ref.key = key;
  }
}

/** Default routes that make a subnet public: IPv4 or IPv6 to an internet gateway, not a blackhole. */
function sendsToInternetGateway(table: RouteTableElement): boolean {
  return table.routes.some((r) => r.active && r.target.kind === 'igw' && r.destination.known && (r.destination.value === '0.0.0.0/0' || r.destination.value === '::/0'));
}

function deriveRouting(m: InfraModel): void {
  const explicit = new Map<string, RouteTableElement>();
  const main = new Map<string, RouteTableElement>();
  for (const t of m.routeTables) {
    for (const s of t.subnets) if (s.key !== undefined && !explicit.has(s.key)) explicit.set(s.key, t);
    if (t.main && t.vpc.key !== undefined && !main.has(t.vpc.key)) main.set(t.vpc.key, t);
  }
  for (const subnet of m.subnets as SubnetElement[]) {
    const table = explicit.get(subnet.key) ?? (subnet.vpc.key === undefined ? undefined : main.get(subnet.vpc.key));
    if (table) subnet.routeTable = table.key;
    // eksctl states the tier; everywhere else the routes decide (MapPublicIpOnLaunch does not).
    if (subnet.tier === 'unknown' && table) subnet.tier = sendsToInternetGateway(table) ? 'public' : 'private';
  }
}
