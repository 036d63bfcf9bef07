import { describe, expect, it } from 'vitest';
import { formatPath, refOf } from '../core/source.js';
import { loadTexts } from '../loader/index.js';
import { buildModel } from './build.js';
import { gatewayParentRefs, ingressBackends, routeBackendRefs, routeParentRefs, serviceBackendRefs, type FieldRef } from './routes.js';

const model = (text: string) => buildModel(loadTexts({ 'm.yaml': text }));
const pathOf = (f: FieldRef) => formatPath(refOf(f.object, f.key).path);

describe('ingressBackends', () => {
  const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: web}
spec:
  defaultBackend:
    service: {name: fallback, port: {number: 80}}
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {name: http}}}
          - path: /static
            pathType: Prefix
            backend: {resource: {kind: StorageBucket, name: static}}
    - http:
        paths:
          - pathType: Prefix
            backend: {service: {name: web}}
`;

  it('gives every Service backend in document order, with the objects its name and port are read from', () => {
    const ing = model(ingress).ingresses[0]!;
    const backends = ingressBackends(ing);
    expect(backends.map((b) => [b.namespace, b.name, b.rule, b.port?.kind, b.port?.value])).toEqual([
      ['web', 'fallback', undefined, 'number', 80],
      ['web', 'api', { host: 'shop.example.com', path: '/api', pathType: 'Prefix' }, 'name', 'http'],
      ['web', 'web', { host: undefined, path: undefined, pathType: 'Prefix' }, undefined, undefined],
    ]);
    expect(backends.map((b) => pathOf(b.nameField))).toEqual([
      'spec.defaultBackend.service.name',
      'spec.rules[0].http.paths[0].backend.service.name',
      'spec.rules[1].http.paths[0].backend.service.name',
    ]);
    expect(pathOf(backends[0]!.port!.field)).toBe('spec.defaultBackend.service.port.number');
    expect(pathOf(backends[1]!.port!.field)).toBe('spec.rules[0].http.paths[0].backend.service.port.name');
  });

  it('reads v1beta1 serviceName/servicePort and the v1beta1 default `backend`', () => {
    const ing = model(`apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: old, namespace: web}
spec:
  backend: {serviceName: fallback, servicePort: 8080}
  rules:
    - http:
        paths:
          - path: /
            backend: {serviceName: web, servicePort: http}
`).ingresses[0]!;
    const backends = ingressBackends(ing);
    expect(backends.map((b) => [b.name, b.port?.kind, b.port?.value, pathOf(b.nameField), pathOf(b.port!.field)])).toEqual([
      ['fallback', 'number', 8080, 'spec.backend.serviceName', 'spec.backend.servicePort'],
      ['web', 'name', 'http', 'spec.rules[0].http.paths[0].backend.serviceName', 'spec.rules[0].http.paths[0].backend.servicePort'],
    ]);
  });

  it('gives the graph its ingress-backend edges', () => {
    const m = model(`${ingress}---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: web}
spec: {ports: [{name: http, port: 80}]}
`);
    expect(m.graph.outEdges('web/Ingress/shop')?.map((e) => [e.w, e.name])).toContainEqual(['web/Service/api', 'ingress-backend']);
  });
});

const route = (kind: string, spec: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: {name: r, namespace: shop}
spec:
${spec}`;

