import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/load.js';
import { fixture, lintFiles, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A Pod named `app` in `shop` declaring `ports` (YAML flow items), and a Service selecting it. */
const podAndService = (ports: string[], servicePorts: string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: app
  namespace: shop
  labels:
    app: app
spec:
  containers:
    - name: app
      image: ghcr.io/example/app:1.0.0
      ports:
${ports.map((p) => `        - ${p}`).join('\n')}
---
apiVersion: v1
kind: Service
metadata:
  name: app
  namespace: shop
spec:
  selector:
    app: app
  ports:
${servicePorts.map((p) => `    - ${p}`).join('\n')}
`;

const kubeDns = (targetPort: string) => `apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
spec:
  selector:
    k8s-app: kube-dns
  clusterIP: 172.20.0.10
  ports:
    - name: dns
      port: 53
      protocol: UDP
      targetPort: ${targetPort}
`;

new RuleTester().run('service/target-port-unresolved', rule, {
  valid: [
    { name: 'names resolve on containers, on native sidecars and per protocol', files: { 'shop.yaml': f('valid/named-ports.yaml') } },
    { name: 'numeric targetPorts are not checked here', files: { 'app.yaml': podAndService(['{containerPort: 8080}'], ['{name: http, port: 80, targetPort: 9999}']) } },
    {
      name: 'a Service that selects nothing has nothing to resolve against',
      files: { 'app.yaml': podAndService(['{name: web, containerPort: 8080}'], ['{name: http, port: 80, targetPort: http}']).replace('    app: app\n  ports', '    app: other\n  ports') },
    },
    { name: 'the implicit CoreDNS of kube-system names dns for UDP', files: { 'dns.yaml': kubeDns('dns') } },
    {
      name: 'the same name for both protocols resolves each Service port',
      files: {
        'app.yaml': podAndService(
          ['{name: dns, containerPort: 5353, protocol: UDP}', '{name: dns, containerPort: 5353, protocol: TCP}'],
          ['{name: dns-udp, port: 53, protocol: UDP, targetPort: dns}', '{name: dns-tcp, port: 53, targetPort: dns}'],
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a name no container declares',
      files: { 'catalog.yaml': f('invalid/renamed-port.yaml') },
      errors: [
        {
          messageId: 'unresolved',
          data: {
            service: 'shop/catalog',
            targetPort: 'http',
            port: 'http (80/TCP)',
            protocol: 'TCP',
            workload: 'Deployment shop/catalog',
            declared: 'its named ports: web 8080/TCP, metrics 9090/TCP',
          },
          line: 36,
          column: 19,
          endLine: 36,
          endColumn: 23,
          path: 'spec.ports[0].targetPort',
          object: 'shop/Service/catalog',
        },
      ],
    },
    {
      name: 'a UDP Service port and a name declared for TCP (the default) only',
      files: { 'syslog.yaml': f('invalid/wrong-protocol.yaml') },
      errors: [
        {
          messageId: 'wrongProtocol',
          data: { protocol: 'UDP', declaredProtocol: 'TCP', workload: 'StatefulSet logging/syslog' },
          line: 36,
          column: 19,
          endLine: 36,
          endColumn: 25,
        },
      ],
    },
    {
      name: 'a TCP Service port (the default) and a name declared for UDP only',
      files: { 'app.yaml': podAndService(['{name: stats, containerPort: 8125, protocol: UDP}'], ['{name: stats, port: 8125, targetPort: stats}']) },
      errors: [{ messageId: 'wrongProtocol', data: { protocol: 'TCP', declaredProtocol: 'UDP' }, line: 24, column: 45, endLine: 24, endColumn: 50 }],
    },
    {
      name: 'only the workload that lacks the name is reported; an ordinary init container does not count',
      files: { 'api.yaml': f('invalid/one-of-two-workloads.yaml') },
      errors: [
        {
          messageId: 'unresolved',
          data: {
            workload: 'Deployment shop/api-blue',
            declared: 'it declares no named ports; init container migrate names it but is not a restartPolicy Always sidecar',
          },
          line: 65,
          column: 19,
          endLine: 65,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'every selected workload that lacks the name is reported',
      files: {
        'api.yaml': f('invalid/one-of-two-workloads.yaml').replace('api:2.1.0\n          ports:\n            - name: grpc', 'api:2.1.0\n          ports:\n            - name: rpc'),
      },
      errors: [
        { messageId: 'unresolved', data: { workload: 'Deployment shop/api-blue' }, line: 65, column: 19, endLine: 65, endColumn: 23 },
        { messageId: 'unresolved', data: { workload: 'Deployment shop/api-green', declared: 'its named ports: rpc 9000/TCP' }, line: 65, column: 19, endLine: 65, endColumn: 23 },
      ],
    },
    {
      name: 'each Service port is checked',
      files: { 'app.yaml': podAndService(['{name: web, containerPort: 8080}'], ['{name: http, port: 80, targetPort: http}', '{name: https, port: 443, targetPort: https}']) },
      errors: [
        { messageId: 'unresolved', data: { targetPort: 'http' }, line: 24, column: 42, endLine: 24, endColumn: 46, path: 'spec.ports[0].targetPort' },
        { messageId: 'unresolved', data: { targetPort: 'https' }, line: 25, column: 44, endLine: 25, endColumn: 49, path: 'spec.ports[1].targetPort' },
      ],
    },
    {
      name: 'the implicit CoreDNS has no port named dns-udp',
      files: { 'dns.yaml': kubeDns('dns-udp') },
      errors: [
        {
          messageId: 'unresolved',
          data: { workload: 'Deployment kube-system/coredns', declared: 'its named ports: dns 53/UDP, dns-tcp 53/TCP, metrics 9153/TCP' },
          line: 14,
          column: 19,
          endLine: 14,
          endColumn: 26,
        },
      ],
    },
  ],
});

describe('service/target-port-unresolved related locations', () => {
  it("point at the workload's containers", async () => {
    const { findings } = await lintFiles({ 'a.yaml': f('invalid/renamed-port.yaml') }, [rule], defaultConfig());
    expect(findings[0]?.related.map((r) => [r.at.region.startLine, r.at.region.startColumn, r.at.region.endColumn, r.message])).toEqual([
      [16, 7, 17, 'Deployment shop/catalog: the containers whose ports were searched'],
    ]);
  });

  it('are left out for the implicit CoreDNS, which is not in the input', async () => {
    const { findings } = await lintFiles({ 'a.yaml': kubeDns('dns-udp') }, [rule], defaultConfig());
    expect(findings.map((x) => x.related)).toEqual([[]]);
  });
});
