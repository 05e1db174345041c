import { createTestDatabase, type TestDatabase, waitFor } from '@ltx/test-kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../connect.js';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { databaseNow } from './clock.js';
import {
  cancelJob,
  claim,
  complete,
  decodeCursor,
  enqueue,
  enqueueUnlessActive,
  fail,
  getJob,
  heartbeat,
  latestSuccess,
  listJobs,
  markRunning,
  queueStats,
  release,
  requeueExpired,
  retryLater,
} from './jobs.js';

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  await migrate(testDb.url); // idempotent
  database = connect(testDb.url, { max: 12 });
});

afterAll(async () => {
  await database.close();
  await testDb.drop();
});

beforeEach(async () => {
  await database.rows(sql`truncate jobs`);
});

/** Waits until the server has been up longer than `ms` (its own clock), the sweep's hold after a restart. */
async function serverUpLongerThan(ms: number): Promise<void> {
  await waitFor(
    async () => {
      const [row] = await database.rows<{ up: boolean }>(
        sql`select pg_postmaster_start_time() < now() - ${`${ms} milliseconds`}::interval up`,
      );
      return row?.up === true;
    },
    { timeoutMs: ms + 30_000, what: `the server up for ${ms} ms` },
  );
}

describe('jobs table contract', () => {
  it('accepts a plain `insert into jobs(url)` as a complete queued job', async () => {
    const [row] = await database.rows<Record<string, unknown>>(
      sql`insert into jobs(url) values ('https://example.com/') returning *`,
    );
    expect(row).toMatchObject({
      url: 'https://example.com/',
      kind: 'new',
      status: 'queued',
      attempts: 0,
      llms_txt: null,
      error: null,
    });
    expect(row?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row?.created_at).toBeTruthy();
    const [claimed] = await claim(database, 'w1', 5);
    expect(claimed?.id).toBe(row?.id);
  });

  it('keeps updated_at current on every update', async () => {
    const job = await enqueue(database, { url: 'https://a.example/' });
    await new Promise((r) => setTimeout(r, 20));
    await database.rows(sql`update jobs set priority = 1 where id = ${job.id}`);
    const after = await getJob(database, job.id);
    expect(+after!.updatedAt).toBeGreaterThan(+job.updatedAt);
  });

  it('notifies ltx_jobs on insert and on requeue, so LISTENers wake up', async () => {
    const payloads: string[] = [];
    const listener = await database.listen('ltx_jobs', (p) => payloads.push(p));
    try {
      await database.rows(sql`insert into jobs(url) values ('https://n.example/')`);
      await waitFor(() => payloads.length >= 1, { what: 'insert notification' });
      const [job] = await claim(database, 'w1', 1);
      await release(database, 'w1', [job!.id]);
      await waitFor(() => payloads.length >= 2, { what: 'requeue notification' });
    } finally {
      await listener.unlisten();
    }
  });
});

describe('claim', () => {
  it('claims oldest first within priority, counts the attempt and locks the job to the worker', async () => {
    const a = await enqueue(database, { url: 'https://a.example/' });
    const b = await enqueue(database, { url: 'https://b.example/' });
    const urgent = await enqueue(database, { url: 'https://c.example/', priority: 10 });
    await enqueue(database, { url: 'https://later.example/', delayMs: 60_000 });
    const claimed = await claim(database, 'w1', 10);
    expect(claimed.map((j) => j.id)).toEqual([urgent.id, a.id, b.id]);
    for (const job of claimed) {
      expect(job).toMatchObject({ status: 'started', attempts: 1, lockedBy: 'w1' });
      expect(job.startedAt).toBeInstanceOf(Date);
    }
    expect(await claim(database, 'w2', 10)).toEqual([]);
  });

  it('never hands the same job to two concurrent claimers', async () => {
    const total = 200;
    await database.rows(
      sql`insert into jobs(url) select 'https://site' || g || '.example/' from generate_series(1, ${total}) g`,
    );
    const workers = Array.from({ length: 8 }, (_, i) => `w${i}`);
    const seen = new Map<string, string>();
    await Promise.all(
      workers.map(async (w) => {
        for (;;) {
          const got = await claim(database, w, 3);
          if (got.length === 0) return;
          for (const job of got) {
            expect(seen.has(job.id), `job ${job.id} claimed twice`).toBe(false);
            seen.set(job.id, w);
          }
        }
      }),
    );
    expect(seen.size).toBe(total);
    expect(new Set(seen.values()).size).toBeGreaterThan(1);
    const [row] = await database.rows<{ n: string }>(
      sql`select count(*) as n from jobs where attempts <> 1 or status <> 'started'`,
    );
    expect(Number(row?.n)).toBe(0);
  });
});

