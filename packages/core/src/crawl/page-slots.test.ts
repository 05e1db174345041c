import { type StaticSite, startStaticSite, waitFor } from '@ltx/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError } from '../errors.js';
import { closeExtractPool, extractPoolSize } from '../extract/pool.js';
import { crawlSite } from './crawler.js';
import {
  acquirePageSlot,
  configurePageSlots,
  PAGES_PER_THREAD,
  pageSlotStats,
  resetPageSlotPeak,
} from './page-slots.js';
import { safeFetch } from './safe-fetch.js';

const allow = { allowPrivateHosts: true };
const ARTICLES = 30;

/** A home page linking to ARTICLES articles, each linking back; big enough bodies to be worth holding. */
function siteFiles(): Record<string, string> {
  const links = Array.from({ length: ARTICLES }, (_, i) => `<li><a href="/a${i}.html">Article ${i}</a></li>`);
  const files: Record<string, string> = {
    '/': `<html><head><title>Home | Slots</title></head><body><main><h1>Home</h1><ul>${links.join('')}</ul></main></body></html>`,
  };
  for (let i = 0; i < ARTICLES; i += 1) {
    files[`/a${i}.html`] =
      `<html><head><title>Article ${i} | Slots</title></head><body><main><h1>Article ${i}</h1>` +
      `<p>${'Words of the article body. '.repeat(200)}</p><a href="/">home</a></main></body></html>`;
  }
  return files;
}

let site: StaticSite;
beforeAll(async () => {
  site = await startStaticSite({ files: siteFiles() });
});
afterAll(async () => {
  await site.close();
  await closeExtractPool();
});

describe('page slots (the cap on pages read but not yet extracted)', () => {
  it('defaults to PAGES_PER_THREAD per extraction thread, and hands out no more than the cap', async () => {
    expect(pageSlotStats().capacity).toBe(PAGES_PER_THREAD * extractPoolSize());
    configurePageSlots(2);
    try {
      const first = await acquirePageSlot();
      const second = await acquirePageSlot();
      let thirdGranted = false;
      const third = acquirePageSlot().then((release) => {
        thirdGranted = true;
        return release;
      });
      await waitFor(() => pageSlotStats().waiting === 1, { what: 'the third to wait' });
      expect(thirdGranted).toBe(false);
      expect(pageSlotStats()).toMatchObject({ capacity: 2, held: 2, waiting: 1 });
      first();
      first(); // a second release of the same slot frees nothing more
      const release = await third;
      expect(pageSlotStats()).toMatchObject({ held: 2, waiting: 0 });
      second();
      release();
      expect(pageSlotStats()).toMatchObject({ held: 0, waiting: 0, peak: 2 });
    } finally {
      configurePageSlots(undefined);
    }
  });

  it('a fetch waiting for a slot ends at once when its signal aborts, holding nothing', async () => {
    configurePageSlots(1);
    try {
      const held = await acquirePageSlot();
      const controller = new AbortController();
      const waiting = acquirePageSlot(controller.signal);
      await waitFor(() => pageSlotStats().waiting === 1, { what: 'the waiter' });
      controller.abort();
      await expect(waiting).rejects.toBeInstanceOf(AbortedError);
      expect(pageSlotStats()).toMatchObject({ held: 1, waiting: 0 });
      held();
      expect(pageSlotStats().held).toBe(0);
    } finally {
      configurePageSlots(undefined);
    }
  });

  it('refuses a cap below one', () => {
    expect(() => configurePageSlots(0)).toThrow(/>= 1/);
  });

  it('crawls wait for a slot before reading a body, across crawls, and never hold more than the cap', async () => {
    configurePageSlots(2);
    try {
      // Every slot taken from outside: the crawls' page fetches must wait with their bodies unread.
      const outside = [await acquirePageSlot(), await acquirePageSlot()];
      resetPageSlotPeak();
      const fetched = [0, 0, 0];
      const crawls = fetched.map((_, index) =>
        crawlSite(
          site.url,
          { concurrency: 8, maxPages: ARTICLES + 1 },
          {
            settings: allow,
            onProgress: (progress) => {
              fetched[index] = progress.pagesFetched;
            },
          },
        ),
      );
      // Three crawls at concurrency 8: their 24 article fetches wait (the start pages are not capped).
      await waitFor(() => pageSlotStats().waiting === 24, { what: 'article fetches waiting for a slot' });
      expect(pageSlotStats().held).toBe(2);
      expect(fetched).toEqual([1, 1, 1]);
      for (const release of outside) release();
      const results = await Promise.all(crawls);
      for (const result of results) expect(result.pages).toHaveLength(ARTICLES + 1);
      const stats = pageSlotStats();
      expect(stats.peak).toBe(2);
      expect(stats).toMatchObject({ held: 0, waiting: 0 });
      // Every article page of every crawl went through a slot.
      expect(stats.acquired).toBeGreaterThanOrEqual(2 + 3 * ARTICLES);
    } finally {
      configurePageSlots(undefined);
    }
  });

  it("the time spent waiting for a slot does not count against the request's time limit", async () => {
    const started = await safeFetch(`${site.url}a1.html`, {
      settings: allow,
      requestTimeoutMs: 300,
      // Longer than the request's limit: with the limit running, the body read would be aborted.
      beforeBody: () => new Promise((resolve) => setTimeout(resolve, 900)),
    });
    expect(started.status).toBe(200);
    expect(new TextDecoder().decode(started.body)).toContain('Article 1');
  });
});
