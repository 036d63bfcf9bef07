import { describe, expect, it } from 'vitest';
import type { NodeGroupElement } from '../infra/types.js';
import { EXCLUDE_FROM_LOAD_BALANCERS, isRegisteredTarget } from './targets.js';

/** A node group with only what registration looks at: its labels. */
const group = (labels: Record<string, string>) => ({ labels }) as unknown as NodeGroupElement;

describe('isRegisteredTarget: the nodes a load balancer with instance targets registers', () => {
  it('registers every node group without target node labels, but not one labelled exclude-from-external-load-balancers', () => {
    expect(isRegisteredTarget(group({ role: 'web' }), undefined)).toBe(true);
    expect(isRegisteredTarget(group({ [EXCLUDE_FROM_LOAD_BALANCERS]: '' }), undefined)).toBe(false);
    expect(isRegisteredTarget(group({ [EXCLUDE_FROM_LOAD_BALANCERS]: 'true', role: 'edge' }), { role: 'edge' })).toBe(false);
  });

  it('with target node labels: the stated value must match; a custom label a group does not state leaves it out', () => {
    expect(isRegisteredTarget(group({ role: 'edge' }), { role: 'edge' })).toBe(true);
    expect(isRegisteredTarget(group({ role: 'general' }), { role: 'edge' })).toBe(false);
    expect(isRegisteredTarget(group({}), { role: 'edge' })).toBe(false);
  });

  it('keeps a group in for a well-known label the kubelet or EKS sets, whose value the input does not state', () => {
    expect(isRegisteredTarget(group({}), { 'topology.kubernetes.io/zone': 'us-west-2a' })).toBe(true);
    expect(isRegisteredTarget(group({}), { 'eks.amazonaws.com/capacityType': 'ON_DEMAND' })).toBe(true);
  });
});
