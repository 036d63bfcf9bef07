import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'rules/**/*.test.ts', 'test/**/*.test.ts'],
    // fast-check suites and the golden runs are CPU-bound; two cores on CI.
    testTimeout: 60_000,
    pool: 'forks',
    // The JSON report is what .ci/run reads its closing "N passed, N failed" line from.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
