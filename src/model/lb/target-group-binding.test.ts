import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../loader/index.js';
import { buildModel } from '../build.js';
import type { Model } from '../types.js';
import { bindingName, targetGroupBindings } from './target-group-binding.js';

const model = (...docs: string[]): Model => buildModel(loadTexts({ 'in.yaml': docs.join('\n---\n') }));

const service = [
  'apiVersion: v1',
  'kind: Service',
  'metadata: { name: web, namespace: shop }',
  'spec:',
  '  type: NodePort',
  '  selector: { app: web }',
  '  ports:',
  '    - { name: http, port: 80, targetPort: 8080 }',
  '    - { name: admin, port: 9000, targetPort: 9000 }',
].join('\n');

function binding(spec: string[], metadata: string[] = []): string {
  return ['apiVersion: elbv2.k8s.aws/v1beta1', 'kind: TargetGroupBinding', 'metadata:', '  name: web', '  namespace: shop', ...metadata, 'spec:', ...spec].join('\n');
}

const full = binding([
  '  targetGroupARN: arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef',
  '  targetType: ip',
  '  serviceRef: { name: web, port: 80 }',
  '  networking:',
  '    ingress:',
  '      - from:',
  '          - ipBlock: { cidr: 10.0.0.0/24 }',
  '          - securityGroup: { groupID: sg-0123456789abcdef0 }',
  '          - {}',
  '        ports:',
  '          - { port: 8080 }',
  '          - { protocol: UDP, port: http }',
  '          - { protocol: TCP }',
  '      - from:',
  '          - ipBlock: { cidr: 10.0.1.0/24 }',
]);

describe('targetGroupBindings', () => {
  it('reads the binding with its Service, Service port, target type and networking rules, each with its place', () => {
    const m = model(service, full);
    const [b, ...more] = targetGroupBindings(m);
    expect(more).toEqual([]);
    expect(b).toMatchObject({
      id: 'shop/TargetGroupBinding/web',
      fqn: 'elbv2.k8s.aws/v1beta1/shop/TargetGroupBinding/web',
      name: 'web',
      namespace: 'shop',
      targetGroup: { arn: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/0123456789abcdef' },
      targetType: { value: 'ip', at: { path: ['spec', 'targetType'], region: { startLine: 18, startColumn: 15 } } },
      serviceRef: { name: 'web', port: 80, nameAt: { region: { startLine: 19, startColumn: 23 } }, portAt: { region: { startLine: 19, startColumn: 34 } } },
      servicePort: { name: 'http', port: 80 },
    });
    expect(b!.service?.id).toBe('shop/Service/web');
    expect(bindingName(b!)).toBe('TargetGroupBinding shop/web');
    const [first, second] = b!.networking;
    expect(first!.peers.map((p) => [p.kind, p.cidr ?? p.groupId ?? '', p.at.region.startLine, p.at.region.startColumn])).toEqual([
      ['ipBlock', '10.0.0.0/24', 23, 30],
      ['securityGroup', 'sg-0123456789abcdef0', 24, 39],
      ['none', '', 25, 13],
    ]);
    expect(first!.ports.map((p) => [p.protocol, p.port ?? 'all', p.at.region.startLine])).toEqual([
      ['TCP', 8080, 27],
      ['UDP', 'http', 28],
      ['TCP', 'all', 29],
    ]);
    expect(second).toMatchObject({ index: 1, ports: [], peers: [{ kind: 'ipBlock', cidr: '10.0.1.0/24' }] });
  });

  it('looks the port up as the controller does: a number is a Service port, a string a port name', () => {
    const byName = targetGroupBindings(model(service, binding(['  serviceRef: { name: web, port: admin }'])))[0]!;
    expect(byName.servicePort).toMatchObject({ name: 'admin', port: 9000 });
    // 8080 is a target port, not a Service port; "80" quoted is a name no port has.
    expect(targetGroupBindings(model(service, binding(['  serviceRef: { name: web, port: 8080 }'])))[0]!.servicePort).toBeUndefined();
    expect(targetGroupBindings(model(service, binding(['  serviceRef: { name: web, port: "80" }'])))[0]!.servicePort).toBeUndefined();
  });

  it('leaves the target type, the Service and the port unknown when the input does not state them', () => {
    const b = targetGroupBindings(model(binding(['  targetGroupName: web', '  serviceRef: { name: web, port: 80 }'])))[0]!;
    expect(b.targetType).toBeUndefined();
    expect(b.service).toBeUndefined();
    expect(b.servicePort).toBeUndefined();
    expect(b.targetGroup).toMatchObject({ name: 'web' });
    expect(b.networking).toEqual([]);
  });

  it('marks bindings the controller made for an Ingress or a Service', () => {
    const made = binding(['  targetType: instance', '  serviceRef: { name: web, port: 80 }'], ['  labels:', '    ingress.k8s.aws/stack-name: web', '    ingress.k8s.aws/stack-namespace: shop']);
    expect(targetGroupBindings(model(made))[0]!.generatedBy).toEqual({ label: 'ingress.k8s.aws/stack-name', value: 'web' });
    expect(targetGroupBindings(model(full))[0]!.generatedBy).toBeUndefined();
  });

  it('keeps one binding per name (the definition that wins), sorted by id, and reads a model once', () => {
    const other = binding(['  serviceRef: { name: api, port: 80 }']).replace('name: web\n  namespace: shop', 'name: api\n  namespace: shop');
    const m = model(full, binding(['  serviceRef: { name: web, port: 9000 }']), other);
    const list = targetGroupBindings(m);
    expect(list.map((b) => b.id)).toEqual(['shop/TargetGroupBinding/api', 'shop/TargetGroupBinding/web']);
    expect(targetGroupBindings(m)).toBe(list);
  });

  it('keeps no peer address for a CIDR the loader rejects', () => {
    const bad = binding(['  targetType: ip', '  serviceRef: { name: web, port: 80 }', '  networking:', '    ingress:', '      - from: [{ ipBlock: { cidr: 10.0.0.0/33 } }]', '        ports: [{ port: 0 }]']);
    for (const b of targetGroupBindings(model(service, bad))) for (const r of b.networking) expect(r.peers.filter((p) => p.cidr !== undefined)).toEqual([]);
  });

  it('drops a binding the loader rejects (no serviceRef) without throwing', () => {
    expect(targetGroupBindings(model(binding(['  targetType: ip'])))).toEqual([]);
  });
});
