import type { RelatedLocation } from '../../../src/core/finding.js';
import type { SourceRef } from '../../../src/core/source.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { defineRule, type ObjectRef } from '../../../src/lint/define-rule.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import { servicePortOf } from '../../../src/model/lb/ingress.js';
import type { LbTargetGroup, LoadBalancer } from '../../../src/model/lb/types.js';
import { podContainers, podPorts, SERVING_CONTAINERS, type PodPort } from '../../../src/model/ports.js';
import { serviceTypeOf } from '../../../src/model/services.js';
import type { Model, ServiceNode, Workload } from '../../../src/model/types.js';
import { locationText } from '../../../src/reporters/locations.js';
import { nodePortRange, type NodePortRange } from '../../service/node-port-range.js';
import { allocatesNodePorts } from '../../service/shared.js';
import { lbTitle, reconciledLoadBalancers } from '../common.js';

export default defineRule({
  id: 'lb/health-check-port-not-served',
  meta: {
    type: 'problem',
    severity: 'error',
    precision: 'medium',
    docs: {
      description:
        "Report load balancer health check ports that the targets do not serve: ports no backend container declares (ip targets), ports that are no node port (instance targets), and named ports the controller cannot resolve",
      recommended: true,
    },
    messages: {
      ipPortNotDeclared:
        '{{lb}}: health check port {{port}} for Service {{service}} (target type ip) is declared by no container of {{pods}} and is not the traffic port {{trafficPort}}; ' +
        'the health checks go to the pods on {{port}}, so unless they listen there undeclared the targets stay unhealthy and get no traffic.',
      instancePortNotServed:
        '{{lb}}: health check port {{port}} for Service {{service}} (target type instance) is no node port of the cluster nor a port the nodes are known to serve ({{known}}); ' +
        'the health checks go to the nodes on {{port}}, so unless something undeclared listens there the targets stay unhealthy and get no traffic.',
      namedPortUnknown:
        '{{lb}}: health check port "{{port}}" names no port of Service {{service}} (its ports: {{names}}); the controller fails to resolve it ' +
        '("failed to resolve healthCheckPort") and does not reconcile the load balancer.',
      namedTargetPortNamed:
        '{{lb}}: health check port "{{port}}" is Service {{service}} port {{servicePort}}, whose targetPort "{{targetPort}}" is a name; with target type ip the controller refuses it ' +
        '("cannot use named healthCheckPort for IP TargetType when service\'s targetPort is a named port") and does not reconcile the load balancer.',
      namedPortNoNodePort:
        '{{lb}}: health check port "{{port}}" is Service {{service}} port {{servicePort}}, but the Service is of type {{type}} and has no node port; with target type instance ' +
        'the controller takes the node port (0) as the health check port, which Elastic Load Balancing rejects.',
    },
    remediation:
      'Point the health check at a port the targets serve: `traffic-port` (the default), a containerPort of the backend pods (target type ip), ' +
      "a node port (target type instance), or the name of a Service port — with target type ip one whose targetPort is a number. Declare the " +
      "port in the pods' `ports` when they listen on it.",
    schema: {
      nodePortRange: {
        type: 'string',
        pattern: '^\\s*\\d{1,5}\\s*-\\s*\\d{1,5}\\s*$',
        description:
          "The cluster's NodePort range, `min-max` inclusive (kube-apiserver `--service-node-port-range`, Kubernetes default 30000-32767): a numeric " +
          'health check port in it may be a node port allocated to a Service that states none, so it is not reported then.',
      },
      nodeServedPorts: {
        type: 'array',
        items: { type: 'integer', minimum: 1, maximum: 65535 },
        description:
          'Ports every node serves besides node ports, which instance-target health checks may use: by default the kubelet (10250) and ' +
          "kube-proxy's health check server (10256, healthzBindAddress).",
      },
    },
    defaultOptions: { nodePortRange: '30000-32767', nodeServedPorts: [10250, 10256] as number[] },
  },
  create: (ctx, options) => {
    const range = nodePortRange(ctx.id, options.nodePortRange);
    return {
      Model(model) {
        const seen = new Set<string>();
        for (const lb of reconciledLoadBalancers(model, ctx.config))
          for (const tg of lb.targetGroups) {
            const finding = check(model, lb, tg, range, options.nodeServedPorts);
            if (!finding) continue;
            // One health-check annotation serves several target groups (an NLB's ports, an Ingress's backends).
            const key = `${locationText(finding.at)}|${finding.messageId}|${finding.key}`;
            if (seen.has(key)) continue;
            seen.add(key);
            ctx.report(finding as Parameters<typeof ctx.report>[0]);
          }
      },
    };
  },
});

interface Finding {
  messageId: string;
  at: SourceRef;
  object: ObjectRef;
  key: string;
  data: Record<string, string>;
  related: RelatedLocation[];
}