describe('routeParentRefs', () => {
  const r = model(
    route(
      'HTTPRoute',
      `  parentRefs:
    - {name: shared, namespace: infra, sectionName: https}
    - {name: local}
    - {group: "", kind: Service, name: mesh}
    - {group: example.com, kind: Gateway, name: custom}
`,
    ),
  ).routes[0]!;

  it('applies the defaults: group gateway.networking.k8s.io, kind Gateway, the route namespace', () => {
    expect(routeParentRefs(r).map((p) => [p.group, p.kind, p.namespace, p.name])).toEqual([
      ['gateway.networking.k8s.io', 'Gateway', 'infra', 'shared'],
      ['gateway.networking.k8s.io', 'Gateway', 'shop', 'local'],
      ['', 'Service', 'shop', 'mesh'],
      ['example.com', 'Gateway', 'shop', 'custom'],
    ]);
    expect(routeParentRefs(r)[0]!.ref.sectionName).toBe('https');
  });

  it('gatewayParentRefs keeps Gateways of the Gateway API group only', () => {
    expect(gatewayParentRefs(r).map((p) => p.name)).toEqual(['shared', 'local']);
  });

  it('gives the graph route-parent edges only to Gateway API Gateways', () => {
    const gateway = (name: string, ns: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${ns}}
spec: {gatewayClassName: x, listeners: [{name: http, port: 80, protocol: HTTP}]}
`;
    const m = model(
      [
        route('HTTPRoute', '  parentRefs: [{name: shared, namespace: infra}, {group: example.com, kind: Gateway, name: custom}]\n'),
        gateway('shared', 'infra'),
        gateway('custom', 'shop'),
      ].join('---\n'),
    );
    expect(m.graph.outEdges('shop/HTTPRoute/r')?.filter((e) => e.name === 'route-parent').map((e) => e.w)).toEqual(['infra/Gateway/shared']);
  });
});

describe('routeBackendRefs', () => {
  const mirrors = `  rules:
    - filters:
        - type: RequestMirror
          requestMirror:
            backendRef: {name: shadow, port: 80}
        - type: RequestHeaderModifier
          requestHeaderModifier: {set: [{name: x, value: y}]}
      backendRefs:
        - name: api
          port: 80
          filters:
            - type: RequestMirror
              requestMirror:
                backendRef: {name: canary, namespace: canary, port: 8080}
        - {group: multicluster.x-k8s.io, kind: ServiceImport, name: dr, port: 80}
    - backendRefs:
        - {name: api, namespace: other, port: 80}
`;

  it('gives every backend reference: backendRefs, rule mirrors and backendRef mirrors, with defaults applied', () => {
    const r = model(route('HTTPRoute', mirrors)).routes[0]!;
    const refs = routeBackendRefs(r);
    expect(refs.map((b) => [b.via, b.group, b.kind, b.namespace, b.name, b.port])).toEqual([
      ['requestMirror', '', 'Service', 'shop', 'shadow', 80],
      ['backendRef', '', 'Service', 'shop', 'api', 80],
      ['requestMirror', '', 'Service', 'canary', 'canary', 8080],
      ['backendRef', 'multicluster.x-k8s.io', 'ServiceImport', 'shop', 'dr', 80],
      ['backendRef', '', 'Service', 'other', 'api', 80],
    ]);
    expect(refs.map((b) => formatPath(refOf(b.ref, 'name').path))).toEqual([
      'spec.rules[0].filters[0].requestMirror.backendRef.name',
      'spec.rules[0].backendRefs[0].name',
      'spec.rules[0].backendRefs[0].filters[0].requestMirror.backendRef.name',
      'spec.rules[0].backendRefs[1].name',
      'spec.rules[1].backendRefs[0].name',
    ]);
    expect(refOf(refs[2]!.ref, 'namespace').region).toMatchObject({ startLine: 18, startColumn: 55, endColumn: 61 });
  });

  it('reads the mirrors of GRPCRoutes too', () => {
    const r = model(route('GRPCRoute', mirrors)).routes[0]!;
    expect(routeBackendRefs(r).filter((b) => b.via === 'requestMirror').map((b) => b.name)).toEqual(['shadow', 'canary']);
  });

  it('ignores filters on route kinds that have none (TCPRoute, TLSRoute, UDPRoute)', () => {
    for (const kind of ['TCPRoute', 'TLSRoute', 'UDPRoute']) {
      const r = model(route(kind, mirrors).replace('gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1alpha2')).routes[0]!;
      expect(routeBackendRefs(r).map((b) => b.via)).toEqual(['backendRef', 'backendRef', 'backendRef']);
    }
  });

  it('skips mirror backendRefs the loader did not check and that are malformed', () => {
    const r = model(
      route(
        'HTTPRoute',
        `  rules:
    - filters:
        - {type: RequestMirror, requestMirror: {backendRef: {port: 80}}}
        - {type: RequestMirror, requestMirror: {backendRef: {name: a, port: "80"}}}
        - {type: RequestMirror, requestMirror: {backendRef: {name: b, port: 0}}}
        - {type: RequestMirror, requestMirror: {backendRef: {name: c, namespace: 7}}}
        - {type: RequestMirror, requestMirror: {backendRef: [x]}}
        - {type: RequestMirror, requestMirror: nope}
        - {type: RequestMirror}
        - nope
        - {type: RequestMirror, requestMirror: {backendRef: {name: ok}}}
`,
      ),
    ).routes[0]!;
    expect(routeBackendRefs(r).map((b) => [b.name, b.port])).toEqual([['ok', undefined]]);
  });

  it('serviceBackendRefs keeps references to core Services', () => {
    const r = model(route('HTTPRoute', mirrors)).routes[0]!;
    expect(serviceBackendRefs(r).map((b) => `${b.namespace}/${b.name}`)).toEqual(['shop/shadow', 'shop/api', 'canary/canary', 'other/api']);
  });

  it('gives the graph route-backend edges for mirrors as for backendRefs', () => {
    const svc = (name: string, ns: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {ports: [{port: 80}]}\n`;
    const m = model([route('HTTPRoute', mirrors), svc('shadow', 'shop'), svc('canary', 'canary'), svc('api', 'shop')].join('---\n'));
    const targets = m.graph.outEdges('shop/HTTPRoute/r')?.filter((e) => e.name === 'route-backend').map((e) => e.w).sort();
    expect(targets).toEqual(['canary/Service/canary', 'shop/Service/api', 'shop/Service/shadow']);
  });
});
