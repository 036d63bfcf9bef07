import { describe, expect, it } from 'vitest';
import type { SourceRef } from '../core/source.js';
import type { RouteElement, RouteTableElement } from '../model/infra/types.js';
import { defaultRoute, lookupRoute } from './routing.js';

const at: SourceRef = { file: 'r.yaml', doc: 0, path: [], region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } };
const route = (destination: string, kind: RouteElement['target']['kind'], id: string, active = true): RouteElement => ({
  destination: { known: true, value: destination, at },
  target: { kind, ref: { text: id, key: id, resolved: true, at } },
  active,
  at,
});
const table = (routes: RouteElement[]): RouteTableElement => ({ key: 'rtb-1', source: 'describe', at, vpc: { text: 'vpc-1', resolved: true, at }, main: false, subnets: [], routes });

describe('lookupRoute (longest prefix match)', () => {
  const t = table([
    route('10.0.0.0/16', 'local', 'local'),
    route('0.0.0.0/0', 'nat', 'nat-1'),
    route('10.1.0.0/16', 'pcx', 'pcx-1'),
    route('10.1.2.0/24', 'tgw', 'tgw-1'),
    route('192.168.0.0/16', 'tgw', 'tgw-2', false),
    route('::/0', 'eigw', 'eigw-1'),
  ]);
  it('picks the most specific matching route', () => {
    expect(lookupRoute(t, '10.0.3.4')?.target.ref.text).toBe('local');
    expect(lookupRoute(t, '10.1.2.3')?.target.ref.text).toBe('tgw-1');
    expect(lookupRoute(t, '10.1.9.9')?.target.ref.text).toBe('pcx-1');
    expect(lookupRoute(t, '8.8.8.8')?.target.ref.text).toBe('nat-1');
  });
  it('skips blackhole routes and other address families', () => {
    expect(lookupRoute(t, '192.168.1.1')?.target.ref.text).toBe('nat-1');
    expect(lookupRoute(t, '2001:db8::1')?.target.ref.text).toBe('eigw-1');
    expect(defaultRoute(table([route('10.0.0.0/16', 'local', 'local')]))).toBeUndefined();
  });
});
