/** `netreach query`: resolve the two ends, ask the engine, print the verdict (text or JSON). */
import type { SourceRef } from '../core/source.js';
import { maybeRefOf } from '../core/source.js';
import { ConnSet } from '../engine/conn-set.js';
import { parsePortRequest, query, resolveEndpoint, servicePorts, type Explanation, type QueryResult } from '../engine/query.js';
import type { Reachability } from '../engine/reachability.js';
import { UsageError, type CliOptions } from './args.js';

export function runQuery(reach: Reachability, options: CliOptions): { text: string; code: number } {
  const from = resolveEndpoint(reach, options.from!);
  if ('error' in from) throw new UsageError(`--from: ${from.error}`);
  const to = resolveEndpoint(reach, options.to!);
  if ('error' in to) throw new UsageError(`--to: ${to.error}`);
  let requested = options.ports.length === 0 ? ConnSet.all() : ConnSet.none();
  for (const spec of options.ports) {
    const conn = parsePortRequest(spec);
    if (!conn) throw new UsageError(`--port ${spec}: expected tcp/PORT, udp/PORT, sctp/PORT or a range such as tcp/8000-8100`);
    requested = requested.union(conn);
  }
  if (from.type === 'addresses' && to.type === 'addresses') throw new UsageError('--from and --to are both addresses: NetworkPolicy decides only traffic to or from pods');
  if (to.type === 'service' && options.ports.length > 0 && servicePorts(to.service).intersect(requested).isEmpty()) {
    throw new UsageError(`--port ${options.ports.join(',')}: ${to.label} exposes ${servicePorts(to.service).toString()}`);
  }
  const result = query(reach, from, to, requested);
  const text = options.format === 'json' ? toJson(result, options.explain) : toText(result, from.label, to.label, options.explain);
  return { text, code: result.verdict === 'allow' ? 0 : 1 };
}

const where = (ref: SourceRef | undefined) => (ref ? `${ref.file}:${ref.region.startLine}:${ref.region.startColumn}` : undefined);

function locationOf(e: Explanation): string | undefined {
  if (e.compiledRule) return where(maybeRefOf(e.compiledRule.source));
  const spec = e.policy.node.manifest.spec;
  return where(maybeRefOf(spec, 'podSelector'));
}

function explanationJson(e: Explanation) {
  return {
    effect: e.effect,
    object: e.object,
    rule: e.rule,
    location: locationOf(e) ?? null,
    ...(e.allowed ? { allowed: e.allowed.toJSON() } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
  };
}

function toJson(r: QueryResult, explain: boolean): string {
  const out = {
    verdict: r.verdict,
    allowed: r.allowed.toJSON(),
    egress: r.egress.toJSON(),
    ingress: r.ingress.toJSON(),
    pairs: r.pairs.map((p) => ({ from: p.from, to: p.to, allowed: p.allowed.toJSON(), egress: p.egress.toJSON(), ingress: p.ingress.toJSON() })),
    explanation: explain ? r.explanation.map(explanationJson) : [],
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function toText(r: QueryResult, from: string, to: string, explain: boolean): string {
  const lines = [`${from} => ${to}: ${r.verdict} (${r.allowed.toString()})`];
  for (const p of r.pairs) lines.push(`  ${p.from} => ${p.to}: ${p.allowed.toString()} (egress ${p.egress.toString()}; ingress ${p.ingress.toString()})`);
  if (r.pairs.length === 0) lines.push('  no pods on one side: nothing to connect');
  if (explain)
    for (const e of r.explanation) {
      const what = e.effect === 'allow' ? `allows ${e.allowed?.toString() ?? ''}` : (e.reason ?? 'isolates the pods');
      lines.push(`  ${e.effect === 'allow' ? '+' : '-'} ${e.object} ${e.rule} ${what}${locationOf(e) ? ` at ${locationOf(e)}` : ''}`);
    }
  return `${lines.join('\n')}\n`;
}
