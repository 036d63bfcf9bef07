import { describe, expect, it } from 'vitest';
import { ConnSet } from '../engine/conn-set.js';
import { IpSet } from '../engine/ip.js';
import { PortSet } from '../engine/ports.js';
import type { Connection, Endpoint } from '../engine/reachability.js';
import type { Workload } from '../model/types.js';
import { connectionLine } from '../reporters/diff.js';
import { diffConnections, internetReachable } from './connections.js';

const workload = (namespace: string, name: string): Endpoint => ({ type: 'workload', workload: { namespace, name, kind: 'Deployment' } as unknown as Workload });
const external = (...cidrs: string[]): Endpoint => ({ type: 'external', atoms: cidrs.map((c) => IpSet.fromCidr(c)) });
const tcp = (...ports: number[]) => ports.reduce((s, p) => s.union(ConnSet.of('TCP', PortSet.single(p))), ConnSet.none());
const conn = (src: Endpoint, dst: Endpoint, allowed: ConnSet): Connection => ({ src, dst, allowed });
const lines = (base: Connection[], head: Connection[]) => diffConnections(base, head).map((c) => `${c.change}${c.exposure ? '!' : ''} ${connectionLine(c)}`);

const web = workload('web', 'site');
const api = workload('shop', 'api');

describe('diffConnections', () => {
  it('cuts the two versions\' address atoms at each other\'s boundaries and merges neighbours', () => {
    // BASE allows 10.0.0.0/8 as one atom; HEAD's atoms are cut elsewhere (other rules) but allow the same.
    const base = [conn(external('10.0.0.0/8'), web, tcp(80))];
    const head = [conn(external('10.0.0.0/9', '10.128.0.0/9'), web, tcp(80)), conn(external('192.168.0.0/16'), web, tcp(80, 443))];
    expect(lines(base, head)).toEqual(['added! 192.168.0.0-192.168.255.255[External] => web/site[Deployment] : TCP 80,443']);
  });

  it('a range that now allows more is an exposure; a range that allows less is a plain change', () => {
    const base = [conn(external('10.0.0.0/8'), web, tcp(80, 443))];
    const head = [conn(external('10.0.0.0/9'), web, tcp(80)), conn(external('10.128.0.0/9'), web, tcp(80, 443, 8443))];
    expect(lines(base, head)).toEqual([
      'changed! 10.128.0.0-10.255.255.255[External] => web/site[Deployment] : TCP 80,443,8443 (was TCP 80,443; opened TCP 8443)',
      'changed 10.0.0.0-10.127.255.255[External] => web/site[Deployment] : TCP 80 (was TCP 80,443; closed TCP 443)',
    ]);
  });

  it('egress to addresses is compared the same way, never an exposure', () => {
    const base = [conn(api, external('0.0.0.0/0'), ConnSet.all())];
    const head = [conn(api, external('10.0.0.0/8'), ConnSet.all())];
    expect(lines(base, head)).toEqual([
      'removed shop/api[Deployment] => 0.0.0.0-9.255.255.255[External] : All Connections',
      'removed shop/api[Deployment] => 11.0.0.0-255.255.255.255[External] : All Connections',
    ]);
  });

  it('workload pairs and the ingress controller by name; a workload only in HEAD is added', () => {
    const controller: Endpoint = { type: 'ingress-controller' };
    const base = [conn(controller, web, tcp(80))];
    const head = [conn(controller, web, tcp(80)), conn(api, web, tcp(80)), conn(controller, api, tcp(8080))];
    expect(lines(base, head)).toEqual(['added shop/api[Deployment] => web/site[Deployment] : TCP 80', 'added {ingress-controller} => shop/api[Deployment] : TCP 8080']);
  });

  it('nothing changed: no differences', () => {
    const list = [conn(external('10.0.0.0/8'), web, tcp(80)), conn(api, web, tcp(80))];
    expect(diffConnections(list, list)).toEqual([]);
  });
});

describe('internetReachable', () => {
  it('workloads some public address may connect to', () => {
    expect([...internetReachable([conn(external('10.0.0.0/8'), web, tcp(80)), conn(external('8.8.8.0/24'), api, tcp(443))])]).toEqual(['shop/api[Deployment]']);
  });
});
