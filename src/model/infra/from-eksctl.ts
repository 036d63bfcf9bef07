/**
 * eksctl ClusterConfig (the loader's ClusterModel, eksctl's defaults applied) → the unified infrastructure model.
 *
 * What eksctl creates around the VPC it owns follows github.com/eksctl-io/eksctl pkg/cfn/builder (vpc.go,
 * vpc_ipv4.go IPv4VPCResourceSet, vpc_ipv6.go IPv6VPCResourceSet):
 * - IPv4: an InternetGateway attached to the VPC; one PublicRouteTable with 0.0.0.0/0 → the IGW, associated with
 *   every public subnet (local-zone ones included). NAT per vpc.nat.gateway: Single → one NATGateway in the public
 *   subnet of availabilityZones[0]; HighlyAvailable → one per public subnet (NATGateway<ZONE>); Disable → none.
 *   Every private subnet gets its own PrivateRouteTable<ZONE>: 0.0.0.0/0 → the single NAT, → the NAT of its own
 *   zone (HighlyAvailable), or no default route (Disable).
 * - IPv6: always one NAT gateway (vpc.nat is not a supported option for IPv6) in the first zone's public subnet, an
 *   EgressOnlyInternetGateway, public table 0.0.0.0/0 and ::/0 → IGW, private tables 0.0.0.0/0 → NAT, ::/0 → EIGW.
 * - Fully-private cluster (privateCluster.enabled): no IGW, no NAT, no public subnets; the private tables have
 *   no default route.
 * An existing VPC (vpc.id or stated subnets): eksctl creates no gateway or route table, so none is modelled.
 *
 * Node group placement follows pkg/cfn/builder/nodegroup.go AssignSubnets and pkg/vpc SelectNodeGroupSubnets:
 * nothing stated → every cluster subnet (availability-zone subnets, not local-zone ones) of the tier given by
 * privateNetworking (public unless privateNetworking); availabilityZones / localZones → the tier's subnets in those
 * zones; subnets → each looked up by name then ID among the tier's subnets, then the other tier's, else an
 * external subnet ID eksctl looks up in AWS.
 *
 * Security groups (pkg/cfn/builder/cluster.go, nodegroup.go, managed_nodegroup.go): EKS creates the cluster security
 * group (documented default rules: all from itself, all outbound — docs.aws.amazon.com/eks/latest/userguide/
 * sec-group-reqs.html); eksctl adds its ControlPlaneSecurityGroup (on the control plane), ClusterSharedNodeSecurityGroup
 * (on every node) and, for self-managed node groups, one group per node group. eksctl writes their rules itself and
 * they are not in the input, so they are modelled `complete: false` (`managedBy: 'eksctl'`): never a proof of denial.
 * The loader does not keep `securityGroups.attachIDs` / `vpc.securityGroup`; attached groups can only allow more.
 */
import { defaultNetworkAcl } from './vpc-defaults.js';
import type { SourceRef } from '../../core/source.js';
import type { ClusterModel, NodeGroupModel, SubnetModel } from '../../loader/eksctl/model.js';
import type {
  CidrBlock,
  EksClusterElement,
  GatewayElement,
  InfraModel,
  Known,
  NodeGroupElement,
  Reference,
  RouteElement,
  RouteTableElement,
  RouteTargetKind,
  SecurityGroupElement,
  SubnetElement,
  VpcElement,
} from './types.js';

const INTERNET_IPV4 = '0.0.0.0/0';
const INTERNET_IPV6 = '::/0';

/** Tags eksctl puts on the subnets it creates (vpc_ipv4.go addSubnets, vpc_ipv6.go createSubnet). */
const PUBLIC_ELB_TAG = 'kubernetes.io/role/elb';
const PRIVATE_ELB_TAG = 'kubernetes.io/role/internal-elb';

const known = <T>(value: T): Known<T> => ({ known: true, value });

/** eksctl's node group amiFamily when none is stated. */
export const EKSCTL_DEFAULT_AMI_FAMILY = 'AmazonLinux2023';

