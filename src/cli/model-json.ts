/**
 * `netreach model --format json`: the loaded, resolved model for debugging and tooling. Locations are
 * `file:line:col`; element order is the model's (sorted by id), so the output is deterministic.
 */
import { compareStrings, type SourceRef } from '../core/source.js';
import type { NetreachConfig } from '../config/schema.js';
import { addressPlan } from '../model/address-plan.js';
import { withLocations } from '../reporters/locations.js';
import { nodeGroupsFor, protocolOf } from '../model/index.js';
import type { Model } from '../model/types.js';

const loc = (ref: SourceRef | undefined) => (ref ? `${ref.file}:${ref.region.startLine}:${ref.region.startColumn}` : undefined);

/** `config`: netreach.yaml, whose external networks join the address plan. */
export function modelToJson(model: Model, config?: NetreachConfig): string {
  const edges = model.graph
    .edges()
    .map((e) => ({ from: e.v, to: e.w, kind: e.name ?? model.graph.edge(e)?.kind }))
    .sort((a, b) => compareStrings(a.from, b.from) || compareStrings(a.to, b.to) || compareStrings(String(a.kind), String(b.kind)));
  const json = {
    namespaces: [...model.namespaces.values()].map((n) => ({ id: n.id, labels: n.labels, implicit: n.implicit, location: loc(n.object?.at) })),
    workloads: model.workloads.map((w) => ({
      id: w.id,
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      labels: w.template.labels,
      replicas: w.replicas ?? null,
      hostNetwork: w.template.spec.hostNetwork ?? false,
      ports: [...(w.template.spec.initContainers ?? []), ...w.template.spec.containers].flatMap((c) =>
        (c.ports ?? []).map((p) => ({ container: c.name, name: p.name, containerPort: p.containerPort, protocol: protocolOf(p), hostPort: p.hostPort })),
      ),
      ownedPods: w.ownedPods.map((p) => p.manifest.metadata.name),
      nodeGroups: nodeGroupsFor(w, model.infra).map((ng) => ng.key),
      implicit: w.implicit,
      location: loc(w.object?.at),
    })),
    services: model.services.map((s) => ({
      id: s.id,
      type: s.manifest.spec?.type ?? 'ClusterIP',
      selector: s.manifest.spec?.selector ?? null,
      ports: s.manifest.spec?.ports ?? [],
      backends: model.backendsOf(s).map((w) => w.id),
      location: loc(s.object.at),
    })),
    endpoints: model.endpoints.map((e) => ({ id: e.id, location: loc(e.object.at) })),
    endpointSlices: model.endpointSlices.map((e) => ({ id: e.id, service: e.serviceName ?? null, location: loc(e.object.at) })),
    ingresses: model.ingresses.map((i) => ({ id: i.id, location: loc(i.object.at) })),
    ingressClasses: model.ingressClasses.map((c) => ({ id: c.id, controller: c.manifest.spec?.controller ?? null, location: loc(c.object.at) })),
    gatewayClasses: model.gatewayClasses.map((c) => ({ id: c.id, controller: c.manifest.spec.controllerName, location: loc(c.object.at) })),
    gateways: model.gateways.map((g) => ({ id: g.id, class: g.manifest.spec.gatewayClassName, listeners: g.manifest.spec.listeners.map((l) => ({ name: l.name, port: l.port, protocol: l.protocol })), location: loc(g.object.at) })),
    routes: model.routes.map((r) => ({ id: r.id, kind: r.kind, location: loc(r.object.at) })),
    referenceGrants: model.referenceGrants.map((r) => ({ id: r.id, location: loc(r.object.at) })),
    networkPolicies: model.networkPolicies.map((p) => ({ id: p.id, location: loc(p.object.at) })),
    horizontalPodAutoscalers: model.hpas.map((h) => ({ id: h.id, maxReplicas: h.manifest.spec.maxReplicas, location: loc(h.object.at) })),
    configMaps: model.configMaps.map((c) => ({ id: c.id, location: loc(c.object.at) })),
    nodes: model.nodes.map((n) => ({ id: n.id, labels: n.labels, location: loc(n.object.at) })),
    infra: withLocations(model.infra),
    cni: withLocations(model.cni),
    // Every address range in play, with the field that defines it (src/model/address-plan.ts).
    addressPlan: withLocations(addressPlan(model, config ?? {}).spaces),
    edges,
    issues: model.issues.map((i) => ({ code: i.code, message: i.message, fatal: i.fatal, location: loc(i.at) })),
    stats: model.stats,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
