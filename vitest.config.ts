import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'engine/src/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores: two files at a time keeps the database and the runner from starving each other.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
