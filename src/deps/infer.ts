/**
 * Declared dependencies: what each workload's configuration says it calls (`PAYMENT_SERVICE_ADDR=paymentservice:50051`,
 * `DATABASE_URL=postgres://orders-db.data:5432/orders`), resolved the way cluster DNS resolves a pod's lookups.
 *
 * Kubernetes "DNS for Services and Pods": a pod in namespace `ns` searches `ns.svc.<domain>`, `svc.<domain>` and
 * `<domain>` (ndots 5), so `name` is the Service `name` in `ns`; `name.other` the Service `name` in namespace
 * `other`; `name.other.svc[.<domain>]` the same written out; `pod.name.other.svc.<domain>` a pod of the headless
 * Service `name` (StatefulSet pods). The cluster domain is taken to be `cluster.local`.
 *
 * A host is a cluster reference when it names a Service of the input, carries the cluster suffix (`.svc`,
 * `.svc.cluster.local`) or has the form `name.namespace` for a namespace of the input; every other host is external.
 */
import type { SourceRef } from '../core/source.js';
import type { ServicePort } from '../loader/schemas/index.js';
import { TextLocator } from '../model/cni/values.js';
import type { Model, ServiceNode, Workload } from '../model/types.js';
import { editDistance } from '../core/text.js';
import { parseIp } from '../engine/ip.js';
import { isHeadless, serviceTypeOf } from '../model/services.js';
import { DEFAULT_DEPS_OPTIONS, type DependencyPattern, type DepsOptions } from './options.js';
import { clusterLabels, isDnsName, parseReferences, type ParsedReference } from './reference.js';
import { configValues, type ConfigValue } from './values.js';

export type DependencyTarget =
  /** `pod`: the host names one pod of the Service (`kafka-0.kafka.data.svc`), which resolves only for a headless one. */
  | { kind: 'service'; service: ServiceNode; pod?: string }
  /** A cluster reference to a Service the input does not have. */
  | { kind: 'missing-service'; namespace: string; name: string }
  | { kind: 'external'; host: string }
  /** `kubernetes.default.svc`: the API server, which every cluster publishes as Service default/kubernetes. */
  | { kind: 'api-server' }
  /** The pod itself: localhost, 127.0.0.0/8, ::1. */
  | { kind: 'local' };

export interface Dependency {
  workload: Workload;
  container: string;
  value: ConfigValue;
  reference: ParsedReference;
  /** The reference's own text in the file (the whole value when its characters cannot be mapped exactly). */
  at: SourceRef;
  target: DependencyTarget;
  /** For a Service target with a port: the Service port of that number; undefined when it has none. */
  servicePort?: ServicePort;
  /** The port was read from a sibling variable (`DB_PORT` for `DB_HOST`): how that value is reached. */
  portFrom?: string;
  /** The ExternalName Service the reference names, when its `.svc` externalName led to `target`. */
  alias?: ServiceNode;
}

const cache = new WeakMap<Model, Map<DepsOptions, Dependency[]>>();

/** Every declared dependency of every workload in the input, in workload and document order (cached per model and options). */
export function declaredDependencies(model: Model, options: DepsOptions = DEFAULT_DEPS_OPTIONS): Dependency[] {
  let byOptions = cache.get(model);
  if (!byOptions) cache.set(model, (byOptions = new Map()));
  let found = byOptions.get(options);
  if (!found) {
    const locator = new TextLocator(model.texts);
    found = model.workloads.flatMap((w) => (w.implicit ? [] : workloadDependencies(model, w, locator, options)));
    byOptions.set(options, found);
  }
  return found;
}

