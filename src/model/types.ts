import type { CustomPodLabels } from './custom-pods.js';
import type { Graph } from '@dagrejs/graphlib';
import type { KubeManifest, LoadedObject, LoadIssue, LoadStats } from '../loader/types.js';
import type * as M from '../loader/schemas/index.js';
import type { CniSettings } from './cni/settings.js';
import type { InfraModel } from './infra/types.js';

export type WorkloadKind =
  | 'Pod'
  | 'Deployment'
  | 'ReplicaSet'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'ReplicationController';

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TLSRoute' | 'TCPRoute' | 'UDPRoute';

/** Every element carries a stable id: "namespace/Kind/name", or "Kind/name" for cluster-scoped kinds. */
export interface Element {
  id: string;
  /** apiVersion-qualified identity for SARIF logicalLocations: "v1/Service/shop/api". */
  fqn: string;
  name: string;
}

interface NamespacedElement<T extends KubeManifest> extends Element {
  namespace: string;
  object: LoadedObject<T>;
  manifest: T;
}

export interface NamespaceNode extends Element {
  /** Labels as the API server sees them: always includes kubernetes.io/metadata.name=<name>. */
  labels: Readonly<Record<string, string>>;
  /** Absent for namespaces that exist without a manifest (default, kube-system, or only referenced). */
  object?: LoadedObject<M.Namespace>;
  implicit: boolean;
}

/** The pod template a workload stamps out; for a bare Pod, the Pod itself. */
export interface PodTemplate {
  labels: Readonly<Record<string, string>>;
  spec: M.PodSpec;
  /** The object `refOf(template.specAt, 'containers', 0, …)` resolves against: the PodSpec of the manifest. */
  specAt: object | undefined;
  /** Path from the manifest root to the pod spec, e.g. ['spec','template','spec']. */
  specPath: readonly (string | number)[];
}

export interface Workload extends Element {
  kind: WorkloadKind;
  namespace: string;
  /** Absent for a synthetic owner (a Pod's controller not in the input) and for implicit CoreDNS. */
  object?: LoadedObject;
  template: PodTemplate;
  /** Declared replicas (spec.replicas, default 1; DaemonSet: undefined = one per eligible node). */
  replicas: number | undefined;
  /** Pods in the input whose controller ownerReference points at this workload. */
  ownedPods: LoadedObject<M.Pod>[];
  /**
   * The distinct label sets of its pods: the template's, or — for a controller known only from its
   * Pods — each Pod's own (they may differ mid-rollout). Controller-added labels are not included.
   */
  podLabels: readonly Readonly<Record<string, string>>[];
  /** Not in the input: CoreDNS that every cluster runs, or an owner only known from ownerReferences. */
  implicit: boolean;
}

export interface ServiceNode extends NamespacedElement<M.Service> {}
export interface EndpointsNode extends NamespacedElement<M.Endpoints> {}
export interface EndpointSliceNode extends NamespacedElement<M.EndpointSlice> {
  /** The Service it belongs to (label kubernetes.io/service-name). */
  serviceName: string | undefined;
}
export interface IngressNode extends NamespacedElement<M.Ingress> {}
export interface IngressClassNode extends Element {
  object: LoadedObject<M.IngressClass>;
  manifest: M.IngressClass;
}
export interface GatewayClassNode extends Element {
  object: LoadedObject<M.GatewayClass>;
  manifest: M.GatewayClass;
}
export interface GatewayNode extends NamespacedElement<M.Gateway> {}
export interface RouteNode extends NamespacedElement<M.Route> {
  kind: RouteKind;
}
export interface ReferenceGrantNode extends NamespacedElement<M.ReferenceGrant> {}
export interface NetworkPolicyNode extends NamespacedElement<M.NetworkPolicy> {}
export interface HpaNode extends NamespacedElement<M.HorizontalPodAutoscaler> {}
export interface ConfigMapNode extends NamespacedElement<M.ConfigMap> {}
export interface NodeNode extends Element {
  object: LoadedObject<M.Node>;
  manifest: M.Node;
  labels: Readonly<Record<string, string>>;
}

