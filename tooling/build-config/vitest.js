/**
 * Tests next to the code (src/**\/*.test.ts); generous timeouts for real databases and processes on a busy
 * 2-core machine; a JSON report in .vitest/ that `pnpm test` reads to count what ran.
 * @param {import('vitest/config').ViteUserConfig['test']} [test]
 * @returns {import('vitest/config').ViteUserConfig}
 */
export function testConfig(test = {}) {
  return {
    test: {
      include: ['src/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: ['default', ['json', { outputFile: '.vitest/report.json' }]],
      ...test,
    },
  };
}
