/**
 * What the input says about the cluster network: which CNI plugins run, and their settings — the AWS VPC CNI
 * (`aws-node` env, ENIConfigs, SecurityGroupPolicies), kube-proxy, flannel, Calico, Cilium, kubeadm and the
 * Nodes' pod CIDRs. Every value carries the SourceRef of the field stating it (for values inside an embedded
 * JSON/YAML string such as flannel's net-conf.json: of its own line in the host file), or, where the input
 * is silent, the component's default and where that default is documented.
 *
 * Bad input never throws: an invalid value becomes a `problem` at its location and the setting falls back to
 * what the component itself does with it (the VPC CNI ignores an unparsable WARM_IP_TARGET, skips an invalid
 * exclude-SNAT CIDR …).
 *
 * Sources of the defaults: VPC CNI — shared/data/vpc-cni-capacity.md §1 and §4 (aws/amazon-vpc-cni-k8s @ b521883);
 * Calico — docs.tigera.io reference/resources/ippool; flannel — flannel Documentation/configuration.md and
 * backends.md; Cilium — docs.cilium.io network/concepts (routing, ipam, masquerading) and its Helm chart;
 * kube-proxy — KubeProxyConfiguration (mode "" = iptables on Linux); kubeadm — ClusterConfiguration networking.
 */
import { compareRefs, maybeRefOf, originOf, refOf, registerOrigin, type SourceRef } from '../../core/source.js';
import { parseEmbedded } from '../../loader/eksctl/embedded.js';
import type { EniConfig, IpPool, SecurityGroupPolicy } from '../../loader/schemas/cni.js';
import type { LabelSelector } from '../../loader/schemas/common.js';
import type { Container, EnvVar } from '../../loader/schemas/index.js';
import type { LoadedObject, ParsedDocument } from '../../loader/types.js';
import type { ConfigMapNode, Model, Workload } from '../types.js';
import {
  byDefault,
  isIpv4Cidr,
  parseGoBool,
  parseGoInt,
  stated,
  TextLocator,
  unresolved,
  type CniProblem,
  type LocatedItem,
  type Setting,
} from './values.js';
import { isCidr } from '../../loader/schemas/common.js';

export type { CniProblem, LocatedItem, Setting, SettingSource } from './values.js';

export type CniName = 'aws-vpc-cni' | 'flannel' | 'calico' | 'cilium';

/** A CNI plugin the input shows running. */
export interface DetectedCni {
  name: CniName;
  /**
   * `networking`: it assigns pod IPs and routes pod traffic. `policy-only`: it only enforces NetworkPolicy on top
   * of another plugin (Calico on the VPC CNI, Calico in canal with flannel, Calico with CALICO_NETWORKING_BACKEND=none,
   * Cilium in CNI chaining mode).
   */
  role: 'networking' | 'policy-only';
  /** The objects showing it: its DaemonSet's and ConfigMap's metadata.name. */
  evidence: SourceRef[];
  /** Why the role was chosen, when it is not plain `networking`. */
  note?: string;
}

/** The `daemonSet.id` of VPC CNI settings assumed for an EKS cluster whose input shows no CNI. */
export const EKS_DEFAULT_VPC_CNI = 'EKS default vpc-cni';

const CNI_DOC = 'shared/data/vpc-cni-capacity.md';
const CNI_CITE = `${CNI_DOC} §4 (aws/amazon-vpc-cni-k8s)`;

/** The AWS VPC CNI's settings, from the `aws-node` container's env in the aws-node DaemonSet. */
export interface AwsVpcCniSettings {
  /** The DaemonSet ("kube-system/DaemonSet/aws-node") and its metadata.name. */
  daemonSet: { id: string; at: SourceRef };
  /** WARM_ENI_TARGET (default 1): whole spare ENIs kept per node; ignored when WARM_IP_TARGET or MINIMUM_IP_TARGET is set, and in PD mode. */
  warmEniTarget: Setting<number>;
  /** WARM_IP_TARGET (default unset = off): free IPs kept per node; overrides WARM_ENI_TARGET/WARM_PREFIX_TARGET. */
  warmIpTarget: Setting<number | undefined>;
  /** MINIMUM_IP_TARGET (default unset = off): floor on the IPs per node. */
  minimumIpTarget: Setting<number | undefined>;
  /** WARM_PREFIX_TARGET: code default 0 when the env var is absent (the CNI manifest sets 1 explicitly); PD only. */
  warmPrefixTarget: Setting<number>;
  /** ENABLE_PREFIX_DELEGATION (default false): /28 prefixes per ENI slot instead of /32s. */
  prefixDelegation: Setting<boolean>;
  /** AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG (default false): pod ENIs in the ENIConfig subnet, primary ENI unused for pods. */
  customNetworking: Setting<boolean>;
  /** ENI_CONFIG_LABEL_DEF (default unset): node label naming the ENIConfig (e.g. topology.kubernetes.io/zone). */
  eniConfigLabelDef: Setting<string | undefined>;
  /** ENI_CONFIG_ANNOTATION_DEF (default k8s.amazonaws.com/eniConfig): node annotation naming the ENIConfig. */
  eniConfigAnnotationDef: Setting<string>;
  /** AWS_VPC_K8S_CNI_EXTERNALSNAT (default false): true = no node SNAT, pod IP is the source for every destination. */
  externalSnat: Setting<boolean>;
  /** AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS (default empty): valid IPv4 CIDRs only, each at its own columns (invalid ones are skipped, as the CNI does). */
  excludeSnatCidrs: Setting<LocatedItem[]>;
  /** AWS_VPC_K8S_CNI_RANDOMIZESNAT (default prng). */
  randomizeSnat: Setting<'prng' | 'hashrandom' | 'none'>;
  /** ENABLE_POD_ENI (default false): security groups for pods (trunk ENI takes one ENI slot). */
  podEni: Setting<boolean>;
  /** POD_SECURITY_GROUP_ENFORCING_MODE (default strict). */
  podSecurityGroupEnforcingMode: Setting<'strict' | 'standard'>;
  /** ENABLE_IPv6 (default false). */
  ipv6: Setting<boolean>;
  /** ENABLE_IPv4 (default true; exactly one of ENABLE_IPv4/ENABLE_IPv6 may be true). */
  ipv4: Setting<boolean>;
  /** ENABLE_V4_EGRESS (default true): IPv4 egress of IPv6 pods, SNATed to the node. */
  v4Egress: Setting<boolean>;
  /** MAX_ENI (default unset): caps ENIs per node; values < 1 are ignored. */
  maxEni: Setting<number | undefined>;
  /** AWS_VPC_ENI_MTU (default 9001). */
  eniMtu: Setting<number>;
  /** ENABLE_SUBNET_DISCOVERY (default true, v1.18+): secondary ENIs in subnets tagged kubernetes.io/role/cni. */
  subnetDiscovery: Setting<boolean>;
  /** ENABLE_MULTI_NIC (default false): only network card 0 is used. */
  multiNic: Setting<boolean>;
  /** IP_COOLDOWN_PERIOD in seconds (default 30). */
  ipCooldownPeriod: Setting<number>;
  /** Every env var of the container as written (last one wins for duplicates), the knobs above included. */
  env: Readonly<Record<string, Setting<string>>>;
}

