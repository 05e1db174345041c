import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { SKIP_SHARED_REASON, type StaticSite, sharedFixture, startStaticSite } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrawlResult } from '../types.js';
import { crawlSite } from './crawler.js';
import { urlKey } from './normalize-url.js';

const allow = { allowPrivateHosts: true };
const summitDir = sharedFixture('sites', 'summit-docs');
const oatmanDir = sharedFixture('sites', '0atman');

/** URL paths of every HTML page in a fixture folder (404.html is an error page, not a page), under `mount`. */
function htmlPagePaths(root: string, mount: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html') && relative(root, path) !== '404.html') {
        const rel = relative(root, path).split(sep).join('/');
        out.push(`${mount}${rel.replace(/(^|\/)index\.html$/, '$1')}`);
      }
    }
  };
  walk(root);
  return out;
}

function coverage(result: CrawlResult, expected: string[]): { found: string[]; missing: string[] } {
  const crawled = new Set(result.pages.map((p) => urlKey(p.url)));
  const found = expected.filter((path) => crawled.has(urlKey(new URL(path, result.origin).href)));
  return { found, missing: expected.filter((path) => !found.includes(path)) };
}

describe.skipIf(!summitDir)(
  `real site: summit-docs (MkDocs) under /summit-docs/ ${summitDir ? '' : SKIP_SHARED_REASON}`,
  () => {
    let site: StaticSite;
    let result: CrawlResult;
    beforeAll(async () => {
      site = await startStaticSite({ root: summitDir!, mount: '/summit-docs/' });
      result = await crawlSite(site.url, {}, { settings: allow });
    });
    afterAll(() => site.close());

    it('finds at least 90% of the HTML pages in the fixture folder', () => {
      const expected = htmlPagePaths(summitDir!, '/summit-docs/');
      const { found, missing } = coverage(result, expected);
      expect(expected.length).toBeGreaterThan(10);
      expect(found.length / expected.length, `missing: ${missing.join(', ')}`).toBeGreaterThanOrEqual(0.9);
    });

    it('maps the sitemap and canonical production host onto the loopback origin', () => {
      expect(result.hostAliases).toContain('adacompnus.github.io');
      expect(result.sitemapUrls).toBeGreaterThan(10);
      for (const p of result.pages) {
        expect(new URL(p.url).origin).toBe(site.origin);
        expect(new URL(p.url).pathname.startsWith('/summit-docs/')).toBe(true);
      }
    });

    it('deduplicates ../setting_up and ../setting_up/', () => {
      const html = readFileSync(join(summitDir!, 'getting_started', 'running', 'index.html'), 'utf8');
      expect(html).toContain('href="../setting_up"');
      expect(html).toContain('href="../setting_up/"');
      const settingUp = result.pages.filter((p) => p.url.includes('/getting_started/setting_up'));
      expect(settingUp.map((p) => p.url)).toEqual([`${site.origin}/summit-docs/getting_started/setting_up/`]);
      const keys = result.pages.map((p) => urlKey(p.url));
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('extracts titles without the site suffix and main content without the sidebar', () => {
      expect(result.siteName).toBe('SUMMIT');
      const running = result.pages.find((p) => p.url.endsWith('/getting_started/running/'))!;
      expect(running.title).toBe('Running SUMMIT');
      expect(running.headings).toContain('Launching simulator');
      expect(running.text).not.toContain('Python API reference'); // a sidebar entry
      expect(running.inNav).toBe(true);
      expect(running.markdown).toContain('## Launching simulator');
    });
  },
);

describe.skipIf(!summitDir)(
  `real site: summit-docs with a robots.txt that disallows a sub-path ${summitDir ? '' : SKIP_SHARED_REASON}`,
  () => {
    it('never requests anything under the disallowed path', async () => {
      const disallowed = '/summit-docs/tutorials/';
      const site = await startStaticSite({
        root: summitDir!,
        mount: '/summit-docs/',
        files: { '/robots.txt': `User-agent: *\nDisallow: ${disallowed}\n` },
      });
      try {
        const result = await crawlSite(site.url, {}, { settings: allow });
        expect(result.robots.found).toBe(true);
        expect(site.requests.filter((path) => path.startsWith(disallowed))).toEqual([]);
        const robotsSkips = result.skipped
          .filter((s) => s.reason === 'robots')
          .map((s) => new URL(s.url).pathname);
        expect(robotsSkips.length).toBeGreaterThanOrEqual(5);
        for (const path of robotsSkips) expect(path.startsWith(disallowed)).toBe(true);
        expect(result.pages.some((p) => p.url.includes(disallowed))).toBe(false);
        // The rest of the site is still crawled.
        expect(result.pages.length).toBeGreaterThanOrEqual(8);
      } finally {
        await site.close();
      }
    });
  },
);

describe.skipIf(!oatmanDir)(
  `real site: 0atman (Zola) at / with entity-encoded absolute links ${oatmanDir ? '' : SKIP_SHARED_REASON}`,
  () => {
    let site: StaticSite;
    let result: CrawlResult;
    beforeAll(async () => {
      site = await startStaticSite({ root: oatmanDir!, mount: '/' });
      result = await crawlSite(site.url, {}, { settings: allow });
    });
    afterAll(() => site.close());

    it('finds at least 90% of the HTML pages in the fixture folder', () => {
      const expected = htmlPagePaths(oatmanDir!, '/');
      const { found, missing } = coverage(result, expected);
      expect(expected.length).toBeGreaterThan(40);
      expect(found.length / expected.length, `missing: ${missing.join(', ')}`).toBeGreaterThanOrEqual(0.9);
    });

    it('records 0atman.com as an alias and keeps every page on the loopback origin', () => {
      expect(result.robots.sitemaps).toEqual(['https://0atman.com/sitemap.xml']);
      expect(result.hostAliases).toEqual(['0atman.com']);
      for (const p of result.pages) expect(new URL(p.url).origin).toBe(site.origin);
      expect(site.requests).toContain('/sitemap.xml');
    });

    it('follows the entity-encoded absolute links (https:&#x2F;&#x2F;0atman.com&#x2F;...)', () => {
      const home = readFileSync(join(oatmanDir!, 'index.html'), 'utf8');
      expect(home).toContain('href="https:&#x2F;&#x2F;0atman.com&#x2F;articles&#x2F;icecast&#x2F;"');
      const start = result.pages.find((p) => p.url === `${site.origin}/`)!;
      expect(start.links).toContain(`${site.origin}/articles/icecast/`);
      expect(start.navLinks).toContain(`${site.origin}/about/`);
      // Reached by that link from the start page (depth 1), not only through the sitemap (which would say 2).
      expect(result.pages.find((p) => p.url === `${site.origin}/articles/icecast/`)?.depth).toBe(1);
      expect(
        result.pages.find((p) => p.url === `${site.origin}/articles/icecast/`)?.inboundLinks,
      ).toBeGreaterThanOrEqual(1);
    });

    it('strips the "0atman\'s blog | " prefix and gives untitled drafts a title', () => {
      expect(result.siteName).toBe("0atman's blog");
      expect(result.pages.find((p) => p.url.endsWith('/articles/icecast/'))?.title).toBe(
        'Streaming with Icecast',
      );
      for (const p of result.pages) expect(p.title.trim()).not.toBe('');
      expect(result.pages.find((p) => p.url.endsWith('/drafts/brexit-veto/'))?.title).not.toMatch(/\|/);
      expect(result.pages.find((p) => p.url.endsWith('/articles/icecast/'))?.description).toBe(
        'A remarkably complex markov chain.',
      );
    });

    it('records the sitemap URLs that 404 as skipped, not fatal', () => {
      const notFound = result.skipped
        .filter((s) => s.reason === 'http_error')
        .map((s) => new URL(s.url).pathname);
      expect(notFound).toContain('/articles/electron-wayland/');
    });
  },
);

describe.skipIf(!oatmanDir)(
  `real site: 0atman (Zola) mirrored under /0atman/, its links and sitemap on https://0atman.com/ ${oatmanDir ? '' : SKIP_SHARED_REASON}`,
  () => {
    const drafts = '/0atman/articles/drafts/';
    let site: StaticSite;
    let result: CrawlResult;
    beforeAll(async () => {
      // robots.txt lives at the origin root, never under the sub-path: the production file, moved there.
      site = await startStaticSite({
        root: oatmanDir!,
        mount: '/0atman/',
        files: {
          '/robots.txt': `User-agent: *\nDisallow: ${drafts}\nSitemap: https://0atman.com/sitemap.xml\n`,
        },
      });
      result = await crawlSite(site.url, {}, { settings: allow });
    });
    afterAll(() => site.close());

    it('maps https://0atman.com/ onto the sub-path and records the alias with its prefixes', () => {
      expect(result.basePath).toBe('/0atman/');
      expect(result.hostAliases).toEqual(['0atman.com']);
      expect(result.aliases).toEqual([{ host: '0atman.com', fromPrefix: '/', toPrefix: '/0atman/' }]);
      // The production sitemap named by robots.txt is read under the sub-path.
      expect(result.robots.sitemaps).toEqual(['https://0atman.com/sitemap.xml']);
      expect(site.requests).toContain('/0atman/sitemap.xml');
      expect(result.sitemapUrls).toBeGreaterThan(40);
    });

    it('finds at least 90% of the non-draft HTML pages, every one under /0atman/ on the loopback origin', () => {
      const expected = htmlPagePaths(oatmanDir!, '/0atman/').filter((path) => !path.startsWith(drafts));
      const { found, missing } = coverage(result, expected);
      expect(expected.length).toBeGreaterThan(30);
      expect(found.length / expected.length, `missing: ${missing.join(', ')}`).toBeGreaterThanOrEqual(0.9);
      for (const p of result.pages) expect(p.url.startsWith(`${site.origin}/0atman/`), p.url).toBe(true);
      const keys = result.pages.map((p) => urlKey(p.url));
      expect(new Set(keys).size).toBe(keys.length);
      // Nothing was requested outside the sub-path but robots.txt (the sitemap was read under it).
      expect(site.requests.filter((path) => !path.startsWith('/0atman/'))).toEqual(['/robots.txt']);
    });

    it('never requests the disallowed drafts and reports them as robots skips', () => {
      expect(result.robots.found).toBe(true);
      expect(site.requests.filter((path) => path.startsWith(drafts))).toEqual([]);
      const robotsSkips = result.skipped
        .filter((s) => s.reason === 'robots')
        .map((s) => new URL(s.url).pathname);
      expect(robotsSkips.length).toBeGreaterThanOrEqual(10);
      for (const path of robotsSkips) expect(path.startsWith(drafts)).toBe(true);
      expect(result.pages.some((p) => p.url.includes(drafts))).toBe(false);
    });

    it('follows the entity-encoded absolute links onto the sub-path', () => {
      const start = result.pages.find((p) => p.url === `${site.origin}/0atman/`)!;
      expect(start).toBeDefined();
      expect(start.links).toContain(`${site.origin}/0atman/articles/icecast/`);
      expect(start.navLinks).toContain(`${site.origin}/0atman/about/`);
      const icecast = result.pages.find((p) => p.url === `${site.origin}/0atman/articles/icecast/`);
      expect(icecast?.depth).toBe(1);
      expect(icecast?.inboundLinks).toBeGreaterThanOrEqual(1);
      expect(icecast?.title).toBe('Streaming with Icecast');
    });

    it('records the sitemap URLs that 404 as skipped, not fatal', () => {
      const notFound = result.skipped
        .filter((s) => s.reason === 'http_error')
        .map((s) => new URL(s.url).pathname);
      expect(notFound).toContain('/0atman/articles/electron-wayland/');
    });
  },
);
