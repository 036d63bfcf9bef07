/**
 * How Services are realised on a cluster's nodes: the kube-proxy mode and the settings that go with it, one plan per
 * place that configures kube-proxy, each value with the field stating it.
 *
 * Sources, strongest first:
 * - the EKS `kube-proxy` add-on's configurationValues (eksctl `addons[].configurationValues`): its schema has `mode`
 *   (iptables | ipvs | nftables) and `ipvs.scheduler`; the add-on renders kube-proxy's configuration from them, so when
 *   it states a mode, the cluster's other kube-proxy configurations are not what kube-proxy runs with (`effective: false`).
 *   (docs.aws.amazon.com/eks/latest/best-practices/ipvs.html and repost.aws knowledge-center/eks-configure-ipvs-kube-proxy:
 *   `--configuration-values '{"ipvs": {"scheduler": "rr"}, "mode": "ipvs"}'`.)
 * - KubeProxyConfiguration in the ConfigMaps kube-system/kube-proxy(-config) or standalone documents (cni/settings.ts).
 *   The add-on without a mode does not decide the mode: EKS applies add-ons with server-side apply and manages only a
 *   minimal set of fields, leaving what the user configured (docs.aws.amazon.com/eks/latest/userguide/kubernetes-field-management.html),
 *   so a kube-proxy-config ConfigMap the input states is what the nodes run and the add-on's default plan is not
 *   effective.
 * - the kube-proxy DaemonSet's `--proxy-mode` flag (kube-proxy-flags.ts), effective unless the container passes
 *   `--config` (kube-proxy then ignores the flag); without `--config`, kube-proxy reads no configuration file, so the
 *   ConfigMaps are not what it runs with.
 * - defaults: mode "" / absent is iptables on Linux (KubeProxyConfiguration reference; "iptables remains the default
 *   kube-proxy mode", docs.aws.amazon.com/eks/latest/best-practices/nftables.html); an EKS cluster without any of the above
 *   runs the kube-proxy add-on in its default iptables mode.
 *
 * A configuration is tied to the EKS cluster when the input has exactly one; with several clusters (or none) it stands alone.
 */
import { maybeRefOf, type SourceRef } from '../core/source.js';
import type { KubeProxySettings, Setting } from './cni/settings.js';
import type { EksClusterElement } from './infra/types.js';
import { kubeProxyFlags, type KubeProxyFlags } from './kube-proxy-flags.js';
import type { Model } from './types.js';

export type KubeProxyOrigin = 'eks-addon' | 'kube-proxy-config' | 'kube-proxy-flags' | 'default';

export interface KubeProxyPlan {
  /** The EKS cluster it applies to; undefined for a configuration the input does not tie to one cluster. */
  cluster: EksClusterElement | undefined;
  origin: KubeProxyOrigin;
  /** iptables, ipvs, nftables or kernelspace; `source: 'default'` (no `at`) when nothing states it. */
  mode: Setting<string>;
  /** ipvs.scheduler when stated ("" = kube-proxy's default, rr). */
  ipvsScheduler: Setting<string> | undefined;
  /** KubeProxyConfiguration featureGates or the --feature-gates flag (the EKS add-on schema has none). */
  featureGates: Readonly<Record<string, Setting<boolean>>>;
  /** KubeProxyConfiguration nftables.skipKernelVersionCheck, when stated. */
  nftablesSkipKernelVersionCheck?: Setting<boolean>;
  /** The configuration as a whole: the ConfigMap key or document, the add-on, the DaemonSet, or (defaults) the cluster's name. */
  at: SourceRef;
  /**
   * false when another configuration decides what kube-proxy runs with: the add-on stating a mode wins over the others;
   * an effective --proxy-mode flag over the ConfigMaps; a ConfigMap or flag over the add-on without a mode; --config
   * over the flags of its own container.
   */
  effective: boolean;
}