/** eksctl's `ami` keywords that pick the family's EKS-optimized image; any other value is an AMI id (custom-ami-support). */
const EKSCTL_AMI_KEYWORDS = ['auto', 'auto-ssm', 'static'];

/**
 * Where a node group's image may not be the family's EKS-optimized one: `ami` set to an AMI id ("When setting
 * --node-ami to an ID string, eksctl will assume that a custom AMI has been requested", eksctl custom-ami-support), or
 * a managed node group's launch template, which may name its own image (eksctl launch-template-support).
 */
function customImageOf(ng: NodeGroupModel): { text: string; at: SourceRef } | undefined {
  if (ng.ami && !EKSCTL_AMI_KEYWORDS.includes(ng.ami.value.toLowerCase())) return { text: `ami: ${ng.ami.value}`, at: ng.ami.at };
  if (ng.launchTemplate) return { text: `launchTemplate ${ng.launchTemplate.id}`, at: ng.launchTemplate.at };
  return undefined;
}

/** eksctl's CloudFormation resource-name suffix for a zone (vpc.go formatAZ / makeAZResourceName). */
const resourceSuffix = (zone: string) => zone.replaceAll('-', '').toUpperCase();

/**
 * `keyPrefix` (default `eksctl:<cluster name>`) names the elements eksctl would create; the caller
 * passes another when two configs of the input share a cluster name, so their plans stay apart.
 */
export function infraFromEksctl(cluster: ClusterModel, keyPrefix = `eksctl:${cluster.name}`): InfraModel {
  return new EksctlInfra(cluster, keyPrefix).build();
}

class EksctlInfra {
  readonly prefix: string;
  readonly vpcKey: string;
  readonly out: InfraModel = {
    vpcs: [],
    subnets: [],
    routeTables: [],
    gateways: [],
    securityGroups: [],
    networkAcls: [],
    clusters: [],
    nodeGroups: [],
  };
  /** Subnet model → its element (same order as cluster.vpc.subnets). */
  readonly subnetElements = new Map<SubnetModel, SubnetElement>();

  constructor(
    readonly cluster: ClusterModel,
    keyPrefix: string,
  ) {
    this.prefix = keyPrefix;
    this.vpcKey = cluster.vpc.id ?? `${this.prefix}#vpc`;
  }

  build(): InfraModel {
    this.vpc();
    for (const s of this.cluster.vpc.subnets) this.subnet(s);
    if (this.cluster.vpc.createdByEksctl) this.ownedNetwork();
    this.eksCluster();
    for (const ng of this.cluster.nodeGroups) this.nodeGroup(ng);
    return this.out;
  }

  /** A reference to the cluster's VPC. Resolved when its identity is certain: eksctl creates it, or vpc.id names it. */
  vpcRef(at: SourceRef): Reference {
    const v = this.cluster.vpc;
    const resolved = v.createdByEksctl || v.id !== undefined;
    return {
      key: this.vpcKey,
      text: v.id ?? (v.createdByEksctl ? 'VPC' : 'existing VPC of the stated subnets'),
      resolved,
      at,
    };
  }

  vpc(): void {
    const v = this.cluster.vpc;
    const cidrs: CidrBlock[] = [];
    if (v.cidr !== undefined) cidrs.push({ cidr: known(v.cidr), at: v.sources.cidr.at });
    else if (v.extraCIDRs.length > 0) {
      // Keep "primary first": the primary block exists but eksctl reads it from AWS.
      cidrs.push({ cidr: { known: false, expr: 'primary CIDR of the existing VPC (eksctl reads it from AWS)' }, at: v.sources.cidr.at });
    }
    v.extraCIDRs.forEach((c, i) => cidrs.push({ cidr: known(c), at: v.extraCIDRsAt[i] ?? v.sources.extraCIDRs.at }));
    const ipv6Cidrs: CidrBlock[] =
      v.createdByEksctl && this.cluster.ipFamily === 'IPv6'
        ? [{ cidr: { known: false, expr: 'Amazon-provided IPv6 CIDR block (eksctl: AmazonProvidedIpv6CidrBlock)' }, at: v.at }]
        : [];
    const el: VpcElement = {
      key: this.vpcKey,
      source: 'eksctl',
      at: v.id !== undefined ? v.sources.id.at : v.at,
      cidrs,
      ipv6Cidrs,
    };
    if (v.id !== undefined) el.id = v.id;
    this.out.vpcs.push(el);
    // eksctl creates route tables for its subnets but leaves the default ACL as AWS makes it.
    if (v.createdByEksctl) this.out.networkAcls.push(defaultNetworkAcl(el));
  }

