import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../config/load.js';
import { lintFiles } from '../../lint/rule-tester.js';
import { ConnSet } from '../conn-set.js';
import { PortSet } from '../ports.js';
import { resolveVpcEndpoint, vpcPath } from './index.js';

const fixture = (rule: string, name: string) => readFileSync(path.join(import.meta.dirname, '../../../rules/vpc', rule, 'fixtures', name), 'utf8');
const HTTPS = ConnSet.of('TCP', PortSet.single(443));

async function model(text: string) {
  return (await lintFiles({ 'eks.yaml': text }, [], defaultConfig())).model;
}

describe('vpcPath', () => {
  it('private node group → internet through the NAT gateway of its AZ and the attached IGW: nothing blocked, every hop named', async () => {
    const m = await model(fixture('pod-egress-blocked', 'valid/aws-style-eks-vpc.yaml'));
    const from = resolveVpcEndpoint(m.infra, 'nodegroup:SelfManagedWorkers');
    const to = resolveVpcEndpoint(m.infra, 'internet');
    if (!from.ok || !to.ok) throw new Error('endpoints');
    const r = vpcPath(m.infra, m.cni, from.endpoint, to.endpoint, HTTPS);
    expect(r.blocked.isEmpty()).toBe(true);
    // The template creates the VPC and associates no ACL: its default ACL (rule 100, allow all) applies.
    expect(r.allowed.equals(HTTPS)).toBe(true);
    expect(r.verdict).toBe('allow');
    const kinds = r.hops.map((h) => h.kind);
    for (const k of ['security-group-rule', 'route', 'nat-gateway', 'internet-gateway', 'network-acl-entry'] as const) expect(kinds).toContain(k);
    expect(r.hops.some((h) => h.kind === 'network-acl-entry' && h.message.includes('default network ACL'))).toBe(true);
  });

  it('names every blocker, not only the first', async () => {
    const m = await model(fixture('pod-egress-blocked', 'invalid/nat-in-private-subnet-and-acl-without-replies.yaml'));
    const from = resolveVpcEndpoint(m.infra, 'nodegroup:SelfManagedWorkers');
    const to = resolveVpcEndpoint(m.infra, '1.1.1.1');
    if (!from.ok || !to.ok) throw new Error('endpoints');
    const r = vpcPath(m.infra, m.cni, from.endpoint, to.endpoint, HTTPS);
    expect(r.blocked.equals(HTTPS)).toBe(true);
    expect(r.blockers.map((b) => b.layer).sort()).toEqual(['network-acl', 'route']);
  });

  it('resolves endpoints and rejects unknown names', async () => {
    const m = await model(fixture('pod-egress-blocked', 'valid/aws-style-eks-vpc.yaml'));
    expect(resolveVpcEndpoint(m.infra, 'controlplane:shop').ok).toBe(true);
    expect(resolveVpcEndpoint(m.infra, 'subnet:cfn:eks.yaml#PrivateSubnet01').ok).toBe(true);
    expect(resolveVpcEndpoint(m.infra, '10.0.0.0/8').ok).toBe(true);
    expect(resolveVpcEndpoint(m.infra, 'nodegroup:nope')).toEqual({ ok: false, error: 'no node group named nope' });
  });
});