function check(model: Model, lb: LoadBalancer, tg: LbTargetGroup, range: NodePortRange, served: readonly number[]): Finding | undefined {
  const svc = tg.service;
  const hc = tg.healthCheck.port;
  if (!svc || hc.value === 'traffic-port' || hc.value === 'health-check-node-port') return undefined;
  const service = `${svc.namespace}/${svc.name}`;
  const base = {
    at: hc.at,
    object: ownerOf(hc.at, svc, lb),
    key: `${service}`,
    related: [...lb.decidedBy, { at: tg.targetType.at, message: tg.targetType.why }, { at: tg.portAt, message: `backend Service ${service} port ${tg.portRef}` }],
  };
  const data = { lb: lbTitle(lb), service, port: String(hc.value) };
  const ports = svc.manifest.spec?.ports ?? [];
  if (typeof hc.value === 'string') {
    const named = servicePortOf(svc, hc.value);
    if (!named) return { ...base, messageId: 'namedPortUnknown', data: { ...data, names: ports.map((p) => p.name ?? String(p.port)).join(', ') || 'none' } };
    const servicePort = `${named.name} (${named.port})`;
    if (tg.targetType.value === 'ip' && typeof named.targetPort === 'string')
      return { ...base, messageId: 'namedTargetPortNamed', data: { ...data, servicePort, targetPort: named.targetPort } };
    if (tg.targetType.value === 'instance' && !allocatesNodePorts(svc))
      return { ...base, messageId: 'namedPortNoNodePort', data: { ...data, servicePort, type: serviceTypeOf(svc) } };
    return undefined;
  }
  const port = hc.value;
  if (port < 1 || port > 65535) return undefined; // lb/invalid-annotation
  if (tg.targetType.value === 'ip') {
    const backends = model.backendsOf(svc);
    if (backends.length === 0 || !tg.port) return undefined; // nothing to compare with
    const trafficPort = tg.port;
    if (backends.some((w) => servingTcpPorts(w).some((p) => p.containerPort === port) || targetConn(trafficPort, w).ports('TCP').contains(port))) return undefined;
    return {
      ...base,
      messageId: 'ipPortNotDeclared',
      data: { ...data, pods: backends.map((w) => `${w.kind} ${w.namespace}/${w.name}`).join(', '), trafficPort: trafficText(tg.port) },
      related: [...base.related, ...backends.flatMap((w) => (w.object ? [{ at: w.object.at, message: `${w.kind} ${w.namespace}/${w.name}: declares ${declaredText(w)}` }] : []))],
    };
  }
  if (servedByNodes(model, port, range, served)) return undefined;
  return { ...base, messageId: 'instancePortNotServed', data: { ...data, known: knownNodePorts(model, served) } };
}

/** The object that carries the annotation: the backend Service (its annotations win for ALBs), else the load balancer's. */
function ownerOf(at: SourceRef, svc: ServiceNode, lb: LoadBalancer): ObjectRef {
  const s = svc.object.at;
  return s.file === at.file && s.doc === at.doc ? svc : lb.object;
}

/**
 * The TCP ports a pod serves on: its app containers' and native sidecars' (plain init containers have exited). Health
 * checks are TCP, HTTP or HTTPS — all over TCP (Elastic Load Balancing API, CreateTargetGroup HealthCheckProtocol: "The
 * GENEVE, TLS, UDP, and TCP_UDP protocols are not supported for health checks").
 */
function servingTcpPorts(w: Workload): PodPort[] {
  return podPorts(podContainers(w.template.spec, SERVING_CONTAINERS)).filter((p) => p.protocol === 'TCP');
}

function trafficText(p: ServicePort): string {
  return `${p.port}${p.targetPort !== undefined ? ` (targetPort ${p.targetPort})` : ''}`;
}

/** "containerPort http/8080, 9090" (the golden output's wording; describePorts would add protocols). */
function declaredText(w: Workload): string {
  const ports = podPorts(podContainers(w.template.spec, SERVING_CONTAINERS)).map((p) => (p.name ? `${p.name}/${p.containerPort}` : String(p.containerPort)));
  return ports.length > 0 ? `containerPort ${ports.join(', ')}` : 'no container ports';
}

/**
 * Does some node serve the port: a Service's nodePort or healthCheckNodePort, a hostPort, a hostNetwork pod's
 * containerPort, the ports every node serves (option), or — unknowable — a port of the NodePort range that a Service
 * without a stated nodePort may be allocated.
 */
function servedByNodes(model: Model, port: number, range: NodePortRange, served: readonly number[]): boolean {
  if (served.includes(port)) return true;
  for (const s of model.services) {
    const spec = s.manifest.spec;
    if (spec?.healthCheckNodePort === port) return true;
    const withNodePorts = allocatesNodePorts(s);
    for (const p of spec?.ports ?? []) {
      if (p.nodePort === port) return true;
      if (withNodePorts && p.nodePort === undefined && port >= range.min && port <= range.max) return true;
    }
    if (spec?.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && spec.healthCheckNodePort === undefined && port >= range.min && port <= range.max) return true;
  }
  return model.workloads.some((w) => servingTcpPorts(w).some((p) => p.hostPort === port || (w.template.spec.hostNetwork === true && p.containerPort === port)));
}

function knownNodePorts(model: Model, served: readonly number[]): string {
  const ports = new Set<number>(served);
  for (const s of model.services) for (const p of s.manifest.spec?.ports ?? []) if (p.nodePort !== undefined) ports.add(p.nodePort);
  return [...ports].sort((a, b) => a - b).join(', ');
}
