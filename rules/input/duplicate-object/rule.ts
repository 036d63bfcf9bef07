import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { schemaFor } from '../../../src/loader/schemas/index.js';
import { elementId, namespaceOf } from '../../../src/model/index.js';

export default defineRule({
  id: 'input/duplicate-object',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report objects declared more than once with the same kind, namespace and name', recommended: true },
    messages: {
      shadowed:
        '{{kind}} {{object}}: declared again at {{winner}}; kubectl apply keeps the definition applied last, so this one has no effect (netreach analyses the last one).',
    },
    remediation:
      'Keep one definition of each object. If both copies are meant to exist, give them different names or namespaces; if the input mixes rendered output with its sources (a release bundle beside the manifests), point netreach at one of them.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Model(model) {
      for (const { winner, losers } of model.shadowed) {
        const ns = (schemaFor(winner.apiVersion, winner.kind)?.namespaced ?? true) ? namespaceOf(winner.manifest) : undefined;
        const name = winner.manifest.metadata.name;
        const object = ns === undefined ? name : `${ns}/${name}`;
        const id = elementId(winner.kind, ns, name);
        const where = `${winner.at.file}:${refOf(winner.manifest, 'metadata', 'name').region.startLine}`;
        for (const loser of losers) {
          ctx.report({
            messageId: 'shadowed',
            at: refOf(loser.manifest, 'metadata', 'name'),
            object: { id, fqn: `${loser.apiVersion}/${id}`, name },
            data: { kind: loser.kind, object, winner: where },
            related: [{ at: refOf(winner.manifest, 'metadata', 'name'), message: `the definition that wins: ${winner.kind} ${object}` }],
          });
        }
      }
    },
  }),
});
