/**
 * eksctl ClusterConfig document → ClusterModel, with eksctl's defaults applied (defaults.ts) and a SourceRef for
 * every field. Bad input becomes LoadIssues: the schema's (validateManifest: exact positions, bad fields removed)
 * and the eksctl validation errors that change what the model would say (too few AZs, a VPC CIDR eksctl cannot
 * split, sizes out of order, …).
 */
import { formatPath, originOf, refOf, type Path, type SourceRef } from '../../core/source.js';
import type { LoadIssue, ParsedDocument } from '../types.js';
import { validateManifest } from '../validate.js';
import {
  CLUSTER_NAME_LABEL,
  DEFAULT_INSTANCE_TYPE,
  DEFAULT_IP_FAMILY,
  DEFAULT_PUBLIC_ACCESS_CIDRS,
  DEFAULT_VPC_CIDR,
  MIN_AVAILABILITY_ZONES,
  NODEGROUP_NAME_LABEL,
  defaultAvailabilityZoneCount,
  defaultEndpoints,
  defaultNat,
  defaultScaling,
  isLocalZoneName,
  isZoneName,
  placeholderZones,
  planSubnets,
  type Scaling,
} from './defaults.js';
import { parseEmbedded } from './embedded.js';
import type { AddonModel, ClusterModel, FieldSource, NodeGroupModel, Provenance, SubnetModel, TaintModel, VpcModel } from './model.js';
import {
  CLUSTER_CONFIG_KIND_SCHEMA,
  isClusterConfig,
  parseTaintValue,
  type AddonSpec,
  type ClusterConfig,
  type ManagedNodeGroupSpec,
  type NodeGroupSpec,
  type SubnetSpec,
} from './schema.js';

export interface ClusterConfigLoad {
  /** Undefined when the document is dropped (not a ClusterConfig, no metadata.name, …): see the fatal issue. */
  cluster?: ClusterModel;
  issues: LoadIssue[];
}

export interface LoadClusterConfigOptions {
  /**
   * The text of the document's file (LoadResult.texts): needed to place values inside an embedded
   * configurationValues string on their own lines; without it they point at the configurationValues scalar.
   */
  text?: string;
}

type Obj = Record<string, unknown>;

/**
 * Loads one eksctl ClusterConfig. Never throws on user input. Validation removes bad fields from `doc.value`
 * (as for Kubernetes objects): the loader owns the documents it is given.
 */
export function loadClusterConfig(doc: ParsedDocument, options: LoadClusterConfigOptions = {}): ClusterConfigLoad {
  const value = doc.value;
  if (!isClusterConfig(value)) {
    return {
      issues: [{ code: 'NOT_AN_OBJECT', message: 'expected an eksctl ClusterConfig (apiVersion eksctl.io/v1alpha5, kind ClusterConfig)', at: doc.source.ref([]), fatal: true }],
    };
  }
  const validation = validateManifest(value, CLUSTER_CONFIG_KIND_SCHEMA);
  if (!validation.ok) return { issues: validation.issues };
  const builder = new Builder(doc, value as ClusterConfig & Obj, options.text);
  const cluster = builder.cluster();
  return { cluster, issues: [...validation.issues, ...builder.issues] };
}

const source = (at: SourceRef, from: Provenance): FieldSource => ({ at, from });

class Builder {
  readonly issues: LoadIssue[] = [];
  readonly object: string;
  /** Where cluster-wide defaults point: metadata.name (it names what gets the default). */
  readonly nameRef: SourceRef;

  constructor(
    readonly doc: ParsedDocument,
    readonly cfg: ClusterConfig & Obj,
    readonly text: string | undefined,
  ) {
    this.object = `ClusterConfig/${cfg.metadata.name}`;
    this.nameRef = refOf(cfg.metadata, 'name');
  }

  /** The field `key` of `obj` (a loader object) if stated, else the nearest stated ancestor; absent obj → metadata.name. */
  at(obj: object | undefined, path: Path, ...sub: (string | number)[]): SourceRef {
    if (obj) return refOf(obj, ...sub);
    return { ...this.nameRef, path: [...path, ...sub] };
  }

