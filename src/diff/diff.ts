/**
 * `netreach diff`: both versions analysed with one configuration, then their connections and findings
 * compared. Pure of I/O apart from reading the two trees; the CLI renders the result.
 */
import path from 'node:path';
import { analyze, type AnalysisResult } from '../analyze.js';
import { loadConfig } from '../config/index.js';
import type { NetreachConfig } from '../config/schema.js';
import { compareStrings } from '../core/source.js';
import type { Finding } from '../core/finding.js';
import { IpSet } from '../engine/ip.js';
import { edgeConnections } from '../engine/lb/edge-connections.js';
import { lbOptionsOf } from '../model/lb/index.js';
import type { Connection, Reachability } from '../engine/reachability.js';
import { reachabilityFor } from '../engine/shared.js';
import { diffConnections, internetReachable, type ConnectionChange } from './connections.js';
import { diffFindings } from './findings.js';
import type { DiffSide } from './sides.js';

/** A finding with where the reader finds it: a path from the working directory and a repository URI. */
export interface LocatedFinding {
  finding: Finding;
  displayPath: string;
  /** Repository-relative POSIX path, when the file is inside the repository. */
  uri: string | undefined;
}

export interface DiffResult {
  base: string;
  head: string;
  /** Every connection difference, new exposure first. */
  connections: ConnectionChange[];
  /** Reachable from some internet address in HEAD but from none in BASE. */
  newlyInternetReachable: { namespaces: string[]; workloads: string[] };
  newFindings: LocatedFinding[];
  fixedFindings: LocatedFinding[];
}

export interface AnalysedSide {
  side: DiffSide;
  result: AnalysisResult;
}

export interface DiffOptions {
  /** `--config FILE` (absolute); otherwise HEAD's netreach.yaml is used for both versions. */
  configFile?: string;
  /** Told each phase as it starts ("analysing HEAD", "comparing connections" …). */
  onPhase?: (phase: string) => void;
}

/** The configuration both versions are analysed with: `--config`, else HEAD's netreach.yaml (or defaults). */
export async function diffConfig(head: DiffSide, configFile: string | undefined): Promise<NetreachConfig> {
  return loadConfig({ cwd: head.root, inputs: head.paths, ...(configFile ? { configFile } : {}) });
}

/** Every connection, and the ways in from any address through the load balancers in front of pods. */
function withWaysIn(reach: Reachability, config: NetreachConfig): Connection[] {
  return [...reach.connections(), ...edgeConnections(reach, IpSet.all(), lbOptionsOf(config))];
}

/** Analyses one version: file names in its results are relative to its root, as fingerprints need. */
export async function analyseSide(side: DiffSide, config: NetreachConfig): Promise<AnalysedSide> {
  // A version without any of the paths is empty rather than an error: it has nothing to compare.
  const result = await analyze({ paths: side.paths, cwd: side.root, config });
  return { side, result };
}

export function compareSides(base: AnalysedSide, head: AnalysedSide, locate: (side: DiffSide, file: string) => { displayPath: string; uri: string | undefined }, onPhase?: (phase: string) => void): DiffResult {
  onPhase?.('comparing connections');
  const before = withWaysIn(reachabilityFor(base.result.model, base.result.config), base.result.config);
  const after = withWaysIn(reachabilityFor(head.result.model, head.result.config), head.result.config);
  const connections = diffConnections(before, after);

  const reachableBefore = internetReachable(before);
  const reachableAfter = internetReachable(after);
  const workloads = [...reachableAfter].filter((w) => !reachableBefore.has(w)).sort(compareStrings);
  const namespaceOf = (w: string) => w.slice(0, w.indexOf('/'));
  const namespacesBefore = new Set([...reachableBefore].map(namespaceOf));
  const namespaces = [...new Set(workloads.map(namespaceOf))].filter((n) => !namespacesBefore.has(n)).sort(compareStrings);

  onPhase?.('comparing findings');
  const findings = diffFindings(base.result.findings, head.result.findings);
  const located = (side: DiffSide) => (f: Finding): LocatedFinding => ({ finding: f, ...locate(side, f.at.file) });
  return {
    base: base.side.label,
    head: head.side.label,
    connections,
    newlyInternetReachable: { namespaces, workloads },
    newFindings: findings.added.map(located(head.side)),
    fixedFindings: findings.fixed.map(located(base.side)),
  };
}

/** How files of a version are shown: from the working directory, and from the repository root for URIs. */
export function sideLocator(cwd: string, uriFor: (fromCwd: string) => string | undefined) {
  return (side: DiffSide, file: string): { displayPath: string; uri: string | undefined } => {
    const fromCwd = path.relative(cwd, side.realPath(file)).split(path.sep).join('/');
    return { displayPath: fromCwd, uri: uriFor(fromCwd) };
  };
}
