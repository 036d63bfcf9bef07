/**
 * "The internet": the public unicast address space — what a public load balancer's clients come from.
 * IPv4: everything but RFC 1918 (10/8, 172.16/12, 192.168/16), RFC 6598 (100.64/10), RFC 1122 (0/8,
 * 127/8), RFC 3927 (169.254/16), RFC 6890 special-purpose blocks (192.0.0/24), documentation RFC 5737
 * (192.0.2/24, 198.51.100/24, 203.0.113/24), benchmarking RFC 2544 (198.18/15), multicast RFC 5771
 * (224/4) and reserved RFC 1112 (240/4). IPv6: global unicast 2000::/3 (RFC 4291) minus documentation
 * (RFC 3849 2001:db8::/32, RFC 9637 3fff::/20).
 */
import { IpSet } from './ip.js';

const NOT_INTERNET_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
];
const GLOBAL_UNICAST_V6 = '2000::/3';
const NOT_INTERNET_V6 = ['2001:db8::/32', '3fff::/20'];

let internet: IpSet | undefined;

export function internetAddresses(): IpSet {
  internet ??= IpSet.allV4()
    .subtract(IpSet.fromCidrs(NOT_INTERNET_V4))
    .union(IpSet.fromCidr(GLOBAL_UNICAST_V6).subtract(IpSet.fromCidrs(NOT_INTERNET_V6)));
  return internet;
}