/** The Linux default mode (KubeProxyConfiguration: mode "" selects iptables on Linux). */
const DEFAULT_KUBE_PROXY_MODE = 'iptables';
/** The modes the EKS kube-proxy add-on's configuration schema accepts. */
const ADDON_MODES = ['iptables', 'ipvs', 'nftables'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a finding about the plan's mode lands: the mode field, else the configuration (never unlocated). */
export function modeLocation(plan: KubeProxyPlan): SourceRef {
  return plan.mode.at ?? plan.at;
}

const plansCache = new WeakMap<Model, readonly KubeProxyPlan[]>();

/**
 * Every kube-proxy configuration of the input, and a default plan for each EKS cluster that has none. Never throws.
 * Read once per model: every kube-proxy rule asks, and reading the flags tokenises the DaemonSets.
 */
export function kubeProxyPlans(model: Model): readonly KubeProxyPlan[] {
  let plans = plansCache.get(model);
  if (!plans) plansCache.set(model, (plans = readPlans(model)));
  return plans;
}

function readPlans(model: Model): KubeProxyPlan[] {
  const clusters = model.infra.clusters;
  const sole = clusters.length === 1 ? clusters[0] : undefined;
  const addonPlans = clusters.flatMap((cluster) => {
    const addon = cluster.addons.find((a) => a.name === 'kube-proxy');
    return addon ? [addonPlan(cluster, addon)] : [];
  });
  // The add-on stating a mode renders kube-proxy's configuration itself: the input's other configurations are not used.
  const addonDecides = addonPlans.some((p) => p.cluster === sole && p.mode.source === 'input');
  const flagPlans = kubeProxyFlags(model).map((f) => flagPlan(f, sole, !addonDecides && !f.configFile));
  const flagsDecide = flagPlans.some((p) => p.effective);
  const configPlans = model.cni.kubeProxy.map((cfg) => configPlan(cfg, sole, !addonDecides && !flagsDecide));
  const inputDecides = sole !== undefined && [...flagPlans, ...configPlans].some((p) => p.effective);
  for (const plan of addonPlans) if (plan.mode.source !== 'input' && plan.cluster === sole && inputDecides) plan.effective = false;

  const plans = [...addonPlans, ...flagPlans, ...configPlans];
  const configured = new Set(plans.map((p) => p.cluster));
  for (const cluster of clusters) {
    if (configured.has(cluster)) continue;
    plans.push({
      cluster,
      origin: 'default',
      mode: { value: DEFAULT_KUBE_PROXY_MODE, source: 'default', defaultFrom: 'EKS kube-proxy add-on: iptables mode unless configured otherwise' },
      ipvsScheduler: undefined,
      featureGates: {},
      at: cluster.at,
      effective: true,
    });
  }
  return plans;
}

function configPlan(cfg: KubeProxySettings, cluster: EksClusterElement | undefined, effective: boolean): KubeProxyPlan {
  const plan: KubeProxyPlan = { cluster, origin: 'kube-proxy-config', mode: cfg.mode, ipvsScheduler: cfg.ipvsScheduler, featureGates: cfg.featureGates, at: cfg.at, effective };
  if (cfg.nftablesSkipKernelVersionCheck) plan.nftablesSkipKernelVersionCheck = cfg.nftablesSkipKernelVersionCheck;
  return plan;
}

function flagPlan(f: KubeProxyFlags, cluster: EksClusterElement | undefined, effective: boolean): KubeProxyPlan {
  return { cluster, origin: 'kube-proxy-flags', mode: f.mode, ipvsScheduler: undefined, featureGates: f.featureGates, at: f.at, effective };
}

function addonPlan(cluster: EksClusterElement, addon: EksClusterElement['addons'][number]): KubeProxyPlan {
  const cv = addon.configurationValues;
  const refIn = (host: object, key: string): SourceRef => maybeRefOf(host, key) ?? addon.at;
  let mode: Setting<string> = { value: DEFAULT_KUBE_PROXY_MODE, source: 'default', defaultFrom: 'EKS kube-proxy add-on: iptables mode unless configurationValues sets mode' };
  // The add-on validates configurationValues against its schema: a mode outside the enum never gets applied.
  if (cv && typeof cv.mode === 'string' && ADDON_MODES.includes(cv.mode)) mode = { value: cv.mode, source: 'input', at: refIn(cv, 'mode') };
  let ipvsScheduler: Setting<string> | undefined;
  const ipvs = cv?.ipvs;
  if (isObj(ipvs) && typeof ipvs.scheduler === 'string') ipvsScheduler = { value: ipvs.scheduler.trim(), source: 'input', at: refIn(ipvs, 'scheduler') };
  return { cluster, origin: 'eks-addon', mode, ipvsScheduler, featureGates: {}, at: addon.at, effective: true };
}
