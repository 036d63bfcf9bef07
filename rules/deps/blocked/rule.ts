import type { FlowStep, RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, refOf, type SourceRef } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import type { CompiledPolicy } from '../../../src/engine/policy/compile.js';
import { PortSet } from '../../../src/engine/ports.js';
import { targetConn } from '../../../src/engine/reachability.js';
import { depsOptionsOf } from '../../../src/deps/options.js';
import { declaredDependencies, type Dependency } from '../../../src/deps/infer.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName } from '../../../src/model/identity.js';
import { podContainers, podPorts, protocolOf } from '../../../src/model/ports.js';
import { formatSelector } from '../../../src/model/selectors.js';
import { serviceTypeOf } from '../../../src/model/services.js';
import type { ServiceNode, Workload } from '../../../src/model/types.js';
import { connText, enforcedOn, joinAnd, policyList, policyName, reachOf } from '../../netpol/engine.js';
import { configMapRelated, dependencyKey, referenceText } from '../shared.js';

/** One connection the dependency makes: to one backend, through one Service port, on the backend's port after DNAT. */
interface Attempt {
  backend: Workload;
  backendClass: PodClass;
  servicePort: ServicePort | undefined;
  /** What the backend's pod receives: the target port (policies see traffic after DNAT). */
  want: ConnSet;
}

interface Blocked extends Attempt {
  /** The policies isolating the caller's egress when its egress does not allow `want` (else empty). */
  egress: readonly CompiledPolicy[];
  /** The policies isolating the backend's ingress when its ingress does not admit the caller on `want` (else empty). */
  ingress: readonly CompiledPolicy[];
}

export default defineRule({
  id: 'deps/blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report declared dependencies on a Service that the NetworkPolicies block, at the caller or at the backend',
      recommended: true,
    },
    messages: {
      egressBlocked:
        "{{workload}}: {{via}} names {{reference}}, which reaches Service {{service}} {{route}}; the caller's egress, isolated by {{egressPolicies}}, " +
        'does not allow it. To let it through, add {{egressFix}}.',
      ingressBlocked:
        "{{workload}}: {{via}} names {{reference}}, which reaches Service {{service}} {{route}}; the backend's ingress, isolated by {{ingressPolicies}}, " +
        'does not admit {{workload}} there. To let it through, add {{ingressFix}}.',
      bothBlocked:
        "{{workload}}: {{via}} names {{reference}}, which reaches Service {{service}} {{route}}; the caller's egress, isolated by {{egressPolicies}}, " +
        "does not allow it, and the backend's ingress, isolated by {{ingressPolicies}}, does not admit {{workload}} there. " +
        'To let it through, add {{egressFix}}, and {{ingressFix}}.',
    },
    remediation:
      "Allow the connection on both sides: at the caller, an egress rule whose `to` selects the backend's pods (with a namespaceSelector when they " +
      "live in another namespace) on the backend's target port; at the backend, an ingress rule whose `from` selects the caller's pods on that same " +
      'target port. Policies see the connection after the Service address and port are translated, so the Service port itself is not what they match.',
    defaultOptions: {},
    precision: 'high',
  },
  create: (ctx) => ({
    Model(model) {
      const engine = reachOf(ctx).engine;
      for (const dep of declaredDependencies(model, depsOptionsOf(ctx.config))) {
        if (dep.target.kind !== 'service' || dep.workload.implicit || !dep.workload.object) continue;
        const svc = dep.target.service;
        if (serviceTypeOf(svc) === 'ExternalName') continue; // a DNS alias: the connection goes elsewhere
        const caller = engine.classOf(dep.workload.id);
        // Policies do not apply to hostNetwork pods (unless netreach.yaml says they are enforced).
        if (!caller || !enforcedOn(caller, ctx.config)) continue;
        const blocked: Blocked[] = [];
        for (const attempt of attempts(dep, svc, model.backendsOf(svc), (w) => engine.classOf(w.id))) {
          const egress = engine.egress(caller, attempt.backendClass);
          const ingress = engine.ingress(attempt.backendClass, caller);
          const egressBlocks = !attempt.want.isSubsetOf(egress.allowed);
          const ingressBlocks = !attempt.want.isSubsetOf(ingress.allowed);
          if (egressBlocks || ingressBlocks)
            blocked.push({ ...attempt, egress: egressBlocks ? egress.isolatedBy : [], ingress: ingressBlocks ? ingress.isolatedBy : [] });
        }
        if (blocked.length === 0) continue;
        report(dep, svc, blocked);
      }

      function report(dep: Dependency, svc: ServiceNode, blocked: readonly Blocked[]): void {
        const callerName = displayName(dep.workload);
        const egressPolicies = uniquePolicies(blocked.flatMap((b) => b.egress));
        const ingressPolicies = uniquePolicies(blocked.flatMap((b) => b.ingress));
        const data = {
          workload: callerName,
          via: dep.value.via,
          reference: referenceText(dep),
          service: `${svc.namespace}/${svc.name}`,
          route: joinAnd(blocked.map(routeText)),
          egressPolicies: policyList(egressPolicies),
          ingressPolicies: policyList(ingressPolicies),
          egressFix: egressFix(dep.workload, blocked.filter((b) => b.egress.length > 0)),
          ingressFix: ingressFix(dep.workload, blocked.filter((b) => b.ingress.length > 0)),
        };
        const messageId = egressPolicies.length > 0 && ingressPolicies.length > 0 ? 'bothBlocked' : egressPolicies.length > 0 ? 'egressBlocked' : 'ingressBlocked';
        const related: RelatedLocation[] = [
          ...configMapRelated(model, dep),
          ...egressPolicies.map((p) => isolationRelated(p, 'egress', callerName)),
          ...ingressPolicies.map((p) => isolationRelated(p, 'ingress', joinAnd(backendsIsolatedBy(blocked, p).map(displayName)))),
          ...uniqueServicePorts(blocked).map((p) => ({ at: refOf(p, 'port'), message: `Service ${data.service} port ${p.port}${p.name ? ` (${p.name})` : ''}` })),
        ];
        ctx.report({ messageId, at: dep.at, object: dep.workload, key: dependencyKey(dep), data, related, flow: flowOf(dep, svc, blocked[0]!) });
      }
    },
  }),
});

