import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Generous: a test of a few API calls took over 30 s in CI when the host left the machine ~20 % of its CPU
    // (steal time ~80 %); a slow test is not a failed one, a wrong answer is.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
