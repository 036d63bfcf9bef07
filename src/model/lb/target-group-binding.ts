/**
 * TargetGroupBindings (elbv2.k8s.aws/v1beta1) of the AWS Load Balancer Controller: a target group made outside
 * Kubernetes (Terraform, CloudFormation, the console) whose targets the controller keeps in step with a Service's
 * endpoints (docs/guide/targetgroupbinding/targetgroupbinding.md and spec.md of kubernetes-sigs/aws-load-balancer-controller).
 * What the binding says, with where it says it; the target group itself lives in AWS and is not in the input.
 *
 * - serviceRef {name, port}: a Service in the binding's namespace. The port is looked up as the controller's
 *   k8s.LookupServicePort does: a number is a Service `port`, a string is a Service port `name`.
 * - targetType instance | ip: when it is not stated, the controller's mutating webhook reads it from the target group
 *   in AWS, so the model does not know it (undefined).
 * - networking.ingress[]: inbound rules the controller adds to the targets' security group — from an ipBlock CIDR or a
 *   security group, on ports (a number, or for ip targets a named port on the pods; no port = every port); a rule
 *   without ports means every TCP port (networking_manager.go computeIngressPermissionsForTGBNetworking).
 */
import { compareStrings, maybeRefOf, refOf, type SourceRef } from '../../core/source.js';
import type { LabelSelector, ServicePort, TargetGroupBinding } from '../../loader/schemas/index.js';
import type { LoadedObject } from '../../loader/types.js';
import { elementId, fqnOf, namespaceOf } from '../identity.js';
import type { Model, ServiceNode } from '../types.js';
import { servicePortOf } from './ingress.js';
import type { TargetType } from './types.js';

export interface TgbPeer {
  /** securityGroup wins when a peer states both (computePermissionsForPeerPort); none: the controller fails. */
  kind: 'ipBlock' | 'securityGroup' | 'none';
  /** ipBlock.cidr */
  cidr?: string;
  /** securityGroup.groupID */
  groupId?: string;
  /** The cidr / groupID scalar, else the peer. */
  at: SourceRef;
}

export interface TgbPort {
  /** TCP when not stated. */
  protocol: 'TCP' | 'UDP';
  /** undefined = every port of the protocol; a string is a containerPort name on the pods (ip targets only). */
  port?: number | string;
  /** The port scalar, else the protocol, else the entry. */
  at: SourceRef;
}

export interface TgbIngressRule {
  index: number;
  /** The rule (`networking.ingress[i]` key region). */
  at: SourceRef;
  peers: TgbPeer[];
  /** Empty: every TCP port. */
  ports: TgbPort[];
}

export interface TargetGroupBindingModel {
  /** "shop/TargetGroupBinding/web" */
  id: string;
  fqn: string;
  name: string;
  namespace: string;
  object: LoadedObject<TargetGroupBinding>;
  manifest: TargetGroupBinding;
  at: SourceRef;
  /** targetGroupARN (wins when both are given) or targetGroupName. */
  targetGroup?: { arn?: string; name?: string; at: SourceRef };
  /** Stated target type; undefined = read from the target group in AWS by the webhook, unknown here. */
  targetType?: { value: TargetType; at: SourceRef };
  serviceRef: { name: string; nameAt: SourceRef; port: number | string; portAt: SourceRef };
  /** The Service in the binding's namespace, when it is in the input. */
  service?: ServiceNode;
  /** The Service port serviceRef.port names; undefined when the Service or the port is not there. */
  servicePort?: ServicePort;
  nodeSelector?: { selector: LabelSelector; at: SourceRef };
  networking: TgbIngressRule[];
  /**
   * The controller made this binding for an Ingress, Service or Gateway (its stack label, e.g. a `kubectl get -o yaml`
   * dump): it is rebuilt from its owner, which the ingress/ and lb/ rules check.
   */
  generatedBy?: { label: string; value: string };
}

/** Label keys the controller puts on what it makes for a stack (pkg/deploy/tracking StackLabels; prefixes ingress/service/gateway.k8s.aws). */
const STACK_LABEL = /^(ingress|service|gateway)\.k8s\.aws\/stack(-name)?$/;

const cache = new WeakMap<Model, TargetGroupBindingModel[]>();

/** Every TargetGroupBinding of the input (the winning definition of each), sorted by id. Read once per model. */
export function targetGroupBindings(model: Model): TargetGroupBindingModel[] {
  let found = cache.get(model);
  if (!found) {
    const losers = new Set(model.shadowed.flatMap((s) => s.losers));
    found = model.objects
      .filter((o): o is LoadedObject<TargetGroupBinding> => o.kind === 'TargetGroupBinding' && !losers.has(o))
      .flatMap((o) => bindingOf(model, o) ?? [])
      .sort((a, b) => compareStrings(a.id, b.id));
    cache.set(model, found);
  }
  return found;
}