  subnetKey(s: SubnetModel): string {
    return s.id ?? `${this.prefix}#subnet/${s.tier}/${s.name}`;
  }

  subnet(s: SubnetModel): void {
    const created = this.cluster.vpc.createdByEksctl;
    const el: SubnetElement = {
      key: this.subnetKey(s),
      source: 'eksctl',
      at: s.id !== undefined ? s.sources.id.at : s.at,
      name: s.name,
      vpc: this.vpcRef(s.at),
      tier: s.tier,
      tags: created ? { [s.tier === 'public' ? PUBLIC_ELB_TAG : PRIVATE_ELB_TAG]: '1' } : {},
    };
    if (s.id !== undefined) el.id = s.id;
    if (s.cidr !== undefined) el.cidr = { cidr: known(s.cidr), at: s.sources.cidr.at };
    el.az = { ...this.azOf(s), at: s.sources.az.at };
    this.out.subnets.push(el);
    this.subnetElements.set(s, el);
  }

  azOf(s: SubnetModel): Known<string> {
    if (s.az === undefined) return { known: false, expr: `AZ of ${s.id ?? s.name} (eksctl looks it up in AWS)` };
    if (!s.assumed) return known(s.az);
    const n = /^az-(\d+)$/.exec(s.az)?.[1];
    return { known: false, expr: n !== undefined ? `eksctl-assigned AZ ${n}` : `eksctl-assigned AZ (${s.az})` };
  }

