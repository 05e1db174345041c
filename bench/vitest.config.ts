import { testConfig } from '@ltx/build-config/vitest';
import { defineConfig } from 'vitest/config';

// Benchmark helpers keep their tests beside them (quality/*.test.ts), not under src/.
export default defineConfig(testConfig({ include: ['**/*.test.ts'], exclude: ['**/node_modules/**'] }));
