/**
 * Address sets of infrastructure values for the VPC path engine: a CIDR the input may leave symbolic or get
 * wrong is the empty set here (the input/ and vpc/ rules report invalid values; the engine never throws on them).
 */
import { IpSet, parseCidr } from '../ip.js';
import type { Known, SubnetElement } from '../../model/infra/types.js';

/** The addresses of a CIDR written as text; empty when absent or not a CIDR. */
export function cidrAddresses(text: string | undefined): IpSet {
  return text !== undefined && parseCidr(text) ? IpSet.fromCidr(text) : IpSet.empty();
}

/** The addresses of a statically known CIDR value; empty when symbolic or invalid. */
export function knownAddresses(value: Known<string> | undefined): IpSet {
  return value?.known ? cidrAddresses(value.value) : IpSet.empty();
}

/** A subnet's addresses (its IPv4 CIDR); empty when the input does not pin it down. */
export function subnetAddresses(s: SubnetElement): IpSet {
  return knownAddresses(s.cidr?.cidr);
}