  /** The gateways and route tables eksctl creates in a VPC it owns. */
  ownedNetwork(): void {
    const c = this.cluster;
    const v = c.vpc;
    const vpcAt = v.at;
    const natAt = v.sources.nat.at;
    const ipv6 = c.ipFamily === 'IPv6';
    const subnets = v.subnets;
    const publicSubnets = subnets.filter((s) => s.tier === 'public');
    const privateSubnets = subnets.filter((s) => s.tier === 'private');
    const publicAzSubnets = publicSubnets.filter((s) => s.zoneType === 'availability-zone');

    const subnetRef = (s: SubnetModel, at: SourceRef): Reference => ({ key: this.subnetKey(s), text: s.name, resolved: true, at });
    const localRoutes = (): RouteElement[] => {
      const routes: RouteElement[] = [];
      for (const block of this.out.vpcs[0]?.cidrs ?? []) {
        if (!block.cidr.known) continue;
        routes.push(this.route(block.cidr, block.at, 'local', { key: this.vpcKey, text: 'local', resolved: true, at: block.at }, vpcAt));
      }
      return routes;
    };
    const routeTable = (key: string, associated: SubnetModel[], routes: RouteElement[]): RouteTableElement => {
      const rt: RouteTableElement = {
        key,
        source: 'eksctl',
        at: vpcAt,
        vpc: this.vpcRef(vpcAt),
        main: false,
        subnets: associated.map((s) => subnetRef(s, s.at)),
        routes: [...localRoutes(), ...routes],
      };
      this.out.routeTables.push(rt);
      for (const s of associated) {
        const el = this.subnetElements.get(s);
        if (el) el.routeTable = key;
      }
      return rt;
    };
    const privateTableKey = (s: SubnetModel) => `${this.prefix}#routetable/private/${s.name}`;

    if (c.fullyPrivate) {
      // vpc_ipv4.go addResources / vpc_ipv6.go CreateTemplate: private subnets and tables only, no gateway.
      for (const s of privateSubnets) routeTable(privateTableKey(s), [s], []);
      return;
    }

    const igwKey = `${this.prefix}#igw`;
    this.gateway({ key: igwKey, source: 'eksctl', at: vpcAt, kind: 'igw', vpc: this.vpcRef(vpcAt) });
    const igwRef: Reference = { key: igwKey, text: 'InternetGateway', resolved: true, at: vpcAt };
    let eigwRef: Reference | undefined;
    if (ipv6) {
      const eigwKey = `${this.prefix}#eigw`;
      this.gateway({ key: eigwKey, source: 'eksctl', at: vpcAt, kind: 'eigw', vpc: this.vpcRef(vpcAt) });
      eigwRef = { key: eigwKey, text: 'EgressOnlyInternetGateway', resolved: true, at: vpcAt };
    }

    const publicRoutes = [this.route(known(INTERNET_IPV4), vpcAt, 'igw', igwRef, vpcAt)];
    if (ipv6) publicRoutes.push(this.route(known(INTERNET_IPV6), vpcAt, 'igw', igwRef, vpcAt));
    routeTable(`${this.prefix}#routetable/public`, publicSubnets, publicRoutes);

    // NAT gateways: key → reference, and which NAT each private subnet's table routes to.
    const natFor = new Map<SubnetModel, Reference>();
    const addNat = (key: string, text: string, inSubnet: SubnetModel | undefined): Reference => {
      const nat: GatewayElement = { key, source: 'eksctl', at: natAt, kind: 'nat', vpc: this.vpcRef(natAt), connectivity: 'public' };
      if (inSubnet) nat.subnet = subnetRef(inSubnet, natAt);
      this.gateway(nat);
      return { key, text, resolved: true, at: natAt };
    };
    const mode = ipv6 ? 'Single' : v.nat;
    if (mode === 'Single') {
      const firstZone = c.availabilityZones[0];
      const host = publicAzSubnets.find((s) => s.az === firstZone) ?? publicAzSubnets[0];
      const ref = addNat(`${this.prefix}#nat`, 'NATGateway', host);
      for (const s of privateSubnets) natFor.set(s, ref);
    } else if (mode === 'HighlyAvailable') {
      for (const pub of publicAzSubnets) {
        const ref = addNat(`${this.prefix}#nat/${pub.name}`, `NATGateway${resourceSuffix(pub.name)}`, pub);
        const priv = privateSubnets.find((s) => s.name === pub.name);
        if (priv) natFor.set(priv, ref);
      }
    }

    for (const s of privateSubnets) {
      const routes: RouteElement[] = [];
      const nat = natFor.get(s);
      if (nat) routes.push(this.route(known(INTERNET_IPV4), natAt, 'nat', nat, natAt));
      if (eigwRef) routes.push(this.route(known(INTERNET_IPV6), vpcAt, 'eigw', eigwRef, vpcAt));
      routeTable(privateTableKey(s), [s], routes);
    }
  }

  route(destination: Known<string>, destinationAt: SourceRef, kind: RouteTargetKind, ref: Reference, at: SourceRef): RouteElement {
    return { destination: { ...destination, at: destinationAt }, target: { kind, ref }, active: true, at };
  }

  gateway(g: GatewayElement): void {
    this.out.gateways.push(g);
  }

  /** Subnets the control plane is given: eksctl passes the public and private availability-zone subnets. */
  clusterSubnets(): SubnetModel[] {
    return this.cluster.vpc.subnets.filter((s) => s.zoneType === 'availability-zone');
  }

