/** argv → a typed command. No analysis here; usage errors are UsageError (exit 2). */
import { parseArgs } from 'node:util';
import type { Level } from '../core/finding.js';
import { CAPACITY_FORMATS, type CapacityFormat } from '../reporters/capacity.js';
import { CONNECTION_FORMATS, type ConnectionFormat } from '../reporters/connections.js';
import { DEPS_FORMATS, type DepsFormat } from '../reporters/deps.js';
import { DIFF_FORMATS, type DiffFormat } from '../reporters/diff.js';
import { REPORT_FORMATS, type ReportFormat } from '../reporters/index.js';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const COMMANDS = ['check', 'connections', 'query', 'deps', 'capacity', 'diff', 'rules', 'model'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
  command: CommandName;
  /** diff: the paths after `--` (none: each version's whole tree, or the working directory's part of it). */
  paths: string[];
  format: ReportFormat | ConnectionFormat | CapacityFormat | DiffFormat | DepsFormat;
  /** diff: the two versions, directories or git refs. */
  base: string | undefined;
  head: string | undefined;
  /** diff: new exposure fails the run too. */
  failOnExposure: boolean;
  /** connections: keep connections touching these workloads (namespace/name), node groups, subnets or address ranges; deps: calls touching these namespaces, workloads, Services or hosts. */
  focus: string[];
  /** query */
  from: string | undefined;
  to: string | undefined;
  ports: string[];
  explain: boolean;
  output: string | undefined;
  config: string | undefined;
  failOn: Level | 'none' | undefined;
  quiet: boolean;
  color: boolean | undefined;
  verbose: boolean;
  stdinFilename: string | undefined;
  sarifCategory: string | undefined;
  sarifRoot: string | undefined;
  maxSarifResults: number | undefined;
  /** check: a SARIF log of an earlier run; findings in it are not reported again. */
  baseline: string | undefined;
}

export type ParsedArgs = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions };

const FAIL_ON = ['error', 'warning', 'note', 'none'] as const;

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        'fail-on': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        'no-color': { type: 'boolean' },
        color: { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        'stdin-filename': { type: 'string' },
        'sarif-category': { type: 'string' },
        'sarif-root': { type: 'string' },
        'max-sarif-results': { type: 'string' },
        baseline: { type: 'string' },
        'fail-on-exposure': { type: 'boolean' },
        focus: { type: 'string', multiple: true },
        from: { type: 'string' },
        to: { type: 'string' },
        port: { type: 'string', multiple: true },
        explain: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals, tokens } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [first, ...rest] = positionals;
  if (first === undefined) throw new UsageError(`missing command (${COMMANDS.join(', ')})`);
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command ${JSON.stringify(first)} (expected ${COMMANDS.join(', ')}); to analyse a path, run: netreach check ${first}`);
  }
  const command = first as CommandName;

  const formats: Record<CommandName, readonly string[]> = {
    check: REPORT_FORMATS,
    connections: CONNECTION_FORMATS,
    query: ['text', 'json'],
    deps: DEPS_FORMATS,
    capacity: CAPACITY_FORMATS,
    diff: DIFF_FORMATS,
    rules: ['text', 'json', 'markdown'],
    model: ['json'],
  };
  const allowed = formats[command];
  const format = (values.format ?? allowed[0]) as CliOptions['format'];
  if (!allowed.includes(format)) throw new UsageError(`--format ${format} is not available for ${command} (use ${allowed.join(', ')})`);
  if (command === 'query' && (values.from === undefined || values.to === undefined)) throw new UsageError('query needs --from and --to');
  // Options of one command are mistakes on another: say so rather than ignore them.
  const only: Record<string, CommandName[]> = {
    focus: ['connections', 'deps'],
    from: ['query'],
    to: ['query'],
    port: ['query'],
    explain: ['query'],
    'fail-on': ['check', 'diff'],
    'fail-on-exposure': ['diff'],
    'sarif-category': ['check', 'diff'],
    'sarif-root': ['check', 'diff'],
    'max-sarif-results': ['check', 'diff'],
    baseline: ['check'],
  };
  for (const [option, commands] of Object.entries(only)) {
    if ((values as Record<string, unknown>)[option] !== undefined && !commands.includes(command)) {
      throw new UsageError(`--${option} is an option of ${commands.join(' and ')}, not of ${command}`);
    }
  }

  const failOn = values['fail-on'];
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')}, not ${JSON.stringify(failOn)}`);
  }
  let maxSarifResults: number | undefined;
  if (values['max-sarif-results'] !== undefined) {
    maxSarifResults = Number(values['max-sarif-results']);
    if (!Number.isInteger(maxSarifResults) || maxSarifResults < 1) throw new UsageError('--max-sarif-results takes a positive whole number');
  }
  if (values.baseline !== undefined && values.baseline.trim() === '') throw new UsageError('--baseline takes a SARIF file');
  if (command === 'rules' && rest.length > 0) throw new UsageError('rules takes no paths');
  if (command === 'model' && rest.length === 0) throw new UsageError('model needs at least one path');
  let paths = rest.length > 0 ? rest : ['.'];
  let base: string | undefined;
  let head: string | undefined;
  if (command === 'diff') {
    // `diff BASE HEAD [-- PATH…]`: the positionals after `--` are paths, the two before it the versions.
    const terminator = tokens.find((t) => t.kind === 'option-terminator')?.index ?? Infinity;
    const before = tokens.filter((t) => t.kind === 'positional' && t.index < terminator).map((t) => (t as { value: string }).value).slice(1);
    const after = tokens.filter((t) => t.kind === 'positional' && t.index > terminator).map((t) => (t as { value: string }).value);
    if (before.length !== 2) throw new UsageError(`diff needs two versions, BASE and HEAD (directories or git refs), got ${before.length}; paths go after --`);
    [base, head] = before;
    if (before.includes('-') || after.includes('-')) throw new UsageError('diff reads no stdin');
    paths = after;
  }

  return {
    kind: 'run',
    options: {
      command,
      paths,
      format,
      base,
      head,
      failOnExposure: values['fail-on-exposure'] ?? false,
      focus: values.focus ?? [],
      from: values.from,
      to: values.to,
      ports: (values.port ?? []).flatMap((p) => p.split(',')).filter((p) => p !== ''),
      explain: values.explain ?? false,
      output: values.output,
      config: values.config,
      failOn: failOn as CliOptions['failOn'],
      quiet: values.quiet ?? false,
      color: values['no-color'] ? false : values.color ? true : undefined,
      verbose: values.verbose ?? false,
      stdinFilename: values['stdin-filename'],
      sarifCategory: values['sarif-category'],
      sarifRoot: values['sarif-root'],
      maxSarifResults,
      baseline: values.baseline,
    },
  };
}

