import { maybeRefOf, refOf } from '../../../src/core/source.js';
import { podDnsOf } from '../../../src/deps/dns.js';
import { depsOptionsOf } from '../../../src/deps/options.js';
import { declaredDependencies, servicesIn } from '../../../src/deps/infer.js';
import { editDistance } from '../../../src/core/text.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { displayName } from '../../../src/model/identity.js';
import type { Model, ServiceNode } from '../../../src/model/types.js';
import { configMapRelated, dependencyKey, referenceText } from '../shared.js';

/** Up to this many Services of the namespace are all listed as related; in a larger one, only the closest names. */
const FEW_SERVICES = 5;
const CLOSE_DISTANCE = 3;

export default defineRule({
  id: 'deps/service-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report configuration values (env, ConfigMap values, args) that name an in-cluster Service the input does not have, or that pods without cluster DNS cannot resolve',
      recommended: true,
    },
    messages: {
      serviceNotFound:
        '{{workload}}: {{via}} names {{reference}}, Service {{service}}, which is not in the input; its connections fail to resolve (NXDOMAIN).',
      serviceNotFoundSimilar:
        '{{workload}}: {{via}} names {{reference}}, Service {{service}}, which is not in the input (namespace {{namespace}} has {{similar}}); its connections fail to resolve (NXDOMAIN).',
      noClusterDns:
        '{{workload}}: {{via}} names {{reference}}, a cluster name, but {{why}}: the name does not resolve there (NXDOMAIN).',
      namespaceNotFound:
        '{{workload}}: {{via}} names {{reference}}, Service {{service}}; neither it nor namespace {{namespace}} is in the input. ' +
        'Unless both are deployed from elsewhere, its connections fail to resolve (NXDOMAIN).',
    },
    remediation:
      'Fix the host to the name of an existing Service (`name` in the workload namespace, `name.namespace` or `name.namespace.svc.cluster.local` elsewhere), ' +
      'or add the Service to the input. If the Service is deployed from other manifests, lint them together.',
    defaultOptions: {},
    precision: 'high',
  },
  create: (ctx) => ({
    Model(model) {
      for (const dep of declaredDependencies(model, depsOptionsOf(ctx.config))) {
        if (!dep.workload.object) continue;
        const dns = dep.target.kind === 'service' || dep.target.kind === 'missing-service' || dep.target.kind === 'api-server' ? podDnsOf(dep.workload) : undefined;
        if (dns && dns.kind === 'node') {
          // The node's resolver knows no cluster name: every cluster reference of such a pod fails, present or not.
          const { spec, specAt } = dep.workload.template;
          const field = specAt ? maybeRefOf(specAt, spec.dnsPolicy !== undefined ? 'dnsPolicy' : 'hostNetwork') : undefined;
          const related = [...configMapRelated(model, dep), ...(field ? [{ at: field, message: `${displayName(dep.workload)}: ${dns.why}` }] : [])];
          ctx.report({ messageId: 'noClusterDns', at: dep.at, object: dep.workload, key: dependencyKey(dep), data: { workload: displayName(dep.workload), via: dep.value.via, reference: referenceText(dep), why: dns.why }, related });
          continue;
        }
        if (dep.target.kind !== 'missing-service') continue;
        const { namespace, name } = dep.target;
        const base = {
          at: dep.at,
          object: dep.workload,
          key: dependencyKey(dep),
        };
        const data = { workload: displayName(dep.workload), via: dep.value.via, reference: referenceText(dep), service: `${namespace}/${name}` };
        if (!model.namespace(namespace)) {
          ctx.report({ ...base, messageId: 'namespaceNotFound', data: { ...data, namespace }, related: configMapRelated(model, dep) });
          continue;
        }
        const candidates = similarServices(model, namespace, name);
        const related = [
          ...configMapRelated(model, dep),
          ...candidates.map((s) => ({ at: refOf(s.manifest, 'metadata', 'name'), message: `Service ${s.namespace}/${s.name}` })),
        ];
        if (candidates.length === 0) ctx.report({ ...base, messageId: 'serviceNotFound', data, related });
        else ctx.report({ ...base, messageId: 'serviceNotFoundSimilar', data: { ...data, namespace, similar: candidates.map((s) => s.name).join(', ') }, related });
      }
    },
  }),
});

/** The namespace's Services, closest name first: all of them when few, else those within a few edits (a typo, a suffix). */
function similarServices(model: Model, namespace: string, name: string): ServiceNode[] {
  const scored = servicesIn(model, namespace)
    .map((s) => ({ s, d: editDistance(s.name, name) }))
    .sort((a, b) => a.d - b.d || (a.s.name < b.s.name ? -1 : a.s.name > b.s.name ? 1 : 0));
  const picked = scored.length <= FEW_SERVICES ? scored : scored.filter((x) => x.d <= CLOSE_DISTANCE || x.s.name.includes(name) || name.includes(x.s.name));
  return picked.map((x) => x.s);
}
