import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../loader/index.js';
import { buildModel } from '../build.js';

// eksctl's vpc-cni add-on carries the CNI settings in configurationValues (an embedded YAML string).
const cluster = `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: shop, region: eu-west-1}
addons:
  - name: vpc-cni
    configurationValues: |-
      env:
        ENABLE_PREFIX_DELEGATION: "true"
        WARM_IP_TARGET: "lots"
`;

describe('CNI settings from the eksctl vpc-cni add-on', () => {
  it('reads configurationValues.env as the VPC CNI settings, each on its own line inside the string', () => {
    const model = buildModel(loadTexts({ 'cluster.yaml': cluster }));
    const cni = model.cni.awsVpcCni!;
    expect(model.cni.plugins.map((p) => p.name)).toEqual(['aws-vpc-cni']);
    expect(cni.prefixDelegation.value).toBe(true);
    expect(cni.prefixDelegation.at?.region.startLine).toBe(8);
    // A bad value is a problem at its line, and the CNI default applies.
    expect(cni.warmIpTarget.value).toBeUndefined();
    expect(model.cni.problems.map((p) => [p.at.region.startLine, p.message.slice(0, 24)])).toEqual([[9, 'aws-node WARM_IP_TARGET:']]);
  });

  it('wins over the aws-node DaemonSet env for the variables it sets', () => {
    const ds = `---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: aws-node, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: aws-node}}
  template:
    metadata: {labels: {k8s-app: aws-node}}
    spec:
      containers:
        - name: aws-node
          image: x
          env: [{name: ENABLE_PREFIX_DELEGATION, value: "false"}, {name: WARM_ENI_TARGET, value: "2"}]
`;
    const model = buildModel(loadTexts({ 'cluster.yaml': cluster.replace('        WARM_IP_TARGET: "lots"\n', '') + ds }));
    expect(model.cni.awsVpcCni!.prefixDelegation.value).toBe(true);
    expect(model.cni.awsVpcCni!.warmEniTarget.value).toBe(2);
  });
});
