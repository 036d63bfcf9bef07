/**
 * The VPC side of `netreach query`, as text and JSON: a query between two infrastructure ends (subnets, node
 * groups, their pods, a control plane, CIDRs, the internet), and the VPC layer under a pod query — each hop in
 * path order with its location, then every setting that blocks part of the traffic.
 */
import type { SourceRef } from '../core/source.js';
import type { VpcLayer } from '../engine/query-vpc.js';
import type { VpcHop } from '../engine/vpc/index.js';

export const where = (ref: SourceRef | undefined) => (ref ? `${ref.file}:${ref.region.startLine}:${ref.region.startColumn}` : undefined);

const MARKER: Record<VpcHop['effect'], string> = { allow: '+', deny: '-', unknown: '?', pass: '·' };

const at = (ref: SourceRef | undefined) => (ref ? ` at ${where(ref)}` : '');

/** `blocked …` / `unknown …` lines (when not empty), after `prefix`. */
export function vpcSummaryLines(layer: VpcLayer, prefix: string): string[] {
  const lines: string[] = [];
  if (!layer.blocked.isEmpty()) lines.push(`  ${prefix}blocked ${layer.blocked.toString()}`);
  if (!layer.unknown.isEmpty()) lines.push(`  ${prefix}unknown ${layer.unknown.toString()}`);
  return lines;
}

/** One line per hop in path order, then one per blocker. */
export function vpcExplainLines(layer: VpcLayer): string[] {
  return [
    ...layer.hops.map((h) => `  ${MARKER[h.effect]} ${h.message}${at(h.at)}`),
    ...layer.blockers.map((b) => `  ✗ ${b.setting} blocks ${b.blocks.toString()}${at(b.at)}`),
  ];
}

/** The layer as JSON: hops only with --explain (like the policy explanation), blockers always (they are the answer to "why not"). */
export function vpcLayerJson(layer: VpcLayer, explain: boolean) {
  return {
    verdict: layer.verdict,
    allowed: layer.allowed.toJSON(),
    blocked: layer.blocked.toJSON(),
    unknown: layer.unknown.toJSON(),
    hops: explain ? layer.hops.map((h) => ({ kind: h.kind, effect: h.effect, message: h.message, location: where(h.at) ?? null })) : [],
    blockers: layer.blockers.map((b) => ({ layer: b.layer, setting: b.setting, blocks: b.blocks.toJSON(), detail: b.detail, location: where(b.at) })),
  };
}

/** A query between two infrastructure ends. */
export function vpcQueryText(layer: VpcLayer, from: string, to: string, explain: boolean): string {
  const lines = [`${from} => ${to}: ${layer.verdict} (${layer.allowed.toString()})`, ...vpcSummaryLines(layer, '')];
  if (explain) lines.push(...vpcExplainLines(layer));
  return `${lines.join('\n')}\n`;
}

/**
 * The same as JSON, with the top-level keys of the policy query's JSON that apply (`verdict`, `allowed`,
 * `explanation`): explanation entries are the hops that allow or deny and the blockers, as
 * `{effect, object, rule, location}` with object = what the hop or setting is and rule = the hop kind or layer.
 */
export function vpcQueryJson(layer: VpcLayer, explain: boolean): string {
  const explanation = explain
    ? [
        ...layer.hops.filter((h) => h.effect === 'allow' || h.effect === 'deny').map((h) => ({ effect: h.effect, object: h.message, rule: h.kind, location: where(h.at) ?? null })),
        ...layer.blockers.map((b) => ({ effect: 'deny', object: b.setting, rule: b.layer, location: where(b.at) ?? null, blocks: b.blocks.toJSON() })),
      ]
    : [];
  return `${JSON.stringify({ ...vpcLayerJson(layer, explain), explanation }, null, 2)}\n`;
}
