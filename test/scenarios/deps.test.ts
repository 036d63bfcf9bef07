/**
 * Issue 9 on a real application: Online Boutique (GoogleCloudPlatform/microservices-demo, in ../shared/corpus, not
 * part of this repository — the test is skipped without it). Its services are wired through `*_ADDR` variables and
 * it ships one NetworkPolicy per service: the inferred call graph is the one the variables describe, nothing is
 * reported, and a policy change that locks one caller out is reported on that caller's variable.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { declaredDependencies } from '../../src/deps/infer.js';
import { PROJECT_ROOT, runCli } from '../support/run-cli.js';

const BOUTIQUE = path.resolve(PROJECT_ROOT, '../shared/corpus/realworld/microservices-demo');

describe.skipIf(!existsSync(BOUTIQUE))('Online Boutique: declared dependencies', () => {
  it('infers the call graph its *_ADDR variables describe', async () => {
    const { model } = await analyze({ paths: [BOUTIQUE], cwd: PROJECT_ROOT });
    const edges = new Set(
      declaredDependencies(model).flatMap((d) => (d.target.kind === 'service' ? [`${d.workload.name} -> ${d.target.service.name}:${d.reference.port} (${d.value.via})`] : [])),
    );
    // Every *_ADDR variable of the manifests that names a Service of the input, and nothing else.
    const expected = new Set<string>();
    for (const w of model.workloads)
      for (const c of w.template.spec.containers ?? [])
        for (const e of c.env ?? []) {
          const m = /^([a-z0-9-]+):(\d+)$/.exec(e.value ?? '');
          if (e.name.endsWith('_ADDR') && m && model.service(w.namespace, m[1]!)) expected.add(`${w.name} -> ${m[1]}:${m[2]} (env ${e.name})`);
        }
    expect(expected.size).toBeGreaterThanOrEqual(15);
    expect(edges).toEqual(expected);
  });

  it('reports nothing as shipped, and the caller a policy change locks out on its own variable', async () => {
    const clean = await runCli(['check', BOUTIQUE, '--format', 'json', '--fail-on', 'none']);
    expect((JSON.parse(clean.stdout) as { findings: { ruleId: string }[] }).findings.filter((f) => f.ruleId.startsWith('deps/'))).toEqual([]);

    const dir = mkdtempSync(path.join(tmpdir(), 'netreach-boutique-'));
    cpSync(BOUTIQUE, dir, { recursive: true });
    const policy = path.join(dir, 'kustomize/components/network-policies/network-policy-paymentservice.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('app: checkoutservice', 'app: frontend'));
    const r = await runCli(['check', dir, '--format', 'json', '--fail-on', 'none']);
    const deps = (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string; location: { file: string; line: number } }[] }).findings.filter((f) => f.ruleId.startsWith('deps/'));
    expect(deps.map((f) => f.ruleId)).toEqual(['deps/blocked']);
    expect(deps[0]!.message).toMatch(/^Deployment default\/checkoutservice: env PAYMENT_SERVICE_ADDR names paymentservice:50051/);
    // Locations are relative to the working directory (the project root).
    const line = readFileSync(path.resolve(PROJECT_ROOT, deps[0]!.location.file), 'utf8').split('\n')[deps[0]!.location.line - 1];
    expect(line).toContain('paymentservice:50051');
  });
});
