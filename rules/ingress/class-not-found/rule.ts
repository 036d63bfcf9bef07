import { compareRefs, refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName, type IngressClassNode } from '../../../src/model/index.js';

/** The deprecated annotation that named a class before `spec.ingressClassName` (Kubernetes 1.18). */
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** Marks the IngressClass that the DefaultIngressClass admission plugin assigns to Ingresses without a class. */
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';

const isDefault = (c: IngressClassNode) => c.manifest.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true';

export default defineRule({
  id: 'ingress/class-not-found',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: {
      description: 'Report Ingresses whose class is not among the IngressClasses of the input, or that no class would claim',
      recommended: true,
    },
    messages: {
      classNotFound:
        'Ingress {{ingress}}: ingressClassName {{class}} is not among the IngressClasses of the input ({{classes}}). No controller of these classes will serve it.',
      annotationClassNotFound:
        'Ingress {{ingress}}: annotation kubernetes.io/ingress.class names class {{class}}, which is not among the IngressClasses of the input ({{classes}}). No controller of these classes will serve it.',
      noClass:
        'Ingress {{ingress}}: it names no class, and none of the IngressClasses in the input ({{classes}}) is marked default. Controllers that serve only their own class will ignore it.',
      multipleDefaults:
        'IngressClass {{ingressClass}}: it is marked default, and so is {{first}}. With more than one default class, the API server rejects new Ingresses that name no class.',
    },
    remediation:
      'Set `spec.ingressClassName` to one of the IngressClasses the cluster runs (replace the deprecated `kubernetes.io/ingress.class` annotation with it), or mark exactly one IngressClass with the annotation `ingressclass.kubernetes.io/is-default-class: "true"`.',
    defaultOptions: {},
    precision: 'high',
  },
  create: (ctx) => {
    const classes = ctx.model.ingressClasses;
    const declared = classes.map((c) => c.name).join(', ');
    // Declaration order: the first default declared stands, every later one is reported.
    const defaults = classes.filter(isDefault).sort((a, b) => compareRefs(a.object.at, b.object.at));
    return {
      Ingress(ing) {
        // Without any IngressClass in the input, the classes live elsewhere (installed with the controller).
        if (classes.length === 0) return;
        const data = { ingress: qualifiedName(ing), classes: declared };
        const field = ing.manifest.spec?.ingressClassName;
        if (field !== undefined) {
          if (!ctx.model.ingressClass(field))
            ctx.report({ messageId: 'classNotFound', at: refOf(ing.manifest, 'spec', 'ingressClassName'), object: ing, data: { ...data, class: field } });
          return;
        }
        const annotation = ing.manifest.metadata.annotations?.[CLASS_ANNOTATION];
        if (annotation !== undefined) {
          if (!ctx.model.ingressClass(annotation)) {
            ctx.report({
              messageId: 'annotationClassNotFound',
              at: refOf(ing.manifest, 'metadata', 'annotations', CLASS_ANNOTATION),
              object: ing,
              data: { ...data, class: annotation },
            });
          }
          return;
        }
        if (defaults.length === 0) ctx.report({ messageId: 'noClass', at: refOf(ing.manifest, 'spec', 'ingressClassName'), object: ing, data });
      },
      IngressClass(cls) {
        const first = defaults[0];
        if (!first || first === cls || !defaults.includes(cls)) return;
        ctx.report({
          messageId: 'multipleDefaults',
          at: refOf(cls.manifest, 'metadata', 'annotations', DEFAULT_CLASS_ANNOTATION),
          object: cls,
          data: { ingressClass: cls.name, first: first.name },
          related: [{ at: refOf(first.manifest, 'metadata', 'annotations', DEFAULT_CLASS_ANNOTATION), message: `IngressClass ${first.name}, also marked default` }],
        });
      },
    };
  },
});
