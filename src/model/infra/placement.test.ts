import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../loader/index.js';
import { buildModel } from '../build.js';
import { nodeGroupsFor } from './placement.js';

// Two eksctl node groups: general workers, and a GPU group with a taint and its own label.
const cluster = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: shop, region: eu-west-1}
managedNodeGroups:
  - name: general
    instanceType: m5.large
    labels: {role: general}
  - name: gpu
    instanceType: g5.xlarge
    labels: {role: gpu}
    taints:
      - {key: nvidia.com/gpu, value: "true", effect: NoSchedule}
`;
const deployment = (name: string, podSpec: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
${podSpec}      containers: [{name: c, image: x}]
`;

function groupsOf(podSpec: string): string[] {
  const model = buildModel(loadTexts({ 'c.yaml': cluster + deployment('app', podSpec) }));
  const w = model.workloads.find((x) => x.name === 'app')!;
  return nodeGroupsFor(w, model.infra).map((ng) => ng.name);
}

describe('nodeGroupsFor', () => {
  it('keeps pods without tolerations off tainted groups (NoSchedule)', () => {
    expect(groupsOf('')).toEqual(['general']);
  });
  it('lets a pod that tolerates the taint on both groups, a nodeSelector narrows it', () => {
    const tolerate = '      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]\n';
    expect(groupsOf(tolerate)).toEqual(['general', 'gpu']);
    expect(groupsOf(`${tolerate}      nodeSelector: {role: gpu}\n`)).toEqual(['gpu']);
  });
  it('matches well-known node labels the model knows, and assumes the ones it does not', () => {
    expect(groupsOf('      nodeSelector: {node.kubernetes.io/instance-type: m5.large}\n')).toEqual(['general']);
    expect(groupsOf('      nodeSelector: {eks.amazonaws.com/nodegroup: general}\n')).toEqual(['general']);
    expect(groupsOf('      nodeSelector: {kubernetes.io/arch: amd64}\n')).toEqual(['general']);
    expect(groupsOf('      nodeSelector: {disktype: ssd}\n')).toEqual([]);
  });
  it('a toleration with the wrong value does not match an Equal taint', () => {
    expect(groupsOf('      tolerations: [{key: nvidia.com/gpu, value: "false", effect: NoSchedule}]\n')).toEqual(['general']);
  });

  it('evaluates required node affinity: terms ORed, expressions ANDed', () => {
    const affinity = (terms: string) => `      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms: ${terms}\n`;
    expect(groupsOf(affinity('[{matchExpressions: [{key: role, operator: In, values: [general, batch]}]}]'))).toEqual(['general']);
    expect(groupsOf(affinity('[{matchExpressions: [{key: role, operator: NotIn, values: [general]}]}]'))).toEqual([]);
    expect(groupsOf(affinity('[{matchExpressions: [{key: disktype, operator: DoesNotExist}]}]'))).toEqual(['general']);
    expect(groupsOf(affinity('[{matchExpressions: [{key: node.kubernetes.io/instance-type, operator: In, values: [g5.xlarge]}]}, {matchExpressions: [{key: role, operator: Exists}]}]'))).toEqual(['general']);
    expect(groupsOf(affinity('[{}]'))).toEqual([]);
  });
});
