import type { FlowStep, RelatedLocation } from '../../../src/core/finding.js';
import { maybeRefOf, refOf, type SourceRef } from '../../../src/core/source.js';
import { ConnSet } from '../../../src/engine/conn-set.js';
import type { CompiledPolicy } from '../../../src/engine/policy/compile.js';
import { depsOptionsOf } from '../../../src/deps/options.js';
import { checkDependency, type ExternalAttempt, type ServiceAttempt } from '../../../src/deps/check.js';
import { declaredDependencies, type Dependency } from '../../../src/deps/infer.js';
import type { ServicePort } from '../../../src/loader/schemas/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName } from '../../../src/model/identity.js';
import { podContainers, podPorts } from '../../../src/model/ports.js';
import { formatSelector } from '../../../src/model/selectors.js';
import type { Model, ServiceNode, Workload } from '../../../src/model/types.js';
import { connText, joinAnd, policyList, policyName, reachOf } from '../../netpol/engine.js';
import { configMapRelated, dependencyKey, referenceText } from '../shared.js';

/** A connection the policies block, with the policies standing in the way on each side that blocks it (else empty). */
interface Blocked extends ServiceAttempt {
  egressPolicies: readonly CompiledPolicy[];
  ingressPolicies: readonly CompiledPolicy[];
}