/**
 * The connections a dependency makes. Through a Service with a cluster IP, the Service port the reference names
 * (every Service port when it names none) is translated to each backend's target port. A headless Service's name
 * resolves to the pod IPs, so a stated port is called on the pods as it is.
 */
function attempts(dep: Dependency, svc: ServiceNode, backends: readonly Workload[], classOf: (w: Workload) => PodClass | undefined): Attempt[] {
  const spec = svc.manifest.spec;
  const headless = spec?.clusterIP === 'None' || spec?.clusterIPs?.[0] === 'None';
  const port = dep.reference.port;
  const out: Attempt[] = [];
  const sorted = [...backends].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const backend of sorted) {
    const backendClass = classOf(backend);
    // A pod calling its own Service: no policy stands between a pod and itself.
    if (backend === dep.workload || !backendClass) continue;
    if (headless && port !== undefined) {
      const protocol = dep.servicePort ? protocolOf(dep.servicePort) : 'TCP';
      out.push({ backend, backendClass, servicePort: dep.servicePort, want: ConnSet.of(protocol, PortSet.single(port)) });
      continue;
    }
    // A port no Service port has is deps/port-not-exposed's finding: nothing is forwarded to check.
    const ports = port === undefined ? (spec?.ports ?? []) : dep.servicePort ? [dep.servicePort] : [];
    for (const servicePort of ports) {
      const want = targetConn(servicePort, backend);
      // A named targetPort the backend does not declare is service/target-port-unresolved's finding.
      if (!want.isEmpty()) out.push({ backend, backendClass, servicePort, want });
    }
  }
  return out;
}

/** "port 80 → TCP 7070 on Deployment shop/cart". */
function routeText(b: Blocked): string {
  const from = b.servicePort ? `port ${b.servicePort.port} → ` : '';
  return `${from}${connText(b.want)} on ${displayName(b.backend)}`;
}

/** The peer a rule would need to select `w` from a pod in `from`: its pod labels, and its namespace when it is another one. */
function peerText(w: Workload, fromNamespace: string): string {
  const pods = `podSelector ${formatSelector(w.template.labels)}`;
  // kubernetes.io/metadata.name is set on every namespace by the API server (Kubernetes 1.22+).
  return w.namespace === fromNamespace ? pods : `namespaceSelector kubernetes.io/metadata.name=${w.namespace} + ${pods}`;
}

/** "an egress rule at Deployment shop/checkout (to: podSelector app=cart, ports: TCP 7070)". */
function egressFix(caller: Workload, blocked: readonly Blocked[]): string {
  const byBackend = mergeByBackend(blocked);
  const targets = byBackend.map(({ backend, want }) => `to: ${peerText(backend, caller.namespace)}, ports: ${connText(want)}`);
  return `an egress rule at ${displayName(caller)} (${targets.join('; ')})`;
}

