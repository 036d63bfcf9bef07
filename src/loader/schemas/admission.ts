/**
 * Admission webhook configurations (admissionregistration.k8s.io/v1, cluster-scoped): the API server calls
 * each webhook's Service, so the control plane must reach the Service's pods on its target port — which the
 * `vpc/control-plane-blocked` rule checks. Only the fields that say where the call goes are validated.
 *
 * Field names and defaults from the Kubernetes API reference (ValidatingWebhookConfiguration v1):
 * webhooks[].name, webhooks[].clientConfig.service {namespace, name, path, port — default 443} or
 * clientConfig.url, failurePolicy (Ignore | Fail, default Fail).
 */
import { z } from 'zod';
import { dnsLabel, dnsSubdomain, manifest, portNumber } from './common.js';

const serviceReference = z.looseObject({
  namespace: dnsLabel,
  name: dnsLabel,
  path: z.string().optional(),
  port: portNumber.optional(),
});

const webhook = z.looseObject({
  name: dnsSubdomain,
  clientConfig: z.looseObject({ service: serviceReference.optional(), url: z.string().optional() }),
  failurePolicy: z.enum(['Ignore', 'Fail'], { error: (iss) => `expected Ignore or Fail, got ${JSON.stringify(iss.input)}` }).optional(),
});

export const WebhookConfigurationSchema = manifest({ webhooks: z.array(webhook).optional() });
export type WebhookConfiguration = z.infer<typeof WebhookConfigurationSchema>;
export type Webhook = z.infer<typeof webhook>;
