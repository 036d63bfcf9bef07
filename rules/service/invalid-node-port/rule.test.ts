import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const nodePort = (n: number, type = 'NodePort') => `apiVersion: v1
kind: Service
metadata:
  name: edge
  namespace: shop
spec:
  type: ${type}
  selector:
    app: edge
  ports:
    - name: http
      port: 80
      nodePort: ${n}
`;

new RuleTester().run('service/invalid-node-port', rule, {
  valid: [
    { name: 'node ports at both ends of the default range', files: { 'svc.yaml': f('valid/in-range.yaml') } },
    { name: 'a cluster with another range', files: { 'svc.yaml': nodePort(20080) }, options: { range: '20000-22767' } },
    { name: 'the lower end of a custom range', files: { 'svc.yaml': nodePort(20000, 'LoadBalancer') }, options: { range: '20000-22767' } },
    { name: 'the upper end of a custom range', files: { 'svc.yaml': nodePort(22767) }, options: { range: '20000-22767' } },
    { name: 'a one-port range', files: { 'svc.yaml': nodePort(31000) }, options: { range: '31000-31000' } },
  ],
  invalid: [
    {
      name: 'one below and one above the default range',
      files: { 'ingress.yaml': f('invalid/out-of-range.yaml') },
      errors: [
        {
          messageId: 'outOfRange',
          data: { service: 'ingress-nginx/ingress-nginx-controller', nodePort: 29999, port: 'http (80/TCP)', range: '30000-32767' },
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 22,
          path: 'spec.ports[0].nodePort',
          object: 'ingress-nginx/Service/ingress-nginx-controller',
        },
        { messageId: 'outOfRange', data: { nodePort: 32768, port: 'https (443/TCP)' }, line: 19, column: 17, endLine: 19, endColumn: 22, path: 'spec.ports[1].nodePort' },
      ],
    },
    {
      name: 'nodePort on ClusterIP (explicit and default) and ExternalName Services',
      files: { 'monitoring.yaml': f('invalid/wrong-type.yaml') },
      errors: [
        { messageId: 'clusterIpType', data: { service: 'monitoring/grafana', typeNote: '' }, line: 15, column: 17, endLine: 15, endColumn: 22 },
        { messageId: 'clusterIpType', data: { service: 'monitoring/prometheus', typeNote: ' (the default when type is not set)' }, line: 28, column: 17, endLine: 28, endColumn: 22 },
        { messageId: 'externalNameType', data: { service: 'billing/billing-db', nodePort: 30432 }, line: 41, column: 17, endLine: 41, endColumn: 22 },
      ],
    },
    {
      name: 'a health-check node port outside the range',
      files: { 'api.yaml': f('invalid/health-check-out-of-range.yaml') },
      errors: [{ messageId: 'healthCheckOutOfRange', data: { nodePort: 10256 }, line: 10, column: 24, endLine: 10, endColumn: 29, path: 'spec.healthCheckNodePort' }],
    },
    {
      name: 'a default-range port in a cluster with another range',
      files: { 'svc.yaml': nodePort(30080) },
      options: { range: '20000-22767' },
      errors: [{ messageId: 'outOfRange', data: { range: '20000-22767' }, line: 13, column: 17, endLine: 13, endColumn: 22 }],
    },
    {
      name: 'just above a custom range',
      files: { 'svc.yaml': nodePort(22768, 'LoadBalancer') },
      options: { range: '20000-22767' },
      errors: [{ messageId: 'outOfRange', data: { nodePort: 22768 }, line: 13, column: 17, endLine: 13, endColumn: 22 }],
    },
    {
      name: 'just below a custom range',
      files: { 'svc.yaml': nodePort(19999) },
      options: { range: '20000-22767' },
      errors: [{ messageId: 'outOfRange', data: { nodePort: 19999 }, line: 13, column: 17, endLine: 13, endColumn: 22 }],
    },
  ],
});

describe('service/invalid-node-port range option', () => {
  const withRange = (range: string) => ({ ...defaultConfig(), rules: { [rule.id]: { options: { range } } } });

  it.each(['30000', '32767-30000', '0-100', '30000-65536', 'abc-def', '30000-32767-1', ''])('rejects %j before any Service is visited', async (range) => {
    await expect(lintFiles({ 'svc.yaml': nodePort(30080) }, [rule], withRange(range))).rejects.toThrow(/range: expected/);
  });

  it('accepts spaces around the dash', async () => {
    const { findings } = await lintFiles({ 'svc.yaml': nodePort(30080) }, [rule], withRange(' 30000 - 32767 '));
    expect(findings).toEqual([]);
  });
});