export interface EniConfigSettings {
  /** metadata.name: an AZ name (with ENI_CONFIG_LABEL_DEF=topology.kubernetes.io/zone) or a name nodes are annotated with. */
  name: string;
  at: SourceRef;
  subnet: Setting<string> | undefined;
  securityGroups: LocatedItem[];
}

export interface SecurityGroupPolicySettings {
  id: string;
  namespace: string;
  name: string;
  at: SourceRef;
  podSelector: LabelSelector | undefined;
  serviceAccountSelector: LabelSelector | undefined;
  /** spec.securityGroups.groupIds (the controller accepts at most 5 per policy). */
  groupIds: LocatedItem[];
}

export interface KubeProxySettings {
  /** The ConfigMap key or document holding the KubeProxyConfiguration. */
  at: SourceRef;
  /** mode: "" / absent = iptables on Linux. */
  mode: Setting<string>;
  /** clusterCIDR (comma-separated for dual stack), each CIDR at its own columns. */
  clusterCidrs: LocatedItem[];
  /** ipvs.scheduler as written (undefined when absent; "" = kube-proxy's default, rr). Read in every mode; only ipvs uses it. */
  ipvsScheduler?: Setting<string>;
  /** featureGates (name → enabled), each at its own field; only boolean values are kept. */
  featureGates: Readonly<Record<string, Setting<boolean>>>;
  /** nftables.skipKernelVersionCheck when stated (kube-proxy 1.31+ then runs nftables mode below Linux 5.13). */
  nftablesSkipKernelVersionCheck?: Setting<boolean>;
}

export interface FlannelSettings {
  /** The net-conf.json key of the kube-flannel-cfg ConfigMap. */
  at: SourceRef;
  /** Network (required when IPv4 is enabled). */
  network: Setting<string> | undefined;
  /** SubnetLen: per-node subnet prefix length (default 24, or Network's length + 2 when Network is smaller than /22). */
  subnetLen: Setting<number> | undefined;
  ipv6Network: Setting<string> | undefined;
  enableIpv6: Setting<boolean>;
  /** Backend.Type (default vxlan in current flannel; udp before v0.10-era docs). */
  backendType: Setting<string>;
  /** Backend.Port: vxlan default 8472 (the kernel default; flannel's 0), udp 8285; undefined for backends without one. */
  backendPort: Setting<number | undefined>;
  /** Backend.VNI: vxlan default 1. */
  backendVni: Setting<number | undefined>;
}

export interface CalicoIpPoolSettings {
  name: string;
  at: SourceRef;
  cidr: Setting<string> | undefined;
  /** blockSize: default 26 (IPv4) / 122 (IPv6). */
  blockSize: Setting<number>;
  /** From ipipMode / vxlanMode (both default Never → none). */
  encapsulation: Setting<{ type: 'IPIP' | 'VXLAN' | 'none'; mode: 'Always' | 'CrossSubnet' | 'Never' }>;
  natOutgoing: Setting<boolean>;
  disabled: Setting<boolean>;
  /** nodeSelector: default all(). */
  nodeSelector: Setting<string>;
}

export interface CalicoSettings {
  ipPools: CalicoIpPoolSettings[];
  /** calico-config `veth_mtu` ("0" = auto-detect). */
  vethMtu: Setting<number> | undefined;
  /** calico-config `calico_backend` (bird, vxlan, none). */
  backend: Setting<string> | undefined;
  /** calico-node env CALICO_NETWORKING_BACKEND (none = policy only). */
  networkingBackend: Setting<string> | undefined;
}

export interface CiliumSettings {
  /** The cilium-config ConfigMap's metadata.name. */
  at: SourceRef;
  /** ipam (default cluster-pool; eni = pod IPs from ENIs, like the VPC CNI). */
  ipam: Setting<string>;
  /** cluster-pool-ipv4-cidr (space/comma separated; Helm default 10.0.0.0/8). */
  clusterPoolIpv4Cidrs: Setting<LocatedItem[]>;
  /** cluster-pool-ipv4-mask-size (Helm default 24). */
  clusterPoolIpv4MaskSize: Setting<number>;
  /** routing-mode, or the legacy `tunnel` key (disabled = native): default tunnel. */
  routingMode: Setting<'tunnel' | 'native'>;
  /** tunnel-protocol, or the legacy `tunnel` value: default vxlan. */
  tunnelProtocol: Setting<string>;
  /** enable-ipv4-masquerade (default true). */
  ipv4Masquerade: Setting<boolean>;
  ipv4NativeRoutingCidr: Setting<string> | undefined;
  /** cni-chaining-mode (aws-cni = policy on top of the VPC CNI). */
  chainingMode: Setting<string> | undefined;
}

export interface KubeadmSettings {
  /** The ClusterConfiguration document, or the kubeadm-config ConfigMap key holding it. */
  at: SourceRef;
  /** networking.podSubnet (comma-separated for dual stack). */
  podSubnets: LocatedItem[];
  /** networking.serviceSubnet (default 10.96.0.0/12). */
  serviceSubnets: Setting<LocatedItem[]>;
}

export interface NodePodCidrs {
  node: string;
  at: SourceRef;
  /** spec.podCIDRs, else spec.podCIDR. */
  podCidrs: LocatedItem[];
}