function bindingOf(model: Model, object: LoadedObject<TargetGroupBinding>): TargetGroupBindingModel | undefined {
  const manifest = object.manifest;
  const spec = manifest.spec as TargetGroupBinding['spec'] | undefined;
  const ref = spec?.serviceRef;
  // The schema requires serviceRef; a manifest without it is not loaded. Guard anyway: bad input never throws.
  if (!spec || !ref || typeof ref.name !== 'string' || (typeof ref.port !== 'number' && typeof ref.port !== 'string')) return undefined;
  const namespace = namespaceOf(manifest);
  const name = manifest.metadata.name;
  const service = model.service(namespace, ref.name);
  const servicePort = service ? servicePortOf(service, ref.port) : undefined;
  const tg = targetGroupOf(spec);
  const generatedBy = Object.entries(manifest.metadata.labels ?? {}).find(([k]) => STACK_LABEL.test(k));
  return {
    id: elementId('TargetGroupBinding', namespace, name),
    fqn: fqnOf(object, namespace),
    name,
    namespace,
    object,
    manifest,
    at: object.at,
    ...(tg ? { targetGroup: tg } : {}),
    ...(spec.targetType !== undefined ? { targetType: { value: spec.targetType, at: refOf(spec, 'targetType') } } : {}),
    serviceRef: { name: ref.name, nameAt: refOf(ref, 'name'), port: ref.port, portAt: refOf(ref, 'port') },
    ...(service ? { service } : {}),
    ...(servicePort ? { servicePort } : {}),
    ...(spec.nodeSelector ? { nodeSelector: { selector: spec.nodeSelector, at: refOf(spec, 'nodeSelector') } } : {}),
    networking: (spec.networking?.ingress ?? []).map((rule, index) => ingressRuleOf(spec.networking!, rule, index)),
    ...(generatedBy ? { generatedBy: { label: generatedBy[0], value: generatedBy[1] } } : {}),
  };
}

/** "Both are unique … If you provide both targetGroupARN and targetGroupName, the targetGroupARN takes precedence." */
function targetGroupOf(spec: TargetGroupBinding['spec']): TargetGroupBindingModel['targetGroup'] {
  if (spec.targetGroupARN !== undefined) return { arn: spec.targetGroupARN, at: refOf(spec, 'targetGroupARN') };
  if (spec.targetGroupName !== undefined) return { name: spec.targetGroupName, at: refOf(spec, 'targetGroupName') };
  return undefined;
}

type Networking = NonNullable<TargetGroupBinding['spec']['networking']>;
type IngressRule = NonNullable<Networking['ingress']>[number];

function ingressRuleOf(networking: Networking, rule: IngressRule, index: number): TgbIngressRule {
  const at = refOf(networking, 'ingress', index);
  const peers = (rule.from ?? []).map((peer): TgbPeer => {
    const fallback = maybeRefOf(peer) ?? at;
    if (peer.securityGroup) return { kind: 'securityGroup', groupId: peer.securityGroup.groupID, at: maybeRefOf(peer.securityGroup, 'groupID') ?? fallback };
    if (peer.ipBlock) return { kind: 'ipBlock', cidr: peer.ipBlock.cidr, at: maybeRefOf(peer.ipBlock, 'cidr') ?? fallback };
    return { kind: 'none', at: fallback };
  });
  const ports = (rule.ports ?? []).map((p): TgbPort => {
    const where = p.port !== undefined ? maybeRefOf(p, 'port') : p.protocol !== undefined ? maybeRefOf(p, 'protocol') : undefined;
    return { protocol: p.protocol ?? 'TCP', ...(p.port !== undefined ? { port: p.port } : {}), at: where ?? maybeRefOf(p) ?? at };
  });
  return { index, at, peers, ports };
}

/** "TargetGroupBinding shop/web" */
export function bindingName(b: Pick<TargetGroupBindingModel, 'namespace' | 'name'>): string {
  return `TargetGroupBinding ${b.namespace}/${b.name}`;
}

/** "target group web" (the name in an ARN `…:targetgroup/<name>/<id>`, or targetGroupName), "its target group". */
export function targetGroupText(b: Pick<TargetGroupBindingModel, 'targetGroup'>): string {
  const tg = b.targetGroup;
  if (!tg) return 'its target group';
  const name = tg.name ?? /:targetgroup\/([^/]+)\//.exec(tg.arn ?? '')?.[1] ?? tg.arn;
  return `target group ${name}`;
}
