/**
 * The infrastructure side of the model: AWS VPCs and what is in them, EKS clusters and node groups,
 * joined from eksctl ClusterConfigs, CloudFormation templates and `aws ec2 describe-*` output. One
 * shape whatever the source, every value with the location that states it, so the `vpc/`, `nat/` and
 * `capacity/` rules read one model.
 *
 * Identity: each element has a `key` unique in the model — the physical ID when known (`vpc-0abc`),
 * else a source-qualified logical name (`cfn:stack.yaml#VPC`, `eksctl:shop#vpc`). References between
 * elements (a subnet's VPC, a route's target) are keys; an unresolved reference keeps the text it
 * was written with and `resolved: false`.
 */
import type { SourceRef } from '../../core/source.js';

export type InfraSource = 'eksctl' | 'cloudformation' | 'describe';

/** A value the input may not pin down: a concrete string, or a symbolic expression (CloudFormation's Fn::GetAZs, an imported value). */
export type Known<T> = { known: true; value: T } | { known: false; expr: string };

export interface Located {
  /** Where the element is declared (its ID or logical name). */
  at: SourceRef;
  source: InfraSource;
}

export interface Reference {
  /** Key of the element referred to, when it is in the model. */
  key?: string;
  /** How the input names it: "vpc-0abc", "Ref(VPC)", "igw-1". */
  text: string;
  resolved: boolean;
  at: SourceRef;
}

export interface CidrBlock {
  cidr: Known<string>;
  at: SourceRef;
}

export interface VpcElement extends Located {
  key: string;
  id?: string;
  name?: string;
  /** IPv4 blocks, the primary first (AWS::EC2::VPCCidrBlock and CidrBlockAssociationSet included). */
  cidrs: CidrBlock[];
  ipv6Cidrs: CidrBlock[];
}

export interface SubnetElement extends Located {
  key: string;
  id?: string;
  name?: string;
  vpc: Reference;
  cidr?: CidrBlock;
  az?: Known<string> & { at: SourceRef };
  /**
   * public: its route table sends 0.0.0.0/0 (or ::/0) to an internet gateway; private: it does not;
   * unknown: no route table known. eksctl states it (subnets.public / subnets.private).
   */
  tier: 'public' | 'private' | 'unknown';
  tags: Record<string, string>;
  /** Key of the route table that applies (explicit association, else the VPC's main table). */
  routeTable?: string;
}

export type RouteTargetKind = 'local' | 'igw' | 'eigw' | 'nat' | 'tgw' | 'pcx' | 'vgw' | 'vpce' | 'eni' | 'instance' | 'other';

export interface RouteElement {
  destination: Known<string> & { at: SourceRef };
  target: { kind: RouteTargetKind; ref: Reference };
  /** false for a blackhole route (describe output) */
  active: boolean;
  at: SourceRef;
}

export interface RouteTableElement extends Located {
  key: string;
  id?: string;
  /** Set for the implicit main table of a VPC the input creates (vpc-defaults.ts). */
  name?: string;
  vpc: Reference;
  main: boolean;
  subnets: Reference[];
  routes: RouteElement[];
}

export type GatewayKind = 'igw' | 'eigw' | 'nat' | 'tgw' | 'tgw-attachment' | 'pcx' | 'vgw' | 'vpce';

export interface GatewayElement extends Located {
  key: string;
  id?: string;
  kind: GatewayKind;
  /** The VPC it is attached to or lives in (NAT: its subnet's VPC). */
  vpc?: Reference;
  /** NAT gateways: the subnet they sit in. */
  subnet?: Reference;
  /** NAT gateways: public (through an IGW) or private. */
  connectivity?: 'public' | 'private';
  /** Peerings: the other side's VPC and CIDRs. */
  peer?: { vpc?: Reference; cidrs: CidrBlock[] };
}

export interface SecurityGroupRuleElement {
  direction: 'ingress' | 'egress';
  /** 'all' for -1. */
  protocol: 'all' | 'TCP' | 'UDP' | 'SCTP' | 'ICMP' | 'ICMPv6' | string;
  ports?: { from: number; to: number };
  peers: ({ kind: 'cidr'; cidr: Known<string> } | { kind: 'security-group'; ref: Reference } | { kind: 'prefix-list'; id: string })[];
  at: SourceRef;
}

export interface SecurityGroupElement extends Located {
  key: string;
  id?: string;
  name?: string;
  vpc?: Reference;
  rules: SecurityGroupRuleElement[];
  /** false when rules were left out (invalid or not statically known): never conclude "denied" from it. */
  complete: boolean;
  /**
   * Created by a tool rather than declared in the input: `eks` — EKS's cluster security group, whose default rules
   * AWS documents (sec-group-reqs); `eksctl` — a group eksctl creates, rules not modelled (`complete: false`).
   */
  managedBy?: 'eks' | 'eksctl';
}

