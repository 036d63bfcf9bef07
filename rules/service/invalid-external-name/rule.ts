import { isIP } from 'node:net';
import { refOf } from '../../../src/core/source.js';
import { defineRule } from '../../../src/lint/define-rule.js';
import { isDns1123Label } from '../../../src/loader/schemas/common.js';
import { qualifiedName, serviceTypeOf } from '../../../src/model/index.js';

/**
 * Why `name` (trailing dot already removed) is not a DNS-1123 subdomain, the check the API server runs on
 * externalName (IsDNS1123Subdomain), or undefined when it is one.
 */
function dnsProblem(name: string): string | undefined {
  if (name.length > 253) return `it is ${name.length} characters long (at most 253)`;
  if (isIP(name) === 6) return 'it is an IPv6 address, not a DNS name';
  if (/[A-Z]/.test(name)) return 'it has uppercase letters (only lowercase letters, digits, "-" and "." are allowed)';
  const bad = [...new Set(name.replace(/[a-z0-9.-]/g, ''))];
  if (bad.length > 0) return `it contains ${bad.map((c) => JSON.stringify(c)).join(', ')} (only lowercase letters, digits, "-" and "." are allowed)`;
  const labels = name.split('.');
  if (labels.some((l) => l === '')) return 'it has an empty label (two dots in a row, or a leading dot)';
  const badLabel = labels.find((l) => !isDns1123Label(l));
  if (badLabel !== undefined) {
    return badLabel.length > 63
      ? `its label ${JSON.stringify(badLabel.slice(0, 20))}... is ${badLabel.length} characters long (at most 63)`
      : `its label ${JSON.stringify(badLabel)} starts or ends with "-"`;
  }
  return undefined;
}

export default defineRule({
  id: 'service/invalid-external-name',
  meta: {
    type: 'problem',
    severity: 'error',
    docs: { description: 'Report ExternalName Services whose externalName is missing, not a DNS name, or an IP address', recommended: true },
    messages: {
      missing:
        'Service {{service}}: type ExternalName needs spec.externalName, the DNS name the Service is an alias for; ' +
        'the API server rejects the Service without it (Required value).',
      invalid:
        'Service {{service}}: externalName {{value}} is not a valid DNS name: {{reason}}; the API server rejects it ' +
        '(externalName must be a lowercase RFC 1123 subdomain, optionally with one trailing dot).',
      ipAddress:
        'Service {{service}}: externalName {{value}} is an IPv4 address, which Kubernetes accepts but treats as a DNS name made of digits; ' +
        'cluster DNS answers with a CNAME to it that no DNS server resolves, so the Service does not reach {{value}}.',
    },
    remediation:
      'Set externalName to the DNS name of the external host (lowercase, e.g. `db.example.com`). To point a Service at an IP address, ' +
      'use a Service without selector plus an EndpointSlice (or Endpoints) holding that address instead of ExternalName.',
    defaultOptions: {},
    precision: 'very-high',
  },
  create: (ctx) => ({
    Service(svc) {
      const spec = svc.manifest.spec;
      if (!spec || serviceTypeOf(svc) !== 'ExternalName') return;
      const service = qualifiedName(svc);
      const value = spec.externalName;
      // The value may end in one dot (fully qualified); the API server strips it before checking.
      const name = (value ?? '').replace(/\.$/, '');
      if (name === '') {
        ctx.report({ messageId: 'missing', at: refOf(spec, 'type'), object: svc, data: { service } });
        return;
      }
      const at = refOf(spec, 'externalName');
      const reason = dnsProblem(name);
      if (reason !== undefined) {
        ctx.report({ messageId: 'invalid', at, object: svc, data: { service, value: JSON.stringify(value), reason } });
      } else if (isIP(name) === 4) {
        ctx.report({ messageId: 'ipAddress', at, object: svc, data: { service, value: name } });
      }
    },
  }),
});
