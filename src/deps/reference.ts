/**
 * The dependency reference parser: finds every network address a configuration value names
 * (`paymentservice:50051`, `postgres://orders-db.data:5432/orders`, `jdbc:oracle:thin:@//db:1521/x`,
 * `kafka-0:9092,kafka-1:9092`, `orders.data.svc.cluster.local`) with the exact offsets of each
 * `host[:port]` part. Pure string work: no model, no YAML; it never throws.
 *
 * Passes, each claiming the text it reads so that no part is read twice:
 *  1. Oracle thin/OCI JDBC URLs (`jdbc:oracle:thin:[user/pass]@…`), whose address follows an `@`.
 *  2. URLs `scheme://[userinfo@]host[:port][,host[:port]…][/…]`, JDBC ones included
 *     (`jdbc:postgresql://…`, `jdbc:mysql:replication://…`, `jdbc:sqlserver://host\inst:1433;…`).
 *  3. libpq keyword/value strings (`host=db port=5432 dbname=x`).
 *  4. ADO.NET-style `Key=Value;` connection strings (`Server=tcp:db,1433;Database=x`, `Host=db;Port=5432`).
 *  5. What remains, cut into tokens at whitespace, quotes, `=`, `,`, `;` and brackets: each token
 *     that is `host:port` (or `[v6]:port`) or a host with the cluster suffix is a reference.
 * Template markers (`{{ … }}`, `${…}`, `$(…)` — Helm/Go templates, shell, and the Kubernetes
 * dependent-variable syntax) are masked first, so a host built from one is never taken literally.
 */
import { parseIp } from '../engine/ip.js';

export interface ParsedReference {
  /** Host as written, lower-cased (DNS is case-insensitive), without trailing dot. */
  host: string;
  /** The port: stated, else the scheme's default; undefined when neither. */
  port?: number;
  portStated: boolean;
  /** URL scheme (lower-case) or JDBC sub-protocol ("postgresql", "mysql", …) when the reference is a URL. */
  scheme?: string;
  /** Offsets of the host (and port, when stated) in the parsed string: [start, end) of the whole `host[:port]` part. */
  start: number;
  end: number;
}

export interface ParseReferencesOptions {
  /**
   * Cluster DNS domains after `.svc` that mark a host as in-cluster without a port
   * (kubelet `clusterDomain`; default `cluster.local`). `name.ns.svc` always counts.
   */
  clusterDomains?: readonly string[];
}

/**
 * Default ports per scheme, used when a URL states none. Only schemes whose default is documented:
 * - http 80, https 443: RFC 9110 §4.2.1–4.2.2 (earlier RFC 1945 §3.2.2, RFC 7230 §2.7.1).
 * - postgres/postgresql 5432: https://www.postgresql.org/docs/current/libpq-connect.html (both
 *   scheme designators; port defaults to 5432) and the PostgreSQL JDBC driver docs (jdbc:postgresql).
 * - mysql 3306, mariadb 3306, sqlserver 1433, oracle 1521 (the JDBC sub-protocols):
 *   https://www.petefreitag.com/articles/jdbc_urls/ (Connector/J 3306),
 *   https://help.hcl-software.com/unica/Interact/en/26.1.0/Installation/datasources/information_for_jdbc_connection.html
 *   (MariaDB 3306, Oracle thin 1521, SQL Server 1433) and
 *   https://learn.microsoft.com/sql/connect/jdbc/building-the-connection-url ("The default is 1433").
 * - redis 6379, rediss 6379 (TLS uses the same default, not 6380):
 *   https://redis.io/docs/latest/develop/clients/connection-urls/ and the IANA provisional
 *   registrations https://www.iana.org/assignments/uri-schemes/prov/redis and …/prov/rediss.
 * - redis-sentinel 26379: the Lettuce RedisURI scheme (https://redis.github.io/lettuce/user-guide/connecting-redis)
 *   for Sentinel, whose default port is 26379 (https://github.com/redis/redis/blob/unstable/sentinel.conf).
 * - mongodb 27017: https://www.mongodb.com/docs/manual/reference/connection-string/ (":port Optional.
 *   The default value is :27017"). `mongodb+srv` has no port: SRV records give it.
 * - amqp 5672, amqps 5671: https://www.rabbitmq.com/uri-spec.html and Red Hat AMQ client docs.
 * - kafka 9092: Kafka's default listener `PLAINTEXT://:9092`
 *   (https://docs.confluent.io/platform/current/kafka/listeners.html; "Kafka Server 9092" in
 *   https://docs.huihoo.com/hortonworks/HDP-2.3.4/bk_HDP_Reference_Guide/content/kafka-ports.html); the `kafka://` scheme itself is
 *   a client convention (e.g. Faust), not a standard.
 * - nats 4222: https://docs.nats.io/using-nats/developer/connecting/specific_server
 * Left out: grpc (no registered scheme; gRPC name syntax `dns:///host:port` defaults by the client).
 */
