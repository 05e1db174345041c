import { testConfig } from '@ltx/build-config/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(testConfig());
