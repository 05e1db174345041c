import { startStaticSite } from '@ltx/test-kit';
import { describe, expect, it } from 'vitest';
import { loadRobots, parseRobots, robotsToken } from './robots.js';

const ROBOTS = `
User-agent: *
Disallow: /private/
Allow: /private/open.html
Crawl-delay: 2

User-agent: ltx
Disallow: /no-ltx/
Allow: /
Crawl-delay: 0.5

Sitemap: https://prod.example.com/sitemap.xml
Sitemap: https://prod.example.com/other.xml
`;

describe('parseRobots', () => {
  it('uses our product token group, its Allow/Disallow and Crawl-delay, and collects Sitemap lines', () => {
    const rules = parseRobots('http://127.0.0.1:1/robots.txt', ROBOTS, 'ltx/0.1 (+https://llmstxt.org)');
    expect(rules.isAllowed('http://127.0.0.1:1/no-ltx/page')).toBe(false);
    expect(rules.isAllowed('http://127.0.0.1:1/private/x')).toBe(true); // the ltx group allows everything else
    expect(rules.crawlDelayMs).toBe(500);
    expect(rules.sitemaps).toEqual([
      'https://prod.example.com/sitemap.xml',
      'https://prod.example.com/other.xml',
    ]);
  });

  it('falls back to the * group for another agent, with longest-match Allow', () => {
    const rules = parseRobots('http://127.0.0.1:1/robots.txt', ROBOTS, 'otherbot/2.0');
    expect(rules.isAllowed('http://127.0.0.1:1/private/x')).toBe(false);
    expect(rules.isAllowed('http://127.0.0.1:1/private/open.html')).toBe(true);
    expect(rules.crawlDelayMs).toBe(2000);
  });

  it('derives the product token from the User-Agent', () => {
    expect(robotsToken('ltx/0.1 (+https://llmstxt.org)')).toBe('ltx');
    expect(robotsToken('MyCrawler (compatible)')).toBe('MyCrawler');
  });
});

describe('loadRobots', () => {
  it('parses a served robots.txt, treats 404 as allow-all and 5xx as disallow-all (RFC 9309)', async () => {
    const site = await startStaticSite({ files: { '/robots.txt': 'User-agent: *\nDisallow: /secret/\n' } });
    const missing = await startStaticSite({ files: {} });
    const broken = await startStaticSite({ files: { '/robots.txt': { body: 'oops', status: 503 } } });
    const shell = await startStaticSite({
      files: {
        '/robots.txt': { body: '<!doctype html><html></html>', headers: { 'content-type': 'text/html' } },
      },
    });
    try {
      const options = { settings: { allowPrivateHosts: true } };
      const parsed = await loadRobots(site.origin, options);
      expect(parsed.status).toBe('parsed');
      expect(parsed.isAllowed(`${site.origin}/secret/a`)).toBe(false);
      expect(parsed.isAllowed(`${site.origin}/public`)).toBe(true);

      const none = await loadRobots(missing.origin, options);
      expect(none.status).toBe('missing');
      expect(none.isAllowed(`${missing.origin}/anything`)).toBe(true);

      const unreachable = await loadRobots(broken.origin, options);
      expect(unreachable.status).toBe('unreachable');
      expect(unreachable.isAllowed(`${broken.origin}/`)).toBe(false);
      expect(unreachable.error?.retryable).toBe(true);

      const html = await loadRobots(shell.origin, options);
      expect(html.status).toBe('missing');
    } finally {
      await Promise.all([site.close(), missing.close(), broken.close(), shell.close()]);
    }
  });
});
