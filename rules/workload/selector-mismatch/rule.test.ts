import { fixture as read, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const fixture = (name: string) => read(import.meta.dirname, name);

/** An apps/v1 controller with the given `selector:` block (2-space indented under spec) and template labels. */
const controller = (kind: string, selector: string, labels: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: x
  namespace: ns
spec:
${selector}  template:
    metadata:
      labels:
${labels}    spec:
      containers:
        - name: c
          image: c
`;

const rc = (selector: string, labels: string) => `apiVersion: v1
kind: ReplicationController
metadata:
  name: x
  namespace: ns
spec:
${selector}  template:
    metadata:
${labels}    spec:
      containers:
        - name: c
          image: c
`;

new RuleTester().run('workload/selector-mismatch', rule, {
  valid: [
    { name: 'matchLabels plus In/NotIn/DoesNotExist expressions that hold; generated Job selector; defaulted RC selector', files: { 'shop.yaml': fixture('valid/matching.yaml') } },
    {
      name: 'a DaemonSet selecting a subset of its labels',
      files: { 'ds.yaml': controller('DaemonSet', '  selector:\n    matchLabels:\n      app: agent\n', '        app: agent\n        tier: node\n') },
    },
    {
      name: 'an Exists expression',
      files: { 'd.yaml': controller('Deployment', '  selector:\n    matchExpressions:\n      - key: app\n        operator: Exists\n', '        app: web\n') },
    },
    { name: 'an RC whose map selector matches', files: { 'rc.yaml': rc('  selector:\n    app: legacy\n', '      labels:\n        app: legacy\n        track: stable\n') } },
    { name: 'an RC with an empty selector defaults to its template labels', files: { 'rc.yaml': rc('  selector: {}\n', '      labels:\n        app: legacy\n') } },
  ],
  invalid: [
    {
      name: 'Deployment, StatefulSet, empty ReplicaSet selector, RC and manual Job selector',
      files: { 'shop.yaml': fixture('invalid/mismatched.yaml') },
      errors: [
        {
          messageId: 'selectorMismatch',
          data: { kind: 'Deployment', workload: 'shop/checkout', requirement: 'app=checkout', labels: 'app=check-out' },
          path: 'spec.selector',
          object: 'shop/Deployment/checkout',
          line: 8,
          column: 3,
          endLine: 8,
          endColumn: 11,
        },
        {
          messageId: 'selectorMismatch',
          data: { kind: 'StatefulSet', workload: 'shop/cache', requirement: 'role notin (primary)', labels: 'app=cache,role=primary' },
          line: 27,
          column: 3,
          endLine: 27,
          endColumn: 11,
        },
        {
          messageId: 'emptySelector',
          data: { kind: 'ReplicaSet', workload: 'shop/orphan', resource: 'deployment', labels: 'app=orphan' },
          line: 50,
          column: 3,
          endLine: 50,
          endColumn: 11,
        },
        {
          messageId: 'selectorMismatch',
          data: { kind: 'ReplicationController', requirement: 'track=stable', labels: 'app=legacy' },
          object: 'shop/ReplicationController/legacy',
          line: 66,
          column: 3,
          endLine: 66,
          endColumn: 11,
        },
        {
          messageId: 'selectorMismatch',
          data: { kind: 'Job', workload: 'shop/backfill', requirement: 'job=backfill', labels: '(none)' },
          line: 85,
          column: 3,
          endLine: 85,
          endColumn: 11,
        },
      ],
    },
    {
      name: 'an empty StatefulSet selector',
      files: { 'sts.yaml': controller('StatefulSet', '  selector: {}\n', '        app: db\n') },
      errors: [{ messageId: 'emptySelector', data: { resource: 'statefulset' }, line: 7, column: 3, endLine: 7, endColumn: 11 }],
    },
    {
      name: 'a DaemonSet selector with empty matchLabels is empty too',
      files: { 'ds.yaml': controller('DaemonSet', '  selector:\n    matchLabels: {}\n', '        app: agent\n') },
      errors: [{ messageId: 'emptySelector', data: { resource: 'daemonset' }, line: 7, column: 3, endLine: 7, endColumn: 11 }],
    },
    {
      name: 'a DoesNotExist expression on a label the template has',
      files: { 'd.yaml': controller('Deployment', '  selector:\n    matchExpressions:\n      - key: canary\n        operator: DoesNotExist\n', '        app: web\n        canary: "true"\n') },
      errors: [{ messageId: 'selectorMismatch', data: { requirement: '!canary', labels: 'app=web,canary=true' }, line: 7, column: 3, endLine: 7, endColumn: 11 }],
    },
    {
      name: 'an RC with neither selector nor template labels',
      files: { 'rc.yaml': rc('', '      name: x\n') },
      errors: [{ messageId: 'noSelector', data: { kind: 'ReplicationController', workload: 'ns/x' }, path: 'spec.selector', line: 6, column: 1, endLine: 6, endColumn: 5 }],
    },
    {
      name: 'a CronJob whose job template selects manually',
      files: {
        'cj.yaml': `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
  namespace: ns
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      manualSelector: true
      selector:
        matchLabels:
          job: nightly
      template:
        metadata:
          labels:
            job: night
        spec:
          restartPolicy: Never
          containers:
            - name: c
              image: c
`,
      },
      errors: [{ messageId: 'selectorMismatch', data: { kind: 'CronJob', requirement: 'job=nightly', labels: 'job=night' }, path: 'spec.jobTemplate.spec.selector', line: 11, column: 7, endLine: 11, endColumn: 15 }],
    },
  ],
});
