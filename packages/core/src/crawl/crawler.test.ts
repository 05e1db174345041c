import { gzipSync } from 'node:zlib';
import { type StaticFile, type StaticSite, startStaticSite } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, BlockedHostError, EmptySiteError, FetchError, InvalidUrlError } from '../errors.js';
import type { CrawlResult, Progress } from '../types.js';
import { crawlSite } from './crawler.js';

const allow = { allowPrivateHosts: true };

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} | Synth Docs</title>${head}</head><body>${body}</body></html>`;
}

const nav = (...hrefs: string[]) =>
  `<nav>${hrefs.map((href) => `<a href="${href}">${href}</a>`).join(' ')}</nav>`;

/** windows-1252 bytes of a page whose text is 'Café – déjà vu' */
function latinPage(): Buffer {
  return Buffer.concat([
    Buffer.from(
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Caf',
    ),
    Buffer.from([0xe9]),
    Buffer.from('</title></head><body><main><p>Caf'),
    Buffer.from([0xe9, 0x20, 0x96, 0x20, 0x64, 0xe9, 0x6a, 0xe0]),
    Buffer.from(' vu</p></main></body></html>'),
  ]);
}

const SITEMAP_INDEX = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://docs.prod.example/sitemaps/pages.xml.gz</loc></sitemap>
</sitemapindex>`;
const SITEMAP_PAGES = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://docs.prod.example/docs/</loc><priority>1.0</priority></url>
  <url><loc>https://docs.prod.example/docs/a/</loc><lastmod>2024-05-01</lastmod></url>
  <url><loc>https://docs.prod.example/docs/from-sitemap/</loc></url>
  <url><loc>https://docs.prod.example/elsewhere/</loc></url>
