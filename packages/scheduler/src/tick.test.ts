import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  claim,
  complete,
  connect,
  connectEmbedded,
  createSchedule,
  type Database,
  enqueue,
  fail,
  getSchedule,
  migrate,
  migrateEmbedded,
  type Schedule,
} from '@ltx/data-model';
import { createTestDatabase, type StaticSite, startStaticSite, type TestDatabase } from '@ltx/test-kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startScheduler } from './scheduler.js';
import { runTick, type TickResult } from './tick.js';

let testDb: TestDatabase;
let database: Database;
const sites: StaticSite[] = [];
const settings = { allowPrivateHosts: true };

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 8 });
});

afterAll(async () => {
  for (const site of sites) await site.close();
  await database?.close();
  await testDb?.drop();
});

beforeEach(async () => {
  await database.rows(sql`truncate jobs, schedules`);
});

interface SiteState {
  version: number;
  etag: boolean;
  status: number;
  sitemapLastmod?: string;
  delayMs?: number;
  /** Markup that changes on every response without changing the content. */
  noise?: boolean;
}

/** A synthetic site whose start page, ETag and sitemap follow `state` (mutated by the tests between ticks). */
async function site(state: SiteState): Promise<StaticSite> {
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    if (path === '/docs/') {
      if (state.status !== 200) {
        res.writeHead(state.status, { 'content-type': 'text/plain' });
        res.end('down');
        return true;
      }
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      if (state.etag) headers.etag = `"v${state.version}"`;
      res.writeHead(200, headers);
      const token = state.noise ? `<meta name="csrf" content="${Math.random()}">` : '';
      res.end(
        `<!doctype html><html><head><title>Docs v${state.version}</title>${token}</head><body><main><h1>Docs</h1><p>Version ${state.version} of the guide.</p><a href="/docs/start">Start</a></main></body></html>`,
      );
      return true;
    }
    if (path === '/sitemap.xml' && state.sitemapLastmod) {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://${req.headers.host}/docs/start</loc><lastmod>${state.sitemapLastmod}</lastmod></url><url><loc>http://${req.headers.host}/blog/x</loc><lastmod>2030-01-01</lastmod></url></urlset>`,
      );
      return true;
    }
    return false;
  };
  const served = await startStaticSite({ handler });
  sites.push(served);
  return served;
}

async function schedule(served: StaticSite, intervalSeconds = 3600): Promise<Schedule> {
  const url = `${served.origin}/docs/`;
  return (await createSchedule(database, { url, siteKey: url, intervalSeconds })).schedule;
}

/** A finished successful job for the site, as if it had been built before. */
async function built(s: Schedule): Promise<void> {
  const job = await enqueue(database, { url: s.url, siteKey: s.siteKey });
  await finishAll('success');
  expect(job.id).toBeTruthy();
}

/** Runs every queued job to the given outcome, as a worker would. */
async function finishAll(outcome: 'success' | 'failure'): Promise<string[]> {
  const jobs = await claim(database, 'test-worker', 100);
  for (const job of jobs) {
    if (outcome === 'success') await complete(database, job.id, 'test-worker', { llmsTxt: `# ${job.url}\n` });
    else
      await fail(database, job.id, 'test-worker', { error: 'model said no', errorCode: 'llm_bad_request' });
  }
  return jobs.map((j) => j.id);
}

async function makeDue(): Promise<void> {
  await database.rows(sql`update schedules set next_run_at = now() - interval '1 second'`);
}

const jobsOf = (scheduleId: string) =>
  database.rows<{ id: string; kind: string; status: string }>(
    sql`select id, kind, status from jobs where schedule_id = ${scheduleId} order by created_at`,
  );

const outcome = (result: TickResult, id: string) => result.outcomes.find((o) => o.scheduleId === id);