export interface CniSettings {
  /** The CNI plugins the input shows, in a fixed order (aws-vpc-cni, flannel, calico, cilium). */
  plugins: DetectedCni[];
  /** The plugin(s) assigning pod IPs (role `networking`); more than one is itself suspicious. */
  networking: CniName[];
  awsVpcCni: AwsVpcCniSettings | undefined;
  eniConfigs: EniConfigSettings[];
  securityGroupPolicies: SecurityGroupPolicySettings[];
  kubeProxy: KubeProxySettings[];
  flannel: FlannelSettings | undefined;
  calico: CalicoSettings | undefined;
  cilium: CiliumSettings | undefined;
  kubeadm: KubeadmSettings[];
  nodes: NodePodCidrs[];
  /** Values the settings could not use, at their locations (sorted by location). */
  problems: CniProblem[];
}

export interface CniSettingsOptions {
  /**
   * Documents that are not Kubernetes objects (LoadResult.otherDocuments): kubeadm ClusterConfiguration and
   * KubeProxyConfiguration files are read from here.
   */
  documents?: readonly ParsedDocument[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the CNI and cluster-network settings out of the model. Never throws on user input. */
export function cniSettings(model: Model, options: CniSettingsOptions = {}): CniSettings {
  return new Reader(model, options).read();
}

class Reader {
  readonly problems: CniProblem[] = [];
  readonly loc: TextLocator;
  readonly objects: LoadedObject[];

  constructor(
    readonly model: Model,
    readonly options: CniSettingsOptions,
  ) {
    this.loc = new TextLocator(model.texts);
    const losers = new Set(model.shadowed.flatMap((s) => s.losers));
    this.objects = model.objects.filter((o) => !losers.has(o));
  }

  problem(message: string, at: SourceRef): void {
    this.problems.push({ message, at });
  }

  read(): CniSettings {
    const awsNode = this.daemonSet((w) => w.name === 'aws-node' || containers(w).some((c) => /amazon-k8s-cni/.test(c.image ?? '')));
    const flannelDs = this.daemonSet((w) => w.name.startsWith('kube-flannel') || containers(w).some((c) => c.name === 'kube-flannel'));
    const calicoDs = this.daemonSet((w) => w.name === 'calico-node');
    const ciliumDs = this.daemonSet((w) => w.name === 'cilium' || containers(w).some((c) => c.name === 'cilium-agent'));
    const flannelCm = this.configMap('kube-flannel-cfg', ['kube-flannel', 'kube-system']);
    const calicoCm = this.configMap('calico-config', ['kube-system', 'calico-system']);
    const ciliumCm = this.configMap('cilium-config', ['kube-system', 'cilium']);

    // With several clusters in the input, an add-on belongs to one of them: it only stands in for a
    // missing aws-node DaemonSet, it does not overlay one that may be another cluster's.
    const addon = awsNode && this.model.infra.clusters.length > 1 ? undefined : this.vpcCniAddon();
    // An EKS cluster runs the Amazon VPC CNI unless another plugin replaces it (EKS installs it as a default
    // add-on: docs.aws.amazon.com/eks/latest/userguide/eks-networking-add-ons.html); with no CNI object in the input,
    // its documented defaults apply.
    const otherNetworking = flannelDs || flannelCm || calicoDs || calicoCm || ciliumDs || ciliumCm;
    const eksDefault = !awsNode && !addon && !otherNetworking ? this.model.infra.clusters[0] : undefined;
    const assumed = eksDefault ? { env: [], at: eksDefault.at, assumed: true } : undefined;
    const awsVpcCni = awsNode || addon || assumed ? this.awsNode(awsNode, addon ?? assumed) : undefined;
    const flannel = flannelCm ? this.flannel(flannelCm) : undefined;
    const calico = this.calico(calicoDs, calicoCm);
    const cilium = ciliumCm ? this.cilium(ciliumCm) : undefined;

    const plugins: DetectedCni[] = [];
    const evidence = (...xs: (Workload | ConfigMapNode | undefined)[]) =>
      xs.flatMap((x) => {
        const m = x && ('manifest' in x ? x.manifest : x.object?.manifest);
        const at = m ? maybeRefOf(m, 'metadata', 'name') : undefined;
        return at ? [at] : [];
      });
    if (awsNode || addon) plugins.push({ name: 'aws-vpc-cni', role: 'networking', evidence: [...evidence(awsNode), ...(addon ? [addon.at] : [])] });
    else if (assumed)
      plugins.push({ name: 'aws-vpc-cni', role: 'networking', evidence: [assumed.at], note: 'assumed: EKS runs the Amazon VPC CNI with its defaults when the input shows no CNI' });
    if (flannelDs || flannelCm) plugins.push({ name: 'flannel', role: 'networking', evidence: evidence(flannelDs, flannelCm) });
    if (calicoDs || calicoCm || (calico && calico.ipPools.length > 0)) {
      const ev = [...evidence(calicoDs, calicoCm), ...(calico?.ipPools.map((p) => p.at) ?? [])];
      const none = (s: Setting<string> | undefined) => s?.value.toLowerCase() === 'none';
      const note = awsNode
        ? 'policy only: the AWS VPC CNI (aws-node) assigns pod IPs, Calico enforces NetworkPolicy'
        : flannelDs || flannelCm
          ? 'policy only: flannel routes pod traffic (canal), Calico enforces NetworkPolicy'
          : none(calico?.networkingBackend) || none(calico?.backend)
            ? 'policy only: Calico networking backend is "none"'
            : undefined;
      plugins.push(note ? { name: 'calico', role: 'policy-only', evidence: ev, note } : { name: 'calico', role: 'networking', evidence: ev });
    }
    if (ciliumDs || ciliumCm) {
      const ev = evidence(ciliumDs, ciliumCm);
      const chain = cilium?.chainingMode?.value;
      if (chain && chain !== 'none') plugins.push({ name: 'cilium', role: 'policy-only', evidence: ev, note: `CNI chaining mode "${chain}": another plugin assigns pod IPs, Cilium enforces policy` });
      else plugins.push({ name: 'cilium', role: 'networking', evidence: ev });
    }

    const result: CniSettings = {
      plugins,
      networking: plugins.filter((p) => p.role === 'networking').map((p) => p.name),
      awsVpcCni,
      eniConfigs: this.eniConfigs(),
      securityGroupPolicies: this.securityGroupPolicies(),
      kubeProxy: this.kubeProxy(),
      flannel,
      calico: calicoDs || calicoCm || (calico && calico.ipPools.length > 0) ? calico : undefined,
      cilium,
      kubeadm: this.kubeadm(),
      nodes: this.nodePodCidrs(),
      problems: this.problems,
    };
    result.problems.sort((a, b) => compareRefs(a.at, b.at) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
    return result;
  }

  daemonSet(test: (w: Workload) => boolean): Workload | undefined {
    const all = this.model.workloads.filter((w) => w.kind === 'DaemonSet' && !w.implicit && test(w));
    return all.find((w) => w.namespace === 'kube-system') ?? all[0];
  }

  configMap(name: string, namespaces: readonly string[]): ConfigMapNode | undefined {
    const all = this.model.configMaps.filter((c) => c.name === name);
    for (const ns of namespaces) {
      const found = all.find((c) => c.namespace === ns);
      if (found) return found;
    }
    return all[0];
  }

  // ---- AWS VPC CNI ----

  /**
   * The vpc-cni EKS add-on of an eksctl cluster with `configurationValues.env`: its values as env entries
   * located on their own lines inside the embedded string. The add-on manages aws-node, so these win
   * over the DaemonSet's env for the variables they set.
   */
  vpcCniAddon(): { env: EnvVar[]; at: SourceRef } | undefined {
    for (const cluster of this.model.infra.clusters) {
      const addon = cluster.addons.find((a) => a.name === 'vpc-cni');
      const envMap = addon?.configurationValues?.env;
      if (!addon || !isObj(envMap)) continue;
      const origin = originOf(envMap);
      const env: EnvVar[] = [];
      for (const [name, value] of Object.entries(envMap)) {
        if (value === null || typeof value === 'object') continue;
        const e: EnvVar = { name, value: String(value) };
        // refOf(e, 'value') falls back to the env map's entry for `name`: the value's own line.
        if (origin) registerOrigin(e, origin.source, [...origin.path, name]);
        env.push(e);
      }
      return { env, at: addon.at };
    }
    return undefined;
  }

  awsNode(w: Workload | undefined, addon?: { env: EnvVar[]; at: SourceRef; assumed?: boolean }): AwsVpcCniSettings {
    const cs = w ? containers(w) : [];
    const container = cs.find((c) => c.name === 'aws-node') ?? cs[0];
    const env = new Map<string, EnvVar>();
    for (const e of container?.env ?? []) env.set(e.name, e);
    for (const e of addon?.env ?? []) env.set(e.name, e);
    const label = `aws-node`;
    const all: Record<string, Setting<string>> = {};
    for (const [name, e] of env) {
      if (e.value !== undefined) all[name] = stated(e.value, refOf(e, 'value'));
      else if (e.valueFrom !== undefined) all[name] = unresolved('', refOf(e, 'valueFrom'), 'set from a reference (valueFrom) that netreach does not follow');
      else all[name] = stated('', refOf(e, 'name'));
    }

    const raw = (name: string, def: string): { text: string; e: EnvVar; at: SourceRef } | Setting<never> | undefined => {
      const e = env.get(name);
      if (!e) return undefined;
      if (e.value === undefined && e.valueFrom !== undefined) return { value: undefined as never, source: 'unresolved', at: refOf(e, 'valueFrom'), defaultFrom: `${def}; the value comes from a reference (valueFrom) netreach does not follow` };
      return { text: e.value ?? '', e, at: e.value !== undefined ? refOf(e, 'value') : refOf(e, 'name') };
    };
    const read = <T>(name: string, def: T, cite: string, parse: (s: string) => T | undefined, expected: string): Setting<T> => {
      const r = raw(name, cite);
      if (!r) return byDefault(def, cite);
      if ('source' in r) return { ...r, value: def };
      const v = parse(r.text.trim());
      if (v !== undefined) return stated(v, r.at);
      this.problem(`${label} ${name}: ${JSON.stringify(r.text)} is not ${expected}; the CNI ignores it and uses the default (${def === undefined ? 'unset' : String(def)})`, r.at);
      return byDefault(def, `${cite}; the invalid value ${JSON.stringify(r.text)} is ignored`);
    };
    const bool = (name: string, def: boolean, cite = CNI_CITE) => read(name, def, cite, parseGoBool, 'true or false');
    const int = <D extends number | undefined>(name: string, def: D, min: number, cite = CNI_CITE) =>
      read<number | D>(name, def, cite, (s) => {
        const n = parseGoInt(s);
        return n !== undefined && n >= min ? n : undefined;
      }, min === 0 ? 'a non-negative integer' : `an integer >= ${min}`);

    const excludeRaw = raw('AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS', CNI_CITE);
    let excludeSnatCidrs: Setting<LocatedItem[]>;
    if (!excludeRaw) excludeSnatCidrs = byDefault([], CNI_CITE);
    else if ('source' in excludeRaw) excludeSnatCidrs = { ...excludeRaw, value: [] };
    else {
      const items = this.loc.items(excludeRaw.e, ['value'], excludeRaw.text, /,/);
      const good: LocatedItem[] = [];
      for (const item of items) {
        if (isIpv4Cidr(item.value)) good.push(item);
        else this.problem(`${label} AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS: ${JSON.stringify(item.value)} is not an IPv4 CIDR; the CNI skips it`, item.at);
      }
      excludeSnatCidrs = stated(good, excludeRaw.at);
    }

    const oneOf = <T extends string>(values: readonly T[]) => (s: string) => (values as readonly string[]).includes(s) ? (s as T) : undefined;
    const str = (name: string, def: string | undefined, cite: string) => read<string | undefined>(name, def, cite, (s) => (s === '' ? undefined : s), 'a non-empty string');

    const ns = w?.object?.manifest;
    return {
      daemonSet: w
        ? { id: w.id, at: ns ? refOf(ns, 'metadata', 'name') : refOf(w.template.specAt ?? {}) }
        : { id: addon?.assumed ? EKS_DEFAULT_VPC_CNI : 'eksctl addon vpc-cni', at: addon!.at },
      warmEniTarget: int('WARM_ENI_TARGET', 1, 0),
      warmIpTarget: int('WARM_IP_TARGET', undefined, 0, `${CNI_CITE}: unset (0 = off)`),
      minimumIpTarget: int('MINIMUM_IP_TARGET', undefined, 0, `${CNI_CITE}: unset (0 = off)`),
      warmPrefixTarget: int('WARM_PREFIX_TARGET', 0, 0, `${CNI_CITE}: code default 0 when the variable is absent (the CNI manifest sets 1)`),
      prefixDelegation: bool('ENABLE_PREFIX_DELEGATION', false),
      customNetworking: bool('AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG', false),
      eniConfigLabelDef: str('ENI_CONFIG_LABEL_DEF', undefined, `${CNI_CITE}: unset`),
      eniConfigAnnotationDef: read('ENI_CONFIG_ANNOTATION_DEF', 'k8s.amazonaws.com/eniConfig', `${CNI_CITE}: annotation k8s.amazonaws.com/eniConfig`, (s) => (s === '' ? undefined : s), 'a non-empty string'),
      externalSnat: bool('AWS_VPC_K8S_CNI_EXTERNALSNAT', false),
      excludeSnatCidrs,
      randomizeSnat: read('AWS_VPC_K8S_CNI_RANDOMIZESNAT', 'prng' as const, CNI_CITE, oneOf(['prng', 'hashrandom', 'none'] as const), 'prng, hashrandom or none'),
      podEni: bool('ENABLE_POD_ENI', false),
      podSecurityGroupEnforcingMode: read('POD_SECURITY_GROUP_ENFORCING_MODE', 'strict' as const, CNI_CITE, oneOf(['strict', 'standard'] as const), 'strict or standard'),
      ipv6: bool('ENABLE_IPv6', false),
      ipv4: bool('ENABLE_IPv4', true, `${CNI_DOC} §1.6 (exactly one of ENABLE_IPv4/ENABLE_IPv6; IPv4 by default)`),
      v4Egress: bool('ENABLE_V4_EGRESS', true),
      maxEni: int('MAX_ENI', undefined, 1, `${CNI_DOC} §1.4/§4: unset (values < 1 are ignored)`),
      eniMtu: int('AWS_VPC_ENI_MTU', 9001, 576, 'aws/amazon-vpc-cni-k8s README: 9001 (not in vpc-cni-capacity.md)'),
      subnetDiscovery: bool('ENABLE_SUBNET_DISCOVERY', true),
      multiNic: bool('ENABLE_MULTI_NIC', false, `${CNI_DOC} §1.7 (only network card 0 by default)`),
      ipCooldownPeriod: int('IP_COOLDOWN_PERIOD', 30, 0),
      env: all,
    };
  }

  eniConfigs(): EniConfigSettings[] {
    return this.ofKind<EniConfig>('ENIConfig')
      .map((o) => {
        const m = o.manifest;
        const spec = m.spec;
        const subnet = spec?.subnet;
        return {
          name: m.metadata.name,
          at: refOf(m, 'metadata', 'name'),
          subnet: spec && subnet !== undefined ? stated(subnet, refOf(spec, 'subnet')) : undefined,
          securityGroups: (spec?.securityGroups ?? []).map((id, i) => ({ value: id, at: refOf(spec!, 'securityGroups', i) })),
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  securityGroupPolicies(): SecurityGroupPolicySettings[] {
    return this.ofKind<SecurityGroupPolicy>('SecurityGroupPolicy')
      .map((o) => {
        const m = o.manifest;
        const namespace = m.metadata.namespace ?? 'default';
        const groups = m.spec?.securityGroups;
        return {
          id: `${namespace}/SecurityGroupPolicy/${m.metadata.name}`,
          namespace,
          name: m.metadata.name,
          at: refOf(m, 'metadata', 'name'),
          podSelector: m.spec?.podSelector,
          serviceAccountSelector: m.spec?.serviceAccountSelector,
          groupIds: (groups?.groupIds ?? []).map((id, i) => ({ value: id, at: refOf(groups!, 'groupIds', i) })),
        };
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  ofKind<M>(kind: string): (LoadedObject & { manifest: LoadedObject['manifest'] & M })[] {
    return this.objects.filter((o) => o.kind === kind) as (LoadedObject & { manifest: LoadedObject['manifest'] & M })[];
  }

  // ---- embedded documents in ConfigMaps ----

  /** The parsed value of ConfigMap data[key] with per-line locations (undefined when absent or unparsable). */
  embedded(cm: ConfigMapNode, key: string): { value: unknown; at: SourceRef } | undefined {
    const data = cm.manifest.data;
    const text = data?.[key];
    if (!data || text === undefined) return undefined;
    const origin = originOf(cm.manifest);
    if (!origin) return undefined;
    const hostPath = [...origin.path, 'data', key];
    const doc: ParsedDocument = { index: origin.source.doc, value: null, source: origin.source };
    const parsed = parseEmbedded(doc, hostPath, text, this.model.texts.get(origin.source.file), { object: cm.id, label: `ConfigMap ${cm.namespace}/${cm.name}` });
    for (const issue of parsed.issues) this.problem(issue.message, issue.at);
    return { value: parsed.value, at: refOf(data, key) };
  }

  // ---- kube-proxy ----

  kubeProxy(): KubeProxySettings[] {
    const out: KubeProxySettings[] = [];
    for (const cm of this.model.configMaps) {
      if (cm.namespace !== 'kube-system' || (cm.name !== 'kube-proxy' && cm.name !== 'kube-proxy-config')) continue;
      for (const [key, text] of Object.entries(cm.manifest.data ?? {})) {
        if (!/\bKubeProxyConfiguration\b/.test(text)) continue;
        const e = this.embedded(cm, key);
        if (e && isObj(e.value)) out.push(this.kubeProxyConfig(e.value, e.at));
      }
    }
    for (const d of this.options.documents ?? []) {
      if (isObj(d.value) && d.value.kind === 'KubeProxyConfiguration' && String(d.value.apiVersion).startsWith('kubeproxy.config.k8s.io/'))
        out.push(this.kubeProxyConfig(d.value, refOf(d.value, 'kind')));
    }
    return out;
  }

  kubeProxyConfig(cfg: Obj, at: SourceRef): KubeProxySettings {
    const cite = 'KubeProxyConfiguration: mode "" selects iptables on Linux';
    let mode: Setting<string> = byDefault('iptables', cite);
    if (typeof cfg.mode === 'string') {
      const m = cfg.mode.trim();
      if (m === '') mode = { value: 'iptables', source: 'input', at: refOf(cfg, 'mode'), defaultFrom: cite };
      else if (['iptables', 'ipvs', 'nftables', 'kernelspace'].includes(m)) mode = stated(m, refOf(cfg, 'mode'));
      else this.problem(`KubeProxyConfiguration mode: ${JSON.stringify(cfg.mode)} is not iptables, ipvs, nftables or kernelspace`, refOf(cfg, 'mode'));
    } else if (cfg.mode !== undefined && cfg.mode !== null) this.problem(`KubeProxyConfiguration mode: expected a string`, refOf(cfg, 'mode'));
    const out: KubeProxySettings = { at, mode, clusterCidrs: this.cidrList(cfg, 'clusterCIDR', /,/, 'KubeProxyConfiguration clusterCIDR'), featureGates: {} };
    const ipvs = cfg.ipvs;
    if (isObj(ipvs) && ipvs.scheduler !== undefined && ipvs.scheduler !== null) {
      if (typeof ipvs.scheduler === 'string') out.ipvsScheduler = stated(ipvs.scheduler.trim(), refOf(ipvs, 'scheduler'));
      else this.problem('KubeProxyConfiguration ipvs.scheduler: expected a string', refOf(ipvs, 'scheduler'));
    }
    const nft = cfg.nftables;
    if (isObj(nft) && nft.skipKernelVersionCheck !== undefined && nft.skipKernelVersionCheck !== null) {
      if (typeof nft.skipKernelVersionCheck === 'boolean') out.nftablesSkipKernelVersionCheck = stated(nft.skipKernelVersionCheck, refOf(nft, 'skipKernelVersionCheck'));
      else this.problem('KubeProxyConfiguration nftables.skipKernelVersionCheck: expected true or false', refOf(nft, 'skipKernelVersionCheck'));
    }
    const gates = cfg.featureGates;
    if (isObj(gates)) {
      const read: Record<string, Setting<boolean>> = {};
      for (const [name, v] of Object.entries(gates)) {
        if (typeof v === 'boolean') read[name] = stated(v, refOf(gates, name));
        else this.problem(`KubeProxyConfiguration featureGates.${name}: expected true or false`, refOf(gates, name));
      }
      out.featureGates = read;
    } else if (gates !== undefined && gates !== null) this.problem('KubeProxyConfiguration featureGates: expected a mapping of gate name to true/false', refOf(cfg, 'featureGates'));
    return out;
  }

  /** A separated list of CIDRs in the string cfg[key]: valid ones kept, invalid ones reported. */
  cidrList(cfg: Obj, key: string, sep: RegExp, label: string, ipv4Only = false): LocatedItem[] {
    const v = cfg[key];
    if (v === undefined || v === null) return [];
    if (typeof v !== 'string') {
      this.problem(`${label}: expected a string of CIDRs`, refOf(cfg, key));
      return [];
    }
    const out: LocatedItem[] = [];
    for (const item of this.loc.items(cfg, [key], v, sep)) {
      if (ipv4Only ? isIpv4Cidr(item.value) : isCidr(item.value)) out.push(item);
      else this.problem(`${label}: ${JSON.stringify(item.value)} is not ${ipv4Only ? 'an IPv4 CIDR' : 'a CIDR'}`, item.at);
    }
    return out;
  }

  // ---- flannel ----

  flannel(cm: ConfigMapNode): FlannelSettings | undefined {
    const e = this.embedded(cm, 'net-conf.json');
    if (!e) return undefined;
    const label = `ConfigMap ${cm.namespace}/${cm.name} net-conf.json`;
    const cfg = isObj(e.value) ? e.value : {};
    if (e.value !== undefined && !isObj(e.value)) this.problem(`${label}: expected a JSON object`, e.at);
    const cidrField = (key: string, v4: boolean): Setting<string> | undefined => {
      const v = cfg[key];
      if (v === undefined) return undefined;
      if (typeof v === 'string' && (v4 ? isIpv4Cidr(v) : isCidr(v) && v.includes(':'))) return stated(v, refOf(cfg, key));
      this.problem(`${label}: ${key} ${JSON.stringify(v)} is not an ${v4 ? 'IPv4' : 'IPv6'} CIDR`, refOf(cfg, key));
      return undefined;
    };
    const network = cidrField('Network', true);
    const enableIpv4 = cfg.EnableIPv4 !== false;
    if (e.value !== undefined && !network && enableIpv4 && cfg.Network === undefined) this.problem(`${label}: Network is required (the IPv4 CIDR of the flannel network)`, e.at);

    let subnetLen: Setting<number> | undefined;
    if (cfg.SubnetLen !== undefined) {
      const n = cfg.SubnetLen;
      if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 32) subnetLen = stated(n, refOf(cfg, 'SubnetLen'));
      else this.problem(`${label}: SubnetLen ${JSON.stringify(n)} is not a prefix length from 1 to 32`, refOf(cfg, 'SubnetLen'));
    }
    if (!subnetLen && network) {
      const len = Number(network.value.split('/')[1]);
      subnetLen = len > 22 ? byDefault(len + 2, 'flannel configuration.md: Network length + 2 when Network is smaller than /22') : byDefault(24, 'flannel configuration.md: 24');
    }

    const backend = isObj(cfg.Backend) ? cfg.Backend : undefined;
    if (cfg.Backend !== undefined && !backend) this.problem(`${label}: Backend must be an object`, refOf(cfg, 'Backend'));
    let backendType: Setting<string> = byDefault('vxlan', 'flannel configuration.md: vxlan (udp in flannel before the vxlan default)');
    if (backend && backend.Type !== undefined) {
      if (typeof backend.Type === 'string' && backend.Type !== '') backendType = stated(backend.Type, refOf(backend, 'Type'));
      else this.problem(`${label}: Backend.Type must be a non-empty string`, refOf(backend, 'Type'));
    }
    const type = backendType.value;
    const num = (key: string, def: number | undefined, cite: string, max: number): Setting<number | undefined> => {
      const v = backend?.[key];
      if (backend && v !== undefined) {
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max) return stated(v === 0 && key === 'Port' ? (def ?? 0) : v, refOf(backend, key));
        this.problem(`${label}: Backend.${key} ${JSON.stringify(v)} is not an integer from 0 to ${max}`, refOf(backend, key));
      }
      return byDefault(def, cite);
    };
    const backendPort =
      type === 'vxlan'
        ? num('Port', 8472, 'flannel backends.md: vxlan Port 0 = the kernel default, 8472 on Linux', 65535)
        : type === 'udp'
          ? num('Port', 8285, 'flannel backends.md: udp Port 8285', 65535)
          : byDefault<number | undefined>(undefined, `backend ${type} has no UDP port`);
    const backendVni = type === 'vxlan' ? num('VNI', 1, 'flannel backends.md: vxlan VNI 1', 16777215) : byDefault<number | undefined>(undefined, `backend ${type} has no VNI`);

    let enableIpv6: Setting<boolean> = byDefault(false, 'flannel configuration.md: false');
    if (cfg.EnableIPv6 !== undefined) {
      if (typeof cfg.EnableIPv6 === 'boolean') enableIpv6 = stated(cfg.EnableIPv6, refOf(cfg, 'EnableIPv6'));
      else this.problem(`${label}: EnableIPv6 must be true or false`, refOf(cfg, 'EnableIPv6'));
    }
    return { at: e.at, network, subnetLen, ipv6Network: cidrField('IPv6Network', false), enableIpv6, backendType, backendPort, backendVni };
  }

  // ---- Calico ----

  calico(ds: Workload | undefined, cm: ConfigMapNode | undefined): CalicoSettings {
    const ipPools = this.ofKind<IpPool>('IPPool')
      .map((o) => this.ipPool(o.manifest))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const data = cm?.manifest.data;
    let vethMtu: Setting<number> | undefined;
    if (data?.veth_mtu !== undefined) {
      const n = parseGoInt(data.veth_mtu.trim());
      if (n !== undefined && n >= 0) vethMtu = stated(n, refOf(data, 'veth_mtu'));
      else this.problem(`ConfigMap ${cm!.namespace}/${cm!.name} veth_mtu: ${JSON.stringify(data.veth_mtu)} is not a non-negative integer`, refOf(data, 'veth_mtu'));
    }
    const backend = data?.calico_backend !== undefined ? stated(data.calico_backend, refOf(data, 'calico_backend')) : undefined;
    let networkingBackend: Setting<string> | undefined;
    const node = ds && (containers(ds).find((c) => c.name === 'calico-node') ?? containers(ds)[0]);
    const env = node?.env?.filter((e) => e.name === 'CALICO_NETWORKING_BACKEND').pop();
    if (env?.value !== undefined) networkingBackend = stated(env.value, refOf(env, 'value'));
    return { ipPools, vethMtu, backend, networkingBackend };
  }

  ipPool(m: IpPool): CalicoIpPoolSettings {
    const spec = m.spec;
    const at = refOf(m, 'metadata', 'name');
    const cidr = spec?.cidr !== undefined ? stated(spec.cidr, refOf(spec, 'cidr')) : undefined;
    if (!cidr) this.problem(`IPPool ${m.metadata.name}: spec.cidr is required`, spec ? refOf(spec, 'cidr') : at);
    const v6 = cidr?.value.includes(':') ?? false;
    const cite = 'docs.tigera.io IPPool reference';
    const blockSize = spec?.blockSize !== undefined ? stated(spec.blockSize, refOf(spec, 'blockSize')) : byDefault(v6 ? 122 : 26, `${cite}: 26 for IPv4, 122 for IPv6`);
    if (cidr && spec?.blockSize !== undefined) {
      const len = Number(cidr.value.split('/')[1]);
      const fits = v6 ? spec.blockSize >= 116 : spec.blockSize <= 32;
      if (!fits) this.problem(`IPPool ${m.metadata.name}: blockSize ${spec.blockSize} does not fit an ${v6 ? 'IPv6' : 'IPv4'} pool`, refOf(spec, 'blockSize'));
      else if (len > spec.blockSize) this.problem(`IPPool ${m.metadata.name}: cidr /${len} is smaller than one /${spec.blockSize} block`, refOf(spec, 'cidr'));
    }
    const ipip = spec?.ipipMode;
    const vxlan = spec?.vxlanMode;
    let encapsulation: CalicoIpPoolSettings['encapsulation'] = byDefault({ type: 'none', mode: 'Never' }, `${cite}: ipipMode and vxlanMode default to Never`);
    if (ipip && ipip !== 'Never' && vxlan && vxlan !== 'Never') {
      this.problem(`IPPool ${m.metadata.name}: ipipMode and vxlanMode cannot both be enabled`, refOf(spec!, 'vxlanMode'));
      encapsulation = stated({ type: 'IPIP', mode: ipip }, refOf(spec!, 'ipipMode'));
    } else if (ipip && ipip !== 'Never') encapsulation = stated({ type: 'IPIP', mode: ipip }, refOf(spec!, 'ipipMode'));
    else if (vxlan && vxlan !== 'Never') encapsulation = stated({ type: 'VXLAN', mode: vxlan }, refOf(spec!, 'vxlanMode'));
    else if (ipip || vxlan) encapsulation = stated({ type: 'none', mode: 'Never' }, refOf(spec!, ipip ? 'ipipMode' : 'vxlanMode'));
    const flag = (key: 'natOutgoing' | 'disabled') => (spec?.[key] !== undefined ? stated(spec[key], refOf(spec, key)) : byDefault(false, `${cite}: false`));
    return {
      name: m.metadata.name,
      at,
      cidr,
      blockSize,
      encapsulation,
      natOutgoing: flag('natOutgoing'),
      disabled: flag('disabled'),
      nodeSelector: spec?.nodeSelector !== undefined ? stated(spec.nodeSelector, refOf(spec, 'nodeSelector')) : byDefault('all()', `${cite}: all()`),
    };
  }

  // ---- Cilium ----

  cilium(cm: ConfigMapNode): CiliumSettings {
    const data: Record<string, string> = cm.manifest.data ?? {};
    const label = `ConfigMap ${cm.namespace}/${cm.name}`;
    const has = (k: string) => data[k] !== undefined;
    const at = (k: string) => refOf(data, k);
    const docs = 'docs.cilium.io';
    const ipam = has('ipam') && data.ipam!.trim() !== '' ? stated(data.ipam!.trim(), at('ipam')) : byDefault('cluster-pool', `${docs} IPAM: cluster-pool (cluster scope) is the default`);

    let clusterPoolIpv4Cidrs: Setting<LocatedItem[]>;
    if (has('cluster-pool-ipv4-cidr')) clusterPoolIpv4Cidrs = stated(this.cidrList(data, 'cluster-pool-ipv4-cidr', /,\s/, `${label} cluster-pool-ipv4-cidr`, true), at('cluster-pool-ipv4-cidr'));
    else clusterPoolIpv4Cidrs = byDefault([{ value: '10.0.0.0/8', at: refOf(cm.manifest, 'metadata', 'name') }], 'Cilium Helm chart: ipam.operator.clusterPoolIPv4PodCIDRList 10.0.0.0/8');

    let maskSize: Setting<number> = byDefault(24, 'Cilium Helm chart: ipam.operator.clusterPoolIPv4MaskSize 24');
    if (has('cluster-pool-ipv4-mask-size')) {
      const n = parseGoInt(data['cluster-pool-ipv4-mask-size']!.trim());
      if (n !== undefined && n >= 1 && n <= 32) maskSize = stated(n, at('cluster-pool-ipv4-mask-size'));
      else this.problem(`${label} cluster-pool-ipv4-mask-size: ${JSON.stringify(data['cluster-pool-ipv4-mask-size'])} is not a prefix length from 1 to 32`, at('cluster-pool-ipv4-mask-size'));
    }

    let routingMode: Setting<'tunnel' | 'native'> = byDefault('tunnel', `${docs} routing: encapsulation is the default`);
    let tunnelProtocol: Setting<string> = byDefault('vxlan', `${docs} routing: VXLAN is the default encapsulation`);
    if (has('routing-mode')) {
      const v = data['routing-mode']!.trim();
      if (v === 'tunnel' || v === 'native') routingMode = stated(v, at('routing-mode'));
      else this.problem(`${label} routing-mode: ${JSON.stringify(v)} is not tunnel or native`, at('routing-mode'));
    } else if (has('tunnel')) {
      // Before Cilium 1.14: tunnel: vxlan | geneve | disabled.
      const v = data.tunnel!.trim();
      if (v === 'disabled') routingMode = stated('native', at('tunnel'));
      else if (v === 'vxlan' || v === 'geneve') {
        routingMode = stated('tunnel', at('tunnel'));
        tunnelProtocol = stated(v, at('tunnel'));
      } else this.problem(`${label} tunnel: ${JSON.stringify(v)} is not vxlan, geneve or disabled`, at('tunnel'));
    }
    if (has('tunnel-protocol')) {
      const v = data['tunnel-protocol']!.trim();
      if (v === 'vxlan' || v === 'geneve') tunnelProtocol = stated(v, at('tunnel-protocol'));
      else this.problem(`${label} tunnel-protocol: ${JSON.stringify(v)} is not vxlan or geneve`, at('tunnel-protocol'));
    }
    let ipv4Masquerade: Setting<boolean> = byDefault(true, `${docs} masquerading: on by default`);
    if (has('enable-ipv4-masquerade')) {
      const b = parseGoBool(data['enable-ipv4-masquerade']!.trim());
      if (b !== undefined) ipv4Masquerade = stated(b, at('enable-ipv4-masquerade'));
      else this.problem(`${label} enable-ipv4-masquerade: ${JSON.stringify(data['enable-ipv4-masquerade'])} is not true or false`, at('enable-ipv4-masquerade'));
    }
    let ipv4NativeRoutingCidr: Setting<string> | undefined;
    if (has('ipv4-native-routing-cidr')) {
      const v = data['ipv4-native-routing-cidr']!.trim();
      if (isIpv4Cidr(v)) ipv4NativeRoutingCidr = stated(v, at('ipv4-native-routing-cidr'));
      else this.problem(`${label} ipv4-native-routing-cidr: ${JSON.stringify(v)} is not an IPv4 CIDR`, at('ipv4-native-routing-cidr'));
    }
    const chainingMode = has('cni-chaining-mode') ? stated(data['cni-chaining-mode']!.trim(), at('cni-chaining-mode')) : undefined;
    return { at: refOf(cm.manifest, 'metadata', 'name'), ipam, clusterPoolIpv4Cidrs, clusterPoolIpv4MaskSize: maskSize, routingMode, tunnelProtocol, ipv4Masquerade, ipv4NativeRoutingCidr, chainingMode };
  }

  // ---- kubeadm ----

  kubeadm(): KubeadmSettings[] {
    const out: KubeadmSettings[] = [];
    const isClusterConfiguration = (v: unknown): v is Obj =>
      isObj(v) && v.kind === 'ClusterConfiguration' && typeof v.apiVersion === 'string' && v.apiVersion.startsWith('kubeadm.k8s.io/');
    for (const d of this.options.documents ?? []) if (isClusterConfiguration(d.value)) out.push(this.clusterConfiguration(d.value, refOf(d.value, 'kind')));
    const cm = this.model.configMaps.find((c) => c.namespace === 'kube-system' && c.name === 'kubeadm-config');
    if (cm?.manifest.data?.ClusterConfiguration !== undefined) {
      const e = this.embedded(cm, 'ClusterConfiguration');
      if (e && isObj(e.value)) {
        // The ConfigMap copy may leave out apiVersion/kind on old kubeadm versions: the key says what it is.
        out.push(this.clusterConfiguration(e.value, e.at));
      }
    }
    return out;
  }

  clusterConfiguration(cfg: Obj, at: SourceRef): KubeadmSettings {
    const net = isObj(cfg.networking) ? cfg.networking : undefined;
    const podSubnets = net ? this.cidrList(net, 'podSubnet', /,/, 'kubeadm ClusterConfiguration networking.podSubnet') : [];
    const service = net && net.serviceSubnet !== undefined && net.serviceSubnet !== '' ? this.cidrList(net, 'serviceSubnet', /,/, 'kubeadm ClusterConfiguration networking.serviceSubnet') : undefined;
    const serviceSubnets =
      service && net ? stated(service, refOf(net, 'serviceSubnet')) : byDefault<LocatedItem[]>([{ value: '10.96.0.0/12', at }], 'kubeadm: networking.serviceSubnet defaults to 10.96.0.0/12');
    return { at, podSubnets, serviceSubnets };
  }

  // ---- Nodes ----

  nodePodCidrs(): NodePodCidrs[] {
    return this.model.nodes.map((n) => {
      const spec = n.manifest.spec;
      let podCidrs: LocatedItem[] = [];
      if (spec?.podCIDRs && spec.podCIDRs.length > 0) podCidrs = spec.podCIDRs.map((c, i) => ({ value: c, at: refOf(spec.podCIDRs!, i) }));
      else if (spec?.podCIDR !== undefined) podCidrs = [{ value: spec.podCIDR, at: refOf(spec, 'podCIDR') }];
      return { node: n.name, at: refOf(n.manifest, 'metadata', 'name'), podCidrs };
    });
  }
}

function containers(w: Workload): Container[] {
  return w.template.spec.containers ?? [];
}