</urlset>`;

/** A documentation site under /docs/ with every kind of trouble a crawler meets. */
function docsSite(): Record<string, StaticFile> {
  return {
    '/robots.txt': 'User-agent: *\nDisallow: /docs/private/\nCrawl-delay: 0\n',
    '/sitemap.xml': SITEMAP_INDEX,
    '/sitemaps/pages.xml.gz': gzipSync(SITEMAP_PAGES),
    '/docs/': page(
      'Home',
      `${nav('a/', 'b', 'b/', 'c/?utm_source=newsletter&ref=x', 'missing/', 'private/secret/')}
      <main><h1>Synth Docs</h1><p>Welcome.</p>
      <a href="slow/">slow</a> <a href="binary.html">binary</a> <a href="octet">octet</a> <a href="latin/">latin</a>
      <a href="js/">js</a> <a href="/outside/">outside</a> <a href="file.pdf">pdf</a> <a href="canon-dup/">dup</a>
      <a href="loop">loop</a> <a href="hops">hops</a> <a href="huge/">huge</a> <a href="variant/?v=2">variant</a>
      <a href="twin/">twin</a> <a href="noindex/">noindex</a> <a href="index.html">self</a>
      <a href="https://external.example/docs/a/">external</a> <a href="mailto:x@y.z">mail</a> <a href="javascript:void(0)">js</a>
      </main>`,
      '<meta name="description" content="Synthetic docs.">',
    ),
    '/docs/a/': page(
      'Alpha',
      `${nav('../', '../b/')}<main><h1>Alpha</h1><p>Alpha text.</p><a href="../deep/">deep</a></main>`,
    ),
    '/docs/b': { body: '', status: 301, headers: { location: '/docs/b/' } },
    '/docs/b/': page('Beta', `<main><h1>Beta</h1><p>Beta text.</p></main>`),
    '/docs/c/': page('Gamma', `<main><h1>Gamma</h1><p>Gamma text.</p></main>`),
    '/docs/deep/': page('Deep', `<main><h1>Deep</h1><p>Deep text.</p></main>`),
    '/docs/from-sitemap/': page(
      'Only in the sitemap',
      `<main><h1>Only in the sitemap</h1><p>Hidden.</p></main>`,
    ),
    '/docs/slow/': { body: page('Slow', '<main><p>late</p></main>'), delayMs: 3000 },
    '/docs/binary.html': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    '/docs/octet': {
      body: Buffer.from([0, 1, 2, 3, 4, 5]),
      headers: { 'content-type': 'application/octet-stream' },
    },
    '/docs/latin/': { body: latinPage(), headers: { 'content-type': 'text/html' } },
    '/docs/js/':
      '<html><head><title>App | Synth Docs</title></head><body><div id="root"></div><noscript>Enable JavaScript.</noscript><script>render()</script></body></html>',
    '/docs/private/secret/': page('Secret', '<main><p>secret</p></main>'),
    '/outside/': page('Outside', '<main><p>outside</p></main>'),
    '/docs/file.pdf': { body: '%PDF-1.4', headers: { 'content-type': 'application/pdf' } },
    '/docs/canon-dup/': page(
      'Dup',
      '<main><p>Alpha again.</p></main>',
      '<link rel="canonical" href="/docs/a/">',
    ),
    '/docs/variant/': page(
      'Variant',
      '<main><h1>Variant</h1><p>One variant.</p></main>',
      '<link rel="canonical" href="/docs/variant/">',
    ),
    '/docs/loop': { body: '', status: 302, headers: { location: '/docs/loop2' } },
    '/docs/loop2': { body: '', status: 302, headers: { location: '/docs/loop' } },
    '/docs/hops': { body: '', status: 302, headers: { location: '/docs/hop1' } },
    '/docs/hop1': { body: '', status: 302, headers: { location: '/docs/hop2' } },
    '/docs/hop2': { body: '', status: 302, headers: { location: '/docs/hop3' } },
    '/docs/hop3': { body: '', status: 302, headers: { location: '/docs/hop4' } },
    '/docs/hop4': { body: '', status: 302, headers: { location: '/docs/hop5' } },
    '/docs/hop5': { body: '', status: 302, headers: { location: '/docs/hop6' } },
    '/docs/hop6': { body: '', status: 302, headers: { location: '/docs/b/' } },
    '/docs/huge/': page(
      'Huge',
      `<main><h1>Huge</h1>${'<p>filler text for a very long page</p>'.repeat(3000)}</main>`,
    ),
    '/docs/twin/': page(
      'Twin',
      '<main><h1>Twin</h1><p>HTML version.</p></main>',
      '<link rel="alternate" type="text/markdown" href="/docs/twin.md">',
    ),
    '/docs/twin.md': '# Twin\n\nThe Markdown version.',
    '/docs/noindex/': page(
      'Hidden',
      '<main><p>hidden</p><a href="../after-noindex/">after</a></main>',
      '<meta name="robots" content="noindex">',
    ),
    '/docs/after-noindex/': page('After', '<main><h1>After</h1><p>found through a noindex page</p></main>'),
  };
}

describe('crawlSite on a synthetic documentation site', () => {
  let site: StaticSite;
  let result: CrawlResult;
  const progress: Progress[] = [];

  beforeAll(async () => {
    site = await startStaticSite({ files: docsSite() });
    result = await crawlSite(
      `${site.origin}/docs/`,
      { requestTimeoutMs: 1000, maxBytesPerPage: 50_000, concurrency: 4 },
      { settings: allow, onProgress: (p) => progress.push(p) },
    );
  });
  afterAll(() => site.close());

  const urls = () => result.pages.map((p) => p.url);
  const skipped = (path: string) => result.skipped.find((s) => new URL(s.url).pathname === path);
  const byPath = (path: string) => result.pages.find((p) => new URL(p.url).pathname === path);

  it('scopes the crawl to the start directory and reports it', () => {
    expect(result.rootUrl).toBe(`${site.origin}/docs/`);
    expect(result.origin).toBe(site.origin);
    expect(result.basePath).toBe('/docs/');
    for (const url of urls()) expect(new URL(url).pathname.startsWith('/docs/')).toBe(true);
    expect(site.requests).not.toContain('/outside/');
    expect(site.requests.some((path) => path.startsWith('/elsewhere'))).toBe(false);
  });

  it('reads robots.txt and never requests a disallowed path', () => {
    expect(result.robots.found).toBe(true);
    expect(site.requests.some((path) => path.startsWith('/docs/private/'))).toBe(false);
    expect(skipped('/docs/private/secret/')).toMatchObject({ reason: 'robots' });
  });

  it('follows a sitemap index to a gzipped child, maps its production host onto the crawled origin', () => {
    expect(result.hostAliases).toEqual(['docs.prod.example']);
    expect(result.sitemapUrls).toBe(3); // /elsewhere/ is outside /docs/
    expect(byPath('/docs/from-sitemap/')).toBeDefined();
    expect(site.requests).toContain('/sitemaps/pages.xml.gz');
    for (const url of urls()) expect(new URL(url).origin).toBe(site.origin);
    expect(byPath('/docs/a/')?.lastModified).toBe('2024-05-01T00:00:00.000Z');
    expect(byPath('/docs/')?.sitemapPriority).toBe(1);
  });

  it('deduplicates trailing-slash variants, index.html and tracking parameters', () => {
    const keys = urls().map((url) => url.replace(/\/$/, ''));
    expect(new Set(keys).size).toBe(keys.length);
    expect(urls().filter((url) => url.includes('/docs/b'))).toEqual([`${site.origin}/docs/b/`]);
    expect(byPath('/docs/c/')?.url).toBe(`${site.origin}/docs/c/`);
    expect(site.requests.filter((path) => path.startsWith('/docs/c/'))).toEqual(['/docs/c/']);
    expect(site.requests).not.toContain('/docs/index.html');
  });

  it('honours rel=canonical: a duplicate page is dropped, a query variant takes its canonical URL', () => {
    expect(skipped('/docs/canon-dup/')).toMatchObject({ reason: 'duplicate' });
    expect(byPath('/docs/variant/')?.url).toBe(`${site.origin}/docs/variant/`);
    expect(urls().some((url) => url.includes('?v=2'))).toBe(false);
  });

  it('records failures as skipped and carries on: 404, timeout, binary, octet-stream, redirect loop, too many redirects', () => {
    expect(skipped('/docs/missing/')).toMatchObject({ reason: 'http_error' });
    expect(skipped('/docs/slow/')).toMatchObject({ reason: 'timeout' });
    expect(skipped('/docs/binary.html')).toMatchObject({ reason: 'not_html' });
    expect(skipped('/docs/octet')).toMatchObject({ reason: 'not_html' });
    expect(skipped('/docs/loop')).toMatchObject({ reason: 'redirect_loop' });
    expect(skipped('/docs/hops')).toMatchObject({ reason: 'too_many_redirects' });
    expect(result.limitsHit).toContain('requestTimeoutMs');
    // After the slow page timed out the crawl went on.
    expect(byPath('/docs/deep/')).toBeDefined();
  });

  it('skips non-HTML links by extension without requesting them', () => {
    expect(skipped('/docs/file.pdf')).toMatchObject({ reason: 'not_html' });
    expect(site.requests).not.toContain('/docs/file.pdf');
  });

  it('decodes a windows-1252 page', () => {
    const latin = byPath('/docs/latin/');
    expect(latin?.title).toBe('Café');
    expect(latin?.text).toBe('Café – déjà vu');
  });

  it('keeps a JavaScript-only page with empty text', () => {
    const shell = byPath('/docs/js/');
    expect(shell).toBeDefined();
    expect(shell?.text).toBe('');
    expect(shell?.markdown).toBe('');
    expect(shell?.title).toBe('App');
  });

  it('keeps a page over maxBytesPerPage truncated and reports the limit', () => {
    const huge = byPath('/docs/huge/');
    expect(huge?.truncated).toBe(true);
    expect(huge?.bytes).toBe(50_000);
    expect(result.limitsHit).toContain('maxBytesPerPage');
  });

  it('prefers a rel=alternate Markdown twin as the page content', () => {
    const twin = byPath('/docs/twin/');
    expect(twin?.markdownUrl).toBe(`${site.origin}/docs/twin.md`);
    expect(twin?.markdown).toBe('# Twin\n\nThe Markdown version.');
    expect(twin?.text).toBe('Twin\n\nHTML version.');
  });

  it('skips noindex pages but follows their links', () => {
    expect(skipped('/docs/noindex/')).toMatchObject({ reason: 'robots', detail: 'meta robots noindex' });
    expect(byPath('/docs/after-noindex/')).toBeDefined();
  });

  it('strips the shared site-name suffix from titles and names the site', () => {
    expect(result.siteName).toBe('Synth Docs');
    expect(byPath('/docs/a/')?.title).toBe('Alpha');
    expect(byPath('/docs/a/')?.rawTitle).toBe('Alpha | Synth Docs');
    expect(byPath('/docs/')?.description).toBe('Synthetic docs.');
  });

  it('ranks the start page first, sorts by rank and links pages to crawled pages only', () => {
    expect(result.pages[0]?.url).toBe(`${site.origin}/docs/`);
    expect(result.pages[0]?.rank).toBe(1);
    for (let i = 1; i < result.pages.length; i += 1) {
      expect(result.pages[i - 1]!.rank).toBeGreaterThanOrEqual(result.pages[i]!.rank);
    }
    const crawled = new Set(urls());
    for (const p of result.pages)
      for (const link of [...p.links, ...p.navLinks]) expect(crawled.has(link)).toBe(true);
    const alpha = byPath('/docs/a/')!;
    expect(alpha.inNav).toBe(true);
    expect(alpha.inboundLinks).toBeGreaterThanOrEqual(1);
    expect(byPath('/docs/from-sitemap/')?.inboundLinks).toBe(0);
  });

  it('hashes each page and the whole crawl', () => {
    for (const p of result.pages) expect(p.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports progress while crawling', () => {
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every((p) => p.phase === 'crawling')).toBe(true);
    expect(progress.at(-1)?.pagesFetched).toBe(result.pages.length);
  });

  it('gives the same content hash for an unchanged site and another one when a page changes', async () => {
    const again = await crawlSite(
      `${site.origin}/docs/`,
      { requestTimeoutMs: 1000, maxBytesPerPage: 50_000 },
      { settings: allow },
    );
    expect(again.contentHash).toBe(result.contentHash);
    const files = docsSite();
    files['/docs/c/'] = page('Gamma', '<main><h1>Gamma</h1><p>Gamma text, edited.</p></main>');
    const changedSite = await startStaticSite({ files });
    try {
      const changed = await crawlSite(
        `${changedSite.origin}/docs/`,
        { requestTimeoutMs: 1000, maxBytesPerPage: 50_000 },
        { settings: allow },
      );
      // Same paths on another port: compare the per-page hashes, not the URL-bearing crawl hash.
      const hashes = (r: CrawlResult) =>
        new Map(r.pages.map((p) => [new URL(p.url).pathname, p.contentHash]));
      expect(hashes(changed).get('/docs/c/')).not.toBe(hashes(result).get('/docs/c/'));
      expect(hashes(changed).get('/docs/a/')).toBe(hashes(result).get('/docs/a/'));
    } finally {
      await changedSite.close();
    }
  });
});

describe('crawlSite Markdown twins by URL convention', () => {
  it('probes the start page, then uses the same form (page.html.md) for the other pages', async () => {
    const site = await startStaticSite({
      files: {
        '/': page('Home', `${nav('/guide.html', '/plain.html')}<main><h1>Home</h1></main>`),
        '/index.html.md': '# Home\n\nMarkdown home.',
        '/guide.html': page('Guide', '<main><h1>Guide</h1><p>html</p></main>'),
        '/guide.html.md': '# Guide\n\nMarkdown guide.',
        '/plain.html': page('Plain', '<main><h1>Plain</h1><p>html only</p></main>'),
      },
    });
    try {
      const result = await crawlSite(site.url, {}, { settings: allow });
      expect(result.markdownTwinPattern).toBe('append');
      const guide = result.pages.find((p) => p.url.endsWith('/guide.html'));
      expect(guide?.markdownUrl).toBe(`${site.origin}/guide.html.md`);
      expect(guide?.markdown).toBe('# Guide\n\nMarkdown guide.');
      const plain = result.pages.find((p) => p.url.endsWith('/plain.html'));
      expect(plain?.markdownUrl).toBeUndefined();
      expect(plain?.markdown).toContain('html only');
      // Only the successful form is tried on other pages.
      expect(site.requests).not.toContain('/plain.md');
      expect(site.requests).toContain('/plain.html.md');
    } finally {
      await site.close();
    }
  });

  it('finds page.md (extension replaced) twins', async () => {
    const site = await startStaticSite({
      files: {
        '/guide/start.html': page(
          'Start',
          `${nav('next.html', 'sub/')}<main><h1>Start</h1><p>html</p></main>`,
        ),
        '/guide/start.md': '# Start\n\nstart twin',
        '/guide/next.html': page('Next', '<main><h1>Next</h1><p>html</p></main>'),
        '/guide/next.md': '# Next\n\nnext twin',
        '/guide/sub/': page('Sub', '<main><h1>Sub</h1><p>html</p></main>'),
        '/guide/sub.md': '# Sub\n\nsub twin',
      },
    });
    try {
      const result = await crawlSite(`${site.origin}/guide/start.html`, {}, { settings: allow });
      expect(result.basePath).toBe('/guide/');
      expect(result.markdownTwinPattern).toBe('replace');
      const twins = Object.fromEntries(
        result.pages.map((p) => [new URL(p.url).pathname, [p.markdownUrl, p.markdown]]),
      );
      expect(twins['/guide/start.html']).toEqual([`${site.origin}/guide/start.md`, '# Start\n\nstart twin']);
      expect(twins['/guide/next.html']).toEqual([`${site.origin}/guide/next.md`, '# Next\n\nnext twin']);
      expect(twins['/guide/sub/']).toEqual([`${site.origin}/guide/sub.md`, '# Sub\n\nsub twin']);
      expect(site.requests).not.toContain('/guide/next.html.md');
    } finally {
      await site.close();
    }
  });

  it('finds dir/index.md twins and keeps its probes inside the scope', async () => {
    const site = await startStaticSite({
      files: {
        '/docs/': page('Docs', `${nav('intro.html')}<main><h1>Docs</h1></main>`),
        '/docs/index.md': '# Docs\n\nindex twin',
        '/docs/intro.html': page('Intro', '<main><h1>Intro</h1></main>'),
      },
    });
    try {
      const result = await crawlSite(`${site.origin}/docs/`, {}, { settings: allow });
      expect(result.markdownTwinPattern).toBe('index-md');
      expect(result.pages[0]?.markdown).toBe('# Docs\n\nindex twin');
      // 'replace' would be '/docs.md', outside /docs/: never requested.
      expect(site.requests).not.toContain('/docs.md');
      // index-md does not apply to a file URL, so intro.html has no twin and no probe.
      expect(result.pages.find((p) => p.url.endsWith('/intro.html'))?.markdownUrl).toBeUndefined();
    } finally {
      await site.close();
    }
  });

  it('does not probe other pages when the start page has no twin', async () => {
    const files: Record<string, StaticFile> = {
      '/': page('Home', nav(...Array.from({ length: 5 }, (_, i) => `/p${i}/`))),
    };
    for (let i = 0; i < 5; i += 1) files[`/p${i}/`] = page(`P${i}`, `<main><p>${i}</p></main>`);
    const site = await startStaticSite({ files });
    try {
      const result = await crawlSite(site.url, {}, { settings: allow });
      expect(result.pages).toHaveLength(6);
      expect(result.markdownTwinPattern).toBeUndefined();
      const probes = site.requests.filter((path) => path.endsWith('.md'));
      expect(probes.length).toBeLessThanOrEqual(3);
      expect(probes.every((path) => path.startsWith('/index'))).toBe(true);
    } finally {
      await site.close();
    }
  });
});

describe('crawlSite redirects during the crawl', () => {
  it('does not follow a redirect out of the scope, nor fetch an already crawled page twice', async () => {
    const site = await startStaticSite({
      files: {
        '/docs/': page(
          'Home',
          '<main><a href="a/">a</a> <a href="to-a">to a</a> <a href="leave">leave</a></main>',
        ),
        '/docs/a/': page('A', '<main><p>a</p></main>'),
        '/docs/to-a': { body: '', status: 301, headers: { location: '/docs/a/' } },
        '/docs/leave': { body: '', status: 302, headers: { location: '/outside/' } },
        '/outside/': page('Outside', '<main>out</main>'),
        '/start': { body: '', status: 301, headers: { location: '/docs/' } },
      },
    });
    try {
      const result = await crawlSite(`${site.origin}/start`, { concurrency: 1 }, { settings: allow });
      expect(result.startUrl).toBe(`${site.origin}/start`);
      expect(result.rootUrl).toBe(`${site.origin}/docs/`);
      expect(result.pages.map((p) => new URL(p.url).pathname).sort()).toEqual(['/docs/', '/docs/a/']);
      expect(result.skipped).toContainEqual(
        expect.objectContaining({ url: `${site.origin}/docs/leave`, reason: 'out_of_scope' }),
      );
      expect(result.skipped).toContainEqual(
        expect.objectContaining({ url: `${site.origin}/docs/to-a`, reason: 'duplicate' }),
      );
      expect(site.requests).not.toContain('/outside/');
      expect(site.requests.filter((path) => path === '/docs/a/')).toHaveLength(1);
    } finally {
      await site.close();
    }
  });
});

describe('crawlSite politeness', () => {
  it('takes the robots Crawl-delay for our agent as the per-host delay and reports it', async () => {
    const site = await startStaticSite({
      files: {
        '/robots.txt': 'User-agent: ltx\nCrawl-delay: 0.05\nSitemap: /sitemap.xml\n',
        '/': page('Home', `${nav('/a/', '/b/')}<main>home</main>`),
        '/a/': page('A', '<main>a</main>'),
        '/b/': page('B', '<main>b</main>'),
      },
    });
    try {
      const result = await crawlSite(site.url, { concurrency: 4 }, { settings: allow });
      expect(result.robots).toEqual({
        found: true,
        crawlDelayMs: 50,
        sitemaps: [`${site.origin}/sitemap.xml`],
      });
      expect(result.pages).toHaveLength(3);
    } finally {
      await site.close();
    }
  });
});

describe('crawlSite concurrency', () => {
  it.each([1, 3])(
    'never has more than %i page requests in flight, and uses them all',
    async (concurrency) => {
      let inFlight = 0;
      let peak = 0;
      const links = Array.from({ length: 9 }, (_, i) => `/p${i}/`);
      const files: Record<string, StaticFile> = { '/': page('Home', `${nav(...links)}<main>home</main>`) };
      for (const link of links) files[link] = { body: page(link, '<main>p</main>'), delayMs: 150 };
      const site = await startStaticSite({
        handler: (req, res) => {
          if (!req.url?.startsWith('/p')) return false;
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          res.on('close', () => (inFlight -= 1));
          return false; // counted; the files answer (after 150 ms)
        },
        files,
      });
      try {
        const result = await crawlSite(site.url, { concurrency }, { settings: allow });
        expect(result.pages).toHaveLength(10);
        expect(peak).toBe(concurrency);
      } finally {
        await site.close();
      }
    },
  );
});

describe('crawlSite request spacing', () => {
  // Lower bounds only: requests to one host may not start closer together than the delay. The server sees a
  // request some time after the crawler starts it, and that delivery time varies with the machine's load (up
  // to ~15 ms at load 2, ~40 ms at load 40 on two cores), so one late arrival shortens the next gap by as much.
  // Delivery jitter does not add up: the span from the first paced arrival to the last is at least the delays
  // in between, less one jitter (SLACK_MS); and no single gap may be under half the delay. Without the delay
  // the gaps here are 0-5 ms and the span under 30 ms, so both checks fail. (HostPoliteness' own test checks
  // the start times exactly.)
  const DELAY_MS = 150;
  const SLACK_MS = 25;
  it.each([
    ['robots.txt Crawl-delay', `User-agent: ltx\nCrawl-delay: ${DELAY_MS / 1000}\n`, {}],
    ['the job option perHostDelayMs', 'User-agent: *\nAllow: /\n', { perHostDelayMs: DELAY_MS }],
  ])('spaces the requests to a host by %s, even at concurrency 4', async (_name, robots, options) => {
    const arrivals: { path: string; at: number }[] = [];
    const site = await startStaticSite({
      handler: (req) => {
        arrivals.push({ path: req.url ?? '', at: Date.now() });
        return false; // recorded; the files below answer
      },
      files: {
        '/robots.txt': robots,
        '/': page('Home', `${nav('/a/', '/b/', '/c/', '/d/')}<main>home</main>`),
        '/a/': page('A', '<main>a</main>'),
        '/b/': page('B', '<main>b</main>'),
        '/c/': page('C', '<main>c</main>'),
        '/d/': page('D', '<main>d</main>'),
      },
    });
    try {
      const result = await crawlSite(site.url, { concurrency: 4, ...options }, { settings: allow });
      expect(result.pages).toHaveLength(5);
      // robots.txt is read first, before the delay is known; every request after it waits its turn.
      expect(arrivals[0]?.path).toBe('/robots.txt');
      const paced = arrivals.slice(1);
      expect(paced.map((arrival) => arrival.path)).toEqual(
        expect.arrayContaining(['/', '/a/', '/b/', '/c/', '/d/']),
      );
      for (let i = 1; i < paced.length; i++) {
        const gap = paced[i]!.at - paced[i - 1]!.at;
        expect(gap, `${paced[i - 1]!.path} -> ${paced[i]!.path}`).toBeGreaterThanOrEqual(DELAY_MS / 2);
      }
      const span = paced.at(-1)!.at - paced[0]!.at;
      expect(span).toBeGreaterThanOrEqual((paced.length - 1) * DELAY_MS - SLACK_MS);
    } finally {
      await site.close();
    }
  });
});

describe('crawlSite limits', () => {
  let wide: StaticSite;
  beforeAll(async () => {
    const files: Record<string, StaticFile> = {};
    const chain = (i: number) => `/chain/${i}/`;
    files['/'] = page(
      'Hub',
      `<main>${Array.from({ length: 30 }, (_, i) => `<a href="/p/${i}/">p${i}</a>`).join(' ')}<a href="${chain(1)}">chain</a></main>`,
    );
    for (let i = 0; i < 30; i += 1) files[`/p/${i}/`] = page(`P${i}`, `<main><p>page ${i}</p></main>`);
    for (let i = 1; i <= 6; i += 1)
      files[chain(i)] = page(`C${i}`, `<main><a href="${chain(i + 1)}">next</a></main>`);
    for (let i = 0; i < 20; i += 1)
      files[`/slow/${i}/`] = { body: page(`S${i}`, '<main>slow</main>'), delayMs: 400 };
    files['/slow/'] = page(
      'Slow hub',
      `<main>${Array.from({ length: 20 }, (_, i) => `<a href="/slow/${i}/">s${i}</a>`).join(' ')}</main>`,
    );
    wide = await startStaticSite({ files });
  });
  afterAll(() => wide.close());

  it('stops at maxPages and reports it', async () => {
    const result = await crawlSite(wide.url, { maxPages: 5 }, { settings: allow });
    expect(result.pages).toHaveLength(5);
    expect(result.limitsHit).toContain('maxPages');
    expect(
      result.skipped.filter((s) => s.reason === 'limit' && s.detail === 'maxPages').length,
    ).toBeGreaterThan(0);
  });

  it('stops at maxDepth and reports it', async () => {
    const before = wide.requests.length;
    const result = await crawlSite(wide.url, { maxDepth: 2, maxPages: 100 }, { settings: allow });
    const chainPages = result.pages
      .filter((p) => p.url.includes('/chain/'))
      .map((p) => new URL(p.url).pathname);
    expect(chainPages.sort()).toEqual(['/chain/1/', '/chain/2/']);
    expect(result.pages.find((p) => p.url.endsWith('/chain/2/'))?.depth).toBe(2);
    expect(result.limitsHit).toContain('maxDepth');
    expect(result.skipped).toContainEqual({
      url: `${wide.origin}/chain/3/`,
      reason: 'limit',
      detail: 'maxDepth',
    });
    expect(wide.requests.slice(before)).not.toContain('/chain/3/');
  });

  it('stops at jobTimeoutMs with what it has and reports it', async () => {
    const result = await crawlSite(
      `${wide.origin}/slow/`,
      { jobTimeoutMs: 1000, concurrency: 1 },
      { settings: allow },
    );
    expect(result.limitsHit).toContain('jobTimeoutMs');
    expect(result.pages.length).toBeGreaterThanOrEqual(1);
    expect(result.pages.length).toBeLessThan(21);
    expect(result.skipped.some((s) => s.reason === 'limit' && s.detail === 'jobTimeoutMs')).toBe(true);
  });

  it('throws AbortedError when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    await expect(
      crawlSite(`${wide.origin}/slow/`, { concurrency: 1 }, { settings: allow, signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('crawlSite start URL errors', () => {
  let site: StaticSite;
  beforeAll(async () => {
    site = await startStaticSite({
      files: {
        '/robots.txt': 'User-agent: ltx\nDisallow: /closed/\n',
        '/gone/': { body: 'gone', status: 404 },
        '/busy/': { body: 'busy', status: 503, headers: { 'retry-after': '7' } },
        '/image/': {
          body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
          headers: { 'content-type': 'image/png' },
        },
        '/closed/': page('Closed', '<main>closed</main>'),
        '/noindex/': page('No', '<main>no</main>', '<meta name="robots" content="noindex, nofollow">'),
        '/noindex-follow/': page(
          'Index',
          '<main><a href="child/">child</a></main>',
          '<meta name="robots" content="noindex">',
        ),
        '/noindex-follow/child/': page('Child', '<main><p>child</p></main>'),
      },
    });
  });
  afterAll(() => site.close());

  it('refuses loopback without allowPrivateHosts (literal and localhost) before any request', async () => {
    const before = site.requests.length;
    await expect(crawlSite(`${site.origin}/`)).rejects.toBeInstanceOf(BlockedHostError);
    await expect(crawlSite(`http://localhost:${site.port}/`)).rejects.toBeInstanceOf(BlockedHostError);
    expect(site.requests.length).toBe(before);
  });

  it('refuses non-http schemes', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.com/']) {
      await expect(crawlSite(url, {}, { settings: allow }), url).rejects.toBeInstanceOf(InvalidUrlError);
    }
  });

  it('fails with a non-retryable FetchError on a 404 start page and a retryable one on 503', async () => {
    const gone = await crawlSite(`${site.origin}/gone/`, {}, { settings: allow }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(FetchError);
    expect(gone).toMatchObject({ code: 'http_error', status: 404, retryable: false });
    expect((gone as Error).message).toMatch(/start URL .* answered HTTP 404/);
    const busy = await crawlSite(`${site.origin}/busy/`, {}, { settings: allow }).catch((e: unknown) => e);
    expect(busy).toMatchObject({ code: 'http_error', status: 503, retryable: true, retryAfterMs: 7000 });
  });

  it('fails with not_html when the start URL is not a page', async () => {
    await expect(crawlSite(`${site.origin}/image/`, {}, { settings: allow })).rejects.toMatchObject({
      code: 'not_html',
      retryable: false,
    });
  });

  it('fails when robots.txt disallows the start URL for our agent', async () => {
    await expect(crawlSite(`${site.origin}/closed/`, {}, { settings: allow })).rejects.toMatchObject({
      code: 'robots_disallowed',
      retryable: false,
    });
    expect(site.requests).not.toContain('/closed/');
  });

  it('fails with EmptySiteError when no page can be used', async () => {
    const error = await crawlSite(`${site.origin}/noindex/`, {}, { settings: allow }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EmptySiteError);
    expect((error as EmptySiteError).message).toMatch(/no HTML page could be crawled .*meta robots noindex/);
  });

  it('leaves out a noindex start page but still follows its links', async () => {
    const result = await crawlSite(`${site.origin}/noindex-follow/`, {}, { settings: allow });
    expect(result.pages.map((p) => new URL(p.url).pathname)).toEqual(['/noindex-follow/child/']);
    expect(result.skipped).toContainEqual(
      expect.objectContaining({ reason: 'robots', detail: 'meta robots noindex' }),
    );
  });

  it('reports an unreachable site as a retryable fetch failure', async () => {
    const gone = await startStaticSite({ files: {} });
    const origin = gone.origin;
    await gone.close();
    await expect(crawlSite(`${origin}/`, {}, { settings: allow })).rejects.toMatchObject({ retryable: true });
  });
});