function workloadDependencies(model: Model, w: Workload, locator: TextLocator, options: DepsOptions): Dependency[] {
  const out: Dependency[] = [];
  const values = configValues(model, w);
  const resolve = (host: string, declared: boolean) => resolveHost(model, w.namespace, host, { declared, clusterDomains: options.clusterDomains });
  for (const value of values) {
    const references = referencesIn(value, options);
    const read: { reference: ParsedReference; target: DependencyTarget; portFrom?: string }[] = references.map((reference) => ({ reference, target: resolve(reference.host, value.declared ?? false) }));
    if (references.length === 0 && !value.mounted) read.push(...hostVariableReferences(value, values, resolve, (svc) => model.backendsOf(svc).includes(w)));
    for (const { reference, target: named, portFrom } of read) {
      if (isIgnored(reference.host, named, options)) continue;
      // A configuration file also names documentation, examples and the internet: only its cluster names are calls.
      if (value.mounted && named.kind !== 'service' && named.kind !== 'missing-service' && named.kind !== 'api-server') continue;
      const { target, alias } = followAlias(model, named, options.clusterDomains);
      const servicePort = target.kind === 'service' && reference.port !== undefined ? (target.service.manifest.spec?.ports ?? []).find((p) => p.port === reference.port) : undefined;
      out.push({
        workload: w,
        container: value.container,
        value,
        reference,
        at: locator.part(value.host, value.path, value.text, reference.start, reference.end),
        target,
        ...(servicePort ? { servicePort } : {}),
        ...(portFrom !== undefined ? { portFrom } : {}),
        ...(alias ? { alias } : {}),
      });
    }
  }
  return out;
}

/**
 * Names a server publishes or listens on, not names it calls: `KC_HOSTNAME`, `KAFKA_ADVERTISED_HOST`, `LISTEN_ADDR`,
 * `BIND_ADDRESS`, `PUBLIC_HOST`, `EXTERNAL_HOSTNAME`.
 */
const OWN_NAME_VARIABLE = /ADVERTIS|LISTEN|BIND|PUBLIC|EXTERNAL|ANNOUNCE|SELF|(^|_)HOSTNAME$/i;

/**
 * An ExternalName Service is a CNAME to its externalName (Kubernetes, Service type ExternalName). When that is a
 * cluster name (`orders.data.svc.cluster.local`: a CNAME target is absolute, so only a `.svc` name is the cluster's),
 * the call goes to the Service it names: one alias is followed, an alias of an alias is left to the check.
 */
function followAlias(model: Model, target: DependencyTarget, clusterDomains: readonly string[]): { target: DependencyTarget; alias?: ServiceNode } {
  if (target.kind !== 'service' || serviceTypeOf(target.service) !== 'ExternalName') return { target };
  const name = target.service.manifest.spec?.externalName?.toLowerCase().replace(/\.$/, '');
  if (!name || clusterLabels(name, clusterDomains) === undefined) return { target };
  const aliased = resolveHost(model, target.service.namespace, name, { clusterDomains });
  if (aliased.kind === 'service' && serviceTypeOf(aliased.service) === 'ExternalName') return { target };
  return { target: aliased, alias: target.service };
}

/** Variables whose name says their value is a host: `DB_HOST`, `REDIS_ADDR`, `CASSANDRA_SEEDS`, `SMTP_SERVER`. */
const HOST_VARIABLE = /^(.*?)_?(HOST|HOSTNAME|HOSTS|ADDR|ADDRESS|SERVER|SERVERS|SEEDS)$/i;

/**
 * A bare host in a variable named for one (`DB_HOST=teastore-db`, `CASSANDRA_SEEDS=cassandra-0.cassandra`): the
 * parser needs a port or a cluster suffix to call a word a host, but the variable's name says it is one. Only hosts
 * that name a Service of the input (or a pod of a headless one, or the API server) count — a word that names nothing
 * is left alone. The port comes from the sibling variable of the same container (`DB_PORT`), when it holds a number;
 * otherwise the call may use any Service port.
 */
