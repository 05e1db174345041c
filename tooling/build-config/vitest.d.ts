import type { ViteUserConfig } from 'vitest/config';

/** The shared test settings (tests next to the code, timeouts, the JSON report), with `test` merged over them. */
export function testConfig(test?: ViteUserConfig['test']): ViteUserConfig;
