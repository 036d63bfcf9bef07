/**
 * What the `vpc/` path rules share: a VPC path result (src/engine/vpc) as a finding's flow, related locations and
 * message parts. Each blocker of a path becomes one finding, at the setting the user changes.
 */
import type { FlowStep, RelatedLocation } from '../../src/core/finding.js';
import type { VpcBlocker, VpcPathResult } from '../../src/engine/vpc/index.js';

/** Every hop with a location, in path order: the SARIF code flow. */
export function flowOf(result: VpcPathResult): FlowStep[] {
  return result.hops.flatMap((h) => (h.at ? [{ at: h.at, message: `${h.effect === 'deny' ? '✗ ' : ''}${h.message}` }] : []));
}

/** The blocker's own related elements, then the given ones (the node groups, the cluster). */
export function relatedOf(blocker: VpcBlocker, extra: RelatedLocation[]): RelatedLocation[] {
  return [...blocker.related, ...extra];
}

/** The other settings that block part of the path, for the message: "" when `blocker` is the only one. */
export function otherBlockersText(result: VpcPathResult, blocker: VpcBlocker): string {
  const others = result.blockers.filter((b) => b !== blocker && b.setting !== blocker.setting).map((b) => b.setting);
  return others.length === 0 ? '' : `; also blocked by ${others.join('; ')}`;
}

/** A stable key for one blocker (several may share a location). */
export function blockerKey(b: VpcBlocker): string {
  return `${b.layer}:${b.setting}`;
}
