import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** Deployment edge/gateway (optionally hostNetwork) and a policy selecting it with the given ingress rules. */
const gateway = (ingress: string, opts: { hostNetwork?: boolean; policyTypes?: string } = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: gateway
  namespace: edge
spec:
  selector:
    matchLabels:
      app: gateway
  template:
    metadata:
      labels:
        app: gateway
    spec:${opts.hostNetwork ? '\n      hostNetwork: true' : ''}
      containers:
        - name: envoy
          image: envoyproxy/envoy:v1.31.0
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: gateway
  namespace: edge
spec:
  podSelector:
    matchLabels:
      app: gateway
${opts.policyTypes ?? ''}  ingress:
${ingress}`;

const world = '    - from: [{ipBlock: {cidr: 0.0.0.0/0}}]\n      ports: [{port: 443}, {port: 22}]\n';

new RuleTester().run('netpol/internet-exposed', rule, {
  valid: [
    { name: 'private, shared (100.64/10) and IPv6 ULA ranges, and every pod of every namespace, are not the internet', files: { 'web.yaml': f('valid/private-ranges.yaml') } },
    { name: 'link-local and loopback are not the internet', files: { 'gw.yaml': gateway('    - from: [{ipBlock: {cidr: 169.254.0.0/16}}, {ipBlock: {cidr: 127.0.0.0/8}}, {ipBlock: {cidr: "fe80::/10"}}]\n') } },
    { name: 'every public port accepted by allowPorts', files: { 'gw.yaml': gateway(world) }, options: { allowPorts: [443, 22] } },
    { name: 'an accepted public workload', files: { 'gw.yaml': gateway(world) }, options: { allowWorkloads: ['edge/gateway'] } },
    { name: 'not isolated for ingress: netpol/not-isolated reports it', files: { 'gw.yaml': gateway(world, { policyTypes: '  policyTypes: [Egress]\n' }) } },
    { name: 'hostNetwork pods are outside enforcement', files: { 'gw.yaml': gateway(world, { hostNetwork: true }) } },
    { name: 'an empty ingress list admits nobody', files: { 'gw.yaml': gateway('    []\n').replace('  ingress:\n    []', '  ingress: []') } },
  ],
  invalid: [
    {
      name: 'a public ipBlock (0.0.0.0/0 minus RFC 1918) and a rule without peers',
      files: { 'web.yaml': f('invalid/public-ipblock.yaml') },
      errors: [
        {
          messageId: 'viaIpBlock',
          data: { workload: 'Deployment web/storefront', ports: 'TCP 8080', cidr: '0.0.0.0/0', rule: 'spec.ingress[0].from[1]', policy: 'web/storefront' },
          line: 54,
          column: 19,
          endLine: 54,
          endColumn: 28,
          path: 'spec.ingress[0].from[1].ipBlock.cidr',
          object: 'web/Deployment/storefront',
        },
        {
          messageId: 'viaAnyPeer',
          data: { workload: 'Deployment web/admin', ports: 'TCP 22,8443', rule: 'spec.ingress[0]', policy: 'web/admin' },
          line: 72,
          column: 7,
          endLine: 72,
          endColumn: 12,
          path: 'spec.ingress[0].ports',
          object: 'web/Deployment/admin',
        },
      ],
    },
    {
      name: 'allowPorts removes the accepted ports from every protocol, the rest is reported',
      files: { 'gw.yaml': gateway(world) },
      options: { allowPorts: [443] },
      errors: [{ messageId: 'viaIpBlock', data: { ports: 'TCP 22' }, line: 29, column: 31, endLine: 29, endColumn: 40 }],
    },
    {
      name: 'IPv6 ::/0 is the internet too',
      files: { 'gw.yaml': gateway('    - from: [{ipBlock: {cidr: "::/0"}}]\n      ports: [{port: 443, protocol: UDP}]\n') },
      errors: [{ messageId: 'viaIpBlock', data: { ports: 'UDP 443', cidr: '::/0' }, line: 29, column: 31, endLine: 29, endColumn: 37 }],
    },
    {
      name: 'a rule without ports opens every port and protocol; an empty from list is every peer',
      files: { 'gw.yaml': gateway('    - from: []\n') },
      errors: [{ messageId: 'viaAnyPeer', data: { ports: 'every port and protocol' }, line: 29, column: 7, endLine: 29, endColumn: 11 }],
    },
    {
      name: 'an except that leaves public space in',
      files: { 'gw.yaml': gateway('    - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [0.0.0.0/1]}}]\n      ports: [{port: 443}]\n') },
      errors: [{ messageId: 'viaIpBlock', data: { ports: 'TCP 443' }, line: 29, column: 31, endLine: 29, endColumn: 40 }],
    },
  ],
});
