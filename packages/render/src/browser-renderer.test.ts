import { generate } from '@ltx/core';
import { crawlSite } from '@ltx/core/crawl';
import { type StaticSite, startStaticSite, waitFor } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRenderer } from './browser-renderer.js';
import { findChromium } from './chromium.js';

const CHROMIUM = findChromium();
if (!CHROMIUM) {
  console.warn(
    'render tests skipped: no Chromium at LTX_CHROMIUM_PATH or /usr/bin/chromium (scripts/install-chromium.sh installs it; .ci/run does)',
  );
}

const PAGES = [
  {
    path: 'guide',
    title: 'Guide',
    text: 'The guide explains how to install the widget toolkit and configure its first project in detail.',
  },
  {
    path: 'api',
    title: 'API reference',
    text: 'The API reference lists every function of the widget toolkit with its arguments and return values.',
  },
];

/** A React-style shell: content and links come from a JSON file its script fetches. */
function shell(title: string, extra = ''): string {
  return `<!doctype html><html><head><title>${title}</title><script src="/app.js" defer></script>${extra}</head><body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>`;
}

const APP_JS = `
const path = location.pathname.replace(/\\/$/, '').split('/').pop() || 'index';
fetch('/data/' + path + '.json').then(r => r.json()).then((data) => {
  const root = document.getElementById('root');
  root.innerHTML = '<main><h1>' + data.title + '</h1><p>' + data.text + '</p><nav>' +
    data.links.map((l) => '<a href="' + l + '">' + l + '</a>').join(' ') + '</nav></main>';
});
`;

