// Extraction scaling (issue 10 point 1), two parts.
//
// 1. Time per element of ltx's per-page extraction (extractPage, what the crawler's pool threads run for every
//    page) on synthetic pages of 1,000 -> 50,000 elements, in three shapes: a link list (an index or sitemap
//    page: <li><a> items), a long article (headings and paragraphs with inline links) and a flat index (links
//    and <br>s all direct children of <main>: the shape on which cheerio's .find() was quadratic). Caps are off
//    so the work itself is measured. Each size is warmed once, then the median of `runs` samples is kept, in
//    CPU time of this process (wall time is printed too; on a shared machine it includes others' load). The
//    figure that matters is CPU time per element at the largest size over the smallest (flat = 1.0;
//    quadratic ~ 50).
//
// 2. Event-loop responsiveness while a heavy page (60,000 links, default caps) is extracted: an HTTP server in
//    this process answers /healthz while a child process probes it every 20 ms; the page is extracted on this
//    thread (baseline, as before the pool) and then in the pool (extractInPool), in the same run. Reports the
//    probes' p50 / p99 / max and the ratio of the max, baseline / pool.
//
//   pnpm --filter @ltx/bench exec tsx extract-scaling.ts [runs=3] [sizes=1000,5000,10000,20000,50000]
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { closeExtractPool } from '@ltx/core';
import { extractInPool, extractPage } from '@ltx/core/extract';
import { median, percentile, report, round } from './stats.js';

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const sizes = (process.argv[3] ?? '1000,5000,10000,20000,50000').split(',').map(Number);
  scaling(runs, sizes);
  await responsiveness();
}

// ------------------------------------------------------------------ part 1: time per element

