import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../../src/loader/schemas/index.js';
import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import { canShareNode, placementOf } from '../node-placement.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

/** A bare Pod: `spec` lines (2-space indented, under `spec:`) then one container with `ports` (8-space indented). */
const pod = (name: string, spec: string, ports: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ns
spec:
${spec}  containers:
    - name: c
      image: c
      ports:
${ports}`;

const hostPort80 = '        - containerPort: 8080\n          hostPort: 80\n';

new RuleTester().run('workload/host-port-conflict', rule, {
  valid: [
    { name: 'other protocol, other hostIP, disjoint nodeSelector and affinity, init containers', files: { 'apart.yaml': fixture('valid/kept-apart.yaml') } },
    {
      name: 'different nodeName',
      files: { 'a.yaml': pod('a', '  nodeName: node-1\n', hostPort80), 'b.yaml': pod('b', '  nodeName: node-2\n', hostPort80) },
    },
    {
      name: 'nodeName outside the other pod’s matchFields',
      files: {
        'a.yaml': pod('a', '  nodeName: node-1\n', hostPort80),
        'b.yaml': pod(
          'b',
          '  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchFields:\n              - key: metadata.name\n                operator: In\n                values: [node-2, node-3]\n',
          hostPort80,
        ),
      },
    },
    {
      name: 'Gt and Lt bounds that leave no integer in common',
      files: {
        'a.yaml': pod(
          'a',
          '  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - key: gpus\n                operator: Gt\n                values: ["3"]\n',
          hostPort80,
        ),
        'b.yaml': pod(
          'b',
          '  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - key: gpus\n                operator: Lt\n                values: ["4"]\n',
          hostPort80,
        ),
      },
    },
    {
      name: 'a DoesNotExist requirement against a nodeSelector on the same key',
      files: {
        'a.yaml': pod('a', '  nodeSelector:\n    dedicated: ingress\n', hostPort80),
        'b.yaml': pod(
          'b',
          '  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n        nodeSelectorTerms:\n          - matchExpressions:\n              - key: dedicated\n                operator: DoesNotExist\n',
          hostPort80,
        ),
      },
    },
    {
      name: 'two init containers of one pod may reuse a host port (they run one after the other)',
      files: {
        'a.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: ns
spec:
  initContainers:
    - name: one
      image: i
      ports:
        - containerPort: 80
          hostPort: 80
    - name: two
      image: i
      ports:
        - containerPort: 80
          hostPort: 80
  containers:
    - name: c
      image: c
`,
      },
    },
    {
      name: 'one pod with the same host port on two specific addresses',
      files: { 'a.yaml': pod('a', '', '        - containerPort: 80\n          hostPort: 80\n          hostIP: 10.0.0.1\n        - containerPort: 81\n          hostPort: 80\n          hostIP: 10.0.0.2\n') },
    },
  ],
  invalid: [
    {
      name: 'a DaemonSet on hostNetwork and a Deployment on the same host port',
      files: { 'exporters.yaml': fixture('invalid/daemonset-vs-deployment.yaml') },
      errors: [
        {
          messageId: 'daemonSetConflict',
          data: {
            kind: 'DaemonSet',
            workload: 'monitoring/node-exporter',
            bind: 'TCP 9100 via hostNetwork',
            otherKind: 'Deployment',
            other: 'ml/gpu-metrics',
            otherBind: 'TCP 9100',
            daemonSet: 'DaemonSet monitoring/node-exporter',
          },
          path: 'spec.template.spec.containers[0].ports[0].containerPort',
          object: 'monitoring/DaemonSet/node-exporter',
          line: 20,
          column: 30,
          endLine: 20,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'nodeSelector inside one of the other’s affinity terms; 0.0.0.0 against a specific hostIP',
      files: { 'ingress.yaml': fixture('invalid/overlapping-nodes.yaml') },
      errors: [
        {
          messageId: 'hostPortConflict',
          data: { kind: 'Deployment', workload: 'ingress/ingress-public', bind: 'TCP 80', otherKind: 'Deployment', other: 'ingress/ingress-private', otherBind: 'TCP 10.0.5.5:80' },
          path: 'spec.template.spec.containers[0].ports[0].hostPort',
          object: 'ingress/Deployment/ingress-public',
          line: 23,
          column: 25,
          endLine: 23,
          endColumn: 27,
        },
      ],
    },
    {
      name: 'the same nodeName',
      files: { 'a.yaml': pod('a', '  nodeName: node-1\n', hostPort80), 'b.yaml': pod('b', '  nodeName: node-1\n', hostPort80) },
      errors: [{ messageId: 'hostPortConflict', data: { workload: 'ns/b', other: 'ns/a' }, file: 'b.yaml', line: 13, column: 21, endLine: 13, endColumn: 23 }],
    },
    {
      name: 'nodeSelectors on different keys can both hold',
      files: { 'a.yaml': pod('a', '  nodeSelector:\n    zone: a\n', hostPort80), 'b.yaml': pod('b', '  nodeSelector:\n    pool: edge\n', hostPort80) },
      errors: [{ messageId: 'hostPortConflict', file: 'b.yaml', line: 14, column: 21, endLine: 14, endColumn: 23 }],
    },
    {
      name: 'UDP on both sides, and explicit 0.0.0.0',
      files: {
        'a.yaml': pod('a', '', '        - containerPort: 53\n          hostPort: 53\n          protocol: UDP\n'),
        'b.yaml': pod('b', '', '        - containerPort: 53\n          hostPort: 53\n          hostIP: 0.0.0.0\n          protocol: UDP\n'),
      },
      errors: [{ messageId: 'hostPortConflict', data: { bind: 'UDP 0.0.0.0:53', otherBind: 'UDP 53' }, file: 'b.yaml', line: 12, column: 21, endLine: 12, endColumn: 23 }],
    },
    {
      name: 'a native sidecar holds its host port like an app container',
      files: {
        'a.yaml': pod('a', '', hostPort80),
        'b.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: b
  namespace: ns
spec:
  initContainers:
    - name: proxy
      image: envoy
      restartPolicy: Always
      ports:
        - containerPort: 15001
          hostPort: 80
  containers:
    - name: c
      image: c
`,
      },
      errors: [{ messageId: 'hostPortConflict', data: { otherBind: 'TCP 80' }, file: 'b.yaml', line: 13, column: 21, endLine: 13, endColumn: 23 }],
    },
    {
      name: 'two app containers of one pod on one host port',
      files: {
        'a.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: ns
spec:
  containers:
    - name: web
      image: web
      ports:
        - containerPort: 8080
          hostPort: 80
    - name: admin
      image: admin
      ports:
        - containerPort: 9090
          hostPort: 80
`,
      },
      errors: [
        {
          messageId: 'hostPortTwiceInPod',
          data: { kind: 'Pod', workload: 'ns/a', bind: 'TCP 80', container: 'admin', firstContainer: 'web', key: 'TCP//80' },
          path: 'spec.containers[1].ports[0].hostPort',
          line: 17,
          column: 21,
          endLine: 17,
          endColumn: 23,
        },
      ],
    },
    {
      name: 'hostNetwork turns two equal containerPorts into one host port twice',
      files: {
        'ds.yaml': `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: kube-system
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: agent
          ports:
            - containerPort: 8125
              protocol: UDP
        - name: relay
          image: relay
          ports:
            - containerPort: 8125
              protocol: UDP
`,
      },
      errors: [{ messageId: 'hostPortTwiceInPod', data: { bind: 'UDP 8125 via hostNetwork', key: 'UDP//8125' }, line: 25, column: 30, endLine: 25, endColumn: 34 }],
    },
  ],
});

