import { isIP } from 'node:net';
import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { qualifiedName, serviceTypeOf } from '../../../src/model/index.js';

export default defineRule({
  id: 'service/invalid-cluster-ip',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report clusterIP and clusterIPs values the API server rejects', recommended: true },
    messages: {
      invalidIp:
        'Service {{service}}: {{field}} {{value}} is not an IPv4 or IPv6 address; ' +
        'valid values are "" (allocate one), "None" (headless) or an address from the service CIDR.',
      headlessType:
        'Service {{service}}: clusterIP None (headless) is not allowed for type {{type}}; ' +
        "the API server rejects it (may not be set to 'None' for {{type}} services).",
      externalName:
        'Service {{service}}: {{field}} {{value}} is set on an ExternalName Service, which gets no cluster IP; ' +
        'the API server rejects it (may not be set for ExternalName services).',
      mismatch:
        'Service {{service}}: clusterIP {{value}} differs from clusterIPs[0] {{first}}; ' +
        'the API server requires the first entry of clusterIPs to match clusterIP.',
      clusterIpsWithoutClusterIp:
        'Service {{service}}: clusterIPs is set but clusterIP is not; ' +
        'the API server rejects clusterIPs unless clusterIP is set to its first entry (must be empty when `clusterIP` is not specified).',
      noneNotAlone:
        "Service {{service}}: clusterIPs starts with None but has {{count}} entries; 'None' must be the first and only value.",
      notDualStack:
        'Service {{service}}: clusterIPs {{value}} is not one IPv4 and one IPv6 address; ' +
        'the API server accepts at most one address of each family (may specify no more than one IP for each IP family).',
    },
    remediation:
      'Leave clusterIP unset (or "") and let the API server allocate one, set it to "None" for a headless Service of type ClusterIP, ' +
      'or set an unused address of the service CIDR; when clusterIPs is set too, start it with the same address. ' +
      'ExternalName Services take neither field.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Service(svc) {
      const spec = svc.manifest.spec;
      if (!spec) return;
      const type = serviceTypeOf(svc);
      const service = qualifiedName(svc);
      const { clusterIP, clusterIPs } = spec;
      const ips = clusterIPs ?? [];

      if (type === 'ExternalName') {
        if (clusterIP) {
          ctx.report({ messageId: 'externalName', at: refOf(spec, 'clusterIP'), object: svc, data: { service, field: 'clusterIP', value: clusterIP } });
        } else if (ips.length > 0) {
          ctx.report({ messageId: 'externalName', at: refOf(ips, 0), object: svc, data: { service, field: 'clusterIPs[0]', value: ips[0]! } });
        }
        return;
      }

      if (!clusterIP) {
        if (ips.length > 0) ctx.report({ messageId: 'clusterIpsWithoutClusterIp', at: refOf(spec, 'clusterIPs'), object: svc, data: { service } });
        return;
      }

      const at = refOf(spec, 'clusterIP');
      if (clusterIP !== 'None' && isIP(clusterIP) === 0) {
        ctx.report({ messageId: 'invalidIp', at, object: svc, data: { service, field: 'clusterIP', value: clusterIP } });
      } else if (clusterIP === 'None' && (type === 'NodePort' || type === 'LoadBalancer')) {
        ctx.report({ messageId: 'headlessType', at, object: svc, data: { service, type } });
      }
      if (ips.length === 0) return;

      if (ips[0] !== clusterIP) {
        ctx.report({
          messageId: 'mismatch',
          at,
          object: svc,
          related: [{ at: refOf(ips, 0), message: `clusterIPs[0] ${ips[0]}` }],
          data: { service, value: clusterIP, first: ips[0]! },
        });
      }
      if (ips[0] === 'None' && ips.length > 1) {
        ctx.report({ messageId: 'noneNotAlone', at: refOf(spec, 'clusterIPs'), object: svc, data: { service, count: ips.length } });
        return;
      }
      let allValid = ips[0] === 'None' || isIP(ips[0]!) !== 0;
      ips.forEach((ip, i) => {
        if (i === 0 || isIP(ip) !== 0) return;
        allValid = false;
        ctx.report({ messageId: 'invalidIp', at: refOf(ips, i), object: svc, data: { service, field: `clusterIPs[${i}]`, value: ip } });
      });
      const families = ips.map((ip) => isIP(ip));
      if (allValid && ips.length > 1 && (ips.length > 2 || families[0] === families[1])) {
        ctx.report({ messageId: 'notDualStack', at: refOf(spec, 'clusterIPs'), object: svc, data: { service, value: ips.join(', ') } });
      }
    },
  }),
});
