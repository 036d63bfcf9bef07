import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName, SERVICE_NAME_LABEL, serviceSelector, serviceTypeOf } from '../../../src/model/index.js';

export default defineRule({
  id: 'service/no-endpoints',
  meta: {
    type: 'problem',
    severity: 'warning',
    docs: { description: 'Report Services without a selector whose Endpoints or EndpointSlices are not in the input', recommended: true },
    messages: {
      noEndpoints:
        'Service {{service}}: it has no selector, and the input has no Endpoints {{name}} and no EndpointSlice labelled {{label}}, ' +
        'so it has no endpoints and connections to it are rejected.',
      emptySelector:
        'Service {{service}}: its selector is empty, which the API server stores as no selector at all, ' +
        'and the input has no Endpoints {{name}} and no EndpointSlice labelled {{label}}, so connections to it are rejected.',
      externalNameIgnored:
        'Service {{service}}: it has no selector and the input has no Endpoints or EndpointSlice for it; ' +
        'its externalName {{externalName}} is ignored because its type is {{type}}, not ExternalName.',
    },
    remediation:
      'Give the Service a selector that matches the pods that serve it, or ship the Endpoints/EndpointSlice that name its backends ' +
      '(EndpointSlices labelled `kubernetes.io/service-name: <service>`). For a DNS alias of an external host use `type: ExternalName` ' +
      'with `externalName`.',
    defaultOptions: {},
  },
  create: (ctx) => ({
    Service(svc) {
      const type = serviceTypeOf(svc);
      if (type === 'ExternalName' || serviceSelector(svc)) return;
      // The API server maintains the endpoints of default/kubernetes itself.
      if (svc.namespace === 'default' && svc.name === 'kubernetes') return;
      const { endpoints, slices } = ctx.model.endpointsOf(svc);
      if (endpoints || slices.length > 0) return;

      const spec = svc.manifest.spec;
      const service = qualifiedName(svc);
      const label = `${SERVICE_NAME_LABEL}=${svc.name}`;
      if (spec?.selector) {
        ctx.report({ messageId: 'emptySelector', at: refOf(spec, 'selector'), object: svc, data: { service, name: svc.name, label } });
        return;
      }
      const at = spec ? refOf(svc.manifest, 'spec') : refOf(svc.manifest.metadata, 'name');
      if (spec?.externalName !== undefined) {
        ctx.report({ messageId: 'externalNameIgnored', at, object: svc, data: { service, externalName: spec.externalName, type } });
        return;
      }
      ctx.report({ messageId: 'noEndpoints', at, object: svc, data: { service, name: svc.name, label } });
    },
  }),
});
