import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../engine/ip.js';
import { SCHEME_DEFAULT_PORTS, formatReference, hasClusterSuffix, parseReferences, type ParsedReference } from './reference.js';

/** One expected reference: the exact text it covers and where, then host, port, portStated, scheme. */
type Expected = [text: string, start: number, host: string, port: number | undefined, stated: boolean, scheme?: string];

const asReference = ([text, start, host, port, stated, scheme]: Expected): ParsedReference => ({
  host,
  portStated: stated,
  start,
  end: start + text.length,
  ...(port === undefined ? {} : { port }),
  ...(scheme === undefined ? {} : { scheme }),
});

const TABLE: [value: string, expected: Expected[]][] = [
  // shell flags are not libpq keywords; user= and password= alone do not make a libpq string
  ['mysql --host=mysql --user=root --password=x app', []],
  ['host=cache user=bob', []],
  // an empty item of a libpq port list is the default port, in its place
  ['host=a.db,b.db,c.db port=5432,,6379 dbname=x', [['a.db', 5, 'a.db', 5432, true, 'postgresql'], ['b.db', 10, 'b.db', 5432, false, 'postgresql'], ['c.db', 15, 'c.db', 6379, true, 'postgresql']]],
  // SQLite's Data Source is a file
  ['Data Source=blog.db;Pooling=True', []],
  ['Data Source=|DataDirectory|/app.sqlite;Cache=Shared', []],
  // image tags and feature flags are not addresses
  ['postgres:16', []],
  ['beta:1,gamma:2', []],
  // gRPC's dns:[//authority/]host[:port]: the host is the path's first segment
  ['dns:///payments.shop:50051', [['payments.shop:50051', 7, 'payments.shop', 50051, true]]],
  ['dns://10.0.0.10/payments.shop:50051/x', [['payments.shop:50051', 16, 'payments.shop', 50051, true]]],
  // libpq keyword/value strings (PostgreSQL docs §34.1.1.1): the port is a pair of its own, default 5432
  ['host=orders-db.data port=6543 dbname=orders user=app', [['orders-db.data', 5, 'orders-db.data', 6543, true, 'postgresql']]],
  ["dbname=orders host = 'pg.data' sslmode=require", [['pg.data', 22, 'pg.data', 5432, false, 'postgresql']]],
  // several hosts and ports, matched in order (§34.1.1.3)
  ['host=pg-0.pg,pg-1.pg port=5432,5433 dbname=x', [['pg-0.pg', 5, 'pg-0.pg', 5432, true, 'postgresql'], ['pg-1.pg', 13, 'pg-1.pg', 5433, true, 'postgresql']]],
  // a Unix socket directory is no network host; `host=x` alone is not a libpq string
  ['host=/var/run/postgresql dbname=x', []],
  ['--host=api.shop', []],
  // ADO.NET: SQL Server's [tcp:]host[\instance][,port] and its keywords (default 1433)
  ['Server=tcp:sql.data,1444;Initial Catalog=orders;User ID=app', [['sql.data,1444', 11, 'sql.data', 1444, true, 'sqlserver']]],
  ['Data Source=sql.data;Initial Catalog=orders;Integrated Security=true', [['sql.data', 12, 'sql.data', 1433, false, 'sqlserver']]],
  ['Server=sql.data\\reports;Database=x;TrustServerCertificate=True', [['sql.data', 7, 'sql.data', 1433, false, 'sqlserver']]],
  // Npgsql / MySQL: Host or Server with a Port pair; no default guessed without one
  ['Host=pg.data;Port=5432;Database=orders;Username=app', [['pg.data', 5, 'pg.data', 5432, true]]],
  ['Server=mysql.data;Database=shop;Uid=app;Pwd=secret', [['mysql.data', 7, 'mysql.data', undefined, false]]],
  // named pipes and the local machine are not network hosts
  ['Server=np:\\\\.\\pipe\\sql\\query;Database=x', []],
  ['Data Source=(local);Initial Catalog=x', []],
  // host:port, the Online Boutique *_ADDR form
  ['paymentservice:50051', [['paymentservice:50051', 0, 'paymentservice', 50051, true]]],
  // host.namespace:port
  ['orders-db.data:5432', [['orders-db.data:5432', 0, 'orders-db.data', 5432, true]]],
  // the cluster suffix makes a host a reference without a port
  ['orders.data.svc', [['orders.data.svc', 0, 'orders.data.svc', undefined, false]]],
  // … with the cluster domain too
  ['orders.data.svc.cluster.local', [['orders.data.svc.cluster.local', 0, 'orders.data.svc.cluster.local', undefined, false]]],
  // a fully qualified name keeps its trailing dot in the span, not in the host
  ['orders.data.svc.cluster.local.', [['orders.data.svc.cluster.local.', 0, 'orders.data.svc.cluster.local', undefined, false]]],
  // a StatefulSet pod behind a headless Service, with a port
  ['kafka-0.kafka-headless.data.svc.cluster.local:9092', [['kafka-0.kafka-headless.data.svc.cluster.local:9092', 0, 'kafka-0.kafka-headless.data.svc.cluster.local', 9092, true]]],
  // DNS is case-insensitive: the host is lower-cased, the span stays as written
  ['Orders.Data.SVC:8080', [['Orders.Data.SVC:8080', 0, 'orders.data.svc', 8080, true]]],
  // URL with userinfo and path: the span is host:port only
  ['postgres://app:secret@orders-db.data:5432/orders', [['orders-db.data:5432', 22, 'orders-db.data', 5432, true, 'postgres']]],
  // a password holding an unencoded @: userinfo ends at the last @
  ['postgresql://u:p@ss@db:6543/x', [['db:6543', 20, 'db', 6543, true, 'postgresql']]],
  // URL without a port: the scheme's default
  ['http://frontend', [['frontend', 7, 'frontend', 80, false, 'http']]],
  // https default, the scheme is lower-cased
  ['HTTPS://api.example.com/v1', [['api.example.com', 8, 'api.example.com', 443, false, 'https']]],
  // redis default
  ['redis://cache.data:6379/0', [['cache.data:6379', 8, 'cache.data', 6379, true, 'redis']]],
  // rediss (TLS) keeps Redis' default port
  ['rediss://:token@cache', [['cache', 16, 'cache', 6379, false, 'rediss']]],
  // mysql default
  ['mysql://root@mysql.db/app', [['mysql.db', 13, 'mysql.db', 3306, false, 'mysql']]],
  // amqp and amqps defaults
  ['amqp://guest:guest@rabbitmq', [['rabbitmq', 19, 'rabbitmq', 5672, false, 'amqp']]],
  ['amqps://rabbitmq.mq', [['rabbitmq.mq', 8, 'rabbitmq.mq', 5671, false, 'amqps']]],
  // nats and kafka defaults
  ['nats://nats.messaging', [['nats.messaging', 7, 'nats.messaging', 4222, false, 'nats']]],
  ['kafka://broker', [['broker', 8, 'broker', 9092, false, 'kafka']]],
  // a scheme without a known default: host only
  ['grpc://checkout', [['checkout', 7, 'checkout', undefined, false, 'grpc']]],
  // MongoDB host list: every host its own reference, the default where none is stated
  [
    'mongodb://u:p@mongo-0.mongo:27017,mongo-1.mongo/db?replicaSet=rs0',
    [
      ['mongo-0.mongo:27017', 14, 'mongo-0.mongo', 27017, true, 'mongodb'],
      ['mongo-1.mongo', 34, 'mongo-1.mongo', 27017, false, 'mongodb'],
    ],
  ],
  // mongodb+srv: the port comes from SRV records, so none
  ['mongodb+srv://cluster0.example.net/db', [['cluster0.example.net', 14, 'cluster0.example.net', undefined, false, 'mongodb+srv']]],
  // Redis Sentinel list, Sentinel's default port
  [
    'redis-sentinel://s1:26379,s2/mymaster',
    [
      ['s1:26379', 17, 's1', 26379, true, 'redis-sentinel'],
      ['s2', 26, 's2', 26379, false, 'redis-sentinel'],
    ],
  ],
  // comma-separated URLs, each read on its own
  [
    'nats://n1:4222,nats://n2',
    [
      ['n1:4222', 7, 'n1', 4222, true, 'nats'],
      ['n2', 22, 'n2', 4222, false, 'nats'],
    ],
  ],
  // Kafka bootstrap list
  [
    'kafka-0:9092,kafka-1:9092',
    [
      ['kafka-0:9092', 0, 'kafka-0', 9092, true],
      ['kafka-1:9092', 13, 'kafka-1', 9092, true],
    ],
  ],
  // JDBC PostgreSQL: the sub-protocol is the scheme
  ['jdbc:postgresql://pg.data:5432/orders', [['pg.data:5432', 18, 'pg.data', 5432, true, 'postgresql']]],
  // JDBC MySQL with a mode segment, default port
  ['jdbc:mysql:replication://m1,m2:3307/db', [['m1', 25, 'm1', 3306, false, 'mysql'], ['m2:3307', 28, 'm2', 3307, true, 'mysql']]],
  // JDBC MariaDB default
  ['jdbc:mariadb://maria/app', [['maria', 15, 'maria', 3306, false, 'mariadb']]],
  // JDBC SQL Server: `;properties` end the authority, default 1433
  ['jdbc:sqlserver://mssql.db;databaseName=orders', [['mssql.db', 17, 'mssql.db', 1433, false, 'sqlserver']]],
  // JDBC SQL Server named instance: the host is before the backslash
  ['jdbc:sqlserver://mssql\\SQLEXPRESS:1434;encrypt=true', [['mssql\\SQLEXPRESS:1434', 17, 'mssql', 1434, true, 'sqlserver']]],
  // Oracle thin, SID form with credentials
  ['jdbc:oracle:thin:scott/tiger@ora.db:1521:XE', [['ora.db:1521', 29, 'ora.db', 1521, true, 'oracle']]],
  // Oracle thin, service form without a port: default 1521
  ['jdbc:oracle:thin:@//ora.db/ORCLPDB1', [['ora.db', 20, 'ora.db', 1521, false, 'oracle']]],
  // Oracle thin, TNS alias: no address to read
  ['jdbc:oracle:thin:@PRODDB', []],
  // IPv6 literal: the host is without brackets, the span with them
  ['[fd00::1]:8080', [['[fd00::1]:8080', 0, 'fd00::1', 8080, true]]],
  // IPv6 in a URL, default port
  ['http://[FD00::A]/health', [['[FD00::A]', 7, 'fd00::a', 80, false, 'http']]],
  // an IP with a port is a reference
  ['10.0.12.7:6379', [['10.0.12.7:6379', 0, '10.0.12.7', 6379, true]]],
  // localhost is a reference (the caller decides it is local)
  ['localhost:8126', [['localhost:8126', 0, 'localhost', 8126, true]]],
  // flag value
  ['--db=postgres:5432', [['postgres:5432', 5, 'postgres', 5432, true]]],
  // a URL flag value, with a quoted sibling
  ['--upstream="http://cart:7070/api" --timeout=30s', [['cart:7070', 19, 'cart', 7070, true, 'http']]],
  // several references separated by spaces and semicolons
  ['primary=db-0:5432; replica=db-1:5432', [['db-0:5432', 8, 'db-0', 5432, true], ['db-1:5432', 27, 'db-1', 5432, true]]],
  // a path after host:port ends the span
  ['orders:8080/api/v1', [['orders:8080', 0, 'orders', 8080, true]]],
  // not references: plain words and numbers
  ['info 42 true', []],
  // not a reference: a path, even with a colon in it
  ['/var/run/app.sock /opt/app:8080', []],
  // not references: file names with dots and versions
  ['config.yaml app.jar 1.2.3 v1.2', []],
  // not references: times (an all-numeric top label is no host name)
  ['10:30 12:30:45', []],
  // not a reference: e-mail address
  ['ops@example.com', []],
  // not a reference: a bare IP without a port
  ['10.0.0.1', []],
  // not a reference: a bare IPv6 literal without brackets
  ['fd00::1', []],
  // not a reference: a host name without a port or cluster suffix
  ['orders.data', []],
  // not a reference: the unspecified address is a listen address
  ['0.0.0.0:8080 [::]:9090', []],
  // not references: port out of range, port 0, non-numeric port
  ['svc:65536 svc:0 svc:http', []],
  // not references: template markers anywhere in the host
  ['{{ .Values.db.host }}:5432 ${DB_HOST}:5432 $(DB_HOST):5432', []],
  // a template in a list does not hide its literal siblings
  ['${EXTRA},kafka:9092', [['kafka:9092', 9, 'kafka', 9092, true]]],
  // a templated URL host is not read
  ['http://{{ .Release.Name }}-api:8080/', []],
  // not references: non-network schemes and empty authorities
  ['file:///etc/app s3://bucket/key unix:///var/run/docker.sock', []],
  // not a reference: a label like `key:` has an empty port
  ['mode: cluster', []],
  // not a reference: a port mapping has two colons
  ['8080:80 127.0.0.1:8080:80', []],
  // not a reference: an invalid DNS label (underscore, leading hyphen)
  ['my_db:5432 -db:5432', []],
  // JSON value: quotes and braces separate tokens
  ['{"addr":"cart.shop:7070"}', [['cart.shop:7070', 9, 'cart.shop', 7070, true]]],
  // a URL inside parentheses stops at the closing one
  ['(see http://docs:8000)', [['docs:8000', 12, 'docs', 8000, true, 'http']]],
];

