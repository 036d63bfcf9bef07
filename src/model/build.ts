/**
 * LoadResult → Model: typed elements, what every cluster has even when the files don't say so, and
 * one graph of typed edges between them.
 */
import { Graph } from '@dagrejs/graphlib';
import { compareRefs, compareStrings } from '../core/source.js';
import type { LoadedObject, LoadResult } from '../loader/types.js';
import type * as M from '../loader/schemas/index.js';
import { elementId, fqnOf, namespaceOf } from './identity.js';
import { buildInfra } from './infra/build.js';
import { nodeGroupsFor } from './infra/placement.js';
import { cniSettings, type CniSettings } from './cni/settings.js';
import { workloadMatchesMap } from './pod-labels.js';
import { gatewayParentRefs, ingressBackends, serviceBackendRefs } from './routes.js';
import { matchesSelector } from './selectors.js';
import { serviceSelector } from './services.js';
import type {
  EdgeKind,
  EdgeLabel,
  ElementType,
  InfraElementType,
  EndpointSliceNode,
  EndpointsNode,
  Model,
  ModelElements,
  ModelOptions,
  NamespaceNode,
  RouteKind,
  ServiceNode,
  Workload,
} from './types.js';
import { buildWorkloads, implicitCoreDns } from './workloads.js';
import { customPodLabels, type CustomPodLabels } from './custom-pods.js';

/** Namespaces every cluster has (kube-system runs CoreDNS; `default` takes objects without a namespace). */
const BUILTIN_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const ROUTE_KINDS: readonly RouteKind[] = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'];
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const byId = <T extends { id: string }>(a: T, b: T) => compareStrings(a.id, b.id);

function namespaced<T extends M.Service | M.Endpoints | M.EndpointSlice | M.Ingress | M.Gateway | M.Route | M.ReferenceGrant | M.NetworkPolicy | M.HorizontalPodAutoscaler | M.ConfigMap>(
  obj: LoadedObject,
) {
  const namespace = namespaceOf(obj.manifest);
  const manifest = obj.manifest as unknown as T;
  return {
    id: elementId(obj.kind, namespace, obj.manifest.metadata.name),
    fqn: fqnOf(obj, namespace),
    name: obj.manifest.metadata.name,
    namespace,
    object: obj as unknown as LoadedObject<T & LoadedObject['manifest']>,
    manifest,
  };
}

function clusterScoped<T>(obj: LoadedObject) {
  return {
    id: elementId(obj.kind, undefined, obj.manifest.metadata.name),
    fqn: fqnOf(obj, undefined),
    name: obj.manifest.metadata.name,
    object: obj as never,
    manifest: obj.manifest as unknown as T,
  };
}

