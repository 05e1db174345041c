import { createTestDatabase, type TestDatabase } from '@ltx/test-kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../connect.js';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { databaseNow } from './clock.js';
import { claim, complete, enqueue, fail } from './jobs.js';
import {
  createSchedule,
  deleteSchedule,
  dueSchedules,
  getSchedule,
  listSchedules,
  markScheduleEnqueued,
  recordScheduleCheck,
  scheduleDelaySeconds,
  settleScheduleJobs,
  updateSchedule,
} from './schedules.js';

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
  await database.rows(sql`truncate jobs, schedules`);
});

const site = (n: number) => ({ url: `https://s${n}.example/`, siteKey: `https://s${n}.example/` });

/** Runs a job of `scheduleId` to the given end state, as a worker would. */
async function finishJob(
  scheduleId: string,
  outcome: 'success' | 'failure',
  error = 'boom',
): Promise<string> {
  const job = await enqueue(database, { ...site(1), kind: 'update', scheduleId });
  const [claimed] = await claim(database, 'w', 1);
  expect(claimed?.id).toBe(job.id);
  if (outcome === 'success') await complete(database, job.id, 'w', { llmsTxt: '# S\n' });
  else await fail(database, job.id, 'w', { error, errorCode: 'http_error' });
  return job.id;
}

