import { describe, expect, it } from 'vitest';
import { loadTexts } from '../loader/index.js';
import { buildModel } from '../model/build.js';
import { parseConfig } from '../config/load.js';
import { declaredDependencies, resolveHost, type Dependency } from './infer.js';
import { depsOptionsOf } from './options.js';

const lines = (...ls: string[]) => `${ls.join('\n')}\n`;

/** A shop in the style of Online Boutique: services wired through *_ADDR variables and a ConfigMap. */
const SHOP = lines(
  'apiVersion: v1', //                                                    1
  'kind: Namespace', //                                                   2
  'metadata: { name: shop }', //                                          3
  '---', //                                                               4
  'apiVersion: v1', //                                                    5
  'kind: Namespace', //                                                   6
  'metadata: { name: data }', //                                          7
  '---', //                                                               8
  'apiVersion: v1', //                                                    9
  'kind: ConfigMap', //                                                   10
  'metadata: { name: checkout-config, namespace: shop }', //             11
  'data:', //                                                             12
  '  DATABASE_URL: postgres://orders-db.data:5432/orders', //            13
  '  LOG_LEVEL: info', //                                                 14
  '---', //                                                               15
  'apiVersion: apps/v1', //                                               16
  'kind: Deployment', //                                                  17
  'metadata: { name: checkout, namespace: shop }', //                    18
  'spec:', //                                                             19
  '  selector: { matchLabels: { app: checkout } }', //                   20
  '  template:', //                                                       21
  '    metadata: { labels: { app: checkout } }', //                      22
  '    spec:', //                                                         23
  '      containers:', //                                                 24
  '        - name: server', //                                            25
  '          image: checkout:1', //                                       26
  '          args: ["--cache=redis-cart:6379"]', //                        27
  '          envFrom: [{ configMapRef: { name: checkout-config } }]', //  28
  '          env:', //                                                    29
  '            - { name: PAYMENT_SERVICE_ADDR, value: "paymentservice:50051" }', // 30
  '            - { name: SHIPPING_SERVICE_ADDR, value: "shipping.shop.svc.cluster.local:50051" }', // 31
  '            - { name: STRIPE_URL, value: "https://api.stripe.com/v1" }', // 32
  '---', //                                                               33
  'apiVersion: v1', //                                                    34
  'kind: Service', //                                                     35
  'metadata: { name: paymentservice, namespace: shop }', //              36
  'spec: { selector: { app: payment }, ports: [{ port: 50051 }] }', //   37
  '---', //                                                               38
  'apiVersion: v1', //                                                    39
  'kind: Service', //                                                     40
  'metadata: { name: orders-db, namespace: data }', //                   41
  'spec: { selector: { app: db }, ports: [{ port: 5433 }] }', //         42
);

const model = () => buildModel(loadTexts({ 'shop.yaml': SHOP }));

const summary = (d: Dependency) =>
  `${d.value.via}: ${d.reference.host}${d.reference.port !== undefined ? `:${d.reference.port}` : ''} → ${
    d.target.kind === 'service' ? `service ${d.target.service.namespace}/${d.target.service.name}` : d.target.kind === 'missing-service' ? `missing ${d.target.namespace}/${d.target.name}` : d.target.kind
  } @${d.at.region.startLine}:${d.at.region.startColumn}-${d.at.region.endColumn}`;

const optionsOf = (yaml: string) => depsOptionsOf(parseConfig(yaml, 'netreach.yaml'));

describe('declaredDependencies', () => {
  it('reads env values, ConfigMaps pulled in with envFrom and args, each located on the reference itself', () => {
    const deps = declaredDependencies(model()).map((d) => ({
      via: d.value.via,
      host: d.reference.host,
      port: d.reference.port,
      target: d.target.kind === 'service' ? `service ${d.target.service.namespace}/${d.target.service.name}` : d.target.kind === 'missing-service' ? `missing ${d.target.namespace}/${d.target.name}` : d.target.kind,
      servicePort: d.servicePort?.port,
      at: `${d.at.region.startLine}:${d.at.region.startColumn}-${d.at.region.endColumn}`,
    }));
    expect(deps).toEqual([
      // Environment first (env, then envFrom), then command and args, as configValues lists them.
      { via: 'env PAYMENT_SERVICE_ADDR', host: 'paymentservice', port: 50051, target: 'service shop/paymentservice', servicePort: 50051, at: '30:53-73' },
      { via: 'env SHIPPING_SERVICE_ADDR', host: 'shipping.shop.svc.cluster.local', port: 50051, target: 'missing shop/shipping', servicePort: undefined, at: '31:54-91' },
      { via: 'env STRIPE_URL', host: 'api.stripe.com', port: 443, target: 'external', servicePort: undefined, at: '32:51-65' },
      { via: 'env DATABASE_URL from ConfigMap shop/checkout-config key DATABASE_URL', host: 'orders-db.data', port: 5432, target: 'service data/orders-db', servicePort: undefined, at: '13:28-47' },
      { via: 'args[0]', host: 'redis-cart', port: 6379, target: 'external', servicePort: undefined, at: '27:27-42' },
    ]);
  });
});