describe('runTick', () => {
  it('enqueues an update job for a site that changed and none for one that did not', async () => {
    const changing: SiteState = { version: 1, etag: true, status: 200 };
    const steady: SiteState = { version: 1, etag: true, status: 200 };
    const noisy: SiteState = { version: 1, etag: false, status: 200, noise: true };
    const a = await schedule(await site(changing));
    const b = await schedule(await site(steady));
    const c = await schedule(await site(noisy));
    for (const s of [a, b, c]) await built(s);

    // First tick: no baseline yet, so every site is refreshed once and its signals recorded.
    const first = await runTick(database, { settings });
    expect(first.acted).toBe(true);
    expect(first.outcomes.map((o) => o.action).sort()).toEqual(['enqueued', 'enqueued', 'enqueued']);
    await finishAll('success');
    expect((await getSchedule(database, a.id))?.signals).toMatchObject({
      etag: '"v1"',
      contentHash: expect.any(String),
    });

    // Nothing changed: nothing is enqueued (site c's markup differs on every response, its content does not).
    await makeDue();
    const second = await runTick(database, { settings });
    expect(second.settled.map((s) => s.outcome)).toEqual(['success', 'success', 'success']);
    expect(second.outcomes.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const jobsBefore = (await database.rows(sql`select id from jobs`)).length;

    // Site a changes (new ETag and content); b and c do not.
    changing.version = 2;
    await makeDue();
    const third = await runTick(database, { settings });
    expect(outcome(third, a.id)).toMatchObject({ action: 'enqueued', created: true });
    expect(outcome(third, b.id)).toEqual({ scheduleId: b.id, action: 'unchanged' });
    expect(outcome(third, c.id)).toEqual({ scheduleId: c.id, action: 'unchanged' });
    expect((await database.rows(sql`select id from jobs`)).length).toBe(jobsBefore + 1);
    const aJobs = await jobsOf(a.id);
    expect(aJobs[aJobs.length - 1]).toMatchObject({ kind: 'update', status: 'queued' });
    expect(await jobsOf(b.id)).toHaveLength(1); // only the baseline refresh

    // next_run_at moved one interval ahead for every schedule handled.
    const after = await getSchedule(database, b.id);
    expect(+after!.nextRunAt - Date.now()).toBeGreaterThan(3500 * 1000);
  });

  it('sees a sitemap lastmod under the start path as a change, but not one elsewhere', async () => {
    const state: SiteState = { version: 1, etag: true, status: 200, sitemapLastmod: '2026-01-01' };
    const s = await schedule(await site(state));
    await built(s);
    await runTick(database, { settings });
    await finishAll('success');
    expect((await getSchedule(database, s.id))?.signals?.sitemapLastmod).toBe('2026-01-01T00:00:00.000Z');

    await makeDue();
    expect(outcome(await runTick(database, { settings }), s.id)?.action).toBe('unchanged');

    state.sitemapLastmod = '2026-02-01';
    await makeDue();
    const changed = outcome(await runTick(database, { settings }), s.id);
    expect(changed).toMatchObject({ action: 'enqueued' });
    expect(changed?.action === 'enqueued' && changed.reasons.join()).toContain('sitemap lastmod');
  });

  it('builds a site that was never built, and skips a site with a job already queued', async () => {
    const state: SiteState = { version: 1, etag: true, status: 200 };
    const s = await schedule(await site(state));
    const first = await runTick(database, { settings });
    expect(outcome(first, s.id)).toMatchObject({
      action: 'enqueued',
      reasons: expect.arrayContaining(['never built']),
    });
    expect(await jobsOf(s.id)).toEqual([expect.objectContaining({ kind: 'new', status: 'queued' })]);
    await makeDue();
    expect(outcome(await runTick(database, { settings }), s.id)).toEqual({
      scheduleId: s.id,
      action: 'active',
    });
    expect(await jobsOf(s.id)).toHaveLength(1);
  });

  it('backs a failing site off exponentially instead of checking it every tick', async () => {
    const state: SiteState = { version: 1, etag: true, status: 503 };
    const s = await schedule(await site(state), 60);
    const delays: number[] = [];
    let now = new Date();
    for (let i = 0; i < 3; i++) {
      const result = await runTick(database, { settings, now });
      const o = outcome(result, s.id);
      expect(o).toMatchObject({ action: 'failed', failures: i + 1 });
      const row = await getSchedule(database, s.id);
      delays.push((+row!.nextRunAt - +now) / 1000);
      expect(row?.lastError).toContain('503');
      // Not due in between: a tick a second later does nothing.
      expect((await runTick(database, { settings, now: new Date(+now + 1000) })).outcomes).toEqual([]);
      now = row!.nextRunAt;
    }
    expect(delays).toEqual([120, 240, 480]);
    expect(await jobsOf(s.id)).toEqual([]);

    // The site recovers: the next due tick builds it; its success resets the failures.
    state.status = 200;
    expect(outcome(await runTick(database, { settings, now }), s.id)).toMatchObject({ action: 'enqueued' });
    await finishAll('success');
    const settled = await runTick(database, { settings, now });
    expect(settled.settled).toEqual([expect.objectContaining({ id: s.id, outcome: 'success', failures: 0 })]);
    expect((await getSchedule(database, s.id))?.lastError).toBeNull();
  });

  it('backs off after a failed job and retries it when due even if the site is unchanged', async () => {
    const state: SiteState = { version: 1, etag: true, status: 200 };
    const s = await schedule(await site(state), 600);
    await runTick(database, { settings });
    await finishAll('failure');
    const settledAt = Date.now();
    const settle = await runTick(database, { settings });
    expect(settle.settled).toEqual([expect.objectContaining({ id: s.id, outcome: 'failure', failures: 1 })]);
    const row = await getSchedule(database, s.id);
    expect(row?.lastError).toBe('model said no');
    expect(+row!.nextRunAt - settledAt).toBeGreaterThan(1100 * 1000); // about 2 intervals after the failure
    expect(settle.outcomes).toEqual([]); // not due yet

    const retry = await runTick(database, { settings, now: new Date(+row!.nextRunAt + 1000) });
    expect(outcome(retry, s.id)).toMatchObject({
      action: 'enqueued',
      reasons: expect.arrayContaining(['last job failed']),
    });
  });

  it('refuses a private address under the SSRF guard', async () => {
    const s = await schedule(await site({ version: 1, etag: true, status: 200 }));
    const result = await runTick(database, { settings: { allowPrivateHosts: false } });
    expect(outcome(result, s.id)).toMatchObject({ action: 'failed', failures: 1 });
    expect((await getSchedule(database, s.id))?.lastError).toContain('blocked_host');
  });

  it('acts once when two cron processes tick at the same time (advisory lock)', async () => {
    const s = await schedule(await site({ version: 1, etag: true, status: 200, delayMs: 400 }));
    const other = connect(testDb.url, { max: 4 });
    try {
      const results = await Promise.all([runTick(database, { settings }), runTick(other, { settings })]);
      expect(results.map((r) => r.acted).sort()).toEqual([false, true]);
      expect(results.find((r) => !r.acted)?.outcomes).toEqual([]);
      expect(await jobsOf(s.id)).toHaveLength(1);
      // and the loser's next tick finds nothing due
      expect((await runTick(other, { settings })).outcomes).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('startScheduler', () => {
  it('ticks at start and on demand, reports each tick, and stops cleanly', async () => {
    const s = await schedule(await site({ version: 1, etag: true, status: 200 }));
    const ticks: TickResult[] = [];
    const enqueued: string[] = [];
    const scheduler = startScheduler(database, {
      tickMs: 3_600_000,
      settings,
      onTick: (r) => ticks.push(r),
      onEnqueued: (job) => enqueued.push(job.id),
    });
    const result = await scheduler.tickNow();
    expect(result.acted).toBe(true);
    const jobs = await jobsOf(s.id);
    expect(jobs).toHaveLength(1);
    expect(enqueued).toEqual([jobs[0]!.id]);
    expect(ticks.length).toBeGreaterThanOrEqual(1);
    await scheduler.stop();
    await expect(scheduler.promise).resolves.toBeUndefined();
    await expect(scheduler.tickNow()).rejects.toThrow(/stopped/);
  });
});

describe('runTick on embedded PGlite', () => {
  it('runs the same tick without a lock in a single process', async () => {
    const embedded = await connectEmbedded('memory://');
    try {
      await migrateEmbedded(embedded.pglite);
      const served = await site({ version: 1, etag: true, status: 200 });
      const url = `${served.origin}/docs/`;
      await createSchedule(embedded, { url, siteKey: url, intervalSeconds: 60 });
      const result = await runTick(embedded, { settings });
      expect(result.acted).toBe(true);
      expect(result.outcomes).toEqual([expect.objectContaining({ action: 'enqueued', created: true })]);
    } finally {
      await embedded.close();
    }
  }, 60_000);
});
