import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../core/source.js';
import { loadTexts } from '../loader/index.js';
import { buildModel } from '../model/build.js';
import { podDemand, totalPods, type WorkloadDemand } from './demand.js';

const demandOf = (files: Record<string, string>) => podDemand(buildModel(loadTexts(files)));
const pos = (at: SourceRef | undefined) => (at ? `${at.region.startLine}:${at.region.startColumn}-${at.region.endColumn}` : '-');
const byId = (list: WorkloadDemand[], id: string) => list.find((d) => d.workload === id)!;

const deployment = (name: string, replicas?: number, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
${replicas === undefined ? '' : `  replicas: ${replicas}\n`}  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
${extra}      containers: [{ name: c, image: x }]
`;

const hpa = (target: string, max: number, apiVersion = 'apps/v1', kind = 'Deployment') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: ${apiVersion}, kind: ${kind}, name: ${target} }
  minReplicas: 1
  maxReplicas: ${max}
`;

describe('podDemand', () => {
  it('reads replicas, defaults them to 1 and raises them to an HPA maxReplicas', () => {
    const d = demandOf({
      'a.yaml': [deployment('web', 3), deployment('worker'), deployment('api', 2), hpa('api', 12)].join('---\n'),
    });
    const web = byId(d, 'shop/Deployment/web');
    expect([web.pods, web.origin, pos(web.at)]).toEqual([3, 'stated', '7:13-14']);
    const worker = byId(d, 'shop/Deployment/worker');
    expect([worker.pods, worker.origin, pos(worker.at)]).toEqual([1, 'default', '17:9-15']);
    const api = byId(d, 'shop/Deployment/api');
    expect([api.pods, api.origin, api.explanation]).toEqual([12, 'hpa', 'spec.replicas 2 raised to HPA shop/api maxReplicas 12']);
    // maxReplicas of the HPA document (doc 3, file line 47); the replicas field (line 32) is related.
    expect([api.at?.doc, pos(api.at), api.related.map(pos)]).toEqual([3, '47:16-18', ['32:13-14']]);
  });

  it('ignores HPAs of another group, kind, name or namespace, and an HPA below the replicas', () => {
    const d = demandOf({
      'a.yaml': [deployment('web', 5), hpa('web', 9, 'example.com/v1'), deployment('low', 5), hpa('low', 3)].join('---\n'),
    });
    expect(byId(d, 'shop/Deployment/web').pods).toBe(5);
    expect(byId(d, 'shop/Deployment/low')).toMatchObject({ pods: 5, origin: 'stated' });
  });

  it('leaves a target scaled to 0 at 0: the HPA is paused', () => {
    const d = demandOf({ 'a.yaml': [deployment('web', 0), hpa('web', 9)].join('---\n') });
    expect(byId(d, 'shop/Deployment/web')).toMatchObject({ pods: 0, origin: 'stated', note: 'HPA shop/web paused: spec.replicas is 0' });
  });

  it('counts Job parallelism bounded by completions, and one CronJob run with its overlap note', () => {
    const d = demandOf({
      'jobs.yaml': `apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop }
spec:
  parallelism: 8
  completions: 3
  template: { spec: { restartPolicy: Never, containers: [{ name: c, image: x }] } }
---
apiVersion: batch/v1
kind: Job
metadata: { name: once, namespace: shop }
spec:
  template: { spec: { restartPolicy: Never, containers: [{ name: c, image: x }] } }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      parallelism: 4
      template: { spec: { restartPolicy: Never, containers: [{ name: c, image: x }] } }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: shop }
spec:
  schedule: "0 0 * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template: { spec: { restartPolicy: Never, containers: [{ name: c, image: x }] } }
`,
    });
    const migrate = byId(d, 'shop/Job/migrate');
    expect([migrate.pods, pos(migrate.at), migrate.explanation]).toEqual([3, '6:16-17', 'spec.parallelism 8, bounded by spec.completions 3']);
    expect(byId(d, 'shop/Job/once')).toMatchObject({ pods: 1, origin: 'default' });
    const report = byId(d, 'shop/CronJob/report');
    expect([report.pods, pos(report.at), report.note]).toEqual([4, '22:20-21', 'concurrencyPolicy not set (default Allow): runs may overlap; one run counted']);
    expect(byId(d, 'shop/CronJob/nightly').note).toBeUndefined();
  });

  it('counts DaemonSets per node on the node groups they fit, marks hostNetwork, and assumes CoreDNS', () => {
    const cluster = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: { name: shop, region: eu-west-1 }
managedNodeGroups:
  - name: general
    maxSize: 4
  - name: gpu
    maxSize: 2
    taints: [{ key: gpu, value: "true", effect: NoSchedule }]
`;
    const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: kube-system }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      hostNetwork: true
      containers: [{ name: c, image: x }]
`;
    const d = demandOf({ 'cluster.yaml': cluster, 'ds.yaml': ds, 'web.yaml': deployment('web', 3) });
    const agent = byId(d, 'kube-system/DaemonSet/agent');
    expect(agent).toMatchObject({ pods: 1, perNode: true, origin: 'per-node', hostNetwork: true });
    expect(agent.nodeGroups).toEqual(['eksctl:shop#nodegroup/general']);
    const dns = byId(d, 'kube-system/Deployment/coredns');
    expect(dns).toMatchObject({ pods: 2, origin: 'default', assumed: true });
    expect(dns.at).toBeUndefined();
    const maxNodes = (key: string) => (key === 'eksctl:shop#nodegroup/general' ? 4 : 2);
    expect(totalPods(d, maxNodes)).toBe(3 + 2 + 4);
    expect(totalPods(d, maxNodes, { ipBacked: true })).toBe(3 + 2);
  });

  it('counts the Pods of a controller that is not in the input, and bare Pods as 1', () => {
    const pod = (name: string, owner?: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
${owner ? `  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: ${owner}, uid: u, controller: true }]\n` : ''}spec: { containers: [{ name: c, image: x }] }
`;
    const d = demandOf({ 'pods.yaml': [pod('a-1', 'a'), pod('a-2', 'a'), pod('solo')].join('---\n') });
    expect(byId(d, 'shop/ReplicaSet/a')).toMatchObject({ pods: 2, origin: 'observed' });
    expect(byId(d, 'shop/Pod/solo')).toMatchObject({ pods: 1, origin: 'stated' });
  });

  it('is in workload id order', () => {
    const d = demandOf({ 'a.yaml': [deployment('zeta', 1), deployment('alpha', 1)].join('---\n') });
    const ids = d.map((x) => x.workload);
    expect(ids).toEqual([...ids].sort());
  });

  it('never throws, counts are whole numbers ≥ 0, and an HPA never lowers the count', () => {
    const arbReplicas = fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined });
    fc.assert(
      fc.property(arbReplicas, fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }), (replicas, max, completions) => {
        const base = [deployment('web', replicas)];
        const job = `apiVersion: batch/v1
kind: Job
metadata: { name: j, namespace: shop }
spec:
${replicas === undefined ? '' : `  parallelism: ${replicas}\n`}${completions === undefined ? '' : `  completions: ${completions}\n`}  template: { spec: { restartPolicy: Never, containers: [{ name: c, image: x }] } }
`;
        const without = demandOf({ 'a.yaml': [...base, job].join('---\n') });
        const withHpa = demandOf({ 'a.yaml': [...base, job, ...(max === undefined ? [] : [hpa('web', max)])].join('---\n') });
        for (const d of [...without, ...withHpa]) expect(Number.isSafeInteger(d.pods) && d.pods >= 0).toBe(true);
        expect(byId(withHpa, 'shop/Deployment/web').pods).toBeGreaterThanOrEqual(byId(without, 'shop/Deployment/web').pods);
      }),
      { numRuns: 60 },
    );
  });
});
