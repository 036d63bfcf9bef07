import type { RelatedLocation } from '../../../src/core/finding.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { infraLabel } from '../../../src/model/infra/label.js';
import { kubeProxyPlans, modeLocation, type KubeProxyPlan } from '../../../src/model/kube-proxy.js';
import { compareKernels, kernelText, kubernetesVersionText, nodeGroupOs, parseKernelVersion, type KernelVersion } from '../../../src/model/node-os.js';
import type { Model } from '../../../src/model/types.js';
import { listNames } from '../../netpol/engine.js';
import { nodeGroupsOfPlan, nodeInfo, nodesOfPlan, planMinor, planObject, planSubject, versionRelated } from '../common.js';

/** "This proxy mode is only available on Linux nodes, and requires kernel 5.13 or later" (kubernetes.io virtual-ips). */
const NFTABLES_MIN_KERNEL: KernelVersion = { major: 5, minor: 13 };
/** KEP-3866: alpha in 1.29 behind NFTablesProxyMode (off by default), beta (on by default) in 1.31, GA in 1.33. */
const NFTABLES_ALPHA = 29;
const NFTABLES_BETA = 31;
/**
 * kube-proxy checks the kernel (5.13, unless nftables.skipKernelVersionCheck) from 1.31: kubernetes/kubernetes#124152,
 * in the 1.31 changelog. Before, it ran nftables mode on older kernels.
 */
const KERNEL_CHECK_FROM = 31;
const GATE = 'NFTablesProxyMode';

interface Holder {
  name: string;
  os: string;
  related: RelatedLocation;
}

/**
 * Node groups and Nodes of the plan whose kernel is older than 5.13. Windows nodes are not kube-proxy's Linux
 * DaemonSet's: the add-on and the kube-system kube-proxy configuration run on Linux nodes only (node affinity
 * kubernetes.io/os=linux), Windows nodes run kube-proxy as a Windows service their bootstrap sets up (EKS "Deploy
 * Windows nodes"; kubernetes/kubernetes#76327). Node groups that may boot a custom image pin no kernel (node-os.ts).
 */
function oldKernelNodes(model: Model, plan: KubeProxyPlan): Holder[] {
  const minor = planMinor(plan);
  const out: Holder[] = [];
  for (const ng of nodeGroupsOfPlan(model, plan)) {
    if (!ng.amiFamily) continue;
    const os = nodeGroupOs(ng.amiFamily, minor);
    if (os.os !== 'linux' || !os.kernel || compareKernels(os.kernel.max, NFTABLES_MIN_KERNEL) >= 0) continue;
    const where = ng.amiFamily.source === 'default' ? ` (default: ${ng.amiFamily.defaultFrom ?? 'not stated'})` : '';
    const text = `${os.name}, Linux ${kernelText(os.kernel.max)} at most`;
    out.push({ name: `node group ${infraLabel(ng)}`, os: text, related: { at: ng.amiFamily.at, message: `Node group ${infraLabel(ng)}: ${ng.amiFamily.value}${where} — ${text}` } });
  }
  for (const node of nodesOfPlan(model, plan)) {
    if (nodeInfo(node, 'operatingSystem')?.value.toLowerCase() === 'windows') continue;
    const kernel = nodeInfo(node, 'kernelVersion');
    const v = kernel ? parseKernelVersion(kernel.value) : undefined;
    if (!kernel || !v || compareKernels(v, NFTABLES_MIN_KERNEL) >= 0) continue;
    const name = `Node ${node.name}`;
    out.push({ name, os: `Linux ${kernelText(v)}`, related: { at: kernel.at, message: `${name}: kernelVersion ${kernel.value}` } });
  }
  return out;
}

export default defineRule({
  id: 'kube-proxy/nftables-unsupported',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report kube-proxy in nftables mode on nodes or a Kubernetes version that cannot run it',
      recommended: true,
    },
    messages: {
      kernelTooOld:
        '{{subject}}: mode nftables needs Linux 5.13 or later, but {{nodes}} {{run}} an older kernel: kube-proxy cannot program Service rules there.',
      versionTooOld: '{{subject}}: mode nftables does not exist in Kubernetes {{version}}; kube-proxy gained it as alpha in 1.29.',
      gateRequired:
        '{{subject}}: mode nftables is alpha in Kubernetes {{version}} and needs the NFTablesProxyMode feature gate, which this configuration does not enable (on by default from 1.31).',
      addonGateUnavailable:
        '{{subject}}: mode nftables is alpha in Kubernetes {{version}} and needs the NFTablesProxyMode feature gate, which the EKS kube-proxy add-on cannot enable ' +
        '(its configurationValues have no featureGates): upgrade the cluster to 1.31 or later, or use mode iptables or ipvs.',
    },
    remediation:
      'Keep kube-proxy in iptables (or ipvs) mode on these nodes, or move them to an image with Linux 5.13 or later (Amazon Linux 2023, ' +
      'Bottlerocket for Kubernetes 1.24+); on Kubernetes 1.29–1.30 set `featureGates: {NFTablesProxyMode: true}` in a self-managed ' +
      'KubeProxyConfiguration (the EKS add-on cannot), or upgrade to 1.31+ where the gate is on by default.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      for (const plan of kubeProxyPlans(model)) {
        if (!plan.effective || plan.mode.value !== 'nftables') continue;
        const at = modeLocation(plan);
        const base = { at, object: planObject(plan) };
        const subject = planSubject(plan);
        const minor = planMinor(plan);
        const version = versionRelated(plan);

        const skip = plan.nftablesSkipKernelVersionCheck?.value === true;
        if ((minor === undefined || minor >= KERNEL_CHECK_FROM) && !skip) {
          const old = oldKernelNodes(model, plan);
          if (old.length > 0) {
            const nodes = listNames(old.map((h) => `${h.name} (${h.os})`));
            const related = [...old.map((h) => h.related), ...(version ? [version] : [])];
            ctx.report({ ...base, messageId: 'kernelTooOld', key: 'kernel', data: { subject, nodes, run: old.length === 1 ? 'runs' : 'run' }, related });
          }
        }

        if (minor === undefined || !version) continue;
        const versionText = kubernetesVersionText(plan.cluster!.version!.value);
        const data = { subject, version: versionText };
        if (minor < NFTABLES_ALPHA) ctx.report({ ...base, messageId: 'versionTooOld', key: 'version', data, related: [version] });
        else if (minor < NFTABLES_BETA && plan.featureGates[GATE]?.value !== true) {
          if (plan.origin === 'eks-addon') {
            ctx.report({ ...base, messageId: 'addonGateUnavailable', key: 'version', data, related: [version] });
            continue;
          }
          const gate = plan.featureGates[GATE];
          const related = [version, ...(gate?.at ? [{ at: gate.at, message: `featureGates.${GATE}: false` }] : [])];
          ctx.report({ ...base, messageId: 'gateRequired', key: 'version', data, related });
        }
      }
    },
  }),
});