function hostVariableReferences(
  value: ConfigValue,
  values: readonly ConfigValue[],
  resolve: (host: string, declared: boolean) => DependencyTarget,
  self: (svc: ServiceNode) => boolean,
): { reference: ParsedReference; target: DependencyTarget; portFrom?: string }[] {
  const m = value.names.filter((n) => !OWN_NAME_VARIABLE.test(n)).map((n) => HOST_VARIABLE.exec(n)).find((x) => x !== null);
  if (!m || value.declared) return [];
  const portName = `${m[1]}${m[1] ? '_' : ''}PORT`.toUpperCase();
  const sibling = values.find((v) => v.container === value.container && v.names.some((n) => n.toUpperCase() === portName) && /^\s*\d{1,5}\s*$/.test(v.text));
  const siblingPort = sibling ? Number(sibling.text.trim()) : undefined;
  const port = siblingPort !== undefined && siblingPort >= 1 && siblingPort <= 65535 ? siblingPort : undefined;
  const out: { reference: ParsedReference; target: DependencyTarget; portFrom?: string }[] = [];
  for (const item of value.text.matchAll(/[^,\s]+/g)) {
    const host = item[0].toLowerCase().replace(/\.$/, '');
    if (!isDnsName(host)) continue;
    const target = resolve(host, false);
    if (target.kind !== 'service' && target.kind !== 'api-server') continue;
    // A workload naming a Service of its own pods names itself (what it answers to), not a call — unless it names
    // one pod of it: a peer (`CASSANDRA_SEEDS=cassandra-0.cassandra`).
    if (target.kind === 'service' && target.pod === undefined && self(target.service)) continue;
    const reference: ParsedReference = { host, portStated: port !== undefined, start: item.index, end: item.index + item[0].length, ...(port !== undefined ? { port } : {}) };
    out.push({ reference, target, ...(port !== undefined && sibling ? { portFrom: sibling.via } : {}) });
  }
  return out;
}

/**
 * The built-in readings of a value and the configured patterns' matches. A pattern match wins over a built-in
 * reference it overlaps: the team wrote the pattern for that syntax. An explicit declaration also lists bare hosts.
 */
function referencesIn(value: ConfigValue, options: DepsOptions): ParsedReference[] {
  const builtIn = parseReferences(value.text, { clusterDomains: options.clusterDomains });
  const custom = options.patterns.flatMap((p) => patternReferences(value, p));
  const declaredHosts = value.declared ? bareHosts(value.text, builtIn) : [];
  const overlapsCustom = (r: ParsedReference) => custom.some((c) => r.start < c.end && c.start < r.end);
  return [...builtIn.filter((r) => !overlapsCustom(r)), ...custom, ...declaredHosts].sort((a, b) => a.start - b.start || a.end - b.end);
}


function patternReferences(value: ConfigValue, pattern: DependencyPattern): ParsedReference[] {
  if (pattern.variables && !value.names.some((n) => pattern.variables!.some((v) => v.test(n)))) return [];
  const out: ParsedReference[] = [];
  pattern.regex.lastIndex = 0;
  for (const m of value.text.matchAll(pattern.regex)) {
    const hostAt = m.indices?.groups?.['host'];
    const host = m.groups?.['host']?.toLowerCase().replace(/\.$/, '');
    if (!hostAt || !host || !(isDnsName(host) || parseIp(host))) continue;
    const portAt = m.indices?.groups?.['port'];
    const portText = m.groups?.['port'];
    const stated = portText !== undefined && /^\d{1,5}$/.test(portText) && Number(portText) >= 1 && Number(portText) <= 65535 ? Number(portText) : undefined;
    const port = stated ?? pattern.port;
    const end = stated !== undefined && portAt && portAt[1] > hostAt[1] ? portAt[1] : hostAt[1];
    out.push({ host, ...(port !== undefined ? { port } : {}), portStated: stated !== undefined, start: hostAt[0], end });
  }
  return out;
}

/** In `netreach.io/depends-on`, the items without a port (`orders-db.data`) the parser leaves alone elsewhere. */
function bareHosts(text: string, found: readonly ParsedReference[]): ParsedReference[] {
  const out: ParsedReference[] = [];
  for (const m of text.matchAll(/[^,\s]+/g)) {
    const start = m.index;
    const end = start + m[0].length;
    if (found.some((r) => r.start < end && start < r.end)) continue;
    const host = m[0].toLowerCase().replace(/\.$/, '');
    if (isDnsName(host)) out.push({ host, portStated: false, start, end });
  }
  return out;
}

