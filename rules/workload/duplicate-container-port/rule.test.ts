import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

/** A Pod whose single container declares `ports` (YAML lines, 8-space indented), plus more containers. */
const pod = (ports: string, more = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: ns
spec:
  containers:
    - name: app
      image: app
      ports:
${ports}${more}`;

new RuleTester().run('workload/duplicate-container-port', rule, {
  valid: [
    { name: 'same number on two protocols, two hostPorts, two hostIPs, distinct names', files: { 'dns.yaml': fixture('valid/distinct-ports.yaml') } },
    {
      name: 'one containerPort on two different hostPorts',
      files: { 'p.yaml': pod('        - containerPort: 80\n          hostPort: 8080\n        - containerPort: 80\n          hostPort: 8081\n') },
    },
    {
      name: 'one hostPort on two different specific hostIPs',
      files: {
        'p.yaml': pod(
          '        - containerPort: 53\n          hostPort: 53\n          hostIP: 10.0.0.1\n        - containerPort: 53\n          hostPort: 53\n          hostIP: 10.0.0.2\n',
        ),
      },
    },
    {
      name: 'the same port in two different workloads',
      files: {
        'a.yaml': pod('        - containerPort: 80\n          name: http\n'),
        'b.yaml': pod('        - containerPort: 80\n          name: http\n').replace('name: p\n', 'name: q\n'),
      },
    },
  ],
  invalid: [
    {
      name: 'duplicates across containers and init containers; protocol defaults to TCP',
      files: { 'web.yaml': fixture('invalid/duplicate-ports.yaml') },
      errors: [
        {
          messageId: 'duplicatePort',
          data: { kind: 'Deployment', workload: 'shop/web', port: 'TCP 9000', container: 'app', firstContainer: 'migrate' },
          path: 'spec.template.spec.containers[0].ports[1].containerPort',
          object: 'shop/Deployment/web',
          line: 25,
          column: 30,
          endLine: 25,
          endColumn: 34,
        },
        {
          messageId: 'duplicatePort',
          data: { port: 'TCP 8080', container: 'proxy', firstContainer: 'app' },
          path: 'spec.template.spec.containers[1].ports[0].containerPort',
          line: 30,
          column: 30,
          endLine: 30,
          endColumn: 34,
        },
      ],
    },
    {
      name: 'port names: twice in one container, and again in another container',
      files: { 'api.yaml': fixture('invalid/port-names.yaml') },
      errors: [
        {
          messageId: 'duplicateNameInContainer',
          data: { kind: 'Pod', workload: 'shop/api', container: 'api', name: 'http', firstPort: 'TCP 8080', port: 'TCP 8081' },
          path: 'spec.containers[0].ports[1].name',
          object: 'shop/Pod/api',
          line: 14,
          column: 17,
          endLine: 14,
          endColumn: 21,
        },
        {
          messageId: 'duplicateName',
          data: { name: 'metrics', container: 'exporter', firstContainer: 'sidecar', port: 'TCP 9100', firstPort: 'TCP 15000' },
          path: 'spec.containers[2].ports[0].name',
          line: 24,
          column: 17,
          endLine: 24,
          endColumn: 24,
        },
      ],
    },
    {
      name: 'the same hostPort declared twice in one container',
      files: { 'p.yaml': pod('        - containerPort: 80\n          hostPort: 8080\n        - containerPort: 80\n          hostPort: 8080\n') },
      errors: [{ messageId: 'duplicatePort', data: { port: 'TCP 80', container: 'app', firstContainer: 'app' }, line: 13, column: 26, endLine: 13, endColumn: 28 }],
    },
    {
      name: 'once with hostPort and once without: overlapping',
      files: { 'p.yaml': pod('        - containerPort: 80\n          protocol: UDP\n        - containerPort: 80\n          protocol: UDP\n          hostPort: 8080\n') },
      errors: [{ messageId: 'overlappingPort', data: { port: 'UDP 80', hostPort: '8080' }, line: 13, column: 26, endLine: 13, endColumn: 28 }],
    },
    {
      name: 'same hostPort, once with hostIP and once without: ambiguous',
      files: {
        'p.yaml': pod('        - containerPort: 80\n          hostPort: 8080\n          hostIP: 10.0.0.1\n        - containerPort: 80\n          hostPort: 8080\n'),
      },
      errors: [{ messageId: 'ambiguousPort', data: { port: 'TCP 80', hostPort: '8080', hostIP: '10.0.0.1' }, line: 14, column: 26, endLine: 14, endColumn: 28 }],
    },
    {
      name: 'three declarations: each later one reports once, against the first',
      files: { 'p.yaml': pod('        - containerPort: 80\n        - containerPort: 80\n        - containerPort: 80\n') },
      errors: [
        { messageId: 'duplicatePort', line: 12, column: 26, endLine: 12, endColumn: 28 },
        { messageId: 'duplicatePort', line: 13, column: 26, endLine: 13, endColumn: 28 },
      ],
    },
    {
      name: 'a native sidecar (init container) repeats an app port and its name',
      files: {
        'p.yaml': pod(
          '        - containerPort: 80\n          name: http\n',
          '  initContainers:\n    - name: mesh\n      image: envoy\n      restartPolicy: Always\n      ports:\n        - containerPort: 80\n          name: http\n',
        ),
      },
      // The API visits initContainers first: the app container's port is the repeat.
      errors: [
        { messageId: 'duplicatePort', data: { container: 'app', firstContainer: 'mesh' }, line: 11, column: 26, endLine: 11, endColumn: 28 },
        { messageId: 'duplicateName', data: { container: 'app', firstContainer: 'mesh' }, line: 12, column: 17, endLine: 12, endColumn: 21 },
      ],
    },
  ],
});