  /** A top-level field: stated, or metadata.name (never the bare document root). */
  top(key: string): SourceRef {
    return has(this.cfg, key) ? refOf(this.cfg, key) : { ...this.nameRef, path: [key] };
  }

  invalid(at: SourceRef, message: string): void {
    this.issues.push({
      code: 'INVALID_FIELD',
      message: `ClusterConfig ${this.cfg.metadata.name}: ${formatPath(at.path)}: ${message}`,
      at,
      fatal: false,
      object: this.object,
    });
  }

  cluster(): ClusterModel {
    const cfg = this.cfg;
    const meta = cfg.metadata;
    const fullyPrivate = cfg.privateCluster?.enabled === true;
    const ipv6 = /^ipv6$/i.test(cfg.kubernetesNetworkConfig?.ipFamily ?? '');
    const knc = cfg.kubernetesNetworkConfig;
    const kncAt = (key: string) => this.at(knc, ['kubernetesNetworkConfig'], key);
    if (ipv6 && knc?.serviceIPv4CIDR !== undefined) {
      // validation.go validateKubernetesNetworkConfig
      this.invalid(refOf(knc, 'serviceIPv4CIDR'), 'service IPv4 CIDR is not supported with IPv6');
    }

    const statedZones = cfg.availabilityZones;
    if (statedZones && statedZones.length < MIN_AVAILABILITY_ZONES) {
      // validation.go validateAvailabilityZones / ErrTooFewAvailabilityZones
      this.invalid(refOf(cfg, 'availabilityZones'), `only ${statedZones.length} zone(s) specified, ${MIN_AVAILABILITY_ZONES} are required (can be non-unique)`);
    }
    const vpc = this.vpc(fullyPrivate);
    let availabilityZones: string[];
    let zonesFrom: Provenance;
    if (statedZones) {
      availabilityZones = [...statedZones];
      zonesFrom = 'stated';
    } else if (vpc.createdByEksctl) {
      availabilityZones = placeholderZones(defaultAvailabilityZoneCount(meta.region));
      zonesFrom = 'assumed';
    } else {
      availabilityZones = [...new Set(vpc.subnets.flatMap((s) => (s.az && s.zoneType === 'availability-zone' ? [s.az] : [])))];
      zonesFrom = 'derived';
    }

    const model: ClusterModel = {
      name: meta.name,
      ipFamily: ipv6 ? 'IPv6' : DEFAULT_IP_FAMILY,
      fullyPrivate,
      availabilityZones,
      localZones: [...(cfg.localZones ?? [])],
      vpc,
      nodeGroups: [
        ...(cfg.nodeGroups ?? []).map((ng) => this.nodeGroup(ng, false)),
        ...(cfg.managedNodeGroups ?? []).map((ng) => this.nodeGroup(ng, true)),
      ],
      addons: (cfg.addons ?? []).map((a) => this.addon(a)),
      at: refOf(cfg),
      sources: {
        name: source(this.nameRef, 'stated'),
        region: source(refOf(meta, 'region'), has(meta, 'region') ? 'stated' : 'unknown'),
        version: source(refOf(meta, 'version'), has(meta, 'version') ? 'stated' : 'default'),
        ipFamily: source(kncAt('ipFamily'), has(knc, 'ipFamily') ? 'stated' : 'default'),
        serviceIPv4CIDR: source(kncAt('serviceIPv4CIDR'), has(knc, 'serviceIPv4CIDR') ? 'stated' : 'default'),
        fullyPrivate: source(this.at(cfg.privateCluster, ['privateCluster'], 'enabled'), has(cfg.privateCluster, 'enabled') ? 'stated' : 'default'),
        availabilityZones: source(zonesFrom === 'derived' ? vpc.sources.subnets.at : this.top('availabilityZones'), zonesFrom),
        localZones: source(this.top('localZones'), has(cfg, 'localZones') ? 'stated' : 'default'),
      },
    };
    if (meta.region !== undefined) model.region = meta.region;
    if (meta.version !== undefined) model.version = String(meta.version);
    // EKS local clusters on AWS Outposts: the control plane runs on the Outpost, in its one zone.
    const outpost = (cfg as { outpost?: { controlPlaneOutpostARN?: unknown } }).outpost;
    if (typeof outpost?.controlPlaneOutpostARN === 'string') model.controlPlaneOutpost = outpost.controlPlaneOutpostARN;
    if (knc?.serviceIPv4CIDR !== undefined) model.serviceIPv4CIDR = knc.serviceIPv4CIDR;
    return model;
  }

