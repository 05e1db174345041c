import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortedError, PageBudgetError } from '../errors.js';
import { extractPage } from './extract-page.js';
import { closeExtractPool, extractInPool, extractPoolLoad, extractPoolSize } from './pool.js';

const page = (n: number) =>
  `<html><head><title>Pool | Site</title></head><body><nav><a href="/">home</a></nav><main><h1>Pool</h1><ul>${Array.from(
    { length: n },
    (_, i) => `<li><a href="/p/${i}">Page ${i}</a></li>`,
  ).join('')}</ul></main></body></html>`;

// Big enough that extracting it takes far longer than the 1 ms budget below, whatever the machine.
const heavy = page(20_000);
const uncapped = { caps: { maxElements: Number.POSITIVE_INFINITY, maxLinks: Number.POSITIVE_INFINITY } };

afterAll(() => closeExtractPool());

describe('extraction thread pool (from source: the thread loads the .ts entry)', () => {
  it('returns the same record as extractPage in this thread', async () => {
    const html = page(200);
    const options = { robotsToken: 'ltx' };
    const pooled = await extractInPool({ html, url: 'http://h/', options }, { budgetMs: 30_000 });
    expect(pooled).toEqual(extractPage(html, 'http://h/', options));
    expect(extractPoolSize()).toBeGreaterThanOrEqual(1);
  });

  it('runs pages side by side and keeps the event loop free while they run', async () => {
    // The loop keeps turning while threads work: a timer chain advances before the heavy pages are done.
    let ticks = 0;
    let stop = false;
    const tick = () => {
      ticks += 1;
      if (!stop) setTimeout(tick, 1);
    };
    tick();
    const work = Array.from({ length: 4 }, (_, i) =>
      extractInPool({ html: heavy, url: `http://h/${i}`, options: uncapped }, { budgetMs: 60_000 }),
    );
    const ticksWhenAllQueued = ticks;
    expect(extractPoolLoad().waiting + extractPoolLoad().running).toBe(4);
    const [first] = await Promise.all(work);
    stop = true;
    expect(first?.links).toHaveLength(20_001);
    expect(ticks).toBeGreaterThan(ticksWhenAllQueued + 5);
    expect(extractPoolLoad()).toEqual({ waiting: 0, running: 0 });
  });

  it('a page over its CPU budget fails with PageBudgetError, and the pool keeps working', async () => {
    const over = extractInPool({ html: heavy, url: 'http://h/heavy', options: uncapped }, { budgetMs: 1 });
    await expect(over).rejects.toBeInstanceOf(PageBudgetError);
    await expect(over).rejects.toMatchObject({ code: 'page_too_heavy', retryable: false });
    await expect(over).rejects.toThrow(/http:\/\/h\/heavy.*pageCpuBudgetMs/);
    const next = await extractInPool({ html: page(3), url: 'http://h/', options: {} }, { budgetMs: 30_000 });
    expect(next.links).toHaveLength(4);
  });

  it("the caller's signal ends a page while it runs and while it waits for a thread", async () => {
    const controller = new AbortController();
    const threads = extractPoolSize();
    // More pages than threads: some wait at the gate when the signal fires.
    const pages = Array.from({ length: threads + 2 }, (_, i) =>
      extractInPool(
        { html: heavy, url: `http://h/${i}`, options: uncapped },
        { budgetMs: 60_000, signal: controller.signal },
      ),
    );
    controller.abort();
    for (const pending of pages) await expect(pending).rejects.toBeInstanceOf(AbortedError);
    await expect(
      extractInPool(
        { html: page(1), url: 'http://h/', options: {} },
        { budgetMs: 1000, signal: controller.signal },
      ),
    ).rejects.toBeInstanceOf(AbortedError);
    const after = await extractInPool({ html: page(1), url: 'http://h/', options: {} }, { budgetMs: 30_000 });
    expect(after.title).toBe('Pool');
  });

  it('closeExtractPool ends the threads; the next page starts a new pool', async () => {
    await closeExtractPool();
    await closeExtractPool();
    const again = await extractInPool({ html: page(2), url: 'http://h/', options: {} }, { budgetMs: 30_000 });
    expect(again.links).toHaveLength(3);
  });
});

describe('extraction thread pool from the build (dist/)', () => {
  const dist = fileURLToPath(new URL('../../dist/extract.js', import.meta.url));

  it('a process importing dist/extract.js (@ltx/core/extract) extracts in a thread and then exits by itself', async () => {
    // turbo builds before it tests; run alone, `pnpm build` first.
    expect(existsSync(dist), `${dist} is missing: build @ltx/core first`).toBe(true);
    const script = `
      const { extractInPool } = await import(${JSON.stringify(dist)});
      const page = await extractInPool(
        { html: '<html><body><main><h1>Built</h1><a href="/x">x</a></main></body></html>', url: 'http://h/', options: {} },
        { budgetMs: 30000 },
      );
      console.log(JSON.stringify({ h1: page.h1, links: page.links }));
    `;
    // No closeExtractPool() in the script: idle threads must not keep the process alive.
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ h1: 'Built', links: ['http://h/x'] });
  });
});
