/**
 * An evaluated CloudFormation template (loader/cloudformation) mapped to the infrastructure model: the
 * VPC, its subnets, route tables and gateways, security groups, network ACLs, EKS clusters and node
 * groups the stack creates.
 *
 * - Keys: `cfn:<file>#<LogicalId>`. A property that is `Ref(X)` / `GetAtt(X.…)` of a resource of this
 *   template becomes a resolved reference to that key; a concrete string (`vpc-0abc`, a parameter's
 *   value) an unresolved one keyed by nothing — the merge step resolves physical IDs across sources;
 *   anything else symbolic (an import, a parameter without value) an unresolved one with its expression.
 * - Resources whose Condition is false are left out; a condition not known statically counts as true.
 * - Separate resources that attach to another (VPCCidrBlock, Route, SubnetRouteTableAssociation,
 *   VPCGatewayAttachment, SecurityGroupIngress/Egress, NetworkAclEntry, SubnetNetworkAclAssociation)
 *   are folded into the element of this template they name; when they name something outside the
 *   template (a concrete ID), there is no element to fold them into and they are left out.
 * - Defaults are the ones AWS documents for an omitted property: EKS endpoint public on, private off,
 *   public access from 0.0.0.0/0, IPv4; managed node groups of t3.medium, scaling 1/2/2; a VPC security
 *   group without inline SecurityGroupEgress allows all IPv4 egress.
 */
import type { SourceRef } from '../../core/source.js';
import { defaultNetworkAcl, mainRouteTable } from './vpc-defaults.js';
import { embeddedMappingAt } from '../../loader/embedded-at.js';
import { kubernetesMinor } from '../node-os.js';
import { asList, asString, get, isSymbolic, type EvaluatedTemplate, type Resolved, type TemplateResource } from '../../loader/cloudformation/index.js';
import type {
  CidrBlock,
  EksClusterElement,
  GatewayElement,
  InfraModel,
  Known,
  NetworkAclElement,
  NetworkAclEntryElement,
  NodeGroupElement,
  Reference,
  RouteElement,
  RouteTableElement,
  RouteTargetKind,
  SecurityGroupElement,
  SecurityGroupRuleElement,
  SubnetElement,
  VpcElement,
} from './types.js';

type LocatedKnown = Known<string> & { at: SourceRef };

/** EKS managed node group defaults (CreateNodegroup): instance type when neither InstanceTypes nor the launch template names one. */
export const EKS_DEFAULT_INSTANCE_TYPE = 't3.medium';
/** EKS managed node group ScalingConfig when omitted (what the EKS service applies). */
export const EKS_DEFAULT_SCALING = { min: 1, max: 2, desired: 2 } as const;

const REF = /^Ref\(([A-Za-z0-9]+)\)$/;
const GET_ATT = /^GetAtt\(([A-Za-z0-9]+)\.[^()]*\)$/;
const CLUSTER_SG = /^GetAtt\(([A-Za-z0-9]+)\.ClusterSecurityGroupId\)$/;

export function infraFromCloudFormation(file: string, template: EvaluatedTemplate): InfraModel {
  return new Mapper(file, template).run();
}

class Mapper {
  readonly out: InfraModel = { vpcs: [], subnets: [], routeTables: [], gateways: [], securityGroups: [], networkAcls: [], clusters: [], nodeGroups: [] };
  /** Included resources, in template order. */
  readonly resources: [string, TemplateResource][];
  readonly vpcs = new Map<string, VpcElement>();
  readonly subnets = new Map<string, SubnetElement>();
  readonly routeTables = new Map<string, RouteTableElement>();
  readonly gateways = new Map<string, GatewayElement>();
  readonly securityGroups = new Map<string, SecurityGroupElement>();
  readonly networkAcls = new Map<string, NetworkAclElement>();
  readonly clusters = new Map<string, EksClusterElement>();
  /** EKS clusters' security groups, by the cluster's logical id. */
  readonly clusterSecurityGroups = new Map<string, SecurityGroupElement>();

  constructor(
    readonly file: string,
    readonly template: EvaluatedTemplate,
  ) {
    this.resources = [...template.resources].filter(([, r]) => r.included !== false);
  }

  run(): InfraModel {
    // Elements first, then what attaches to them, so template order never matters.
    for (const [id, r] of this.resources) this.element(id, r);
    for (const [id, r] of this.resources) this.attachment(id, r);
    for (const [id, r] of this.resources) this.derived(id, r);
    return this.out;
  }

  // --- values ------------------------------------------------------------------------------------

  key(id: string): string {
    return `cfn:${this.file}#${id}`;
  }

  /** The logical id of the resource of this template that `r` is a Ref/GetAtt of (excluded ones too). */
  target(r: Resolved | undefined): string | undefined {
    if (!isSymbolic(r)) return undefined;
    const m = REF.exec(r.expr) ?? GET_ATT.exec(r.expr);
    const id = m?.[1];
    return id !== undefined && this.template.resources.has(id) ? id : undefined;
  }

  typeOf(id: string | undefined): string | undefined {
    return id === undefined ? undefined : this.template.resources.get(id)?.type;
  }

  reference(r: Resolved | undefined): Reference | undefined {
    if (r === undefined) return undefined;
    const id = this.target(r);
    if (id !== undefined && isSymbolic(r)) {
      const included = this.template.resources.get(id)?.included !== false;
      return { key: this.key(id), text: r.expr, resolved: included, at: r.at };
    }
    const s = asString(r);
    if (s !== undefined) return { text: s, resolved: false, at: r.at };
    if (isSymbolic(r)) return { text: r.expr, resolved: false, at: r.at };
    return undefined;
  }