describe('declaredDependencies with netreach.yaml dependencies: and the netreach.io/depends-on annotation', () => {
  const LEDGER = lines(
    'apiVersion: v1', //                                                  1
    'kind: Namespace', //                                                 2
    'metadata: { name: data }', //                                        3
    '---', //                                                             4
    'apiVersion: apps/v1', //                                             5
    'kind: Deployment', //                                                6
    'metadata:', //                                                       7
    '  name: ledger', //                                                  8
    '  namespace: shop', //                                               9
    '  annotations:', //                                                  10
    '    netreach.io/depends-on: "orders-db.data:5432, audit.data, ledger-cache:6379, example.com:443"', // 11
    'spec:', //                                                           12
    '  selector: { matchLabels: { app: ledger } }', //                   13
    '  template:', //                                                     14
    '    metadata:', //                                                   15
    '      labels: { app: ledger }', //                                  16
    '      annotations: { netreach.io/depends-on: "fx.rates:8080" }', // 17
    '    spec:', //                                                       18
    '      containers:', //                                               19
    '        - name: app', //                                             20
    '          image: ledger:1', //                                       21
    '          env:', //                                                  22
    '            - { name: PGCONN, value: "primary=orders-db.data#5432 dbname=ledger" }', // 23
    '            - { name: OTHER, value: "primary=elsewhere#8080" }', //  24
    '            - { name: TRACES, value: "http://otel.monitoring.svc.cluster.local:4318" }', // 25
    '            - { name: S3, value: "https://s3.eu-west-1.amazonaws.com/bucket" }', // 26
    '---', //                                                             27
    'apiVersion: v1', //                                                  28
    'kind: Service', //                                                   29
    'metadata: { name: orders-db, namespace: data }', //                 30
    'spec: { selector: { app: db }, ports: [{ port: 5432 }] }', //       31
  );
  const ledger = () => buildModel(loadTexts({ 'ledger.yaml': LEDGER }));

  it('takes every item of the annotation, on the workload and its pod template, as a dependency: name.namespace and bare names are Services', () => {
    expect(declaredDependencies(ledger()).filter((d) => d.value.declared).map(summary)).toEqual([
      'annotation netreach.io/depends-on: orders-db.data:5432 → service data/orders-db @11:30-49',
      'annotation netreach.io/depends-on: audit.data → missing data/audit @11:51-61', // no port: stated as a dependency all the same
      'annotation netreach.io/depends-on: ledger-cache:6379 → missing shop/ledger-cache @11:63-80', // a bare name is a Service of the workload's namespace
      'annotation netreach.io/depends-on: example.com:443 → external @11:82-97', // a public suffix is no namespace
      'annotation netreach.io/depends-on: fx.rates:8080 → missing rates/fx @17:47-60',
    ]);
  });

  it('reads a configured pattern only in the variables it names, located on the host and port groups', () => {
    const options = optionsOf('dependencies:\n  patterns: [{ regex: "primary=(?<host>[^#\\\\s]+)#(?<port>\\\\d+)", variables: [PG*] }]\n');
    const found = declaredDependencies(ledger(), options).filter((d) => d.value.via.startsWith('env PG') || d.value.via === 'env OTHER').map(summary);
    expect(found).toEqual(['env PGCONN: orders-db.data:5432 → service data/orders-db @23:47-66']);
    // Without the pattern, this syntax names nothing the built-in parser reads.
    expect(declaredDependencies(ledger()).filter((d) => d.value.via === 'env PGCONN')).toEqual([]);
  });

  it('a pattern without a port group takes its configured port', () => {
    const options = optionsOf('dependencies:\n  patterns: [{ regex: "primary=(?<host>[a-z.-]+)", port: 5432 }]\n');
    expect(declaredDependencies(ledger(), options).filter((d) => d.value.via === 'env PGCONN').map(summary)).toEqual([
      'env PGCONN: orders-db.data:5432 → service data/orders-db @23:47-61',
    ]);
  });

  it('leaves out ignored hosts: as written, or a Service by name.namespace and its .svc forms', () => {
    const all = declaredDependencies(ledger()).map((d) => d.reference.host);
    expect(all).toContain('otel.monitoring.svc.cluster.local');
    expect(all).toContain('s3.eu-west-1.amazonaws.com');
    const options = optionsOf('dependencies:\n  ignoreHosts: ["*.AmazonAWS.com", "otel.monitoring", "orders-db.data.svc.cluster.local"]\n');
    const kept = declaredDependencies(ledger(), options).map((d) => d.reference.host);
    expect(kept).not.toContain('s3.eu-west-1.amazonaws.com'); // case-insensitive
    expect(kept).not.toContain('otel.monitoring.svc.cluster.local');
    expect(kept).not.toContain('orders-db.data'); // the Service data/orders-db, however it is written
    expect(kept).toContain('audit.data');
  });

  it('reads cluster hosts of another cluster domain when told', () => {
    const text = LEDGER.replace('otel.monitoring.svc.cluster.local', 'otel.monitoring.svc.corp.internal');
    const m = buildModel(loadTexts({ 'ledger.yaml': text }));
    const targets = (o?: ReturnType<typeof optionsOf>) => declaredDependencies(m, o).filter((d) => d.value.via === 'env TRACES').map((d) => d.target.kind);
    expect(targets()).toEqual(['external']);
    expect(targets(optionsOf('dependencies:\n  clusterDomains: [corp.internal]\n'))).toEqual(['missing-service']);
  });
});

