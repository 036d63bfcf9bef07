/**
 * Which controller makes the load balancer of a LoadBalancer Service that names no `spec.loadBalancerClass`.
 *
 * Since v2.5 the AWS Load Balancer Controller installs a mutating webhook (on by default, Helm value
 * `enableServiceMutatorWebhook`) that sets `spec.loadBalancerClass: service.k8s.aws/nlb` on every LoadBalancer
 * Service created without a class (kubernetes-sigs/aws-load-balancer-controller webhooks/core/service_mutator.go;
 * docs deploy/installation: "This makes the AWS LBC the default controller for service of type LoadBalancer"). The
 * chart's webhook skips objects labelled `app.kubernetes.io/name: aws-load-balancer-controller`. Without the
 * controller, the in-tree AWS cloud provider takes such a Service.
 *
 * netreach.yaml `loadBalancers.serviceController` says which; `auto` (the default) assumes the controller and its
 * webhook when the input shows the controller is installed, else the in-tree provider.
 */
import { maybeRefOf, type SourceRef } from '../../core/source.js';
import type { LoadedObject } from '../../loader/types.js';
import type { WebhookConfiguration } from '../../loader/schemas/index.js';
import type { Model, ServiceNode } from '../types.js';
import { ALB_CONTROLLER, albClassOf } from './ingress.js';
import type { LoadBalancerController } from './types.js';

export type ServiceControllerSetting = 'auto' | 'aws-load-balancer-controller' | 'in-tree';

/** The options of the load balancer model (netreach.yaml `loadBalancers`). */
export interface LbOptions {
  serviceController: ServiceControllerSetting;
}

export const DEFAULT_LB_OPTIONS: LbOptions = Object.freeze({ serviceController: 'auto' });

/** The options from a parsed netreach.yaml (or anything with its `loadBalancers` field); defaults when absent. */
export function lbOptionsOf(config: { loadBalancers?: { serviceController?: ServiceControllerSetting } | undefined } | undefined): LbOptions {
  return { serviceController: config?.loadBalancers?.serviceController ?? 'auto' };
}

/** The controller a class-less LoadBalancer Service gets, and why (messages quote `why`). */
export interface ClasslessServiceController {
  controller: LoadBalancerController;
  why: string;
  /** The input that shows it (the controller's IngressClass, Deployment …), when there is one. */
  at?: SourceRef;
}

/** What callers that know no model get: the in-tree provider, as before the webhook existed. */
export const IN_TREE_CLASSLESS: ClasslessServiceController = Object.freeze({
  controller: 'in-tree',
  why: 'no loadBalancerClass: the in-tree cloud provider',
});

/** The loadBalancerClass of the AWS Load Balancer Controller's NLBs. */
export const LBC_CLASS = 'service.k8s.aws/nlb';
/** `external` or `nlb-ip` hand a class-less Service to the AWS Load Balancer Controller; `nlb` keeps it in-tree. */
export const LB_TYPE_ANNOTATION = 'service.beta.kubernetes.io/aws-load-balancer-type';
const LBC_NAME = 'aws-load-balancer-controller';
/** The chart's webhooks (templates/webhook.yaml): the pod mutator is always there, the Service mutator only when enabled. */
const POD_WEBHOOK = 'mpod.elbv2.k8s.aws';
const SERVICE_WEBHOOK = 'mservice.elbv2.k8s.aws';

const cache = new WeakMap<Model, Map<ServiceControllerSetting, ClasslessServiceController>>();

export function classlessServiceController(model: Model, options: LbOptions = DEFAULT_LB_OPTIONS): ClasslessServiceController {
  let bySetting = cache.get(model);
  if (!bySetting) cache.set(model, (bySetting = new Map()));
  let found = bySetting.get(options.serviceController);
  if (!found) {
    found = decide(model, options.serviceController);
    bySetting.set(options.serviceController, found);
  }
  return found;
}

/**
 * Does the LoadBalancer Service ask for the AWS Load Balancer Controller itself: by its class, or — without a class —
 * by the `external` / `nlb-ip` type annotation (a Service of another controller's class is that controller's).
 */