  /** A list of references; a list only the stack knows (`Ref(SubnetsParam)`) is one unresolved reference. */
  references(r: Resolved | undefined): Reference[] {
    if (r === undefined) return [];
    const items = asList(r);
    if (items === undefined) {
      const one = this.reference(r);
      return one ? [one] : [];
    }
    return items.map((i) => this.reference(i)).filter((x): x is Reference => x !== undefined);
  }

  known(r: Resolved | undefined): LocatedKnown | undefined {
    if (r === undefined) return undefined;
    const s = asString(r);
    if (s !== undefined) return { known: true, value: s, at: r.at };
    if (isSymbolic(r)) return { known: false, expr: r.expr, at: r.at };
    return undefined;
  }

  cidr(r: Resolved | undefined): CidrBlock | undefined {
    const k = this.known(r);
    return k === undefined ? undefined : { cidr: bare(k), at: k.at };
  }

  tags(props: Resolved): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of asList(get(props, 'Tags')) ?? []) {
      const k = asString(get(t, 'Key'));
      const v = asString(get(t, 'Value'));
      if (k !== undefined && v !== undefined) out[k] = v;
    }
    return out;
  }

  // --- elements ----------------------------------------------------------------------------------

  element(id: string, r: TemplateResource): void {
    const p = r.properties;
    const base = { key: this.key(id), at: r.at, source: 'cloudformation' as const };
    switch (r.type) {
      case 'AWS::EC2::VPC': {
        const vpc: VpcElement = { ...base, cidrs: [], ipv6Cidrs: [] };
        const name = this.tags(p)['Name'];
        if (name !== undefined) vpc.name = name;
        // No CidrBlock: the block comes from an IPAM pool, only the deployed stack knows it.
        vpc.cidrs.push(this.cidr(get(p, 'CidrBlock')) ?? { cidr: { known: false, expr: `GetAtt(${id}.CidrBlock)` }, at: r.at });
        this.vpcs.set(id, vpc);
        this.out.vpcs.push(vpc);
        // The VPC's main route table and default ACL come with it; `GetAtt <VPC>.DefaultNetworkAcl` names the ACL,
        // so it is filed under the VPC's logical id for NetworkAclEntry / SubnetNetworkAclAssociation to find.
        this.out.routeTables.push(mainRouteTable(vpc));
        const acl = defaultNetworkAcl(vpc);
        this.networkAcls.set(id, acl);
        this.out.networkAcls.push(acl);
        return;
      }
      case 'AWS::EC2::Subnet': {
        const subnet: SubnetElement = { ...base, vpc: this.reference(get(p, 'VpcId')) ?? missing('VpcId', r.at), tier: 'unknown', tags: this.tags(p) };
        const name = subnet.tags['Name'];
        if (name !== undefined) subnet.name = name;
        const cidr = this.cidr(get(p, 'CidrBlock'));
        if (cidr) subnet.cidr = cidr;
        const az = this.known(get(p, 'AvailabilityZone'));
        if (az) subnet.az = az;
        this.subnets.set(id, subnet);
        this.out.subnets.push(subnet);
        return;
      }
      case 'AWS::EC2::RouteTable': {
        // CloudFormation cannot create a VPC's main route table, only custom ones.
        const table: RouteTableElement = { ...base, vpc: this.reference(get(p, 'VpcId')) ?? missing('VpcId', r.at), main: false, subnets: [], routes: [] };
        this.routeTables.set(id, table);
        this.out.routeTables.push(table);
        return;
      }
      case 'AWS::EC2::InternetGateway':
        return this.gateway(id, { ...base, kind: 'igw' });
      case 'AWS::EC2::VPNGateway':
        return this.gateway(id, { ...base, kind: 'vgw' });
      case 'AWS::EC2::TransitGateway':
        return this.gateway(id, { ...base, kind: 'tgw' });
      case 'AWS::EC2::EgressOnlyInternetGateway':
        return this.gateway(id, withVpc({ ...base, kind: 'eigw' }, this.reference(get(p, 'VpcId'))));
      case 'AWS::EC2::VPCEndpoint':
        return this.gateway(id, withVpc({ ...base, kind: 'vpce' }, this.reference(get(p, 'VpcId'))));
      case 'AWS::EC2::TransitGatewayAttachment':
      case 'AWS::EC2::TransitGatewayVpcAttachment':
        // GatewayElement holds one subnet: the attachment's SubnetIds (one per AZ) have no field yet.
        return this.gateway(id, withVpc({ ...base, kind: 'tgw-attachment' }, this.reference(get(p, 'VpcId'))));
      case 'AWS::EC2::NatGateway': {
        const gw: GatewayElement = { ...base, kind: 'nat', connectivity: asString(get(p, 'ConnectivityType')) === 'private' ? 'private' : 'public' };
        const subnet = this.reference(get(p, 'SubnetId'));
        if (subnet) gw.subnet = subnet;
        return this.gateway(id, gw);
      }
      case 'AWS::EC2::VPCPeeringConnection': {
        const gw: GatewayElement = withVpc({ ...base, kind: 'pcx' }, this.reference(get(p, 'VpcId')));
        const peerVpc = this.reference(get(p, 'PeerVpcId'));
        gw.peer = peerVpc ? { vpc: peerVpc, cidrs: [] } : { cidrs: [] };
        return this.gateway(id, gw);
      }
      case 'AWS::EC2::SecurityGroup':
        return this.securityGroup(id, r, base);
      case 'AWS::EC2::NetworkAcl': {
        const acl: NetworkAclElement = { ...base, isDefault: false, subnets: [], entries: [], complete: true };
        const vpc = this.reference(get(p, 'VpcId'));
        if (vpc) acl.vpc = vpc;
        this.networkAcls.set(id, acl);
        this.out.networkAcls.push(acl);
        return;
      }
      case 'AWS::EKS::Cluster':
        return this.cluster(id, r, base);
    }
  }

  gateway(id: string, gw: GatewayElement): void {
    this.gateways.set(id, gw);
    this.out.gateways.push(gw);
  }

  securityGroup(id: string, r: TemplateResource, base: { key: string; at: SourceRef; source: 'cloudformation' }): void {
    const p = r.properties;
    const sg: SecurityGroupElement = { ...base, rules: [], complete: true };
    const name = asString(get(p, 'GroupName')) ?? this.tags(p)['Name'];
    if (name !== undefined) sg.name = name;
    const vpc = this.reference(get(p, 'VpcId'));
    if (vpc) sg.vpc = vpc;
    for (const [prop, direction] of [
      ['SecurityGroupIngress', 'ingress'],
      ['SecurityGroupEgress', 'egress'],
    ] as const) {
      const value = get(p, prop);
      if (value === undefined) continue;
      const items = asList(value);
      if (items === undefined) {
        sg.complete = false; // the whole list is only known to the stack (Fn::If, an import …)
        continue;
      }
      for (const item of items) this.addRule(sg, direction, item, item.at);
    }
    // EC2 gives a VPC security group an allow-all IPv4 egress rule, which CloudFormation removes only
    // when the template states SecurityGroupEgress itself (separate egress resources keep it).
    if (get(p, 'SecurityGroupEgress') === undefined) sg.rules.push({ direction: 'egress', protocol: 'all', peers: [{ kind: 'cidr', cidr: { known: true, value: '0.0.0.0/0' } }], at: r.at });
    this.securityGroups.set(id, sg);
    this.out.securityGroups.push(sg);
  }

  /** One rule (inline item, or the properties of a SecurityGroupIngress/Egress resource); left out, marking the group incomplete, when not statically known. */
  addRule(sg: SecurityGroupElement, direction: 'ingress' | 'egress', rule: Resolved, at: SourceRef): void {
    if (rule.kind !== 'map') {
      sg.complete = false;
      return;
    }
    let complete = true;
    const protoValue = get(rule, 'IpProtocol');
    const proto = asString(protoValue);
    if (proto === undefined) {
      sg.complete = false;
      return;
    }
    const protocol = normaliseProtocol(proto);
    const out: SecurityGroupRuleElement = { direction, protocol, peers: [], at };
    if (protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP') {
      const fromValue = get(rule, 'FromPort');
      const toValue = get(rule, 'ToPort');
      if (isSymbolic(fromValue) || isSymbolic(toValue)) {
        sg.complete = false;
        return;
      }
      const from = num(fromValue);
      const to = num(toValue) ?? from;
      if (from !== undefined && to !== undefined && from !== -1 && to !== -1) out.ports = { from, to };
    }
    const peerProps = direction === 'ingress' ? ['CidrIp', 'CidrIpv6', 'SourceSecurityGroupId', 'SourceSecurityGroupName', 'SourcePrefixListId'] : ['CidrIp', 'CidrIpv6', 'DestinationSecurityGroupId', 'DestinationPrefixListId'];
    for (const prop of peerProps) {
      const v = get(rule, prop);
      if (v === undefined) continue;
      if (prop.startsWith('Cidr')) {
        const k = this.known(v);
        if (k === undefined) complete = false;
        else {
          if (!k.known) complete = false;
          out.peers.push({ kind: 'cidr', cidr: bare(k) });
        }
      } else if (prop.endsWith('PrefixListId')) {
        const id = asString(v);
        if (id === undefined) complete = false;
        else out.peers.push({ kind: 'prefix-list', id });
      } else {
        const found = this.reference(v);
        const ref = found === undefined ? undefined : this.sgReference(found);
        if (ref === undefined) complete = false;
        else {
          if (ref.key === undefined && isSymbolic(v)) complete = false;
          out.peers.push({ kind: 'security-group', ref });
        }
      }
    }
    if (!complete) sg.complete = false;
    if (out.peers.length === 0) {
      sg.complete = false;
      return;
    }
    sg.rules.push(out);
  }

  cluster(id: string, r: TemplateResource, base: { key: string; at: SourceRef; source: 'cloudformation' }): void {
    const p = r.properties;
    const vpcConfig = get(p, 'ResourcesVpcConfig');
    const netConfig = get(p, 'KubernetesNetworkConfig');
    const cidrs = asList(get(vpcConfig, 'PublicAccessCidrs'));
    const cluster: EksClusterElement = {
      ...base,
      name: this.clusterName(id),
      subnets: this.references(get(vpcConfig, 'SubnetIds')),
      ipFamily: asString(get(netConfig, 'IpFamily'))?.toLowerCase() === 'ipv6' ? 'IPv6' : 'IPv4',
      endpoint: {
        // EKS: public access on and private access off unless stated; public access from anywhere.
        publicAccess: bool(get(vpcConfig, 'EndpointPublicAccess')) ?? true,
        privateAccess: bool(get(vpcConfig, 'EndpointPrivateAccess')) ?? false,
        publicAccessCidrs: cidrs ? cidrs.map(asString).filter((s): s is string => s !== undefined) : ['0.0.0.0/0'],
        at: vpcConfig?.at ?? r.at,
      },
      // AWS::EKS::Addon resources are added once every cluster is known (addon()).
      addons: [],
    };
    // OutpostConfig makes it an EKS local cluster: the control plane runs on the Outpost.
    const outposts = asList(get(get(p, 'OutpostConfig'), 'OutpostArns'));
    if (get(p, 'OutpostConfig') !== undefined) cluster.controlPlaneOutpost = (outposts && outposts[0] && asString(outposts[0])) ?? 'OutpostConfig';
    // IpFamily stated as an expression the template does not fix (a parameter without a value): the family is not known.
    const ipFamily = get(netConfig, 'IpFamily');
    if (ipFamily && asString(ipFamily) === undefined) cluster.ipFamilyUnresolved = ipFamily.at;
    const version = get(p, 'Version');
    const versionText = versionOf(version);
    if (versionText !== undefined && version) cluster.version = { value: versionText, at: version.at };
    const serviceCidr = this.known(get(netConfig, 'ServiceIpv4Cidr'));
    if (serviceCidr) cluster.serviceIPv4Cidr = serviceCidr;
    cluster.securityGroups = this.references(get(vpcConfig, 'SecurityGroupIds')).map((ref) => this.sgReference(ref));
    cluster.clusterSecurityGroup = this.clusterSecurityGroup(id, cluster).key;
    this.clusters.set(id, cluster);
    this.out.clusters.push(cluster);
  }

  /**
   * The security group EKS creates for a cluster, with the default rules AWS documents: inbound all from itself,
   * outbound all to 0.0.0.0/0 (IPv4 clusters) or ::/0 (IPv6) and to itself
   * (docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html, "Default cluster security group").
   * Rules the template adds with AWS::EC2::SecurityGroupIngress/Egress on GetAtt(<Cluster>.ClusterSecurityGroupId) fold into it.
   */
  clusterSecurityGroup(id: string, cluster: EksClusterElement): SecurityGroupElement {
    const key = `${this.key(id)}#cluster-security-group`;
    const self: Reference = { key, text: `GetAtt(${id}.ClusterSecurityGroupId)`, resolved: true, at: cluster.at };
    const world = cluster.ipFamily === 'IPv6' ? '::/0' : '0.0.0.0/0';
    const sg: SecurityGroupElement = {
      key,
      at: cluster.at,
      source: 'cloudformation',
      name: `eks-cluster-sg-${cluster.name}`,
      managedBy: 'eks',
      complete: true,
      rules: [
        { direction: 'ingress', protocol: 'all', peers: [{ kind: 'security-group', ref: { ...self } }], at: cluster.at },
        { direction: 'egress', protocol: 'all', peers: [{ kind: 'cidr', cidr: { known: true, value: world } }], at: cluster.at },
        { direction: 'egress', protocol: 'all', peers: [{ kind: 'security-group', ref: { ...self } }], at: cluster.at },
      ],
    };
    this.clusterSecurityGroups.set(id, sg);
    this.out.securityGroups.push(sg);
    return sg;
  }

  /** The EKS cluster of this template whose ClusterSecurityGroupId `r` is (GetAtt(<Cluster>.ClusterSecurityGroupId)). */
  clusterSgTarget(expr: string): string | undefined {
    const m = CLUSTER_SG.exec(expr);
    return m?.[1] !== undefined && this.typeOf(m[1]) === 'AWS::EKS::Cluster' ? m[1] : undefined;
  }

  /** A reference to a security group: GetAtt(<Cluster>.ClusterSecurityGroupId) names the cluster's security group element. */
  sgReference(ref: Reference): Reference {
    const cluster = this.clusterSgTarget(ref.text);
    if (cluster === undefined) return ref;
    const included = this.template.resources.get(cluster)?.included !== false;
    return { ...ref, key: `${this.key(cluster)}#cluster-security-group`, resolved: included };
  }

  /** The security group element of this template that a GroupId names (a SecurityGroup, or a cluster's security group). */
  securityGroupOf(v: Resolved | undefined): SecurityGroupElement | undefined {
    if (isSymbolic(v)) {
      const cluster = this.clusterSgTarget(v.expr);
      if (cluster !== undefined) return this.clusterSecurityGroups.get(cluster);
    }
    return this.securityGroups.get(this.target(v) ?? '');
  }

  /** The cluster's Name; its expression when only the stack knows it; the logical id when CloudFormation generates it. */
  clusterName(id: string): string {
    const name = get(this.template.resources.get(id)?.properties, 'Name');
    return asString(name) ?? (isSymbolic(name) ? name.expr : id);
  }

  // --- attachments -------------------------------------------------------------------------------

  attachment(id: string, r: TemplateResource): void {
    const p = r.properties;
    switch (r.type) {
      case 'AWS::EC2::VPCCidrBlock': {
        const vpc = this.vpcs.get(this.target(get(p, 'VpcId')) ?? '');
        if (!vpc) return;
        const v4 = this.cidr(get(p, 'CidrBlock'));
        if (v4) vpc.cidrs.push(v4);
        else if (get(p, 'Ipv4IpamPoolId') !== undefined) vpc.cidrs.push({ cidr: { known: false, expr: `GetAtt(${id}.CidrBlock)` }, at: r.at });
        const v6 = this.cidr(get(p, 'Ipv6CidrBlock'));
        if (v6) vpc.ipv6Cidrs.push(v6);
        else if (bool(get(p, 'AmazonProvidedIpv6CidrBlock')) === true || get(p, 'Ipv6Pool') !== undefined || get(p, 'Ipv6IpamPoolId') !== undefined)
          vpc.ipv6Cidrs.push({ cidr: { known: false, expr: `GetAtt(${id}.Ipv6CidrBlock)` }, at: r.at });
        return;
      }
      case 'AWS::EC2::SubnetRouteTableAssociation': {
        const table = this.routeTables.get(this.target(get(p, 'RouteTableId')) ?? '');
        const subnet = this.reference(get(p, 'SubnetId'));
        if (table && subnet) table.subnets.push(subnet);
        return;
      }
      case 'AWS::EC2::Route': {
        const table = this.routeTables.get(this.target(get(p, 'RouteTableId')) ?? '');
        const route = this.route(p, r.at);
        if (table && route) table.routes.push(route);
        return;
      }
      case 'AWS::EC2::VPCGatewayAttachment': {
        const vpc = this.reference(get(p, 'VpcId'));
        for (const prop of ['InternetGatewayId', 'VpnGatewayId']) {
          const gw = this.gateways.get(this.target(get(p, prop)) ?? '');
          if (gw && vpc) gw.vpc = vpc;
        }
        return;
      }
      case 'AWS::EC2::SecurityGroupIngress':
      case 'AWS::EC2::SecurityGroupEgress': {
        const sg = this.securityGroupOf(get(p, 'GroupId'));
        if (sg) this.addRule(sg, r.type === 'AWS::EC2::SecurityGroupIngress' ? 'ingress' : 'egress', p, r.at);
        return;
      }
      case 'AWS::EC2::NetworkAclEntry': {
        const acl = this.networkAcls.get(this.target(get(p, 'NetworkAclId')) ?? '');
        if (!acl) return;
        const entry = this.aclEntry(p, r.at);
        if (entry) acl.entries.push(entry);
        else acl.complete = false;
        return;
      }
      case 'AWS::EC2::SubnetNetworkAclAssociation': {
        const acl = this.networkAcls.get(this.target(get(p, 'NetworkAclId')) ?? '');
        const subnet = this.reference(get(p, 'SubnetId'));
        if (acl && subnet) acl.subnets.push(subnet);
        return;
      }
    }
  }

  route(p: Resolved, at: SourceRef): RouteElement | undefined {
    const pl = get(p, 'DestinationPrefixListId');
    const destination =
      this.known(get(p, 'DestinationCidrBlock')) ??
      this.known(get(p, 'DestinationIpv6CidrBlock')) ??
      (pl === undefined ? undefined : { known: false as const, expr: `prefix-list(${asString(pl) ?? (isSymbolic(pl) ? pl.expr : '?')})`, at: pl.at });
    if (destination === undefined) return undefined;
    const targets: [string, RouteTargetKind][] = [
      ['GatewayId', 'other'],
      ['NatGatewayId', 'nat'],
      ['TransitGatewayId', 'tgw'],
      ['VpcPeeringConnectionId', 'pcx'],
      ['NetworkInterfaceId', 'eni'],
      ['InstanceId', 'instance'],
      ['VpcEndpointId', 'vpce'],
      ['EgressOnlyInternetGatewayId', 'eigw'],
      ['CarrierGatewayId', 'other'],
      ['LocalGatewayId', 'other'],
      ['CoreNetworkArn', 'other'],
    ];
    for (const [prop, kind] of targets) {
      const v = get(p, prop);
      const ref = this.reference(v);
      if (ref === undefined) continue;
      return { destination, target: { kind: prop === 'GatewayId' ? this.gatewayKind(v) : kind, ref }, active: true, at };
    }
    return undefined;
  }

  /** GatewayId names an internet gateway or a virtual private gateway: by the resource it refers to, else by the ID's prefix. */
  gatewayKind(v: Resolved | undefined): RouteTargetKind {
    const type = this.typeOf(this.target(v));
    if (type === 'AWS::EC2::InternetGateway') return 'igw';
    if (type === 'AWS::EC2::VPNGateway') return 'vgw';
    const id = asString(v) ?? '';
    if (id.startsWith('igw-')) return 'igw';
    if (id.startsWith('vgw-')) return 'vgw';
    if (id.startsWith('vpce-')) return 'vpce';
    if (id === 'local') return 'local';
    return 'other';
  }

  aclEntry(p: Resolved, at: SourceRef): NetworkAclEntryElement | undefined {
    const ruleNumber = num(get(p, 'RuleNumber'));
    const action = asString(get(p, 'RuleAction'))?.toLowerCase();
    const proto = asString(get(p, 'Protocol'));
    const cidr = this.known(get(p, 'CidrBlock')) ?? this.known(get(p, 'Ipv6CidrBlock'));
    const egressValue = get(p, 'Egress');
    const egress = egressValue === undefined ? false : bool(egressValue);
    if (ruleNumber === undefined || (action !== 'allow' && action !== 'deny') || proto === undefined || cidr === undefined || !cidr.known || egress === undefined) return undefined;
    const entry: NetworkAclEntryElement = { ruleNumber, action, egress, protocol: normaliseProtocol(proto), cidr: bare(cidr), at };
    const range = get(p, 'PortRange');
    if (range !== undefined && (entry.protocol === 'TCP' || entry.protocol === 'UDP')) {
      const from = num(get(range, 'From'));
      const to = num(get(range, 'To'));
      if (from === undefined || to === undefined) return undefined;
      entry.ports = { from, to };
    }
    return entry;
  }

  // --- what depends on other elements ------------------------------------------------------------

  derived(id: string, r: TemplateResource): void {
    const p = r.properties;
    switch (r.type) {
      case 'AWS::EC2::NatGateway': {
        // A NAT gateway lives in its subnet's VPC.
        const gw = this.gateways.get(id);
        const subnet = this.subnets.get(this.target(get(p, 'SubnetId')) ?? '');
        if (gw && subnet) gw.vpc = { ...subnet.vpc };
        return;
      }
      case 'AWS::EC2::VPCPeeringConnection': {
        const gw = this.gateways.get(id);
        const peer = this.vpcs.get(this.target(get(p, 'PeerVpcId')) ?? '');
        if (gw?.peer && peer) gw.peer.cidrs = peer.cidrs.map((c) => ({ ...c }));
        return;
      }
      case 'AWS::EKS::Cluster': {
        // The cluster's VPC is its subnets' (EKS requires them in one VPC).
        const cluster = this.clusters.get(id);
        for (const item of asList(get(p, 'ResourcesVpcConfig', 'SubnetIds')) ?? []) {
          const subnet = this.subnets.get(this.target(item) ?? '');
          if (subnet && cluster) {
            cluster.vpc = { ...subnet.vpc };
            const sg = this.clusterSecurityGroups.get(id);
            if (sg) sg.vpc = { ...subnet.vpc };
            break;
          }
        }
        return;
      }
      case 'AWS::EKS::Nodegroup':
        return this.nodegroup(id, r);
      case 'AWS::EKS::Addon':
        return this.addon(r);
      case 'AWS::AutoScaling::AutoScalingGroup':
        return this.autoScalingGroup(id, r);
    }
  }

  /**
   * An EKS add-on of a cluster of the template (ClusterName a Ref to it, or its name): its name and its
   * ConfigurationValues — a JSON (or YAML) string, read as a mapping located at the property.
   */
  addon(r: TemplateResource): void {
    const p = r.properties;
    const name = asString(get(p, 'AddonName'));
    const clusterName = get(p, 'ClusterName');
    const id = this.target(clusterName);
    const cluster = id !== undefined ? this.clusters.get(id) : [...this.clusters.values()].find((c) => c.name === asString(clusterName));
    if (name === undefined || !cluster) return;
    const values = get(p, 'ConfigurationValues');
    const text = asString(values);
    const configurationValues = text !== undefined && values ? embeddedMappingAt(text, values.at) : undefined;
    cluster.addons.push({ name, at: r.at, ...(configurationValues ? { configurationValues } : {}) });
  }

  /** A node group's ClusterName: the name of the template's cluster it refers to, else the text. */
  clusterOf(v: Resolved | undefined): string | undefined {
    const id = this.target(v);
    if (id !== undefined && this.typeOf(id) === 'AWS::EKS::Cluster') return this.clusterName(id);
    return asString(v) ?? (isSymbolic(v) ? v.expr : undefined);
  }

  nodegroup(id: string, r: TemplateResource): void {
    const p = r.properties;
    const scaling = get(p, 'ScalingConfig');
    const min = num(get(scaling, 'MinSize')) ?? EKS_DEFAULT_SCALING.min;
    const ng: NodeGroupElement = {
      key: this.key(id),
      at: r.at,
      source: 'cloudformation',
      name: asString(get(p, 'NodegroupName')) ?? id,
      managed: true,
      instanceTypes: this.instanceTypes(get(p, 'InstanceTypes')) ?? this.launchTemplateInstanceTypes(get(p, 'LaunchTemplate')) ?? [{ known: true, value: EKS_DEFAULT_INSTANCE_TYPE, at: r.at }],
      scaling: {
        min,
        max: num(get(scaling, 'MaxSize')) ?? EKS_DEFAULT_SCALING.max,
        desired: num(get(scaling, 'DesiredSize')) ?? EKS_DEFAULT_SCALING.desired,
        at: scaling?.at ?? r.at,
      },
      subnets: this.references(get(p, 'Subnets')),
      availabilityZones: [],
      privateNetworking: false,
      labels: stringMap(get(p, 'Labels')),
      taints: (asList(get(p, 'Taints')) ?? []).flatMap((t) => {
        const key = asString(get(t, 'Key'));
        const effect = asString(get(t, 'Effect'));
        if (key === undefined || effect === undefined) return [];
        const value = asString(get(t, 'Value'));
        return [value === undefined ? { key, effect: taintEffect(effect) } : { key, value, effect: taintEffect(effect) }];
      }),
    };
    const cluster = this.clusterOf(get(p, 'ClusterName'));
    if (cluster !== undefined) ng.cluster = cluster;
    const amiFamily = this.nodegroupAmiType(p, r.at);
    if (amiFamily) ng.amiFamily = amiFamily;
    // EKS puts the cluster security group on managed nodes unless their launch template names security groups
    // (docs.aws.amazon.com/eks/latest/userguide/launch-templates.html, sec-group-reqs.html).
    const fromTemplate = this.launchTemplateSecurityGroups(get(p, 'LaunchTemplate'), ['Id', 'Name']);
    if (Array.isArray(fromTemplate) && fromTemplate.length > 0) ng.securityGroups = fromTemplate;
    else if (fromTemplate !== 'external') {
      const clusterSg = this.clusterSecurityGroupRef(get(p, 'ClusterName'), r.at);
      if (clusterSg) ng.securityGroups = [clusterSg];
    }
    this.out.nodeGroups.push(ng);
  }

  /**
   * A managed node group's AmiType, or the one EKS picks when it is omitted: AL2023 for Kubernetes 1.30 and later, AL2
   * before (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-extended.html, Kubernetes 1.30: "newly created
   * managed node groups will automatically default to using Amazon Linux 2023"). The version is the node group's
   * Version, else its cluster's; a cluster of this template without Version gets EKS's current default version (1.30
   * or later). Undefined when the node group's launch template sets an ImageId (a custom AMI) or is not defined in the
   * template (its image is not known), or when the version is not known. A stated AmiType is kept with any launch
   * template: EKS rejects an AmiType together with a custom AMI, so the nodes run that EKS-optimized image.
   */
  nodegroupAmiType(p: Resolved | undefined, at: SourceRef): NodeGroupElement['amiFamily'] {
    const stated = get(p, 'AmiType');
    const text = asString(stated);
    if (stated && text !== undefined) return { value: text, at: stated.at, source: 'input' };
    if (stated) return undefined; // symbolic: not known statically
    // A launch template with an ImageId makes the image CUSTOM (no AmiType may be stated then: EKS CreateNodegroup
    // amiType, "If you specify launchTemplate, and your launch template uses a custom AMI, then don't specify amiType");
    // one the template does not define (a literal lt-… id, a parameter) may or may not set one: the OS is not known.
    const lt = get(p, 'LaunchTemplate');
    if (lt !== undefined) {
      const res = ['Id', 'Name'].map((prop) => this.template.resources.get(this.target(get(lt, prop)) ?? '')).find((r) => r?.type === 'AWS::EC2::LaunchTemplate');
      if (!res || get(res.properties, 'LaunchTemplateData', 'ImageId') !== undefined) return undefined;
    }
    const own = get(p, 'Version');
    let version = versionOf(own);
    if (version === undefined) {
      const clusterId = this.target(get(p, 'ClusterName'));
      const cluster = clusterId !== undefined ? this.clusters.get(clusterId) : undefined;
      if (!cluster) return undefined;
      version = cluster.version?.value ?? 'default';
    }
    const minor = version === 'default' ? undefined : kubernetesMinor(version);
    if (version !== 'default' && minor === undefined) return undefined;
    const al2023 = minor === undefined || minor >= 30;
    return {
      value: al2023 ? 'AL2023_x86_64_STANDARD' : 'AL2_x86_64',
      at,
      source: 'default',
      defaultFrom: `EKS: managed node groups default to ${al2023 ? 'AL2023' : 'AL2'} for Kubernetes ${version === 'default' ? "EKS's default version" : version}`,
    };
  }

  /** A reference to the cluster security group of the cluster a node group's ClusterName names. */
  clusterSecurityGroupRef(v: Resolved | undefined, at: SourceRef): Reference | undefined {
    const id = this.target(v);
    if (id !== undefined && this.typeOf(id) === 'AWS::EKS::Cluster') {
      const sg = this.clusterSecurityGroups.get(id);
      return { key: `${this.key(id)}#cluster-security-group`, text: `GetAtt(${id}.ClusterSecurityGroupId)`, resolved: sg !== undefined, at: v?.at ?? at };
    }
    const name = this.clusterOf(v);
    return name === undefined ? undefined : { text: `cluster security group of ${name}`, resolved: false, at: v?.at ?? at };
  }

  /**
   * The security groups an AWS::EC2::LaunchTemplate of this template gives its instances (LaunchTemplateData
   * SecurityGroupIds, SecurityGroups, NetworkInterfaces[].Groups); 'absent' without a launch template, 'external'
   * for one that is not in this template (only the account knows its groups).
   */
  launchTemplateSecurityGroups(spec: Resolved | undefined, props: readonly string[]): Reference[] | 'absent' | 'external' {
    if (spec === undefined) return 'absent';
    for (const prop of props) {
      const lt = this.template.resources.get(this.target(get(spec, prop)) ?? '');
      if (lt?.type !== 'AWS::EC2::LaunchTemplate') continue;
      const data = get(lt.properties, 'LaunchTemplateData');
      const refs = [
        ...this.references(get(data, 'SecurityGroupIds')),
        ...this.references(get(data, 'SecurityGroups')),
        ...(asList(get(data, 'NetworkInterfaces')) ?? []).flatMap((ni) => this.references(get(ni, 'Groups'))),
      ];
      return refs.map((ref) => this.sgReference(ref));
    }
    return 'external';
  }

  /**
   * A self-managed node group: an Auto Scaling group tagged `kubernetes.io/cluster/<name>` (what the
   * kubelet's cloud provider and AWS's node group templates use). Other Auto Scaling groups are not nodes.
   */
  autoScalingGroup(id: string, r: TemplateResource): void {
    const p = r.properties;
    let cluster: string | undefined;
    let isNodes = false;
    for (const t of asList(get(p, 'Tags')) ?? []) {
      const k = get(t, 'Key');
      const text = asString(k) ?? (isSymbolic(k) ? k.expr : '');
      const at = text.indexOf('kubernetes.io/cluster/');
      if (at < 0) continue;
      isNodes = true;
      if (asString(k) !== undefined) cluster = text.slice(at + 'kubernetes.io/cluster/'.length);
    }
    if (!isNodes) return;
    const min = num(get(p, 'MinSize')) ?? EKS_DEFAULT_SCALING.min;
    const lt = get(p, 'LaunchTemplate') ?? get(p, 'MixedInstancesPolicy', 'LaunchTemplate', 'LaunchTemplateSpecification');
    const overrides = (asList(get(p, 'MixedInstancesPolicy', 'LaunchTemplate', 'Overrides')) ?? []).map((o) => this.known(get(o, 'InstanceType'))).filter((k): k is LocatedKnown => k !== undefined);
    const lc = this.template.resources.get(this.target(get(p, 'LaunchConfigurationName')) ?? '');
    const lcType = lc?.type === 'AWS::AutoScaling::LaunchConfiguration' ? this.known(get(lc.properties, 'InstanceType')) : undefined;
    const ng: NodeGroupElement = {
      key: this.key(id),
      at: r.at,
      source: 'cloudformation',
      name: asString(get(p, 'AutoScalingGroupName')) ?? id,
      managed: false,
      instanceTypes: overrides.length > 0 ? overrides : (this.launchTemplateInstanceTypes(lt, ['LaunchTemplateId', 'LaunchTemplateName']) ?? (lcType ? [lcType] : [])),
      // DesiredCapacity defaults to MinSize.
      scaling: { min, max: num(get(p, 'MaxSize')) ?? min, desired: num(get(p, 'DesiredCapacity')) ?? min, at: r.at },
      subnets: this.references(get(p, 'VPCZoneIdentifier')),
      availabilityZones: (asList(get(p, 'AvailabilityZones')) ?? []).map(asString).filter((s): s is string => s !== undefined),
      privateNetworking: false,
      labels: {},
      taints: [],
    };
    if (cluster !== undefined) ng.cluster = cluster;
    const fromTemplate = this.launchTemplateSecurityGroups(lt, ['LaunchTemplateId', 'LaunchTemplateName']);
    if (Array.isArray(fromTemplate)) ng.securityGroups = fromTemplate;
    else if (lc?.type === 'AWS::AutoScaling::LaunchConfiguration') ng.securityGroups = this.references(get(lc.properties, 'SecurityGroups')).map((ref) => this.sgReference(ref));
    this.out.nodeGroups.push(ng);
  }

  instanceTypes(v: Resolved | undefined): LocatedKnown[] | undefined {
    if (v === undefined) return undefined;
    const items = asList(v);
    const out = (items ?? [v]).map((i) => this.known(i)).filter((k): k is LocatedKnown => k !== undefined);
    return out.length > 0 ? out : undefined;
  }

  /** The InstanceType of the template's AWS::EC2::LaunchTemplate that `spec` (Id / Name) names. */
  launchTemplateInstanceTypes(spec: Resolved | undefined, props: readonly string[] = ['Id', 'Name']): LocatedKnown[] | undefined {
    if (spec === undefined) return undefined;
    for (const prop of props) {
      const lt = this.template.resources.get(this.target(get(spec, prop)) ?? '');
      if (lt?.type !== 'AWS::EC2::LaunchTemplate') continue;
      const t = this.known(get(lt.properties, 'LaunchTemplateData', 'InstanceType'));
      return t ? [t] : undefined;
    }
    return undefined;
  }
}

