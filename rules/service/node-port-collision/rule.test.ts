import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

const service = (namespace: string, name: string, type: string, nodePort: number, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  type: ${type}${extra}
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      nodePort: ${nodePort}
`;

const local = (health: number) => `\n  externalTrafficPolicy: Local\n  healthCheckNodePort: ${health}`;

new RuleTester().run('service/node-port-collision', rule, {
  valid: [
    { name: 'distinct node ports; one node port for both protocols of one port number', files: { 'svc.yaml': f('valid/distinct-node-ports.yaml') } },
    {
      name: 'ClusterIP and ExternalName Services allocate no node port (service/invalid-node-port reports them)',
      files: {
        'a.yaml': service('shop', 'a', 'NodePort', 30080),
        'b.yaml': service('shop', 'b', 'ClusterIP', 30080),
        'c.yaml': service('shop', 'c', 'ExternalName', 30080, '\n  externalName: c.example.com'),
      },
    },
    {
      name: 'a health-check node port is allocated only with externalTrafficPolicy Local',
      files: { 'a.yaml': service('shop', 'a', 'NodePort', 30080), 'b.yaml': service('shop', 'b', 'LoadBalancer', 31000, '\n  healthCheckNodePort: 30080') },
    },
    {
      name: 'the same Service in two files is not a collision with itself',
      files: { 'a.yaml': service('shop', 'a', 'NodePort', 30080), 'b.yaml': service('shop', 'a', 'NodePort', 30080) },
    },
  ],
  invalid: [
    {
      name: 'two namespaces, one node port',
      files: { 'svc.yaml': f('invalid/two-teams-one-port.yaml') },
      errors: [
        {
          messageId: 'collision',
          data: { service: 'shop/storefront', nodePort: 30080, what: 'port http (80/TCP)', other: 'monitoring/grafana', otherWhat: 'port http (80/TCP)' },
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 22,
          path: 'spec.ports[0].nodePort',
          object: 'shop/Service/storefront',
        },
      ],
    },
    {
      name: 'different protocols still collide',
      files: { 'logging.yaml': f('invalid/udp-and-tcp.yaml') },
      errors: [
        {
          messageId: 'collision',
          data: { service: 'logging/syslog', what: 'port syslog (514/UDP)', other: 'logging/log-viewer', otherWhat: 'port http (80/TCP)' },
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 22,
        },
      ],
    },
    {
      name: 'every later Service (by id) is reported against the first, across files',
      files: {
        'z.yaml': service('apps', 'alpha', 'NodePort', 31111),
        'a.yaml': service('apps', 'charlie', 'LoadBalancer', 31111),
        'm.yaml': service('apps', 'bravo', 'NodePort', 31111),
      },
      errors: [
        { messageId: 'collision', data: { service: 'apps/charlie', other: 'apps/alpha' }, line: 13, column: 17, endLine: 13, endColumn: 22, file: 'a.yaml' },
        { messageId: 'collision', data: { service: 'apps/bravo', other: 'apps/alpha' }, line: 13, column: 17, endLine: 13, endColumn: 22, file: 'm.yaml' },
      ],
    },
    {
      name: 'a health-check node port takes a number from the same pool',
      files: { 'a.yaml': service('shop', 'a', 'NodePort', 30080), 'b.yaml': service('shop', 'b', 'LoadBalancer', 31000, local(30080)) },
      errors: [{ messageId: 'collision', data: { service: 'shop/b', what: 'the health check', other: 'shop/a' }, line: 9, column: 24, endLine: 9, endColumn: 29, file: 'b.yaml', path: 'spec.healthCheckNodePort' }],
    },
  ],
});

describe('service/node-port-collision related locations', () => {
  it("point at the first Service's node port, in its own file", async () => {
    const files = { 'z.yaml': service('apps', 'alpha', 'NodePort', 31111), 'a.yaml': service('apps', 'charlie', 'NodePort', 31111) };
    const { findings } = await lintFiles(files, [rule], defaultConfig());
    expect(findings.map((x) => x.related.map((r) => [r.at.file, r.at.region.startLine, r.at.region.startColumn, r.message]))).toEqual([
      [['z.yaml', 13, 17, 'Service apps/alpha: nodePort 31111 of port http (80/TCP)']],
    ]);
  });
});
