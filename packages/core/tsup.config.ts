import { defineConfig } from 'tsup';

export default defineConfig({
  // extract-thread: the extraction pool's worker-thread entry, loaded by file name from dist/ (extract/pool.ts).
  entry: { index: 'src/index.ts', 'extract-thread': 'src/extract/extract-thread.ts' },
  format: ['esm'],
  target: 'node20',
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
});
