import { describe, expect, it } from 'vitest';
import { gatewayKind, hasPorts, isIcmp, normalizeProtocol, routeDestination, routeTarget, tagRecord } from './normalize.js';
import { isIpProtocol } from './schema.js';

describe('normalizeProtocol', () => {
  it.each([
    ['-1', 'all'],
    ['tcp', 'TCP'],
    ['6', 'TCP'],
    ['TCP', 'TCP'],
    ['udp', 'UDP'],
    ['17', 'UDP'],
    ['sctp', 'SCTP'],
    ['132', 'SCTP'],
    ['icmp', 'ICMP'],
    ['1', 'ICMP'],
    ['icmpv6', 'ICMPv6'],
    ['58', 'ICMPv6'],
    ['50', 50],
    ['0', 0],
  ] as const)('%s → %s', (input, expected) => {
    expect(normalizeProtocol(input)).toBe(expected);
    expect(isIpProtocol(input)).toBe(true);
  });

  it.each(['256', '-2', '06', 'tls', '', ' 6', 'all'])('%j is not a protocol', (input) => {
    expect(normalizeProtocol(input)).toBeUndefined();
    expect(isIpProtocol(input)).toBe(false);
  });

  it('only TCP and UDP carry ports in AWS rules; ICMP and ICMPv6 carry type/code', () => {
    expect((['all', 'TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6', 47] as const).map((p) => [hasPorts(p), isIcmp(p)])).toEqual([
      [false, false],
      [true, false],
      [true, false],
      [false, false],
      [false, true],
      [false, true],
      [false, false],
    ]);
  });
});

describe('route targets and destinations', () => {
  it('GatewayId by prefix', () => {
    expect(['igw-1', 'vgw-1', 'vpce-1', 'local', 'eigw-1', 'something'].map(gatewayKind)).toEqual(['igw', 'vgw', 'vpce', 'local', 'eigw', 'unknown']);
  });

  it('the set field decides; the instance wins over its ENI; no target is unknown', () => {
    expect(routeTarget({ NatGatewayId: 'nat-1' })).toEqual({ kind: 'nat', id: 'nat-1', field: 'NatGatewayId' });
    expect(routeTarget({ TransitGatewayId: 'tgw-1' }).kind).toBe('tgw');
    expect(routeTarget({ VpcPeeringConnectionId: 'pcx-1' }).kind).toBe('pcx');
    expect(routeTarget({ NetworkInterfaceId: 'eni-1' }).kind).toBe('eni');
    expect(routeTarget({ InstanceId: 'i-1', NetworkInterfaceId: 'eni-1' })).toEqual({ kind: 'instance', id: 'i-1', field: 'InstanceId' });
    expect(routeTarget({ VpcEndpointId: 'vpce-1' }).kind).toBe('vpce');
    expect(routeTarget({ LocalGatewayId: 'lgw-1' }).kind).toBe('lgw');
    expect(routeTarget({ CarrierGatewayId: 'cagw-1' }).kind).toBe('cgw');
    expect(routeTarget({ GatewayId: 'igw-9' })).toEqual({ kind: 'igw', id: 'igw-9', field: 'GatewayId' });
    expect(routeTarget({})).toEqual({ kind: 'unknown', id: '' });
  });

  it('destination: IPv4, then IPv6, then prefix list', () => {
    expect(routeDestination({ DestinationCidrBlock: '0.0.0.0/0' })).toEqual({ kind: 'ipv4', value: '0.0.0.0/0', field: 'DestinationCidrBlock' });
    expect(routeDestination({ DestinationIpv6CidrBlock: '::/0' })?.kind).toBe('ipv6');
    expect(routeDestination({ DestinationPrefixListId: 'pl-1' })?.kind).toBe('prefix-list');
    expect(routeDestination({ GatewayId: 'igw-1' })).toBeUndefined();
  });
});

describe('tagRecord', () => {
  it('Key/Value list → record; last repeat wins; missing Value is ""; __proto__ is an ordinary tag', () => {
    const tags = tagRecord([
      { Key: 'Name', Value: 'a' },
      { Key: 'Name', Value: 'b' },
      { Key: 'empty' },
      { Key: '__proto__', Value: 'x' },
    ]);
    expect(Object.entries(tags)).toEqual([
      ['Name', 'b'],
      ['empty', ''],
      ['__proto__', 'x'],
    ]);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(tagRecord(undefined)).toEqual({});
  });
});
