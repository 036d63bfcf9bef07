import { describe, expect, it } from 'vitest';
import { internetAddresses } from './internet.js';
import { IpSet, parseIp } from './ip.js';

const has = (ip: string) => internetAddresses().has(parseIp(ip)!);

describe('internetAddresses', () => {
  it('holds public unicast addresses of both families', () => {
    for (const ip of ['8.8.8.8', '1.1.1.1', '52.95.110.1', '2600:1f18::1', '2a00:1450:4001::200e']) expect(has(ip), ip).toBe(true);
  });
  it('leaves out private, shared, loopback, link-local, documentation, benchmarking, multicast and reserved ranges', () => {
    for (const ip of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '100.64.0.1', '127.0.0.1', '169.254.169.254', '192.0.2.7', '198.51.100.1', '203.0.113.9', '198.19.0.1', '224.0.0.1', '255.255.255.255', '0.1.2.3'])
      expect(has(ip), ip).toBe(false);
    for (const ip of ['::1', 'fd00::1', 'fe80::1', 'ff02::1', '2001:db8::1', '3fff::1', '64:ff9b::1']) expect(has(ip), ip).toBe(false);
  });
  it('is a subset of everything and disjoint from RFC 1918', () => {
    expect(internetAddresses().isSubsetOf(IpSet.all())).toBe(true);
    expect(internetAddresses().overlaps(IpSet.fromCidrs(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']))).toBe(false);
  });
});
