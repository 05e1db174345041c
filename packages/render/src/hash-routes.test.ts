import { generate } from '@ltx/core';
import { crawlSite } from '@ltx/core/crawl';
import { type StaticFile, type StaticSite, startStaticSite } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRenderer } from './browser-renderer.js';
import { findChromium } from './chromium.js';

const CHROMIUM = findChromium();

// The issue's "hash-routed SPA": one HTML document whose navigation is '#/guide', '#/api'; its script swaps the
// content (title, description, text) on hashchange. Its pre-rendered twin serves the same routes as paths.
const ROUTES = [
  {
    route: '',
    title: 'Gizmo docs',
    description: 'Gizmo is a tiny scheduler for background work in Node.js services.',
    text: 'Gizmo runs background work on a schedule inside your Node.js service, with retries and a small API.',
  },
  {
    route: 'guide',
    title: 'Getting started',
    description: 'Install Gizmo and schedule a first job in five minutes.',
    text: 'Install Gizmo with npm, create a scheduler, add a job with a cron expression and start it.',
  },
  {
    route: 'api',
    title: 'API reference',
    description: 'Every function and option of the Gizmo scheduler.',
    text: 'The API reference lists createScheduler, schedule, cancel and every option they take.',
  },
  {
    route: 'faq',
    title: 'Questions',
    description: 'Answers to what users ask about retries and time zones.',
    text: 'Jobs retry with backoff; schedules run in the time zone you give, UTC when you give none.',
  },
];

const nav = (href: (route: string) => string) =>
  `<nav>${ROUTES.map((r) => `<a href="${href(r.route)}">${r.title}</a>`).join(' ')}</nav>`;

const APP_JS = `
const routes = ${JSON.stringify(Object.fromEntries(ROUTES.map((r) => [r.route, r])))};
function show() {
  const key = location.hash.replace(/^#!?\\//, '');
  const route = routes[key] || routes[''];
  document.title = route.title;
  document.querySelector('meta[name=description]').setAttribute('content', route.description);
  document.getElementById('app').innerHTML = '<main><h1>' + route.title + '</h1><p>' + route.text + '</p></main>';
}
window.addEventListener('hashchange', show);
show();
`;

function hashSite(): Record<string, StaticFile> {
  return {
    '/app.js': APP_JS,
    // The served document: the navigation, an empty mount point, the script. A plain '#top' anchor too.
    '/': `<!doctype html><html><head><title>Loading</title><meta name="description" content=""></head><body>${nav((r) => `#/${r}`)}<a href="#top">Top</a><div id="app"></div><script src="/app.js"></script></body></html>`,
  };
}

function preRenderedSite(): Record<string, StaticFile> {
  const files: Record<string, StaticFile> = {};
  for (const r of ROUTES) {
    files[`/${r.route}`] =
      `<!doctype html><html><head><title>${r.title}</title><meta name="description" content="${r.description}"></head><body>${nav((x) => `/${x}`)}<a href="#top">Top</a><div id="app"><main><h1>${r.title}</h1><p>${r.text}</p></main></div></body></html>`;
  }
  return files;
}

const portable = (text: string, origin: string) => text.split(origin).join('https://site');

describe.skipIf(!CHROMIUM)('a hash-routed SPA: its routes are pages', () => {
  let spa: StaticSite;
  let pre: StaticSite;
  let renderer: BrowserRenderer;

  beforeAll(async () => {
    spa = await startStaticSite({ files: hashSite() });
    pre = await startStaticSite({ files: preRenderedSite() });
    renderer = new BrowserRenderer({ executablePath: CHROMIUM! });
  });

  afterAll(async () => {
    await renderer?.close();
    await Promise.all([spa?.close(), pre?.close()]);
  });

  const settingsFor = (site: StaticSite, renderMode?: 'off') => ({
    allowPrivateHosts: [`127.0.0.1:${site.port}`],
    renderMode,
  });

  it('crawls each #/ route as a page rendered at its fragment, with its own title; plain anchors stay dropped', async () => {
    const result = await crawlSite(
      spa.url,
      { maxPages: 10, perHostDelayMs: 0 },
      { settings: settingsFor(spa), renderer },
    );
    const byUrl = new Map(result.pages.map((page) => [page.url, page]));
    expect([...byUrl.keys()].sort()).toEqual(
      [spa.url, `${spa.url}#/api`, `${spa.url}#/faq`, `${spa.url}#/guide`].sort(),
    );
    expect(byUrl.get(`${spa.url}#/guide`)?.title).toBe('Getting started');
    expect(byUrl.get(`${spa.url}#/guide`)?.text).toContain('cron expression');
    expect(byUrl.get(`${spa.url}#/api`)?.description).toBe(
      'Every function and option of the Gizmo scheduler.',
    );
    expect(byUrl.get(`${spa.url}#/api`)?.rendered).toBe(true);
    expect(result.render?.rendered).toBe(4);
    // The document was fetched once, not once per route.
    expect(spa.requests.filter((path) => path === '/')).toHaveLength(1);
  }, 120_000);

  it('gives the llms.txt of its pre-rendered twin (routes for paths)', async () => {
    const run = (site: StaticSite, withRenderer?: BrowserRenderer) =>
      generate(
        site.url,
        { generator: 'extractive', perHostDelayMs: 0 },
        { settings: settingsFor(site), renderer: withRenderer },
      );
    const preFile = await run(pre);
    const spaFile = await run(spa, renderer);
    const routesAsPaths = portable(spaFile.llmsTxt, spa.origin).split('/#/').join('/');
    expect(routesAsPaths).toBe(portable(preFile.llmsTxt, pre.origin));
    expect(spaFile.llmsTxt).toContain(`(${spa.url}#/guide)`);
    expect(spaFile.llmsTxt).toContain('Install Gizmo and schedule a first job in five minutes.');
  }, 120_000);

  it('with rendering off, the routes are named as pages that needed JavaScript', async () => {
    const off = await generate(
      spa.url,
      { generator: 'extractive', perHostDelayMs: 0 },
      { settings: settingsFor(spa, 'off'), renderer },
    );
    const warning = off.warnings.find((line) => line.includes('needed JavaScript'));
    expect(warning).toMatch(/LTX_RENDER=off/);
    expect(warning).toContain(`${spa.url}#/guide`);
    expect(warning).toContain(`${spa.url}#/api`);
    expect(warning).not.toContain('#top');
  }, 60_000);
});
