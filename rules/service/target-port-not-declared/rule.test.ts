import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A Pod `name` labelled app=app in `shop` whose container declares `ports` (flow items; none: no ports key). */
const pod = (name: string, ports: string[], extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
  labels:
    app: app
spec:${extra}
  containers:
    - name: app
      image: ghcr.io/example/app:1.0.0
${ports.length > 0 ? `      ports:\n${ports.map((p) => `        - ${p}`).join('\n')}\n` : ''}`;

const service = (ports: string[]) => `apiVersion: v1
kind: Service
metadata:
  name: app
  namespace: shop
spec:
  selector:
    app: app
  ports:
${ports.map((p) => `    - ${p}`).join('\n')}
`;

const sidecar = `
  initContainers:
    - name: proxy
      image: envoyproxy/envoy:v1.31.0
      restartPolicy: Always
      ports:
        - containerPort: 15001`;

new RuleTester().run('service/target-port-not-declared', rule, {
  valid: [
    { name: 'declared targetPorts, defaulted targetPort, hostNetwork, and pods that declare no ports', files: { 'shop.yaml': f('valid/declared-ports.yaml') } },
    { name: 'named targetPorts are service/target-port-unresolved business', files: { 'app.yaml': `${pod('a', ['{name: web, containerPort: 8080}'])}---\n${service(['{port: 80, targetPort: http}'])}` } },
    { name: 'a port declared by a native sidecar counts', files: { 'app.yaml': `${pod('a', ['{containerPort: 8080}'], sidecar)}---\n${service(['{port: 15001}'])}` } },
    { name: 'SCTP declared for SCTP', files: { 'app.yaml': `${pod('a', ['{containerPort: 3868, protocol: SCTP}'])}---\n${service(['{port: 3868, protocol: SCTP}'])}` } },
    {
      name: 'the same number on both protocols',
      files: {
        'app.yaml': `${pod('a', ['{containerPort: 53, protocol: UDP}', '{containerPort: 53}'])}---\n${service(['{name: dns, port: 53, protocol: UDP}', '{name: dns-tcp, port: 53}'])}`,
      },
    },
  ],
  invalid: [
    {
      name: 'a targetPort the pods no longer declare',
      files: { 'recs.yaml': f('invalid/stale-target-port.yaml') },
      errors: [
        {
          messageId: 'notDeclared',
          data: {
            service: 'shop/recommendations',
            port: 'http (80/TCP)',
            target: 'targetPort 8080/TCP',
            workload: 'Deployment shop/recommendations',
            declared: 'http 8000/TCP, metrics 9090/TCP',
          },
          line: 36,
          column: 19,
          endLine: 36,
          endColumn: 23,
          path: 'spec.ports[0].targetPort',
          object: 'shop/Service/recommendations',
        },
      ],
    },
    {
      name: 'without targetPort the port itself is the target, reported on `port`',
      files: { 'reviews.yaml': f('invalid/defaulted-target-port.yaml') },
      errors: [
        {
          messageId: 'notDeclared',
          data: { target: '80/TCP (targetPort is unset and defaults to port)', declared: '8080/TCP' },
          line: 31,
          column: 13,
          endLine: 31,
          endColumn: 15,
          path: 'spec.ports[0].port',
        },
      ],
    },
    {
      name: 'a UDP Service port and a port declared for TCP only',
      files: { 'statsd.yaml': f('invalid/udp-vs-tcp.yaml') },
      errors: [{ messageId: 'wrongProtocol', data: { number: 9125, declaredProtocol: 'TCP', target: 'targetPort 9125/UDP' }, line: 35, column: 19, endLine: 35, endColumn: 23 }],
    },
    {
      name: 'only the workloads that declare ports but not this one are reported',
      files: {
        'app.yaml': [pod('a', ['{containerPort: 8080}']), pod('b', ['{containerPort: 9090}']), pod('c', []), service(['{port: 80, targetPort: 8080}'])].join('---\n'),
      },
      errors: [{ messageId: 'notDeclared', data: { workload: 'Pod shop/b', declared: '9090/TCP' }, line: 50, column: 30, endLine: 50, endColumn: 34 }],
    },
    {
      name: 'hostNetwork pods are checked the same way',
      files: { 'app.yaml': `${pod('a', ['{containerPort: 9100, hostPort: 9100}'], '\n  hostNetwork: true')}---\n${service(['{port: 9100, targetPort: 9101}'])}` },
      errors: [{ messageId: 'notDeclared', data: { workload: 'Pod shop/a' }, line: 25, column: 32, endLine: 25, endColumn: 36 }],
    },
    {
      name: 'an ordinary init container does not serve',
      files: { 'app.yaml': `${pod('a', ['{containerPort: 8080}'], sidecar.replace('      restartPolicy: Always\n', ''))}---\n${service(['{port: 15001}'])}` },
      errors: [{ messageId: 'notDeclared', data: { declared: '8080/TCP' }, line: 29, column: 14, endLine: 29, endColumn: 19 }],
    },
  ],
});

describe('service/target-port-not-declared related locations', () => {
  it("point at the workload's containers", async () => {
    const { findings } = await lintFiles({ 'a.yaml': f('invalid/stale-target-port.yaml') }, [rule], defaultConfig());
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.at.region.startColumn, r.at.region.endColumn, r.message])).toEqual([
      [16, 7, 17, 'Deployment shop/recommendations: the containers whose ports were checked'],
    ]);
  });
});