  eksCluster(): void {
    const c = this.cluster;
    const v = c.vpc;
    const endpointAt =
      [v.sources.publicAccess, v.sources.privateAccess, v.sources.publicAccessCIDRs].find((s) => s.from === 'stated')?.at ?? v.sources.publicAccess.at;
    const el: EksClusterElement = {
      key: this.prefix,
      source: 'eksctl',
      at: c.sources.name.at,
      name: c.name,
      vpc: this.vpcRef(v.at),
      subnets: this.clusterSubnets().map((s) => ({ key: this.subnetKey(s), text: s.id ?? s.name, resolved: true, at: s.at })),
      ipFamily: c.ipFamily,
      endpoint: {
        publicAccess: v.endpoints.publicAccess,
        privateAccess: v.endpoints.privateAccess,
        publicAccessCidrs: [...v.publicAccessCIDRs],
        at: endpointAt,
      },
      addons: c.addons.map((a) => ({ name: a.name, at: a.at, ...(a.configurationValues ? { configurationValues: a.configurationValues } : {}) })),
    };
    if (c.region !== undefined) el.region = c.region;
    if (c.version !== undefined && c.sources.version.from === 'stated') el.version = { value: c.version, at: c.sources.version.at };
    if (c.controlPlaneOutpost !== undefined) el.controlPlaneOutpost = c.controlPlaneOutpost;
    if (c.serviceIPv4CIDR !== undefined) el.serviceIPv4Cidr = { ...known(c.serviceIPv4CIDR), at: c.sources.serviceIPv4CIDR.at };
    el.clusterSecurityGroup = this.clusterSecurityGroup(el).key;
    el.securityGroups = [this.eksctlSecurityGroup('control-plane', 'ControlPlaneSecurityGroup', el.at)];
    this.out.clusters.push(el);
  }

  /** EKS's cluster security group with its documented default rules (sec-group-reqs.html "Default cluster security group"). */
  clusterSecurityGroup(cluster: EksClusterElement): SecurityGroupElement {
    const key = `${this.prefix}#cluster-security-group`;
    const at = cluster.at;
    const self: Reference = { key, text: 'ClusterSecurityGroupId', resolved: true, at };
    const sg: SecurityGroupElement = {
      key,
      at,
      source: 'eksctl',
      name: `eks-cluster-sg-${cluster.name}`,
      vpc: this.vpcRef(at),
      managedBy: 'eks',
      complete: true,
      rules: [
        { direction: 'ingress', protocol: 'all', peers: [{ kind: 'security-group', ref: { ...self } }], at },
        { direction: 'egress', protocol: 'all', peers: [{ kind: 'cidr', cidr: known(cluster.ipFamily === 'IPv6' ? INTERNET_IPV6 : INTERNET_IPV4) }], at },
        { direction: 'egress', protocol: 'all', peers: [{ kind: 'security-group', ref: { ...self } }], at },
      ],
    };
    this.out.securityGroups.push(sg);
    return sg;
  }

  /** A security group eksctl creates (rules not modelled: `complete: false`), and a reference to it. */
  eksctlSecurityGroup(suffix: string, name: string, at: SourceRef): Reference {
    const key = `${this.prefix}#sg/${suffix}`;
    if (!this.out.securityGroups.some((g) => g.key === key)) {
      this.out.securityGroups.push({ key, at, source: 'eksctl', name, vpc: this.vpcRef(at), managedBy: 'eksctl', complete: false, rules: [] });
    }
    return { key, text: name, resolved: true, at };
  }

