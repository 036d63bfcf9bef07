/**
 * Building blocks shared by the manifest schemas: names, labels, ports, selectors, addresses.
 * The validation rules follow k8s.io/apimachinery/pkg/util/validation (IsDNS1123Label,
 * IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsValidPortNum,
 * IsValidPortName) so that what netreach rejects is what the API server rejects.
 *
 * Schemas validate only: the loader keeps its own objects (zod's output is discarded), so they use
 * `z.looseObject` — unknown fields pass untouched — and never transform.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** IANA_SVC_NAME (RFC 6335): lowercase alphanumerics and '-', at least one letter, no '--', no '-' at either end. */
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63 characters. */
export function isQualifiedName(s: string): boolean {
  const parts = s.split('/');
  if (parts.length > 2) return false;
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2 && (parts[0] === '' || !isDns1123Subdomain(parts[0]!))) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

export function isLabelValue(s: string): boolean {
  return s.length <= 63 && LABEL_VALUE.test(s);
}

export function isPortName(s: string): boolean {
  return s.length <= 15 && IANA_SVC_NAME.test(s) && !s.includes('--') && /[a-z]/.test(s);
}

export function isPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** An IPv4 or IPv6 CIDR as Go's net.ParseCIDR accepts it (host bits may be set; no leading zeros in IPv4). */
export function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0 || slash !== s.lastIndexOf('/')) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits)) return false;
  const family = isIP(ip);
  if (family === 0) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const describe = (v: unknown): string => {
  if (v === undefined) return 'nothing (the field is missing)';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

/**
 * Issue params of a format check whose value the analysis can still use as it is: a name or label that
 * breaks the API server's naming rules is reported (input/invalid-field) but kept, so the object is
 * still analysed under the name its author gave it. Values the engine computes with (ports, CIDRs, IPs)
 * are never kept when invalid.
 */
export const KEEP_VALUE = { keep: true } as const;

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${describe(v)}`);

/**
 * Messages for the checks that do not spell out their own (a required field, a mapping where a list
 * belongs): the same wording as the rest, "expected …, got …", instead of zod's "Invalid input".
 */
z.config({
  customError: (iss) => {
    if (iss.code === 'invalid_type') {
      const names: Record<string, string> = { array: 'a list', object: 'a mapping', int: 'an integer', boolean: 'true or false' };
      const expected = names[iss.expected] ?? `a ${iss.expected}`;
      return iss.input === undefined ? `required, expected ${expected}` : `expected ${expected}, got ${kindOf(iss.input)}`;
    }
    if (iss.code === 'too_small' && iss.origin === 'array') return `needs at least ${String(iss.minimum)} item(s)`;
    return undefined;
  },
});

const stringMatching = (test: (s: string) => boolean, what: string, keep = false) =>
  z.string({ error: (iss) => `expected ${what}, got ${describe(iss.input)}` }).refine(test, {
    error: (iss) => `${describe(iss.input)} is not ${what}`,
    ...(keep ? { params: KEEP_VALUE } : {}),
  });

export const dnsLabel = stringMatching(isDns1123Label, 'a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)', true);
export const dnsSubdomain = stringMatching(isDns1123Subdomain, 'a DNS-1123 subdomain (lowercase letters, digits, "-" and ".", at most 253 characters)', true);
export const dns1035Label = stringMatching(isDns1035Label, 'a DNS-1035 label (starts with a letter; lowercase letters, digits and "-", at most 63 characters)', true);
export const portName = stringMatching(isPortName, 'a port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and "-", with a letter)', true);
export const cidr = stringMatching(isCidr, 'a CIDR such as 10.0.0.0/16 or fd00::/8');
export const ipAddress = stringMatching((s) => isIP(s) !== 0, 'an IPv4 or IPv6 address');

export const portNumber = z
  .number({ error: (iss) => `expected a port number from 1 to 65535, got ${describe(iss.input)}` })
  .refine(isPortNumber, { error: (iss) => `${describe(iss.input)} is not a port number from 1 to 65535` });

/** int-or-string fields that name a port: a number 1–65535, or an IANA service name. */
export const intOrPortName = z.union([portNumber, portName], {
  error: (iss) => `expected a port number from 1 to 65535 or a port name, got ${describe(iss.input)}`,
});

export const protocol = z.enum(['TCP', 'UDP', 'SCTP'], {
  error: (iss) => `expected TCP, UDP or SCTP, got ${describe(iss.input)}`,
});

export const labels = z.record(
  stringMatching(isQualifiedName, 'a label key ([prefix/]name)', true),
  stringMatching(isLabelValue, 'a label value (at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends)', true),
  { error: (iss) => `expected a map of label keys to string values, got ${describe(iss.input)}` },
);

/** Annotation values may be any string; only the keys are constrained. */
export const annotations = z.record(stringMatching(isQualifiedName, 'an annotation key ([prefix/]name)', true), z.string());

const selectorRequirement = z
  .looseObject({
    key: stringMatching(isQualifiedName, 'a label key ([prefix/]name)', true),
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist'], {
      error: (iss) => `expected In, NotIn, Exists or DoesNotExist, got ${describe(iss.input)}`,
    }),
    values: z.array(z.string()).optional(),
  })
  .superRefine((req, ctx) => {
    const n = req.values?.length ?? 0;
    if ((req.operator === 'In' || req.operator === 'NotIn') && n === 0)
      ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${req.operator} needs at least one value` });
    if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && n > 0)
      ctx.addIssue({ code: 'custom', path: ['values'], message: `operator ${req.operator} takes no values` });
  });

export const labelSelector = z.looseObject({
  matchLabels: labels.optional(),
  matchExpressions: z.array(selectorRequirement).optional(),
});
export type LabelSelector = z.infer<typeof labelSelector>;

/** kind and apiVersion are required by the API, but `kubectl get -o yaml` dumps and test inputs omit them. */
export const ownerReference = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().optional(),
  name: z.string(),
  uid: z.string().optional(),
  controller: z.boolean().optional(),
});

/** metadata for an object whose name follows `name` (most kinds: a DNS subdomain). */
export function objectMeta(name: z.ZodType<string> = dnsSubdomain) {
  return z.looseObject({
    name,
    namespace: dnsLabel.optional(),
    labels: labels.optional(),
    annotations: annotations.optional(),
    ownerReferences: z.array(ownerReference).optional(),
  });
}

/** The envelope every manifest shares. */
export function manifest<S extends z.ZodRawShape>(shape: S, name?: z.ZodType<string>) {
  return z.looseObject({ apiVersion: z.string(), kind: z.string(), metadata: objectMeta(name), ...shape });
}
