import { type StaticSite, startStaticSite, waitFor } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageBudgetError } from '../errors.js';
import { closeExtractPool, extractPoolLoad } from '../extract/pool.js';
import { crawlSite } from './crawler.js';

// The crawler's side of issue 10 point 1: pages are extracted in the thread pool within the per-page caps and
// CPU budget; a cap is a reported limit, a page over budget is skipped with its reason, a start page over
// budget fails the crawl with a typed, non-retryable error naming it.

const allow = { allowPrivateHosts: true };
const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title} | Heavy</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
/** A flat index: `n` links straight in <body>, separated by <br>. */
const index = (n: number) =>
  `<!doctype html><html><head><title>Index | Heavy</title></head><body>${Array.from(
    { length: n },
    (_, i) => `<a href="/site/p${i}">Entry ${i}</a><br>`,
  ).join('')}</body></html>`;

let site: StaticSite;

beforeAll(async () => {
  site = await startStaticSite({
    files: {
      '/site/': page('Home', '<p>Start.</p><a href="/site/about">about</a> <a href="/site/index">index</a>'),
      '/site/about': page('About', '<p>About us.</p>'),
      '/site/index': index(60_000),
      '/site/p0': page('Entry 0', '<p>The first entry.</p>'),
      '/heavy-start/': index(60_000),
    },
  });
});

afterAll(async () => {
  await site.close();
  await closeExtractPool();
});

describe('heavy pages in a crawl', () => {
  it('a page over the per-page CPU budget is skipped with reason cpu_budget; the rest is crawled', async () => {
    const result = await crawlSite(
      `${site.origin}/site/`,
      { pageCpuBudgetMs: 100, maxPages: 10 },
      { settings: allow },
    );
    expect(result.pages.map((p) => p.url).sort()).toEqual([
      `${site.origin}/site/`,
      `${site.origin}/site/about`,
    ]);
    const skipped = result.skipped.find((s) => s.url === `${site.origin}/site/index`);
    expect(skipped).toMatchObject({ reason: 'cpu_budget' });
    expect(skipped?.detail).toMatch(/over its budget of 100 ms \(pageCpuBudgetMs/);
    expect(result.limitsHit).toContain('pageCpuBudgetMs');
  });

  it('within the budget, the same page is capped: limits reported, links kept up to maxLinksPerPage', async () => {
    const result = await crawlSite(
      `${site.origin}/site/`,
      // The largest budget: this test is about the caps, whatever the machine's load.
      { maxLinksPerPage: 100, maxPages: 4, pageCpuBudgetMs: 120_000 },
      { settings: allow },
    );
    expect(result.pages.map((p) => p.url)).toContain(`${site.origin}/site/index`);
    const indexPage = result.pages.find((p) => p.url === `${site.origin}/site/index`);
    expect(indexPage?.links.length).toBeLessThanOrEqual(100);
    expect(result.limitsHit).toEqual(expect.arrayContaining(['maxElementsPerPage', 'maxLinksPerPage']));
    expect(result.skipped.some((s) => s.reason === 'cpu_budget')).toBe(false);
  });

  it('a start page over the budget fails the crawl with PageBudgetError naming it (not retryable)', async () => {
    const crawl = crawlSite(`${site.origin}/heavy-start/`, { pageCpuBudgetMs: 100 }, { settings: allow });
    await expect(crawl).rejects.toBeInstanceOf(PageBudgetError);
    await expect(crawl).rejects.toMatchObject({ code: 'page_too_heavy', retryable: false });
    await expect(crawl).rejects.toThrow(`${site.origin}/heavy-start/`);
  });

  it("the caller's abort stops a crawl while a heavy page is being extracted", async () => {
    const controller = new AbortController();
    const crawl = crawlSite(
      `${site.origin}/heavy-start/`,
      { pageCpuBudgetMs: 120_000 },
      { settings: allow, signal: controller.signal },
    );
    crawl.catch(() => {});
    await waitFor(() => extractPoolLoad().running > 0, { what: 'the start page in a thread' });
    controller.abort();
    await expect(crawl).rejects.toMatchObject({ code: 'aborted' });
    await waitFor(() => extractPoolLoad().running === 0, { what: 'the thread freed' });
  });
});
