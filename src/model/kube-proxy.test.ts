import { describe, expect, it } from 'vitest';
import { loadTexts } from '../loader/index.js';
import { buildModel } from './build.js';
import { kubeProxyPlans, modeLocation } from './kube-proxy.js';

const plansOf = (files: Record<string, string>) => kubeProxyPlans(buildModel(loadTexts(files)));
const pos = (at: { file: string; region: { startLine: number; startColumn: number } } | undefined) => (at ? `${at.file}:${at.region.startLine}:${at.region.startColumn}` : undefined);

const eksctl = (addons = '') => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: shop
  region: eu-west-1
${addons}`;
const kpDoc = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\nipvs:\n  scheduler: lc\nfeatureGates:\n  NFTablesProxyMode: true\n';

describe('kube-proxy plans', () => {
  it('an EKS cluster without configuration runs the add-on in its default iptables mode, located at the cluster name', () => {
    const [plan, ...rest] = plansOf({ 'c.yaml': eksctl() });
    expect(rest).toEqual([]);
    expect(plan).toMatchObject({ origin: 'default', effective: true, mode: { value: 'iptables', source: 'default' } });
    expect(pos(modeLocation(plan!))).toBe('c.yaml:4:9');
  });

  it('reads mode and ipvs.scheduler from the kube-proxy add-on configurationValues, on their own lines', () => {
    const [plan] = plansOf({ 'c.yaml': eksctl('addons:\n  - name: kube-proxy\n    configurationValues: |-\n      mode: ipvs\n      ipvs:\n        scheduler: sh\n') });
    expect(plan).toMatchObject({ origin: 'eks-addon', mode: { value: 'ipvs', source: 'input' }, ipvsScheduler: { value: 'sh' } });
    expect(pos(plan!.mode.at)).toBe('c.yaml:9:13');
    expect(pos(plan!.ipvsScheduler!.at)).toBe('c.yaml:11:20');
  });

  it('the add-on without a mode keeps the default, located at the add-on', () => {
    const [plan] = plansOf({ 'c.yaml': eksctl('addons:\n  - name: kube-proxy\n') });
    expect(plan).toMatchObject({ origin: 'eks-addon', mode: { value: 'iptables', source: 'default' } });
    expect(pos(modeLocation(plan!))).toBe('c.yaml:7:5');
  });

  it('a KubeProxyConfiguration document with mode, scheduler and feature gates; tied to the only cluster', () => {
    const plans = plansOf({ 'c.yaml': eksctl(), 'kp.yaml': kpDoc });
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ origin: 'kube-proxy-config', effective: true, mode: { value: 'ipvs' }, ipvsScheduler: { value: 'lc' } });
    expect(plans[0]!.cluster?.name).toBe('shop');
    expect(plans[0]!.featureGates['NFTablesProxyMode']).toMatchObject({ value: true, source: 'input' });
  });

  it('an add-on that states the mode makes the cluster\'s other configurations ineffective', () => {
    const plans = plansOf({ 'c.yaml': eksctl('addons:\n  - name: kube-proxy\n    configurationValues: |-\n      mode: nftables\n'), 'kp.yaml': kpDoc });
    expect(plans.map((p) => [p.origin, p.mode.value, p.effective])).toEqual([
      ['eks-addon', 'nftables', true],
      ['kube-proxy-config', 'ipvs', false],
    ]);
  });

  it('an add-on without a mode and a stated KubeProxyConfiguration: the configuration is what runs, the add-on plan is not effective', () => {
    const plans = plansOf({ 'c.yaml': eksctl('addons:\n  - name: kube-proxy\n'), 'kp.yaml': kpDoc });
    expect(plans.map((p) => [p.origin, p.mode.value, p.effective])).toEqual([
      ['eks-addon', 'iptables', false],
      ['kube-proxy-config', 'ipvs', true],
    ]);
  });

  it('reads nftables.skipKernelVersionCheck', () => {
    const [plan] = plansOf({ 'kp.yaml': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\nnftables:\n  skipKernelVersionCheck: true\n' });
    expect(plan!.nftablesSkipKernelVersionCheck).toMatchObject({ value: true, source: 'input' });
    expect(pos(plan!.nftablesSkipKernelVersionCheck!.at)).toBe('kp.yaml:5:27');
  });

  describe('the kube-proxy DaemonSet\'s --proxy-mode flag', () => {
    const ds = (command: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
spec:
  selector: {matchLabels: {k8s-app: kube-proxy}}
  template:
    metadata: {labels: {k8s-app: kube-proxy}}
    spec:
      containers:
        - name: kube-proxy
          image: registry.k8s.io/kube-proxy:v1.29.4
${command}`;

    it('--proxy-mode=ipvs in command, located at the item, with --feature-gates', () => {
      const [plan, ...rest] = plansOf({ 'ds.yaml': ds('          command:\n            - kube-proxy\n            - --proxy-mode=nftables\n            - --feature-gates=NFTablesProxyMode=true,Other=false\n') });
      expect(rest).toEqual([]);
      expect(plan).toMatchObject({ origin: 'kube-proxy-flags', effective: true, mode: { value: 'nftables', source: 'input' } });
      expect(pos(plan!.mode.at)).toBe('ds.yaml:16:15');
      expect(plan!.featureGates['NFTablesProxyMode']).toMatchObject({ value: true });
    });

    it('--proxy-mode X as two args, and inside a shell string', () => {
      expect(pos(plansOf({ 'ds.yaml': ds('          args: ["--proxy-mode", "ipvs"]\n') })[0]!.mode.at)).toBe('ds.yaml:14:34');
      const [plan] = plansOf({ 'ds.yaml': ds('          command: ["/bin/sh", "-c", "kube-proxy --v=2 --proxy-mode ipvs"]\n') });
      expect(plan).toMatchObject({ mode: { value: 'ipvs' }, effective: true });
      expect(pos(plan!.mode.at)).toBe('ds.yaml:14:38');
    });

    it('with --config the flag is ignored; without it the ConfigMaps are not read', () => {
      const withConfig = plansOf({ 'ds.yaml': ds('          command: [kube-proxy, --proxy-mode=ipvs, --config=/var/lib/kube-proxy/config.conf]\n'), 'kp.yaml': kpDoc });
      expect(withConfig.map((p) => [p.origin, p.effective])).toEqual([
        ['kube-proxy-flags', false],
        ['kube-proxy-config', true],
      ]);
      const withoutConfig = plansOf({ 'ds.yaml': ds('          command: [kube-proxy, --proxy-mode=nftables]\n'), 'kp.yaml': kpDoc });
      expect(withoutConfig.map((p) => [p.origin, p.effective])).toEqual([
        ['kube-proxy-flags', true],
        ['kube-proxy-config', false],
      ]);
    });

    it('no plan without the flag, for an unknown mode, or for a DaemonSet pinned to Windows', () => {
      expect(plansOf({ 'ds.yaml': ds('          command: [kube-proxy, --config=/var/lib/kube-proxy/config.conf]\n') })).toEqual([]);
      expect(plansOf({ 'ds.yaml': ds('          command: [kube-proxy, --proxy-mode=userspace]\n') })).toEqual([]);
      const windows = ds('          command: [kube-proxy, --proxy-mode=kernelspace]\n').replace('    spec:\n      containers:', '    spec:\n      nodeSelector: {kubernetes.io/os: windows}\n      containers:');
      expect(plansOf({ 'ds.yaml': windows })).toEqual([]);
    });
  });

  it('without an EKS cluster a configuration stands alone; without anything there is no plan', () => {
    expect(plansOf({ 'kp.yaml': kpDoc }).map((p) => [p.cluster, p.origin])).toEqual([[undefined, 'kube-proxy-config']]);
    expect(plansOf({ 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80}]}\n' })).toEqual([]);
  });

  it('bad values become problems, not exceptions', () => {
    const model = buildModel(loadTexts({ 'kp.yaml': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nipvs:\n  scheduler: 3\nfeatureGates: {NFTablesProxyMode: "yes"}\n' }));
    expect(() => kubeProxyPlans(model)).not.toThrow();
    expect(model.cni.problems.map((p) => p.message)).toEqual([
      'KubeProxyConfiguration ipvs.scheduler: expected a string',
      'KubeProxyConfiguration featureGates.NFTablesProxyMode: expected true or false',
    ]);
  });
});
