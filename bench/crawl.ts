// Crawl throughput: pages per second on a 500-page synthetic site served on loopback, crawled at concurrency
// 1 and 8 (maxPages 500). Runs alternate (c1, c8, c1, c8, ...) so machine noise hits both; medians and the
// ratio c8/c1 are reported. The site is served by test-kit from a child process, so the server's work does not
// share the crawler's event loop (as with a real remote server). An optional per-response latency simulates
// network distance.
//   pnpm --filter @ltx/bench exec tsx crawl.ts [runs=5] [latencyMs=0]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { crawlSite } from '@ltx/core/crawl';
import { type StaticFile, startStaticSite } from '@ltx/test-kit';
import { median, report, round } from './stats.js';

const RUNS = Number(process.argv[2] ?? 5);
const LATENCY_MS = Number(process.argv[3] ?? 0);
const IS_SERVER = process.env.LTX_BENCH_CRAWL_SERVER === '1';
const PAGES = 500;
const SECTIONS = 9;
const ARTICLES = PAGES - 1 - SECTIONS;

const words =
  'crawler page section index token budget markdown sitemap robots canonical anchor link heading'.split(' ');
function paragraph(seed: number): string {
  return Array.from({ length: 60 }, (_, i) => words[(seed * 7 + i * 3) % words.length]).join(' ');
}

/** Home -> 9 section indexes -> 490 articles; every page has the nav, articles link to neighbours. */
function syntheticSite(): Record<string, StaticFile> {
  const files: Record<string, StaticFile> = {};
  const sectionOf = (article: number) => article % SECTIONS;
  const nav = `<nav>${Array.from({ length: SECTIONS }, (_, s) => `<a href="/s${s}/">Section ${s}</a>`).join(' ')}</nav>`;
  const wrap = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Bench Site</title>` +
    `<meta name="description" content="${title} description"></head><body><header>${nav}</header>` +
    `<main>${body}</main><footer>footer</footer></body></html>`;
  const add = (path: string, html: string) => {
    files[path] = LATENCY_MS > 0 ? { body: html, delayMs: LATENCY_MS } : html;
  };
  add('/', wrap('Home', `<h1>Bench Site</h1><p>${paragraph(0)}</p>`));
  for (let s = 0; s < SECTIONS; s += 1) {
    const links = Array.from({ length: ARTICLES }, (_, a) => a)
      .filter((a) => sectionOf(a) === s)
      .map((a) => `<li><a href="/s${s}/a${a}/">Article ${a}</a></li>`)
      .join('');
    add(`/s${s}/`, wrap(`Section ${s}`, `<h1>Section ${s}</h1><p>${paragraph(s)}</p><ul>${links}</ul>`));
  }
  for (let a = 0; a < ARTICLES; a += 1) {
    const neighbours = [1, 2, 3, 17]
      .map((d) => (a + d) % ARTICLES)
      .map((n) => `<a href="/s${sectionOf(n)}/a${n}/">Article ${n}</a>`)
      .join(' ');
    const body = `<h1>Article ${a}</h1><h2>Overview</h2><p>${paragraph(a)}</p><h2>Details</h2><p>${paragraph(a + 1)}</p>
      <pre><code class="language-ts">const x = ${a};</code></pre><p>See also ${neighbours}.</p>`;
    add(`/s${sectionOf(a)}/a${a}/`, wrap(`Article ${a}`, body));
  }
  return files;
}

async function crawlOnce(
  url: string,
  concurrency: number,
): Promise<{ pagesPerSecond: number; pages: number }> {
  const t0 = performance.now();
  const result = await crawlSite(
    url,
    { maxPages: PAGES, concurrency },
    { settings: { allowPrivateHosts: true } },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (result.pages.length !== PAGES)
    throw new Error(`expected ${PAGES} pages, crawled ${result.pages.length}`);
  return { pagesPerSecond: result.pages.length / seconds, pages: result.pages.length };
}

/** Starts the site in a child process (this file, in server mode); resolves with its URL and a stop function. */
async function startSiteProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [String(RUNS), String(LATENCY_MS)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, LTX_BENCH_CRAWL_SERVER: '1' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`site process exited with ${code}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

if (IS_SERVER) {
  const site = await startStaticSite({ files: syntheticSite() });
  process.send!({ url: site.url });
  process.once('message', () => {
    void site.close().then(() => process.exit(0));
  });
} else {
  const site = await startSiteProcess();
  try {
    await crawlOnce(site.url, 8); // warm-up (JIT, sockets), not counted
    const c1: number[] = [];
    const c8: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      c1.push((await crawlOnce(site.url, 1)).pagesPerSecond);
      c8.push((await crawlOnce(site.url, 8)).pagesPerSecond);
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
    });
    console.log(
      `crawl: ${PAGES} pages on loopback${LATENCY_MS ? ` (+${LATENCY_MS} ms per response)` : ''}: ` +
        `concurrency 1 = ${round(m1)} pages/s, concurrency 8 = ${round(m8)} pages/s, ratio ${round(m8 / m1, 2)}x (median of ${RUNS})`,
    );
  } finally {
    await site.stop();
  }
}