export function buildModel(load: LoadResult, options: ModelOptions = {}): Model {
  const { unique, shadowed } = dedupe(load.objects);
  const ofKind = (kind: string) => unique.filter((o) => o.kind === kind);

  // Namespaces: declared, built in, and every one an object lives in.
  const namespaces = new Map<string, NamespaceNode>();
  for (const obj of ofKind('Namespace')) {
    const name = obj.manifest.metadata.name;
    if (namespaces.has(name)) continue; // defensive: dedupe() already kept one per name
    namespaces.set(name, {
      id: elementId('Namespace', undefined, name),
      fqn: fqnOf(obj, undefined),
      name,
      labels: { ...obj.manifest.metadata.labels, [NAMESPACE_NAME_LABEL]: name },
      object: obj as LoadedObject<M.Namespace>,
      implicit: false,
    });
  }
  const ensureNamespace = (name: string) => {
    if (namespaces.has(name)) return;
    namespaces.set(name, { id: elementId('Namespace', undefined, name), fqn: `v1/Namespace/${name}`, name, labels: { [NAMESPACE_NAME_LABEL]: name }, implicit: true });
  };
  BUILTIN_NAMESPACES.forEach(ensureNamespace);

  const workloads = buildWorkloads(unique);
  const coreDns = implicitCoreDns();
  const hasCoreDns = workloads.some((w) => w.id === coreDns.id || (w.namespace === 'kube-system' && w.template.labels['k8s-app'] === 'kube-dns'));
  if (options.implicitCoreDns !== false && !hasCoreDns) workloads.push(coreDns);
  workloads.sort(byId);

  const services: ServiceNode[] = ofKind('Service').map((o) => namespaced<M.Service>(o)).sort(byId);
  const endpoints: EndpointsNode[] = ofKind('Endpoints').map((o) => namespaced<M.Endpoints>(o)).sort(byId);
  const endpointSlices: EndpointSliceNode[] = ofKind('EndpointSlice')
    .map((o) => ({ ...namespaced<M.EndpointSlice>(o), serviceName: o.manifest.metadata.labels?.[SERVICE_NAME_LABEL] }))
    .sort(byId);
  const ingresses = ofKind('Ingress').map((o) => namespaced<M.Ingress>(o)).sort(byId);
  const gateways = ofKind('Gateway').map((o) => namespaced<M.Gateway>(o)).sort(byId);
  const routes = unique
    .filter((o) => (ROUTE_KINDS as readonly string[]).includes(o.kind))
    .map((o) => ({ ...namespaced<M.Route>(o), kind: o.kind as RouteKind }))
    .sort(byId);
  const referenceGrants = ofKind('ReferenceGrant').map((o) => namespaced<M.ReferenceGrant>(o)).sort(byId);
  const networkPolicies = ofKind('NetworkPolicy').map((o) => namespaced<M.NetworkPolicy>(o)).sort(byId);
  const hpas = ofKind('HorizontalPodAutoscaler').map((o) => namespaced<M.HorizontalPodAutoscaler>(o)).sort(byId);
  const configMaps = ofKind('ConfigMap').map((o) => namespaced<M.ConfigMap>(o)).sort(byId);
  const ingressClasses = ofKind('IngressClass').map((o) => clusterScoped<M.IngressClass>(o)).sort(byId);
  const gatewayClasses = ofKind('GatewayClass').map((o) => clusterScoped<M.GatewayClass>(o)).sort(byId);
  const nodes = ofKind('Node')
    .map((o) => ({ ...clusterScoped<M.Node>(o), labels: o.manifest.metadata.labels ?? {} }))
    .sort(byId);

  for (const el of [...workloads, ...services, ...endpoints, ...endpointSlices, ...ingresses, ...gateways, ...routes, ...referenceGrants, ...networkPolicies, ...hpas, ...configMaps])
    ensureNamespace(el.namespace);
  const namespaceList = [...namespaces.values()].sort(byId);

  // Lookups rules need at scale (no O(n²) scans).
  const workloadsByNs = groupBy(workloads, (w) => w.namespace);
  const serviceByKey = new Map(services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const gatewayByKey = new Map(gateways.map((g) => [`${g.namespace}/${g.name}`, g]));
  const ingressClassByName = new Map(ingressClasses.map((c) => [c.name, c]));
  const gatewayClassByName = new Map(gatewayClasses.map((c) => [c.name, c]));
  const endpointsByKey = new Map(endpoints.map((e) => [`${e.namespace}/${e.name}`, e]));
  const slicesByKey = groupBy(endpointSlices.filter((s) => s.serviceName !== undefined), (s) => `${s.namespace}/${s.serviceName}`);

  const backends = new Map<ServiceNode, Workload[]>();
  const backendsOf = (svc: ServiceNode): readonly Workload[] => {
    let found = backends.get(svc);
    if (found) return found;
    const selector = serviceSelector(svc);
    found = selector ? (workloadsByNs.get(svc.namespace) ?? []).filter((w) => workloadMatchesMap(selector, w)) : [];
    backends.set(svc, found);
    return found;
  };

  const infra = buildInfra(load.otherDocuments, load.texts);
  const issues = [...load.issues, ...infra.issues].sort((a, b) => compareRefs(a.at, b.at) || compareStrings(a.message, b.message));
  const elementLists: { [K in ElementType]: readonly ModelElements[K][] } = {
    Namespace: namespaceList,
    Workload: workloads,
    Service: services,
    Endpoints: endpoints,
    EndpointSlice: endpointSlices,
    Ingress: ingresses,
    IngressClass: ingressClasses,
    GatewayClass: gatewayClasses,
    Gateway: gateways,
    Route: routes,
    ReferenceGrant: referenceGrants,
    NetworkPolicy: networkPolicies,
    HorizontalPodAutoscaler: hpas,
    ConfigMap: configMaps,
    Node: nodes,
    LoadIssue: issues,
  };

  let cni: CniSettings | undefined;
  let customPods: Map<string, CustomPodLabels[]> | undefined;
  const model: Model = {
    objects: load.objects,
    shadowed,
    namespaces,
    workloads,
    services,
    endpoints,
    endpointSlices,
    ingresses,
    ingressClasses,
    gatewayClasses,
    gateways,
    routes,
    referenceGrants,
    networkPolicies,
    hpas,
    configMaps,
    nodes,
    issues,
    infra: infra.infra,
    get cni() {
      cni ??= cniSettings(model, { documents: load.otherDocuments });
      return cni;
    },
    graph: new Graph<unknown, ElementType | InfraElementType, EdgeLabel>({ directed: true, multigraph: true }),
    texts: load.texts,
    stats: load.stats,
    elements: (type) => elementLists[type],
    namespace: (name) => namespaces.get(name),
    workloadsIn: (ns) => workloadsByNs.get(ns) ?? [],
    service: (ns, name) => serviceByKey.get(`${ns}/${name}`),
    gateway: (ns, name) => gatewayByKey.get(`${ns}/${name}`),
    ingressClass: (name) => ingressClassByName.get(name),
    gatewayClass: (name) => gatewayClassByName.get(name),
    backendsOf,
    operatorBackendsOf: (svc) => {
      const selector = serviceSelector(svc);
      if (!selector) return [];
      customPods ??= customPodLabels(load.otherDocuments);
      return (customPods.get(svc.namespace) ?? []).filter((c) => Object.entries(selector).every(([k, v]) => c.labels[k] === v));
    },
    endpointsOf: (svc) => ({ endpoints: endpointsByKey.get(`${svc.namespace}/${svc.name}`), slices: slicesByKey.get(`${svc.namespace}/${svc.name}`) ?? [] }),
  };
  buildGraph(model);
  return model;
}

/**
 * One object per kind, namespace and name. `kubectl apply -f DIR` applies files in name order and the
 * last definition wins, so the last one in load order (files sorted, documents in order) is kept.
 */
function dedupe(objects: readonly LoadedObject[]): { unique: LoadedObject[]; shadowed: Model['shadowed'] } {
  const keyOf = (o: LoadedObject) => elementId(o.kind, namespaceOf(o.manifest), o.manifest.metadata.name);
  const byKey = groupBy(objects, keyOf);
  const shadowed: { winner: LoadedObject; losers: LoadedObject[] }[] = [];
  for (const group of byKey.values()) if (group.length > 1) shadowed.push({ winner: group.at(-1)!, losers: group.slice(0, -1) });
  const winners = new Set([...byKey.values()].map((g) => g.at(-1)!));
  return { unique: objects.filter((o) => winners.has(o)), shadowed };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The typed edges: what refers to what. Rules and later analyses walk them instead of re-resolving. */
function buildGraph(model: Model): void {
  const g = model.graph;
  const node = (type: ElementType, el: { id: string }) => g.setNode(el.id, type);
  const edge = (from: { id: string }, to: { id: string }, kind: EdgeKind) => g.setEdge(from.id, to.id, { kind }, kind);

  for (const ns of model.namespaces.values()) node('Namespace', ns);
  const inNamespace = (el: { id: string; namespace: string }) => {
    const ns = model.namespace(el.namespace);
    if (ns) edge(el, ns, 'in-namespace');
  };
  for (const w of model.workloads) node('Workload', w), inNamespace(w);
  for (const s of model.services) {
    node('Service', s), inNamespace(s);
    for (const w of model.backendsOf(s)) edge(s, w, 'service-selects');
  }
  for (const e of model.endpoints) {
    node('Endpoints', e), inNamespace(e);
    const svc = model.service(e.namespace, e.name);
    if (svc) edge(e, svc, 'endpoints-of');
  }
  for (const e of model.endpointSlices) {
    node('EndpointSlice', e), inNamespace(e);
    const svc = e.serviceName === undefined ? undefined : model.service(e.namespace, e.serviceName);
    if (svc) edge(e, svc, 'endpoints-of');
  }
  for (const c of model.ingressClasses) node('IngressClass', c);
  for (const ing of model.ingresses) {
    node('Ingress', ing), inNamespace(ing);
    for (const b of ingressBackends(ing)) {
      const svc = model.service(b.namespace, b.name);
      if (svc) edge(ing, svc, 'ingress-backend');
    }
    const cls = ing.manifest.spec?.ingressClassName;
    const classNode = cls === undefined ? undefined : model.ingressClass(cls);
    if (classNode) edge(ing, classNode, 'ingress-class');
  }
  for (const c of model.gatewayClasses) node('GatewayClass', c);
  for (const gw of model.gateways) {
    node('Gateway', gw), inNamespace(gw);
    const cls = model.gatewayClass(gw.manifest.spec.gatewayClassName);
    if (cls) edge(gw, cls, 'gateway-class');
  }
  for (const r of model.routes) {
    node('Route', r), inNamespace(r);
    for (const p of gatewayParentRefs(r)) {
      const gw = model.gateway(p.namespace, p.name);
      if (gw) edge(r, gw, 'route-parent');
    }
    for (const b of serviceBackendRefs(r)) {
      const svc = model.service(b.namespace, b.name);
      if (svc) edge(r, svc, 'route-backend');
    }
  }
  for (const rg of model.referenceGrants) node('ReferenceGrant', rg), inNamespace(rg);
  for (const np of model.networkPolicies) {
    node('NetworkPolicy', np), inNamespace(np);
    const selector = np.manifest.spec.podSelector ?? {};
    for (const w of model.workloadsIn(np.namespace)) if (matchesSelector(selector, w.template.labels)) edge(np, w, 'policy-selects');
  }
  for (const h of model.hpas) {
    node('HorizontalPodAutoscaler', h), inNamespace(h);
    const target = model.workloadsIn(h.namespace).find((w) => w.kind === h.manifest.spec.scaleTargetRef.kind && w.name === h.manifest.spec.scaleTargetRef.name);
    if (target) edge(h, target, 'hpa-scales');
  }
  for (const c of model.configMaps) node('ConfigMap', c), inNamespace(c);
  for (const n of model.nodes) node('Node', n);
  buildInfraGraph(model);
}

/**
 * The infrastructure side of the graph, keyed like InfraModel: what lives in which VPC, which route
 * table routes a subnet, which subnets clusters and node groups use, and which node groups each
 * workload can run on — where the Kubernetes side meets the AWS side.
 */
function buildInfraGraph(model: Model): void {
  const g = model.graph;
  const { infra } = model;
  const edge = (from: string, to: string | undefined, kind: EdgeKind) => {
    if (to !== undefined && g.hasNode(to)) g.setEdge(from, to, { kind }, kind);
  };
  const nodes: [InfraElementType, readonly { key: string }[]][] = [
    ['Vpc', infra.vpcs],
    ['Subnet', infra.subnets],
    ['RouteTable', infra.routeTables],
    ['Gateway', infra.gateways],
    ['SecurityGroup', infra.securityGroups],
    ['NetworkAcl', infra.networkAcls],
    ['EksCluster', infra.clusters],
    ['NodeGroup', infra.nodeGroups],
  ];
  for (const [type, list] of nodes) for (const el of list) g.setNode(el.key, type);
  for (const s of infra.subnets) {
    edge(s.key, s.vpc.key, 'in-vpc');
    edge(s.key, s.routeTable, 'routed-by');
  }
  for (const t of infra.routeTables) edge(t.key, t.vpc.key, 'in-vpc');
  for (const gw of infra.gateways) edge(gw.key, gw.vpc?.key, 'in-vpc');
  for (const sg of infra.securityGroups) edge(sg.key, sg.vpc?.key, 'in-vpc');
  for (const acl of infra.networkAcls) edge(acl.key, acl.vpc?.key, 'in-vpc');
  for (const c of infra.clusters) for (const s of c.subnets) edge(c.key, s.key, 'uses-subnet');
  for (const ng of infra.nodeGroups) {
    // eksctl names the cluster by key, CloudFormation by its name (ClusterName).
    edge(ng.key, infra.clusters.find((c) => c.key === ng.cluster || c.name === ng.cluster)?.key, 'in-cluster');
    for (const s of ng.subnets) edge(ng.key, s.key, 'uses-subnet');
  }
  if (infra.nodeGroups.length > 0) for (const w of model.workloads) for (const ng of nodeGroupsFor(w, infra)) edge(w.id, ng.key, 'runs-on');
}
