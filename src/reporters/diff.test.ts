import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/finding.js';
import { ConnSet } from '../engine/conn-set.js';
import { IpSet } from '../engine/ip.js';
import { PortSet } from '../engine/ports.js';
import type { ConnectionChange } from '../diff/connections.js';
import type { DiffResult } from '../diff/diff.js';
import { buildDiffJson, connectionLine, diffToMarkdown, diffToText, isEmptyDiff } from './diff.js';

const tcp = (p: number) => ConnSet.of('TCP', PortSet.single(p));
const api = { type: 'workload', namespace: 'shop', name: 'api', kind: 'Deployment' } as const;
const change = (base: ConnSet, head: ConnSet, over: Partial<ConnectionChange> = {}): ConnectionChange => ({
  change: base.isEmpty() ? 'added' : head.isEmpty() ? 'removed' : 'changed',
  src: { type: 'external', range: IpSet.fromCidr('8.8.8.0/24') },
  dst: api,
  base,
  head,
  opened: head.subtract(base),
  closed: base.subtract(head),
  exposure: !head.subtract(base).isEmpty(),
  internet: true,
  ...over,
});

const empty: DiffResult = { base: 'a', head: 'b', connections: [], newlyInternetReachable: { namespaces: [], workloads: [] }, newFindings: [], fixedFindings: [] };

describe('diff reporters', () => {
  it('connection lines: added and removed show what is allowed, changed what was and the difference', () => {
    expect(connectionLine(change(ConnSet.none(), tcp(443)))).toBe('8.8.8.0-8.8.8.255[External] => shop/api[Deployment] : TCP 443');
    expect(connectionLine(change(tcp(443), ConnSet.none()))).toBe('8.8.8.0-8.8.8.255[External] => shop/api[Deployment] : TCP 443');
    expect(connectionLine(change(tcp(80), tcp(443)))).toBe('8.8.8.0-8.8.8.255[External] => shop/api[Deployment] : TCP 443 (was TCP 80; opened TCP 443; closed TCP 80)');
    expect(connectionLine(change(tcp(80), ConnSet.all()))).toBe('8.8.8.0-8.8.8.255[External] => shop/api[Deployment] : All Connections (was TCP 80; opened SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535)');
  });

  it('an empty diff: zero counts in text, "No change" in markdown, empty arrays in JSON', () => {
    expect(isEmptyDiff(empty)).toBe(true);
    expect(diffToText(empty)).toBe(
      'netreach diff a → b: 0 new exposures, 0 connections added, 0 removed, 0 changed, 0 new findings, 0 fixed\n\nNew exposure (0)\n\nConnections added (0)\n\nConnections removed (0)\n\nConnections changed (0)\n\nNew findings (0)\n\nFixed findings (0)\n',
    );
    expect(diffToMarkdown(empty).endsWith('| Fixed findings | 0 |\n\nNo change in connections or findings.\n')).toBe(true);
    expect(buildDiffJson(empty)).toMatchObject({ version: 1, connectionsAdded: [], newFindings: [], newExposure: { namespaces: [], workloads: [], connections: [] } });
  });

  it('each change in exactly one section; removed exposure-side ranges are plain removals', () => {
    const diff: DiffResult = { ...empty, connections: [change(ConnSet.none(), tcp(443)), change(tcp(443), ConnSet.none())] };
    const json = buildDiffJson(diff);
    expect(json.summary).toMatchObject({ newExposure: 1, connectionsAdded: 0, connectionsRemoved: 1 });
    expect(json.newExposure.connections[0]!.src).toEqual({ type: 'external', range: '8.8.8.0-8.8.8.255', internet: true });
  });

  it('markdown escapes finding text and links to the line', () => {
    const finding = { ruleId: 'r/x', level: 'error', message: 'a *b* [c]', at: { file: 'f.yaml', path: [], region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 9 } } } as unknown as Finding;
    const md = diffToMarkdown({ ...empty, newFindings: [{ finding, displayPath: 'k8s/f.yaml', uri: 'k8s/f.yaml' }] });
    expect(md).toContain('#### New findings (1)\n\n- [k8s/f.yaml:3:5](k8s/f.yaml#L3) **error** a \\*b\\* \\[c\\] (`r/x`)');
  });
});
