import { describe, expect, it } from 'vitest';
import { loadTexts } from '../loader/index.js';
import { buildModel } from './build.js';

const model = (text: string) => buildModel(loadTexts({ 'm.yaml': text }));
const ids = (text: string) => model(text).workloads.map((w) => w.id);

const pod = (name: string, labels: string, owner?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: kube-system
  labels: ${labels}
${owner ? `  ownerReferences:\n    - ${owner}\n` : ''}spec:
  containers: [{name: c, image: x}]
`;

describe('workloads', () => {
  it('folds Pods into their controller, or into the controller named by their ownerReference', () => {
    const text = [
      pod('web-7d9f-abc', '{app: web}', '{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, controller: true}'),
      pod('web-7d9f-def', '{app: web}', '{apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, controller: true}'),
    ].join('---\n');
    const m = model(text);
    expect(m.workloads.map((w) => [w.id, w.replicas, w.ownedPods.length])).toContainEqual(['kube-system/ReplicaSet/web-7d9f', 2, 2]);
  });

  // Mirror pods of static pods are owned by their Node (controller: true): each is its own workload.
  it('keeps static pods owned by a Node apart', () => {
    const owner = '{apiVersion: v1, kind: Node, name: node-1, controller: true}';
    expect(ids([pod('etcd-node-1', '{component: etcd}', owner), pod('kube-proxy-node-1', '{component: kube-proxy}', owner)].join('---\n'))).toEqual(
      expect.arrayContaining(['kube-system/Pod/etcd-node-1', 'kube-system/Pod/kube-proxy-node-1']),
    );
  });

  it('never names a synthetic owner after a real object', () => {
    const text = [pod('internal', '{app: a}'), pod('p1', '{app: b}', '{name: internal, controller: true}')].join('---\n');
    const m = model(text);
    expect(m.workloads.filter((w) => w.namespace === 'kube-system' && w.id !== 'kube-system/Deployment/coredns').map((w) => [w.id, w.implicit])).toEqual([
      ['kube-system/Pod/internal', false],
      ['kube-system/Pod/p1', false],
    ]);
  });

  it('keeps every distinct label set of the pods of a missing controller', () => {
    const owner = '{apiVersion: apps/v1, kind: StatefulSet, name: db, controller: true}';
    const m = model([pod('db-0', '{app: db, role: primary}', owner), pod('db-1', '{app: db, role: replica}', owner)].join('---\n'));
    expect(m.workloads.find((w) => w.name === 'db')?.podLabels).toEqual([
      { app: 'db', role: 'primary' },
      { app: 'db', role: 'replica' },
    ]);
  });

  it('adds CoreDNS unless the input has it, and never twice', () => {
    expect(ids(pod('x', '{a: b}'))).toContain('kube-system/Deployment/coredns');
    const own = `apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system}
spec:
  selector: {matchLabels: {app: coredns}}
  template:
    metadata: {labels: {app: coredns}}
    spec: {containers: [{name: coredns, image: x}]}
`;
    expect(ids(own).filter((id) => id === 'kube-system/Deployment/coredns')).toHaveLength(1);
  });
});

describe('Services select the labels controllers add to their pods', () => {
  const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kafka, namespace: data}
spec:
  replicas: 3
  serviceName: kafka
  selector: {matchLabels: {app: kafka}}
  template:
    metadata: {labels: {app: kafka}}
    spec: {containers: [{name: kafka, image: x}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: data}
spec:
  template:
    spec: {restartPolicy: Never, containers: [{name: m, image: x}]}
`;
  const svc = (name: string, selector: string) => `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: data}\nspec:\n  selector: ${selector}\n  ports: [{port: 80}]\n`;

  it.each([
    ['{statefulset.kubernetes.io/pod-name: kafka-0}', ['data/StatefulSet/kafka']],
    ['{statefulset.kubernetes.io/pod-name: kafka-2, app: kafka}', ['data/StatefulSet/kafka']],
    ['{statefulset.kubernetes.io/pod-name: kafka-3}', []],
    ['{apps.kubernetes.io/pod-index: "1"}', ['data/StatefulSet/kafka']],
    ['{job-name: migrate}', ['data/Job/migrate']],
    ['{job-name: other}', []],
    ['{controller-revision-hash: abc123}', ['data/StatefulSet/kafka']],
  ])('selector %s', (selector, expected) => {
    const m = model(sts + svc('s', selector));
    expect(m.backendsOf(m.services[0]!).map((w) => w.id)).toEqual(expected);
  });
});
