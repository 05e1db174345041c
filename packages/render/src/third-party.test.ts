import { generateFromCrawl } from '@ltx/core';
import { crawlSite } from '@ltx/core/crawl';
import { type StaticSite, startStaticSite } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRenderer } from './browser-renderer.js';
import { findChromium } from './chromium.js';

const CHROMIUM = findChromium();

// Trackers and third-party hosts are aborted before the guarded fetch, even where the guard would let them
// through: every stand-in below is a counting server that LTX_ALLOW_PRIVATE_HOSTS opens, and only the one the
// job allows (renderAllowHosts) may see a request. Host names resolve to 127.0.0.1 through the crawl's lookup.
const TRACKER_HOST = 'www.google-analytics.com';
const CDN_HOST = 'cdn.widgets.test';
const lookup = async () => [{ address: '127.0.0.1', family: 4 }];

describe.skipIf(!CHROMIUM)('third-party and tracker requests from the browser', () => {
  let site: StaticSite;
  let tracker: StaticSite;
  let thirdParty: StaticSite;
  let cdn: StaticSite;
  let renderer: BrowserRenderer;

  beforeAll(async () => {
    tracker = await startStaticSite({
      files: { '/analytics.js': 'window.tracked = true;', '/collect': 'ok' },
    });
    thirdParty = await startStaticSite({
      files: { '/widget.js': 'window.widget = true;', '/api/data.json': '{"x":1}' },
    });
    cdn = await startStaticSite({
      files: {
        '/lib.js': `window.renderDocs = (el) => { el.innerHTML = '<main><h1>Widgets</h1><p>The widget library draws charts from plain data in a few lines, with no configuration at all.</p></main>'; };`,
      },
    });
    site = await startStaticSite({
      files: {
        '/': `<!doctype html><html><head><title>Widgets</title>
          <script src="http://${TRACKER_HOST}:${tracker.port}/analytics.js"></script>
          <script src="http://127.0.0.1:${thirdParty.port}/widget.js"></script>
          <script src="http://${CDN_HOST}:${cdn.port}/lib.js"></script>
          </head><body><div id="root"></div><script>
          fetch('http://${TRACKER_HOST}:${tracker.port}/collect?page=home').catch(() => {});
          fetch('http://127.0.0.1:${thirdParty.port}/api/data.json').catch(() => {});
          if (window.renderDocs) window.renderDocs(document.getElementById('root'));
          else document.getElementById('root').innerHTML = '<p>no library</p>';
          </script></body></html>`,
      },
    });
    renderer = new BrowserRenderer({ executablePath: CHROMIUM! });
  });

  afterAll(async () => {
    await renderer?.close();
    await Promise.all([site, tracker, thirdParty, cdn].map((server) => server?.close()));
  });

  const settings = () => ({
    allowPrivateHosts: [
      `127.0.0.1:${site.port}`,
      `127.0.0.1:${thirdParty.port}`,
      `${TRACKER_HOST}:${tracker.port}`,
      `${CDN_HOST}:${cdn.port}`,
    ],
  });

  it('aborts them by default and counts them: the guard would have let them through, no server saw a request', async () => {
    const result = await crawlSite(
      site.url,
      { maxPages: 1, perHostDelayMs: 0 },
      { settings: settings(), renderer, lookup },
    );
    expect(result.pages[0]?.rendered).toBe(true);
    expect(result.pages[0]?.text).toContain('no library');
    expect(result.render?.blocked).toMatchObject({ trackers: 2, thirdParty: 3 });
    expect(result.render?.blocked.hosts).toEqual(
      expect.arrayContaining([`${TRACKER_HOST}:${tracker.port}`, `127.0.0.1:${thirdParty.port}`]),
    );
    expect(result.render?.refusedCount).toBe(0);
    expect(tracker.requests).toEqual([]);
    expect(thirdParty.requests).toEqual([]);
    expect(cdn.requests).toEqual([]);
  }, 120_000);

  it('renderAllowHosts lets a CDN through the guard; a tracker stays aborted even when listed', async () => {
    const options = {
      generator: 'extractive' as const,
      perHostDelayMs: 0,
      maxPages: 1,
      renderAllowHosts: [`${CDN_HOST}:${cdn.port}`, TRACKER_HOST],
    };
    const crawl = await crawlSite(site.url, options, { settings: settings(), renderer, lookup });
    const file = await generateFromCrawl(crawl, options, { settings: settings() });
    // Through the guarded fetch, as every browser request: robots.txt of that origin first.
    expect(cdn.requests).toEqual(['/robots.txt', '/lib.js']);
    expect(tracker.requests).toEqual([]);
    expect(thirdParty.requests).toEqual([]);
    expect(file.render).toMatchObject({
      pagesNeedingJs: 1,
      pagesRendered: 1,
      blocked: { trackers: 2, thirdParty: 2 },
    });
    expect(crawl.pages[0]?.text).toContain('draws charts from plain data');
    expect(file.warnings.join('\n')).toMatch(
      /4 browser requests were not made: 2 to trackers, 2 to other sites/,
    );
  }, 120_000);
});
