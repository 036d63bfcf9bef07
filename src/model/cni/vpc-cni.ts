/**
 * Whether pod IPs are VPC addresses handed out by the AWS VPC CNI — asked by the address plan, the capacity
 * report and the nat/ and capacity/ rules alike, so it is answered once here.
 */
import type { Model } from '../types.js';
import type { AwsVpcCniSettings, CniSettings } from './settings.js';

/** The VPC CNI's settings when it is the networking plugin (stated, from the add-on, or assumed for EKS). */
export function vpcCniNetworking(cni: CniSettings): AwsVpcCniSettings | undefined {
  return cni.networking.includes('aws-vpc-cni') ? cni.awsVpcCni : undefined;
}

/**
 * The VPC CNI assigns pod IPs: it is the networking plugin, or an EKS cluster's only plugins in the input are
 * policy-only ones (Cilium chained to it, Calico for policy) — EKS installs the VPC CNI by default.
 */
export function vpcCniAssignsPods(model: Model): boolean {
  const networking = model.cni.networking;
  return networking.includes('aws-vpc-cni') || (networking.length === 0 && model.infra.clusters.length > 0);
}
