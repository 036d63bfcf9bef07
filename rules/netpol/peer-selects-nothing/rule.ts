import { refOf } from '../../../src/core/source.js';
import { Bitset } from '../../../src/engine/policy/bitset.js';
import type { PodClass } from '../../../src/engine/policy/classes.js';
import type * as M from '../../../src/loader/schemas/index.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { matchesSelector, NAMESPACE_NAME_LABEL, type Labels } from '../../../src/model/index.js';
import {
  compiledOf,
  controllerConfigured,
  enforcedOn,
  isEmptySelector,
  listNames,
  pathOf,
  policyName,
  reachOf,
  selectorText,
  workloadName,
  workloadsOf,
} from '../engine.js';

export default defineRule({
  id: 'netpol/peer-selects-nothing',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report NetworkPolicy peers whose podSelector, namespaceSelector or both together select no pod', recommended: true },
    messages: {
      noNamespace:
        'NetworkPolicy {{policy}}: namespaceSelector {{selector}} of {{peer}} matches no namespace, so this peer matches nothing.{{hint}}',
      namespacesWithoutPods:
        'NetworkPolicy {{policy}}: namespaceSelector {{selector}} of {{peer}} matches only namespaces without pods in the input ({{namespaces}}), ' +
        'so this peer matches nothing.',
      noPodInNamespace:
        'NetworkPolicy {{policy}}: podSelector {{selector}} of {{peer}} selects no pod in namespace {{namespace}}, so this peer matches nothing.{{hint}}',
      noPodInNamespaces:
        'NetworkPolicy {{policy}}: podSelector {{selector}} of {{peer}} selects no pod in the namespaces its namespaceSelector {{namespaceSelector}} ' +
        'matches ({{namespaces}}); both selectors of one peer must match, so this peer matches nothing.{{hint}}',
      onlyHostNetwork:
        'NetworkPolicy {{policy}}: {{field}} {{selector}} of {{peer}} selects only hostNetwork pods ({{workloads}}), which peer selectors do not match ' +
        '(networkPolicy.hostNetwork is unenforced: their traffic carries the node address), so this peer matches nothing.',
    },
    remediation:
      'Match labels the pod templates and namespaces really carry: every namespace has `kubernetes.io/metadata.name: <name>`; a podSelector ' +
      "without a namespaceSelector only looks in the policy's namespace, and a podSelector and namespaceSelector in the same peer must both " +
      'match (write them as two list items for OR). Allow hostNetwork pods by their node addresses with an ipBlock.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => {
    let knownNamespaces: { name: string; labels: Labels }[] | undefined;
    let candidatesOf: Bitset | undefined;
    const known = (): { name: string; labels: Labels }[] => {
      if (knownNamespaces) return knownNamespaces;
      const out = [...ctx.model.namespaces.values()].map((n) => ({ name: n.name, labels: n.labels }));
      const controllerNs = ctx.config.ingressController.namespace;
      if (controllerConfigured(ctx.config) && !ctx.model.namespaces.has(controllerNs)) {
        out.push({ name: controllerNs, labels: { [NAMESPACE_NAME_LABEL]: controllerNs } });
      }
      return (knownNamespaces = out);
    };
    return {
      NetworkPolicy(np) {
        const engine = reachOf(ctx).engine;
        const index = engine.index;
        const policy = compiledOf(engine, np);
        // Pods of the input, and the ingress controller when netreach.yaml says who it is.
        candidatesOf ??= Bitset.of(
          index.size,
          engine.classes.filter((c) => !c.ingressController || controllerConfigured(ctx.config)).map((c) => c.index),
        );
        const candidates = candidatesOf;
        const classesIn = (b: Bitset): PodClass[] => [...b.and(candidates)].map((i) => engine.classes[i]!);
        const namespacesOf = (b: Bitset) => [...new Set(classesIn(b).map((c) => c.namespace))].sort();

        for (const rule of [...policy.ingress, ...policy.egress])
          for (const { source: peer } of rule.peers) {
            if (peer.ipBlock) continue;
            const { podSelector: podSel, namespaceSelector: nsSel } = peer;
            if (podSel === undefined && nsSel === undefined) continue;
            const common = { policy: policyName(np), peer: pathOf(peer) };
            // Namespaces first: a namespaceSelector that matches no namespace at all.
            let universe: Bitset;
            let matchedNames: string[] | undefined;
            if (nsSel !== undefined && !isEmptySelector(nsSel)) {
              matchedNames = known().filter((n) => matchesSelector(nsSel, n.labels)).map((n) => n.name).sort();
              if (matchedNames.length === 0) {
                const data = { ...common, selector: selectorText(nsSel), hint: namespaceHint(nsSel, known()) };
                ctx.report({ messageId: 'noNamespace', at: refOf(peer, 'namespaceSelector'), object: np, data });
                continue;
              }
              universe = index.namespaces(nsSel);
            } else {
              universe = nsSel !== undefined ? index.all : index.inNamespace(np.namespace);
            }
            const podSelects = podSel !== undefined && !isEmptySelector(podSel);
            if (!podSelects && (nsSel === undefined || isEmptySelector(nsSel))) continue; // `{}`: every pod of a namespace, or of all
            const selected = classesIn(podSelects ? index.pods(podSel, universe) : universe);
            const field = podSelects ? 'podSelector' : 'namespaceSelector';
            const at = refOf(peer, field);
            const selectorShown = selectorText(podSelects ? podSel : nsSel);

            if (selected.length > 0) {
              if (selected.every((c) => !enforcedOn(c, ctx.config) && !c.ingressController)) {
                const workloads = listNames(workloadsOf(selected).map(workloadName));
                ctx.report({ messageId: 'onlyHostNetwork', at, object: np, data: { ...common, field, selector: selectorShown, workloads } });
              }
              continue;
            }
            if (!podSelects) {
              const namespaces = listNames(matchedNames ?? []);
              ctx.report({ messageId: 'namespacesWithoutPods', at, object: np, data: { ...common, selector: selectorShown, namespaces } });
              continue;
            }
            // The pods the podSelector would match anywhere: what a missing or mismatched namespaceSelector hides.
            const elsewhere = namespacesOf(index.pods(podSel)).filter((ns) => nsSel !== undefined || ns !== np.namespace);
            if (nsSel === undefined) {
              const hint =
                elsewhere.length > 0
                  ? ` It matches pods in ${plural('namespace', elsewhere)}: a podSelector without a namespaceSelector looks only in the policy's own namespace.`
                  : '';
              ctx.report({ messageId: 'noPodInNamespace', at, object: np, data: { ...common, selector: selectorShown, namespace: np.namespace, hint } });
            } else {
              const namespaces = matchedNames === undefined ? 'every namespace' : listNames(matchedNames);
              const hint = elsewhere.length > 0 ? ` It matches pods in ${plural('namespace', elsewhere)}, which the namespaceSelector does not match.` : '';
              const data = { ...common, selector: selectorShown, namespaces, namespaceSelector: selectorText(nsSel), hint };
              ctx.report({ messageId: 'noPodInNamespaces', at, object: np, data });
            }
          }
      },
    };
  },
});

/** "namespace web", "namespaces web, api". */
function plural(noun: string, names: readonly string[]): string {
  return `${noun}${names.length > 1 ? 's' : ''} ${listNames(names)}`;
}

/**
 * The usual slip: selecting a namespace by a `name: <ns>` label it does not carry. Every namespace
 * carries `kubernetes.io/metadata.name`, set by the API server.
 */
function namespaceHint(selector: M.LabelSelector, namespaces: readonly { name: string; labels: Labels }[]): string {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const ns = namespaces.find((n) => n.name === value);
    if (ns && ns.labels[key] !== value) {
      return ` Namespace ${value} exists but has no label ${key}=${value}; select it by ${NAMESPACE_NAME_LABEL}=${value}, which every namespace carries.`;
    }
  }
  return '';
}
