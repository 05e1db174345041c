import { createTestDatabase, type TestDatabase } from '@ltx/test-kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../connect.js';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { pruneFinishedJobs, retentionProblem } from './retention.js';

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  await migrate(testDb.url);
  database = connect(testDb.url, { max: 4 });
});

afterAll(async () => {
  await database.close();
  await testDb.drop();
});

beforeEach(async () => {
  await database.rows(sql`truncate jobs`);
});

/**
 * Inserts a job of `site` that was created `ageDays` days ago (plus `order` seconds, so jobs of one site have
 * a definite order) and finished a second later, in `status` (or still `queued`/`running`).
 */
async function job(site: string | null, ageDays: number, status: string, order = 0, url?: string) {
  const [row] = await database.rows<{ id: string }>(sql`
    insert into jobs(url, site_key, status, created_at, finished_at, started_at)
    values (${url ?? site ?? 'https://nosite.example/'}, ${site}, ${status}::job_status,
      now() - make_interval(days => ${ageDays}) + make_interval(secs => ${order}),
      case when ${status} in ('success', 'failure', 'cancelled')
        then now() - make_interval(days => ${ageDays}) + make_interval(secs => ${order + 1}) end,
      now() - make_interval(days => ${ageDays}))
    returning id`);
  return row!.id;
}

const remaining = async () =>
  new Set((await database.rows<{ id: string }>(sql`select id from jobs`)).map((r) => r.id));

describe('pruneFinishedJobs', () => {
  it('deletes old finished jobs but keeps each site newest success and its last N jobs', async () => {
    const a = 'https://a.example/';
    // Site a: 8 old jobs (the oldest two successes, then failures), 2 recent ones.
    const aOldSuccess1 = await job(a, 100, 'success', 0);
    const aOldSuccess2 = await job(a, 90, 'success', 0);
    const aOldFailures = [];
    for (let i = 0; i < 6; i++) aOldFailures.push(await job(a, 80 - i, 'failure', 0));
    const aRecent = [await job(a, 1, 'failure', 0), await job(a, 0, 'cancelled', 0)];
    // Site b: one old success only (its current result): kept however old.
    const bOnly = await job('https://b.example/', 400, 'success');
    // Site c: old queued and running jobs are never touched.
    const cQueued = await job('https://c.example/', 50, 'queued');
    const cRunning = await job('https://c.example/', 50, 'running', 1);
    // Two ownerless-site (null site_key) jobs of one URL: the newest success stays.
    const nullOld = await job(null, 60, 'success', 0, 'https://d.example/');
    const nullNew = await job(null, 59, 'success', 0, 'https://d.example/');

    const result = await pruneFinishedJobs(database, {
      days: 30,
      keepPerSite: 3,
      batchSize: 2,
      maxBatches: 100,
    });
    const left = await remaining();
    // a: newest success (aOldSuccess2) + the 3 newest jobs (2 recent + newest old failure) stay.
    expect(left.has(aOldSuccess2)).toBe(true);
    expect(left.has(aOldSuccess1)).toBe(false);
    expect(aRecent.every((id) => left.has(id))).toBe(true);
    expect(left.has(aOldFailures[5]!)).toBe(true);
    expect(aOldFailures.slice(0, 5).some((id) => left.has(id))).toBe(false);
    expect(left.has(bOnly)).toBe(true);
    expect(left.has(cQueued) && left.has(cRunning)).toBe(true);
    expect(left.has(nullNew)).toBe(true);
    // keepPerSite 3 keeps nullOld too (2 jobs for that URL).
    expect(left.has(nullOld)).toBe(true);
    expect(result.deleted).toBe(6);
    expect(result.more).toBe(false);
    // Batches of 2 over the old finished candidates: several batches were needed.
    expect(result.batches).toBeGreaterThan(3);

    // A second run finds nothing more to delete.
    expect(
      (await pruneFinishedJobs(database, { days: 30, keepPerSite: 3, batchSize: 2, maxBatches: 100 }))
        .deleted,
    ).toBe(0);
  });

  it('keepPerSite 0 keeps only the newest success; maxBatches bounds one run', async () => {
    const s = 'https://s.example/';
    for (let i = 0; i < 10; i++) await job(s, 100 - i, i % 2 ? 'success' : 'failure');
    const first = await pruneFinishedJobs(database, {
      days: 30,
      keepPerSite: 0,
      batchSize: 3,
      maxBatches: 1,
    });
    expect(first).toMatchObject({ batches: 1, more: true });
    expect(first.deleted).toBeLessThanOrEqual(3);
    const rest = await pruneFinishedJobs(database, {
      days: 30,
      keepPerSite: 0,
      batchSize: 3,
      maxBatches: 100,
    });
    expect(first.deleted + rest.deleted).toBe(9);
    const [row] = await database.rows<{ status: string }>(sql`select status from jobs`);
    expect(row?.status).toBe('success');
  });

  it('rejects out-of-range options before touching the table', async () => {
    await job('https://x.example/', 100, 'failure');
    expect(retentionProblem({ days: 0, keepPerSite: 1, batchSize: 1, maxBatches: 1 })).toMatch(/days/);
    await expect(
      pruneFinishedJobs(database, { days: 30, keepPerSite: 1, batchSize: 0, maxBatches: 1 }),
    ).rejects.toThrow(/batchSize/);
    expect((await remaining()).size).toBe(1);
  });
});
