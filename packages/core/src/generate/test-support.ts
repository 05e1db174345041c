import { sha256 } from '../hash.js';
import type { CrawledPage, CrawlResult } from '../types.js';

/**
 * Builders for CrawledPage / CrawlResult values in unit tests of the generators and the prompt (tests that do
 * not need a real crawl). Every field a real crawl fills is filled.
 */

export function makePage(url: string, fields: Partial<CrawledPage> = {}): CrawledPage {
  const title = fields.title ?? (new URL(url).pathname.split('/').filter(Boolean).pop() || 'Home');
  const text =
    fields.text ?? `${title}\n\nThis page explains ${title} in detail, with examples and notes for readers.`;
  return {
    url,
    depth: fields.depth ?? Math.max(0, new URL(url).pathname.split('/').filter(Boolean).length - 1),
    title,
    rawTitle: fields.rawTitle ?? title,
    description: fields.description ?? '',
    headings: fields.headings ?? [title],
    text,
    markdown: fields.markdown ?? `# ${title}\n\n${text}`,
    inboundLinks: fields.inboundLinks ?? 1,
    inNav: fields.inNav ?? false,
    rank: fields.rank ?? 0.5,
    contentHash: fields.contentHash ?? sha256(`${url}\n${text}`),
    bytes: fields.bytes ?? text.length + 500,
    links: fields.links ?? [],
    navLinks: fields.navLinks ?? [],
    ...fields,
  };
}

export function makeCrawl(
  rootUrl: string,
  pages: CrawledPage[],
  fields: Partial<CrawlResult> = {},
): CrawlResult {
  const root = new URL(rootUrl);
  const sorted = [...pages].sort((a, b) => b.rank - a.rank);
  return {
    startUrl: rootUrl,
    rootUrl,
    origin: root.origin,
    basePath: root.pathname.endsWith('/') ? root.pathname : root.pathname.replace(/[^/]*$/, ''),
    pages: sorted,
    skipped: [],
    limitsHit: [],
    hostAliases: [],
    robots: { found: false, sitemaps: [] },
    sitemapUrls: 0,
    contentHash: sha256(sorted.map((page) => `${page.url} ${page.contentHash}`).join('\n')),
    durationMs: 1,
    ...fields,
  };
}
