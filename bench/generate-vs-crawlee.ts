// `ltx generate --offline` against Crawlee's CheerioCrawler on the same served pages, in the same run.
//   pnpm --filter @ltx/bench exec tsx generate-vs-crawlee.ts [runs=5] [pages=500] [concurrency=8]
// The synthetic site (home -> 9 sections -> articles) is served by a child process. Each contender runs as its
// own process under /usr/bin/time (wall time from spawn to exit, peak RSS), alternating ltx, Crawlee, ltx, ...
// so machine noise hits both. Both count their own start-up (module loading) in the wall time; each also reports
// the time of the crawl alone (ltx: generate()'s durationMs; Crawlee: run() start to end).
// ltx: the built CLI (apps/cli/dist/main.js), the whole pipeline: robots, sitemap, fetch, extraction in the
// thread pool (parse, main content, Markdown, links), ranking, the extractive llms.txt, validation.
// Crawlee: CheerioCrawler at a fixed concurrency (min = max, so autoscaling does not hold it back), in-memory
// storage, a handler that reads the <title> and enqueues the page's links (same hostname): fetch + parse only.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeCommand } from './builds.js';
import { median, report, round } from './stats.js';
import { serveSyntheticSites } from './synthetic-site.js';

const RUNS = Number(process.argv[2] ?? 5);
const PAGES = Number(process.argv[3] ?? 500);
const CONCURRENCY = Number(process.argv[4] ?? 8);
const CLI_MAIN = fileURLToPath(new URL('../apps/cli/dist/main.js', import.meta.url));

interface Outcome {
  wallMs: number;
  crawlMs: number;
  pages: number;
  peakRssMiB: number;
}

/** Runs `args` under /usr/bin/time; resolves with wall time, peak RSS and the process's stderr/stdout. */
function timed(
  args: string[],
  env: Record<string, string>,
): Promise<{ wallMs: number; peakRssMiB: number; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'maxrss_kb=%M', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - t0;
      if (code !== 0)
        return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
      const kb = Number(/maxrss_kb=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
      resolve({ wallMs, peakRssMiB: kb / 1024, stderr, stdout });
    });
  });
}

async function runLtx(url: string): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'ltx-bench-gen-'));
  try {
    // The CLI as `pnpm ltx` runs it: node with the flags of its shebang line.
    const run = await timed(
      [
        ...nodeCommand(CLI_MAIN),
        'generate',
        url,
        '--offline',
        '--max-pages',
        String(PAGES),
        '--concurrency',
        String(CONCURRENCY),
        '-o',
        join(dir, 'llms.txt'),
      ],
      { LTX_ALLOW_PRIVATE_HOSTS: 'true', LTX_DATA_DIR: dir },
    );
    const m = /from (\d+) pages .* in ([\d.]+) s/.exec(run.stderr);
    if (!m) throw new Error(`ltx printed no summary: ${run.stderr.slice(-1000)}`);
    if (!readFileSync(join(dir, 'llms.txt'), 'utf8').startsWith('# '))
      throw new Error('ltx wrote no llms.txt');
    return {
      wallMs: run.wallMs,
      crawlMs: Number(m[2]) * 1000,
      pages: Number(m[1]),
      peakRssMiB: run.peakRssMiB,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runCrawlee(url: string): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'ltx-bench-crawlee-'));
  try {
    const run = await timed(
      [process.execPath, '--import', 'tsx', fileURLToPath(import.meta.url), 'crawlee-child', url],
      {
        CRAWLEE_STORAGE_DIR: dir,
        CRAWLEE_PERSIST_STORAGE: 'false',
        CRAWLEE_LOG_LEVEL: 'WARNING',
        BENCH_PAGES: String(PAGES),
        BENCH_CONCURRENCY: String(CONCURRENCY),
      },
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith('{"crawlee"'));
    if (!line) throw new Error(`crawlee printed no result: ${run.stderr.slice(-1000)}`);
    const { pages, crawlMs } = JSON.parse(line).crawlee as { pages: number; crawlMs: number };
    return { wallMs: run.wallMs, crawlMs, pages, peakRssMiB: run.peakRssMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'crawlee-child') {
  // The Crawlee contender, in its own process.
  const url = process.argv[3]!;
  const pages = Number(process.env.BENCH_PAGES);
  const concurrency = Number(process.env.BENCH_CONCURRENCY);
  const { CheerioCrawler } = await import('@crawlee/cheerio');
  let parsed = 0;
  const crawler = new CheerioCrawler({
    maxRequestsPerCrawl: pages,
    minConcurrency: concurrency,
    maxConcurrency: concurrency,
    async requestHandler({ $, enqueueLinks }) {
      if ($('title').text()) parsed += 1;
      await enqueueLinks();
    },
  });
  const t0 = performance.now();
  await crawler.run([url]);
  process.stdout.write(
    `${JSON.stringify({ crawlee: { pages: parsed, crawlMs: performance.now() - t0 } })}\n`,
  );
  process.exit(0);
} else {
  const site = await serveSyntheticSites({ pages: PAGES });
  try {
    const check = (name: string, o: Outcome) => {
      if (o.pages !== PAGES) throw new Error(`${name} crawled ${o.pages} pages, expected ${PAGES}`);
      return o;
    };
    check('ltx', await runLtx(site.url)); // warm-up (disk cache of modules, sockets), not counted
    check('crawlee', await runCrawlee(site.url));
    const ltx: Outcome[] = [];
    const crawlee: Outcome[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      ltx.push(check('ltx', await runLtx(site.url)));
      crawlee.push(check('crawlee', await runCrawlee(site.url)));
    }
    const pps = (o: Outcome, key: 'wallMs' | 'crawlMs') => PAGES / (o[key] / 1000);
    const figures = (list: Outcome[]) => ({
      wallPagesPerSecond: round(median(list.map((o) => pps(o, 'wallMs')))),
      crawlPagesPerSecond: round(median(list.map((o) => pps(o, 'crawlMs')))),
      peakRssMiB: round(median(list.map((o) => o.peakRssMiB))),
      wallRunsMs: list.map((o) => round(o.wallMs)),
      crawlRunsMs: list.map((o) => round(o.crawlMs)),
    });
    const l = figures(ltx);
    const c = figures(crawlee);
    const ratioWall = round(l.wallPagesPerSecond / c.wallPagesPerSecond, 2);
    const ratioCrawl = round(l.crawlPagesPerSecond / c.crawlPagesPerSecond, 2);
    report('generate-vs-crawlee', {
      pages: PAGES,
      runs: RUNS,
      concurrency: CONCURRENCY,
      ltx: l,
      crawlee: c,
      ratioWall,
      ratioCrawl,
    });
    console.log(
      `generate --offline vs Crawlee CheerioCrawler, ${PAGES} pages at concurrency ${CONCURRENCY} (median of ${RUNS}): ` +
        `ltx ${l.wallPagesPerSecond} pages/s whole process (${l.crawlPagesPerSecond} in generate()), ` +
        `Crawlee ${c.wallPagesPerSecond} pages/s whole process (${c.crawlPagesPerSecond} in run()); ` +
        `ratio ltx/Crawlee ${ratioWall}x whole process, ${ratioCrawl}x crawl alone; peak RSS ltx ${l.peakRssMiB} MiB, Crawlee ${c.peakRssMiB} MiB`,
    );
  } finally {
    await site.stop();
  }
}