describe('resolveHost: the lookups of a pod in namespace shop, as cluster DNS answers them', () => {
  const m = model();
  const kind = (host: string) => {
    const t = resolveHost(m, 'shop', host);
    return t.kind === 'service' ? `service ${t.service.namespace}/${t.service.name}` : t.kind === 'missing-service' ? `missing ${t.namespace}/${t.name}` : t.kind;
  };
  it.each([
    ['paymentservice', 'service shop/paymentservice'], // the pod's own namespace first
    ['orders-db.data', 'service data/orders-db'], // name.namespace
    ['orders-db.data.svc', 'service data/orders-db'],
    ['orders-db.data.svc.cluster.local', 'service data/orders-db'],
    ['orders-db-0.orders-db.data.svc.cluster.local', 'service data/orders-db'], // a pod of a headless Service
    ['ledger.data', 'missing data/ledger'], // a namespace of the input, no such Service
    ['ledger.data.svc.cluster.local', 'missing data/ledger'],
    ['ledger', 'external'], // a bare name that is no Service: nothing says it is the cluster's
    ['paymentservce', 'missing shop/paymentservce'], // but a slip of a Service's name is that Service, misspelt
    ['payment', 'missing shop/payment'], // paymentservice without its suffix
    ['payment-svc', 'missing shop/payment-svc'], // the same with another suffix
    ['pay', 'external'], // too short to be read as a slip
    ['redis.cache', 'external'], // cache is no namespace of the input
    ['api.stripe.com', 'external'],
    ['localhost', 'local'],
    ['127.0.0.1', 'local'],
    ['10.0.3.7', 'external'],
  ])('%s → %s', (host, expected) => {
    expect(kind(host)).toBe(expected);
  });
});

describe('configuration values that are not calls', () => {
  const TEXT = lines(
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: shared, namespace: shop }',
    'data: { CART_ADDR: "cart-old:7070", QUEUE_ADDR: "queue:5672" }',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: { name: override, namespace: shop }',
    'data: { QUEUE_ADDR: "queue-v2:5672" }',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: web, namespace: shop }',
    'spec:',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: web:1',
    '          args: ["--image=registry.corp:5000/web:1", "--cart=cart:7070"]',
    '          envFrom: [{ configMapRef: { name: shared } }, { configMapRef: { name: override } }]',
    '          env:',
    '            - { name: NO_PROXY, value: "kubernetes.default.svc,vault.security.svc:8200" }',
    '            - { name: SIDECAR_IMAGE, value: "registry.corp:5000/envoy:1.30" }',
    '            - { name: CART_ADDR, value: "cart:7070" }',
  );

  it('skips proxy exclusions and image references; env wins over envFrom, and the last envFrom source over earlier ones', () => {
    const deps = declaredDependencies(buildModel(loadTexts({ 'web.yaml': TEXT })));
    expect(deps.map((d) => `${d.value.via}: ${d.reference.host}:${d.reference.port}`)).toEqual([
      'env CART_ADDR: cart:7070',
      'env QUEUE_ADDR from ConfigMap shop/override key QUEUE_ADDR: queue-v2:5672',
      'args[1]: cart:7070',
    ]);
  });
});