describe('crawlSite on a production root mirrored under a sub-path', () => {
  const urlset = (...locs: string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs
      .map((loc) => `<url><loc>${loc}</loc></url>`)
      .join('')}</urlset>`;

  it('takes the start page canonical as the production root: links and redirects map onto /mirror/', async () => {
    const site = await startStaticSite({
      files: {
        '/mirror/': page(
          'Home',
          `<main><h1>Home</h1>
          <a href="https:&#x2F;&#x2F;prod.example&#x2F;guide&#x2F;">guide</a>
          <a href="https://prod.example/moved/">moved</a>
          <a href="https://third.example/mirror/other/">a third-party page whose path happens to be in scope</a>
          <a href="https://prod.example/mirror/other/">a production path that is not under /mirror/ here</a></main>`,
          '<link rel="canonical" href="https://prod.example/">',
        ),
        '/mirror/guide/': page('Guide', '<main><h1>Guide</h1><p>Guide text.</p></main>'),
        '/mirror/moved/': { body: '', status: 301, headers: { location: 'https://prod.example/guide/new/' } },
        '/mirror/guide/new/': page('New', '<main><h1>New</h1><p>Moved here.</p></main>'),
        '/mirror/other/': page('Other', '<main><h1>Other</h1><p>Never linked by this site.</p></main>'),
        '/mirror/mirror/other/': page(
          'Nested',
          '<main><h1>Nested</h1><p>Production /mirror/other/.</p></main>',
        ),
      },
    });
    try {
      const result = await crawlSite(`${site.origin}/mirror/`, {}, { settings: allow });
      expect(result.aliases).toEqual([{ host: 'prod.example', fromPrefix: '/', toPrefix: '/mirror/' }]);
      expect(result.hostAliases).toEqual(['prod.example']);
      const paths = result.pages.map((p) => new URL(p.url).pathname).sort();
      expect(paths).toEqual(['/mirror/', '/mirror/guide/', '/mirror/guide/new/', '/mirror/mirror/other/']);
      for (const p of result.pages) expect(new URL(p.url).origin).toBe(site.origin);
      // The third-party link was never taken for this site.
      expect(site.requests).not.toContain('/mirror/other/');
      // The redirect to the production host came back to the loopback origin.
      expect(site.requests).toContain('/mirror/guide/new/');
      expect(result.pages.find((p) => p.url.endsWith('/mirror/guide/new/'))?.depth).toBe(1);
    } finally {
      await site.close();
    }
  });

  it("reads the sub-path's sitemap index and its child named on the production host under the sub-path", async () => {
    const site = await startStaticSite({
      files: {
        // The origin root belongs to another site, with its own sitemap.
        '/sitemap.xml': urlset(
          'https://server.example/',
          'https://server.example/a/',
          'https://server.example/b/',
        ),
        '/mirror/sitemap.xml': `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://prod.example/sitemap-pages.xml</loc></sitemap></sitemapindex>`,
        '/mirror/sitemap-pages.xml': urlset(
          'https://prod.example/',
          'https://prod.example/only-in-sitemap/',
          'https://prod.example/guide/',
        ),
        '/mirror/': page('Home', '<main><h1>Home</h1><a href="https://prod.example/guide/">guide</a></main>'),
        '/mirror/guide/': page('Guide', '<main><h1>Guide</h1><p>Guide text.</p></main>'),
        '/mirror/only-in-sitemap/': page(
          'Hidden',
          '<main><h1>Hidden</h1><p>Only the sitemap knows.</p></main>',
        ),
      },
    });
    try {
      const result = await crawlSite(`${site.origin}/mirror/`, {}, { settings: allow });
      expect(result.aliases).toEqual([{ host: 'prod.example', fromPrefix: '/', toPrefix: '/mirror/' }]);
      expect(result.sitemapUrls).toBe(3);
      const paths = result.pages.map((p) => new URL(p.url).pathname).sort();
      expect(paths).toEqual(['/mirror/', '/mirror/guide/', '/mirror/only-in-sitemap/']);
      expect(site.requests).toContain('/mirror/sitemap-pages.xml');
      expect(site.requests).not.toContain('/sitemap-pages.xml');
      expect(site.requests.filter((path) => path === '/a/' || path === '/b/')).toEqual([]);
    } finally {
      await site.close();
    }
  });
});