export interface NetworkAclEntryElement {
  ruleNumber: number;
  action: 'allow' | 'deny';
  egress: boolean;
  protocol: string;
  cidr: Known<string>;
  ports?: { from: number; to: number };
  at: SourceRef;
}

export interface NetworkAclElement extends Located {
  key: string;
  id?: string;
  /** Set for the implicit default ACL of a VPC the input creates (vpc-defaults.ts). */
  name?: string;
  vpc?: Reference;
  isDefault: boolean;
  subnets: Reference[];
  entries: NetworkAclEntryElement[];
  complete: boolean;
}

export interface EksClusterElement extends Located {
  key: string;
  name: string;
  region?: string;
  vpc?: Reference;
  subnets: Reference[];
  serviceIPv4Cidr?: Known<string> & { at: SourceRef };
  /** The Service/pod IP family; IPv4 also stands in when the input does not fix it (see `ipFamilyUnresolved`). */
  ipFamily: 'IPv4' | 'IPv6';
  /**
   * Set when the input states the family but not a value the model can read (a CloudFormation `IpFamily: !Ref P` of a
   * parameter without a value): the location of that expression. `ipFamily` then holds IPv4 only as a stand-in.
   */
  ipFamilyUnresolved?: SourceRef;
  endpoint: { publicAccess: boolean; privateAccess: boolean; publicAccessCidrs: string[]; at: SourceRef };
  /**
   * The Kubernetes version (`major.minor`) the input states: eksctl metadata.version, CloudFormation Version. Undefined
   * when not stated (eksctl and EKS then pick their current default version).
   */
  version?: { value: string; at: SourceRef };
  /** An EKS local cluster on AWS Outposts: its control plane runs on the Outpost (one zone), not across AZs. */
  controlPlaneOutpost?: string;
  /** EKS add-ons with their parsed configurationValues (eksctl `addons`): the vpc-cni one carries CNI settings. */
  addons: { name: string; configurationValues?: Record<string, unknown>; at: SourceRef }[];
  /**
   * Security groups of the control plane's ENIs that the input states (CloudFormation ResourcesVpcConfig.SecurityGroupIds,
   * eksctl vpc.securityGroup / controlPlaneSecurityGroupIDs, eksctl's own ControlPlaneSecurityGroup). EKS adds its
   * cluster security group (`clusterSecurityGroup`) to them.
   */
  securityGroups?: Reference[];
  /**
   * Key of the security group EKS creates for the cluster (`eks-cluster-sg-<name>-<id>`, an element of
   * `securityGroups` with `managedBy: 'eks'`): it is on the control plane ENIs and on managed node groups without a
   * launch template security group (docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html).
   */
  clusterSecurityGroup?: string;
}

export interface NodeGroupElement extends Located {
  key: string;
  name: string;
  cluster?: string;
  managed: boolean;
  instanceTypes: (Known<string> & { at: SourceRef })[];
  scaling: { min: number; max: number; desired: number; at: SourceRef };
  maxPodsPerNode?: { value: number; at: SourceRef };
  subnets: Reference[];
  availabilityZones: string[];
  privateNetworking: boolean;
  labels: Record<string, string>;
  taints: { key: string; value?: string; effect: string }[];
  /**
   * Security groups of the nodes' primary ENIs: the launch template's (SecurityGroupIds / NetworkInterfaces[].Groups),
   * the launch configuration's SecurityGroups, eksctl's securityGroups.attachIDs plus the groups eksctl creates, or —
   * for a managed node group whose launch template names none — the cluster security group. Undefined: not known.
   */
  securityGroups?: Reference[];
  /**
   * The OS image family of the nodes (node-os.ts reads it): eksctl `amiFamily` (AmazonLinux2023, Bottlerocket,
   * WindowsServer2022CoreContainer …) or the EKS `AmiType` (AL2_x86_64, AL2023_x86_64_STANDARD, BOTTLEROCKET_ARM_64 …),
   * stated or the tool's default (`source: 'default'`, `at` then the node group's name). Undefined: not known
   * (a custom AMI in a launch template, a self-managed Auto Scaling group).
   */
  amiFamily?: {
    value: string;
    at: SourceRef;
    source: 'input' | 'default';
    defaultFrom?: string;
    /**
     * The nodes may boot an image other than the EKS-optimized one of the family (eksctl `ami: ami-…`, a managed node
     * group's launch template the input does not show): the family still names the OS, not the kernel. `at`: that field.
     */
    customImage?: { text: string; at: SourceRef };
  };
}

export interface InfraModel {
  vpcs: VpcElement[];
  subnets: SubnetElement[];
  routeTables: RouteTableElement[];
  gateways: GatewayElement[];
  securityGroups: SecurityGroupElement[];
  networkAcls: NetworkAclElement[];
  clusters: EksClusterElement[];
  nodeGroups: NodeGroupElement[];
}