export const SCHEME_DEFAULT_PORTS: Readonly<Record<string, number>> = Object.freeze({
  http: 80,
  https: 443,
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  sqlserver: 1433,
  oracle: 1521,
  redis: 6379,
  rediss: 6379,
  'redis-sentinel': 26379,
  mongodb: 27017,
  amqp: 5672,
  amqps: 5671,
  kafka: 9092,
  nats: 4222,
});

/** Schemes whose authority names no network host (a file, a socket path, a bucket). */
const NON_NETWORK_SCHEMES = new Set(['file', 'unix', 'redis-socket', 'redis+unix', 's3', 's3a', 's3n', 'gs', 'jar', 'classpath']);

const DEFAULT_CLUSTER_DOMAINS: readonly string[] = ['cluster.local'];

/** "host:port", or "scheme://host:port" when the reference has a scheme; parseReferences(formatReference(r)) gives back r's host/port/scheme. */
export function formatReference(r: Pick<ParsedReference, 'host' | 'port' | 'scheme'>): string {
  const host = r.host.includes(':') ? `[${r.host}]` : r.host;
  const hostPort = r.port === undefined ? host : `${host}:${r.port}`;
  return r.scheme === undefined ? hostPort : `${r.scheme}://${hostPort}`;
}

/** Every reference in one configuration value (an env value, an arg, a ConfigMap value); never throws. */
export function parseReferences(value: string, options: ParseReferencesOptions = {}): ParsedReference[] {
  const ctx: Context = {
    text: maskTemplates(value),
    claimed: new Uint8Array(value.length),
    clusterDomains: options.clusterDomains ?? DEFAULT_CLUSTER_DOMAINS,
    out: [],
  };
  readOracleUrls(ctx);
  readUrls(ctx);
  readLibpqStrings(ctx);
  readAdoNetStrings(ctx);
  readBareTokens(ctx);
  return ctx.out.sort((a, b) => a.start - b.start || a.end - b.end);
}

interface Context {
  /** The value with template markers masked (same length and offsets). */
  text: string;
  /** 1 where a pass has already read the character. */
  claimed: Uint8Array;
  clusterDomains: readonly string[];
  out: ParsedReference[];
}

// ---------------------------------------------------------------------------------------------
// Templates

/** A character no host, port or separator contains: a masked template keeps its token invalid. */
const MASK = '\u0001';

/**
 * Replaces `{{ … }}`, `${…}` and `$(…)` by MASK characters of the same length. An unclosed marker
 * masks to the end: what follows it is template text too.
 */
