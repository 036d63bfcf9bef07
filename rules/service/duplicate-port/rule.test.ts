import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A Service `svc` in `shop` of `type` with the given ports (YAML flow mappings, one per line). */
const service = (type: string, ports: string[]) => `apiVersion: v1
kind: Service
metadata:
  name: svc
  namespace: shop
spec:
  type: ${type}
  selector:
    app: svc
  ports:
${ports.map((p) => `    - ${p}`).join('\n')}
`;

new RuleTester().run('service/duplicate-port', rule, {
  valid: [
    { name: 'one port number on two protocols sharing a node port; a single unnamed port; distinct ports', files: { 'svc.yaml': f('valid/dns-both-protocols.yaml') } },
    {
      name: 'the same port number on two protocols may ask for different node ports',
      files: { 'svc.yaml': service('NodePort', ['{name: dns, port: 53, protocol: UDP, nodePort: 30053}', '{name: dns-tcp, port: 53, nodePort: 30054}']) },
    },
    {
      name: 'node ports are not allocated for ClusterIP Services (service/invalid-node-port reports them)',
      files: { 'svc.yaml': service('ClusterIP', ['{name: a, port: 80, nodePort: 30080}', '{name: b, port: 81, protocol: UDP, nodePort: 30080}']) },
    },
    { name: 'a Service without ports', files: { 'svc.yaml': service('ClusterIP', []).replace('  ports:\n\n', '  clusterIP: None\n') } },
  ],
  invalid: [
    {
      name: 'a copy-pasted port repeats name, port and nodePort',
      files: { 'catalog.yaml': f('invalid/copy-pasted-port.yaml') },
      errors: [
        { messageId: 'duplicateName', data: { name: 'http', index: 1, first: 0 }, line: 16, column: 13, endLine: 16, endColumn: 17, path: 'spec.ports[1].name' },
        { messageId: 'duplicatePort', data: { port: '80/TCP', index: 1, first: 0 }, line: 17, column: 13, endLine: 17, endColumn: 15, path: 'spec.ports[1].port' },
        {
          messageId: 'duplicateNodePort',
          data: { nodePort: 30080, protocol: 'TCP', index: 1, first: 0 },
          line: 19,
          column: 17,
          endLine: 19,
          endColumn: 22,
          path: 'spec.ports[1].nodePort',
          object: 'shop/Service/catalog',
        },
      ],
    },
    {
      name: 'an unnamed port in a multi-port Service',
      files: { 'grafana.yaml': f('invalid/unnamed-ports.yaml') },
      errors: [{ messageId: 'missingName', data: { service: 'monitoring/grafana', port: '80/TCP', index: 0 }, line: 11, column: 13, endLine: 11, endColumn: 15, path: 'spec.ports[0].port' }],
    },
    {
      name: 'a node port asked for by two port numbers',
      files: { 'game.yaml': f('invalid/node-port-reused.yaml') },
      errors: [
        {
          messageId: 'nodePortReused',
          data: { nodePort: 30777, index: 1, port: 'query (27015/TCP)', first: 0, firstPort: 'game (7777/UDP)' },
          line: 20,
          column: 17,
          endLine: 20,
          endColumn: 22,
          path: 'spec.ports[1].nodePort',
        },
      ],
    },
    {
      name: 'protocol defaults to TCP when comparing ports',
      files: { 'svc.yaml': service('ClusterIP', ['{name: a, port: 80, protocol: TCP}', '{name: b, port: 80}', '{name: c, port: 80, protocol: UDP}']) },
      errors: [{ messageId: 'duplicatePort', data: { port: '80/TCP', index: 1, first: 0 }, line: 12, column: 23, endLine: 12, endColumn: 25 }],
    },
    {
      name: 'every unnamed port is reported',
      files: { 'svc.yaml': service('ClusterIP', ['{port: 80}', '{port: 443}', '{name: admin, port: 9000}']) },
      errors: [
        { messageId: 'missingName', data: { index: 0 }, line: 11, column: 14, endLine: 11, endColumn: 16 },
        { messageId: 'missingName', data: { index: 1 }, line: 12, column: 14, endLine: 12, endColumn: 17 },
      ],
    },
    {
      name: 'the same node port and protocol on two port numbers is a Duplicate value only',
      files: { 'svc.yaml': service('LoadBalancer', ['{name: a, port: 80, nodePort: 30080}', '{name: b, port: 81, nodePort: 30080}']) },
      errors: [{ messageId: 'duplicateNodePort', data: { nodePort: 30080, index: 1, first: 0 }, line: 12, column: 37, endLine: 12, endColumn: 42 }],
    },
    {
      name: 'a node port requested later for the same port number is still one allocation, another number is not',
      files: {
        'svc.yaml': service('NodePort', [
          '{name: a, port: 53, protocol: UDP}',
          '{name: b, port: 53, nodePort: 30053}',
          '{name: c, port: 54, protocol: UDP, nodePort: 30053}',
        ]),
      },
      errors: [{ messageId: 'nodePortReused', data: { index: 2, first: 1, nodePort: 30053 }, line: 13, column: 52, endLine: 13, endColumn: 57 }],
    },
  ],
});

describe('service/duplicate-port related locations', () => {
  it('point at the first occurrence', async () => {
    const { findings } = await lintFiles({ 'a.yaml': f('invalid/copy-pasted-port.yaml') }, [rule], defaultConfig());
    expect(findings.map((x) => x.related.map((r) => [r.at.region.startLine, r.at.region.startColumn, r.at.region.endColumn]))).toEqual([
      [[12, 13, 17]],
      [[13, 13, 15]],
      [[15, 17, 22]],
    ]);
  });
});

describe('service/duplicate-port indices', () => {
  // The loader drops the invalid first port; messages still name the ports as the file numbers them.
  it('count ports as written, also after an invalid one was dropped', async () => {
    const { findings } = await lintFiles({ 'a.yaml': service('ClusterIP', ['{port: abc}', '{name: a, port: 80}', '{name: a, port: 81}']) }, [rule], defaultConfig());
    expect(findings.map((x) => [x.messageId, x.data.index, x.data.first])).toEqual([['duplicateName', '2', '1']]);
  });
});