describe('node placement', () => {
  const spec = (s: Partial<PodSpec>): PodSpec => ({ containers: [{ name: 'c' }], ...s });
  const terms = (...ts: object[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: ts } } });
  const share = (a: Partial<PodSpec>, b: Partial<PodSpec>) => canShareNode(placementOf(spec(a)), placementOf(spec(b)));

  it('assumes pods without constraints can meet', () => {
    expect(share({}, {})).toBe(true);
  });

  it('reads nodeSelector values per key', () => {
    expect(share({ nodeSelector: { a: '1' } }, { nodeSelector: { a: '2' } })).toBe(false);
    expect(share({ nodeSelector: { a: '1' } }, { nodeSelector: { a: '1', b: '2' } })).toBe(true);
  });

  it('ORs terms and ANDs the requirements inside a term', () => {
    const inA = { matchExpressions: [{ key: 'k', operator: 'In', values: ['a'] }] };
    const inB = { matchExpressions: [{ key: 'k', operator: 'In', values: ['b'] }] };
    expect(share({ affinity: terms(inA) }, { affinity: terms(inB) })).toBe(false);
    expect(share({ affinity: terms(inA, inB) }, { affinity: terms(inB) })).toBe(true);
    const both = { matchExpressions: [...inA.matchExpressions, { key: 'k', operator: 'NotIn', values: ['a'] }] };
    expect(share({ affinity: terms(both) }, {})).toBe(false);
  });

  it('treats an empty term as matching no node, and unreadable requirements as no constraint', () => {
    expect(share({ affinity: terms({}) }, {})).toBe(false);
    expect(share({ affinity: terms({ matchExpressions: [{ key: 'k', operator: 'Near', values: ['x'] }] }) }, { nodeSelector: { k: 'y' } })).toBe(true);
    expect(share({ affinity: terms({ matchExpressions: [{ key: 'k', operator: 'In', values: [] }] }) }, { nodeSelector: { k: 'y' } })).toBe(true);
  });

  it('keeps node labels and node fields apart', () => {
    const byName = { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] };
    expect(share({ affinity: terms(byName) }, { nodeSelector: { 'metadata.name': 'n2' } })).toBe(true);
    expect(share({ affinity: terms(byName) }, { nodeName: 'n2' })).toBe(false);
  });

  it('compares Gt and Lt as integers', () => {
    const gt = (n: string) => ({ matchExpressions: [{ key: 'cpu', operator: 'Gt', values: [n] }] });
    const lt = (n: string) => ({ matchExpressions: [{ key: 'cpu', operator: 'Lt', values: [n] }] });
    expect(share({ affinity: terms(gt('4')) }, { affinity: terms(lt('6')) })).toBe(true);
    expect(share({ affinity: terms(gt('4')) }, { affinity: terms(lt('5')) })).toBe(false);
    expect(share({ affinity: terms(gt('4')) }, { nodeSelector: { cpu: '10' } })).toBe(true);
    expect(share({ affinity: terms(gt('4')) }, { nodeSelector: { cpu: 'large' } })).toBe(false);
    // NotIn compares strings: "05" is 5 to Gt/Lt and not "5" to NotIn, so the range is not empty.
    const notIn5 = { matchExpressions: [{ key: 'cpu', operator: 'NotIn', values: ['5'] }] };
    expect(share({ affinity: terms({ matchExpressions: [...gt('4').matchExpressions, ...lt('6').matchExpressions, ...notIn5.matchExpressions] }) }, {})).toBe(true);
  });
});