describe('parseReferences: table', () => {
  it('has at least 40 cases', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(TABLE)('%j', (value, expected) => {
    const refs = parseReferences(value);
    expect(refs).toEqual(expected.map(asReference));
    // The span is the text the table names.
    expect(refs.map((r) => value.slice(r.start, r.end))).toEqual(expected.map((e) => e[0]));
  });

  it('reads other cluster domains when told', () => {
    expect(parseReferences('orders.data.svc.corp.internal')).toEqual([]);
    expect(parseReferences('orders.data.svc.corp.internal', { clusterDomains: ['corp.internal'] })).toEqual([
      { host: 'orders.data.svc.corp.internal', portStated: false, start: 0, end: 29 },
    ]);
  });
});

describe('hasClusterSuffix', () => {
  it.each([
    ['a.b.svc', true],
    ['a.b.svc.cluster.local', true],
    ['pod-0.a.b.svc.cluster.local', true],
    ['b.svc', false], // a namespace alone is not a Service
    ['a.b.svc.example.com', false],
    ['svc.cluster.local', false],
  ])('%s → %s', (host, expected) => {
    expect(hasClusterSuffix(host)).toBe(expected);
  });
});

describe('formatReference', () => {
  it.each([
    [{ host: 'cart', port: 7070 }, 'cart:7070'],
    [{ host: 'db.data', port: 5432, scheme: 'postgres' }, 'postgres://db.data:5432'],
    [{ host: 'fd00::1', port: 80 }, '[fd00::1]:80'],
    [{ host: 'a.b.svc' }, 'a.b.svc'],
  ])('%j → %s', (r, text) => {
    expect(formatReference(r)).toBe(text);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const labelChars = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split(''));
const letterOrDigit = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
/** A DNS label: 1–63 of [a-z0-9-], no hyphen at either end. */
const label = fc
  .tuple(letterOrDigit, fc.string({ unit: labelChars, maxLength: 61 }), letterOrDigit, fc.boolean())
  .map(([a, mid, z, single]) => (single ? a : `${a}${mid}${z}`));
/** A top label with a letter: names whose top label is all digits are IPv4 or nothing (RFC 3696 §2). */
const topLabel = label.filter((l) => /[a-z]/.test(l));
const dnsName = fc
  .tuple(fc.array(label, { maxLength: 4 }), topLabel)
  .map(([ls, top]) => [...ls, top].join('.'))
  .filter((h) => h.length <= 253);
const serviceHost = fc
  .tuple(topLabel, topLabel, fc.constantFrom('.svc', '.svc.cluster.local'))
  .map(([name, ns, suffix]) => `${name}.${ns}${suffix}`);
const ipv4 = fc.ipV4().filter((s) => s !== '0.0.0.0');
const ipv6 = fc.ipV6().filter((s) => {
  const ip = parseIp(s);
  return ip?.family === 6 && ip.value !== 0n;
});
const host = fc.oneof(dnsName, serviceHost, ipv4, ipv6);
const port = fc.integer({ min: 1, max: 65535 });
/** Outside a URL, ports below 20 are read as image tags and flags (`postgres:16`), not addresses. */
const barePort = fc.integer({ min: 20, max: 65535 });
const scheme = fc.constantFrom(...Object.keys(SCHEME_DEFAULT_PORTS));

/** Invariants every result satisfies, whatever the input. */
function checkInvariants(value: string): void {
  for (const r of parseReferences(value)) {
    expect(r.start).toBeGreaterThanOrEqual(0);
    expect(r.end).toBeGreaterThan(r.start);
    expect(r.end).toBeLessThanOrEqual(value.length);
    expect(value.slice(r.start, r.end).toLowerCase()).toContain(r.host);
    expect(r.host).toBe(r.host.toLowerCase());
    if (r.port !== undefined) expect(r.port >= 1 && r.port <= 65535).toBe(true);
    if (r.portStated) expect(value.slice(r.start, r.end)).toContain(`:${r.port}`);
    expect(r.host).not.toMatch(/\{\{|\$\{|\$\(/);
  }
}

describe('parseReferences: properties', () => {
  it('never throws on any string, and every result keeps the invariants', () => {
    fc.assert(fc.property(fc.string(), (s) => checkInvariants(s)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => checkInvariants(s)), { numRuns: 500 });
  });

  it('never throws on strings built from URL-ish pieces', () => {
    const piece = fc.constantFrom(
      'http', 'postgres', 'jdbc:', 'oracle:thin:', 'mysql:', 'sqlserver', '://', '//', '@', ':', ',', ';', '/', '?', '#',
      '[', ']', '::', 'fd00', '\\', '=', ' ', '"', "'", '(', ')', '{{', '}}', '${', '$(', '}', '.', '-', '.svc',
      '.cluster.local', 'db', 'kafka-0', '5432', '0', '65536', '10', '1.2.3.4', 'localhost', '%', '\u0001',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { maxLength: 24 }), (pieces) => checkInvariants(pieces.join(''))),
      { numRuns: 2000 },
    );
  });

  it('a printed reference parses back to itself', () => {
    fc.assert(
      fc.property(host, barePort, port, fc.option(scheme, { nil: undefined }), (h, bp, up, s) => {
        const p = s === undefined ? bp : up;
        const r = { host: h, port: p, ...(s === undefined ? {} : { scheme: s }) };
        const text = formatReference(r);
        const refs = parseReferences(text);
        expect(refs).toHaveLength(1);
        expect(refs[0]).toMatchObject({ host: h.toLowerCase(), port: p, portStated: true });
        expect(refs[0]?.scheme).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('a URL without a port gets its scheme default back', () => {
    fc.assert(
      fc.property(host, scheme, (h, s) => {
        const refs = parseReferences(formatReference({ host: h, scheme: s }));
        expect(refs).toEqual([
          { host: h.toLowerCase(), port: SCHEME_DEFAULT_PORTS[s], portStated: false, scheme: s, start: s.length + 3, end: formatReference({ host: h, scheme: s }).length },
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('a cluster-suffixed host without a port parses back to itself', () => {
    fc.assert(
      fc.property(serviceHost, (h) => {
        expect(parseReferences(formatReference({ host: h }))).toEqual([{ host: h, portStated: false, start: 0, end: h.length }]);
      }),
    );
  });

  it('a list joins references that each parse on their own, at their own offsets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(dnsName, serviceHost, ipv4), barePort), { minLength: 1, maxLength: 5 }), fc.constantFrom(',', ' ', ';'), (items, sep) => {
        const texts = items.map(([h, p]) => formatReference({ host: h, port: p }));
        const value = texts.join(sep);
        const refs = parseReferences(value);
        expect(refs.map((r) => value.slice(r.start, r.end))).toEqual(texts);
        expect(refs.map((r) => [r.host, r.port])).toEqual(items);
      }),
    );
  });
});
