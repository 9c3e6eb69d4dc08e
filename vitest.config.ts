import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: process.env.BBP_SLOW ? [] : ['test/slow/**'],
    testTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
