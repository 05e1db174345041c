import { type StaticSite, startStaticSite } from '@ltx/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlSite, MAX_START_HOPS } from './crawler.js';
import { Frontier } from './frontier.js';

const allow = { allowPrivateHosts: true };
const page = (title: string, body: string, head = '', lang = 'en') =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
const refresh = (to: string) => `<meta http-equiv="refresh" content="0; url=${to}">`;
const main = (text: string, ...links: string[]) =>
  `<main><h1>${text}</h1><p>${text} explained in a paragraph that is long enough.</p>${links.map((href) => `<a href="${href}">${href}</a>`).join(' ')}</main>`;

let site: StaticSite | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

describe('crawlSite: a start page that forwards', () => {
  it('follows a meta refresh (also in <noscript>) to a page in scope: that page is the start, the stub is not listed', async () => {
    site = await startStaticSite({
      files: {
        '/docs/': page(
          'Redirecting',
          '<p>If you are not redirected automatically, follow this link.</p>',
          `<noscript>${refresh('1.2/')}</noscript>`,
        ),
        '/docs/1.2/': page('Overview', main('Overview', 'start/')),
        '/docs/1.2/start/': page('Start', main('Start')),
        '/docs/1.1/': page('Old', main('Old')),
      },
    });
    const crawl = await crawlSite(`${site.origin}/docs/`, {}, { settings: allow });
    expect(crawl.rootUrl).toBe(`${site.origin}/docs/1.2/`);
    expect(crawl.basePath).toBe('/docs/1.2/');
    expect(crawl.pages.map((p) => new URL(p.url).pathname).sort()).toEqual([
      '/docs/1.2/',
      '/docs/1.2/start/',
    ]);
  });

  it(`follows a chain at most ${MAX_START_HOPS} hops and never out of the first page's scope`, async () => {
    site = await startStaticSite({
      files: {
        '/a/': page('Hop', '', refresh('/a/b/')),
        '/a/b/': page('Hop', '', refresh('/a/b/c/')),
        '/a/b/c/': page('Hop', '', refresh('/a/b/c/d/')),
        '/a/b/c/d/': page('Hop', '', refresh('/a/b/c/d/e/')),
        '/a/b/c/d/e/': page('End', main('End')),
        '/out/': page('Out', main('Out')),
        '/x/': page('Leaves', '', refresh('/out/')),
      },
    });
    const chain = await crawlSite(`${site.origin}/a/`, {}, { settings: allow });
    expect(chain.rootUrl).toBe(`${site.origin}/a/b/c/d/`);
    const out = await crawlSite(`${site.origin}/x/`, {}, { settings: allow });
    expect(out.rootUrl).toBe(`${site.origin}/x/`);
    expect(site.requests).not.toContain('/out/');
  });

  it("spends the page limit on the start page's language first: other-language folders are crawled last", async () => {
    const links = ['zh-cn/a/', 'zh-cn/b/', 'zh-cn/c/', 'guide/', 'api/'];
    site = await startStaticSite({
      files: {
        '/': page(
          'Home',
          main('Home', ...links.map((l) => `/${l}`)),
          '<link rel="alternate" hreflang="zh-CN" href="/zh-cn/">',
        ),
        '/guide/': page('Guide', main('Guide')),
        '/api/': page('API', main('API')),
        '/zh-cn/a/': page('A', main('A'), '', 'zh-CN'),
        '/zh-cn/b/': page('B', main('B'), '', 'zh-CN'),
        '/zh-cn/c/': page('C', main('C'), '', 'zh-CN'),
      },
    });
    const crawl = await crawlSite(site.url, { maxPages: 3 }, { settings: allow });
    expect(crawl.pages.map((p) => new URL(p.url).pathname).sort()).toEqual(['/', '/api/', '/guide/']);
  });
});

describe('Frontier: deferred URLs', () => {
  it('are taken after every other URL, whatever their depth', () => {
    const frontier = new Frontier();
    frontier.add('https://x/ja/a/', 'ja-a', 1, 'link', true);
    frontier.add('https://x/a/', 'a', 1, 'link');
    frontier.add('https://x/a/b/c/', 'abc', 3, 'link');
    expect([frontier.take()?.key, frontier.take()?.key, frontier.take()?.key]).toEqual(['a', 'abc', 'ja-a']);
    expect(frontier.take()).toBeUndefined();
    frontier.add('https://x/ja/b/', 'ja-b', 1, 'link', true);
    expect(frontier.remaining().map((item) => item.key)).toEqual(['ja-b']);
  });
});
