import { defineConfig } from 'vitest/config';

/**
 * Tests run straight from `src/`: every package's `exports` has a `dusk-source` condition next to
 * `types`/`import` (which point at the built `dist/`), and Vite resolves the test files' imports
 * with it. What Node resolves by itself (worker threads, child processes running scripts with
 * tsx) reaches the sources through tsconfig.json's `paths`, which tsx applies.
 */
const SOURCE = 'dusk-source';

export default defineConfig({
  resolve: { conditions: [SOURCE, 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: [SOURCE, 'module', 'node', 'development|production'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // The array matchers (toEqualArray, toBeCloseToArray, toMatchShape) for every test file.
    setupFiles: ['test/helpers/setup.ts'],
    // Tests start worker threads of their own: run test files in child processes, not threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
