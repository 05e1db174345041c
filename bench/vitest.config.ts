import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.vitest/report.json' }]],
  },
});
