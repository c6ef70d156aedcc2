import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Most tests run the CLI in-process (test/helpers.ts); the rest spawn bin/draw. Two cores.
    maxWorkers: 2,
    // Builds dist/ for the tests that spawn bin/draw, and the template databases every test copies.
    globalSetup: ['test/global-setup.ts'],
    coverage: {
      provider: 'v8',
      // What v8 sees is the code run in the test workers: in-process runs of main(), not spawned bin/draw.
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      reportOnFailure: true,
    },
  },
});
