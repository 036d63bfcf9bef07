import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** A Service `svc` in `shop` of `type` with the given spec lines (after `type`). */
const service = (type: string, ...lines: string[]) => `apiVersion: v1
kind: Service
metadata:
  name: svc
  namespace: shop
spec:
  type: ${type}
${lines.map((l) => `  ${l}`).join('\n')}
  ports:
    - port: 80
`;

new RuleTester().run('service/invalid-cluster-ip', rule, {
  valid: [
    { name: 'a fixed IPv4, headless, dual-stack, "" and ExternalName', files: { 'svc.yaml': f('valid/cluster-ips.yaml') } },
    { name: 'a fixed IPv6 cluster IP', files: { 'svc.yaml': service('ClusterIP', 'clusterIP: fd00:10:96::a') } },
    { name: 'headless with clusterIPs [None]', files: { 'svc.yaml': service('ClusterIP', 'clusterIP: None', 'clusterIPs: [None]') } },
    { name: 'an ExternalName Service with clusterIP ""', files: { 'svc.yaml': service('ExternalName', 'externalName: db.example.com', 'clusterIP: ""') } },
  ],
  invalid: [
    {
      name: 'an octet above 255, and clusterIPs[0] that differs from clusterIP',
      files: { 'svc.yaml': f('invalid/bad-addresses.yaml') },
      errors: [
        {
          messageId: 'invalidIp',
          data: { service: 'kube-system/kube-dns', field: 'clusterIP', value: '172.20.0.300' },
          line: 8,
          column: 14,
          endLine: 8,
          endColumn: 26,
          path: 'spec.clusterIP',
          object: 'kube-system/Service/kube-dns',
        },
        { messageId: 'mismatch', data: { service: 'shop/api', value: '10.100.12.7', first: '10.100.12.8' }, line: 22, column: 14, endLine: 22, endColumn: 25, path: 'spec.clusterIP' },
      ],
    },
    {
      name: 'headless NodePort',
      files: { 'kafka.yaml': f('invalid/headless-node-port.yaml') },
      errors: [{ messageId: 'headlessType', data: { type: 'NodePort' }, line: 9, column: 14, endLine: 9, endColumn: 18 }],
    },
    {
      name: 'headless LoadBalancer',
      files: { 'svc.yaml': service('LoadBalancer', 'clusterIP: None') },
      errors: [{ messageId: 'headlessType', data: { type: 'LoadBalancer' }, line: 8, column: 14, endLine: 8, endColumn: 18 }],
    },
    {
      name: 'a cluster IP on an ExternalName Service',
      files: { 'search.yaml': f('invalid/external-name-with-cluster-ip.yaml') },
      errors: [{ messageId: 'externalName', data: { field: 'clusterIP', value: '10.100.40.2' }, line: 10, column: 14, endLine: 10, endColumn: 25 }],
    },
    {
      name: 'None on an ExternalName Service',
      files: { 'svc.yaml': service('ExternalName', 'externalName: db.example.com', 'clusterIP: None') },
      errors: [{ messageId: 'externalName', data: { field: 'clusterIP', value: 'None' }, line: 9, column: 14, endLine: 9, endColumn: 18 }],
    },
    {
      name: 'clusterIPs alone on an ExternalName Service',
      files: { 'svc.yaml': service('ExternalName', 'externalName: db.example.com', 'clusterIPs: [10.100.0.9]') },
      errors: [{ messageId: 'externalName', data: { field: 'clusterIPs[0]', value: '10.100.0.9' }, line: 9, column: 16, endLine: 9, endColumn: 26, path: 'spec.clusterIPs[0]' }],
    },
    {
      name: 'clusterIPs without clusterIP',
      files: { 'svc.yaml': service('ClusterIP', 'clusterIPs: [10.100.0.9]') },
      errors: [{ messageId: 'clusterIpsWithoutClusterIp', line: 8, column: 3, endLine: 8, endColumn: 13, path: 'spec.clusterIPs' }],
    },
    {
      // One case per file: two files declaring the same Service are one object (the last one wins).
      name: 'leading zeros are not an address',
      files: { 'a.yaml': service('ClusterIP', 'clusterIP: 010.100.0.9') },
      errors: [{ messageId: 'invalidIp', data: { value: '010.100.0.9' }, line: 8, column: 14, endLine: 8, endColumn: 25 }],
    },
    {
      name: 'a hostname is not an address',
      files: { 'b.yaml': service('NodePort', 'clusterIP: kube-dns.local') },
      errors: [{ messageId: 'invalidIp', data: { value: 'kube-dns.local' }, line: 8, column: 14, endLine: 8, endColumn: 28 }],
    },
    {
      name: 'an invalid secondary cluster IP',
      files: { 'svc.yaml': service('ClusterIP', 'clusterIP: 10.100.0.9', 'clusterIPs: [10.100.0.9, "fd00::zz"]') },
      errors: [{ messageId: 'invalidIp', data: { field: 'clusterIPs[1]', value: 'fd00::zz' }, line: 9, column: 28, endLine: 9, endColumn: 38, path: 'spec.clusterIPs[1]' }],
    },
    {
      name: 'two addresses of one family',
      files: { 'svc.yaml': service('ClusterIP', 'clusterIP: 10.100.0.9', 'clusterIPs: [10.100.0.9, 10.100.0.10]') },
      errors: [{ messageId: 'notDualStack', data: { value: '10.100.0.9, 10.100.0.10' }, line: 9, column: 3, endLine: 9, endColumn: 13 }],
    },
    {
      name: 'three addresses',
      files: { 'svc.yaml': service('ClusterIP', 'clusterIP: 10.100.0.9', 'clusterIPs: [10.100.0.9, "fd00::9", "fd00::a"]') },
      errors: [{ messageId: 'notDualStack', line: 9, column: 3, endLine: 9, endColumn: 13 }],
    },
    {
      name: 'None followed by an address',
      files: { 'svc.yaml': service('ClusterIP', 'clusterIP: None', 'clusterIPs: [None, 10.100.0.9]') },
      errors: [{ messageId: 'noneNotAlone', data: { count: 2 }, line: 9, column: 3, endLine: 9, endColumn: 13 }],
    },
  ],
});
