import { describe, expect, it } from 'vitest';
import { refOf } from '../core/source.js';
import { loadTexts } from '../loader/index.js';
import { buildModel } from './build.js';
import { podContainers, podPorts, protocolOf, SERVING_CONTAINERS, type ContainerSelection } from './ports.js';

describe('protocolOf', () => {
  it('defaults to TCP, as the API server does', () => {
    expect(protocolOf({})).toBe('TCP');
    expect(protocolOf({ protocol: undefined })).toBe('TCP');
    expect(protocolOf({ protocol: 'UDP' })).toBe('UDP');
    expect(protocolOf({ protocol: 'SCTP' })).toBe('SCTP');
  });
});

// One pod with a plain init container, a native sidecar and two app containers, written containers-first.
const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: app
          ports:
            - {name: http, containerPort: 8080}
            - {containerPort: 9090, protocol: UDP, hostPort: 9090, hostIP: 10.0.0.1}
        - name: worker
      initContainers:
        - name: migrate
          ports: [{name: migrate, containerPort: 5000}]
        - name: proxy
          restartPolicy: Always
          ports: [{name: proxy, containerPort: 15001}]
        - ports: [{containerPort: 7000}]
`;

const spec = () => buildModel(loadTexts({ 'd.yaml': deployment })).workloads.find((w) => w.name === 'api')!.template.spec;
const names = (select?: ContainerSelection) => podContainers(spec(), select).map((c) => c.name);

describe('podContainers', () => {
  it('takes every container in API order (initContainers, then containers) by default', () => {
    expect(podContainers(spec()).map((c) => [c.name, c.list, c.sidecar])).toEqual([
      ['migrate', 'initContainers', false],
      ['proxy', 'initContainers', true],
      ['initContainers[2]', 'initContainers', false],
      ['app', 'containers', false],
      ['worker', 'containers', false],
    ]);
  });

  it('serving: app containers, then native sidecars, as the endpoints controller searches them', () => {
    expect(names(SERVING_CONTAINERS)).toEqual(['app', 'worker', 'proxy']);
  });

  it('selects app containers, native sidecars and plain init containers independently', () => {
    expect(names({ sidecars: false, initContainers: false })).toEqual(['app', 'worker']);
    expect(names({ containers: false })).toEqual(['migrate', 'proxy', 'initContainers[2]']);
    expect(names({ containers: false, sidecars: false })).toEqual(['migrate', 'initContainers[2]']);
    expect(names({ initContainers: false })).toEqual(['proxy', 'app', 'worker']);
    expect(names({ containers: false, sidecars: false, initContainers: false })).toEqual([]);
  });

  it('is empty for a missing spec and skips entries that are not objects', () => {
    expect(podContainers(undefined)).toEqual([]);
    const odd = { containers: [null, 'x', { name: 'ok' }] } as never;
    expect(podContainers(odd).map((c) => c.name)).toEqual(['ok']);
  });
});

describe('podPorts', () => {
  it('applies the API defaults and keeps the declared object for locations', () => {
    const ports = podPorts(podContainers(spec(), SERVING_CONTAINERS));
    expect(ports.map((p) => [p.owner.name, p.name, p.containerPort, p.protocol, p.hostPort, p.hostIP])).toEqual([
      ['app', 'http', 8080, 'TCP', 0, ''],
      ['app', undefined, 9090, 'UDP', 9090, '10.0.0.1'],
      ['proxy', 'proxy', 15001, 'TCP', 0, ''],
    ]);
    expect(refOf(ports[0]!.port, 'containerPort').region).toMatchObject({ startLine: 12, startColumn: 43, endColumn: 47 });
  });

  it('skips ports without a valid containerPort', () => {
    const odd = { containers: [{ name: 'c', ports: [{ containerPort: 0 }, { containerPort: 'http' }, 'x', { containerPort: 80, name: '' }] }] } as never;
    expect(podPorts(podContainers(odd)).map((p) => [p.containerPort, p.name])).toEqual([[80, undefined]]);
  });
});
