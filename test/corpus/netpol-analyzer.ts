/**
 * `npm run corpus`: runs `connections` on np-guard/netpol-analyzer's connlist test inputs and compares
 * the txt output line for line with their expected outputs. The corpus lives beside the project
 * (../shared/corpus/netpol-analyzer, one folder per case: input/, expected.txt, case.json) and is not
 * part of it, so this is a script, not a test. np-guard evaluates hostNetwork pods like any pod, so the
 * comparison runs with `networkPolicy.hostNetwork: enforced` (netreach's default leaves them unenforced).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Reachability } from '../../src/engine/reachability.js';
import { loadPaths } from '../../src/loader/index.js';
import { buildModel } from '../../src/model/index.js';
import { renderConnections } from '../../src/reporters/connections.js';

const root = path.resolve(process.argv[2] ?? '../shared/corpus/netpol-analyzer');
if (!existsSync(root)) {
  console.error(`no corpus at ${root}`);
  process.exit(2);
}
let matched = 0;
const mismatched: string[] = [];
for (const dir of readdirSync(root).sort()) {
  const casePath = path.join(root, dir, 'case.json');
  if (!existsSync(casePath)) continue;
  const c = JSON.parse(readFileSync(casePath, 'utf8')) as { mode: string; options?: Record<string, unknown> };
  // Only plain connlist cases: exposure analysis and focus options are other np-guard features.
  if (c.mode !== 'connlist' || Object.keys(c.options ?? {}).length > 0) continue;
  const model = buildModel(await loadPaths([path.join(root, dir, 'input')]));
  const reach = new Reachability(model, { hostNetwork: 'enforced', ingressController: { namespace: 'netreach-ingress-controller', labels: {} } });
  const got = new Set(renderConnections('txt', reach.connections()).split('\n').filter(Boolean));
  const expected = new Set(readFileSync(path.join(root, dir, 'expected.txt'), 'utf8').split('\n').filter(Boolean));
  const missing = [...expected].filter((l) => !got.has(l));
  const extra = [...got].filter((l) => !expected.has(l));
  if (missing.length === 0 && extra.length === 0) matched++;
  else mismatched.push(`${dir}: ${missing.length} missing, ${extra.length} extra\n  - ${missing.slice(0, 3).join('\n  - ')}\n  + ${extra.slice(0, 3).join('\n  + ')}`);
}
for (const m of mismatched) console.log(m);
console.log(`${matched} of ${matched + mismatched.length} connlist cases match np-guard's expected output line for line`);
process.exitCode = mismatched.length === 0 ? 0 : 1;
