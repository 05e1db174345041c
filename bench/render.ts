// Rendering: a 30-page client-rendered site (every page an empty #root and a bundle that fetches its content
// and links as JSON) crawled with the headless browser at 1 and 2 pages rendering at once, against the same
// site served pre-rendered (the HTML the script would build) crawled without a browser. Runs alternate
// (pre, r1, r2, pre, r1, r2 ...) so noise hits all; medians and ratios are reported, with the browser's RSS
// (the Chromium process tree under this process, from ps) after its first rendered job. Each browser is
// launched once (a worker keeps one per process); the first launch is timed on its own. `r2idle` renders at 2
// at once with the previous settle rule (Playwright's networkidle, 500 ms without a request) in the same runs,
// against the default (no request in flight and no DOM change for 150 ms).
//   pnpm --filter @ltx/bench exec tsx render.ts [runs=3]
import { execFileSync } from 'node:child_process';
import { crawlSite } from '@ltx/core/crawl';
import { BrowserRenderer, findChromium } from '@ltx/render';
import { type StaticFile, startStaticSite } from '@ltx/test-kit';
import { median, report, round } from './stats.js';

const RUNS = Number(process.argv[2] ?? 3);
const PAGES = 30;

const chromium = findChromium();
if (!chromium) {
  console.log('render bench skipped: no Chromium (LTX_CHROMIUM_PATH or /usr/bin/chromium)');
  process.exit(0);
}

const words = 'render shell bundle mount point hydrate route fetch json content link title description'.split(
  ' ',
);
const paragraph = (seed: number) =>
  Array.from({ length: 80 }, (_, i) => words[(seed * 5 + i * 3) % words.length]).join(' ');
const pathOf = (i: number) => (i === 0 ? '/' : `/p${i}`);
const linksOf = (i: number) => [0, (i + 1) % PAGES, (i + 7) % PAGES, (i * 3 + 1) % PAGES].map(pathOf);
const body = (i: number) =>
  `<main><h1>Page ${i}</h1><p>${paragraph(i)}</p><nav>${linksOf(i)
    .map((link) => `<a href="${link}">${link}</a>`)
    .join(' ')}</nav></main>`;

function sites(): { shell: Record<string, StaticFile>; pre: Record<string, StaticFile> } {
  const shell: Record<string, StaticFile> = {
    '/app.js': `const p = location.pathname === '/' ? 'index' : location.pathname.slice(1);
fetch('/data/' + p + '.json').then(r => r.json()).then(d => { document.getElementById('root').innerHTML = d.html; });`,
  };
  const pre: Record<string, StaticFile> = {};
  for (let i = 0; i < PAGES; i++) {
    const head = `<title>Page ${i}</title><meta name="description" content="About page ${i}">`;
    shell[pathOf(i)] =
      `<!doctype html><html><head>${head}<script src="/app.js" defer></script></head><body><div id="root"></div></body></html>`;
    shell[`/data/${i === 0 ? 'index' : `p${i}`}.json`] = JSON.stringify({ html: body(i) });
    pre[pathOf(i)] =
      `<!doctype html><html><head>${head}</head><body><div id="root">${body(i)}</div></body></html>`;
  }
  return { shell, pre };
}

/** RSS (MB) of every process below this one (the browser and its renderers). */
function childTreeRssMb(): number {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const below = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (below.has(ppid) && !below.has(pid)) {
        below.add(pid);
        grew = true;
      }
    }
  }
  below.delete(process.pid);
  return rows.filter(([pid]) => below.has(pid)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024;
}

const files = sites();
const shellSite = await startStaticSite({ files: files.shell });
const preSite = await startStaticSite({ files: files.pre });
const limits = { maxPages: PAGES, maxDepth: 10, perHostDelayMs: 0, concurrency: 4 };
const renderers = {
  r1: new BrowserRenderer({ executablePath: chromium, concurrency: 1 }),
  r2: new BrowserRenderer({ executablePath: chromium, concurrency: 2 }),
  r2idle: new BrowserRenderer({ executablePath: chromium, concurrency: 2, settle: 'networkidle' }),
};
const launchStarted = performance.now();
await (await renderers.r1.openSession(new AbortController().signal)).close();
const launchMs = performance.now() - launchStarted;

const times: Record<'pre' | 'r1' | 'r2' | 'r2idle', number[]> = { pre: [], r1: [], r2: [], r2idle: [] };
let oneBrowserRssMb = 0;
for (let run = 0; run < RUNS; run++) {
  for (const kind of ['pre', 'r1', 'r2', 'r2idle'] as const) {
    const site = kind === 'pre' ? preSite : shellSite;
    const started = performance.now();
    const result = await crawlSite(site.url, limits, {
      settings: { allowPrivateHosts: [`127.0.0.1:${site.port}`] },
      renderer: kind === 'pre' ? undefined : renderers[kind],
    });
    times[kind].push(performance.now() - started);
    if (result.pages.length !== PAGES)
      throw new Error(
        `${kind}: ${result.pages.length} pages, expected ${PAGES}: ${JSON.stringify(result.skipped.slice(0, 3))}`,
      );
    if (kind !== 'pre' && result.render?.rendered !== PAGES)
      throw new Error(`${kind}: rendered ${result.render?.rendered}`);
    // After the first rendered job, before the second browser exists: one browser's process tree.
    if (run === 0 && kind === 'r1') oneBrowserRssMb = childTreeRssMb();
  }
}
const pagesPerSecond = (ms: number) => round(PAGES / (ms / 1000), 2);
report('render', {
  pages: PAGES,
  runs: RUNS,
  browserLaunchMs: Math.round(launchMs),
  preRenderedJobMs: Math.round(median(times.pre)),
  renderedJobMsAt1: Math.round(median(times.r1)),
  renderedJobMsAt2: Math.round(median(times.r2)),
  renderedPagesPerSecondAt1: pagesPerSecond(median(times.r1)),
  renderedPagesPerSecondAt2: pagesPerSecond(median(times.r2)),
  ratioAt2VsAt1: round(median(times.r1) / median(times.r2), 2),
  ratioRenderedAt2VsPreRendered: round(median(times.r2) / median(times.pre), 1),
  renderedJobMsAt2Networkidle: Math.round(median(times.r2idle)),
  ratioNetworkidleVsQuietAt2: round(median(times.r2idle) / median(times.r2), 2),
  browserRssMbAfter30Pages: Math.round(oneBrowserRssMb),
});
await Promise.all([
  ...Object.values(renderers).map((renderer) => renderer.close()),
  shellSite.close(),
  preSite.close(),
]);
