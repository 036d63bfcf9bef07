/**
 * The netreach.yaml schema. Strict everywhere: an unknown or misspelt key is an error with its
 * location, never silently ignored. Rule ids and rule options are checked against the rule registry
 * by the lint layer (src/lint/settings.ts), which knows the rules; this schema does not.
 */
import { z } from 'zod';
import type { Level, LevelSetting } from '../core/finding.js';
import type { DocumentSource } from '../core/source.js';
import { cidr, dnsLabel, labels } from '../loader/schemas/common.js';
import { parseSelector } from './selector.js';

const LEVEL_SETTINGS = ['off', 'note', 'warning', 'error'] as const satisfies readonly LevelSetting[];
const FAIL_ON = ['error', 'warning', 'note', 'none'] as const satisfies readonly (Level | 'none')[];

/**
 * The loader reads YAML 1.1, as kubectl does, so an unquoted `off` arrives as `false`: it means 'off'.
 * The level is never the boolean in the parsed config.
 */
const levelSetting = z.union([z.enum(LEVEL_SETTINGS), z.literal(false).transform(() => 'off' as const)], {
  error: () => 'expected off, note, warning or error',
});

const ruleSetting = z.union(
  [
    levelSetting,
    z.strictObject({
      level: levelSetting.optional(),
      options: z.record(z.string(), z.unknown()).optional().meta({ description: "The rule's options (see its README)." }),
    }),
  ],
  { error: () => 'expected off, note, warning, error or a mapping with level and options' },
);

const PORT_RANGE = /^(tcp|udp|sctp)\/(\d{1,5})(?:-(\d{1,5}))?$/i;

/** `tcp/8443`, `udp/53`, `tcp/8000-8100`: protocol, then a port or an ascending range within 1–65535. */
export function isPortRange(s: string): boolean {
  const m = PORT_RANGE.exec(s);
  if (!m) return false;
  const lo = Number(m[2]);
  const hi = m[3] === undefined ? lo : Number(m[3]);
  return lo >= 1 && hi <= 65535 && lo <= hi;
}

const portRange = z.string().refine(isPortRange, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a port range such as tcp/8443, udp/53 or tcp/8000-8100`,
});

const selector = z.string().superRefine((s, ctx) => {
  const parsed = parseSelector(s);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});

const peer = z.union(
  [
    z.literal('internet'),
    z
      .strictObject({
        namespace: dnsLabel.optional(),
        selector: selector.optional().meta({ description: 'Pod label selector, e.g. "app=frontend,tier in (a,b)".' }),
      })
      .meta({ description: 'Pods: in a namespace, matching a selector, or both.' }),
  ],
  { error: () => 'expected internet or a mapping with namespace and/or selector' },
);

/** Names identify entries in messages, so they must be unique within their list. */
function uniqueNames<T extends { name: string }>(items: T[], ctx: z.core.$RefinementCtx<T[]>): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate name ${JSON.stringify(item.name)}` });
    seen.add(item.name);
  });
}

const externalNetwork = z.strictObject({
  name: z.string().min(1),
  cidrs: z.array(cidr).min(1),
});

const invariant = z.strictObject({
  name: z.string().min(1),
  from: peer,
  to: peer,
  ports: z.array(portRange).min(1).optional().meta({ description: 'Ports the invariant is about; all ports when absent.' }),
  expect: z.enum(['allow', 'deny', 'only']).meta({
    description: 'allow: the traffic is allowed; deny: it is not; only: nothing but `from` reaches `to` on these ports.',
  }),
});

/**
 * A netreach.yaml `suppress:` entry: silence one rule (or a whole group, `netpol/*`) where an object id or a
 * file matches, with the reason on record. Rule ids are checked against the registry by the runner.
 */
const suppressEntry = z
  .strictObject({
    rule: z
      .string()
      .regex(/^[a-z0-9-]+\/(?:[a-z0-9-]+|\*)$/, { error: 'expected a rule id such as netpol/internet-exposed, or a group such as netpol/*' })
      .meta({ description: 'Rule id (netpol/internet-exposed) or a whole group (netpol/*).' }),
    object: z
      .string()
      .min(1)
      .optional()
      .meta({
        description:
          'Object id with * wildcards: namespace/Kind/name (shop/Deployment/web, shop/*), cluster-scoped Kind/name, infrastructure Kind/LogicalId (Subnet/PrivateSubnet01). Any object when absent.',
      }),
    file: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "gitignore-style pattern of the finding's file, relative to this config file's directory. Any file when absent." }),
    reason: z.string().trim().min(1).meta({ description: 'Why it is suppressed (SARIF justification).' }),
  })
  .refine((e) => e.object !== undefined || e.file !== undefined, {
    error: 'a suppress entry needs object or file (to turn a rule off everywhere, use rules: { <id>: off })',
  });

/**
 * A netreach.yaml dependency pattern: a regular expression (JavaScript syntax) run over every configuration value,
 * whose named group `host` is a dependency's host and `port`, when it matches, its port.
 */
