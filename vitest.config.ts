import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'threads',
    // Test files share modules within a worker: building the Chevrotain parser
    // and loading the registry once per worker, not once per file, saves most
    // of the suite's time. Tests keep no global state of their own.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
