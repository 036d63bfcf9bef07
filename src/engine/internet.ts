/**
 * "The internet": every address that is not private, shared, loopback, link-local, multicast or
 * reserved — what a public load balancer's clients come from. Ranges: RFC 1918 (10/8, 172.16/12,
 * 192.168/16), RFC 6598 (100.64/10), RFC 1122 (0/8, 127/8), RFC 3927 (169.254/16), RFC 5771 (224/4),
 * RFC 1112 (240/4); IPv6 RFC 4193 (fc00::/7), RFC 4291 (::/128, ::1/128, fe80::/10, ff00::/8).
 */
import { IpSet } from './ip.js';

const NOT_INTERNET = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
];

let internet: IpSet | undefined;

export function internetAddresses(): IpSet {
  internet ??= IpSet.all().subtract(IpSet.fromCidrs(NOT_INTERNET));
  return internet;
}