/** Typed edges of the model graph. */
export type EdgeKind =
  | 'in-namespace'
  | 'owns'
  | 'service-selects'
  | 'endpoints-of'
  | 'ingress-backend'
  | 'ingress-class'
  | 'route-parent'
  | 'route-backend'
  | 'gateway-class'
  | 'policy-selects'
  | 'hpa-scales'
  // The infrastructure side, and where the two meet:
  | 'in-vpc'
  | 'routed-by'
  | 'uses-subnet'
  | 'in-cluster'
  | 'runs-on';

/** Graph nodes of the infrastructure side (keys of InfraModel elements). */
export type InfraElementType = 'Vpc' | 'Subnet' | 'RouteTable' | 'Gateway' | 'SecurityGroup' | 'NetworkAcl' | 'EksCluster' | 'NodeGroup';

export interface EdgeLabel {
  kind: EdgeKind;
}

/** The element types rules can visit, keyed like ESLint node types. */
export interface ModelElements {
  Namespace: NamespaceNode;
  Workload: Workload;
  Service: ServiceNode;
  Endpoints: EndpointsNode;
  EndpointSlice: EndpointSliceNode;
  Ingress: IngressNode;
  IngressClass: IngressClassNode;
  GatewayClass: GatewayClassNode;
  Gateway: GatewayNode;
  Route: RouteNode;
  ReferenceGrant: ReferenceGrantNode;
  NetworkPolicy: NetworkPolicyNode;
  HorizontalPodAutoscaler: HpaNode;
  ConfigMap: ConfigMapNode;
  Node: NodeNode;
  LoadIssue: LoadIssue;
}

export type ElementType = keyof ModelElements;

export interface Model {
  /** Every object the loader produced, in load order, duplicates included. */
  objects: readonly LoadedObject[];
  /** Objects declared more than once (same kind, namespace and name): the definitions that lose, by the one that wins. */
  shadowed: readonly { winner: LoadedObject; losers: readonly LoadedObject[] }[];
  namespaces: ReadonlyMap<string, NamespaceNode>;
  workloads: readonly Workload[];
  services: readonly ServiceNode[];
  endpoints: readonly EndpointsNode[];
  endpointSlices: readonly EndpointSliceNode[];
  ingresses: readonly IngressNode[];
  ingressClasses: readonly IngressClassNode[];
  gatewayClasses: readonly GatewayClassNode[];
  gateways: readonly GatewayNode[];
  routes: readonly RouteNode[];
  referenceGrants: readonly ReferenceGrantNode[];
  networkPolicies: readonly NetworkPolicyNode[];
  hpas: readonly HpaNode[];
  configMaps: readonly ConfigMapNode[];
  nodes: readonly NodeNode[];
  issues: readonly LoadIssue[];
  /** The AWS side: VPCs, subnets, routes, gateways, security groups, NACLs, EKS clusters, node groups. */
  infra: InfraModel;
  /** What the input says about the pod network: the CNI in use and its settings (read on first use). */
  readonly cni: CniSettings;
  /** Element ids as nodes, typed edges (EdgeLabel) between them. */
  graph: Graph<unknown, ElementType | InfraElementType, EdgeLabel>;
  /** File texts, for reporters (fingerprints). */
  texts: ReadonlyMap<string, string>;
  stats: LoadStats;
  /** Every element of one type, in deterministic (id) order. */
  elements<T extends ElementType>(type: T): readonly ModelElements[T][];

  namespace(name: string): NamespaceNode | undefined;
  workloadsIn(namespace: string): readonly Workload[];
  service(namespace: string, name: string): ServiceNode | undefined;
  gateway(namespace: string, name: string): GatewayNode | undefined;
  ingressClass(name: string): IngressClassNode | undefined;
  gatewayClass(name: string): GatewayClassNode | undefined;
  /** Workloads in the Service's namespace whose pod labels match its selector (none without a selector). */
  backendsOf(service: ServiceNode): readonly Workload[];
  /** Manually managed endpoints of a Service: its Endpoints object and EndpointSlices. */
  endpointsOf(service: ServiceNode): { endpoints: EndpointsNode | undefined; slices: readonly EndpointSliceNode[] };
  /** Custom resources of the Service's namespace whose pod labels satisfy its selector: pods an operator makes. */
  operatorBackendsOf(service: ServiceNode): readonly CustomPodLabels[];
}

export interface ModelOptions {
  /** Add CoreDNS (kube-system, k8s-app=kube-dns, UDP/TCP 53) unless the input has it (default true). */
  implicitCoreDns?: boolean;
}