  vpc(fullyPrivate: boolean): VpcModel {
    const cfg = this.cfg;
    const v = cfg.vpc;
    const vAt = (...sub: (string | number)[]) => this.at(v, ['vpc'], ...sub);
    const stated = (key: string): Provenance => (has(v, key) ? 'stated' : 'default');
    const subnets: SubnetModel[] = [];
    for (const tier of ['public', 'private'] as const) {
      const mapping = v?.subnets?.[tier];
      if (!mapping) continue;
      for (const [name, spec] of Object.entries(mapping)) subnets.push(this.statedSubnet(mapping, name, spec, tier));
    }
    const createdByEksctl = v?.id === undefined && subnets.length === 0;

    // An existing VPC's CIDR, when not stated, is read from AWS by eksctl: unknown here.
    const cidrSource: VpcModel['cidrSource'] = v?.cidr !== undefined ? 'stated' : createdByEksctl ? 'default' : 'unknown';
    const cidr = v?.cidr ?? (createdByEksctl ? DEFAULT_VPC_CIDR : undefined);
    if (createdByEksctl && cidr !== undefined) subnets.push(...this.plannedSubnets(cidr, cidrSource, fullyPrivate));

    const endpoints = defaultEndpoints(fullyPrivate);
    const ce = v?.clusterEndpoints;
    // A fully-private cluster "can have private access only" (eksctl docs): stated values do not apply.
    if (!fullyPrivate && ce?.publicAccess !== undefined) endpoints.publicAccess = ce.publicAccess;
    if (!fullyPrivate && ce?.privateAccess !== undefined) endpoints.privateAccess = ce.privateAccess;
    const ceAt = (key: string) => (ce ? refOf(ce, key) : vAt('clusterEndpoints', key));
    const ceFrom = (key: string): Provenance => (!fullyPrivate && has(ce, key) ? 'stated' : 'default');

    const model: VpcModel = {
      cidrSource,
      extraCIDRs: [...(v?.extraCIDRs ?? [])],
      extraCIDRsAt: (v?.extraCIDRs ?? []).map((_, i) => this.at(v, ['vpc'], 'extraCIDRs', i)),
      createdByEksctl,
      subnets,
      nat: v?.nat?.gateway ?? defaultNat(createdByEksctl, fullyPrivate),
      endpoints,
      publicAccessCIDRs: [...(v?.publicAccessCIDRs ?? DEFAULT_PUBLIC_ACCESS_CIDRS)],
      at: this.top('vpc'),
      sources: {
        id: source(vAt('id'), has(v, 'id') ? 'stated' : createdByEksctl ? 'default' : 'unknown'),
        cidr: source(vAt('cidr'), cidrSource),
        extraCIDRs: source(vAt('extraCIDRs'), stated('extraCIDRs')),
        subnets: source(vAt('subnets'), has(v, 'subnets') ? 'stated' : 'default'),
        nat: source(v?.nat ? refOf(v.nat, 'gateway') : vAt('nat', 'gateway'), has(v?.nat, 'gateway') ? 'stated' : 'default'),
        publicAccess: source(ceAt('publicAccess'), ceFrom('publicAccess')),
        privateAccess: source(ceAt('privateAccess'), ceFrom('privateAccess')),
        publicAccessCIDRs: source(vAt('publicAccessCIDRs'), stated('publicAccessCIDRs')),
      },
    };
    if (v?.id !== undefined) model.id = v.id;
    if (cidr !== undefined) model.cidr = cidr;
    return model;
  }