describe('variables named for a host', () => {
  const TEXT = lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: webui, namespace: store }',
    'spec:',
    '  selector: { matchLabels: { app: webui } }',
    '  template:',
    '    metadata: { labels: { app: webui } }',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: webui:1',
    '          env:',
    '            - { name: REGISTRY_HOST, value: "teastore-registry" }',
    '            - { name: DB_HOST, value: "teastore-db" }',
    '            - { name: DB_PORT, value: "3306" }',
    '            - { name: CASSANDRA_SEEDS, value: "cassandra-0.cassandra, cassandra-1.cassandra" }',
    '            - { name: LOG_HOST, value: "syslog" }',
    '            - { name: LISTEN_ADDR, value: "0.0.0.0" }',
    '            - { name: CACHE_HOST, value: "cache:6379" }',
    '            - { name: KC_HOSTNAME, value: "teastore-registry" }', // a name it publishes, not one it calls
    '            - { name: CONVERSION_SERVICE_URL, value: "http://teastore-registry:8080" }', // conVERSION is no version variable
    '            - { name: SIDECAR_IMAGE, value: "registry:5000/envoy:1" }',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: { name: teastore-registry, namespace: store }',
    'spec: { selector: { app: registry }, ports: [{ port: 8080 }] }',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: { name: teastore-db, namespace: store }',
    'spec: { selector: { app: db }, ports: [{ port: 3306 }] }',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: { name: cassandra, namespace: store }',
    'spec: { clusterIP: None, selector: { app: cassandra }, ports: [{ port: 9042 }] }',
    '---',
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: { name: cassandra, namespace: store }',
    'spec:',
    '  serviceName: cassandra',
    '  replicas: 2',
    '  selector: { matchLabels: { app: cassandra } }',
    '  template:',
    '    metadata: { labels: { app: cassandra } }',
    '    spec: { containers: [{ name: c, image: cassandra:4 }] }',
  );

  it('reads a bare host that names a Service, with the port of its sibling *_PORT; a word that names nothing is left alone', () => {
    const deps = declaredDependencies(buildModel(loadTexts({ 'store.yaml': TEXT })));
    expect(deps.map((d) => `${d.value.via}: ${d.reference.host}${d.reference.port !== undefined ? `:${d.reference.port}` : ''}${d.portFrom ? ` (port: ${d.portFrom})` : ''} @${d.at.region.startLine}:${d.at.region.startColumn}-${d.at.region.endColumn}`)).toEqual([
      'env REGISTRY_HOST: teastore-registry @13:46-63',
      'env DB_HOST: teastore-db:3306 (port: env DB_PORT) @14:40-51',
      'env CASSANDRA_SEEDS: cassandra-0.cassandra @16:48-69', // pods of the headless Service
      'env CASSANDRA_SEEDS: cassandra-1.cassandra @16:71-92',
      'env CACHE_HOST: cache:6379 @19:43-53', // the parser's own reading: a host:port
      'env CONVERSION_SERVICE_URL: teastore-registry:8080 @21:62-84',
    ]);
  });
});

describe('a host variable naming the workload itself', () => {
  it('is a peer when it names one pod of its headless Service, and nothing when it names the Service', () => {
    const text = lines(
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: { name: cassandra, namespace: data }',
      'spec:',
      '  serviceName: cassandra',
      '  replicas: 3',
      '  selector: { matchLabels: { app: cassandra } }',
      '  template:',
      '    metadata: { labels: { app: cassandra } }',
      '    spec:',
      '      containers:',
      '        - name: c',
      '          image: cassandra:4',
      '          env:',
      '            - { name: CASSANDRA_SEEDS, value: "cassandra-0.cassandra" }',
      '            - { name: CASSANDRA_BROADCAST_HOST, value: "cassandra" }',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: cassandra, namespace: data }',
      'spec: { clusterIP: None, selector: { app: cassandra }, ports: [{ port: 9042 }] }',
    );
    const deps = declaredDependencies(buildModel(loadTexts({ 'c.yaml': text })));
    expect(deps.map((d) => `${d.value.via}: ${d.reference.host} → ${d.target.kind === 'service' ? `${d.target.service.name} pod ${d.target.pod}` : d.target.kind}`)).toEqual([
      'env CASSANDRA_SEEDS: cassandra-0.cassandra → cassandra pod cassandra-0',
    ]);
  });
});

