import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
/** The HPA-scaled Service of the invalid fixture, without its cluster document. */
const workload = () => f('invalid/hpa-scale.yaml').split('---\n').slice(1).join('---\n');

new RuleTester().run('kube-proxy/iptables-scale', rule, {
  valid: [
    { name: 'the same Service with kube-proxy in nftables mode', files: { 'cluster.yaml': f('valid/nftables-addon.yaml'), 'api.yaml': workload() } },
    { name: 'below the default thresholds', files: { 'all.yaml': f('invalid/hpa-scale.yaml').replace('maxReplicas: 6000', 'maxReplicas: 60') } },
    { name: 'no cluster and no kube-proxy configuration: nowhere to say it', files: { 'api.yaml': workload() } },
    {
      name: 'a headless Service is resolved by DNS, not by kube-proxy rules',
      files: { 'all.yaml': f('invalid/hpa-scale.yaml').replace('spec:\n  selector:\n    app: api\n  ports:', 'spec:\n  clusterIP: None\n  selector:\n    app: api\n  ports:') },
    },
  ],
  invalid: [
    {
      name: 'EKS default iptables mode: 2 ports × 6000 pods (HPA maxReplicas)',
      files: { 'all.yaml': f('invalid/hpa-scale.yaml') },
      errors: [
        {
          messageId: 'tooLarge',
          data: {
            subject: 'kube-proxy of EKS cluster shop',
            servicePorts: '2',
            endpoints: '12000',
            arithmetic: '1 Services; ports × pods: web/api 2 × 6000',
            limits: '10000 endpoints',
          },
          // The default plan of an EKS cluster lands on metadata.name.
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 13,
        },
      ],
    },
    {
      name: 'a kube-proxy ConfigMap in iptables mode, thresholds lowered',
      files: { 'kp.yaml': f('invalid/configmap-iptables.yaml'), 'api.yaml': workload() },
      options: { maxServicePorts: 1, maxEndpoints: 100000 },
      errors: [{ messageId: 'tooLarge', data: { servicePorts: '2', limits: '1 Service ports' }, file: 'kp.yaml', line: 10, column: 11, endLine: 10, endColumn: 19 }],
    },
  ],
});

describe('kube-proxy/iptables-scale related locations', () => {
  it('name the Services that contribute most, with their arithmetic', async () => {
    const { findings } = await lintFiles({ 'all.yaml': f('invalid/hpa-scale.yaml') }, [rule], defaultConfig());
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.message])).toEqual([[50, 'Service web/api: 2 port(s) × 6000 backend pod(s) = 12000 endpoints']]);
  });
});