export default defineRule({
  id: 'deps/blocked',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report declared dependencies that the NetworkPolicies block: on a Service (at the caller or at the backend) or on a host outside the cluster (at the caller)',
      recommended: true,
    },
    messages: {
      egressBlocked:
        "{{workload}}: {{via}} names {{reference}}, which reaches Service {{service}} {{route}}; the caller's egress, isolated by {{egressPolicies}}, " +
        'does not allow it. To let it through, add {{egressFix}}.',
      ingressBlocked:
        "{{workload}}: {{via}} names {{reference}}, which reaches Service {{service}} {{route}}; the backend's ingress, isolated by {{ingressPolicies}}, " +
        'does not admit {{workload}} there. To let it through, add {{ingressFix}}.',
      externalBlocked:
        "{{workload}}: {{via}} names {{reference}}, outside the cluster; the caller's egress, isolated by {{egressPolicies}}, allows {{conn}} to no address outside the cluster, " +
        'so no address it may resolve to is reachable. To let it through, add {{egressFix}}.',
      addressBlocked:
        "{{workload}}: {{via}} names {{reference}}, outside the cluster; the caller's egress, isolated by {{egressPolicies}}, does not allow {{conn}} {{where}}. " +
        'To let it through, add {{egressFix}}.',
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
      const reach = reachOf(ctx);
      const options = depsOptionsOf(ctx.config);
      for (const dep of declaredDependencies(model, options)) {
        if (dep.workload.implicit || !dep.workload.object) continue;
        const check = checkDependency(dep, reach, options.clusterDomains);
        // Partly blocked is certain only when the call's port is known: without one, an allowed Service port may be the one used.
        if (check.status !== 'blocked' && !(check.status === 'partial' && dep.reference.port !== undefined)) continue;
        if (check.external) {
          // An external host's address is not in the input: only a call no address could take is certain to fail.
          if (check.status === 'blocked') reportExternal(dep, check.external);
          continue;
        }
        const blocked = check.attempts
          .filter((a) => a.egressBlocks || a.ingressBlocks)
          .map((a) => ({ ...a, egressPolicies: a.egressBlocks ? a.egress.isolatedBy : [], ingressPolicies: a.ingressBlocks ? a.ingress.isolatedBy : [] }));
        if (check.service) report(dep, check.service, blocked);
      }

      function reportExternal(dep: Dependency, external: ExternalAttempt): void {
        const callerName = displayName(dep.workload);
        const to = external.addresses ? external.addresses.toCidrs().join(', ') : '0.0.0.0/0';
        const data = {
          workload: callerName,
          via: dep.value.via,
          reference: referenceText(dep),
          conn: dep.reference.port !== undefined ? connText(external.want) : 'TCP',
          where: `to ${external.host}`,
          egressPolicies: policyList(uniquePolicies(external.isolatedBy)),
          egressFix: `an egress rule at ${callerName} (to: ipBlock ${to}${external.addresses ? '' : ' or the addresses the name resolves to'}, ports: ${dep.reference.port !== undefined ? connText(external.want) : 'the port it calls'})`,
        };
        const related = [...configMapRelated(model, dep), ...uniquePolicies(external.isolatedBy).map((p) => isolationRelated(p, 'egress', callerName))];
        const flow: FlowStep[] = [{ at: dep.at, message: `${callerName} calls ${referenceText(dep)}, outside the cluster` }];
        const blocker = closestPolicy(external.isolatedBy, 'egress');
        if (blocker) flow.push({ at: isolationAt(blocker, 'egress'), message: `NetworkPolicy ${policyName(blocker.node)} isolates the egress of ${callerName} and blocks the connection` });
        ctx.report({ messageId: external.addresses ? 'addressBlocked' : 'externalBlocked', at: dep.at, object: dep.workload, key: dependencyKey(dep), data, related, flow });
      }

      function report(dep: Dependency, svc: ServiceNode, blocked: readonly Blocked[]): void {
        const callerName = displayName(dep.workload);
        const egressPolicies = uniquePolicies(blocked.flatMap((b) => b.egressPolicies));
        const ingressPolicies = uniquePolicies(blocked.flatMap((b) => b.ingressPolicies));
        const data = {
          workload: callerName,
          via: dep.value.via,
          reference: referenceText(dep),
          service: `${svc.namespace}/${svc.name}`,
          route: joinAnd(blocked.map(routeText)),
          egressPolicies: policyList(egressPolicies),
          ingressPolicies: policyList(ingressPolicies),
          egressFix: egressFix(model, dep.workload, blocked.filter((b) => b.egressPolicies.length > 0)),
          ingressFix: ingressFix(model, dep.workload, blocked.filter((b) => b.ingressPolicies.length > 0)),
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

/** "port 80 → TCP 7070 on Deployment shop/cart". */
function routeText(b: Blocked): string {
  const from = b.servicePort ? `port ${b.servicePort.port} → ` : '';
  return `${from}${connText(b.want)} on ${displayName(b.backend)}`;
}

/**
 * The peer a rule would need to select `w` from a pod in `from`: one of its pod labels that no other workload of its
 * namespace carries (app.kubernetes.io/name and app first), else all of them; and its namespace when it is another one.
 */
function peerText(model: Model, w: Workload, fromNamespace: string): string {
  const pods = `podSelector ${formatSelector(distinguishingLabels(model, w))}`;
  // kubernetes.io/metadata.name is set on every namespace by the API server (Kubernetes 1.22+).
  return w.namespace === fromNamespace ? pods : `namespaceSelector kubernetes.io/metadata.name=${w.namespace} + ${pods}`;
}

const PREFERRED_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name'];

function distinguishingLabels(model: Model, w: Workload): Readonly<Record<string, string>> {
  const labels = w.template.labels;
  const keys = Object.keys(labels).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const neighbours = model.workloadsIn(w.namespace).filter((x) => x !== w);
  const key = keys.find((k) => !neighbours.some((x) => x.template.labels[k] === labels[k]));
  return key === undefined ? labels : { [key]: labels[key]! };
}

const rank = (key: string) => {
  const i = PREFERRED_LABELS.indexOf(key);
  return i < 0 ? PREFERRED_LABELS.length : i;
};

/** "an egress rule at Deployment shop/checkout (to: podSelector app=cart, ports: TCP 7070)". */
function egressFix(model: Model, caller: Workload, blocked: readonly Blocked[]): string {
  const byBackend = mergeByBackend(blocked);
  const targets = byBackend.map(({ backend, want }) => `to: ${peerText(model, backend, caller.namespace)}, ports: ${connText(want)}`);
  return `an egress rule at ${displayName(caller)} (${targets.join('; ')})`;
}

/** "an ingress rule at Deployment shop/cart (from: podSelector app=checkout, ports: TCP 7070)". */
function ingressFix(model: Model, caller: Workload, blocked: readonly Blocked[]): string {
  const byBackend = mergeByBackend(blocked);
  const rules = byBackend.map(({ backend, want }) => `at ${displayName(backend)} (from: ${peerText(model, caller, backend.namespace)}, ports: ${connText(want)})`);
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
  return [...new Set(blocked.filter((b) => b.ingressPolicies.includes(p)).map((b) => b.backend))];
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

/**
 * The policy a team would change to let the connection through: one with rules in that direction, selecting the pod
 * most specifically (a namespace-wide default-deny or DNS policy last), else the first that isolates.
 */
function closestPolicy(isolating: readonly CompiledPolicy[], direction: 'ingress' | 'egress'): CompiledPolicy | undefined {
  const terms = (p: CompiledPolicy) => {
    const sel = p.node.manifest.spec?.podSelector;
    return Object.keys(sel?.matchLabels ?? {}).length + (sel?.matchExpressions?.length ?? 0);
  };
  const hasRules = (p: CompiledPolicy) => ((direction === 'egress' ? p.egress : p.ingress).length > 0 ? 1 : 0);
  return [...isolating].sort((a, b) => hasRules(b) - hasRules(a) || terms(b) - terms(a) || (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0))[0];
}

/** env value → Service port → backend's container port (or the targetPort) → the policy that blocks. */
function flowOf(dep: Dependency, svc: ServiceNode, b: Blocked): FlowStep[] {
  const service = `Service ${svc.namespace}/${svc.name}`;
  const flow: FlowStep[] = [{ at: dep.at, message: `${displayName(dep.workload)} calls ${referenceText(dep)}` }];
  if (b.servicePort) flow.push({ at: refOf(b.servicePort, 'port'), message: `${service} port ${b.servicePort.port} forwards to ${connText(b.want)}` });
  const target = targetAt(b);
  if (target) flow.push({ at: target, message: `${displayName(b.backend)} receives on ${connText(b.want)}` });
  const direction = b.egressPolicies.length > 0 ? 'egress' : 'ingress';
  const blocker = closestPolicy(direction === 'egress' ? b.egressPolicies : b.ingressPolicies, direction);
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
