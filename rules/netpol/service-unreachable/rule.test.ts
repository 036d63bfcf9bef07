import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);

/** Deployment db/postgres (5432) behind Service postgres, a client Deployment db/app, and the policies (YAML documents). */
const db = (policies: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: postgres
  namespace: db
spec:
  selector:
    matchLabels:
      app: postgres
  template:
    metadata:
      labels:
        app: postgres
    spec:
      containers:
        - name: postgres
          image: postgres:16
          ports:
            - name: pg
              containerPort: 5432
---
apiVersion: v1
kind: Service
metadata:
  name: postgres
  namespace: db
spec:
  selector:
    app: postgres
  ports:
    - port: 5432
      targetPort: pg
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  namespace: db
spec:
  selector:
    matchLabels:
      app: app
  template:
    metadata:
      labels:
        app: app
    spec:
      containers:
        - name: app
          image: ghcr.io/example/app:1.0.0
${policies}`;

const policy = (name: string, spec: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: db
spec:
${spec}`;

const postgresIngress = (ingress: string) => policy('postgres', `  podSelector: {matchLabels: {app: postgres}}\n  ingress: ${ingress}\n`);

new RuleTester().run('netpol/service-unreachable', rule, {
  valid: [
    { name: 'the client is admitted on the named target port', files: { 'ledger.yaml': f('valid/reachable.yaml') } },
    { name: 'no policy: everybody reaches it', files: { 'db.yaml': db('') } },
    { name: 'an address outside the cluster is admitted (ipBlock)', files: { 'db.yaml': db(postgresIngress('[{from: [{ipBlock: {cidr: 192.0.2.0/24}}], ports: [{port: 5432}]}]')) } },
    { name: 'the ingress controller is admitted through a namespaceSelector {}', files: { 'db.yaml': db(postgresIngress('[{from: [{namespaceSelector: {}}], ports: [{port: 5432}]}]')) } },
    { name: 'a Service without backends is service/selector-matches-nothing', files: { 'db.yaml': db(postgresIngress('[]')).replace('  selector:\n    app: postgres\n  ports', '  selector:\n    app: mysql\n  ports') } },
    {
      name: 'the client is admitted and its egress lets it out on the target port',
      files: {
        'db.yaml': db(
          postgresIngress('[{from: [{podSelector: {matchLabels: {app: app}}}], ports: [{port: pg}]}]') +
            policy('app', '  podSelector: {matchLabels: {app: app}}\n  egress: [{to: [{podSelector: {matchLabels: {app: postgres}}}], ports: [{port: 5432}]}]\n'),
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'the policy admits the client on the Service port name; the pods listen on 8080',
      files: { 'ledger.yaml': f('invalid/wrong-port.yaml') },
      errors: [
        {
          messageId: 'unreachable',
          data: { service: 'payments/ledger', workloads: 'Deployment payments/ledger', targets: 'TCP 8080', policies: 'NetworkPolicy payments/ledger' },
          line: 32,
          column: 3,
          endLine: 32,
          endColumn: 8,
          path: 'spec.ports',
          object: 'payments/Service/ledger',
        },
      ],
    },
    {
      name: "the ingress side admits the client, but the client's egress does not let it out",
      files: { 'ledger.yaml': f('invalid/client-egress.yaml') },
      errors: [{ messageId: 'clientsBlocked', data: { clients: 'Deployment payments/api', policies: 'NetworkPolicy payments/ledger' }, line: 30, column: 3, endLine: 30, endColumn: 8 }],
    },
    {
      name: 'an empty ingress list admits nobody',
      files: { 'db.yaml': db(postgresIngress('[]')) },
      errors: [{ messageId: 'unreachable', data: { targets: 'TCP 5432' }, line: 30, column: 3, endLine: 30, endColumn: 8 }],
    },
    {
      name: 'only its own pods: a workload reaching itself through its Service does not count',
      files: { 'db.yaml': db(postgresIngress('[{from: [{podSelector: {matchLabels: {app: postgres}}}]}]')) },
      errors: [{ messageId: 'unreachable', line: 30, column: 3, endLine: 30, endColumn: 8 }],
    },
    {
      name: 'only private addresses the rules exclude: ipBlock except carves the whole cidr out',
      files: { 'db.yaml': db(postgresIngress('[{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/16]}}]}]')) },
      errors: [{ messageId: 'unreachable', line: 30, column: 3, endLine: 30, endColumn: 8 }],
    },
  ],
});
