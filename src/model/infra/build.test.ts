import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../loader/index.js';
import { buildModel } from '../build.js';

const config = (zones: string) => `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: {name: CLUSTER_NAME_PLACEHOLDER, region: us-west-2}
availabilityZones: ${zones}
`;

describe('buildInfra', () => {
  // Two configs naming the same cluster (templates with a placeholder name) are two plans, not one VPC.
  it('keeps the plans of two configs with the same cluster name apart', () => {
    const model = buildModel(loadTexts({ 'a.yaml': config('[us-west-2a, us-west-2b]'), 'b.yaml': config('[us-west-2c, us-west-2d]') }));
    expect(model.infra.vpcs.map((v) => v.key)).toEqual(['eksctl:CLUSTER_NAME_PLACEHOLDER#vpc', 'eksctl:CLUSTER_NAME_PLACEHOLDER@b.yaml#0#vpc']);
    const vpcsOfSubnets = new Set(model.infra.subnets.map((s) => s.vpc.key));
    expect(vpcsOfSubnets.size).toBe(2);
    expect(model.infra.clusters).toHaveLength(2);
  });
});
