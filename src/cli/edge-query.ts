/**
 * The way in through load balancers, for `netreach query --from internet|CIDR --to <pods>`: one line per load
 * balancer → target group → workload path with its verdict, and with `--explain` every hop in order with the field
 * that decides it.
 */
import type { EdgePath } from '../engine/lb/edge-path.js';
import { workloadEndpointName } from '../engine/reachability.js';
import { where } from './vpc-query.js';

const MARKER: Record<EdgePath['hops'][number]['effect'], string> = { allow: '+', deny: '-', unknown: '?', pass: '·' };

/** "allow", "deny", "partial" over paths: allow when some path lets every requested listener port through. */
export function edgeVerdict(paths: readonly EdgePath[]): 'allow' | 'deny' | 'partial' | 'unknown' {
  if (paths.some((p) => p.verdict === 'allow')) return 'allow';
  if (paths.some((p) => p.verdict === 'partial')) return 'partial';
  if (paths.length > 0 && paths.every((p) => p.verdict === 'unknown')) return 'unknown';
  return 'deny';
}

function summary(p: EdgePath): string {
  const listeners = p.listeners.map((l) => `${l.protocol} ${l.port}`).join(', ');
  const tg = p.tg;
  return `through ${p.lb.label} (${listeners}) → Service ${tg.namespace}/${tg.serviceName} port ${tg.port?.port ?? tg.portRef} → ${tg.targetType.value === 'ip' ? 'pods' : 'node ports'} of ${workloadEndpointName(p.workload)}: ${p.verdict}`;
}

export function edgeTextLines(paths: readonly EdgePath[], explain: boolean): string[] {
  const lines: string[] = [];
  for (const p of paths) {
    lines.push(`  ${summary(p)}`);
    if (explain) for (const h of p.hops) lines.push(`    ${MARKER[h.effect]} ${h.step}: ${h.message}${h.at ? ` at ${where(h.at)}` : ''}`);
  }
  return lines;
}

export function edgeJson(paths: readonly EdgePath[], explain: boolean) {
  return paths.map((p) => ({
    loadBalancer: p.lb.id,
    kind: p.lb.kind,
    scheme: p.lb.scheme.value,
    listeners: p.listeners.map((l) => ({ protocol: l.protocol, port: l.port })),
    service: `${p.tg.namespace}/${p.tg.serviceName}`,
    servicePort: p.tg.port?.port ?? p.tg.portRef,
    targetType: p.tg.targetType.value,
    workload: workloadEndpointName(p.workload),
    verdict: p.verdict,
    hops: explain ? p.hops.map((h) => ({ step: h.step, effect: h.effect, message: h.message, location: where(h.at) ?? null })) : [],
  }));
}
