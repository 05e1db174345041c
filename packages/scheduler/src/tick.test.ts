import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  claim,
  complete,
  connect,
  connectEmbedded,
  createSchedule,
  type Database,
  databaseNow,
  enqueue,
  fail,
  getSchedule,
  migrate,
  migrateEmbedded,
  type Schedule,
  sql,
  TICK_LOCK_KEY,
} from '@ltx/data-model';
import {
  createTestDatabase,
  type StaticSite,
  startStaticSite,
  type TestDatabase,
  waitFor,
} from '@ltx/test-kit';
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
  /** Every request waits for this (a site that answers only when the test lets it). */
  gate?: Promise<void>;
}

/** A promise the test resolves when it wants a gated site to answer. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** A synthetic site whose start page, ETag and sitemap follow `state` (mutated by the tests between ticks). */
async function site(state: SiteState): Promise<StaticSite> {
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    if (state.gate) await state.gate;
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

/** The database's clock: next_run_at is written by it, so tests compare against it, never Date.now(). */
const dbNow = (db: Database = database) => databaseNow(db);

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
    expect(+after!.nextRunAt - +(await dbNow())).toBeGreaterThan(3500 * 1000);
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
    let now = await dbNow();
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
    const settledAt = +(await dbNow());
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

  it('acts once when two cron processes tick at the same time', async () => {
    const s = await schedule(await site({ version: 1, etag: true, status: 200, delayMs: 400 }));
    const other = connect(testDb.url, { max: 4 });
    try {
      const results = await Promise.all([runTick(database, { settings }), runTick(other, { settings })]);
      // One of them handles the schedule: either the other lost the lock, or it came after the claim.
      expect(results.flatMap((r) => r.outcomes)).toEqual([expect.objectContaining({ scheduleId: s.id })]);
      expect(results.some((r) => r.acted)).toBe(true);
      expect(await jobsOf(s.id)).toHaveLength(1);
      // and the next tick finds nothing due
      expect((await runTick(other, { settings })).outcomes).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('does nothing while another cron process holds the tick lock', async () => {
    const s = await schedule(await site({ version: 1, etag: true, status: 200 }));
    const holder = connect(testDb.url, { max: 1 });
    const held = gate();
    const locked = gate();
    try {
      const holding = holder.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${TICK_LOCK_KEY})`);
        locked.open();
        await held.promise;
      });
      await locked.promise;
      const result = await runTick(database, { settings });
      expect(result).toEqual({ acted: false, settled: [], outcomes: [], released: 0 });
      held.open();
      await holding;
      expect(outcome(await runTick(database, { settings }), s.id)).toMatchObject({ action: 'enqueued' });
    } finally {
      held.open();
      await holder.close();
    }
  });

  it('keeps no transaction open while it checks sites, and a tick meanwhile leaves the claimed ones alone', async () => {
    const slow = gate();
    const served = await site({ version: 1, etag: true, status: 200, gate: slow.promise });
    const s = await schedule(served);
    const other = connect(testDb.url, { max: 4 });
    try {
      const ticking = runTick(database, { settings });
      // The check is waiting on the site: the selection has committed.
      await waitFor(() => served.requests.length > 0, { timeoutMs: 10_000, intervalMs: 20 });
      const open = await other.rows<{ pid: number; state: string; query: string }>(sql`
        select pid, state, query from pg_stat_activity
        where datname = ${testDb.name} and state like 'idle in transaction%'`);
      expect(open).toEqual([]);
      const claimed = await getSchedule(other, s.id);
      expect(+claimed!.nextRunAt).toBeGreaterThan(+(await dbNow(other)));
      // A second cron process ticking now finds nothing due.
      const meanwhile = await runTick(other, { settings });
      expect(meanwhile).toMatchObject({ acted: true, outcomes: [] });
      slow.open();
      expect(outcome(await ticking, s.id)).toMatchObject({ action: 'enqueued', created: true });
      expect(await jobsOf(s.id)).toHaveLength(1);
    } finally {
      slow.open();
      await other.close();
    }
  });

  it('bounds a tick: past the deadline the check in flight is aborted and the rest are given back', async () => {
    const slow = gate();
    const first = await schedule(await site({ version: 1, etag: true, status: 200, gate: slow.promise }));
    const second = await schedule(await site({ version: 1, etag: true, status: 200, gate: slow.promise }));
    await database.rows(
      sql`update schedules set next_run_at = now() - interval '1 hour' where id = ${first.id}`,
    );
    const dueBefore = (await getSchedule(database, second.id))!.nextRunAt;
    const now = await dbNow();
    try {
      const result = await runTick(database, { settings, now, concurrency: 1, deadlineMs: 300 });
      // The most overdue went first; its check never got an answer.
      expect(result.outcomes).toEqual([
        { scheduleId: first.id, action: 'deadline', nextRunAt: new Date(+now + 3600 * 1000) },
      ]);
      const aborted = await getSchedule(database, first.id);
      expect(aborted).toMatchObject({
        failures: 0,
        lastError: null,
        nextRunAt: new Date(+now + 3600 * 1000),
      });
      // The other one never started: it is due again, as before the tick.
      expect(result.released).toBe(1);
      expect((await getSchedule(database, second.id))?.nextRunAt).toEqual(dueBefore);
      expect(await jobsOf(first.id)).toEqual([]);
    } finally {
      slow.open();
    }
    // The next tick takes it.
    const next = await runTick(database, { settings });
    expect(next.outcomes).toEqual([expect.objectContaining({ scheduleId: second.id, action: 'enqueued' })]);
  });

  it('gives the claimed schedules back when stopped mid-tick', async () => {
    const slow = gate();
    const served = await site({ version: 1, etag: true, status: 200, gate: slow.promise });
    const s = await schedule(served);
    const dueBefore = (await getSchedule(database, s.id))!.nextRunAt;
    const controller = new AbortController();
    try {
      const ticking = runTick(database, { settings, signal: controller.signal });
      await waitFor(() => served.requests.length > 0, { timeoutMs: 10_000, intervalMs: 20 });
      controller.abort();
      const result = await ticking;
      expect(result).toMatchObject({ acted: true, outcomes: [], released: 1 });
      expect((await getSchedule(database, s.id))?.nextRunAt).toEqual(dueBefore);
    } finally {
      slow.open();
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

describe('startScheduler retention', () => {
  it('prunes old finished jobs after each tick, keeping the site newest success', async () => {
    const site = 'https://retained.example/';
    await database.rows(sql`
      insert into jobs(url, site_key, status, created_at, finished_at)
      select ${site}, ${site}, (case when g = 1 then 'success' else 'failure' end)::job_status,
        now() - make_interval(days => 100 - g), now() - make_interval(days => 100 - g)
      from generate_series(1, 5) g`);
    const pruned: number[] = [];
    const scheduler = startScheduler(database, {
      tickMs: 3_600_000,
      settings,
      retention: { days: 30, keepPerSite: 1, batchSize: 2, maxBatches: 10 },
      onPrune: (r) => pruned.push(r.deleted),
    });
    try {
      await scheduler.tickNow();
      await waitFor(() => pruned.length > 0, { timeoutMs: 10_000, intervalMs: 20 });
      const left = await database.rows<{ status: string }>(
        sql`select status from jobs where site_key = ${site} order by created_at`,
      );
      // The one success (the oldest job) and the newest job stay; the three failures between go.
      expect(left.map((r) => r.status)).toEqual(['success', 'failure']);
      expect(pruned.reduce((a, b) => a + b, 0)).toBe(3);
    } finally {
      await scheduler.stop();
    }
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
