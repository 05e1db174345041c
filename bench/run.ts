// `pnpm bench`: runs every benchmark in sequence, each as its own process, and prints their figures.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches = [
  'queue-throughput.ts',
  'pickup-latency.ts',
  'queue-pickup.ts',
  'scale.ts',
  'end-to-end.ts',
  'crawl.ts',
  'generate-vs-crawlee.ts',
  'memory.ts',
  'prompt.ts',
  'extract-scaling.ts',
  'render.ts',
  'quality.ts',
].filter((f) => existsSync(new URL(f, import.meta.url)));
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
    stdio: 'inherit',
    cwd: new URL('.', import.meta.url).pathname,
  });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
