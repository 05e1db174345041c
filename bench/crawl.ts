// Crawl throughput: pages per second on a 500-page synthetic site served on loopback, crawled at concurrency
// 1 and 8 (maxPages 500). Runs alternate (c1, c8, c1, c8, ...) so machine noise hits both; medians and the
// ratio c8/c1 are reported. The site is served by test-kit from a child process, so the server's work does not
// share the crawler's event loop (as with a real remote server). An optional per-response latency simulates
// network distance.
//   pnpm --filter @ltx/bench exec tsx crawl.ts [runs=5] [latencyMs=0]
import { crawlSite } from '@ltx/core/crawl';
import { median, report, round } from './stats.js';
import { serveSyntheticSites } from './synthetic-site.js';

const RUNS = Number(process.argv[2] ?? 5);
const LATENCY_MS = Number(process.argv[3] ?? 0);
const PAGES = 500;

async function crawlOnce(
  url: string,
  concurrency: number,
): Promise<{ pagesPerSecond: number; pages: number; mainThreadBusy: number; cpuCores: number }> {
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await crawlSite(
    url,
    { maxPages: PAGES, concurrency },
    { settings: { allowPrivateHosts: true } },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (result.pages.length !== PAGES)
    throw new Error(`expected ${PAGES} pages, crawled ${result.pages.length}`);
  // How busy the main thread's event loop was (1 = never idle), and the process's CPU time (all threads) in
  // cores: where the crawl's time goes when concurrency stops helping.
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  return {
    pagesPerSecond: result.pages.length / seconds,
    pages: result.pages.length,
    mainThreadBusy: elu.utilization,
    cpuCores: (cpu.user + cpu.system) / 1e6 / seconds,
  };
}

{
  const site = await serveSyntheticSites({ pages: PAGES, latencyMs: LATENCY_MS });
  try {
    await crawlOnce(site.url, 8); // warm-up (JIT, sockets), not counted
    const c1: number[] = [];
    const c8: number[] = [];
    const busy = { c1: [] as number[], c8: [] as number[] };
    const cores = { c1: [] as number[], c8: [] as number[] };
    for (let run = 0; run < RUNS; run += 1) {
      for (const [key, concurrency] of [
        ['c1', 1],
        ['c8', 8],
      ] as const) {
        const outcome = await crawlOnce(site.url, concurrency);
        (key === 'c1' ? c1 : c8).push(outcome.pagesPerSecond);
        busy[key].push(outcome.mainThreadBusy);
        cores[key].push(outcome.cpuCores);
      }
    }
    const m1 = median(c1);
    const m8 = median(c8);
    report('crawl', {
      pages: PAGES,
      runs: RUNS,
      latencyMs: LATENCY_MS,
      c1PagesPerSecond: round(m1),
      c8PagesPerSecond: round(m8),
      ratioC8toC1: round(m8 / m1, 2),
      c1Runs: c1.map((v) => round(v)),
      c8Runs: c8.map((v) => round(v)),
      mainThreadBusy: { c1: round(median(busy.c1), 2), c8: round(median(busy.c8), 2) },
      processCpuCores: { c1: round(median(cores.c1), 2), c8: round(median(cores.c8), 2) },
    });
    console.log(
      `crawl: ${PAGES} pages on loopback${LATENCY_MS ? ` (+${LATENCY_MS} ms per response)` : ''}: ` +
        `concurrency 1 = ${round(m1)} pages/s, concurrency 8 = ${round(m8)} pages/s, ratio ${round(m8 / m1, 2)}x (median of ${RUNS}); ` +
        `main thread busy ${round(median(busy.c1), 2)} / ${round(median(busy.c8), 2)}, ` +
        `process CPU ${round(median(cores.c1), 2)} / ${round(median(cores.c8), 2)} cores`,
    );
  } finally {
    await site.stop();
  }
}