describe('lifecycle', () => {
  it('jobs claimed together go running and are completed in batches, each answered and checked alone', async () => {
    const a = await enqueue(database, { url: 'https://batch-a.example/' });
    const b = await enqueue(database, { url: 'https://batch-b.example/' });
    const c = await enqueue(database, { url: 'https://batch-c.example/' });
    const claimed = await claim(database, 'wb', 3);
    expect(claimed.map((j) => j.status)).toEqual(['started', 'started', 'started']);
    // Same turn: one statement; the call by another worker and the unknown job answer false.
    const running = await Promise.all([
      markRunning(database, a.id, 'wb', 'https://batch-a.example/'),
      markRunning(database, b.id, 'wb'),
      markRunning(database, c.id, 'other-worker'),
      markRunning(database, '00000000-0000-4000-8000-000000000000', 'wb'),
    ]);
    expect(running).toEqual([true, true, false, false]);
    expect((await getJob(database, a.id))?.siteKey).toBe('https://batch-a.example/');
    expect((await getJob(database, c.id))?.status).toBe('started');
    const usage = { promptTokens: 3, completionTokens: 2, totalTokens: 5, calls: 1 };
    const stored = await Promise.all([
      complete(database, a.id, 'wb', { llmsTxt: '# A\n', usage, model: 'm-a' }),
      complete(database, b.id, 'wb', {
        llmsTxt: '# B\n',
        llmsFullTxt: '# B full\n',
        result: { pages: 2 } as never,
      }),
      complete(database, c.id, 'zombie', { llmsTxt: '# zombie' }),
    ]);
    expect(stored).toEqual([true, true, false]);
    expect(await getJob(database, a.id)).toMatchObject({
      status: 'success',
      llmsTxt: '# A\n',
      usage,
      model: 'm-a',
    });
    expect(await getJob(database, b.id)).toMatchObject({
      status: 'success',
      llmsFullTxt: '# B full\n',
      result: { pages: 2 },
      usage: null,
    });
    expect((await getJob(database, c.id))?.status).toBe('started');
  });

  it('queued -> started -> running -> success with the result, only for the owner', async () => {
    const job = await enqueue(database, { url: 'https://a.example/' });
    await claim(database, 'w1', 1);
    expect(await markRunning(database, job.id, 'w2')).toBe(false);
    expect(await markRunning(database, job.id, 'w1', 'https://a.example/')).toBe(true);
    expect((await getJob(database, job.id))?.status).toBe('running');
    const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15, calls: 1 };
    expect(await complete(database, job.id, 'w2', { llmsTxt: '# zombie' })).toBe(false);
    expect(await complete(database, job.id, 'w1', { llmsTxt: '# A\n', usage, contentHash: 'h1' })).toBe(true);
    const done = await getJob(database, job.id);
    expect(done).toMatchObject({
      status: 'success',
      llmsTxt: '# A\n',
      usage,
      lockedBy: null,
      siteKey: 'https://a.example/',
    });
    expect(done?.finishedAt).toBeInstanceOf(Date);
    expect(await complete(database, job.id, 'w1', { llmsTxt: '# again' })).toBe(false);
    expect((await latestSuccess(database, 'https://a.example/'))?.id).toBe(job.id);
  });

  it('fail stores the error and its code', async () => {
    const job = await enqueue(database, { url: 'notaurl' });
    await claim(database, 'w1', 1);
    expect(await fail(database, job.id, 'w1', { error: 'invalid URL', errorCode: 'invalid_url' })).toBe(true);
    expect(await getJob(database, job.id)).toMatchObject({
      status: 'failure',
      error: 'invalid URL',
      errorCode: 'invalid_url',
    });
  });

  it('retryLater requeues with a later run_at, then fails once attempts are used up', async () => {
    const job = await enqueue(database, { url: 'https://a.example/', maxAttempts: 2 });
    await claim(database, 'w1', 1);
    expect(
      await retryLater(database, job.id, 'w1', {
        error: '429',
        errorCode: 'llm_rate_limited',
        delayMs: 60_000,
      }),
    ).toBe('retried');
    const queued = await getJob(database, job.id);
    expect(queued).toMatchObject({
      status: 'queued',
      attempts: 1,
      lockedBy: null,
      errorCode: 'llm_rate_limited',
    });
    expect(+queued!.runAt - +(await databaseNow(database))).toBeGreaterThan(30_000);
    expect(await claim(database, 'w1', 1)).toEqual([]);
    await database.rows(sql`update jobs set run_at = now() where id = ${job.id}`);
    await claim(database, 'w1', 1);
    expect(
      await retryLater(database, job.id, 'w1', {
        error: '429 again',
        errorCode: 'llm_rate_limited',
        delayMs: 1,
      }),
    ).toBe('failed');
    const failed = await getJob(database, job.id);
    expect(failed).toMatchObject({ status: 'failure', attempts: 2 });
    expect(failed?.error).toContain('gave up after 2 attempts');
  });

  it('release gives the attempt back and requeues at once', async () => {
    const job = await enqueue(database, { url: 'https://a.example/' });
    await claim(database, 'w1', 1);
    expect(await release(database, 'w1', [job.id])).toEqual([job.id]);
    expect(await getJob(database, job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
  });
});

describe('leases', () => {
  it('requeues jobs whose heartbeat is stale, fails them with worker_lost past max attempts, and refuses the zombie', async () => {
    const a = await enqueue(database, { url: 'https://a.example/' });
    const b = await enqueue(database, { url: 'https://b.example/', maxAttempts: 1 });
    const fresh = await enqueue(database, { url: 'https://c.example/' });
    await serverUpLongerThan(5_000);
    await claim(database, 'dead', 3);
    await database.rows(
      sql`update jobs set heartbeat_at = now() - interval '10 minutes' where id in (${a.id}, ${b.id})`,
    );
    expect((await heartbeat(database, 'dead', [fresh.id])).owned).toEqual([fresh.id]);
    const swept = await requeueExpired(database, 5_000);
    expect(swept.requeued).toEqual([a.id]);
    expect(swept.failed).toEqual([b.id]);
    expect(await getJob(database, a.id)).toMatchObject({
      status: 'queued',
      attempts: 1,
      errorCode: 'worker_lost',
      lockedBy: null,
    });
    const lost = await getJob(database, b.id);
    expect(lost).toMatchObject({ status: 'failure', errorCode: 'worker_lost' });
    expect(lost?.error).toMatch(/worker lost/);
    // The dead worker wakes up: it no longer owns a, so its heartbeat and result are refused.
    expect((await heartbeat(database, 'dead', [a.id])).owned).toEqual([]);
    const [again] = await claim(database, 'alive', 1);
    expect(again).toMatchObject({ id: a.id, attempts: 2, lockedBy: 'alive' });
    expect(await complete(database, a.id, 'dead', { llmsTxt: '# late' })).toBe(false);
    expect(await complete(database, a.id, 'alive', { llmsTxt: '# A\n' })).toBe(true);
  });
});

describe('usage and cancellation across attempts', () => {
  it('adds the tokens of every attempt instead of keeping the last', async () => {
    const job = await enqueue(database, { url: 'https://u.example/' });
    await claim(database, 'w1', 1);
    const spent = { promptTokens: 100, completionTokens: 10, totalTokens: 110, calls: 2 };
    await retryLater(database, job.id, 'w1', {
      error: 'x',
      errorCode: 'llm_rate_limited',
      delayMs: 0,
      usage: spent,
    });
    await claim(database, 'w1', 1);
    await complete(database, job.id, 'w1', {
      llmsTxt: '# U\n',
      usage: { promptTokens: 50, completionTokens: 5, totalTokens: 55, calls: 1 },
    });
    expect((await getJob(database, job.id))?.usage).toEqual({
      promptTokens: 150,
      completionTokens: 15,
      totalTokens: 165,
      calls: 3,
    });
  });

  it('never puts a job whose cancel was requested back in the queue', async () => {
    const released = await enqueue(database, { url: 'https://c1.example/' });
    const swept = await enqueue(database, { url: 'https://c2.example/' });
    await claim(database, 'w1', 2);
    await cancelJob(database, released.id);
    await cancelJob(database, swept.id);
    expect(await release(database, 'w1', [released.id])).toEqual([released.id]);
    expect(await getJob(database, released.id)).toMatchObject({
      status: 'cancelled',
      errorCode: 'cancelled',
    });
    await database.rows(sql`update jobs set heartbeat_at = now() - interval '1 hour' where id = ${swept.id}`);
    await serverUpLongerThan(5_000);
    expect((await requeueExpired(database, 5_000)).cancelled).toEqual([swept.id]);
    expect(await getJob(database, swept.id)).toMatchObject({ status: 'cancelled' });
    // And a queued row flagged by hand is not claimed.
    const flagged = await enqueue(database, { url: 'https://c3.example/' });
    await database.rows(sql`update jobs set cancel_requested = true where id = ${flagged.id}`);
    expect(await claim(database, 'w2', 5)).toEqual([]);
  });

  it('a worker does not sweep its own jobs (its heartbeat may be stale after a database outage)', async () => {
    await serverUpLongerThan(5_000);
    const job = await enqueue(database, { url: 'https://own.example/' });
    await claim(database, 'w1', 1);
    await database.rows(sql`update jobs set heartbeat_at = now() - interval '1 hour' where id = ${job.id}`);
    expect((await requeueExpired(database, 5_000, { exceptWorker: 'w1' })).requeued).toEqual([]);
    expect((await requeueExpired(database, 5_000, { exceptWorker: 'w2' })).requeued).toEqual([job.id]);
  });
});

describe('the lease sweep after a server restart', () => {
  it('holds every job for a full lease from the server start, then sweeps the stale ones', async () => {
    const job = await enqueue(database, { url: 'https://restart.example/' });
    await claim(database, 'w1', 1);
    // Both sides on the server's clock: how long it has been up, and a heartbeat from before it started.
    const [up] = await database.rows<{ ms: number }>(
      sql`select (extract(epoch from now() - pg_postmaster_start_time()) * 1000)::float8 ms`,
    );
    const uptimeMs = Math.floor(Number(up?.ms));
    await database.rows(
      sql`update jobs set heartbeat_at = pg_postmaster_start_time() - interval '2 hours' where id = ${job.id}`,
    );
    // A lease longer than the server's uptime: nobody could have renewed during the whole lease.
    expect((await requeueExpired(database, uptimeMs + 3_600_000)).requeued).toEqual([]);
    expect(await getJob(database, job.id)).toMatchObject({ status: 'started', lockedBy: 'w1' });
    // A lease shorter than the uptime (and than the heartbeat's age): the job's worker is lost.
    await serverUpLongerThan(1000);
    expect((await requeueExpired(database, 1000)).requeued).toEqual([job.id]);
  });
});

describe('enqueueUnlessActive', () => {
  it('returns the active job instead of a duplicate, even under concurrent calls', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        enqueueUnlessActive(database, { url: 'https://dup.example/', siteKey: 'https://dup.example/' }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    const [job] = await claim(database, 'w1', 1);
    await complete(database, job!.id, 'w1', { llmsTxt: '# x\n' });
    const next = await enqueueUnlessActive(database, {
      url: 'https://dup.example/',
      siteKey: 'https://dup.example/',
    });
    expect(next.created).toBe(true);
  });
});

describe('listJobs and cancel', () => {
  it('pages newest first with a keyset cursor and filters by status and url', async () => {
    for (let i = 0; i < 7; i++) await enqueue(database, { url: `https://p${i}.example/` });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await listJobs(database, { limit: 3, cursor });
      seen.push(...result.jobs.map((j) => j.url));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `https://p${6 - i}.example/`));
    expect((await listJobs(database, { url: 'https://p3.example/' })).jobs).toHaveLength(1);
    expect(decodeCursor(Buffer.from('not a cursor').toString('base64url'))).toBeUndefined();
    expect(
      decodeCursor(Buffer.from("2026-01-01 00:00:00+00|x'); drop table jobs; --").toString('base64url')),
    ).toBeUndefined();
  });

  it('pages through rows inserted by one statement (same millisecond) without skipping any', async () => {
    await database.rows(
      sql`insert into jobs(url) select 'https://bulk' || g || '.example/' from generate_series(1, 10) g`,
    );
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listJobs(database, { limit: 3, cursor });
      for (const job of result.jobs) seen.add(job.id);
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen.size).toBe(10);
    expect((await listJobs(database, { status: 'success' })).jobs).toHaveLength(0);
  });

  it('cancels a queued job at once and flags a running one for its worker', async () => {
    const queued = await enqueue(database, { url: 'https://q.example/' });
    expect((await cancelJob(database, queued.id))?.status).toBe('cancelled');
    const running = await enqueue(database, { url: 'https://r.example/' });
    await claim(database, 'w1', 1);
    expect((await cancelJob(database, running.id))?.cancelRequested).toBe(true);
    expect(await heartbeat(database, 'w1', [running.id])).toEqual({
      owned: [running.id],
      cancelRequested: [running.id],
    });
  });

  it('reports queue stats', async () => {
    await enqueue(database, { url: 'https://s1.example/' });
    await enqueue(database, { url: 'https://s2.example/', delayMs: 60_000 });
    const stats = await queueStats(database);
    expect(stats.byStatus.queued).toBe(2);
    expect(stats.ready).toBe(1);
  });
});
