import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { matchesSelector, workloadMayMatchSelector } from '../../../src/model/index.js';
import { compiledOf, enforcedOn, listNames, policyName, reachOf, selectorText, workloadName, workloadRelated, workloadsOf } from '../engine.js';

export default defineRule({
  id: 'netpol/selects-nothing',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report NetworkPolicies whose podSelector selects no workload of their namespace', recommended: true },
    messages: {
      noMatch:
        'NetworkPolicy {{policy}}: spec.podSelector {{selector}} selects none of the workloads in namespace {{namespace}} ({{workloads}}), ' +
        'so the policy isolates nothing and its rules allow nothing.{{hint}}',
      emptyNamespace:
        'NetworkPolicy {{policy}}: namespace {{namespace}} has no workloads in the input, so spec.podSelector {{selector}} selects nothing ' +
        'and the policy has no effect on what is analysed.',
      onlyHostNetwork:
        'NetworkPolicy {{policy}}: spec.podSelector {{selector}} selects only hostNetwork pods ({{workloads}}), which NetworkPolicy does not isolate ' +
        '(networkPolicy.hostNetwork is unenforced), so the policy has no effect.',
    },
    remediation:
      'Match the labels of the pod template (`spec.template.metadata.labels`), not the labels of the Deployment itself; check the namespace ' +
      'of the policy (a policy only selects pods in its own namespace); or delete the policy if its workloads are gone.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    NetworkPolicy(np) {
      const engine = reachOf(ctx).engine;
      const policy = compiledOf(engine, np);
      const at = refOf(np.manifest.spec, 'podSelector');
      const selector = selectorText(np.manifest.spec.podSelector);
      const inNamespace = ctx.model.workloadsIn(np.namespace);
      const common = { policy: policyName(np), selector };
      if (inNamespace.length === 0) {
        ctx.report({ messageId: 'emptyNamespace', at, object: np, data: { ...common, namespace: np.namespace } });
        return;
      }
      const selected = [...policy.selects].map((i) => engine.classes[i]!);
      // Pods the engine cannot tell apart by template labels may still be selected by labels their
      // controller adds (a StatefulSet's pod names) or that some of their Pods carry: not "nothing".
      if (selected.length === 0 && inNamespace.some((w) => workloadMayMatchSelector(np.manifest.spec.podSelector ?? {}, w))) return;
      if (selected.length === 0) {
        const workloads = listNames(inNamespace.map(workloadName));
        // A common slip: the labels are on the controller's own metadata, which selectors never see.
        const selector = np.manifest.spec.podSelector ?? {};
        const onController = inNamespace.filter((w) => w.object && w.kind !== 'Pod' && matchesSelector(selector, w.object.manifest.metadata.labels ?? {}));
        const hint =
          onController.length > 0
            ? ` These labels are on the metadata of ${listNames(onController.map(workloadName))} itself, not on the pod template (spec.template.metadata.labels) that selectors see.`
            : '';
        const related = inNamespace.slice(0, 5).flatMap((w) => workloadRelated(w, `${workloadName(w)}, not selected`));
        ctx.report({ messageId: 'noMatch', at, object: np, data: { ...common, namespace: np.namespace, workloads, hint }, related });
        return;
      }
      if (selected.every((c) => !enforcedOn(c, ctx.config))) {
        ctx.report({ messageId: 'onlyHostNetwork', at, object: np, data: { ...common, workloads: listNames(workloadsOf(selected).map(workloadName)) } });
      }
    },
  }),
});
