import { appBuild } from '@ltx/build-config/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(
  appBuild({
    // data-dir: also its own module, so its test can race real processes over it.
    entry: ['src/main.ts', 'src/data-dir.ts'],
  }),
);