function maskTemplates(value: string): string {
  const markers: readonly [string, string][] = [
    ['{{', '}}'],
    ['${', '}'],
    ['$(', ')'],
  ];
  let out = value;
  for (const [open, close] of markers) {
    let from = 0;
    for (;;) {
      const start = out.indexOf(open, from);
      if (start < 0) break;
      const closeAt = out.indexOf(close, start + open.length);
      const end = closeAt < 0 ? out.length : closeAt + close.length;
      out = out.slice(0, start) + MASK.repeat(end - start) + out.slice(end);
      from = end;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pass 1: Oracle JDBC (`jdbc:oracle:thin:[user/password]@…`)

const ORACLE_PREFIX = /jdbc:oracle:(?:thin|oci8?):[^@\s"'`]*@/gi;
/** After the `@`: `[//|tcp://|tcps://]host[:port]` then `:SID`, `/service`, `?…` or the end. */
const ORACLE_ADDRESS = /^((?:tcps?:)?\/\/)?(\[[^\]\s]*\]|[^\s"'`:/?[\]]+)(?::(\d*))?(?=$|[:/?\s"'`])/i;

function readOracleUrls(ctx: Context): void {
  for (const m of ctx.text.matchAll(ORACLE_PREFIX)) {
    const prefixStart = m.index;
    const at = prefixStart + m[0].length;
    const tokenEnd = endOfToken(ctx.text, at);
    claim(ctx, prefixStart, tokenEnd);
    // `@(DESCRIPTION=(ADDRESS=…))` TNS descriptors are not read.
    const a = ORACLE_ADDRESS.exec(ctx.text.slice(at, tokenEnd));
    if (a === null) continue;
    const slashes = a[1] ?? '';
    const written = a[2] ?? '';
    const hostText = written.startsWith('[') ? written.slice(1, -1) : written;
    if (written.startsWith('[') && !hostText.includes(':')) continue;
    const portText = a[3];
    const after = ctx.text.charAt(at + a[0].length);
    // Without a port, `//` or a `/service`, the name is a TNS alias looked up in tnsnames.ora.
    if (portText === undefined && slashes === '' && after !== '/') continue;
    const ref = makeReference(hostText, portText, at + slashes.length, at + a[0].length, 'oracle', true, ctx);
    if (ref !== undefined) ctx.out.push(ref);
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 2: URLs with an authority, JDBC ones included

/** `scheme://` not preceded by a scheme character (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )). */
const URL_START = /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):\/\//g;
/** `jdbc:` followed by sub-protocol segments, right before a URL's scheme: `jdbc:mysql:replication://`. */
const JDBC_BEFORE = /(?<![A-Za-z0-9+.-])jdbc:((?:[A-Za-z0-9+.-]+:)*)$/i;

function readUrls(ctx: Context): void {
  const starts = [...ctx.text.matchAll(URL_START)].filter((m) => ctx.claimed[m.index] !== 1);
  starts.forEach((m, i) => {
    const schemeStart = m.index;
    const authorityStart = schemeStart + m[0].length;
    // A URL runs to the end of its token, or to the next URL of a comma-separated list.
    const next = starts[i + 1];
    const end = Math.min(endOfToken(ctx.text, authorityStart), next === undefined ? Infinity : next.index);
    const jdbc = JDBC_BEFORE.exec(ctx.text.slice(0, schemeStart));
    const urlStart = jdbc === null ? schemeStart : jdbc.index;
    claim(ctx, urlStart, end);
    const scheme = schemeOf((m[1] ?? '').toLowerCase(), jdbc?.[1]);
    if (NON_NETWORK_SCHEMES.has(scheme) || scheme.endsWith('+unix')) return;
    if (scheme === 'dns') readGrpcDnsTarget(ctx, authorityStart, end);
    else readAuthority(ctx, scheme, authorityStart, end);
  });
}

/** The URL's scheme, or for JDBC the first sub-protocol whose default port is known (`mysql` in `jdbc:mysql:replication://`). */
function schemeOf(urlScheme: string, jdbcSegments: string | undefined): string {
  if (jdbcSegments === undefined) return urlScheme;
  const names = [...jdbcSegments.split(':').filter((s) => s !== ''), urlScheme].map((s) => s.toLowerCase());
  return names.find((s) => SCHEME_DEFAULT_PORTS[s] !== undefined) ?? names[0] ?? urlScheme;
}

/**
 * The authority ends at the path, query or fragment (RFC 3986 §3.2), a JDBC `;property=value`
 * list, or a closing bracket of the surrounding text (`(see http://host:80)`).
 */
function readAuthority(ctx: Context, scheme: string, from: number, to: number): void {
  let end = from;
  while (end < to && !'/?#;)>}'.includes(ctx.text.charAt(end))) end++;
  const authority = ctx.text.slice(from, end);
  // userinfo ends at the last `@` (a password may hold one unencoded).
  const at = authority.lastIndexOf('@');
  let itemStart = from + at + 1;
  for (const item of authority.slice(at + 1).split(',')) {
    const ref = readUrlHost(ctx, scheme, item, itemStart);
    if (ref !== undefined) ctx.out.push(ref);
    itemStart += item.length + 1;
  }
}

/**
 * gRPC's name syntax `dns:[//authority/]host[:port]` (https://github.com/grpc/grpc/blob/master/doc/naming.md): the
 * authority is the DNS server to ask, the host is the path's first segment. Without a port the client's default
 * applies (443, or 80 for some insecure channels), so none is assumed.
 */
function readGrpcDnsTarget(ctx: Context, from: number, to: number): void {
  const slash = ctx.text.indexOf('/', from);
  if (slash < 0 || slash >= to) return;
  let end = slash + 1;
  while (end < to && !'/?#'.includes(ctx.text.charAt(end))) end++;
  const split = splitHostPort(ctx.text.slice(slash + 1, end));
  if (split === undefined) return;
  const ref = makeReference(split.host, split.port, slash + 1, end, undefined, true, ctx);
  if (ref !== undefined) ctx.out.push(ref);
}

function readUrlHost(ctx: Context, scheme: string, item: string, start: number): ParsedReference | undefined {
  const split = splitHostPort(item);
  if (split === undefined) return undefined;
  // SQL Server names an instance as `host\instance`; the port, when given, wins over it.
  const host = scheme === 'sqlserver' ? split.host.replace(/\\.*$/, '') : split.host;
  return makeReference(host, split.port, start, start + item.length, scheme, true, ctx);
}

// ---------------------------------------------------------------------------------------------
// Pass 3: libpq keyword/value connection strings

/**
 * PostgreSQL's libpq "Keyword/Value Connection Strings" (https://www.postgresql.org/docs/current/libpq-connect.html
 * §34.1.1.1): `keyword = value` pairs separated by whitespace, a value single-quoted when it holds spaces. `host` (or,
 * without it, `hostaddr`) may list several hosts and `port` several ports, comma-separated; one port serves every host
 * (§34.1.1.3); the port defaults to 5432. A value is taken as such a string only when it has `host=`/`hostaddr=` and
 * another libpq keyword, so `host=x` alone (a flag, a label) is not read.
 */
const LIBPQ_PAIR = /(?<![-A-Za-z0-9_])([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|[^\s']*)/g;
const LIBPQ_ONLY_KEYWORDS = new Set(['dbname', 'hostaddr', 'sslmode', 'passfile', 'connect_timeout', 'target_session_attrs', 'gssencmode', 'sslrootcert']);
const LIBPQ_KEYWORDS = new Set(['host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'sslmode', 'connect_timeout', 'application_name', 'target_session_attrs', 'options']);

function readLibpqStrings(ctx: Context): void {
  const text = unclaimedText(ctx);
  if (/[;]/.test(text)) return; // `;` separates ADO.NET pairs, never libpq ones
  const pairs = [...text.matchAll(LIBPQ_PAIR)].map((m) => ({ key: (m[1] ?? '').toLowerCase(), value: m[2] ?? '', valueStart: m.index + m[0].length - (m[2] ?? '').length, start: m.index, end: m.index + m[0].length }));
  const known = pairs.filter((p) => LIBPQ_KEYWORDS.has(p.key));
  const hostPair = known.find((p) => p.key === 'host') ?? known.find((p) => p.key === 'hostaddr');
  // `user=`/`password=` are too common elsewhere: a port or a keyword only libpq has makes it a libpq string.
  if (!hostPair || !known.some((p) => p.key === 'port' || LIBPQ_ONLY_KEYWORDS.has(p.key))) return;
  const portPair = known.find((p) => p.key === 'port');
  for (const p of known) claim(ctx, p.start, p.end);
  const quoted = (p: { value: string; valueStart: number }) => (p.value.startsWith("'") ? { text: p.value.slice(1, -1), at: p.valueStart + 1 } : { text: p.value, at: p.valueStart });
  const hosts = splitList(quoted(hostPair));
  const ports = portPair ? splitList(quoted(portPair)) : [];
  hosts.forEach((h, i) => {
    // One port serves every host; an empty item of a list is the default port (§34.1.1.3).
    const port = ports.length === 1 ? ports[0] : ports[i];
    const portText = port?.text === '' ? undefined : port?.text;
    if (h.text === '') return;
    // A port written elsewhere in the string: the span is the host alone.
    const ref = makeReference(h.text, portText, h.start, h.start + h.text.length, 'postgresql', true, ctx, portText !== undefined);
    if (ref !== undefined) ctx.out.push(ref);
  });
}

/** The items of a comma-separated value, each with its offset in the string; empty items keep their place. */
function splitList(value: { text: string; at: number }): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let at = value.at;
  for (const item of value.text.split(',')) {
    const lead = item.length - item.trimStart().length;
    out.push({ text: item.trim(), start: at + lead });
    at += item.length + 1;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Pass 4: ADO.NET-style connection strings

/**
 * `Key=Value;` pairs (the ADO.NET connection string grammar, DbConnectionStringBuilder). The server is `Data Source`
 * or a synonym — Server, Address, Addr, Network Address (SqlConnection.ConnectionString), Host (Npgsql, MySqlConnector)
 * — written as SQL Server does `[tcp:]host[\instance][,port]`; a `Port=` pair gives the port otherwise. The port
 * defaults to 1433 only when the string is SQL Server's (a `tcp:` prefix, a `host,port` server, or a keyword only
 * SqlClient has): Npgsql and MySQL strings share the other keywords, so their default is not guessed.
 * `np:`/`lpc:` servers (named pipes, shared memory) and `(local)` are not network hosts.
 */
const ADO_SERVER_KEYS = new Set(['data source', 'datasource', 'server', 'address', 'addr', 'network address', 'host']);
const ADO_OTHER_KEYS = new Set(['database', 'initial catalog', 'user id', 'uid', 'username', 'user', 'password', 'pwd', 'port', 'integrated security', 'trusted_connection', 'encrypt', 'trustservercertificate', 'sslmode', 'ssl mode', 'multipleactiveresultsets', 'applicationintent', 'multisubnetfailover', 'timeout', 'connect timeout', 'connection timeout', 'pooling']);
const SQL_SERVER_ONLY_KEYS = new Set(['initial catalog', 'integrated security', 'trusted_connection', 'trustservercertificate', 'multipleactiveresultsets', 'applicationintent', 'multisubnetfailover']);
const SQLITE_FILE = /[/|]|\.(db|db3|sqlite|sqlite3)$|^:memory:$/i;
const ADO_PAIR = /(?:^|;)\s*([A-Za-z][A-Za-z _]*?)\s*=\s*([^;]*)/g;

function readAdoNetStrings(ctx: Context): void {
  const text = unclaimedText(ctx);
  if (!text.includes(';')) return;
  const pairs = [...text.matchAll(ADO_PAIR)].map((m) => {
    const raw = m[2] ?? '';
    return { key: (m[1] ?? '').toLowerCase(), value: raw.trim(), valueStart: m.index + m[0].length - raw.length + (raw.length - raw.trimStart().length), start: m.index, end: m.index + m[0].length };
  });
  const server = pairs.find((p) => ADO_SERVER_KEYS.has(p.key));
  if (!server || !pairs.some((p) => ADO_OTHER_KEYS.has(p.key))) return;
  // Microsoft.Data.Sqlite: `Data Source` is a file (`blog.db`, `|DataDirectory|/x`, `:memory:`), `Mode`/`Cache` its keywords.
  if (SQLITE_FILE.test(server.value) || pairs.some((p) => p.key === 'mode' || p.key === 'cache')) return;
  for (const p of pairs) if (ADO_SERVER_KEYS.has(p.key) || ADO_OTHER_KEYS.has(p.key)) claim(ctx, p.start, p.end);
  const m = /^(?:(tcp|np|lpc|admin):)?([^\\,]+)(?:\\[^,]*)?(?:,\s*(\d+))?$/i.exec(server.value);
  if (!m || (m[1] !== undefined && m[1].toLowerCase() !== 'tcp')) return;
  const host = m[2]!.trim();
  if (host === '.' || host.startsWith('(')) return; // the local machine
  const hostStart = server.valueStart + (m[1] ? m[1].length + 1 : 0) + (m[2]!.length - m[2]!.trimStart().length);
  const portPair = pairs.find((p) => p.key === 'port');
  const commaPort = m[3];
  const sqlServer = m[1] !== undefined || commaPort !== undefined || pairs.some((p) => SQL_SERVER_ONLY_KEYS.has(p.key));
  if (commaPort !== undefined) {
    // `host,port`: the span runs over both.
    const end = server.valueStart + server.value.length;
    const ref = makeReference(host, commaPort, hostStart, end, 'sqlserver', true, ctx);
    if (ref !== undefined) ctx.out.push({ ...ref, end: hostStart + server.value.slice(hostStart - server.valueStart).length });
    return;
  }
  const ref = makeReference(host, portPair?.value, hostStart, hostStart + host.length, sqlServer ? 'sqlserver' : undefined, true, ctx, portPair !== undefined);
  if (ref !== undefined) ctx.out.push(ref);
}

// ---------------------------------------------------------------------------------------------
// Pass 5: bare `host:port` tokens and cluster-suffixed hosts

/** Token separators: whitespace, quotes, `=` (flags, key=value), list and statement separators, brackets other than `[]`. */
const BARE_TOKEN = /[^\s"'`=,;()<>{}|&]+/g;

function readBareTokens(ctx: Context): void {
  for (const m of unclaimedText(ctx).matchAll(BARE_TOKEN)) {
    const token = m[0];
    // A path (`host:8080/api`) or query ends the address; `user@host` and e-mail addresses are not read.
    const cut = token.search(/[/?#]/);
    const hostPort = cut < 0 ? token : token.slice(0, cut);
    if (hostPort === '' || hostPort.includes('@')) continue;
    const split = splitHostPort(hostPort);
    if (split === undefined) continue;
    // `postgres:16`, `redis:7`, `beta:1`: image tags and flags, not addresses — no application serves below port 20.
    if (split.port !== undefined && /^[0-9]+$/.test(split.port) && Number(split.port) < 20) continue;
    const ref = makeReference(split.host, split.port, m.index, m.index + hostPort.length, undefined, false, ctx);
    if (ref !== undefined) ctx.out.push(ref);
  }
}

/** The masked text with claimed characters turned into spaces (same offsets). */
function unclaimedText(ctx: Context): string {
  let out = '';
  for (let i = 0; i < ctx.text.length; i++) out += ctx.claimed[i] === 1 ? ' ' : ctx.text.charAt(i);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** `host`, `host:port`, `[v6]`, `[v6]:port`; port undefined when absent, '' when the colon is bare. */
function splitHostPort(item: string): { host: string; port: string | undefined } | undefined {
  if (item.startsWith('[')) {
    const close = item.indexOf(']');
    const host = item.slice(1, close);
    const rest = item.slice(close + 1);
    // Brackets hold an IPv6 literal only (RFC 3986 §3.2.2).
    if (close < 0 || !host.includes(':') || (rest !== '' && !rest.startsWith(':'))) return undefined;
    return { host, port: rest === '' ? undefined : rest.slice(1) };
  }
  const parts = item.split(':');
  // More than one colon: a time (10:30:00), a port mapping (8080:80), an unbracketed IPv6 address.
  if (parts.length > 2) return undefined;
  return { host: parts[0] ?? '', port: parts[1] };
}

/**
 * Validates host and port and builds the reference. In a URL, a host alone is enough (the scheme
 * may give the port); outside one, a reference needs a port or the cluster suffix.
 */
function makeReference(
  rawHost: string,
  portText: string | undefined,
  start: number,
  end: number,
  scheme: string | undefined,
  inUrl: boolean,
  ctx: Context,
  /** The port is written elsewhere in the string (a `port=` pair): the span is the host alone. */
  portApart = false,
): ParsedReference | undefined {
  const host = normalizeHost(rawHost);
  if (host === undefined) return undefined;
  const stated = portText !== undefined && portText !== '';
  let port: number | undefined;
  if (stated) {
    port = parsePort(portText);
    if (port === undefined) return undefined;
  } else if (portText === '' && !inUrl) {
    return undefined; // `key:` is a label, not an address
  } else if (scheme !== undefined) {
    port = SCHEME_DEFAULT_PORTS[scheme];
  }
  if (!inUrl && !stated && !hasClusterSuffix(host, ctx.clusterDomains)) return undefined;
  // Offsets cover `host[:port]`; a bare trailing colon (`http://host:/`) is left out.
  const spanEnd = portText === '' && !portApart ? end - 1 : end;
  const ref: ParsedReference = { host, portStated: stated, start, end: spanEnd };
  if (port !== undefined) ref.port = port;
  if (scheme !== undefined) ref.scheme = scheme;
  return ref;
}

/** Lower-cased host without its trailing dot, when it is a DNS name or an IP address that can be a destination. */
function normalizeHost(raw: string): string | undefined {
  if (raw.includes(':')) {
    // Only reached for bracketed text: an IPv6 literal.
    const ip = parseIp(raw);
    return ip?.family === 6 && ip.value !== 0n ? raw.toLowerCase() : undefined;
  }
  const host = (raw.endsWith('.') ? raw.slice(0, -1) : raw).toLowerCase();
  if (!isDnsName(host)) return undefined;
  const labels = host.split('.');
  // RFC 3696 §2: a top-level label is never all-numeric, so such a name must be a dotted IPv4
  // address; this also keeps versions (1.2.3) and times (10:30) out.
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) {
    const ip = parseIp(host);
    // 0.0.0.0 is a listen address, never a destination (RFC 1122 §3.2.1.3).
    return ip?.family === 4 && ip.value !== 0n ? host : undefined;
  }
  return host;
}

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** RFC 1123 host name: labels of [a-z0-9-], 1–63 characters, no leading or trailing hyphen, ≤ 253 in all. */
export function isDnsName(host: string): boolean {
  return host.length > 0 && host.length <= 253 && host.split('.').every((l) => DNS_LABEL.test(l));
}

function parsePort(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,4}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/**
 * `<name>.<namespace>.svc` or `….svc.<cluster domain>`, with one or more labels before the
 * namespace (a StatefulSet pod: `kafka-0.kafka-headless.data.svc.cluster.local`).
 */
export function hasClusterSuffix(host: string, clusterDomains: readonly string[] = DEFAULT_CLUSTER_DOMAINS): boolean {
  return clusterLabels(host, clusterDomains) !== undefined;
}

/**
 * The labels before `svc` of a cluster-suffixed host (`name.ns` of `name.ns.svc[.<domain>]`, `pod.name.ns` of a
 * headless Service's pod name); undefined when the host carries no cluster suffix.
 */
export function clusterLabels(host: string, clusterDomains: readonly string[] = DEFAULT_CLUSTER_DOMAINS): string[] | undefined {
  const labels = host.split('.');
  for (let i = 2; i < labels.length; i++) {
    if (labels[i] !== 'svc') continue;
    const rest = labels.slice(i + 1).join('.');
    if (rest === '' || clusterDomains.includes(rest)) return labels.slice(0, i);
  }
  return undefined;
}

/** The end of the whitespace/quote-delimited token that starts at or before `from`. */
function endOfToken(text: string, from: number): number {
  let i = from;
  while (i < text.length && !/[\s"'`]/.test(text.charAt(i))) i++;
  return i;
}

function claim(ctx: Context, from: number, to: number): void {
  ctx.claimed.fill(1, from, to);
}
