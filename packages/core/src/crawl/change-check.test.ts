import { type StaticSite, startStaticSite } from '@ltx/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSite, newestLastmod, pageHash } from './change-check.js';

const sites: StaticSite[] = [];
afterAll(async () => {
  for (const site of sites) await site.close();
});

describe('checkSite', () => {
  it('stops at a HEAD when the validators are unchanged, and fetches the page when they move', async () => {
    let etag = '"a"';
    let body = '<html><head><title>A</title></head><body><main><p>Alpha</p></main></body></html>';
    const site = await startStaticSite({
      handler: (req, res) => {
        if (!req.url?.startsWith('/docs/')) return false;
        res.writeHead(200, { 'content-type': 'text/html', etag });
        res.end(body);
        return true;
      },
    });
    sites.push(site);
    const url = `${site.origin}/docs/`;
    const settings = { allowPrivateHosts: true };
    const pageRequests = () => site.requests.filter((p) => p === '/docs/').length;

    const first = await checkSite(url, null, { settings });
    expect(first).toMatchObject({
      changed: true,
      reasons: ['first check'],
      signals: { etag: '"a"', sitemapLastmod: null },
    });
    expect(pageRequests()).toBe(2); // HEAD + GET

    const same = await checkSite(url, first.signals, { settings });
    expect(same).toMatchObject({ changed: false, reasons: [] });
    expect(same.signals).toEqual(first.signals);
    expect(pageRequests()).toBe(3); // HEAD only

    etag = '"b"'; // a new ETag, the same content: fetched, compared, unchanged
    const moved = await checkSite(url, same.signals, { settings });
    expect(moved).toMatchObject({
      changed: false,
      signals: { etag: '"b"', contentHash: first.signals.contentHash },
    });
    expect(pageRequests()).toBe(5);

    etag = '"c"';
    body = body.replace('Alpha', 'Beta');
    const changed = await checkSite(url, moved.signals, { settings });
    expect(changed).toMatchObject({ changed: true, reasons: ['start page content changed'] });
    expect(changed.signals.contentHash).not.toBe(first.signals.contentHash);
  });

  it('throws a typed error for an HTTP error, robots disallow and the SSRF guard', async () => {
    const site = await startStaticSite({
      files: { '/robots.txt': 'User-agent: *\nDisallow: /private/\n', '/gone/': { body: 'no', status: 410 } },
    });
    sites.push(site);
    const settings = { allowPrivateHosts: true };
    await expect(checkSite(`${site.origin}/gone/`, null, { settings })).rejects.toMatchObject({
      code: 'http_error',
    });
    await expect(checkSite(`${site.origin}/private/x`, null, { settings })).rejects.toMatchObject({
      code: 'robots_disallowed',
    });
    await expect(
      checkSite(`${site.origin}/gone/`, null, { settings: { allowPrivateHosts: false } }),
    ).rejects.toMatchObject({
      code: 'blocked_host',
    });
  });
});

describe('fingerprints', () => {
  it('ignores markup noise but not content, links or titles', () => {
    const page = (extra: string, text = 'Hello', link = '/a') =>
      `<html><head><title>T</title>${extra}</head><body><main><p>${text}</p><a href="${link}">a</a></main><script>var n=${Math.random()}</script></body></html>`;
    const base = pageHash(page(''), 'https://s.example/', 'html');
    expect(pageHash(page('<meta name="csrf" content="123">'), 'https://s.example/', 'html')).toBe(base);
    expect(pageHash(page('', 'Hello!'), 'https://s.example/', 'html')).not.toBe(base);
    expect(pageHash(page('', 'Hello', '/b'), 'https://s.example/', 'html')).not.toBe(base);
    expect(pageHash('# md', 'https://s.example/', 'markdown')).not.toBe(
      pageHash('# md2', 'https://s.example/', 'markdown'),
    );
  });

  it('takes the newest lastmod under the start path only', () => {
    const entries = [
      { loc: 'https://s.example/docs/a', lastmod: '2026-03-01' },
      { loc: 'https://s.example/docs/b', lastmod: '2026-04-01T10:00:00Z' },
      { loc: 'https://s.example/blog/c', lastmod: '2030-01-01' },
      { loc: 'https://s.example/docs/d', lastmod: 'not a date' },
      { loc: 'https://s.example/docs/e' },
    ];
    expect(newestLastmod(entries, 'https://s.example/docs/')).toBe('2026-04-01T10:00:00.000Z');
    expect(newestLastmod(entries, 'https://s.example/')).toBe('2030-01-01T00:00:00.000Z');
    expect(newestLastmod([], 'https://s.example/')).toBeNull();
  });
});