/** Whether netreach.yaml `dependencies.ignoreHosts` names the host as written or, for a cluster target, one of its DNS names. */
function isIgnored(host: string, target: DependencyTarget, options: DepsOptions): boolean {
  if (options.ignoreHosts.length === 0) return false;
  const names = [host];
  const service = target.kind === 'service' ? target.service : target.kind === 'missing-service' ? target : target.kind === 'api-server' ? { namespace: 'default', name: 'kubernetes' } : undefined;
  if (service) {
    const short = `${service.name}.${service.namespace}`;
    names.push(short, `${short}.svc`, ...options.clusterDomains.map((d) => `${short}.svc.${d}`));
  }
  return options.ignoreHosts.some((re) => names.some((n) => re.test(n)));
}

/**
 * Top-level domains (IANA root zone: the common generic ones and the country codes in wide use) that a two-label
 * host such as `mollie.nl` ends in far more often than a namespace is named: such a host is taken as public.
 */
export const PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  ...['com', 'net', 'org', 'io', 'dev', 'app', 'cloud', 'ai', 'co', 'info', 'biz', 'edu', 'gov', 'mil', 'int', 'eu', 'me', 'tv', 'xyz'],
  ...['online', 'site', 'tech', 'shop', 'store', 'page', 'blog', 'email', 'link', 'live', 'pro', 'global', 'digital', 'network', 'systems', 'services'],
  ...['uk', 'de', 'us', 'nl', 'fr', 'it', 'es', 'pt', 'be', 'ch', 'at', 'se', 'no', 'dk', 'fi', 'is', 'ie', 'pl', 'cz', 'sk', 'hu', 'ro', 'bg', 'gr'],
  ...['ru', 'ua', 'by', 'lt', 'lv', 'ee', 'si', 'hr', 'rs', 'tr', 'il', 'ae', 'sa', 'in', 'cn', 'hk', 'tw', 'jp', 'kr', 'sg', 'my', 'th', 'vn', 'id'],
  ...['ph', 'au', 'nz', 'ca', 'mx', 'br', 'ar', 'cl', 'pe', 'za', 'ng', 'ke', 'eg', 'lu', 'li', 'mt', 'cy', 'gg', 'je', 'im', 'ly', 'to', 'cc', 'ws'],
]);

/**
 * Whether a host the input resolves to nothing reads as a cluster name anyway: a name without dots, or `name.namespace`
 * whose last label is no public domain. A pod's search path tries the cluster first, so it is most likely a Service
 * (of a namespace) deployed from elsewhere, not a host outside the cluster.
 */
export function looksLikeClusterName(host: string): boolean {
  if (parseIp(host)) return false;
  const labels = host.split('.');
  return labels.length === 1 || (labels.length === 2 && !PUBLIC_SUFFIXES.has(labels[1]!));
}

export interface ResolveOptions {
  /** An explicit declaration: `name` and `name.namespace` always mean a Service (missing when the input lacks it). */
  declared?: boolean;
  clusterDomains?: readonly string[];
}

/** localhost, 127.0.0.0/8, ::1: the pod itself. */
function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  const ip = parseIp(host);
  return ip !== undefined && (ip.family === 4 ? ip.value >> 24n === 127n : ip.value === 1n);
}

/**
 * What a host names, looked up from a pod in `namespace` the way cluster DNS answers it: the pod's search path is
 * `<namespace>.svc.<domain>`, `svc.<domain>`, `<domain>` with ndots 5, so `a.b` is first the pod `a` of a headless
 * Service `b` of the pod's own namespace, then the Service `a` of namespace `b`.
 */
