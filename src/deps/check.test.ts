import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/load.js';
import { reachabilityFor } from '../engine/shared.js';
import { loadTexts } from '../loader/index.js';
import { buildModel } from '../model/build.js';
import { checkDependency } from './check.js';
import { declaredDependencies } from './infer.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

const deployment = (name: string, env: Record<string, string>, extra: { port?: number; portName?: string; replicas?: number; hostNetwork?: boolean; dnsPolicy?: string } = {}) =>
  lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: { name: ${name}, namespace: shop }`,
    'spec:',
    ...(extra.replicas !== undefined ? [`  replicas: ${extra.replicas}`] : []),
    `  selector: { matchLabels: { app: ${name} } }`,
    '  template:',
    `    metadata: { labels: { app: ${name} } }`,
    '    spec:',
    ...(extra.hostNetwork ? ['      hostNetwork: true'] : []),
    ...(extra.dnsPolicy ? [`      dnsPolicy: ${extra.dnsPolicy}`] : []),
    '      containers:',
    `        - name: c`,
    `          image: ${name}:1`,
    ...(extra.port !== undefined ? [`          ports: [{ containerPort: ${extra.port}${extra.portName ? `, name: ${extra.portName}` : ''} }]`] : []),
    ...(Object.keys(env).length > 0 ? ['          env:', ...Object.entries(env).map(([k, v]) => `            - { name: ${k}, value: "${v}" }`)] : []),
  );

const service = (name: string, spec: string) => lines('apiVersion: v1', 'kind: Service', `metadata: { name: ${name}, namespace: shop }`, `spec: ${spec}`);

const policy = (name: string, spec: string) => lines('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', `metadata: { name: ${name}, namespace: shop }`, `spec: ${spec}`);

/** Each dependency of the shop as `VARIABLE status: why`. */
function verdicts(...docs: string[]): Record<string, string> {
  const model = buildModel(loadTexts({ 'shop.yaml': docs.join('---\n') }));
  const reach = reachabilityFor(model, defaultConfig());
  const out: Record<string, string> = {};
  for (const dep of declaredDependencies(model)) {
    const check = checkDependency(dep, reach);
    out[`${dep.workload.name} ${dep.value.via}`] = `${check.status}: ${check.why}`;
  }
  return out;
}

describe('checkDependency', () => {
  it('allowed, blocked and partial against the policies of both ends, after DNAT', () => {
    const v = verdicts(
      deployment('web', { CART: 'cart:80', AUDIT: 'audit:9000', BOTH: 'both:80' }),
      deployment('cart', {}, { port: 7070 }),
      deployment('audit', {}, { port: 9000 }),
      deployment('both-a', {}, { port: 8080 }).replace(/app: both-a/g, 'app: both-a, tier: both'),
      deployment('both-b', {}, { port: 8080 }).replace(/app: both-b/g, 'app: both-b, tier: both'),
      service('cart', '{ selector: { app: cart }, ports: [{ port: 80, targetPort: 7070 }] }'),
      service('audit', '{ selector: { app: audit }, ports: [{ port: 9000 }] }'),
      service('both', '{ selector: { tier: both }, ports: [{ port: 80, targetPort: 8080 }] }'),
      // audit admits nobody; both-b admits only its sibling; cart admits web on the target port.
      policy('audit', '{ podSelector: { matchLabels: { app: audit } }, policyTypes: [Ingress] }'),
      policy('cart', '{ podSelector: { matchLabels: { app: cart } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 7070 }] }] }'),
      policy('both-b', '{ podSelector: { matchLabels: { app: both-b } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: both-a } } }] }] }'),
    );
    expect(v).toEqual({
      'web env CART': 'allowed: egress not isolated; ingress allowed by NetworkPolicy shop/cart',
      'web env AUDIT': "blocked: the backend's ingress (isolated by NetworkPolicy shop/audit) blocks TCP 9000 on Deployment shop/audit",
      'web env BOTH': "partial: the backend's ingress (isolated by NetworkPolicy shop/both-b) blocks TCP 8080 on Deployment shop/both-b (1 of 2 connections)",
    });
  });

  it('broken whatever the policies say: no such Service, port, backend or pod; unknown for endpoints given as addresses', () => {
    const v = verdicts(
      deployment('web', { A: 'gone.shop.svc:80', B: 'cart:81', C: 'empty:80', D: 'idle:80', E: 'named:80', F: 'manual:80' }),
      deployment('cart', {}, { port: 7070 }),
      deployment('idle', {}, { port: 80, replicas: 0 }),
      deployment('named', {}, { port: 80 }),
      service('cart', '{ selector: { app: cart }, ports: [{ port: 80, targetPort: 7070 }] }'),
      service('empty', '{ selector: { app: nothing }, ports: [{ port: 80 }] }'),
      service('idle', '{ selector: { app: idle }, ports: [{ port: 80 }] }'),
      service('named', '{ selector: { app: named }, ports: [{ port: 80, targetPort: http }] }'),
      service('manual', '{ ports: [{ port: 80 }] }'),
      lines('apiVersion: discovery.k8s.io/v1', 'kind: EndpointSlice', 'metadata: { name: manual-1, namespace: shop, labels: { kubernetes.io/service-name: manual } }', 'addressType: IPv4', 'endpoints: [{ addresses: [10.0.0.9] }]'),
    );
    expect(v).toEqual({
      'web env A': 'broken: the input has no Service shop/gone',
      'web env B': 'broken: Service shop/cart exposes no port 81',
      'web env C': "broken: Service shop/empty's selector app=nothing matches no workload of namespace shop",
      'web env D': "broken: Service shop/idle's backends run no pods (Deployment shop/idle spec.replicas: 0)",
      'web env E': "broken: no backend of Service shop/named declares a container port named http (port 80's targetPort)",
      'web env F': 'unknown: Service shop/manual has no selector: its endpoints are addresses given by hand, which the policies are not checked against',
    });
  });

  it('a hostNetwork caller is unknown; pods without cluster DNS cannot call a Service; a bare name of no Service is unknown; localhost is local', () => {
    const v = verdicts(
      deployment('agent', { API: 'api:80' }, { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
      deployment('probe', { API: 'api:80' }, { hostNetwork: true }),
      deployment('batch', { API: 'api:80', K8S: 'https://kubernetes.default.svc' }, { dnsPolicy: 'Default' }),
      deployment('api', { SELF: 'api:80', SIDE: 'localhost:9090', LEDGER: 'ledger:8080', K8S: 'https://kubernetes.default.svc' }, { port: 80 }),
      service('api', '{ selector: { app: api }, ports: [{ port: 80 }] }'),
      policy('api', '{ podSelector: { matchLabels: { app: api } }, policyTypes: [Ingress, Egress] }'),
    );
    expect(v).toEqual({
      'agent env API': "unknown: Deployment shop/agent uses the host network: its connections come from the node's address, which pod selectors do not match",
      // Kubernetes, DNS for Services and Pods: hostNetwork pods with ClusterFirst fall back to the Default policy.
      'probe env API':
        "broken: Deployment shop/probe uses the host network with dnsPolicy ClusterFirst, which falls back to the node's resolver (ClusterFirstWithHostNet would use cluster DNS), so cluster names do not resolve there",
      'batch env API': "broken: Deployment shop/batch has dnsPolicy Default: its pods use the node's resolver, so cluster names do not resolve there",
      'batch env K8S': "broken: Deployment shop/batch has dnsPolicy Default: its pods use the node's resolver, so cluster names do not resolve there",
      // Network Policies: "a pod cannot block access to itself".
      'api env SELF': 'allowed: Deployment shop/api runs one pod and calls itself: a pod cannot block access to itself',
      'api env SIDE': 'local: the pod itself: no network policy applies',
      // Egress is isolated and allows nothing, but a bare name is most likely a Service from elsewhere: not called blocked.
      'api env LEDGER': 'unknown: no Service ledger in namespace shop in the input: a name like ledger is most likely one deployed from elsewhere',
      'api env K8S': "unknown: the API server (Service default/kubernetes): its endpoints are the control plane's addresses, which the input does not give",
    });
  });

  it('replicas of one workload are separate pods; a pod name resolves only through a headless Service; an ExternalName alias of a cluster name is that Service', () => {
    const v = verdicts(
      deployment('etcd', { PEERS: 'etcd-0.etcd:2380', SELF: 'etcd:2379', GHOST: 'etcd-5.etcd.shop.svc:2380' }, { port: 2380, replicas: 3 })
        .replace('ports: [{ containerPort: 2380 }]', 'ports: [{ containerPort: 2380 }, { containerPort: 2379 }]')
        .replace('kind: Deployment', 'kind: StatefulSet')
        .replace('spec:\n', 'spec:\n  serviceName: etcd\n'),
      deployment('web', { CACHE: 'cache-0.cache.shop.svc.cluster.local:6379', DB: 'db-alias:2379', ORDERS: 'orders-alias:6379', SHORT: 'short-alias:6379', NUMERIC: 'ip-alias:5432' }),
      deployment('cache', {}, { port: 6379 }),
      service('etcd', '{ clusterIP: None, selector: { app: etcd }, ports: [{ name: peer, port: 2380 }, { name: client, port: 2379 }] }'),
      service('cache', '{ selector: { app: cache }, ports: [{ port: 6379 }] }'),
      service('db-alias', '{ type: ExternalName, externalName: etcd.shop.svc.cluster.local }'),
      service('orders-alias', '{ type: ExternalName, externalName: cache.shop.svc.cluster.local }'),
      service('short-alias', '{ type: ExternalName, externalName: cache }'),
      service('ip-alias', '{ type: ExternalName, externalName: 10.1.2.3 }'),
      policy('etcd', '{ podSelector: { matchLabels: { app: etcd } }, policyTypes: [Ingress], ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 2379 }] }] }'),
    );
    expect(v).toEqual({
      'etcd env PEERS': "blocked: the backend's ingress (isolated by NetworkPolicy shop/etcd) blocks TCP 2380 on StatefulSet shop/etcd",
      'etcd env SELF': "blocked: the backend's ingress (isolated by NetworkPolicy shop/etcd) blocks TCP 2379 on StatefulSet shop/etcd",
      // Three replicas: etcd-0 … etcd-2 (Kubernetes, StatefulSets: stable network ID).
      'etcd env GHOST': 'broken: no pod of Service shop/etcd is named etcd-5: a StatefulSet\'s pods are <name>-<ordinal> below its replicas, others need hostname and subdomain',
      'web env CACHE': 'broken: cache-0.cache names a pod of Service shop/cache, but pod names resolve only through a headless Service (clusterIP: None)',
      'web env DB': 'allowed: Service shop/db-alias is an alias of etcd.shop.svc.cluster.local; egress not isolated; ingress allowed by NetworkPolicy shop/etcd',
      // The port is looked up on the Service the alias leads to (the alias has none).
      'web env ORDERS': 'allowed: Service shop/orders-alias is an alias of cache.shop.svc.cluster.local; egress not isolated; ingress not isolated',
      // A CNAME target is an absolute name, no search path: `cache` is not the Service shop/cache (kubernetes/ingress-nginx#4422).
      'web env SHORT': 'allowed: Service shop/short-alias is an alias of cache; no NetworkPolicy isolates the egress of Deployment shop/web',
      'web env NUMERIC': 'broken: Service shop/ip-alias is an alias of 10.1.2.3; an externalName is a DNS name: an IP address there does not resolve',
    });
  });

  it('a Service whose pods an operator makes from a custom resource of the input has backends the policies are not checked for', () => {
    const v = verdicts(
      deployment('adapter', { PROM: 'http://prometheus-k8s:9090' }),
      service('prometheus-k8s', '{ selector: { app.kubernetes.io/name: prometheus, prometheus: k8s }, ports: [{ port: 9090 }] }'),
      lines('apiVersion: monitoring.coreos.com/v1', 'kind: Prometheus', 'metadata: { name: k8s, namespace: shop }', 'spec:', '  podMetadata:', '    labels: { app.kubernetes.io/name: prometheus, prometheus: k8s, team: obs }'),
    );
    expect(v).toEqual({ 'adapter env PROM': 'unknown: Service shop/prometheus-k8s selects pods an operator makes from Prometheus shop/k8s, whose policies are not checked' });
    // Labels a custom resource selects by (an Istio Sidecar's workloadSelector) are no pods.
    const selected = verdicts(
      deployment('web', { RATINGS: 'ratings:9080' }),
      service('ratings', '{ selector: { app: ratings }, ports: [{ port: 9080 }] }'),
      lines('apiVersion: networking.istio.io/v1', 'kind: Sidecar', 'metadata: { name: ratings, namespace: shop }', 'spec:', '  workloadSelector:', '    labels: { app: ratings }'),
    );
    expect(selected).toEqual({ 'web env RATINGS': "broken: Service shop/ratings's selector app=ratings matches no workload of namespace shop" });
  });

  it('a call without a port gets through when one Service port reaches every backend', () => {
    const v = verdicts(
      deployment('web', { DB: 'db.shop.svc.cluster.local' }),
      deployment('db', {}, { port: 5432 }).replace('ports: [{ containerPort: 5432 }]', 'ports: [{ containerPort: 5432 }, { containerPort: 9187 }]'),
      service('db', '{ selector: { app: db }, ports: [{ name: sql, port: 5432 }, { name: metrics, port: 9187 }] }'),
      policy('db', '{ podSelector: { matchLabels: { app: db } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: web } } }], ports: [{ port: 5432 }] }] }'),
    );
    expect(v).toEqual({
      'web env DB': "allowed: no port stated; Service port 5432 gets through (the backend's ingress (isolated by NetworkPolicy shop/db) blocks TCP 9187 on Deployment shop/db (1 of 2 connections))",
    });
  });

  it("external hosts against the caller's egress: an address is decided, a name only when no address or every address is allowed", () => {
    const v = verdicts(
      deployment('pay', { STRIPE: 'https://api.stripe.com', DB: '10.20.0.5:5432', STATSD: 'udp://10.20.0.5:5432', ARCHIVE: '10.30.0.9:5432', HOOK: 'https://hooks.example.com:8443', MAIL: 'smtp:25' }),
      service('smtp', '{ type: ExternalName, externalName: mail.example.com }'),
      policy(
        'pay',
        '{ podSelector: { matchLabels: { app: pay } }, policyTypes: [Egress], egress: [{ to: [{ ipBlock: { cidr: 10.20.0.0/16 } }], ports: [{ port: 5432 }] }, { to: [{ ipBlock: { cidr: 192.0.2.0/24 } }], ports: [{ port: 8443 }] }, { ports: [{ port: 25 }] }] }',
      ),
    );
    expect(v).toEqual({
      'pay env STRIPE': 'blocked: the egress of Deployment shop/pay, isolated by NetworkPolicy shop/pay, allows TCP 443 to no address outside the cluster, so api.stripe.com is unreachable whatever it resolves to',
      'pay env DB': 'allowed: the egress of Deployment shop/pay allows TCP 5432 to 10.20.0.5',
      // The scheme names the transport: the rule allows TCP only.
      'pay env STATSD': 'blocked: the egress of Deployment shop/pay, isolated by NetworkPolicy shop/pay, does not allow UDP 5432 to 10.20.0.5',
      'pay env ARCHIVE': 'blocked: the egress of Deployment shop/pay, isolated by NetworkPolicy shop/pay, does not allow TCP 5432 to 10.30.0.9',
      'pay env HOOK': 'partial: the egress of Deployment shop/pay, isolated by NetworkPolicy shop/pay, allows TCP 8443 only to 192.0.2.0/24: it depends on the addresses hooks.example.com resolves to',
      'pay env MAIL': 'allowed: Service shop/smtp is an alias of mail.example.com; the egress of Deployment shop/pay allows TCP 25 to every address outside the cluster',
    });
  });
});

describe('checkDependency: a Service without a selector', () => {
  it("checks the caller's egress against the addresses and port of its endpoints, as ipBlock rules judge them", () => {
    const v = verdicts(
      deployment('app', { LEDGER: 'ledger:5432', ARCHIVE: 'archive:5432' }),
      service('ledger', '{ ports: [{ name: sql, port: 5432, targetPort: 6432 }] }'),
      service('archive', '{ ports: [{ port: 5432 }] }'),
      lines('apiVersion: v1', 'kind: Endpoints', 'metadata: { name: ledger, namespace: shop }', 'subsets: [{ addresses: [{ ip: 10.20.0.5 }], ports: [{ name: sql, port: 6432 }] }]'),
      lines(
        'apiVersion: discovery.k8s.io/v1',
        'kind: EndpointSlice',
        'metadata: { name: archive-1, namespace: shop, labels: { kubernetes.io/service-name: archive } }',
        'addressType: IPv4',
        'endpoints: [{ addresses: [10.30.0.9] }, { addresses: [10.30.0.10], conditions: { ready: false } }]',
        'ports: [{ port: 5432 }]',
      ),
      policy('app', '{ podSelector: { matchLabels: { app: app } }, policyTypes: [Egress], egress: [{ to: [{ ipBlock: { cidr: 10.20.0.0/16 } }], ports: [{ port: 6432 }] }] }'),
    );
    expect(v).toEqual({
      // The endpoint port, 6432, not the Service port: kube-proxy forwards to it.
      'app env LEDGER': 'allowed: Service shop/ledger has no selector; the egress of Deployment shop/app allows TCP 6432 to its endpoints 10.20.0.5',
      'app env ARCHIVE': 'blocked: Service shop/archive has no selector; the egress of Deployment shop/app, isolated by NetworkPolicy shop/app, does not allow TCP 5432 to its endpoints 10.30.0.9',
    });
  });
});

describe('checkDependency: a pod name', () => {
  it('reaches that pod only, not every backend of its headless Service', () => {
    const sts = (name: string) =>
      deployment(name, {}, { port: 9092, replicas: 3 })
        .replace('kind: Deployment', 'kind: StatefulSet')
        .replace('spec:\n', 'spec:\n  serviceName: kafka\n')
        .replace(`labels: { app: ${name} }`, `labels: { app: ${name}, tier: kafka }`);
    const v = verdicts(
      deployment('web', { BROKER: 'kafka-1.kafka:9092' }),
      sts('kafka'),
      deployment('mirror', {}, { port: 9092 }).replace('labels: { app: mirror }', 'labels: { app: mirror, tier: kafka }'),
      service('kafka', '{ clusterIP: None, selector: { tier: kafka }, ports: [{ port: 9092 }] }'),
      policy('mirror', '{ podSelector: { matchLabels: { app: mirror } }, policyTypes: [Ingress] }'),
    );
    expect(v).toEqual({ 'web env BROKER': 'allowed: egress not isolated; ingress not isolated' });
  });
});

describe('checkDependency: two-label hosts', () => {
  it('a public domain is checked against the egress; a name of a namespace the input lacks is most likely a Service', () => {
    const v = verdicts(
      deployment('pay', { MOLLIE: 'https://mollie.nl/v2', ORDERS: 'orders.data:5432' }),
      policy('pay', '{ podSelector: { matchLabels: { app: pay } }, policyTypes: [Egress] }'),
    );
    expect(v).toEqual({
      'pay env MOLLIE': 'blocked: the egress of Deployment shop/pay, isolated by NetworkPolicy shop/pay, allows TCP 443 to no address outside the cluster, so mollie.nl is unreachable whatever it resolves to',
      'pay env ORDERS': 'unknown: no Service orders in namespace data in the input: a name like orders.data is most likely one deployed from elsewhere',
    });
  });
});
