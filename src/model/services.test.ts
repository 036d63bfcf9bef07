import { describe, expect, it } from 'vitest';
import { loadTexts } from '../loader/index.js';
import { buildModel } from './build.js';
import { displayName, qualifiedName } from './identity.js';
import { formatServicePorts, isHeadless, serviceSelector, serviceTypeOf } from './services.js';

const service = (spec: string) =>
  buildModel(loadTexts({ 's.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\n${spec}` })).service('shop', 'api')!;

describe('serviceTypeOf', () => {
  it('defaults to ClusterIP, as the API server does', () => {
    expect(serviceTypeOf(service('spec: {ports: [{port: 80}]}'))).toBe('ClusterIP');
    expect(serviceTypeOf(service(''))).toBe('ClusterIP');
    expect(serviceTypeOf(service('spec: {type: ExternalName, externalName: db.example.com}'))).toBe('ExternalName');
    expect(serviceTypeOf(service('spec: {type: LoadBalancer}'))).toBe('LoadBalancer');
  });
});

describe('serviceSelector', () => {
  it('is undefined for a missing or empty selector (the API server stores no selector)', () => {
    expect(serviceSelector(service('spec: {ports: [{port: 80}]}'))).toBeUndefined();
    expect(serviceSelector(service('spec: {selector: {}}'))).toBeUndefined();
    expect(serviceSelector(service(''))).toBeUndefined();
    expect(serviceSelector(service('spec: {selector: {app: api}}'))).toEqual({ app: 'api' });
  });

  it('is what backendsOf selects by: an empty selector selects no workload', () => {
    const text = (selector: string) => `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: ${selector}}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {containers: [{name: c}]}
`;
    const backends = (selector: string) => {
      const m = buildModel(loadTexts({ 'm.yaml': text(selector) }));
      return m.backendsOf(m.service('shop', 'api')!).map((w) => w.id);
    };
    expect(backends('{}')).toEqual([]);
    expect(backends('{app: api}')).toEqual(['shop/Pod/api']);
  });
});

describe('formatServicePorts', () => {
  it('lists port/protocol (name), defaulting the protocol to TCP', () => {
    expect(formatServicePorts(service('spec: {ports: [{name: http, port: 80}, {name: dns, port: 53, protocol: UDP}, {port: 9000}]}'))).toBe(
      '80/TCP (http), 53/UDP (dns), 9000/TCP',
    );
  });

  it('says "no ports" for a Service without any', () => {
    expect(formatServicePorts(service('spec: {ports: []}'))).toBe('no ports');
    expect(formatServicePorts(service(''))).toBe('no ports');
  });
});

describe('qualifiedName and displayName', () => {
  it('name an object as messages do', () => {
    const w = { kind: 'Deployment', namespace: 'shop', name: 'api' };
    expect(qualifiedName(w)).toBe('shop/api');
    expect(displayName(w)).toBe('Deployment shop/api');
    expect(displayName({ kind: 'HTTPRoute', namespace: 'web', name: 'storefront' })).toBe('HTTPRoute web/storefront');
  });
});

describe('isHeadless', () => {
  it('is clusterIP None, or clusterIPs starting with None', () => {
    expect(isHeadless(service('spec: {clusterIP: None, selector: {app: api}}'))).toBe(true);
    expect(isHeadless(service('spec: {clusterIPs: [None]}'))).toBe(true);
    expect(isHeadless(service('spec: {clusterIP: 10.100.0.10}'))).toBe(false);
    expect(isHeadless(service('spec: {ports: [{port: 80}]}'))).toBe(false);
    expect(isHeadless(service(''))).toBe(false);
  });
});
