import { defineRule } from '../../../src/lint/define-rule.js';
import { podContainers, podPorts, qualifiedName, type PodPort } from '../../../src/model/index.js';
import { formatPort, portRef, sourcedSpec } from '../pod-ports.js';

/**
 * The API server's port warnings (pkg/api/pod/warnings.go), for two ports of one pod with the same
 * containerPort and protocol: which one applies, or undefined (different hostPorts, or different
 * hostIPs on the same hostPort, are deliberate and allowed).
 */
function portOverlap(a: PodPort, b: PodPort): 'duplicatePort' | 'overlappingPort' | 'ambiguousPort' | undefined {
  if (a.hostIP === b.hostIP && a.hostPort === b.hostPort) return 'duplicatePort';
  if (a.hostPort === 0 || b.hostPort === 0) return 'overlappingPort';
  if (a.hostPort === b.hostPort && (a.hostIP === '') !== (b.hostIP === '')) return 'ambiguousPort';
  return undefined;
}

export default defineRule({
  id: 'workload/duplicate-container-port',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Disallow a pod template that declares the same container port or port name twice', recommended: true },
    messages: {
      duplicatePort:
        '{{kind}} {{workload}}: {{port}} of container {{container}} is already declared by container {{firstContainer}}. ' +
        'The API server warns "duplicate port definition"; declare it once.',
      overlappingPort:
        '{{kind}} {{workload}}: {{port}} of container {{container}} is already declared by container {{firstContainer}}, once with hostPort {{hostPort}} and once without. ' +
        'The API server warns "overlapping port definition": the entry without hostPort adds nothing.',
      ambiguousPort:
        '{{kind}} {{workload}}: {{port}} of container {{container}} is already declared by container {{firstContainer}} on hostPort {{hostPort}}, once with hostIP {{hostIP}} and once without. ' +
        'The API server warns "dangerously ambiguous port definition": which host address gets the port is undefined.',
      duplicateNameInContainer:
        '{{kind}} {{workload}}: container {{container}} names two ports "{{name}}" ({{firstPort}} and {{port}}). ' +
        'The API server rejects the pod template (Duplicate value: "{{name}}").',
      duplicateName:
        '{{kind}} {{workload}}: port name "{{name}}" ({{port}}) of container {{container}} is already used by container {{firstContainer}} ({{firstPort}}). ' +
        'Port names must be unique within a pod; a Service targetPort or NetworkPolicy port that refers to "{{name}}" cannot tell the two apart.',
    },
    remediation:
      'Declare each containerPort/protocol once per pod, and give every named port a name no other port in the pod uses. ' +
      'To publish one container port on two host ports, keep both entries but give them different hostPorts.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Workload(w) {
      const spec = sourcedSpec(w);
      if (!spec) return;
      const ports = podPorts(podContainers(spec));
      const base = { kind: w.kind, workload: qualifiedName(w) };

      // Same containerPort and protocol anywhere in the pod (init containers included, as the warnings do).
      ports.forEach((p, i) => {
        for (const first of ports.slice(0, i)) {
          if (first.containerPort !== p.containerPort || first.protocol !== p.protocol) continue;
          const messageId = portOverlap(first, p);
          if (!messageId) continue;
          const at = portRef(p, 'containerPort');
          const related = portRef(first, 'containerPort');
          if (!at || !related) return;
          const data = { ...base, port: formatPort(p), container: p.owner.name, firstContainer: first.owner.name };
          const hostPort = String(p.hostPort || first.hostPort);
          const report = { at, object: w, related: [{ at: related, message: `first declaration of ${formatPort(first)}: container ${first.owner.name}` }] };
          if (messageId === 'duplicatePort') ctx.report({ ...report, messageId, data });
          else if (messageId === 'overlappingPort') ctx.report({ ...report, messageId, data: { ...data, hostPort } });
          else ctx.report({ ...report, messageId, data: { ...data, hostPort, hostIP: p.hostIP || first.hostIP } });
          return; // one finding per port: against the first declaration it collides with
        }
      });

      // Port names: the API checks uniqueness per container; the API reference asks for it per pod.
      ports.forEach((p, i) => {
        if (p.name === undefined) return;
        const first = ports.slice(0, i).find((q) => q.name === p.name);
        if (!first) return;
        const at = portRef(p, 'name');
        const related = portRef(first, 'name');
        if (!at || !related) return;
        const data = { ...base, name: p.name, port: formatPort(p), firstPort: formatPort(first), container: p.owner.name };
        const report = { at, object: w, related: [{ at: related, message: `port "${p.name}" first named in container ${first.owner.name}` }] };
        if (first.owner === p.owner) ctx.report({ ...report, messageId: 'duplicateNameInContainer', data });
        else ctx.report({ ...report, messageId: 'duplicateName', data: { ...data, firstContainer: first.owner.name } });
      });
    },
  }),
});
