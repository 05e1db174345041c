// Crawl throughput: pages per second on a 500-page synthetic site served on loopback, crawled at concurrency
// 1 and 8 (maxPages 500). Runs alternate (c1, c8, c1, c8, ...) so machine noise hits both; medians and the
// ratio c8/c1 are reported. The site is served by test-kit from a child process, so the server's work does not
// share the crawler's event loop (as with a real remote server). An optional per-response latency simulates
// network distance. With BENCH_BASELINE (builds.ts) the baseline build's crawler is measured too, its runs
// alternating with this build's.
//   pnpm --filter @ltx/bench exec tsx crawl.ts [runs=5] [latencyMs=0]
import { pathToFileURL } from 'node:url';
import type { crawlSite as CrawlSite } from '@ltx/core/crawl';
import { builds } from './builds.js';
import { median, report, round } from './stats.js';
import { serveSyntheticSites } from './synthetic-site.js';

const RUNS = Number(process.argv[2] ?? 5);
const LATENCY_MS = Number(process.argv[3] ?? 0);
const PAGES = 500;

async function crawlOnce(
  crawlSite: typeof CrawlSite,
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

const contenders = await Promise.all(
  builds().map(async (build) => ({
    name: build.name,
    crawlSite: (
      (await import(pathToFileURL(build.file('packages/core/dist/crawl.js')).href)) as {
        crawlSite: typeof CrawlSite;
      }
    ).crawlSite,
  })),
);

{
  const site = await serveSyntheticSites({ pages: PAGES, latencyMs: LATENCY_MS });
  try {
    const runs = contenders.map((contender) => ({
      ...contender,
      c1: [] as number[],
      c8: [] as number[],
      busy: { c1: [] as number[], c8: [] as number[] },
      cores: { c1: [] as number[], c8: [] as number[] },
    }));
    // Warm-up (JIT, sockets, each build's pool), not counted.
    for (const run of runs) await crawlOnce(run.crawlSite, site.url, 8);
    for (let round_ = 0; round_ < RUNS; round_ += 1) {
      for (const run of runs) {
        for (const [key, concurrency] of [
          ['c1', 1],
          ['c8', 8],
        ] as const) {
          const outcome = await crawlOnce(run.crawlSite, site.url, concurrency);
          run[key].push(outcome.pagesPerSecond);
          run.busy[key].push(outcome.mainThreadBusy);
          run.cores[key].push(outcome.cpuCores);
        }
      }
    }
    for (const run of runs) {
      const m1 = median(run.c1);
      const m8 = median(run.c8);
      report('crawl', {
        build: run.name,
        pages: PAGES,
        runs: RUNS,
        latencyMs: LATENCY_MS,
        c1PagesPerSecond: round(m1),
        c8PagesPerSecond: round(m8),
        ratioC8toC1: round(m8 / m1, 2),
        c1Runs: run.c1.map((v) => round(v)),
        c8Runs: run.c8.map((v) => round(v)),
        mainThreadBusy: { c1: round(median(run.busy.c1), 2), c8: round(median(run.busy.c8), 2) },
        processCpuCores: { c1: round(median(run.cores.c1), 2), c8: round(median(run.cores.c8), 2) },
      });
      console.log(
        `crawl (${run.name}): ${PAGES} pages on loopback${LATENCY_MS ? ` (+${LATENCY_MS} ms per response)` : ''}: ` +
          `concurrency 1 = ${round(m1)} pages/s, concurrency 8 = ${round(m8)} pages/s, ratio ${round(m8 / m1, 2)}x (median of ${RUNS}); ` +
          `main thread busy ${round(median(run.busy.c1), 2)} / ${round(median(run.busy.c8), 2)}, ` +
          `process CPU ${round(median(run.cores.c1), 2)} / ${round(median(run.cores.c8), 2)} cores`,
      );
    }
  } finally {
    await site.stop();
  }
}
