import { gzipSync } from 'node:zlib';
import { startStaticSite } from '@ltx/test-kit';
import { describe, expect, it } from 'vitest';
import { isGzip, loadSitemaps, parseSitemap, SITEMAP_MAX_BYTES } from './sitemap.js';

const urlset = (locs: string[], extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs
    .map((loc) => `<url><loc>${loc}</loc>${extra}</url>`)
    .join('')}</urlset>`;

describe('parseSitemap', () => {
  it('reads a urlset with lastmod and priority', () => {
    const parsed = parseSitemap(
      urlset(
        ['https://example.com/a', 'https://example.com/b?x=1&amp;y=2'],
        '<lastmod>2024-01-02</lastmod><priority>0.8</priority>',
      ),
    );
    expect(parsed.kind).toBe('urlset');
    expect(parsed.entries).toEqual([
      { loc: 'https://example.com/a', lastmod: '2024-01-02', priority: 0.8 },
      { loc: 'https://example.com/b?x=1&y=2', lastmod: '2024-01-02', priority: 0.8 },
    ]);
  });

  it('reads a sitemap index', () => {
    const parsed = parseSitemap(
      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://e.com/s1.xml.gz</loc></sitemap></sitemapindex>',
    );
    expect(parsed).toEqual({
      kind: 'index',
      entries: [{ loc: 'https://e.com/s1.xml.gz', lastmod: undefined, priority: undefined }],
    });
  });

  it('gives unknown documents no entries', () => {
    expect(parseSitemap('<html><body>nope</body></html>')).toEqual({ kind: 'unknown', entries: [] });
    expect(parseSitemap('garbage <<<')).toEqual({ kind: 'unknown', entries: [] });
  });
});

describe('loadSitemaps', () => {
  it('follows an index to a gzipped child and a plain child, on the crawled origin', async () => {
    const site = await startStaticSite({
      files: {
        '/sitemap.xml': `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>https://prod.example.com/sitemaps/pages.xml.gz</loc></sitemap>
          <sitemap><loc>/sitemaps/more.xml</loc></sitemap>
          <sitemap><loc>/sitemaps/missing.xml</loc></sitemap>
        </sitemapindex>`,
        '/sitemaps/pages.xml.gz': gzipSync(
          urlset(['https://prod.example.com/a', 'https://prod.example.com/b']),
        ),
        '/sitemaps/more.xml': urlset(['https://prod.example.com/c']),
      },
    });
    try {
      const onOrigin = (loc: string) => {
        const url = new URL(loc, site.origin);
        return new URL(url.pathname + url.search, site.origin).href;
      };
      const loaded = await loadSitemaps([`${site.origin}/sitemap.xml`], {
        fetch: { settings: { allowPrivateHosts: true } },
        mapUrl: onOrigin,
      });
      expect(loaded.entries.map((entry) => entry.loc)).toEqual([
        'https://prod.example.com/a',
        'https://prod.example.com/b',
        'https://prod.example.com/c',
      ]);
      expect(loaded.files.map((file) => new URL(file).pathname)).toEqual([
        '/sitemap.xml',
        '/sitemaps/pages.xml.gz',
        '/sitemaps/more.xml',
      ]);
      expect(loaded.failed).toEqual([{ url: `${site.origin}/sitemaps/missing.xml`, reason: 'HTTP 404' }]);
      expect(site.requests.filter((path) => path.includes('prod.example.com'))).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('caps the number of sitemap files and stops index recursion loops', async () => {
    const site = await startStaticSite({
      files: {
        '/loop.xml':
          '<sitemapindex><sitemap><loc>/loop.xml</loc></sitemap><sitemap><loc>/a.xml</loc></sitemap></sitemapindex>',
        '/a.xml': '<sitemapindex><sitemap><loc>/b.xml</loc></sitemap></sitemapindex>',
        '/b.xml': '<sitemapindex><sitemap><loc>/c.xml</loc></sitemap></sitemapindex>',
        '/c.xml': urlset(['http://x/1']),
      },
    });
    try {
      const mapUrl = (loc: string) => new URL(loc, site.origin).href;
      const loaded = await loadSitemaps([`${site.origin}/loop.xml`], {
        fetch: { settings: { allowPrivateHosts: true } },
        mapUrl,
        maxFiles: 3,
      });
      expect(loaded.capped).toBe(true);
      expect(loaded.files).toHaveLength(3);
      expect(site.requests.filter((path) => path === '/loop.xml')).toHaveLength(1);
    } finally {
      await site.close();
    }
  });

  it('refuses a gzip bomb beyond the size cap', async () => {
    const bomb = gzipSync(urlset(Array.from({ length: 20_000 }, () => 'https://e.com/same')));
    expect(isGzip(bomb)).toBe(true);
    expect(bomb.byteLength).toBeLessThan(20_000); // small on the wire, ~800 KB inflated
    const site = await startStaticSite({ files: { '/s.xml.gz': bomb } });
    try {
      const loaded = await loadSitemaps([`${site.origin}/s.xml.gz`], {
        fetch: { settings: { allowPrivateHosts: true } },
        maxBytes: 20_000,
      });
      expect(loaded.entries).toEqual([]);
      expect(loaded.failed).toEqual([
        { url: `${site.origin}/s.xml.gz`, reason: 'larger than 20000 bytes when decompressed (gzip)' },
      ]);
    } finally {
      await site.close();
    }
  });

  it('applies the 10 MB default cap: a gzip bomb and an 11 MB plain file are refused, a gzipped 2 MB one is read', async () => {
    expect(SITEMAP_MAX_BYTES).toBe(10 * 1024 * 1024);
    // 64 MB of zeros after a sitemap head: 64 KB on the wire; inflation stops at the cap.
    const head = Buffer.from('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><!--');
    const bomb = gzipSync(Buffer.concat([head, Buffer.alloc(64 * 1024 * 1024)]));
    expect(bomb.byteLength).toBeLessThan(SITEMAP_MAX_BYTES / 100);
    const entry = '<url><loc>https://e.com/p</loc></url>';
    const sized = (bytes: number) =>
      urlset(Array.from({ length: Math.floor(bytes / entry.length) }, () => 'https://e.com/p'));
    const site = await startStaticSite({
      files: {
        '/bomb.xml.gz': bomb,
        '/big.xml': sized(11 * 1024 * 1024),
        '/ok.xml.gz': gzipSync(sized(2 * 1024 * 1024)),
      },
    });
    try {
      const loaded = await loadSitemaps(
        ['/bomb.xml.gz', '/big.xml', '/ok.xml.gz'].map((path) => `${site.origin}${path}`),
        { fetch: { settings: { allowPrivateHosts: true } }, maxUrls: 10 },
      );
      expect(loaded.failed).toEqual([
        {
          url: `${site.origin}/bomb.xml.gz`,
          reason: `larger than ${SITEMAP_MAX_BYTES} bytes when decompressed (gzip)`,
        },
        { url: `${site.origin}/big.xml`, reason: `larger than ${SITEMAP_MAX_BYTES} bytes` },
      ]);
      expect(loaded.files).toEqual([`${site.origin}/ok.xml.gz`]);
      expect(loaded.entries).toHaveLength(10);
    } finally {
      await site.close();
    }
  });
});