export function resolveHost(model: Model, namespace: string, host: string, options: ResolveOptions = {}): DependencyTarget {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isLoopback(h)) return { kind: 'local' };
  if (parseIp(h)) return { kind: 'external', host: h };
  const suffixed = clusterLabels(h, options.clusterDomains);
  const parts = suffixed ?? h.split('.');
  if (suffixed !== undefined) {
    // name.ns.svc…, or pod.name.ns.svc… (a pod of a headless Service).
    if (parts.length === 2) return serviceTarget(model, parts[1]!, parts[0]!);
    if (parts.length === 3) return serviceTarget(model, parts[2]!, parts[1]!, parts[0]!);
    return { kind: 'external', host: h };
  }
  if (parts.length === 1) {
    if (options.declared) return serviceTarget(model, namespace, parts[0]!);
    const service = model.service(namespace, parts[0]!);
    if (service) return { kind: 'service', service };
    // A slip of a Service's name (a typo, a dropped or added "service" suffix) is the Service meant, not a host elsewhere.
    return misspeltService(model, namespace, parts[0]!) ? { kind: 'missing-service', namespace, name: parts[0]! } : { kind: 'external', host: h };
  }
  if (parts.length === 2) {
    const [first, second] = parts as [string, string];
    const headless = model.service(namespace, second);
    if (headless && isHeadless(headless) && podOwner(model, headless, first)) return { kind: 'service', service: headless, pod: first };
    // name.ns: a Service in another namespace, when that namespace is the input's (or the workload declares it so).
    const declaredService = options.declared && !PUBLIC_SUFFIXES.has(second);
    if (declaredService || model.namespace(second) || (second === 'default' && first === 'kubernetes')) return serviceTarget(model, second, first);
  }
  return { kind: 'external', host: h };
}

/**
 * The workload whose pod `pod.<service>` names, if any: DNS has a record for a pod under a headless Service only when
 * the pod's `hostname` and `subdomain` say so — a StatefulSet's pods `<name>-<ordinal>` with `serviceName: <service>`,
 * or a pod template setting both (Kubernetes, DNS for Services and Pods: "Pod's hostname and subdomain fields").
 */
export function podOwner(model: Model, svc: ServiceNode, pod: string): Workload | undefined {
  return model.workloadsIn(svc.namespace).find((w) => {
    const spec = w.template.spec;
    if (spec.hostname === pod && spec.subdomain === svc.name) return true;
    if (w.kind !== 'StatefulSet') return false;
    const serviceName = (w.object?.manifest.spec as { serviceName?: unknown } | undefined)?.serviceName;
    const ordinal = pod.startsWith(`${w.name}-`) ? pod.slice(w.name.length + 1) : undefined;
    return serviceName === svc.name && ordinal !== undefined && /^(0|[1-9][0-9]*)$/.test(ordinal) && Number(ordinal) < (w.replicas ?? 1);
  });
}

const SERVICE_SUFFIX = /-?(service|svc)$/;

/**
 * Whether a bare name that is no Service of the namespace is one misspelt: within two edits of a Service's name (names
 * of five characters or more), or equal to one once a `service`/`svc` suffix is dropped from both (`currency` for
 * `currencyservice`). Other bare names stay external: the input may simply not hold everything the pod resolves.
 */
function misspeltService(model: Model, namespace: string, name: string): boolean {
  const stem = name.replace(SERVICE_SUFFIX, '');
  return servicesIn(model, namespace).some((s) => (name.length >= 5 && editDistance(s.name, name) <= 2) || (stem.length >= 3 && s.name.replace(SERVICE_SUFFIX, '') === stem));
}

const servicesByNamespace = new WeakMap<Model, Map<string, ServiceNode[]>>();

export function servicesIn(model: Model, namespace: string): readonly ServiceNode[] {
  let index = servicesByNamespace.get(model);
  if (!index) {
    index = new Map();
    for (const s of model.services) {
      const list = index.get(s.namespace);
      if (list) list.push(s);
      else index.set(s.namespace, [s]);
    }
    servicesByNamespace.set(model, index);
  }
  return index.get(namespace) ?? [];
}

function serviceTarget(model: Model, namespace: string, name: string, pod?: string): DependencyTarget {
  const service = model.service(namespace, name);
  if (service) return { kind: 'service', service, ...(pod !== undefined ? { pod } : {}) };
  // The API server publishes itself as default/kubernetes in every cluster, whether or not the input shows it.
  if (namespace === 'default' && name === 'kubernetes') return { kind: 'api-server' };
  return { kind: 'missing-service', namespace, name };
}