describe('schedules queries', () => {
  it('creates one schedule per site and returns the existing one on a second create', async () => {
    const first = await createSchedule(database, { ...site(1), intervalSeconds: 3600 });
    expect(first.created).toBe(true);
    expect(first.schedule).toMatchObject({ intervalSeconds: 3600, enabled: true, failures: 0, options: {} });
    const again = await createSchedule(database, { ...site(1), intervalSeconds: 60 });
    expect(again).toEqual({ schedule: first.schedule, created: false });
    await createSchedule(database, { ...site(2), intervalSeconds: 60, enabled: false });
    expect((await listSchedules(database)).map((s) => s.siteKey).sort()).toEqual([
      site(1).siteKey,
      site(2).siteKey,
    ]);
    expect((await listSchedules(database, { enabled: false })).map((s) => s.siteKey)).toEqual([
      site(2).siteKey,
    ]);
  });

  it('selects only enabled, due schedules, most overdue first', async () => {
    const now = new Date();
    const old = await createSchedule(database, {
      ...site(1),
      intervalSeconds: 60,
      nextRunAt: new Date(+now - 60_000),
    });
    const older = await createSchedule(database, {
      ...site(2),
      intervalSeconds: 60,
      nextRunAt: new Date(+now - 120_000),
    });
    await createSchedule(database, { ...site(3), intervalSeconds: 60, nextRunAt: new Date(+now + 60_000) });
    await createSchedule(database, {
      ...site(4),
      intervalSeconds: 60,
      enabled: false,
      nextRunAt: new Date(+now - 999_000),
    });
    const due = await dueSchedules(database, { now });
    expect(due.map((s) => s.id)).toEqual([older.schedule.id, old.schedule.id]);
    expect((await dueSchedules(database, { now, limit: 1 })).map((s) => s.id)).toEqual([older.schedule.id]);
  });

  it('takes a new schedule as due at once on the database clock, and stores whole milliseconds', async () => {
    for (let i = 0; i < 20; i++) {
      const { schedule } = await createSchedule(database, { ...site(100 + i), intervalSeconds: 60 });
      // Read back exactly: no microseconds a Date would drop.
      const [stored] = await database.rows<{ exact: boolean }>(
        sql`select next_run_at = ${schedule.nextRunAt.toISOString()}::timestamptz as exact from schedules where id = ${schedule.id}`,
      );
      expect(stored?.exact).toBe(true);
      expect((await dueSchedules(database)).map((s) => s.id)).toContain(schedule.id);
      expect(+schedule.nextRunAt).toBeLessThanOrEqual(+(await databaseNow(database)));
    }
  });

  it('updates, pulls the next run in when the interval shrinks, and deletes', async () => {
    const far = new Date(Date.now() + 7 * 86_400_000);
    const { schedule } = await createSchedule(database, {
      ...site(1),
      intervalSeconds: 7 * 86_400,
      nextRunAt: far,
    });
    const updated = await updateSchedule(database, schedule.id, {
      intervalSeconds: 3600,
      model: 'gpt-5-nano',
    });
    expect(updated?.intervalSeconds).toBe(3600);
    expect(updated?.model).toBe('gpt-5-nano');
    expect(+updated!.nextRunAt).toBeLessThan(+(await databaseNow(database)) + 3_700_000);
    const disabled = await updateSchedule(database, schedule.id, { enabled: false });
    expect(disabled?.enabled).toBe(false);
    expect(
      await updateSchedule(database, '00000000-0000-0000-0000-000000000000', { enabled: true }),
    ).toBeUndefined();
    expect(await deleteSchedule(database, schedule.id)).toBe(true);
    expect(await deleteSchedule(database, schedule.id)).toBe(false);
    expect(await getSchedule(database, schedule.id)).toBeUndefined();
  });

  it('computes an exponential, capped backoff that never shortens a long interval', () => {
    expect(scheduleDelaySeconds(3600, 0)).toBe(3600);
    expect(scheduleDelaySeconds(3600, 1)).toBe(7200);
    expect(scheduleDelaySeconds(3600, 3)).toBe(28_800);
    expect(scheduleDelaySeconds(3600, 30)).toBe(7 * 86_400);
    expect(scheduleDelaySeconds(30 * 86_400, 2)).toBe(30 * 86_400);
  });

  it('settles each finished job once: failures back off, a success resets them', async () => {
    const { schedule } = await createSchedule(database, { ...site(1), intervalSeconds: 3600 });
    // The database's clock throughout: finished_at and last_checked_at are written by it.
    const clock = async () => +(await databaseNow(database));
    await recordScheduleCheck(database, schedule.id, {
      checkedAt: new Date((await clock()) - 1000),
      nextRunAt: new Date((await clock()) + 3_600_000),
      failures: 0,
    });

    const failed = await finishJob(schedule.id, 'failure', 'site answered 500');
    await markScheduleEnqueuedAt(schedule.id, failed, new Date((await clock()) - 500));
    const [first] = await settleScheduleJobs(database);
    expect(first).toMatchObject({ id: schedule.id, jobId: failed, outcome: 'failure', failures: 1 });
    // finished_at + 2 intervals
    expect(+first!.nextRunAt - (await clock())).toBeGreaterThan(7000 * 1000);
    expect((await getSchedule(database, schedule.id))?.lastError).toBe('site answered 500');
    expect(await settleScheduleJobs(database)).toEqual([]); // counted once

    const failedAgain = await finishJob(schedule.id, 'failure');
    await markScheduleEnqueuedAt(schedule.id, failedAgain, new Date((await clock()) - 500));
    const [second] = await settleScheduleJobs(database);
    expect(second?.failures).toBe(2);
    expect(+second!.nextRunAt).toBeGreaterThan(+first!.nextRunAt);

    const ok = await finishJob(schedule.id, 'success');
    await markScheduleEnqueuedAt(schedule.id, ok, new Date((await clock()) - 500));
    const [third] = await settleScheduleJobs(database);
    expect(third).toMatchObject({ outcome: 'success', failures: 0 });
    const after = await getSchedule(database, schedule.id);
    expect(after?.lastError).toBeNull();
    expect(+after!.nextRunAt - (await clock())).toBeLessThanOrEqual(3600 * 1000);
  });

  it('links a refresh-now job to the schedule and settles it later', async () => {
    const { schedule } = await createSchedule(database, { ...site(1), intervalSeconds: 600 });
    const job = await enqueue(database, { ...site(1), kind: 'update', scheduleId: schedule.id });
    const marked = await markScheduleEnqueued(database, schedule.id, job.id);
    expect(marked?.lastJobId).toBe(job.id);
    expect(marked?.lastEnqueuedAt).toBeInstanceOf(Date);
    expect(await settleScheduleJobs(database)).toEqual([]); // still queued
    await claim(database, 'w', 1);
    await complete(database, job.id, 'w', { llmsTxt: '# S\n' });
    expect((await settleScheduleJobs(database)).map((s) => s.outcome)).toEqual(['success']);

    // A job that finishes before the link is written (an in-process worker is that fast) still counts.
    const quick = await enqueue(database, { ...site(1), kind: 'update', scheduleId: schedule.id });
    await claim(database, 'w', 1);
    await fail(database, quick.id, 'w', { error: 'fast failure', errorCode: 'http_error' });
    await markScheduleEnqueued(database, schedule.id, quick.id);
    expect(await settleScheduleJobs(database)).toEqual([
      expect.objectContaining({ jobId: quick.id, outcome: 'failure', failures: 1 }),
    ]);
  });

  it('records a check against the database clock, a given time, or leaves the marker alone', async () => {
    const { schedule } = await createSchedule(database, { ...site(1), intervalSeconds: 600 });
    const next = new Date(Date.now() + 600_000);
    const a = await recordScheduleCheck(database, schedule.id, {
      checkedAt: 'now',
      nextRunAt: next,
      failures: 2,
      lastError: 'x',
      signals: { etag: '"v1"', contentHash: 'h' },
    });
    expect(a).toMatchObject({ failures: 2, lastError: 'x', signals: { etag: '"v1"', contentHash: 'h' } });
    expect(a?.lastCheckedAt).toBeInstanceOf(Date);
    const b = await recordScheduleCheck(database, schedule.id, { nextRunAt: next, failures: 0 });
    expect(b?.lastCheckedAt).toEqual(a?.lastCheckedAt);
    expect(b?.signals).toEqual(a?.signals); // signals untouched when not given
    expect(b?.lastError).toBeNull();
  });
});

/** Points the schedule at a job and says it was last examined at `at` (before the job finished). */
async function markScheduleEnqueuedAt(id: string, jobId: string, at: Date): Promise<void> {
  await database.rows(
    sql`update schedules set last_job_id = ${jobId}, last_checked_at = ${at.toISOString()}::timestamptz where id = ${id}`,
  );
  // The job finished "now"; make sure it is after the mark even on a coarse clock.
  await database.rows(
    sql`update jobs set finished_at = greatest(finished_at, ${at.toISOString()}::timestamptz + interval '1 millisecond') where id = ${jobId}`,
  );
}
