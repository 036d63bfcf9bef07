import type { RelatedLocation } from '../../../src/core/finding.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { infraLabel } from '../../../src/model/infra/label.js';
import { kubeProxyPlans, modeLocation, type KubeProxyPlan } from '../../../src/model/kube-proxy.js';
import { compareKernels, kernelText, nodeOsOf, parseKernelVersion, type KernelVersion } from '../../../src/model/node-os.js';
import type { Model } from '../../../src/model/types.js';
import { listNames } from '../../netpol/engine.js';
import { nodeGroupsOfPlan, nodeInfo, nodesOfPlan, planMinor, planObject, planSubject } from '../common.js';

/** "This proxy mode is only available on Linux nodes, and requires kernel 5.13 or later" (kubernetes.io virtual-ips). */
const NFTABLES_MIN_KERNEL: KernelVersion = { major: 5, minor: 13 };
/** KEP-3866: alpha in 1.29 behind NFTablesProxyMode (off by default), beta (on by default) in 1.31, GA in 1.33. */
const NFTABLES_ALPHA = 29;
const NFTABLES_BETA = 31;
const GATE = 'NFTablesProxyMode';

interface Holder {
  name: string;
  os: string;
  related: RelatedLocation;
}

/** Node groups and Nodes of the plan that cannot run kube-proxy's nftables mode, by reason. */
function unfitNodes(model: Model, plan: KubeProxyPlan): { oldKernel: Holder[]; windows: Holder[] } {
  const minor = planMinor(plan);
  const oldKernel: Holder[] = [];
  const windows: Holder[] = [];
  for (const ng of nodeGroupsOfPlan(model, plan)) {
    if (!ng.amiFamily) continue;
    const os = nodeOsOf(ng.amiFamily.value, minor);
    const name = `node group ${infraLabel(ng)}`;
    const where = ng.amiFamily.source === 'default' ? ` (default: ${ng.amiFamily.defaultFrom ?? 'not stated'})` : '';
    if (os.os === 'windows') windows.push({ name, os: os.name, related: { at: ng.amiFamily.at, message: `Node group ${infraLabel(ng)}: ${ng.amiFamily.value}${where}` } });
    else if (os.kernel && compareKernels(os.kernel.max, NFTABLES_MIN_KERNEL) < 0) {
      const text = `${os.name}, Linux ${kernelText(os.kernel.max)} at most`;
      oldKernel.push({ name, os: text, related: { at: ng.amiFamily.at, message: `Node group ${infraLabel(ng)}: ${ng.amiFamily.value}${where} — ${text}` } });
    }
  }
  for (const node of nodesOfPlan(model, plan)) {
    const system = nodeInfo(node, 'operatingSystem');
    const kernel = nodeInfo(node, 'kernelVersion');
    const name = `Node ${node.name}`;
    if (system?.value.toLowerCase() === 'windows') windows.push({ name, os: 'Windows', related: { at: system.at, message: `${name}: operatingSystem windows` } });
    else if (kernel) {
      const v = parseKernelVersion(kernel.value);
      if (v && compareKernels(v, NFTABLES_MIN_KERNEL) < 0)
        oldKernel.push({ name, os: `Linux ${kernelText(v)}`, related: { at: kernel.at, message: `${name}: kernelVersion ${kernel.value}` } });
    }
  }
  return { oldKernel, windows };
}

const summary = (hs: readonly Holder[]) => listNames(hs.map((h) => `${h.name} (${h.os})`));

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
        '{{subject}}: mode nftables needs Linux 5.13 or later, but {{nodes}} run an older kernel: kube-proxy cannot program Service rules there.',
      windowsNodes: '{{subject}}: mode nftables is Linux only, but {{nodes}} run Windows, where kube-proxy has only the kernelspace mode.',
      versionTooOld: '{{subject}}: mode nftables does not exist in Kubernetes {{version}}; kube-proxy gained it as alpha in 1.29.',
      gateRequired:
        '{{subject}}: mode nftables is alpha in Kubernetes {{version}} and needs the NFTablesProxyMode feature gate, which this configuration does not enable (on by default from 1.31).',
    },
    remediation:
      'Keep kube-proxy in iptables (or ipvs) mode on these nodes, or move them to an image with Linux 5.13 or later (Amazon Linux 2023, ' +
      'Bottlerocket for Kubernetes 1.24+); on Kubernetes 1.29–1.30 set `featureGates: {NFTablesProxyMode: true}` in the ' +
      'KubeProxyConfiguration, or upgrade to 1.31+ where the gate is on by default.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Model(model) {
      for (const plan of kubeProxyPlans(model)) {
        if (!plan.effective || plan.mode.value !== 'nftables') continue;
        const at = modeLocation(plan);
        const base = { at, object: planObject(plan) };
        const subject = planSubject(plan);
        const { oldKernel, windows } = unfitNodes(model, plan);
        if (oldKernel.length > 0)
          ctx.report({ ...base, messageId: 'kernelTooOld', key: 'kernel', data: { subject, nodes: summary(oldKernel) }, related: oldKernel.map((h) => h.related) });
        if (windows.length > 0)
          ctx.report({ ...base, messageId: 'windowsNodes', key: 'windows', data: { subject, nodes: summary(windows) }, related: windows.map((h) => h.related) });

        const minor = planMinor(plan);
        const version = plan.cluster?.version;
        if (minor === undefined || !version) continue;
        const related: RelatedLocation[] = [{ at: version.at, message: `EKS cluster ${infraLabel(plan.cluster!)}: version ${version.value}` }];
        if (minor < NFTABLES_ALPHA) ctx.report({ ...base, messageId: 'versionTooOld', key: 'version', data: { subject, version: version.value }, related });
        else if (minor < NFTABLES_BETA && plan.featureGates[GATE]?.value !== true) {
          const gate = plan.featureGates[GATE];
          if (gate?.at) related.push({ at: gate.at, message: `featureGates.${GATE}: false` });
          ctx.report({ ...base, messageId: 'gateRequired', key: 'version', data: { subject, version: version.value }, related });
        }
      }
    },
  }),
});