  statedSubnet(mapping: object, name: string, spec: SubnetSpec, tier: 'public' | 'private'): SubnetModel {
    const at = refOf(mapping, name);
    const zoneFromKey = isZoneName(name);
    const az = spec.az ?? (zoneFromKey ? name : undefined);
    const subnet: SubnetModel = {
      name,
      tier,
      zoneType: az !== undefined && isLocalZoneName(az) ? 'local-zone' : 'availability-zone',
      assumed: false,
      at,
      sources: {
        az: source(spec.az !== undefined ? refOf(spec, 'az') : at, spec.az !== undefined ? 'stated' : zoneFromKey ? 'derived' : 'unknown'),
        cidr: source(spec.cidr !== undefined ? refOf(spec, 'cidr') : at, spec.cidr !== undefined ? 'stated' : 'unknown'),
        id: source(spec.id !== undefined ? refOf(spec, 'id') : at, spec.id !== undefined ? 'stated' : 'unknown'),
      },
    };
    if (az !== undefined) subnet.az = az;
    if (spec.cidr !== undefined) subnet.cidr = spec.cidr;
    if (spec.id !== undefined) subnet.id = spec.id;
    return subnet;
  }

  /** The subnets eksctl cuts from the VPC CIDR (defaults.ts planSubnets). */
  plannedSubnets(cidr: string, cidrSource: VpcModel['cidrSource'], fullyPrivate: boolean): SubnetModel[] {
    const cfg = this.cfg;
    const v = cfg.vpc;
    const zonesStated = cfg.availabilityZones !== undefined;
    const zones = cfg.availabilityZones ?? placeholderZones(defaultAvailabilityZoneCount(cfg.metadata.region));
    const localZones = cfg.localZones ?? [];
    const plan = planSubnets(cidr, zones, localZones);
    if ('error' in plan) {
      const at = cidrSource === 'stated' && v ? refOf(v, 'cidr') : this.top('availabilityZones');
      this.invalid(at, `eksctl cannot create the subnets of its VPC: ${plan.error}`);
      return [];
    }
    const cidrAt = cidrSource === 'stated' && v ? refOf(v, 'cidr') : this.at(v, ['vpc'], 'cidr');
    const cidrFrom: Provenance = cidrSource === 'stated' ? 'derived' : 'default';
    const out: SubnetModel[] = [];
    for (const p of plan.subnets) {
      // A fully-private cluster has only private subnets (eksctl docs, eks-private-cluster.md).
      if (fullyPrivate && p.tier === 'public') continue;
      const list = p.localZone ? cfg.localZones : cfg.availabilityZones;
      const assumed = !p.localZone && !zonesStated;
      const zoneRef = list ? refOf(list, p.position) : this.top('availabilityZones');
      const at = this.at(v, ['vpc'], 'subnets', p.tier, p.zone);
      out.push({
        name: p.zone,
        tier: p.tier,
        az: p.zone,
        zoneType: p.localZone ? 'local-zone' : 'availability-zone',
        cidr: p.cidr,
        assumed,
        at: { ...at, path: ['vpc', 'subnets', p.tier, p.zone] },
        sources: {
          az: source(zoneRef, assumed ? 'assumed' : 'stated'),
          cidr: source(cidrAt, cidrFrom),
          id: source(at, 'default'),
        },
      });
    }
    return out;
  }

