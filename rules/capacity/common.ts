/**
 * What the `capacity/` rules share: the capacity report (src/capacity), how CNI settings and report rows become
 * related locations, and the finding's object for node groups and subnets.
 */
import type { RelatedLocation } from '../../src/core/finding.js';
import type { SettingUse, SubnetConsumer } from '../../src/capacity/report.js';
import type { AwsVpcCniSettings } from '../../src/model/cni/settings.js';
import { vpcCniNetworking } from '../../src/model/cni/vpc-cni.js';
import type { Model } from '../../src/model/types.js';

/** The VPC CNI's settings when it assigns pod IPs (IPv4 or IPv6). */
export const vpcCniOf = (model: Model): AwsVpcCniSettings | undefined => vpcCniNetworking(model.cni);

/** `NAME=value`, or `NAME=value (the default)`. */
export function useText(s: SettingUse): string {
  return s.source === 'input' ? `${s.name}=${s.value}` : `${s.name}=${s.value} (the default)`;
}

/** A setting as a related location: where it is stated, else the CNI object that leaves it at its default. */
export function useRelated(cni: AwsVpcCniSettings | undefined, s: SettingUse): RelatedLocation[] {
  if (s.at) return [{ at: s.at, message: useText(s) }];
  if (!cni) return [];
  return [{ at: cni.daemonSet.at, message: `${cni.daemonSet.id}: ${s.name} is not set, so ${useText(s)} applies (${s.defaultFrom ?? 'documented default'})` }];
}

/** The settings as text for messages: "ENABLE_PREFIX_DELEGATION=true, WARM_PREFIX_TARGET=1 (the default)"; "defaults" when none. */
export function settingsText(uses: readonly SettingUse[]): string {
  return uses.length === 0 ? 'VPC CNI defaults' : uses.map(useText).join(', ');
}

export function consumerRelated(c: SubnetConsumer): RelatedLocation {
  return { at: c.at, message: `${c.label}: ${c.formula}` };
}