const dependencyPattern = z
  .strictObject({
    regex: z
      .string()
      .min(1)
      .superRefine((source, ctx) => {
        let re: RegExp;
        try {
          re = new RegExp(source, 'g');
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(err as Error).message}` });
          return;
        }
        if (!/\(\?<host>/.test(re.source)) ctx.addIssue({ code: 'custom', message: 'the pattern needs a named group (?<host>…); (?<port>…) is optional' });
      })
      .meta({ description: 'JavaScript regular expression with a named group (?<host>…) and optionally (?<port>…), e.g. "host=(?<host>\\S+) port=(?<port>\\d+)".' }),
    port: z.number().int().min(1).max(65535).optional().meta({ description: 'The port when the match has none (e.g. 5432 for libpq keyword strings).' }),
    variables: z
      .array(z.string().min(1))
      .optional()
      .meta({ description: 'Only values of these environment variables or ConfigMap keys (* wildcards); every value when absent.' }),
  })
  .meta({ description: 'An extra way a dependency is written in configuration values.' });

const dependenciesConfig = z.strictObject({
  ignoreHosts: z
    .array(z.string().min(1))
    .default([])
    .meta({
      description:
        'Hosts that are not dependencies, with * wildcards (*.amazonaws.com, otel-collector.observability); matched against the host as written and, for a Service, against name.namespace and its .svc.<domain> forms.',
    }),
  patterns: z.array(dependencyPattern).default([]).meta({ description: 'Extra patterns read besides the built-in ones (host:port, URLs, JDBC, host lists).' }),
  clusterDomains: z
    .array(z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, { error: 'expected a DNS domain such as cluster.local' }))
    .min(1)
    .default(['cluster.local'])
    .meta({ description: "The kubelet's clusterDomain (and any others pods resolve): name.namespace.svc.<domain> is a cluster host." }),
});

/** The ingress controller's own namespace when the config names none: one that nothing else uses. */
export const DEFAULT_INGRESS_CONTROLLER_NAMESPACE = 'netreach-ingress-controller';

export const ConfigSchema = z
  .strictObject(
    {
      rules: z
        .record(z.string(), ruleSetting)
        .default({})
        .meta({ description: 'Rule levels (off, note, warning, error) and options, by rule id.' }),
      exclude: z
        .array(z.string())
        .default([])
        .meta({ description: 'gitignore-style patterns of input paths to leave out.' }),
      suppress: z
        .array(suppressEntry)
        .optional()
        .meta({ description: 'Findings to silence, by rule and object or file, each with its reason: they stay in JSON and SARIF (as suppressed) but do not count.' }),
      failOn: z
        .enum(FAIL_ON)
        .optional()
        .meta({ description: 'Exit with 1 when a finding is at or above this level (default: error).' }),
      ingressController: z
        .strictObject({ namespace: dnsLabel, labels: labels.default({}) })
        .default({ namespace: DEFAULT_INGRESS_CONTROLLER_NAMESPACE, labels: {} })
        .meta({ description: "Where the ingress controller's pods run, and their labels." }),
      networkPolicy: z
        .strictObject({
          hostNetwork: z
            .enum(['unenforced', 'enforced'])
            .default('unenforced')
            .meta({
              description:
                'unenforced: hostNetwork pods are outside NetworkPolicy (they use the node\'s network namespace, as Calico, Cilium and OVN-Kubernetes implement it); enforced: treat them like other pods (np-guard netpol-analyzer\'s model).',
            }),
        })
        .default({ hostNetwork: 'unenforced' })
        .meta({ description: 'How NetworkPolicies are evaluated where implementations differ.' }),
      loadBalancers: z
        .strictObject({
          serviceController: z
            .enum(['auto', 'aws-load-balancer-controller', 'in-tree'])
            .default('auto')
            .meta({
              description:
                "Which controller makes the load balancer of a LoadBalancer Service without spec.loadBalancerClass. aws-load-balancer-controller: the AWS Load Balancer Controller (v2.5+), whose webhook sets loadBalancerClass service.k8s.aws/nlb on such Services; in-tree: the Kubernetes in-tree AWS cloud provider (Classic Load Balancer, or NLB with aws-load-balancer-type: nlb); auto: the AWS Load Balancer Controller when the input shows it is installed (its Deployment, IngressClass, IngressClassParams, TargetGroupBinding, webhook configuration, or a Service or Ingress that asks for it), else in-tree.",
            }),
        })
        .default({ serviceController: 'auto' })
        .meta({ description: 'How the load balancers of Services and Ingresses are modelled.' }),
      dependencies: dependenciesConfig
        .default({ ignoreHosts: [], patterns: [], clusterDomains: ['cluster.local'] })
        .meta({ description: "How declared dependencies are read from workloads' configuration (netreach deps, deps/ rules)." }),
      externalNetworks: z
        .array(externalNetwork)
        .superRefine(uniqueNames)
        .default([])
        .meta({ description: 'Named address ranges outside the cluster: on-prem networks, partner VPCs.' }),
      invariants: z
        .array(invariant)
        .superRefine(uniqueNames)
        .default([])
        .meta({ description: "The team's own reachability requirements, checked like rules." }),
    },
    { error: (iss) => (iss.code === 'invalid_type' ? 'a config file is a mapping (rules:, exclude:, invariants: …)' : undefined) },
  )
  .meta({ title: 'netreach configuration', description: 'netreach.yaml / .netreach.yaml' });

export type ConfigData = z.output<typeof ConfigSchema>;
export type RuleSetting = z.output<typeof ruleSetting>;
export type ExternalNetwork = z.output<typeof externalNetwork>;
export type Invariant = z.output<typeof invariant>;
export type SuppressEntry = z.output<typeof suppressEntry>;
export type InvariantPeer = z.output<typeof peer>;
export type DependenciesConfig = z.output<typeof dependenciesConfig>;

/** The parsed configuration, with where it came from (for error locations). */
export interface NetreachConfig extends ConfigData {
  /** The config file, when there is one. */
  readonly file?: string;
  /** Regions of its fields: rule option errors point into it. */
  readonly source?: DocumentSource;
  /** Its text: findings can point into it (invariants), and SARIF hashes their lines. */
  readonly text?: string;
}
