import { defineConfig } from 'tsup';

export default defineConfig({
  // data-dir: also its own module, so its test can race real processes over it.
  entry: ['src/main.ts', 'src/data-dir.ts'],
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
});
