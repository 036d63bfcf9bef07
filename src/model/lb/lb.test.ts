import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTexts } from '../../loader/index.js';
import { buildModel } from '../build.js';
import type { Model } from '../types.js';
import { clientIpPreserved, loadBalancersOf, parseListenPorts, serviceLoadBalancer } from './index.js';

const model = (...docs: string[]): Model => buildModel(loadTexts({ 'in.yaml': docs.join('\n---\n') }));

const A = 'alb.ingress.kubernetes.io/';

/** An Ingress with annotations, a class, and one rule to Service `web` port 80 (or `use-annotation`). */
function ingress(name: string, annotations: Record<string, string> = {}, opts: { cls?: string | null; ns?: string; path?: string; backend?: string; tls?: boolean } = {}): string {
  const cls = opts.cls === undefined ? 'alb' : opts.cls;
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${opts.ns ?? 'shop'}`,
    ...(Object.keys(annotations).length > 0 ? ['  annotations:', ...Object.entries(annotations).map(([k, v]) => `    ${k}: '${v}'`)] : []),
    'spec:',
    ...(cls === null ? [] : [`  ingressClassName: ${cls}`]),
    ...(opts.tls ? ['  tls:', '    - hosts: [shop.example.com]'] : []),
    '  rules:',
    '    - http:',
    '        paths:',
    `          - path: ${opts.path ?? '/'}`,
    '            pathType: Prefix',
    `            backend: { service: { name: ${opts.backend ?? 'web'}, port: { ${opts.backend === 'redirect' ? 'name: use-annotation' : 'number: 80'} } } }`,
  ].join('\n');
}

function service(name: string, annotations: Record<string, string> = {}, spec: string[] = ['  type: NodePort']): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop',
    ...(Object.keys(annotations).length > 0 ? ['  annotations:', ...Object.entries(annotations).map(([k, v]) => `    ${k}: '${v}'`)] : []),
    'spec:',
    ...spec,
    '  selector: { app: web }',
    '  ports:',
    '    - { name: http, port: 80, targetPort: 8080 }',
  ].join('\n');
}

const ingressClass = (name: string, controller: string, extra: string[] = []) =>
  ['apiVersion: networking.k8s.io/v1', 'kind: IngressClass', 'metadata:', `  name: ${name}`, ...extra, 'spec:', `  controller: ${controller}`].join('\n');

describe('ALB class resolution', () => {
  it('takes ingressClassName alb (the Helm chart class) when the input does not declare it', () => {
    expect(loadBalancersOf(model(ingress('web'))).all.map((lb) => lb.id)).toEqual(['Ingress/shop/web']);
  });

  it('follows a declared IngressClass to its controller', () => {
    expect(loadBalancersOf(model(ingressClass('public', 'ingress.k8s.aws/alb'), ingress('web', {}, { cls: 'public' }))).all).toHaveLength(1);
    expect(loadBalancersOf(model(ingressClass('alb', 'k8s.io/ingress-nginx'), ingress('web'))).all).toHaveLength(0);
  });

  it('reads the deprecated kubernetes.io/ingress.class annotation', () => {
    expect(loadBalancersOf(model(ingress('web', { 'kubernetes.io/ingress.class': 'alb' }, { cls: null }))).all).toHaveLength(1);
    expect(loadBalancersOf(model(ingress('web', { 'kubernetes.io/ingress.class': 'nginx' }, { cls: null }))).all).toHaveLength(0);
  });

  it('takes a classless Ingress when the one default IngressClass is the controller’s', () => {
    const dflt = ingressClass('alb-default', 'ingress.k8s.aws/alb', ['  annotations:', "    ingressclass.kubernetes.io/is-default-class: 'true'"]);
    expect(loadBalancersOf(model(dflt, ingress('web', {}, { cls: null }))).all).toHaveLength(1);
    expect(loadBalancersOf(model(ingress('web', {}, { cls: null }))).all).toHaveLength(0);
  });

  it('lets IngressClassParams override the annotations and keep other namespaces out', () => {
    const cls = ingressClass('params', 'ingress.k8s.aws/alb').replace('spec:\n', 'spec:\n  parameters: { apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: p }\n');
    const params = [
      'apiVersion: elbv2.k8s.aws/v1beta1',
      'kind: IngressClassParams',
      'metadata:',
      '  name: p',
      'spec:',
      '  scheme: internet-facing',
      '  group: { name: edge }',
      '  namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: shop } }',
    ].join('\n');
    const m = model(cls, params, ingress('web', { [`${A}scheme`]: 'internal' }, { cls: 'params' }), ingress('other', {}, { cls: 'params', ns: 'blog' }));
    const [lb, ...rest] = loadBalancersOf(m).all;
    expect(rest).toEqual([]);
    expect(lb!.id).toBe('IngressGroup/edge');
    expect(lb!.scheme.value).toBe('internet-facing');
    expect(lb!.members.map((x) => x.ingress.name)).toEqual(['web']);
  });
});

describe('IngressGroups', () => {
  it('puts Ingresses of one group.name on one ALB, ordered by group.order then namespace/name', () => {
    const m = model(ingress('b', { [`${A}group.name`]: 'g' }), ingress('a', { [`${A}group.name`]: 'g' }), ingress('z', { [`${A}group.name`]: 'g', [`${A}group.order`]: '-5' }), ingress('solo'));
    const lbs = loadBalancersOf(m).all;
    expect(lbs.map((lb) => lb.id)).toEqual(['Ingress/shop/solo', 'IngressGroup/g']);
    expect(lbs[1]!.members.map((x) => [x.ingress.name, x.order, x.explicitOrder?.value])).toEqual([
      ['z', -5, -5],
      ['a', 0, undefined],
      ['b', 0, undefined],
    ]);
  });

  it('merges listeners across members and lets stated inbound-cidrs replace the default of a shared port', () => {
    const m = model(
      ingress('a', { [`${A}group.name`]: 'g', [`${A}listen-ports`]: '[{"HTTP": 80}, {"HTTPS": 443}]' }),
      ingress('b', { [`${A}group.name`]: 'g', [`${A}listen-ports`]: '[{"HTTPS": 443}]', [`${A}inbound-cidrs`]: '10.0.0.0/8' }),
    );
    const [lb] = loadBalancersOf(m).all;
    expect(lb!.listeners.map((l) => `${l.protocol}:${l.port}`)).toEqual(['HTTP:80', 'HTTPS:443']);
    expect(lb!.inbound.map((i) => [i.cidrs, i.ports, i.default ?? false])).toEqual([
      [['10.0.0.0/8'], [443], false],
      [['0.0.0.0/0'], [80], true],
    ]);
  });

  it('drops the inbound list when security groups are stated (they decide the clients)', () => {
    const [lb] = loadBalancersOf(model(ingress('a', { [`${A}security-groups`]: 'sg-1', [`${A}inbound-cidrs`]: '10.0.0.0/8' }))).all;
    expect(lb!.inbound).toEqual([]);
    expect(lb!.manageBackendSecurityGroupRules.value).toBe(false);
  });
});

describe('ALB defaults and precedence', () => {
  it('defaults to an internal ALB with an HTTP 80 listener, instance targets and traffic-port health checks', () => {
    const [lb] = loadBalancersOf(model(ingress('web'), service('web'))).all;
    expect([lb!.scheme.value, lb!.ipAddressType.value]).toEqual(['internal', 'ipv4']);
    expect(lb!.listeners.map((l) => `${l.protocol}:${l.port}`)).toEqual(['HTTP:80']);
    const tg = lb!.targetGroups[0]!;
    expect([tg.targetType.value, tg.healthCheck.port.value, tg.healthCheck.protocol.value, tg.healthCheck.path?.value]).toEqual(['instance', 'traffic-port', 'HTTP', '/']);
  });

  it('listens on HTTPS 443 by default only with explicit certificate ARNs, not for spec.tls (preferTLS)', () => {
    const listeners = (m: Model) => loadBalancersOf(m).all[0]!.listeners.map((l) => `${l.protocol}:${l.port}`);
    expect(listeners(model(ingress('web', {}, { tls: true })))).toEqual(['HTTP:80']);
    expect(listeners(model(ingress('web', { [`${A}certificate-arn`]: 'arn:aws:acm:eu-west-1:111122223333:certificate/abc' })))).toEqual(['HTTPS:443']);
    expect(listeners(model(ingress('web', { [`${A}certificate-arn`]: '' }, { tls: true })))).toEqual(['HTTP:80']);
    const cls = ingressClass('params', 'ingress.k8s.aws/alb').replace('spec:\n', 'spec:\n  parameters: { apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: p }\n');
    const params = (certs: string) => ['apiVersion: elbv2.k8s.aws/v1beta1', 'kind: IngressClassParams', 'metadata:', '  name: p', 'spec:', `  certificateArn: ${certs}`].join('\n');
    expect(listeners(model(cls, params('[arn:aws:acm:eu-west-1:111122223333:certificate/abc]'), ingress('web', {}, { cls: 'params' })))).toEqual(['HTTPS:443']);
    expect(listeners(model(cls, params('[]'), ingress('web', {}, { cls: 'params' })))).toEqual(['HTTP:80']);
  });

  it('reads target-group annotations from the Service before the Ingress', () => {
    const m = model(
      ingress('web', { [`${A}target-type`]: 'instance', [`${A}healthcheck-port`]: '9090' }),
      service('web', { [`${A}target-type`]: 'ip', [`${A}target-group-attributes`]: 'stickiness.enabled=true' }),
    );
    const tg = loadBalancersOf(m).all[0]!.targetGroups[0]!;
    expect(tg.targetType.value).toBe('ip');
    expect(tg.targetType.why).toContain('Service shop/web');
    expect(tg.healthCheck.port.value).toBe(9090);
    expect(tg.attributes?.values).toEqual({ 'stickiness.enabled': 'true' });
  });

  it('follows use-annotation backends to the Services of the forward action', () => {
    const action = JSON.stringify({ type: 'forward', forwardConfig: { targetGroups: [{ serviceName: 'web', servicePort: '80', weight: 100 }] } });
    const m = model(ingress('web', { [`${A}actions.redirect`]: action }, { backend: 'redirect' }), service('web'));
    const tg = loadBalancersOf(m).all[0]!.targetGroups[0]!;
    expect([tg.serviceName, tg.portRef, tg.port?.name]).toEqual(['web', 80, 'http']);
  });
});

describe('controller semantics (review fixes)', () => {
  it('lets the kubernetes.io/ingress.class annotation win over spec.ingressClassName (classifyIngress)', () => {
    expect(loadBalancersOf(model(ingress('web', { 'kubernetes.io/ingress.class': 'nginx' }))).all).toHaveLength(0);
    const m = model(ingressClass('public', 'k8s.io/ingress-nginx'), ingress('web', { 'kubernetes.io/ingress.class': 'alb' }, { cls: 'public' }));
    const [lb] = loadBalancersOf(m).all;
    expect(lb!.members[0]!.classAt.path).toEqual(['metadata', 'annotations', 'kubernetes.io/ingress.class']);
  });

  it('ignores IngressClassParams when the class annotation matches (no IngressClass, so no params)', () => {
    const cls = ingressClass('params', 'ingress.k8s.aws/alb').replace('spec:\n', 'spec:\n  parameters: { apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: p }\n');
    const params = ['apiVersion: elbv2.k8s.aws/v1beta1', 'kind: IngressClassParams', 'metadata:', '  name: p', 'spec:', '  scheme: internet-facing'].join('\n');
    const [lb] = loadBalancersOf(model(cls, params, ingress('web', { 'kubernetes.io/ingress.class': 'alb' }, { cls: 'params' }))).all;
    expect(lb!.scheme.value).toBe('internal');
  });

  it('makes one target group per Ingress × Service port, with that Ingress’s routes and annotations', () => {
    const m = model(
      ingress('a', { [`${A}group.name`]: 'g', [`${A}target-type`]: 'ip' }),
      ingress('b', { [`${A}group.name`]: 'g', [`${A}target-type`]: 'instance' }, { path: '/b' }),
      service('web'),
    );
    const [lb] = loadBalancersOf(m).all;
    expect(lb!.targetGroups.map((tg) => [tg.routes.map((r) => r.ingress?.name), tg.targetType.value])).toEqual([
      [['a'], 'ip'],
      [['b'], 'instance'],
    ]);
  });

  it('treats an empty security-groups annotation as no stated groups (ALB and Service)', () => {
    const [alb] = loadBalancersOf(model(ingress('a', { [`${A}security-groups`]: '' }))).all;
    expect([alb!.securityGroups, alb!.inbound.map((i) => i.cidrs)]).toEqual([undefined, [['0.0.0.0/0']]]);
    const nlb = loadBalancersOf(model(service('web', { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external', 'service.beta.kubernetes.io/aws-load-balancer-security-groups': ' , ' }, ['  type: LoadBalancer']))).all[0]!;
    expect([nlb.securityGroups, nlb.manageBackendSecurityGroupRules.value]).toEqual([undefined, true]);
  });

  it('admits the prefix lists instead of the 0.0.0.0/0 default (ALB and NLB)', () => {
    const [alb] = loadBalancersOf(model(ingress('a', { [`${A}security-group-prefix-lists`]: 'pl-00000000000000001' }))).all;
    expect(alb!.inbound.map((i) => [i.cidrs, i.prefixLists, i.default ?? false])).toEqual([[[], ['pl-00000000000000001'], false]]);
    const nlb = loadBalancersOf(
      model(service('web', { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external', 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing', 'service.beta.kubernetes.io/aws-load-balancer-security-group-prefix-lists': 'pl-1,pl-2' }, ['  type: LoadBalancer'])),
    ).all[0]!;
    expect(nlb.inbound.map((i) => [i.cidrs, i.prefixLists])).toEqual([[[], ['pl-1', 'pl-2']]]);
  });

  it('does not count empty IngressClassParams inboundCIDRs or subnets.ids as stated', () => {
    const cls = ingressClass('params', 'ingress.k8s.aws/alb').replace('spec:\n', 'spec:\n  parameters: { apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: p }\n');
    const params = ['apiVersion: elbv2.k8s.aws/v1beta1', 'kind: IngressClassParams', 'metadata:', '  name: p', 'spec:', '  inboundCIDRs: []', '  subnets: { ids: [] }'].join('\n');
    const [lb] = loadBalancersOf(model(cls, params, ingress('web', { [`${A}inbound-cidrs`]: '10.0.0.0/8', [`${A}subnets`]: 'subnet-0a' }, { cls: 'params' }))).all;
    expect(lb!.inbound.map((i) => i.cidrs)).toEqual([['10.0.0.0/8']]);
    expect(lb!.subnets?.names).toEqual(['subnet-0a']);
  });

  it('defaults the health check protocol to the backend protocol and rejects other backend protocols', () => {
    const https = loadBalancersOf(model(ingress('web'), service('web', { [`${A}backend-protocol`]: 'HTTPS' }))).all[0]!.targetGroups[0]!;
    expect(https.healthCheck.protocol.value).toBe('HTTPS');
    expect(https.healthCheck.protocol.why).toContain('backend-protocol: HTTPS');
    const found = loadBalancersOf(model(ingress('web', { [`${A}backend-protocol`]: 'TCP', [`${A}backend-protocol-version`]: 'http2' }), service('web')));
    expect(found.problems.map((p) => p.message)).toEqual([`${A}backend-protocol: "TCP" is not HTTP or HTTPS`, `${A}backend-protocol-version: "http2" is not HTTP1, HTTP2 or GRPC`]);
    expect(found.reconciled).toEqual([]);
  });

  it('falls back to instance targets for an NLB target type other than ip (buildTargetType), without a problem', () => {
    const m = model(service('web', { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external', 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'IP' }, ['  type: LoadBalancer']));
    const found = loadBalancersOf(m);
    expect(found.problems).toEqual([]);
    expect(found.all[0]!.targetGroups[0]!.targetType).toMatchObject({ value: 'instance', why: expect.stringContaining('"IP" is not "ip"') });
  });
});

describe('the controller of a LoadBalancer Service without a class', () => {
  const plain = service('web', {}, ['  type: LoadBalancer']);
  const controllerOf = (m: Model, serviceController: 'auto' | 'aws-load-balancer-controller' | 'in-tree' = 'auto') =>
    loadBalancersOf(m, { serviceController }).all.find((lb) => lb.id === 'Service/shop/web')?.controller;
  const deployment = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: aws-load-balancer-controller', '  namespace: kube-system', 'spec:', '  selector: { matchLabels: { app: lbc } }', '  template:', '    metadata: { labels: { app: lbc } }', '    spec: { containers: [{ name: c, image: lbc }] }'].join('\n');

  it('auto: the in-tree provider when nothing shows the AWS Load Balancer Controller', () => {
    expect(controllerOf(model(plain))).toBe('in-tree');
  });

  it('auto: the AWS Load Balancer Controller (its webhook sets the class) when the input shows it', () => {
    for (const sign of [deployment, ingressClass('alb', 'ingress.k8s.aws/alb'), ingress('web'), service('other', { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' }, ['  type: LoadBalancer'])]) {
      const m = model(plain.replace('name: web', 'name: web'), sign);
      expect(controllerOf(m)).toBe('aws-load-balancer-controller');
    }
    const lb = loadBalancersOf(model(plain, deployment)).all.find((x) => x.id === 'Service/shop/web')!;
    expect([lb.kind, lb.scheme.value]).toEqual(['NLB', 'internal']);
    expect(lb.scheme.why).toContain('Deployment kube-system/aws-load-balancer-controller');
    expect(lb.decidedBy.map((r) => r.message)).toContainEqual(expect.stringContaining('whose webhook sets loadBalancerClass service.k8s.aws/nlb'));
  });

  it('auto: the in-tree provider when the controller’s webhook configuration has no Service webhook', () => {
    const webhooks = (names: string[]) =>
      ['apiVersion: admissionregistration.k8s.io/v1', 'kind: MutatingWebhookConfiguration', 'metadata:', '  name: aws-load-balancer-webhook', 'webhooks:', ...names.map((n) => `  - { name: ${n}, clientConfig: { service: { namespace: kube-system, name: aws-load-balancer-webhook-service } } }`)].join('\n');
    expect(controllerOf(model(plain, deployment, webhooks(['mpod.elbv2.k8s.aws'])))).toBe('in-tree');
    expect(controllerOf(model(plain, webhooks(['mpod.elbv2.k8s.aws', 'mservice.elbv2.k8s.aws'])))).toBe('aws-load-balancer-controller');
  });

  it('follows netreach.yaml loadBalancers.serviceController, and leaves Services of another class and the controller’s own alone', () => {
    expect(controllerOf(model(plain), 'aws-load-balancer-controller')).toBe('aws-load-balancer-controller');
    expect(controllerOf(model(plain, deployment), 'in-tree')).toBe('in-tree');
    const own = service('web', {}, ['  type: LoadBalancer']).replace('  namespace: shop', '  namespace: shop\n  labels: { app.kubernetes.io/name: aws-load-balancer-controller }');
    expect(controllerOf(model(own), 'aws-load-balancer-controller')).toBe('in-tree');
    expect(controllerOf(model(service('web', {}, ['  type: LoadBalancer', '  loadBalancerClass: example.com/metal'])), 'aws-load-balancer-controller')).toBeUndefined();
  });
});

describe('Service load balancers', () => {
  const lbc = { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' };
  const svc = (annotations: Record<string, string>, spec: string[] = ['  type: LoadBalancer']) => model(service('web', annotations, spec)).services[0]!;

  it('tells the AWS Load Balancer Controller from the in-tree provider', () => {
    expect(serviceLoadBalancer(svc(lbc))).toMatchObject({ controller: 'aws-load-balancer-controller', kind: 'NLB', scheme: { value: 'internal' }, targetType: { value: 'instance' } });
    expect(serviceLoadBalancer(svc({}))).toMatchObject({ controller: 'in-tree', kind: 'CLB', scheme: { value: 'internet-facing' } });
    expect(serviceLoadBalancer(svc({}, ['  type: LoadBalancer', '  loadBalancerClass: example.com/metal']))).toBeUndefined();
    expect(serviceLoadBalancer(svc({}, ['  type: LoadBalancer', '  loadBalancerClass: service.k8s.aws/nlb']))?.controller).toBe('aws-load-balancer-controller');
  });

  it('keeps client addresses for instance targets and UDP, not for TCP ip targets', () => {
    const port = { port: 80 };
    expect(clientIpPreserved(serviceLoadBalancer(svc(lbc))!, port).preserved).toBe(true);
    expect(clientIpPreserved(serviceLoadBalancer(svc({ ...lbc, 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' }))!, port).preserved).toBe(false);
    expect(clientIpPreserved(serviceLoadBalancer(svc({}))!, port).preserved).toBe(false);
  });

  it('records the values the controller rejects instead of making a load balancer', () => {
    const m = model(service('web', { ...lbc, 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'public' }, ['  type: LoadBalancer']));
    const found = loadBalancersOf(m);
    expect(found.all).toEqual([]);
    expect(found.problems.map((p) => p.message)).toEqual(['service.beta.kubernetes.io/aws-load-balancer-scheme: "public" is not internal or internet-facing']);
  });
});

describe('parseListenPorts', () => {
  it('reads the controller’s JSON list of one-key objects', () => {
    expect(parseListenPorts('[{"HTTP": 80}, {"HTTPS": 443}]')).toEqual([
      { port: 80, protocol: 'HTTP' },
      { port: 443, protocol: 'HTTPS' },
    ]);
    // A port listed again takes the later protocol (the controller keeps a map port → protocol).
    expect(parseListenPorts('[{"HTTP": 8080}, {"HTTPS": 8080}]')).toEqual([{ port: 8080, protocol: 'HTTPS' }]);
  });

  it.each([
    ['HTTP:80', 'is not JSON'],
    ['[]', 'empty listen-ports configuration'],
    ['null', 'empty listen-ports configuration'],
    ['{"HTTP": 80}', 'expected a JSON list'],
    ['[{"HTTP": "80"}]', 'is not an integer'],
    ['[{"HTTP": 0}]', 'within [1, 65535]'],
    ['[{"TCP": 80}]', 'must be HTTP or HTTPS'],
    ['[80]', 'expected objects'],
  ])('rejects %s', (raw, why) => {
    const parsed = parseListenPorts(raw);
    expect(typeof parsed).toBe('string');
    expect(parsed).toContain(why);
  });

  it('never throws, and returns ports 1-65535 with HTTP or HTTPS, each once', () => {
    const entry = fc.dictionary(fc.oneof(fc.constantFrom('HTTP', 'HTTPS', 'TCP'), fc.string()), fc.oneof(fc.integer({ min: -5, max: 70000 }), fc.string(), fc.double(), fc.constant(null)));
    const raw = fc.oneof(fc.string(), fc.json(), fc.array(fc.oneof(entry, fc.constant(null), fc.integer())).map((v) => JSON.stringify(v)));
    fc.assert(
      fc.property(raw, (text) => {
        const parsed = parseListenPorts(text);
        if (typeof parsed === 'string') return parsed.length > 0;
        const ports = parsed.map((l) => l.port);
        // `[{}]` or `[null]` is no error for the controller (Go unmarshals it to an empty map): no listener.
        return (
          new Set(ports).size === ports.length &&
          parsed.every((l) => Number.isInteger(l.port) && l.port >= 1 && l.port <= 65535 && (l.protocol === 'HTTP' || l.protocol === 'HTTPS'))
        );
      }),
    );
  });
});
