import { libraryBuild } from '@ltx/build-config/tsup';
import { defineConfig } from 'tsup';

/** One entry per public subpath of package.json `exports` (declarations for each). */
const publicEntries = {
  index: 'src/index.ts',
  crawl: 'src/crawl/index.ts',
  extract: 'src/extract/index.ts',
  prompt: 'src/prompt/index.ts',
};

export default defineConfig(
  libraryBuild({
    // extract-thread: the extraction pool's worker-thread entry, loaded by file name from dist/ (extract/pool.ts).
    entry: { ...publicEntries, 'extract-thread': 'src/extract/extract-thread.ts' },
    dts: { entry: publicEntries },
  }),
);