describe.skipIf(!CHROMIUM)('BrowserRenderer with the crawler', () => {
  let site: StaticSite;
  let secret: StaticSite;
  let images: StaticSite;
  let renderer: BrowserRenderer;

  beforeAll(async () => {
    secret = await startStaticSite({ files: { '/secret': 'top secret' } });
    images = await startStaticSite({ files: { '/pixel.png': 'png' } });
    const files: Record<string, string> = {
      '/robots.txt': 'User-agent: *\nAllow: /\n',
      '/app.js': APP_JS,
      '/': shell('Widget toolkit'),
      '/data/index.json': JSON.stringify({
        title: 'Widget toolkit',
        text: 'Widget toolkit builds interfaces from small parts. Read the guide and the API reference to begin.',
        links: PAGES.map((page) => `/${page.path}`),
      }),
      // The leaky page: its script reaches for another loopback port and an image on another host.
      '/leaky': `<!doctype html><html><head><title>Leaky</title></head><body><div id="root"></div><script>
        fetch('http://127.0.0.1:${secret.port}/secret').catch(() => {});
        const img = new Image(); img.src = 'http://127.0.0.1:${images.port}/pixel.png';
        try { window.open('/guide'); } catch {}
        if (navigator.serviceWorker) navigator.serviceWorker.register('/sw.js').catch(() => {});
        document.getElementById('root').innerHTML = '<h1>Leaky</h1><p>This page tries to reach places it must not reach, and shows this text.</p>';
      </script></body></html>`,
      '/sw.js': 'self.addEventListener("fetch", () => {});',
    };
    for (const page of PAGES) {
      files[`/${page.path}`] = shell(page.title);
      files[`/data/${page.path}.json`] = JSON.stringify({
        title: page.title,
        text: page.text,
        links: ['/', '/leaky'],
      });
    }
    site = await startStaticSite({ files });
    renderer = new BrowserRenderer({ executablePath: CHROMIUM! });
  }, 60_000);

  afterAll(async () => {
    await renderer?.close();
    await Promise.all([site?.close(), secret?.close(), images?.close()]);
  });

  it('renders shells, follows links found in the rendered DOM, and no browser request leaves the guard', async () => {
    const result = await crawlSite(
      site.url,
      { maxPages: 10, perHostDelayMs: 0 },
      { settings: { allowPrivateHosts: [`127.0.0.1:${site.port}`] }, renderer },
    );
    const byPath = new Map(result.pages.map((page) => [new URL(page.url).pathname, page]));
    expect([...byPath.keys()].sort()).toEqual(['/', '/api', '/guide', '/leaky']);
    expect(byPath.get('/guide')?.text).toContain('install the widget toolkit');
    expect(byPath.get('/guide')?.rendered).toBe(true);
    expect(byPath.get('/guide')?.needsJs).toBe(true);
    expect(byPath.get('/leaky')?.text).toContain('tries to reach places');
    expect(result.render?.needed.length).toBe(4);
    expect(result.render?.rendered).toBe(4);
    // The other loopback port was refused by the guard (counted), the image never fetched: no hit on either.
    expect(result.render?.refusedCount).toBeGreaterThanOrEqual(1);
    expect(result.render?.refused.some((entry) => entry.url.includes(`:${secret.port}/secret`))).toBe(true);
    expect(secret.requests).toEqual([]);
    expect(images.requests).toEqual([]);
    expect(site.requests).not.toContain('/sw.js');
  }, 120_000);

  it('a page that opens popups and registers a service worker: their targets get no request, the job succeeds', async () => {
    // The popup's target is a counting server the guard would let through (it is on the allow list): only the
    // browser's own refusal keeps it unreached. The service worker script lives on the site itself.
    const popupTarget = await startStaticSite({ files: { '/': 'popup page', '/landing': 'landing' } });
    const popupSite = await startStaticSite({
      files: {
        '/': `<!doctype html><html><head><title>Popups</title></head><body><div id="root"></div>
          <a id="blank" href="http://127.0.0.1:${popupTarget.port}/landing" target="_blank">elsewhere</a><script>
          let opened = 'none';
          try { opened = window.open('http://127.0.0.1:${popupTarget.port}/') ? 'window' : 'null'; } catch (e) { opened = 'threw'; }
          document.getElementById('blank').click();
          let worker = 'unsupported';
          if (navigator.serviceWorker) {
            worker = 'asked';
            navigator.serviceWorker.register('/sw.js').catch(() => {});
          }
          document.getElementById('root').innerHTML = '<h1>Popups</h1><p>This page opened a popup (' + opened +
            ') and asked for a service worker (' + worker + '), and it still shows this paragraph of text.</p>';
        </script></body></html>`,
        '/sw.js': 'self.addEventListener("fetch", (event) => event.respondWith(fetch(event.request)));',
      },
    });
    try {
      const file = await generate(
        popupSite.url,
        { generator: 'extractive', perHostDelayMs: 0, maxPages: 1 },
        {
          settings: {
            allowPrivateHosts: [`127.0.0.1:${popupSite.port}`, `127.0.0.1:${popupTarget.port}`],
          },
          renderer,
        },
      );
      expect(file.render).toMatchObject({ pagesNeedingJs: 1, pagesRendered: 1 });
      expect(file.llmsTxt).toContain('# Popups');
      expect(file.llmsTxt).toContain('opened a popup (window) and asked for a service worker (asked)');
      // The script ran to its end (the popup was asked for, the worker too)...
      expect(file.render?.notRendered).toEqual([]);
      // ...and neither the popup's nor the link's target, nor the service worker script, was requested.
      expect(popupTarget.requests).toEqual([]);
      expect(popupSite.requests).not.toContain('/sw.js');
      // The site itself saw no script request at all: only the page, robots.txt, the sitemap and twin probes.
      expect(popupSite.requests.filter((path) => path.endsWith('.js'))).toEqual([]);
    } finally {
      await Promise.all([popupTarget.close(), popupSite.close()]);
    }
  }, 120_000);

  it("honours a job's render options: maxRenderedPages caps the renders, the rest are named", async () => {
    const result = await crawlSite(
      site.url,
      { maxPages: 10, perHostDelayMs: 0, maxRenderedPages: 1 },
      { settings: { allowPrivateHosts: [`127.0.0.1:${site.port}`] }, renderer },
    );
    // Only the start page was rendered, so only its links were found: /guide and /api stay shells.
    expect(result.render?.rendered).toBe(1);
    expect(result.limitsHit).toContain('maxRenderedPages');
    expect(result.render?.notRendered.length).toBeGreaterThanOrEqual(1);
    expect(result.pages.find((page) => new URL(page.url).pathname === '/guide')?.rendered).toBeUndefined();
  }, 60_000);

  it('keeps shells as served and names them when no renderer is given', async () => {
    const result = await crawlSite(
      site.url,
      { maxPages: 10, perHostDelayMs: 0 },
      { settings: { allowPrivateHosts: [`127.0.0.1:${site.port}`] } },
    );
    expect(result.pages.map((page) => new URL(page.url).pathname)).toEqual(['/']);
    expect(result.render?.needed).toEqual([site.url]);
    expect(result.render?.notRendered).toEqual([site.url]);
    expect(result.render?.available).toBe(false);
  }, 60_000);

  it('settles only after a chain of fetches, timers and DOM changes has ended (no content lost to the quiet window)', async () => {
    // Fetch, render a first part, wait 100 ms (under the 150 ms quiet window), fetch again, render the rest.
    const chain = await startStaticSite({
      files: {
        '/': `<!doctype html><html><head><title>Chain</title></head><body><div id="root"></div><script>
          const root = document.getElementById('root');
          fetch('/one.json').then((r) => r.json()).then((one) => {
            root.innerHTML = '<h1>' + one.title + '</h1>';
            setTimeout(() => fetch('/two.json').then((r) => r.json()).then((two) => {
              setTimeout(() => { root.innerHTML += '<p>' + two.text + '</p>'; }, 100);
            }), 100);
          });
        </script></body></html>`,
        '/one.json': JSON.stringify({ title: 'Chained' }),
        '/two.json': JSON.stringify({
          text: 'The second part of this page arrives after two timers and a second request, and must be kept.',
        }),
      },
    });
    try {
      const result = await crawlSite(
        chain.url,
        { maxPages: 1, perHostDelayMs: 0 },
        { settings: { allowPrivateHosts: [`127.0.0.1:${chain.port}`] }, renderer },
      );
      expect(result.pages[0]?.text).toContain('arrives after two timers and a second request');
      expect(result.limitsHit).not.toContain('renderTimeoutMs');
    } finally {
      await chain.close();
    }
  }, 60_000);

  it('takes the DOM at the time cap when a page never settles', async () => {
    const slow = await startStaticSite({
      files: {
        '/': `<!doctype html><html><head><title>Busy</title></head><body><div id="app"></div><script>
          document.getElementById('app').innerHTML = '<h1>Busy</h1><p>This page keeps polling forever but shows its text at once, long enough to count.</p>';
          setInterval(() => fetch('/poll?' + Math.random()).catch(() => {}), 50);
        </script></body></html>`,
        '/poll': 'ok',
      },
    });
    try {
      const result = await crawlSite(
        slow.url,
        { maxPages: 1, perHostDelayMs: 0 },
        {
          settings: { allowPrivateHosts: [`127.0.0.1:${slow.port}`] },
          renderer,
          renderLimits: { renderTimeoutMs: 1500 },
        },
      );
      expect(result.pages[0]?.text).toContain('keeps polling forever');
      expect(result.limitsHit).toContain('renderTimeoutMs');
    } finally {
      await slow.close();
    }
  }, 60_000);
  it('restarts a browser hung by a script that never yields, keeps the page as served, renders again after', async () => {
    const hung = new BrowserRenderer({ executablePath: CHROMIUM!, hangGraceMs: 1500 });
    const loop = await startStaticSite({
      files: {
        '/': `<!doctype html><html><head><title>Loop</title></head><body><div id="root"></div><script>for (;;) {}</script></body></html>`,
      },
    });
    try {
      const settings = { allowPrivateHosts: [`127.0.0.1:${loop.port}`] };
      const result = await crawlSite(
        loop.url,
        { maxPages: 1, perHostDelayMs: 0 },
        { settings, renderer: hung, renderLimits: { renderTimeoutMs: 1000 } },
      );
      expect(result.pages).toHaveLength(1);
      expect(result.pages[0]?.rendered).toBeUndefined();
      expect(result.render?.notRendered).toEqual([loop.url]);
      expect(hung.stats.browserRestarts).toBe(1);
      // The next job gets a new browser.
      const again = await crawlSite(
        site.url,
        { maxPages: 1, perHostDelayMs: 0 },
        { settings: { allowPrivateHosts: [`127.0.0.1:${site.port}`] }, renderer: hung },
      );
      expect(again.pages[0]?.rendered).toBe(true);
      expect(hung.stats.browserLaunches).toBe(2);
    } finally {
      await hung.close();
      await loop.close();
    }
  }, 90_000);

  it('restarts a browser over LTX_RENDER_MAX_RSS_MB between jobs; the next job renders in a fresh one', async () => {
    // 1 MB: any browser is over it, so the check after the first job must close it.
    const capped = new BrowserRenderer({ executablePath: CHROMIUM!, maxRssMb: 1 });
    const unCapped = new BrowserRenderer({ executablePath: CHROMIUM! });
    const settings = { allowPrivateHosts: [`127.0.0.1:${site.port}`] };
    try {
      const first = await crawlSite(
        site.url,
        { maxPages: 1, perHostDelayMs: 0 },
        { settings, renderer: capped },
      );
      expect(first.pages[0]?.rendered).toBe(true);
      await waitFor(() => capped.stats.memoryRestarts === 1, {
        timeoutMs: 30_000,
        what: 'the memory restart',
      });
      // The browser's processes were measured (tens of MB at least) before it was closed.
      expect(capped.stats.lastRssBytes).toBeGreaterThan(10 * 1024 * 1024);
      const second = await crawlSite(
        site.url,
        { maxPages: 1, perHostDelayMs: 0 },
        { settings, renderer: capped },
      );
      expect(second.pages[0]?.rendered).toBe(true);
      expect(capped.stats.browserLaunches).toBe(2);
      // Without a cap the same two jobs share one browser.
      for (let job = 0; job < 2; job += 1)
        await crawlSite(site.url, { maxPages: 1, perHostDelayMs: 0 }, { settings, renderer: unCapped });
      expect(unCapped.stats.browserLaunches).toBe(1);
      expect(unCapped.stats.memoryRestarts).toBe(0);
    } finally {
      await Promise.all([capped.close(), unCapped.close()]);
    }
  }, 120_000);
});