  nodeGroup(ng: (NodeGroupSpec | ManagedNodeGroupSpec) & Obj, managed: boolean): NodeGroupModel {
    const ngAt = (key: string) => refOf(ng, key);
    const from = (key: string): Provenance => (has(ng, key) ? 'stated' : 'default');
    const path = managed ? 'managedNodeGroups' : 'nodeGroups';

    // Instance types (defaults.go SetNodeGroupDefaults / SetManagedNodeGroupDefaults: DefaultNodeType when none).
    let instanceTypes: string[];
    let typesSource: FieldSource;
    const m = managed ? (ng as ManagedNodeGroupSpec) : undefined;
    const u = managed ? undefined : (ng as NodeGroupSpec);
    const distribution = u?.instancesDistribution?.instanceTypes;
    if (m?.instanceTypes && m.instanceTypes.length > 0) {
      instanceTypes = [...m.instanceTypes];
      typesSource = source(ngAt('instanceTypes'), 'stated');
    } else if (ng.instanceType !== undefined && ng.instanceType !== 'mixed') {
      instanceTypes = [ng.instanceType];
      typesSource = source(ngAt('instanceType'), 'stated');
    } else if (distribution && distribution.length > 0 && u?.instancesDistribution) {
      instanceTypes = [...distribution];
      typesSource = source(refOf(u.instancesDistribution, 'instanceTypes'), 'stated');
    } else if (ng.instanceSelector !== undefined || m?.launchTemplate !== undefined) {
      // Resolved by eksctl at run time (EC2 instance selector) or taken from the launch template.
      instanceTypes = [];
      typesSource = source(ngAt(ng.instanceSelector !== undefined ? 'instanceSelector' : 'launchTemplate'), 'unknown');
    } else {
      instanceTypes = [DEFAULT_INSTANCE_TYPE];
      typesSource = source(refOf(ng), 'default');
    }
    if (m?.instanceType !== undefined && m.instanceTypes !== undefined && m.instanceTypes.length > 0) {
      // validation.go ValidateManagedNodeGroup
      this.invalid(ngAt('instanceTypes'), 'only one of instanceType or instanceTypes can be specified');
    }

    const stated: Partial<Scaling> = {};
    if (ng.minSize !== undefined) stated.minSize = ng.minSize;
    if (ng.maxSize !== undefined) stated.maxSize = ng.maxSize;
    if (ng.desiredCapacity !== undefined) stated.desiredCapacity = ng.desiredCapacity;
    const scaling = defaultScaling(stated, managed);
    // validation.go (managed) and cfn/builder/nodegroup.go (unmanaged) reject sizes out of order.
    if (stated.desiredCapacity !== undefined && stated.desiredCapacity < scaling.minSize) {
      this.invalid(ngAt('desiredCapacity'), `desiredCapacity ${stated.desiredCapacity} is below minSize ${scaling.minSize}`);
    } else if (stated.desiredCapacity !== undefined && stated.desiredCapacity > scaling.maxSize) {
      this.invalid(ngAt('desiredCapacity'), `desiredCapacity ${stated.desiredCapacity} is above maxSize ${scaling.maxSize}`);
    } else if (scaling.maxSize < scaling.minSize) {
      this.invalid(ngAt(stated.maxSize !== undefined ? 'maxSize' : 'minSize'), `maxSize ${scaling.maxSize} is below minSize ${scaling.minSize}`);
    }
    if (ng.subnets && ng.subnets.length > 0 && ng.availabilityZones && ng.availabilityZones.length > 0) {
      // validation.go validateNodeGroupBase
      this.invalid(ngAt('availabilityZones'), `only one of ${path}.subnets or ${path}.availabilityZones should be set`);
    }

    const labels: Record<string, string> = { ...(ng.labels ?? {}) };
    labels[CLUSTER_NAME_LABEL] = this.cfg.metadata.name;
    labels[NODEGROUP_NAME_LABEL] = ng.name;

    const model: NodeGroupModel = {
      name: ng.name,
      managed,
      instanceTypes,
      ...scaling,
      subnets: [...(ng.subnets ?? [])],
      availabilityZones: [...(ng.availabilityZones ?? [])],
      localZones: [...(u?.localZones ?? [])],
      privateNetworking: ng.privateNetworking ?? false,
      labels,
      taints: this.taints(ng),
      spot: m?.spot ?? false,
      at: refOf(ng),
      sources: {
        name: source(ngAt('name'), 'stated'),
        instanceTypes: typesSource,
        minSize: source(ngAt('minSize'), from('minSize')),
        maxSize: source(ngAt('maxSize'), from('maxSize')),
        desiredCapacity: source(ngAt('desiredCapacity'), from('desiredCapacity')),
        maxPodsPerNode: source(ngAt('maxPodsPerNode'), from('maxPodsPerNode')),
        subnets: source(ngAt('subnets'), from('subnets')),
        availabilityZones: source(ngAt('availabilityZones'), from('availabilityZones')),
        privateNetworking: source(ngAt('privateNetworking'), from('privateNetworking')),
        labels: source(ngAt('labels'), from('labels')),
        taints: source(ngAt('taints'), from('taints')),
      },
    };
    // maxPodsPerNode 0 is Go's "unset".
    if (ng.maxPodsPerNode !== undefined && ng.maxPodsPerNode > 0) model.maxPodsPerNode = ng.maxPodsPerNode;
    if (typeof ng.amiFamily === 'string' && ng.amiFamily.trim() !== '') model.amiFamily = { value: ng.amiFamily.trim(), at: ngAt('amiFamily') };
    if (typeof ng.ami === 'string' && ng.ami.trim() !== '') model.ami = { value: ng.ami.trim(), at: ngAt('ami') };
    if (m?.launchTemplate && typeof m.launchTemplate.id === 'string') model.launchTemplate = { id: m.launchTemplate.id, at: ngAt('launchTemplate') };
    return model;
  }