export function asksForLbc(svc: ServiceNode): boolean {
  const spec = svc.manifest.spec;
  if (spec?.type !== 'LoadBalancer') return false;
  const lbType = svc.manifest.metadata.annotations?.[LB_TYPE_ANNOTATION];
  return spec.loadBalancerClass === LBC_CLASS || (spec.loadBalancerClass === undefined && (lbType === 'external' || lbType === 'nlb-ip'));
}

/** Does the controller's webhook leave this Service alone (the chart's objectSelector)? */
export function skippedByServiceWebhook(svc: ServiceNode): boolean {
  return svc.manifest.metadata.labels?.['app.kubernetes.io/name'] === LBC_NAME;
}

function decide(model: Model, setting: ServiceControllerSetting): ClasslessServiceController {
  if (setting === 'aws-load-balancer-controller')
    return { controller: 'aws-load-balancer-controller', why: `netreach.yaml loadBalancers.serviceController: ${setting} (its webhook sets loadBalancerClass ${LBC_CLASS})` };
  if (setting === 'in-tree') return { controller: 'in-tree', why: `netreach.yaml loadBalancers.serviceController: ${setting}` };
  const webhooks = model.objects.filter((o) => o.kind === 'MutatingWebhookConfiguration') as LoadedObject<WebhookConfiguration>[];
  const chart = webhooks.find((o) => (o.manifest.webhooks ?? []).some((w) => w.name === POD_WEBHOOK || w.name === SERVICE_WEBHOOK));
  if (chart) {
    const on = (chart.manifest.webhooks ?? []).some((w) => w.name === SERVICE_WEBHOOK);
    const name = `MutatingWebhookConfiguration ${chart.manifest.metadata.name}`;
    return on
      ? { controller: 'aws-load-balancer-controller', why: `${name} has the AWS Load Balancer Controller's Service webhook ${SERVICE_WEBHOOK}, which sets loadBalancerClass ${LBC_CLASS}`, at: chart.at }
      : { controller: 'in-tree', why: `${name} of the AWS Load Balancer Controller has no Service webhook ${SERVICE_WEBHOOK} (enableServiceMutatorWebhook: false): the in-tree cloud provider`, at: chart.at };
  }
  const sign = controllerSign(model);
  if (sign)
    return {
      controller: 'aws-load-balancer-controller',
      why: `the input has the AWS Load Balancer Controller (${sign.what}), whose webhook sets loadBalancerClass ${LBC_CLASS} on new LoadBalancer Services`,
      at: sign.at,
    };
  return { controller: 'in-tree', why: 'no loadBalancerClass and no sign of the AWS Load Balancer Controller in the input: the in-tree cloud provider' };
}

/** The first thing in the input that shows the AWS Load Balancer Controller runs in the cluster. */
function controllerSign(model: Model): { what: string; at: SourceRef } | undefined {
  const deployment = model.workloads.find(
    (w) => w.object && w.kind === 'Deployment' && (w.name === LBC_NAME || w.object.manifest.metadata.labels?.['app.kubernetes.io/name'] === LBC_NAME),
  );
  if (deployment?.object) return { what: `Deployment ${deployment.namespace}/${deployment.name}`, at: deployment.object.at };
  const cls = model.ingressClasses.find((c) => c.manifest.spec?.controller === ALB_CONTROLLER);
  if (cls) return { what: `IngressClass ${cls.name} of controller ${ALB_CONTROLLER}`, at: cls.object.at };
  for (const kind of ['IngressClassParams', 'TargetGroupBinding']) {
    const o = model.objects.find((x) => x.kind === kind);
    if (o) return { what: `${kind} ${o.manifest.metadata.name}`, at: o.at };
  }
  const svc = model.services.find(asksForLbc);
  if (svc) {
    const at = svc.manifest.spec?.loadBalancerClass === LBC_CLASS ? maybeRefOf(svc.manifest.spec, 'loadBalancerClass') : undefined;
    return { what: `Service ${svc.namespace}/${svc.name} asks for it`, at: at ?? svc.object.at };
  }
  for (const ing of model.ingresses) {
    const cls = albClassOf(model, ing);
    if (cls) return { what: `Ingress ${ing.namespace}/${ing.name} of its ALB class`, at: cls.at };
  }
  return undefined;
}
