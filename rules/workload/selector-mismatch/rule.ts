import { maybeRefOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import type { LabelSelector } from '../../../src/loader/schemas/index.js';
import { formatSelector, matchesMap, matchesSelector, qualifiedName, type Labels, type Workload } from '../../../src/model/index.js';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The resource names of the API server's "empty selector is invalid for …" (ReplicaSet reuses "deployment"). */
const EMPTY_SELECTOR_NOUN: Readonly<Record<string, string>> = {
  Deployment: 'deployment',
  ReplicaSet: 'deployment',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
};

/** The first requirement of the selector the labels fail, written as in `kubectl get -l`. */
function failingRequirement(selector: LabelSelector, labels: Labels): string {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!matchesMap({ [key]: value }, labels)) return `${key}=${value}`;
  }
  for (const req of selector.matchExpressions ?? []) {
    if (!matchesSelector({ matchExpressions: [req] }, labels)) return formatSelector({ matchExpressions: [req] });
  }
  return formatSelector(selector);
}

/** The spec holding `selector` and `template` for the kinds this rule checks, else undefined. */
function controllerSpec(w: Workload): Obj | undefined {
  const manifest: unknown = w.object?.manifest;
  if (!isObject(manifest) || !isObject(manifest.spec)) return undefined;
  const spec = manifest.spec;
  switch (w.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicationController':
      return spec;
    // The Job controller generates the selector unless spec.manualSelector is true.
    case 'Job':
      return spec.manualSelector === true ? spec : undefined;
    case 'CronJob': {
      const jobSpec = isObject(spec.jobTemplate) ? spec.jobTemplate.spec : undefined;
      return isObject(jobSpec) && jobSpec.manualSelector === true ? jobSpec : undefined;
    }
    default:
      return undefined;
  }
}

export default defineRule({
  id: 'workload/selector-mismatch',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: "Disallow a controller whose selector does not select its own pod template's labels", recommended: true },
    messages: {
      selectorMismatch:
        '{{kind}} {{workload}}: spec.selector requires {{requirement}}, but the pod template labels are {{labels}}. ' +
        'The API server rejects it ("`selector` does not match template `labels`").',
      emptySelector:
        '{{kind}} {{workload}}: spec.selector is empty. ' +
        'The API server rejects it ("empty selector is invalid for {{resource}}"); select the pods by their template labels ({{labels}}).',
      noSelector:
        '{{kind}} {{workload}}: spec.selector is empty and the pod template has no labels to default it from. ' +
        'The API server rejects it (spec.selector: Required value).',
    },
    remediation:
      "Make spec.selector select the pod template's labels: every matchLabels pair (and matchExpressions requirement) must hold for spec.template.metadata.labels. " +
      'The selector of a Deployment, ReplicaSet, StatefulSet or DaemonSet cannot be changed after creation, so fix the template labels or recreate the object.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Workload(w) {
      if (w.implicit) return;
      const spec = controllerSpec(w);
      if (!spec) return;
      const labels = w.template.labels;
      const shownLabels = Object.keys(labels).length === 0 ? '(none)' : Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
      const base = { kind: w.kind, workload: qualifiedName(w) };
      const at = maybeRefOf(spec, 'selector');
      const labelsAt = maybeRefOf(spec, 'template', 'metadata', 'labels');
      if (!at || !labelsAt) return;
      const related = [{ at: labelsAt, message: `pod template labels of ${w.kind} ${qualifiedName(w)}` }];
      const selector: unknown = spec.selector;

      if (w.kind === 'ReplicationController') {
        // A map selector; when empty the API server defaults it to the template labels.
        const map = isObject(selector) ? (selector as Labels) : {};
        if (Object.keys(map).length === 0) {
          if (Object.keys(labels).length === 0) ctx.report({ messageId: 'noSelector', at, object: w, related, data: base });
          return;
        }
        if (!matchesMap(map, labels)) {
          const requirement = failingRequirement({ matchLabels: map }, labels);
          ctx.report({ messageId: 'selectorMismatch', at, object: w, related, data: { ...base, requirement, labels: shownLabels } });
        }
        return;
      }

      if (!isObject(selector)) return; // missing: the loader already reports the required field
      const labelSelector = selector as LabelSelector;
      const size = Object.keys(labelSelector.matchLabels ?? {}).length + (labelSelector.matchExpressions ?? []).length;
      const resource = EMPTY_SELECTOR_NOUN[w.kind];
      if (size === 0) {
        // Deployments, ReplicaSets, StatefulSets and DaemonSets reject it; for a Job `{}` selects everything.
        if (resource !== undefined) ctx.report({ messageId: 'emptySelector', at, object: w, related, data: { ...base, resource, labels: shownLabels } });
        return;
      }
      if (!matchesSelector(labelSelector, labels)) {
        const requirement = failingRequirement(labelSelector, labels);
        ctx.report({ messageId: 'selectorMismatch', at, object: w, related, data: { ...base, requirement, labels: shownLabels } });
      }
    },
  }),
});