  nodeGroup(ng: NodeGroupModel): void {
    const src = ng.sources;
    const instanceTypes: NodeGroupElement['instanceTypes'] =
      ng.instanceTypes.length > 0
        ? ng.instanceTypes.map((t) => ({ ...known(t), at: src.instanceTypes.at }))
        : [{ known: false, expr: 'chosen by eksctl at run time (instanceSelector or launch template)', at: src.instanceTypes.at }];
    const scalingAt = [src.desiredCapacity, src.minSize, src.maxSize].find((s) => s.from === 'stated')?.at ?? ng.at;
    const { subnets, placed } = this.placement(ng);
    const el: NodeGroupElement = {
      key: `${this.prefix}#nodegroup/${ng.name}`,
      source: 'eksctl',
      at: src.name.at,
      name: ng.name,
      cluster: this.prefix,
      managed: ng.managed,
      instanceTypes,
      scaling: { min: ng.minSize, max: ng.maxSize, desired: ng.desiredCapacity, at: scalingAt },
      subnets,
      availabilityZones: ng.availabilityZones.length > 0 ? [...ng.availabilityZones] : zonesOf(placed),
      privateNetworking: ng.privateNetworking,
      labels: { ...ng.labels },
      taints: ng.taints.map((t) => (t.value !== undefined ? { key: t.key, value: t.value, effect: t.effect } : { key: t.key, effect: t.effect })),
    };
    if (ng.maxPodsPerNode !== undefined) el.maxPodsPerNode = { value: ng.maxPodsPerNode, at: src.maxPodsPerNode.at };
    // eksctl's default amiFamily is AmazonLinux2023 (for every Kubernetes version since eksctl 0.219.0; for 1.30 and
    // later before that): eksctl-io/eksctl release v0.219.0, docs.aws.amazon.com/eks/latest/eksctl/node-bootstrapping.html.
    el.amiFamily = ng.amiFamily
      ? { value: ng.amiFamily.value, at: ng.amiFamily.at, source: 'input' }
      : { value: EKSCTL_DEFAULT_AMI_FAMILY, at: src.name.at, source: 'default', defaultFrom: 'eksctl: amiFamily defaults to AmazonLinux2023' };
    const customImage = customImageOf(ng);
    if (customImage) el.amiFamily.customImage = customImage;
    const clusterAt = this.cluster.sources.name.at;
    const shared = this.eksctlSecurityGroup('shared-node', 'ClusterSharedNodeSecurityGroup', clusterAt);
    el.securityGroups = ng.managed
      ? [{ key: `${this.prefix}#cluster-security-group`, text: 'ClusterSecurityGroupId', resolved: true, at: src.name.at }, { ...shared, at: src.name.at }]
      : [{ ...shared, at: src.name.at }, this.eksctlSecurityGroup(`nodegroup/${ng.name}`, `SG of node group ${ng.name}`, src.name.at)];
    this.out.nodeGroups.push(el);
  }

  /** The subnets eksctl launches the node group's instances in (and those of them in the model). */
  placement(ng: NodeGroupModel): { subnets: Reference[]; placed: SubnetModel[] } {
    const all = this.cluster.vpc.subnets;
    const tier = ng.privateNetworking ? 'private' : 'public';
    const other = ng.privateNetworking ? 'public' : 'private';
    const at = ng.sources.subnets.at;
    const ref = (s: SubnetModel, refAt: SourceRef): Reference => ({ key: this.subnetKey(s), text: s.id ?? s.name, resolved: true, at: refAt });

    if (ng.subnets.length > 0) {
      const subnets: Reference[] = [];
      const placed: SubnetModel[] = [];
      ng.subnets.forEach((name, i) => {
        const refAt: SourceRef = { ...at, path: [...at.path, i] };
        // SelectNodeGroupSubnets / findInConfiguredVPC: by name, then by ID; the node group's tier first.
        const find = (t: 'public' | 'private') =>
          all.find((s) => s.tier === t && s.name === name) ?? all.find((s) => s.tier === t && s.id !== undefined && s.id === name);
        const found = find(tier) ?? find(other);
        if (found) {
          subnets.push(ref(found, refAt));
          placed.push(found);
        } else {
          // An ID eksctl looks up in AWS (it must be in the cluster's VPC).
          subnets.push({ text: name, resolved: false, at: refAt });
        }
      });
      return { subnets, placed };
    }

    let zones: string[] | undefined;
    let zonesAt: SourceRef = at;
    let zoneType: SubnetModel['zoneType'] = 'availability-zone';
    if (ng.localZones.length > 0) {
      zones = ng.localZones;
      zoneType = 'local-zone';
      zonesAt = { ...ng.at, path: [...ng.at.path, 'localZones'] };
    } else if (ng.availabilityZones.length > 0) {
      zones = ng.availabilityZones;
      zonesAt = ng.sources.availabilityZones.at;
    }
    const placed = all.filter(
      (s) => s.tier === tier && s.zoneType === zoneType && (zones === undefined || (s.az !== undefined && zones.includes(s.az))),
    );
    return { subnets: placed.map((s) => ref(s, zonesAt)), placed };
  }
}

/** Known zones of the subnets, in order, without duplicates (placeholders and unknown zones left out). */
function zonesOf(subnets: SubnetModel[]): string[] {
  const zones: string[] = [];
  for (const s of subnets) if (s.az !== undefined && !s.assumed && !zones.includes(s.az)) zones.push(s.az);
  return zones;
}
