import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const doc = (mode: string, scheduler: string) =>
  `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n${mode}ipvs:\n  scheduler: "${scheduler}"\n`;

new RuleTester().run('kube-proxy/invalid-ipvs-scheduler', rule, {
  valid: [
    { name: 'the EKS add-on with ipvs and rr', files: { 'cluster.yaml': f('valid/eksctl-addon-rr.yaml') } },
    { name: 'every accepted scheduler', files: Object.fromEntries(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'sh', 'dh', 'sed', 'nq'].map((s) => [`${s}.yaml`, doc('mode: ipvs\n', s)])) },
    { name: 'an empty scheduler is the default (rr)', files: { 'kp.yaml': doc('mode: ipvs\n', '') } },
    { name: 'a scheduler outside ipvs mode is ignored by default', files: { 'kp.yaml': doc('mode: iptables\n', 'mh') } },
  ],
  invalid: [
    {
      name: 'ConfigMap: mh is not in the list kube-proxy validates against',
      files: { 'kp.yaml': f('invalid/configmap-mh.yaml') },
      errors: [{ messageId: 'invalidScheduler', data: { subject: 'kube-proxy configuration in kp.yaml', scheduler: 'mh' }, line: 12, column: 18, endLine: 12, endColumn: 20 }],
    },
    {
      name: 'eksctl kube-proxy add-on: a spelled-out scheduler',
      files: { 'cluster.yaml': f('invalid/eksctl-addon.yaml') },
      errors: [{ messageId: 'invalidScheduler', data: { subject: 'kube-proxy of EKS cluster shop', scheduler: 'round-robin' }, object: 'EksCluster/eksctl:shop', line: 11, column: 20, endLine: 11, endColumn: 31 }],
    },
    {
      name: 'reportIgnored: a scheduler while the mode defaults to iptables',
      files: { 'kp.yaml': doc('', 'lc') },
      options: { reportIgnored: true },
      errors: [{ messageId: 'schedulerIgnored', data: { scheduler: 'lc', mode: 'iptables' }, line: 4, column: 14, endLine: 4, endColumn: 18 }],
    },
  ],
});
