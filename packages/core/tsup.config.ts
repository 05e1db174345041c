import { libraryBuild } from '@ltx/build-config/tsup';
import { defineConfig } from 'tsup';

export default defineConfig(
  libraryBuild({
    // extract-thread: the extraction pool's worker-thread entry, loaded by file name from dist/ (extract/pool.ts).
    entry: { index: 'src/index.ts', 'extract-thread': 'src/extract/extract-thread.ts' },
    dts: { entry: { index: 'src/index.ts' } },
  }),
);