const nav = `<nav class="sidebar"><ul>${Array.from({ length: 20 }, (_, i) => `<li><a href="/s${i}/">Section ${i}</a></li>`).join('')}</ul></nav>`;
const wrap = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Scaling | Bench</title>` +
  `<meta name="description" content="A large page"></head><body><header>${nav}</header>` +
  `<main><h1>Scaling</h1>${body}</main><footer><a href="/about/">About</a></footer></body></html>`;

/** A list of `elements` / 2 items, each one link (li + a). */
function linkList(elements: number): string {
  const items: string[] = [];
  for (let i = 0; i * 2 < elements; i += 1) items.push(`<li><a href="/p/${i}/">Page ${i}</a></li>`);
  return wrap(`<ul>${items.join('')}</ul>`);
}

/** Sections of h2 + paragraphs with an inline link and emphasis: ~`elements` elements in all. */
function article(elements: number): string {
  const parts: string[] = [];
  // Each paragraph = p + a + em (3 elements); a section every 10 paragraphs adds an h2.
  for (let i = 0; i * 3 < elements; i += 1) {
    if (i % 10 === 0) parts.push(`<h2>Part ${i / 10}</h2>`);
    parts.push(
      `<p>Paragraph ${i} explains <em>one thing</em> and links to <a href="/ref/${i}">reference ${i}</a>.</p>`,
    );
  }
  return wrap(parts.join(''));
}

/** Links directly in <main>, separated by <br> (a generated index): `elements` elements, all siblings. */
function flatLinks(elements: number): string {
  const items: string[] = [];
  for (let i = 0; i * 2 < elements; i += 1) items.push(`<a href="/p/${i}/">Page ${i}</a><br>`);
  return wrap(items.join('\n'));
}

// Caps off: this measures the cost of the work itself, not where the caps cut it.
const uncapped = {
  robotsToken: 'ltx',
  caps: { maxElements: Number.POSITIVE_INFINITY, maxLinks: Number.POSITIVE_INFINITY },
};

/**
 * One sample: `repeat` extractions of `html`; returns CPU ms (process.cpuUsage, user + system: on a shared,
 * busy machine other processes' load does not count, unlike wall time) and wall ms, per extraction.
 */
function sample(html: string, repeat: number): { cpuMs: number; wallMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < repeat; i += 1) extractPage(html, 'http://bench.local/big/', uncapped);
  const wallMs = (performance.now() - t0) / repeat;
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / repeat, wallMs };
}

function scaling(runs: number, sizes: number[]): void {
  // Warm the JIT so the smallest size is not charged for compilation.
  sample(linkList(2000), 10);
  const shapes = { links: linkList, article, flat: flatLinks } as const;
  for (const [shape, build] of Object.entries(shapes)) {
    const rows: { elements: number; bytes: number; cpuMs: number; wallMs: number; usPerElement: number }[] =
      [];
    for (const elements of sizes) {
      const html = build(elements);
      // Small pages repeat so that every sample holds about as much work as one of the largest page.
      const repeat = Math.max(1, Math.round(Math.max(...sizes) / elements / 2));
      sample(html, 1);
      const samples = Array.from({ length: runs }, () => sample(html, repeat));
      const cpuMs = median(samples.map((s) => s.cpuMs));
      const wallMs = median(samples.map((s) => s.wallMs));
      rows.push({
        elements,
        bytes: html.length,
        cpuMs: round(cpuMs),
        wallMs: round(wallMs),
        usPerElement: round((cpuMs * 1000) / elements, 2),
      });
      report(`extract-scaling/${shape}`, rows.at(-1)!);
    }
    const first = rows[0]!;
    const last = rows.at(-1)!;
    report(`extract-scaling/${shape}`, {
      ratio: `${last.elements}/${first.elements}`,
      usPerElementRatio: round(last.usPerElement / first.usPerElement, 2),
    });
  }
}

// ------------------------------------------------------------------ part 2: the loop while a heavy page runs

const HEAVY_LINKS = 60_000;

function heavyPage(): string {
  const links: string[] = [];
  for (let i = 0; i < HEAVY_LINKS; i += 1) links.push(`<a href="/big/p/${i}">Entry ${i}</a><br>`);
  return `<!doctype html><html><head><title>All | Big</title></head><body><h1>All</h1>${links.join('\n')}</body></html>`;
}

/** The child: probes http://127.0.0.1:port/healthz back to back (20 ms apart) until told to stop. */
async function probeChild(port: number): Promise<void> {
  const times: number[] = [];
  let running = true;
  process.on('message', (message) => {
    if (message === 'stop') running = false;
  });
  process.send?.('ready');
  while (running) {
    const t0 = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    await response.text();
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  process.send?.(times);
  process.disconnect();
}

async function probed(port: number, work: () => Promise<void>): Promise<number[]> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LTX_BENCH_PROBE_PORT: String(port) },
  });
  const times = new Promise<number[]>((resolve) =>
    child.on('message', (message) => {
      if (Array.isArray(message)) resolve(message as number[]);
    }),
  );
  await new Promise<void>((resolve) => child.once('message', () => resolve()));
  // Let the probe settle before the page starts.
  await new Promise((r) => setTimeout(r, 200));
  await work();
  await new Promise((r) => setTimeout(r, 200));
  child.send('stop');
  return times;
}

async function responsiveness(): Promise<void> {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const html = heavyPage();
  const pages = 3;
  const options = { robotsToken: 'ltx' };
  const summary = (times: number[]) => ({
    probes: times.length,
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
    maxMs: round(Math.max(...times)),
  });
  let pageMs: number[] = [];
  const onThread = await probed(port, async () => {
    for (let i = 0; i < pages; i += 1) {
      const t0 = performance.now();
      extractPage(html, 'http://bench.local/big/all/', options);
      pageMs.push(performance.now() - t0);
      // A turn of the loop between pages, as between two crawled pages.
      await new Promise((r) => setImmediate(r));
    }
  });
  const baseline = { ...summary(onThread), pageMsMedian: round(median(pageMs)) };
  report('extract-scaling/loop-while-heavy-page', {
    where: 'main thread (baseline)',
    bytes: html.length,
    ...baseline,
  });
  pageMs = [];
  // Warm the pool (thread start-up is paid once per process, not per page).
  await extractInPool({ html: '<p>warm</p>', url: 'http://bench.local/', options }, { budgetMs: 60_000 });
  const inPool = await probed(port, async () => {
    for (let i = 0; i < pages; i += 1) {
      const t0 = performance.now();
      await extractInPool({ html, url: 'http://bench.local/big/all/', options }, { budgetMs: 120_000 });
      pageMs.push(performance.now() - t0);
    }
  });
  const pooled = { ...summary(inPool), pageMsMedian: round(median(pageMs)) };
  report('extract-scaling/loop-while-heavy-page', { where: 'thread pool', bytes: html.length, ...pooled });
  report('extract-scaling/loop-while-heavy-page', {
    maxProbeRatioBaselineOverPool: round(baseline.maxMs / pooled.maxMs, 1),
  });
  await closeExtractPool();
  server.close();
}

// Last, once every const above is initialised.
const PROBE_PORT = process.env.LTX_BENCH_PROBE_PORT;
if (PROBE_PORT) await probeChild(Number(PROBE_PORT));
else await main();