export const HELP = `netreach — static analysis of Kubernetes and AWS VPC (EKS) networking

Usage:
  netreach check [PATH…]         run all enabled rules (PATH: files, directories, - for stdin; default .)
  netreach connections [PATH…]   the connections the NetworkPolicies allow (--focus to narrow)
  netreach query --from X --to Y [--port tcp/443] [--explain] [PATH…]
                                 one verdict; X, Y: namespace/name, namespace/Kind/name, a namespace,
                                 a Service (namespace/Service/name), an Ingress (namespace/Ingress/name),
                                 a CIDR or internet; and from the VPC
                                 model: subnet:NAME|ID, nodegroup:NAME (its nodes), pods:NODEGROUP,
                                 controlplane:CLUSTER. Pods on one side: the NetworkPolicy verdict, and the
                                 VPC layer (security groups, routes, network ACLs) between the node groups
                                 they run on and the other side; infrastructure on both sides: the VPC alone;
                                 from internet or a CIDR to pods: the ways in through their load balancers
  netreach deps [PATH…]          the calls each workload's configuration declares (env values, ConfigMaps,
                                 args, the netreach.io/depends-on annotation), each with its verdict:
                                 allowed, blocked, partial (and by which policy), broken, unknown
  netreach capacity [PATH…]      pods per node, node groups and subnets at maximum scale, the service and
                                 overlay pod CIDRs: what is needed, what is available, the headroom
  netreach diff BASE HEAD [-- PATH…]
                                 what a change does: connections added, removed and changed, new and
                                 fixed findings, new exposure first; BASE, HEAD: two directories or two
                                 git refs of the repository around the working directory
  netreach rules                 the rule catalog (id, level, description)
  netreach model PATH…           the loaded model as JSON (debugging, tooling)

Options:
  -f, --format FORMAT      check: text (default), json, sarif, github, markdown; connections: txt (default),
                           json, csv, md, dot, mermaid; query: text, json; deps: text, json, mermaid, dot; capacity, rules: text, json, markdown;
                           diff: text, json, markdown, sarif (the new findings)
  -o, --output FILE        write the report to FILE instead of stdout
  -c, --config FILE        use FILE instead of the nearest netreach.yaml / .netreach.yaml
      --fail-on LEVEL      exit 1 when a finding is at or above LEVEL: error (default), warning, note, none
                           (diff: a new finding)
      --fail-on-exposure   diff: exit 1 also when the change newly allows connections from outside the cluster
  -q, --quiet              no summary and no progress on stderr (progress shows only on a terminal, not in CI)
      --no-color           plain text output (also NO_COLOR=1)
  -v, --verbose            say what was loaded and skipped (stderr)
      --stdin-filename P   name stdin input P in locations (SARIF needs a repository path)
      --sarif-category C   write automationDetails.id = "C/" (GitHub code scanning category)
      --sarif-root DIR     SARIF URIs relative to DIR (default: the git repository root, else the working directory)
      --max-sarif-results N  cap SARIF results (default 5000)
      --baseline FILE      check: report only findings not in FILE, an earlier SARIF output (matched by rule,
                           object and field, so moved lines do not matter); SARIF output marks each result
                           baselineState new or unchanged
      --focus F            connections: only those touching F (repeatable): namespace/name, namespace/Kind/name,
                           nodegroup:NAME or subnet:NAME|ID (the workloads that can run there), or a CIDR or
                           internet (the connections whose external side overlaps it); deps: the calls
                           touching a namespace, namespace/name, namespace/Kind/name (workload or Service) or host
      --from X, --to Y     query: the two ends
      --port PROTO/PORT    query: tcp/443, udp/53, tcp/8000-8100 (repeatable or comma-separated; default all)
      --explain            query: the policy rules that decide and the VPC hops (subnet, route, gateway,
                           security group, network ACL entry) in path order, with their locations
  -h, --help               this help
  -V, --version            the version

Exit codes: 0 clean (query: allowed), 1 findings at or above --fail-on (query: denied, partial or unknown;
deps: a call blocked, broken, or blocked toward some of a Service's backends;
diff: new findings at or above --fail-on, or new exposure with --fail-on-exposure),
2 usage, configuration or input failure.
`;