  taints(ng: (NodeGroupSpec | ManagedNodeGroupSpec) & Obj): TaintModel[] {
    const taints = ng.taints;
    if (!taints) return [];
    if (Array.isArray(taints)) {
      return taints.map((t) => {
        const out: TaintModel = { key: t.key, effect: t.effect, at: refOf(t) };
        if (t.value !== undefined && t.value !== '') out.value = t.value;
        return out;
      });
    }
    const out: TaintModel[] = [];
    for (const [key, spec] of Object.entries(taints)) {
      const parsed = parseTaintValue(spec);
      if (!parsed) continue; // reported by the schema
      const t: TaintModel = { key, effect: parsed.effect as TaintModel['effect'], at: refOf(taints, key) };
      if (parsed.value !== '') t.value = parsed.value;
      out.push(t);
    }
    return out;
  }

  addon(addon: AddonSpec & Obj): AddonModel {
    const model: AddonModel = {
      name: addon.name,
      at: refOf(addon),
      sources: {
        name: source(refOf(addon, 'name'), 'stated'),
        version: source(refOf(addon, 'version'), has(addon, 'version') ? 'stated' : 'default'),
        configurationValues: source(refOf(addon, 'configurationValues'), has(addon, 'configurationValues') ? 'stated' : 'default'),
      },
    };
    if (addon.version !== undefined) model.version = String(addon.version);
    const raw = addon.configurationValues;
    if (raw !== undefined && raw.trim() !== '') {
      const hostPath = [...(originOf(addon)?.path ?? []), 'configurationValues'];
      const embedded = parseEmbedded(this.doc, hostPath, raw, this.text, { object: this.object, label: `ClusterConfig ${this.cfg.metadata.name}` });
      this.issues.push(...embedded.issues);
      const parsed = embedded.value;
      if (isPlainObject(parsed)) {
        model.configurationValues = parsed;
        model.configurationValuesExact = embedded.exact;
      } else if (parsed !== undefined) {
        this.invalid(refOf(addon, 'configurationValues'), `configurationValues must hold a JSON or YAML mapping, got ${Array.isArray(parsed) ? 'a list' : JSON.stringify(parsed)}`);
      }
    }
    return model;
  }
}

function has(obj: object | undefined, key: string): boolean {
  return obj !== undefined && Object.hasOwn(obj, key) && (obj as Obj)[key] !== undefined;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
