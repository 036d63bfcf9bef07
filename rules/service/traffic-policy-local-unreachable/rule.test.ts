import { fixture, RuleTester } from '../../../src/lint/rule-tester.js';
import rule from './rule.js';

const f = (name: string) => fixture(import.meta.dirname, name);
const lb = () => f('invalid/lb-target-nodes.yaml');
const internal = () => f('invalid/internal-local.yaml');
/** A NetworkPolicy letting only pods labelled app=web reach the cache. */
const cachePolicy = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: cache
  namespace: web
spec:
  podSelector: {matchLabels: {app: cache}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`;

new RuleTester().run('service/traffic-policy-local-unreachable', rule, {
  valid: [
    { name: 'a DaemonSet backend runs on every node group: Local is safe both ways', files: { 'all.yaml': f('valid/local-everywhere.yaml') } },
    { name: 'no target-node-labels: the load balancer registers the workers too', files: { 'all.yaml': lb().replace('    service.beta.kubernetes.io/aws-load-balancer-target-node-labels: role=edge\n', '') } },
    { name: 'IP targets: the load balancer sends to the pods, not to nodes', files: { 'all.yaml': lb().replace('nlb-target-type: instance', 'nlb-target-type: ip') } },
    { name: 'externalTrafficPolicy Cluster', files: { 'all.yaml': lb().replace('externalTrafficPolicy: Local', 'externalTrafficPolicy: Cluster') } },
    { name: 'without node groups placement proves nothing', files: { 'all.yaml': lb().split('---\n').slice(1).join('---\n') } },
    { name: 'the client is pinned to the workers too', files: { 'all.yaml': internal().replace('    spec:\n      containers:\n        - name: reports', '    spec:\n      nodeSelector: {role: worker}\n      containers:\n        - name: reports') } },
    { name: 'the policies keep the stranded client away from the cache anyway', files: { 'all.yaml': internal() + cachePolicy } },
    {
      name: 'backends that fit no node group of the input (a Karpenter node pool) run where the model cannot tell',
      files: { 'all.yaml': lb().replace('      nodeSelector:\n        role: worker\n', '      nodeSelector:\n        karpenter.sh/nodepool: api\n') },
    },
    {
      name: 'the DaemonSet backend fits no node group of the input: internalTrafficPolicy is not judged',
      files: { 'all.yaml': internal().replace('      nodeSelector:\n        role: worker\n', '      nodeSelector:\n        karpenter.sh/nodepool: cache\n') },
    },
    {
      name: 'a client that fits no node group of the input is not stranded on a known one',
      files: { 'all.yaml': internal().replace('    spec:\n      containers:\n        - name: reports', '    spec:\n      nodeSelector: {karpenter.sh/nodepool: reports}\n      containers:\n        - name: reports') },
    },
    {
      name: 'target node labels naming a label no node group of the input states: the entry nodes are not described',
      files: { 'all.yaml': lb().replace('aws-load-balancer-target-node-labels: role=edge', 'aws-load-balancer-target-node-labels: ingress-ready=true') },
    },
    {
      name: 'a headless Service: kube-proxy does not handle it, the traffic policy does not apply',
      files: { 'all.yaml': internal().replace('  internalTrafficPolicy: Local\n', '  clusterIP: None\n  internalTrafficPolicy: Local\n') },
    },
  ],
  invalid: [
    {
      name: 'NLB instance targets restricted to the edge nodes, backends only on the workers',
      files: { 'all.yaml': lb() },
      errors: [
        {
          messageId: 'externalNoBackend',
          data: { service: 'web/api', backends: 'Deployment web/api', entry: 'node group edge (target node labels role=edge)', fit: 'node group workers' },
          line: 48,
          column: 26,
          endLine: 48,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'a node excluded from load balancers is not an entry node',
      files: { 'all.yaml': lb().replace('    service.beta.kubernetes.io/aws-load-balancer-target-node-labels: role=edge\n', '').replace('      role: worker\n', '      role: worker\n      node.kubernetes.io/exclude-from-external-load-balancers: "true"\n') },
      errors: [{ messageId: 'externalNoBackend', data: { entry: 'node group edge', fit: 'node group workers' }, line: 48, column: 26, endLine: 48, endColumn: 31 }],
    },
    {
      name: 'target node labels every node group states with another value: no node group is registered',
      files: { 'all.yaml': lb().replace('aws-load-balancer-target-node-labels: role=edge', 'aws-load-balancer-target-node-labels: role=gateway') },
      errors: [
        {
          messageId: 'externalNoBackend',
          data: { entry: 'none: the load balancer registers no node group (target node labels role=gateway)', fit: 'node group workers' },
          line: 48,
          column: 26,
          endLine: 48,
          endColumn: 31,
        },
      ],
    },
    {
      name: 'internalTrafficPolicy Local: a client on the batch nodes has no local cache',
      files: { 'all.yaml': internal() },
      errors: [
        {
          messageId: 'internalNoBackend',
          data: { service: 'web/cache', clients: 'client Deployment web/reports', stranded: 'node group batch', backends: 'DaemonSet web/cache' },
          line: 42,
          column: 26,
          endLine: 42,
          endColumn: 31,
        },
      ],
    },
  ],
});
