import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
      { test: { name: 'e2e', include: ['test/e2e/*.test.ts'], testTimeout: 600_000, hookTimeout: 900_000, fileParallelism: false } },
      // The real books of ../shared/corpus (skipped without it); one at a time: each prints a PDF.
      { test: { name: 'corpus', include: ['test/corpus/*.test.ts'], testTimeout: 300_000, hookTimeout: 900_000, fileParallelism: false } },
    ],
  },
});
