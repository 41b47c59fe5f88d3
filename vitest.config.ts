import { configDefaults, defineConfig } from 'vitest/config';

// Integration and workflow tests start real servers (Temporal, PostgreSQL databases);
// on a 2-core machine running those files one at a time is faster and steadier.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault tests restart Temporal and PostgreSQL (about 100 s together): `npm run test:faults`.
    exclude: process.env.SID_FAULT_TESTS === '1' ? configDefaults.exclude : [...configDefaults.exclude, 'test/fault/**'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/quiet-runtime.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