/** "an ingress rule at Deployment shop/cart (from: podSelector app=checkout, ports: TCP 7070)". */
function ingressFix(caller: Workload, blocked: readonly Blocked[]): string {
  const byBackend = mergeByBackend(blocked);
  const rules = byBackend.map(({ backend, want }) => `at ${displayName(backend)} (from: ${peerText(caller, backend.namespace)}, ports: ${connText(want)})`);
  return `an ingress rule ${joinAnd(rules)}`;
}

function mergeByBackend(blocked: readonly Blocked[]): { backend: Workload; want: ConnSet }[] {
  const out = new Map<Workload, ConnSet>();
  for (const b of blocked) out.set(b.backend, (out.get(b.backend) ?? ConnSet.none()).union(b.want));
  return [...out].map(([backend, want]) => ({ backend, want }));
}

function uniquePolicies(list: readonly CompiledPolicy[]): CompiledPolicy[] {
  return [...new Set(list)].sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
}

function uniqueServicePorts(blocked: readonly Blocked[]): ServicePort[] {
  return [...new Set(blocked.flatMap((b) => (b.servicePort ? [b.servicePort] : [])))];
}

function backendsIsolatedBy(blocked: readonly Blocked[], p: CompiledPolicy): Workload[] {
  return [...new Set(blocked.filter((b) => b.ingress.includes(p)).map((b) => b.backend))];
}

/**
 * Where a policy stands in the way on one side: its `egress`/`ingress` rules when it has some (none of them allows
 * the connection), else its podSelector (it selects the pod and isolates it with no rule at all).
 */
function isolationAt(p: CompiledPolicy, direction: 'ingress' | 'egress'): SourceRef {
  const spec = p.node.manifest.spec as Record<string, unknown> | undefined;
  const rules = spec?.[direction];
  const field = Array.isArray(rules) && rules.length > 0 ? direction : 'podSelector';
  return maybeRefOf(p.node.manifest, 'spec', field) ?? refOf(p.node.manifest, 'metadata', 'name');
}

function isolationRelated(p: CompiledPolicy, direction: 'ingress' | 'egress', who: string): RelatedLocation {
  const rules = direction === 'ingress' ? p.ingress : p.egress;
  const detail = rules.length > 0 ? `; none of its ${direction} rules allows the connection` : `, with no ${direction} rule`;
  return { at: isolationAt(p, direction), message: `NetworkPolicy ${policyName(p.node)} selects ${who} and isolates its ${direction}${detail}` };
}

/** env value → Service port → backend's container port (or the targetPort) → the policy that blocks. */
function flowOf(dep: Dependency, svc: ServiceNode, b: Blocked): FlowStep[] {
  const service = `Service ${svc.namespace}/${svc.name}`;
  const flow: FlowStep[] = [{ at: dep.at, message: `${displayName(dep.workload)} calls ${referenceText(dep)}` }];
  if (b.servicePort) flow.push({ at: refOf(b.servicePort, 'port'), message: `${service} port ${b.servicePort.port} forwards to ${connText(b.want)}` });
  const target = targetAt(b);
  if (target) flow.push({ at: target, message: `${displayName(b.backend)} receives on ${connText(b.want)}` });
  const direction = b.egress.length > 0 ? 'egress' : 'ingress';
  // The policy whose rules come closest (it has rules in that direction), else the first that isolates.
  const isolating = direction === 'egress' ? b.egress : b.ingress;
  const blocker = isolating.find((p) => (direction === 'egress' ? p.egress : p.ingress).length > 0) ?? isolating[0];
  if (blocker) {
    const subject = direction === 'egress' ? displayName(dep.workload) : displayName(b.backend);
    flow.push({ at: isolationAt(blocker, direction), message: `NetworkPolicy ${policyName(blocker.node)} isolates the ${direction} of ${subject} and blocks the connection` });
  }
  return flow;
}

/** The backend's container port that receives the connection, else the Service port's targetPort field. */
function targetAt(b: Blocked): SourceRef | undefined {
  for (const p of podPorts(podContainers(b.backend.template.spec)))
    if (b.want.ports(p.protocol).contains(p.containerPort)) {
      const at = maybeRefOf(p.port, 'containerPort');
      if (at) return at;
    }
  return b.servicePort?.targetPort !== undefined ? maybeRefOf(b.servicePort, 'targetPort') : undefined;
}