describe('an ExternalName alias of a cluster name', () => {
  it('leads to the Service it names, with that Service port; other aliases stay as they are', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: data }',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: orders, namespace: data }',
      'spec: { selector: { app: orders }, ports: [{ port: 8080 }] }',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: db, namespace: shop }',
      'spec: { type: ExternalName, externalName: orders.data.svc.cluster.local }',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: mail, namespace: shop }',
      'spec: { type: ExternalName, externalName: smtp.example.com }',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: { name: web, namespace: shop }',
      'spec:',
      '  containers:',
      '    - name: c',
      '      image: web',
      '      env:',
      '        - { name: DB_ADDR, value: "db:8080" }',
      '        - { name: MAIL_ADDR, value: "mail:25" }',
    );
    const deps = declaredDependencies(buildModel(loadTexts({ 'a.yaml': text })));
    expect(deps.map((d) => [d.value.via, d.target.kind === 'service' ? qualified(d.target.service) : d.target.kind, d.servicePort?.port, d.alias ? qualified(d.alias) : undefined])).toEqual([
      ['env DB_ADDR', 'data/orders', 8080, 'shop/db'],
      ['env MAIL_ADDR', 'shop/mail', undefined, undefined],
    ]);
  });
});

function qualified(s: { namespace: string; name: string }): string {
  return `${s.namespace}/${s.name}`;
}

describe('ConfigMaps mounted as files', () => {
  const TEXT = lines(
    'apiVersion: v1', //                                                   1
    'kind: ConfigMap', //                                                  2
    'metadata: { name: petclinic-config, namespace: petclinic }', //      3
    'data:', //                                                            4
    '  application.yaml: |', //                                            5
    '    # see https://spring.io/projects/spring-cloud for the options', // 6
    '    spring.datasource.url: jdbc:mysql://customers-db:3306/petclinic', // 7
    '    visits-service-id: http://vists-service.petclinic.svc.cluster.local:8080', // 8
    '  unused.conf: "upstream api { server api:8080; }"', //              9
    '---', //                                                              10
    'apiVersion: apps/v1', //                                              11
    'kind: Deployment', //                                                 12
    'metadata: { name: api-gateway, namespace: petclinic }', //           13
    'spec:', //                                                            14
    '  selector: { matchLabels: { app: gw } }', //                        15
    '  template:', //                                                      16
    '    metadata: { labels: { app: gw } }', //                           17
    '    spec:', //                                                        18
    '      volumes:', //                                                   19
    '        - name: config', //                                           20
    '          configMap: { name: petclinic-config, items: [{ key: application.yaml, path: app.yaml }] }', // 21
    '      containers:', //                                                22
    '        - name: gw', //                                               23
    '          image: gw:1', //                                            24
    '          volumeMounts: [{ name: config, mountPath: /config }]', //   25
    '---', //                                                              26
    'apiVersion: v1', //                                                   27
    'kind: Service', //                                                    28
    'metadata: { name: customers-db, namespace: petclinic }', //          29
    'spec: { selector: { app: db }, ports: [{ port: 3306 }] }', //        30
    '---', //                                                              31
    'apiVersion: v1', //                                                   32
    'kind: Service', //                                                    33
    'metadata: { name: visits-service, namespace: petclinic }', //        34
    'spec: { selector: { app: visits }, ports: [{ port: 8080 }] }', //    35
  );

  it("reads the mounted files' cluster names only, each on its own line of the block scalar", () => {
    const deps = declaredDependencies(buildModel(loadTexts({ 'petclinic.yaml': TEXT })));
    expect(deps.map(summary)).toEqual([
      'file /config/app.yaml from ConfigMap petclinic/petclinic-config key application.yaml: customers-db:3306 → service petclinic/customers-db @7:41-58',
      // The typo of a Service name: a missing Service the rules report (spring.io is no call: files name the internet too).
      'file /config/app.yaml from ConfigMap petclinic/petclinic-config key application.yaml: vists-service.petclinic.svc.cluster.local:8080 → missing petclinic/vists-service @8:31-77',
    ]);
  });
});