// --- helpers -----------------------------------------------------------------------------------

function bare(k: LocatedKnown): Known<string> {
  return k.known ? { known: true, value: k.value } : { known: false, expr: k.expr };
}

function missing(prop: string, at: SourceRef): Reference {
  return { text: `(no ${prop})`, resolved: false, at };
}

function withVpc<T extends GatewayElement>(gw: T, vpc: Reference | undefined): T {
  if (vpc) gw.vpc = vpc;
  return gw;
}

/** A Kubernetes version property ("1.30"; an unquoted 1.30 is a YAML number, 1.3 when it ends in 0 — read as written). */
function versionOf(r: Resolved | undefined): string | undefined {
  if (r?.kind !== 'value') return undefined;
  return typeof r.value === 'number' || typeof r.value === 'string' ? String(r.value) : undefined;
}

function num(r: Resolved | undefined): number | undefined {
  const s = asString(r);
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isInteger(n) ? n : undefined;
}

/** CloudFormation booleans: true/false, or their text in any case (parameters pass text). */
function bool(r: Resolved | undefined): boolean | undefined {
  const s = asString(r)?.toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

function stringMap(r: Resolved | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (r?.kind !== 'map') return out;
  for (const [k, v] of r.entries) {
    const s = asString(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** EC2 protocol names and numbers (security groups, network ACLs) in the model's spelling. */
function normaliseProtocol(p: string): string {
  switch (p.toLowerCase()) {
    case '-1':
    case 'all':
      return 'all';
    case 'tcp':
    case '6':
      return 'TCP';
    case 'udp':
    case '17':
      return 'UDP';
    case 'icmp':
    case '1':
      return 'ICMP';
    case 'icmpv6':
    case '58':
      return 'ICMPv6';
    case 'sctp':
    case '132':
      return 'SCTP';
    default:
      return p;
  }
}

/** EKS API taint effects (NO_SCHEDULE …) in Kubernetes spelling (NoSchedule …), as pods' tolerations write them. */
function taintEffect(e: string): string {
  switch (e) {
    case 'NO_SCHEDULE':
      return 'NoSchedule';
    case 'NO_EXECUTE':
      return 'NoExecute';
    case 'PREFER_NO_SCHEDULE':
      return 'PreferNoSchedule';
    default:
      return e;
  }
}
