import { generate } from '@ltx/core';
import { type StaticFile, type StaticSite, startStaticSite } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRenderer } from './browser-renderer.js';
import { findChromium } from './chromium.js';

const CHROMIUM = findChromium();

/** Six pages with titles, descriptions and text; served as shells (content from JSON) or pre-rendered. */
const PAGES = ['', 'install', 'configure', 'api', 'faq', 'changelog-notes'].map((slug, i) => ({
  path: slug ? `/${slug}` : '/',
  key: slug || 'index',
  title: slug ? `${slug[0]!.toUpperCase()}${slug.slice(1)} guide` : 'Acme docs',
  description: `What the ${slug || 'home'} page explains about Acme, in one sentence number ${i}.`,
  text: `The ${slug || 'home'} page of Acme covers its topic in depth: every option, every step and every pitfall that readers meet, with examples.`,
}));

function mainHtml(page: (typeof PAGES)[number]): string {
  const links = PAGES.filter((other) => other !== page)
    .map((other) => `<a href="${other.path}">${other.title}</a>`)
    .join(' ');
  return `<nav>${links}</nav><main><h1>${page.title}</h1><p>${page.text}</p></main>`;
}

function site(shell: boolean): Record<string, StaticFile> {
  const files: Record<string, StaticFile> = {
    '/app.js': `const key = location.pathname === '/' ? 'index' : location.pathname.slice(1);
fetch('/data/' + key + '.json').then((r) => r.json()).then((d) => {
  document.title = d.title;
  document.querySelector('meta[name=description]').setAttribute('content', d.description);
  document.getElementById('root').innerHTML = d.html;
});`,
  };
  for (const page of PAGES) {
    if (shell) {
      // The served head has only a generic title and description: the script sets the real ones.
      files[page.path] =
        `<!doctype html><html><head><title>Loading</title><meta name="description" content=""><script src="/app.js" defer></script></head><body><div id="root"></div></body></html>`;
      files[`/data/${page.key}.json`] = JSON.stringify({
        title: page.title,
        description: page.description,
        html: mainHtml(page),
      });
    } else {
      files[page.path] =
        `<!doctype html><html><head><title>${page.title}</title><meta name="description" content="${page.description}"></head><body><div id="root">${mainHtml(page)}</div></body></html>`;
    }
  }
  return files;
}

/** The file with the site's own origin replaced, so two sites' files compare. */
const portable = (text: string, origin: string) => text.split(origin).join('https://site');

describe.skipIf(!CHROMIUM)('a client-rendered site gives the llms.txt of the same site pre-rendered', () => {
  let shellSite: StaticSite;
  let preSite: StaticSite;
  let renderer: BrowserRenderer;
  beforeAll(async () => {
    shellSite = await startStaticSite({ files: site(true) });
    preSite = await startStaticSite({ files: site(false) });
    renderer = new BrowserRenderer({ executablePath: CHROMIUM! });
  });
  afterAll(async () => {
    await renderer?.close();
    await Promise.all([shellSite?.close(), preSite?.close()]);
  });

  const run = (target: StaticSite, extra: { renderer?: BrowserRenderer; renderMode?: 'off' | 'auto' } = {}) =>
    generate(
      target.url,
      { generator: 'extractive', perHostDelayMs: 0 },
      {
        settings: { allowPrivateHosts: [`127.0.0.1:${target.port}`], renderMode: extra.renderMode },
        renderer: extra.renderer,
      },
    );

  it('same pages, titles and descriptions', async () => {
    const pre = await run(preSite);
    const rendered = await run(shellSite, { renderer });
    expect(portable(rendered.llmsTxt, shellSite.origin)).toBe(portable(pre.llmsTxt, preSite.origin));
    for (const page of PAGES.slice(1)) expect(rendered.llmsTxt).toContain(page.title);
    expect(rendered.warnings.join('\n')).toMatch(/6 pages needed JavaScript and were rendered/);
  }, 120_000);

  it('with LTX_RENDER=off the job succeeds and its warning names the pages that needed JavaScript', async () => {
    const off = await run(shellSite, { renderer, renderMode: 'off' });
    const warning = off.warnings.find((line) => line.includes('needed JavaScript'));
    expect(warning).toMatch(/LTX_RENDER=off/);
    expect(warning).toContain(shellSite.url);
  }, 60_000);
});
