import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaredDependencies } from '../../src/deps/infer.js';
import { loadTexts } from '../../src/loader/index.js';
import { buildModel } from '../../src/model/build.js';
import { configMapRelated } from './shared.js';

describe('configMapRelated', () => {
  it('points a value read from a mounted ConfigMap at the volume that mounts it', () => {
    const text = readFileSync(path.join(import.meta.dirname, 'service-not-found/fixtures/invalid/mounted-config.yaml'), 'utf8');
    const model = buildModel(loadTexts({ 'gateway.yaml': text }));
    const [dep] = declaredDependencies(model).filter((d) => d.reference.host.startsWith('vists'));
    expect(configMapRelated(model, dep!).map((r) => `${r.at.region.startLine}:${r.at.region.startColumn} ${r.message}`)).toEqual([
      '20:30 Deployment petclinic/api-gateway: container gateway reads ConfigMap petclinic/gateway-routes as files of volume routes',
    ]);
  });
});
